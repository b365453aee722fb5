/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sub-page MMIO windows (JH_MEM_SUBPAGE regions): a cell gets part of a
 * device page, e.g. one 0x200-byte virtio-mmio transport of QEMU virt,
 * where eight share a page. Stage 2 works in pages, so the page is mapped
 * neither for the cell nor for root while a cell holds a window in it;
 * the hypervisor performs the accesses each may make: the cell's inside
 * its windows, root's outside every cell's window.
 */
#ifndef _HV_MMIO_SUBPAGE_H
#define _HV_MMIO_SUBPAGE_H

#include <hv/mmio.h>
#include <hv/types.h>
#include <jailhouse/config.h>

struct cell;

/* Windows of all cells together (QEMU virt has 32 transports). */
#define SUBPAGE_MAX_WINDOWS	32

/* subpage_mmio(): not an address of a claimed page, try other models. */
#define SUBPAGE_NOT_MINE	1

/* Is [addr, +len) inside the window [start, +size)? No sum can wrap. */
static inline bool subpage_in_window(u64 start, u64 size, u64 addr,
				     unsigned int len)
{
	return addr >= start && len <= size && addr - start <= size - len;
}

/*
 * Take window @r (a JH_MEM_SUBPAGE region of @cell) from root: the first
 * window of a page unmaps the page from root and maps it for the
 * hypervisor. Caller flushes root's TLB. Undone by subpage_release().
 */
int subpage_claim(struct cell *cell, const struct jh_memory_region *r);
/* Give window @r back; the last one of a page remaps it for root. */
void subpage_release(struct cell *cell, const struct jh_memory_region *r);
/*
 * A trapped access of @cell: MMIO_HANDLED (performed on the device),
 * MMIO_ERROR (in a claimed page but not @cell's to touch) or
 * SUBPAGE_NOT_MINE.
 */
int subpage_mmio(struct cell *cell, struct mmio_access *a);
/* Windows in use (for tests and reports). */
unsigned int subpage_count(void);

#endif
