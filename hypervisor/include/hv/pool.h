/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Page pool: all dynamic memory of the hypervisor, carved once from the end
 * of hypervisor memory. A bitmap tracks used pages; allocation is
 * first-fit with alignment and never happens on trap hot paths.
 */
#ifndef _HV_POOL_H
#define _HV_POOL_H

#include <hv/types.h>

struct page_pool {
	u64 base;		/* address of page 0 */
	unsigned long pages;	/* pages managed */
	unsigned long used;	/* pages handed out, incl. the bitmap */
	u64 *bitmap;		/* one bit per page, 1 = used */
};

/* Set up a pool over [base, base + size); the bitmap takes its first pages. */
int pool_init(struct page_pool *pool, u64 base, u64 size);
/* @num zeroed pages, aligned to @align pages (power of two); NULL if none. */
void *pool_alloc(struct page_pool *pool, unsigned long num, unsigned long align);
void pool_free(struct page_pool *pool, void *addr, unsigned long num);

extern struct page_pool mem_pool;

#endif
