/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Generic radix page tables: 4 KiB tables of 512 64-bit entries, levels
 * 0 (top, 512 GiB per entry) to 3 (4 KiB pages). The architecture supplies
 * the entry encoding as a struct paging_format; the walking, the choice of
 * the largest block, splitting and freeing live here.
 *
 * Tables are addressed by their physical address, which the hypervisor
 * reaches through paging_phys_to_virt() (identity on arm64).
 */
#ifndef _HV_PAGING_H
#define _HV_PAGING_H

#include <hv/types.h>

typedef u64 pte_t;

#define PTES_PER_TABLE		512
#define PAGING_LEVELS		4

/* Generic access flags, translated by the format. */
#define PAGE_READ		0x01
#define PAGE_WRITE		0x02
#define PAGE_EXEC		0x04
#define PAGE_DEVICE		0x08
#define PAGE_DEFAULT		(PAGE_READ | PAGE_WRITE)

struct paging_format {
	/* May @level hold a block (leaf) entry? Level 3 always does. */
	bool (*block_ok)(unsigned int level);
	pte_t (*leaf)(unsigned int level, u64 phys, unsigned long flags);
	pte_t (*table)(u64 phys);
	bool (*is_valid)(pte_t pte);
	bool (*is_table)(pte_t pte, unsigned int level);
	u64 (*phys)(pte_t pte, unsigned int level);
	unsigned long (*flags)(pte_t pte);
};

struct page_table {
	const struct paging_format *fmt;
	pte_t *root;
	unsigned int root_level;	/* level of the root table */
	unsigned int root_pages;	/* concatenated root tables */
};

static inline unsigned int paging_level_shift(unsigned int level)
{
	return PAGE_SHIFT + 9 * (3 - level);
}

int paging_create(struct page_table *pt, const struct paging_format *fmt,
		  unsigned int root_level, unsigned int root_pages);
void paging_destroy(struct page_table *pt);
int paging_map(struct page_table *pt, u64 virt, u64 phys, u64 size,
	       unsigned long flags);
int paging_unmap(struct page_table *pt, u64 virt, u64 size);
/*
 * Unmap, but keep tables that become empty: mapping the same range again
 * then needs no new table (it cannot fail for lack of memory), and merges
 * back into blocks whatever was split.
 */
int paging_unmap_keep(struct page_table *pt, u64 virt, u64 size);
/* Translate @virt; returns false if unmapped. */
bool paging_lookup(const struct page_table *pt, u64 virt, u64 *phys,
		   unsigned long *flags);
/* Pages of tables in use (for tests and statistics). */
unsigned long paging_count_tables(const struct page_table *pt);

#endif
