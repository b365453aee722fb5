// SPDX-License-Identifier: GPL-2.0
/*
 * Generic page-table construction. Mappings always use the largest block
 * the alignment of virtual and physical address and the remaining size
 * allow, so a 768 MiB RAM region costs a handful of entries.
 */
#include <hv/errno.h>
#include <hv/paging.h>
#include <hv/pool.h>

static pte_t *table_of(const struct page_table *pt, pte_t pte,
		       unsigned int level)
{
	return (pte_t *)pt->fmt->phys(pte, level);
}

static u64 level_size(unsigned int level)
{
	return 1ULL << paging_level_shift(level);
}

static unsigned int index_of(u64 virt, unsigned int level, unsigned int entries)
{
	return (virt >> paging_level_shift(level)) & (entries - 1);
}

int paging_create(struct page_table *pt, const struct paging_format *fmt,
		  unsigned int root_level, unsigned int root_pages)
{
	pt->fmt = fmt;
	pt->root_level = root_level;
	pt->root_pages = root_pages;
	pt->root = pool_alloc(&mem_pool, root_pages, root_pages);
	return pt->root ? 0 : -ENOMEM;
}

static void free_table(const struct page_table *pt, pte_t *table,
		       unsigned int level, unsigned int entries)
{
	unsigned int n;

	for (n = 0; n < entries && level < 3; n++)
		if (pt->fmt->is_table(table[n], level))
			free_table(pt, table_of(pt, table[n], level), level + 1,
				   PTES_PER_TABLE);
	pool_free(&mem_pool, table, (entries + PTES_PER_TABLE - 1) /
		  PTES_PER_TABLE);
}

void paging_destroy(struct page_table *pt)
{
	if (pt->root)
		free_table(pt, pt->root, pt->root_level,
			   PTES_PER_TABLE * pt->root_pages);
	pt->root = NULL;
}

/* Replace the block in *pte by a table of equivalent next-level entries. */
static int split_block(const struct page_table *pt, pte_t *pte,
		       unsigned int level)
{
	u64 phys = pt->fmt->phys(*pte, level), step = level_size(level + 1);
	unsigned long flags = pt->fmt->flags(*pte);
	pte_t *table = pool_alloc(&mem_pool, 1, 1);
	unsigned int n;

	if (!table)
		return -ENOMEM;
	for (n = 0; n < PTES_PER_TABLE; n++)
		table[n] = pt->fmt->leaf(level + 1, phys + n * step, flags);
	*pte = pt->fmt->table((u64)table);
	return 0;
}

/*
 * A table whose 512 entries are leaves mapping one contiguous, aligned
 * range with equal flags becomes a single block again, so unmapping and
 * remapping a range (cell create, destroy) gives the pool back its pages.
 * (Real hardware would want break-before-make here; TCG does not care.)
 */
static void try_merge(const struct page_table *pt, pte_t *pte,
		      unsigned int level)
{
	const struct paging_format *fmt = pt->fmt;
	pte_t *table = table_of(pt, *pte, level);
	u64 phys, step = level_size(level + 1);
	unsigned long flags;
	unsigned int n;

	if (!fmt->block_ok(level) || !fmt->is_valid(table[0]) ||
	    fmt->is_table(table[0], level + 1))
		return;
	phys = fmt->phys(table[0], level + 1);
	flags = fmt->flags(table[0]);
	if (!IS_ALIGNED(phys, level_size(level)))
		return;
	for (n = 1; n < PTES_PER_TABLE; n++)
		if (!fmt->is_valid(table[n]) ||
		    fmt->is_table(table[n], level + 1) ||
		    fmt->phys(table[n], level + 1) != phys + n * step ||
		    fmt->flags(table[n]) != flags)
			return;
	*pte = fmt->leaf(level, phys, flags);
	pool_free(&mem_pool, table, 1);
}

static int map_level(const struct page_table *pt, pte_t *table,
		     unsigned int level, unsigned int entries, u64 virt,
		     u64 phys, u64 size, unsigned long flags)
{
	u64 span = level_size(level), chunk;
	pte_t *pte;
	int err;

	while (size) {
		pte = &table[index_of(virt, level, entries)];
		chunk = span - (virt & (span - 1));
		if (chunk > size)
			chunk = size;
		if (chunk == span && IS_ALIGNED(phys, span) &&
		    (level == 3 || pt->fmt->block_ok(level))) {
			if (pt->fmt->is_table(*pte, level))
				free_table(pt, table_of(pt, *pte, level),
					   level + 1, PTES_PER_TABLE);
			*pte = pt->fmt->leaf(level, phys, flags);
		} else {
			if (level == 3)
				return -EINVAL;
			if (!pt->fmt->is_valid(*pte)) {
				pte_t *next = pool_alloc(&mem_pool, 1, 1);

				if (!next)
					return -ENOMEM;
				*pte = pt->fmt->table((u64)next);
			} else if (!pt->fmt->is_table(*pte, level)) {
				err = split_block(pt, pte, level);
				if (err)
					return err;
			}
			err = map_level(pt, table_of(pt, *pte, level), level + 1,
					PTES_PER_TABLE, virt, phys, chunk, flags);
			if (err)
				return err;
			try_merge(pt, pte, level);
		}
		virt += chunk;
		phys += chunk;
		size -= chunk;
	}
	return 0;
}

static unsigned int root_entries(const struct page_table *pt)
{
	return PTES_PER_TABLE * pt->root_pages;
}

static bool range_ok(const struct page_table *pt, u64 virt, u64 size)
{
	u64 limit = (u64)root_entries(pt) << paging_level_shift(pt->root_level);

	return IS_ALIGNED(virt | size, PAGE_SIZE) && size &&
	       virt + size > virt && virt + size <= limit;
}

int paging_map(struct page_table *pt, u64 virt, u64 phys, u64 size,
	       unsigned long flags)
{
	if (!range_ok(pt, virt, size) || !IS_ALIGNED(phys, PAGE_SIZE))
		return -EINVAL;
	return map_level(pt, pt->root, pt->root_level, root_entries(pt), virt,
			 phys, size, flags);
}

static bool table_empty(const struct page_table *pt, const pte_t *table)
{
	unsigned int n;

	for (n = 0; n < PTES_PER_TABLE; n++)
		if (pt->fmt->is_valid(table[n]))
			return false;
	return true;
}

static int unmap_level(const struct page_table *pt, pte_t *table,
		       unsigned int level, unsigned int entries, u64 virt,
		       u64 size, bool keep)
{
	u64 span = level_size(level), chunk;
	pte_t *pte, *next;
	int err;

	while (size) {
		pte = &table[index_of(virt, level, entries)];
		chunk = span - (virt & (span - 1));
		if (chunk > size)
			chunk = size;
		if (!pt->fmt->is_valid(*pte)) {
			/* nothing mapped here */
		} else if (chunk == span) {
			if (pt->fmt->is_table(*pte, level))
				free_table(pt, table_of(pt, *pte, level),
					   level + 1, PTES_PER_TABLE);
			*pte = 0;
		} else {
			if (!pt->fmt->is_table(*pte, level)) {
				err = split_block(pt, pte, level);
				if (err)
					return err;
			}
			next = table_of(pt, *pte, level);
			err = unmap_level(pt, next, level + 1, PTES_PER_TABLE,
					  virt, chunk, keep);
			if (err)
				return err;
			/* Give empty tables back so the pool returns to its base. */
			if (!keep && table_empty(pt, next)) {
				pool_free(&mem_pool, next, 1);
				*pte = 0;
			}
		}
		virt += chunk;
		size -= chunk;
	}
	return 0;
}

int paging_unmap(struct page_table *pt, u64 virt, u64 size)
{
	if (!range_ok(pt, virt, size))
		return -EINVAL;
	return unmap_level(pt, pt->root, pt->root_level, root_entries(pt), virt,
			   size, false);
}

int paging_unmap_keep(struct page_table *pt, u64 virt, u64 size)
{
	if (!range_ok(pt, virt, size))
		return -EINVAL;
	return unmap_level(pt, pt->root, pt->root_level, root_entries(pt), virt,
			   size, true);
}

bool paging_lookup(const struct page_table *pt, u64 virt, u64 *phys,
		   unsigned long *flags)
{
	unsigned int level = pt->root_level, entries = root_entries(pt);
	const pte_t *table = pt->root;
	pte_t pte;

	if (virt >= (u64)entries << paging_level_shift(level))
		return false;
	for (;;) {
		pte = table[index_of(virt, level, entries)];
		if (!pt->fmt->is_valid(pte))
			return false;
		if (!pt->fmt->is_table(pte, level))
			break;
		table = table_of(pt, pte, level);
		level++;
		entries = PTES_PER_TABLE;
	}
	if (phys)
		*phys = pt->fmt->phys(pte, level) +
			(virt & (level_size(level) - 1));
	if (flags)
		*flags = pt->fmt->flags(pte);
	return true;
}

static unsigned long count_level(const struct page_table *pt,
				 const pte_t *table, unsigned int level,
				 unsigned int entries)
{
	unsigned long count = 1;
	unsigned int n;

	for (n = 0; n < entries && level < 3; n++)
		if (pt->fmt->is_table(table[n], level))
			count += count_level(pt, table_of(pt, table[n], level),
					     level + 1, PTES_PER_TABLE);
	return count;
}

unsigned long paging_count_tables(const struct page_table *pt)
{
	return count_level(pt, pt->root, pt->root_level, root_entries(pt)) +
	       pt->root_pages - 1;
}
