/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Hypervisor console ring. It sits page aligned inside the hypervisor core
 * (jh_hv_header.console_offset/console_size) and is mapped read-only into
 * the root cell, so the driver reads it without a hypercall.
 *
 * The writer stores bytes at buf[pos % size] and then publishes
 * head = pos + n with release semantics. A reader that starts at position
 * p reads head (acquire), copies [max(p, head - size), head), then re-reads
 * head: any byte below new_head - size may have been overwritten and is
 * dropped. head only grows.
 */
#ifndef _JAILHOUSE_CONSOLE_H
#define _JAILHOUSE_CONSOLE_H

#include <jailhouse/types.h>

struct jh_console_ring {
	__u64 head;		/* bytes ever written */
	__u32 size;		/* bytes in buf */
	__u32 reserved;
	char buf[];
};

#endif
