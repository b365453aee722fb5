// SPDX-License-Identifier: GPL-2.0
/*
 * Build check only: <jailhouse/config_check.h> compiles on its own in a
 * kernel build, included before any other header. The driver's real
 * user is config.c.
 */
int config_alone_report(const char *fmt, ...);
#define JH_CC_REFUSE(err, fmt, ...) \
	(config_alone_report(fmt, ##__VA_ARGS__), (err))
#include <jailhouse/config_check.h>
