/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Emulated MMIO: a trapped guest load or store, decoded by the arch code
 * and handed to the device model that owns the address.
 */
#ifndef _HV_MMIO_H
#define _HV_MMIO_H

#include <hv/types.h>

struct mmio_access {
	u64 addr;		/* guest physical (== physical for the GIC) */
	u64 value;		/* write: value; read: set by the handler */
	unsigned int size;	/* 1, 2, 4 or 8 bytes */
	bool is_write;
};

/* Handler results. */
#define MMIO_HANDLED	0
#define MMIO_ERROR	(-1)	/* the guest did something invalid: fault it */

#endif
