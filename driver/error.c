// SPDX-License-Identifier: GPL-2.0
/*
 * Refusal reporting: one pr_err line per refusal, the same text kept in
 * /sys/devices/jailhouse/last_error for the CLI. The text has the form
 * "<cause>; hint: <hint>" where a hint exists.
 */
#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/spinlock.h>
#include <linux/sysfs.h>
#include "driver.h"

static DEFINE_SPINLOCK(jh_error_lock);
static char jh_last_error[JH_LAST_ERROR_LEN];

int jh_refuse(int err, const char *fmt, ...)
{
	char text[JH_LAST_ERROR_LEN];
	va_list ap;

	va_start(ap, fmt);
	vscnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);

	pr_err("jailhouse: %s\n", text);
	spin_lock(&jh_error_lock);
	strscpy(jh_last_error, text, sizeof(jh_last_error));
	spin_unlock(&jh_error_lock);
	return err;
}

void jh_clear_error(void)
{
	spin_lock(&jh_error_lock);
	jh_last_error[0] = '\0';
	spin_unlock(&jh_error_lock);
}

ssize_t jh_show_error(char *buf)
{
	ssize_t n;

	spin_lock(&jh_error_lock);
	n = jh_last_error[0] ? sysfs_emit(buf, "%s\n", jh_last_error) : 0;
	spin_unlock(&jh_error_lock);
	return n;
}
