// SPDX-License-Identifier: GPL-2.0
/*
 * Build check only: <jailhouse/config_check.h> compiles on its own,
 * freestanding (built with -nostdinc: no libc header can sneak in).
 */
int config_alone_report(const char *fmt, ...);
#define JH_CC_REFUSE(err, fmt, ...) \
	(config_alone_report(fmt, ##__VA_ARGS__), (err))
#include <jailhouse/config_check.h>

int config_alone(const struct jh_system_config *sys);

int config_alone(const struct jh_system_config *sys)
{
	return jh_cc_system(sys);
}
