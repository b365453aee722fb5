/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Hypervisor console ring. It sits page aligned inside the hypervisor core
 * (jh_hv_header.console_offset/console_size) and is mapped read-only into
 * the root cell, so the driver reads it without a hypercall.
 *
 * Writer (one at a time): pending = n; write barrier; store bytes at
 * buf[(head + i) % size]; head = head + n (release); pending = 0 (release).
 * Reader starting at position p: h = head (acquire); copy
 * [max(p, h - size), h); read barrier; q = pending; read barrier;
 * h2 = head; every copied byte below h2 + q - size may have been
 * overwritten while copying and is dropped. head only grows.
 */
#ifndef _JAILHOUSE_CONSOLE_H
#define _JAILHOUSE_CONSOLE_H

#include <jailhouse/types.h>

struct jh_console_ring {
	__u64 head;		/* bytes ever written */
	__u32 size;		/* bytes in buf */
	__u32 pending;		/* bytes being written beyond head */
	char buf[];
};

/*
 * A cell with an emulated UART has its own ring of this many bytes
 * (header included), in hypervisor memory, read-only for root.
 */
#define JH_CELL_CONSOLE_SIZE	(16 * 1024)

#endif
