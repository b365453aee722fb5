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
/* One image for CELL_LOAD: copied to guest address @target of the cell. */
struct jh_ioctl_image {
	__u64 source;		/* user pointer */
	__u64 size;		/* bytes */
	__u64 target;		/* guest physical address in the cell */
};

struct jh_ioctl_cell_load {
	__u32 id;		/* cell ID */
	__u32 num_images;	/* at most JH_MAX_LOAD_IMAGES */
	__u64 images;		/* user pointer to jh_ioctl_image[] */
};

#define JH_MAX_LOAD_IMAGES	16

/* CELL_CREATE returns the new cell ID; the others take a cell ID. */
#define JH_IOCTL_CELL_CREATE	_IOW('J', 2, struct jh_ioctl_buf)
#define JH_IOCTL_CELL_LOAD	_IOW('J', 3, struct jh_ioctl_cell_load)
#define JH_IOCTL_CELL_START	_IOW('J', 4, __u32)
#define JH_IOCTL_CELL_SHUTDOWN	_IOW('J', 5, __u32)
#define JH_IOCTL_CELL_DESTROY	_IOW('J', 6, __u32)

#endif
