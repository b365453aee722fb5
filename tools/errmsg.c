// SPDX-License-Identifier: GPL-2.0
/*
 * What each errno means for each command (the assignment is
 * include/jailhouse/errno.h), printed as exactly one line:
 *   jailhouse CMD: CAUSE (DETAIL) [ENAME]; hint: HINT
 * DETAIL is the driver's own text from /sys/devices/jailhouse/last_error,
 * which has the form "detail; hint: driver hint".
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <jailhouse/errno.h>
#include "jailhouse.h"

struct jh_errmsg {
	int err;
	const char *cause;
	const char *hint;
};

static const struct jh_errmsg jh_enable_msgs[] = {
	{ JH_EALREADY, "hypervisor is already enabled",
	  "run 'jailhouse disable' first" },
	{ JH_EOPNOTSUPP, "Linux itself runs at EL2 (VHE), there is no hyp stub to take over",
	  "boot with id_aa64mmfr1.vh=0 or use a CPU without VHE (QEMU -cpu cortex-a57)" },
	{ JH_ENODEV, "kernel was not booted at EL2 (no virtualization extensions)",
	  "start QEMU with -machine virt,virtualization=on" },
	{ JH_EBUSY, "EL2 is owned by KVM",
	  "boot Linux with kvm-arm.mode=none" },
	{ JH_ENODATA, "config file is truncated or its sizes are inconsistent",
	  "rebuild it with 'jailhouse config build'" },
	{ JH_ENOEXEC, "file is not a compiled jailhouse config (bad magic)",
	  "pass the .cell file from 'jailhouse config build', not the YAML" },
	{ JH_EPROTO, "config format revision does not match the driver",
	  "rebuild the config with the tools of this release" },
	{ JH_EXDEV, "config was built for another architecture",
	  "build the config for arm64" },
	{ JH_EBADMSG, "config checksum mismatch: the file is corrupt",
	  "rebuild it with 'jailhouse config build'" },
	{ JH_EINVAL, "config contains an invalid value",
	  "check the system config ('jailhouse config check')" },
	{ JH_ERANGE, "config has an invalid or misaligned memory region",
	  "use non-empty, page-aligned regions" },
	{ JH_EADDRNOTAVAIL, "a root cell memory region overlaps the hypervisor memory",
	  "remove the hypervisor range from the root cell's regions" },
	{ JH_EADDRINUSE, "hypervisor memory overlaps Linux RAM",
	  "boot with mem=768M or reserve the region" },
	{ JH_ENOENT, "hypervisor image jailhouse.bin not found",
	  "copy jailhouse.bin to /lib/firmware" },
	{ JH_ELIBBAD, "hypervisor image jailhouse.bin is corrupt or from another build",
	  "install jailhouse.bin from the same build as jailhouse.ko" },
	{ JH_ENOMEM, "not enough hypervisor memory",
	  "enlarge hypervisor_memory in the system config" },
	{ EIO, "hypervisor returned an unexpected result",
	  "see 'jailhouse console'" },
	{ 0, NULL, NULL },
};

static const struct jh_errmsg jh_disable_msgs[] = {
	{ JH_ESRCH, "hypervisor is not enabled", "nothing to disable" },
	{ JH_EBUSY, "hypervisor refused: cells are still running",
	  "destroy all non-root cells first" },
	{ EIO, "hypervisor returned an unexpected result",
	  "see 'jailhouse console'" },
	{ 0, NULL, NULL },
};

/* Valid for every command. */
static const struct jh_errmsg jh_common_msgs[] = {
	{ JH_EPERM, "operation not permitted", "run as root" },
	{ EACCES, "permission denied", "run as root" },
	{ ENOTTY, "the driver does not know this request",
	  "use jailhouse.ko and the CLI from the same build" },
	{ EFAULT, "bad address passed to the driver",
	  "this is a bug in the CLI, please report it" },
	{ ENOSYS, "the hypervisor does not implement this call",
	  "use jailhouse.bin from the same build" },
	{ 0, NULL, NULL },
};

static const struct {
	const char *cmd;
	const struct jh_errmsg *msgs;
} jh_msg_tables[] = {
	{ "enable", jh_enable_msgs },
	{ "disable", jh_disable_msgs },
};

static const struct {
	int err;
	const char *name;
} jh_errno_names[] = {
	{ EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { ESRCH, "ESRCH" },
	{ EINTR, "EINTR" }, { EIO, "EIO" }, { ENOEXEC, "ENOEXEC" },
	{ ENOMEM, "ENOMEM" }, { EACCES, "EACCES" }, { EFAULT, "EFAULT" },
	{ EBUSY, "EBUSY" }, { EXDEV, "EXDEV" }, { ENODEV, "ENODEV" },
	{ EINVAL, "EINVAL" }, { ENOTTY, "ENOTTY" }, { ERANGE, "ERANGE" },
	{ ENOSYS, "ENOSYS" }, { ENODATA, "ENODATA" }, { EPROTO, "EPROTO" },
	{ EBADMSG, "EBADMSG" }, { ELIBBAD, "ELIBBAD" },
	{ EOPNOTSUPP, "EOPNOTSUPP" }, { EADDRINUSE, "EADDRINUSE" },
	{ EADDRNOTAVAIL, "EADDRNOTAVAIL" }, { EALREADY, "EALREADY" },
	{ EAGAIN, "EAGAIN" },
};

const char *jh_errno_name(int err)
{
	static char unknown[24];
	size_t i;

	for (i = 0; i < sizeof(jh_errno_names) / sizeof(jh_errno_names[0]); i++)
		if (jh_errno_names[i].err == err)
			return jh_errno_names[i].name;
	snprintf(unknown, sizeof(unknown), "errno %d", err);
	return unknown;
}

static const struct jh_errmsg *jh_find(const struct jh_errmsg *m, int err)
{
	for (; m && m->cause; m++)
		if (m->err == err)
			return m;
	return NULL;
}

static const struct jh_errmsg *jh_lookup(const char *cmd, int err)
{
	size_t i;

	for (i = 0; i < sizeof(jh_msg_tables) / sizeof(jh_msg_tables[0]); i++)
		if (!strcmp(jh_msg_tables[i].cmd, cmd))
			return jh_find(jh_msg_tables[i].msgs, err) ?:
			       jh_find(jh_common_msgs, err);
	return jh_find(jh_common_msgs, err);
}

/* Driver text from last_error: detail (before "; hint: ") and its hint. */
static void jh_driver_detail(char *buf, size_t len, const char **hint)
{
	FILE *f = fopen(JH_SYSFS_LAST_ERROR, "re");
	char *sep;

	buf[0] = '\0';
	*hint = NULL;
	if (!f)
		return;
	if (!fgets(buf, len, f))
		buf[0] = '\0';
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	sep = strstr(buf, "; hint: ");
	if (sep) {
		*sep = '\0';
		*hint = sep + strlen("; hint: ");
	}
}

void jh_report_ioctl_error(const char *cmd, int err)
{
	const struct jh_errmsg *m = jh_lookup(cmd, err);
	const char *cause = m ? m->cause : strerror(err);
	const char *driver_hint;
	const char *hint;
	char detail[512];

	jh_driver_detail(detail, sizeof(detail), &driver_hint);
	hint = m ? m->hint : driver_hint;
	fprintf(stderr, "jailhouse %s: %s", cmd, cause);
	if (detail[0] && strcasecmp(detail, cause))
		fprintf(stderr, " (%s)", detail);
	fprintf(stderr, " [%s]", jh_errno_name(err));
	if (hint)
		fprintf(stderr, "; hint: %s", hint);
	fputc('\n', stderr);
}

void jh_report_open_error(const char *cmd, int err)
{
	const char *hint;

	switch (err) {
	case ENOENT:
	case ENODEV:
	case ENXIO:
		hint = "is jailhouse.ko loaded? (insmod jailhouse.ko)";
		break;
	case EACCES:
	case EPERM:
		hint = "run as root";
		break;
	default:
		hint = NULL;
	}
	fprintf(stderr, "jailhouse %s: cannot open %s: %s [%s]", cmd,
		JH_DEVICE, strerror(err), jh_errno_name(err));
	if (hint)
		fprintf(stderr, "; hint: %s", hint);
	fputc('\n', stderr);
}
