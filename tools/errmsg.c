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
	{ JH_ENOPKG, "hypervisor image is from another release than the driver",
	  "install the firmware of the module's version (modinfo -F version jailhouse)" },
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
	{ JH_ENOTEMPTY, "cells still exist",
	  "destroy all non-root cells first ('jailhouse cell destroy')" },
	{ JH_EBUSY, "hypervisor refused: cells are still running",
	  "destroy all non-root cells first" },
	{ EIO, "hypervisor returned an unexpected result",
	  "see 'jailhouse console'" },
	{ 0, NULL, NULL },
};

/*
 * Cell commands. A NULL hint lets the driver's own hint through where it
 * knows more (which CPU, which region) or where the errno may come from
 * the driver's checks or from the hypervisor's.
 */
static const struct jh_errmsg jh_cell_create_msgs[] = {
	{ JH_EEXIST, "a cell with this name already exists",
	  "destroy it first or rename the cell in its config" },
	{ JH_EBUSY, "a CPU of the cell is not available", NULL },
	{ JH_EPERM, "the hypervisor does not allow this cell", NULL },
	{ JH_ENOSPC, "the hypervisor has no free cell slot",
	  "destroy a cell first" },
	{ JH_ENOMEM, "not enough memory for the cell", NULL },
	{ JH_ENODATA, "cell config is truncated or its sizes are inconsistent",
	  "rebuild it with 'jailhouse config build'" },
	{ JH_ENOEXEC, "file is not a compiled jailhouse config (bad magic)",
	  "pass the .cell file from 'jailhouse config build', not the YAML" },
	{ JH_EPROTO, "config format revision does not match the driver",
	  "rebuild the config with the tools of this release" },
	{ JH_EXDEV, "config was built for another architecture",
	  "build the config for arm64" },
	{ JH_EBADMSG, "config checksum mismatch: the file is corrupt",
	  "rebuild it with 'jailhouse config build'" },
	{ JH_EINVAL, "cell config contains an invalid value", NULL },
	{ JH_ERANGE, "a cell memory region is invalid, misaligned or outside the root cell's memory",
	  NULL },
	{ JH_EADDRNOTAVAIL, "a cell memory region is not available to the cell",
	  NULL },
	{ JH_EFAULT, "bad address: the driver or the hypervisor could not read the cell config",
	  "use jailhouse.ko, jailhouse.bin and the CLI from the same build" },
	{ 0, NULL, NULL },
};

static const struct jh_errmsg jh_cell_load_msgs[] = {
	{ JH_ERANGE, "an image does not fit in a loadable memory region of the cell",
	  "fix its address (-a); see the loadable regions with 'jailhouse config show CELL.cell'" },
	{ JH_EINVAL, "invalid load request", NULL },
	{ JH_ENOMEM, "cannot map the cell's memory", NULL },
	{ 0, NULL, NULL },
};

static const struct jh_errmsg jh_cell_start_msgs[] = {
	{ JH_EINVAL, "this cell cannot be started", NULL },
	{ JH_EAGAIN, "a CPU of the cell did not come up (the firmware refused CPU_ON); the cell is marked failed",
	  "try 'jailhouse cell start' again; the hypervisor console says which CPU" },
	{ 0, NULL, NULL },
};

static const struct jh_errmsg jh_cell_shutdown_msgs[] = {
	{ JH_EBUSY, "the cell refused to shut down or holds its lock",
	  "'jailhouse cell destroy' stops it without asking" },
	{ JH_ETIMEDOUT, "the cell did not answer the shutdown request in time",
	  "'jailhouse cell destroy' removes it" },
	{ JH_EINVAL, "this cell cannot be shut down", NULL },
	{ 0, NULL, NULL },
};

static const struct jh_errmsg jh_cell_destroy_msgs[] = {
	{ JH_EINVAL, "this cell cannot be destroyed", NULL },
	{ 0, NULL, NULL },
};

/* Valid for every cell command. */
static const struct jh_errmsg jh_cell_common_msgs[] = {
	{ JH_ESRCH, "hypervisor is not enabled", "run 'jailhouse enable' first" },
	{ JH_ENOENT, "no such cell", "see 'jailhouse cell list'" },
	{ JH_ESHUTDOWN, "the hypervisor is being disabled (a CPU already left it)",
	  "finish with 'jailhouse disable', then enable again" },
	{ EINTR, "interrupted", NULL },
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
	{ "cell create", jh_cell_create_msgs },
	{ "cell load", jh_cell_load_msgs },
	{ "cell start", jh_cell_start_msgs },
	{ "cell shutdown", jh_cell_shutdown_msgs },
	{ "cell destroy", jh_cell_destroy_msgs },
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
	{ EBADMSG, "EBADMSG" }, { ELIBBAD, "ELIBBAD" }, { ENOPKG, "ENOPKG" },
	{ EOPNOTSUPP, "EOPNOTSUPP" }, { EADDRINUSE, "EADDRINUSE" },
	{ EADDRNOTAVAIL, "EADDRNOTAVAIL" }, { EALREADY, "EALREADY" },
	{ EAGAIN, "EAGAIN" }, { EEXIST, "EEXIST" }, { ENOSPC, "ENOSPC" },
	{ ETIMEDOUT, "ETIMEDOUT" }, { ENOTEMPTY, "ENOTEMPTY" },
	{ E2BIG, "E2BIG" }, { ESHUTDOWN, "ESHUTDOWN" },
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
	const struct jh_errmsg *m = NULL;
	size_t i;

	for (i = 0; i < sizeof(jh_msg_tables) / sizeof(jh_msg_tables[0]); i++)
		if (!strcmp(jh_msg_tables[i].cmd, cmd))
			m = jh_find(jh_msg_tables[i].msgs, err);
	if (!m && !strncmp(cmd, "cell ", 5))
		m = jh_find(jh_cell_common_msgs, err);
	return m ?: jh_find(jh_common_msgs, err);
}

/* Driver text from last_error: detail (before "; hint: ") and its hint. */
static void jh_driver_detail(char *buf, size_t len, const char **hint)
{
	char path[4096];
	char *sep;

	*hint = NULL;
	snprintf(path, sizeof(path), "%s/last_error", jh_sysfs_base());
	if (jh_read_line(path, buf, len) < 0)
		buf[0] = '\0';
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
	hint = m && m->hint ? m->hint : driver_hint;
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
		jh_device_path(), strerror(err), jh_errno_name(err));
	if (hint)
		fprintf(stderr, "; hint: %s", hint);
	fputc('\n', stderr);
}
