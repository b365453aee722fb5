/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * /dev/jailhouse ioctls. Errors come back as errno; the values each
 * refusal uses are listed in Documentation/architecture.md and
 * include/jailhouse/errno.h.
 */
#ifndef _JAILHOUSE_IOCTL_H
#define _JAILHOUSE_IOCTL_H

#include <jailhouse/types.h>
#ifdef __KERNEL__
#include <linux/ioctl.h>
#else
#include <sys/ioctl.h>
#endif

struct jh_ioctl_buf {
	__u64 addr;		/* user pointer */
	__u64 size;		/* bytes */
};

#define JH_IOCTL_ENABLE		_IOW('J', 0, struct jh_ioctl_buf)
#define JH_IOCTL_DISABLE	_IO('J', 1)
#define JH_IOCTL_CELL_CREATE	_IOW('J', 2, struct jh_ioctl_buf)

#endif
