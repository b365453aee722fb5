// SPDX-License-Identifier: GPL-2.0
/*
 * Sub-page MMIO windows (see <hv/mmio_subpage.h>). One table for all
 * cells: a page is "claimed" while any window in it is, and only then is
 * it unmapped from root and mapped for the hypervisor. The lock covers
 * the table and every device access, so a window (and the hypervisor's
 * mapping of its page) cannot go away under an access on another CPU.
 */
#include <hv/arch.h>
#include <hv/cell.h>
#include <hv/errno.h>
#include <hv/mmio_subpage.h>
#include <hv/paging.h>
#include <hv/printk.h>

struct subpage_window {
	const struct cell *cell;	/* NULL: free slot */
	u64 phys, virt, size, flags;	/* JH_MEM_* flags of the region */
};

static struct subpage_window windows[SUBPAGE_MAX_WINDOWS];
static spinlock_t subpage_lock;

static bool page_claimed(u64 page)
{
	unsigned int n;

	for (n = 0; n < SUBPAGE_MAX_WINDOWS; n++)
		if (windows[n].cell && (windows[n].phys & PAGE_MASK) == page)
			return true;
	return false;
}

static struct subpage_window *find(const struct cell *cell, u64 phys)
{
	unsigned int n;

	for (n = 0; n < SUBPAGE_MAX_WINDOWS; n++)
		if (windows[n].cell == cell && (!cell || windows[n].phys == phys))
			return &windows[n];
	return NULL;
}

unsigned int subpage_count(void)
{
	unsigned int n, count = 0;

	for (n = 0; n < SUBPAGE_MAX_WINDOWS; n++)
		count += windows[n].cell != NULL;
	return count;
}

/* The page leaves root and becomes the hypervisor's to access. */
static int take_page(u64 page)
{
	int err = arch_hv_map(page, PAGE_SIZE, PAGE_DEFAULT | PAGE_DEVICE);

	if (!err)
		err = paging_unmap_keep(&root_cell.s2, page, PAGE_SIZE);
	if (err)
		arch_hv_unmap(page, PAGE_SIZE);
	return err;
}

int subpage_claim(struct cell *cell, const struct jh_memory_region *r)
{
	struct subpage_window *w = find(NULL, 0);
	u64 page = r->phys_start & PAGE_MASK;
	int err = 0;

	if (!w) {
		printk("cell %s: window 0x%llx: all %u sub-page windows in use\n",
		       cell->desc->name, r->phys_start, SUBPAGE_MAX_WINDOWS);
		return trace_error(-ENOSPC);
	}
	spin_lock(&subpage_lock);
	if (!page_claimed(page))
		err = take_page(page);
	if (!err)
		*w = (struct subpage_window){ cell, r->phys_start,
					      r->virt_start, r->size,
					      r->flags };
	spin_unlock(&subpage_lock);
	if (err)
		printk("cell %s: cannot take page 0x%llx of window 0x%llx: %d\n",
		       cell->desc->name, page, r->phys_start, err);
	return err;
}

void subpage_release(struct cell *cell, const struct jh_memory_region *r)
{
	struct subpage_window *w = find(cell, r->phys_start);
	const struct jh_memory_region *own;
	u64 page = r->phys_start & PAGE_MASK;

	if (!w)
		return;		/* a create that failed before claiming it */
	spin_lock(&subpage_lock);
	w->cell = NULL;
	if (!page_claimed(page)) {
		/* Root's own flags, exactly as before the first claim. */
		own = cell_root_region(page, PAGE_SIZE);
		if (!own || paging_map(&root_cell.s2, page, page, PAGE_SIZE,
				       cell_region_flags(own->flags)))
			printk("cell %s: cannot give page 0x%llx back to root\n",
			       cell->desc->name, page);
		arch_hv_unmap(page, PAGE_SIZE);
	}
	spin_unlock(&subpage_lock);
}

/*
 * Perform @a of @cell at physical @phys if the region's flags allow it.
 * No config can tell whether a device answers there: a bus error fails
 * the access like a stage-2 fault (root: external abort, a cell: fatal).
 */
static int access(const struct cell *cell, struct mmio_access *a, u64 phys,
		  u64 flags)
{
	int err;

	if (!(flags & (a->is_write ? JH_MEM_WRITE : JH_MEM_READ)))
		return MMIO_ERROR;
	if (a->is_write)
		err = arch_mmio_write(phys, a->size, a->value);
	else
		err = arch_mmio_read(phys, a->size, &a->value);
	if (!err)
		return MMIO_HANDLED;
	printk("cell %s: %s of %u bytes at 0x%llx: no device answered\n",
	       cell->desc->name, a->is_write ? "write" : "read", a->size,
	       phys);
	return MMIO_ERROR;
}

/* A cell: inside one of its windows, or a fault. */
static int cell_access(struct cell *cell, struct mmio_access *a)
{
	struct subpage_window *w;
	bool in_page = false;
	unsigned int n;

	for (n = 0; n < SUBPAGE_MAX_WINDOWS; n++) {
		w = &windows[n];
		if (w->cell != cell)
			continue;
		if (subpage_in_window(w->virt, w->size, a->addr, a->size))
			return access(cell, a, w->phys + (a->addr - w->virt),
				      w->flags);
		in_page |= (w->virt & PAGE_MASK) == (a->addr & PAGE_MASK);
	}
	if (!in_page)
		return SUBPAGE_NOT_MINE;
	printk("cell %s: %s of %u bytes at IPA 0x%llx is outside its sub-page windows\n",
	       cell->desc->name, a->is_write ? "write" : "read", a->size,
	       a->addr);
	return MMIO_ERROR;
}

/* Root: anywhere in a claimed page except the cells' windows. */
static int root_access(struct mmio_access *a)
{
	const struct jh_memory_region *own;
	unsigned int n;

	if (!page_claimed(a->addr & PAGE_MASK))
		return SUBPAGE_NOT_MINE;
	for (n = 0; n < SUBPAGE_MAX_WINDOWS; n++)
		if (windows[n].cell &&
		    a->addr < windows[n].phys + windows[n].size &&
		    windows[n].phys < a->addr + a->size)
			return MMIO_ERROR;	/* root_abort() names the cell */
	own = cell_root_region(a->addr, a->size);
	return own ? access(&root_cell, a, a->addr, own->flags) : MMIO_ERROR;
}

/*
 * Could page @page hold a window of @cell (not root)? Read without
 * subpage_lock, safe because a cell's windows are only ever made from the
 * subpage regions of its own config (subpage_claim() copies them) and
 * that config does not change while the cell exists: no subpage region
 * in the page means the table cannot hold a window of the cell there,
 * whatever other CPUs claim or release meanwhile. So the trapped accesses
 * of a cell to anything else (its UART, a link page) take no global lock.
 */
static bool cell_has_window_page(const struct cell *cell, u64 page)
{
	const struct jh_memory_region *r = jh_cell_regions(cell->desc);
	unsigned int n;

	for (n = 0; n < cell->desc->num_memory_regions; n++, r++)
		if ((r->flags & JH_MEM_SUBPAGE) &&
		    (r->virt_start & PAGE_MASK) == page)
			return true;
	return false;
}

int subpage_mmio(struct cell *cell, struct mmio_access *a)
{
	int ret;

	/* Device registers are accessed naturally aligned, or not at all. */
	if (a->addr & (a->size - 1))
		return SUBPAGE_NOT_MINE;
	/* Root's claimed pages come and go with other cells: always look. */
	if (cell != &root_cell &&
	    !cell_has_window_page(cell, a->addr & PAGE_MASK))
		return SUBPAGE_NOT_MINE;
	spin_lock(&subpage_lock);
	ret = cell == &root_cell ? root_access(a) : cell_access(cell, a);
	spin_unlock(&subpage_lock);
	return ret;
}
