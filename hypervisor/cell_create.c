// SPDX-License-Identifier: GPL-2.0
/*
 * Cell creation. The config comes from root memory and is untrusted: it is
 * copied into the pool, checked on its own (config.c) and against what
 * the system looks like now, and only then does anything change. Every
 * step that can fail afterwards is undone, so a refused create leaves the
 * system exactly as it was.
 */
#include <hv/arch.h>
#include <hv/cell.h>
#include <hv/config.h>
#include <hv/errno.h>
#include <hv/link.h>
#include <hv/percpu.h>
#include <hv/pool.h>
#include <hv/printk.h>
#include <hv/setup.h>
#include <hv/string.h>
#include <hv/vuart.h>

static struct cell cell_slots[MAX_CELLS];

static const struct jh_memory_region *hv_region(void)
{
	return &system_config->sys.hypervisor_memory;
}

/*
 * Copy [phys, +size) into @dst through the temporary window, at most a
 * slot at a time: an identity mapping removed after the copy would also
 * remove one the hypervisor keeps for itself on the same page.
 */
static int copy_phys(void *dst, u64 phys, u64 size)
{
	u64 chunk;
	void *src;

	for (; size; phys += chunk, size -= chunk, dst += chunk) {
		chunk = HV_TEMP_SLOT - (phys & (HV_TEMP_SLOT - 1));
		if (chunk > size)
			chunk = size;
		src = arch_hv_temp_map(phys, chunk, PAGE_READ);
		if (!src)
			return trace_error(-EFAULT);
		memcpy(dst, src, chunk);
		arch_hv_temp_unmap(src, chunk);
	}
	return 0;
}

/* Copy @size bytes at root guest address @ipa: root RAM only. */
static int copy_from_root(void *dst, u64 ipa, u64 size)
{
	u64 start = ipa & PAGE_MASK, end = ALIGN_UP(ipa + size, PAGE_SIZE);
	unsigned long flags;
	u64 page, phys;

	if (ipa + size < ipa || end <= start ||
	    regions_overlap(start, end - start, hv_region()->phys_start,
			    hv_region()->size))
		goto refuse;
	for (page = start; page < end; page += PAGE_SIZE)
		if (!paging_lookup(&root_cell.s2, page, &phys, &flags) ||
		    phys != page || !(flags & PAGE_READ) ||
		    (flags & PAGE_DEVICE))
			goto refuse;
	return copy_phys(dst, ipa, size);
refuse:
	printk("cell create: config at 0x%llx (%llu bytes) is not in root RAM\n",
	       ipa, size);
	return trace_error(-EFAULT);
}

/*
 * What follows depends on the running system; the rules that need only
 * the configs are in <jailhouse/config_check.h> (config_check_cell()).
 */
static int check_cpus(const struct jh_cell_desc *desc)
{
	unsigned long n;

	for_each_set_bit(n, desc->cpus, hv_max_cpus) {
		if (!cell_owns_cpu(&root_cell, n)) {
			printk("cell %s: CPU %lu belongs to cell \"%s\"\n",
			       desc->name, n, per_cpu(n)->cell->desc->name);
			return trace_error(-EBUSY);
		}
		if (per_cpu(n)->state != CPU_OFF) {
			printk("cell %s: CPU %lu is still online in the root "
			       "cell\n", desc->name, n);
			return trace_error(-EBUSY);
		}
	}
	return 0;
}

/*
 * Cells may share memory only where both mark it rootshared, and never
 * a comm page: the hypervisor maps that for itself while the cell lives.
 */
static bool may_share(const struct jh_memory_region *a,
		      const struct jh_memory_region *b)
{
	return (a->flags & b->flags & JH_MEM_ROOTSHARED) &&
	       !((a->flags | b->flags) & JH_MEM_COMM_REGION);
}

/* Overlap with regions of existing cells. */
static int check_overlaps(const struct jh_cell_desc *desc, unsigned int n)
{
	const struct jh_memory_region *r = &jh_cell_regions(desc)[n], *q;
	struct cell *other;
	unsigned int i, m;

	for_each_cell(other, i) {
		if (other == &root_cell)
			continue;
		q = jh_cell_regions(other->desc);
		for (m = 0; m < other->desc->num_memory_regions; m++, q++)
			if (regions_overlap(r->phys_start, r->size,
					    q->phys_start, q->size) &&
			    !may_share(r, q)) {
				printk("cell %s: region %u (0x%llx, size 0x%llx)"
				       " overlaps %sregion %u of cell \"%s\"\n",
				       desc->name, n, r->phys_start, r->size,
				       (q->flags & JH_MEM_COMM_REGION) ?
				       "the comm " : "", m, other->desc->name);
				return trace_error(-EADDRINUSE);
			}
	}
	return 0;
}

/* The emulated GIC as it is now (its frames follow the CPU count). */
static int check_region(const struct jh_cell_desc *desc, unsigned int n)
{
	const struct jh_memory_region *r = &jh_cell_regions(desc)[n];

	if (arch_region_emulated(r->phys_start, r->size) ||
	    arch_region_emulated(r->virt_start, r->size)) {
		printk("cell %s: region %u (0x%llx) covers the emulated "
		       "interrupt controller\n", desc->name, n, r->phys_start);
		return trace_error(-EINVAL);
	}
	return check_overlaps(desc, n);
}

static int check_memory(const struct jh_cell_desc *desc)
{
	unsigned int n;
	int err;

	for (n = 0; n < desc->num_memory_regions; n++) {
		err = check_region(desc, n);
		if (err)
			return err;
	}
	return 0;
}

static int check_irqs(const struct jh_cell_desc *desc)
{
	const struct jh_irq_range *irq = jh_cell_irqs(desc);
	unsigned int n, i;

	for (n = 0; n < desc->num_irq_ranges; n++, irq++)
		for (i = irq->first; i < irq->first + irq->count; i++)
			if (!cell_owns_irq(&root_cell, i)) {
				printk("cell %s: interrupt %u is not owned by "
				       "the root cell\n", desc->name, i);
				return trace_error(-EBUSY);
			}
	return 0;
}

static bool name_eq(const char *a, const char *b)
{
	size_t len = strnlen(a, JH_CELL_NAME_LEN);

	return len == strnlen(b, JH_CELL_NAME_LEN) && !memcmp(a, b, len);
}

static int check_name(const struct jh_cell_desc *desc)
{
	struct cell *other;
	unsigned int i;

	for_each_cell(other, i)
		if (name_eq(other->desc->name, desc->name)) {
			printk("cell %s: name already in use (ID %u)\n",
			       desc->name, other->id);
			return trace_error(-EEXIST);
		}
	return 0;
}

static int check_cell(const struct jh_cell_config *cfg)
{
	const struct jh_cell_desc *desc = &cfg->cell;
	int err;

	err = config_check_cell(system_config, desc,
				cfg->hdr.total_size - sizeof(cfg->hdr),
				hv_max_cpus);
	if (!err)
		err = check_name(desc);
	if (!err)
		err = check_cpus(desc);
	if (!err)
		err = check_memory(desc);
	if (!err)
		err = check_irqs(desc);
	return err;
}

static unsigned int free_slot(void)
{
	unsigned int id;

	for (id = 1; id < MAX_CELLS; id++)
		if (!cells[id])
			return id;
	return 0;
}

/* Give root back [phys, +size) of a cell region with root's own flags. */
int cell_root_map(const struct jh_memory_region *r)
{
	const struct jh_memory_region *root = cell_root_region(r->phys_start,
								r->size);

	return paging_map(&root_cell.s2, r->phys_start, r->phys_start,
			  r->size, cell_region_flags(root->flags));
}

/* Regions root loses on create (loadable ones only when the cell starts). */
static bool taken_on_create(const struct jh_memory_region *r)
{
	return !(r->flags & (JH_MEM_ROOTSHARED | JH_MEM_LOADABLE));
}

/* Map regions back into root: those taken on create, or (@all) every
 * region root does not share, loadable ones included. */
static void return_memory(struct cell *cell, unsigned int count, bool all)
{
	const struct jh_memory_region *r = jh_cell_regions(cell->desc);
	unsigned int n;

	for (n = 0; n < count; n++, r++)
		if ((all ? !(r->flags & JH_MEM_ROOTSHARED) :
			   taken_on_create(r)) && cell_root_map(r))
			printk("cell %s: cannot give region %u back to root\n",
			       cell->desc->name, n);
	arch_cell_tlb_flush(&root_cell);
}

static int take_memory(struct cell *cell)
{
	const struct jh_memory_region *r = jh_cell_regions(cell->desc);
	unsigned int n;
	int err;

	for (n = 0; n < cell->desc->num_memory_regions; n++, r++) {
		if (!taken_on_create(r))
			continue;
		err = paging_unmap_keep(&root_cell.s2, r->phys_start, r->size);
		if (err) {
			return_memory(cell, n + 1, false);
			return err;
		}
	}
	arch_cell_tlb_flush(&root_cell);
	return 0;
}

/* RAM that passes between owners: everything not I/O, not rootshared. */
static bool scrubbed(const struct jh_memory_region *r)
{
	return !(r->flags & (JH_MEM_IO | JH_MEM_ROOTSHARED));
}

/* Zero [phys, +size) through the window, one slot (2 MiB) at a time. */
u64 cell_scrub_range(u64 phys, u64 size)
{
	u64 chunk, done = 0;
	void *p;

	for (; size; phys += chunk, size -= chunk, done += chunk) {
		chunk = HV_TEMP_SLOT - (phys & (HV_TEMP_SLOT - 1));
		if (chunk > size)
			chunk = size;
		p = arch_hv_temp_map(phys, chunk, PAGE_DEFAULT);
		if (!p)
			break;
		memset(p, 0, chunk);
		arch_hv_temp_unmap(p, chunk);
	}
	return done;
}

/*
 * Memory remanence: whoever gets a cell's RAM next (the cell itself on
 * create, root on destroy) must not read what the last owner left. Runs
 * with the cell's CPUs stopped and root's access to the non-loadable
 * regions already gone; prints the cost (counter ticks) for make bench.
 */
static void scrub_cell(const struct cell *cell, const char *when)
{
	const struct jh_memory_region *r = jh_cell_regions(cell->desc);
	u64 start = arch_counter(), bytes = 0;
	unsigned int n;

	for (n = 0; n < cell->desc->num_memory_regions; n++, r++) {
		if (!scrubbed(r))
			continue;
		if (cell_scrub_range(r->phys_start, r->size) != r->size)
			printk("cell %s: region %u (0x%llx) not scrubbed\n",
			       cell->desc->name, n, r->phys_start);
		bytes += r->size;
	}
	printk("cell %s: scrubbed %llu KiB on %s in %llu ticks\n",
	       cell->desc->name, bytes >> 10, when, arch_counter() - start);
}

static int map_comm(struct cell *cell)
{
	const struct jh_memory_region *r = jh_cell_regions(cell->desc);
	unsigned int n;

	for (n = 0; n < cell->desc->num_memory_regions; n++, r++)
		if (r->flags & JH_MEM_COMM_REGION) {
			cell->comm = (struct jh_comm_region *)r->phys_start;
			return arch_hv_map(r->phys_start, PAGE_SIZE,
					   PAGE_DEFAULT);
		}
	return 0;
}

void cell_unmap_comm(struct cell *cell)
{
	if (cell->comm)
		arch_hv_unmap((u64)cell->comm, PAGE_SIZE);
	cell->comm = NULL;
}

static void move_cpus(struct cell *from, struct cell *to)
{
	unsigned long n;

	for_each_cell_cpu(n, to == &root_cell ? from : to) {
		clear_bit(n, from->cpus);
		set_bit(n, to->cpus);
		per_cpu(n)->cell = to;
	}
}

static int build_cell(struct cell *cell)
{
	int err = vuart_create(cell);

	if (!err)
		err = cell_paging_init(cell);
	if (!err)
		err = link_cell_map(cell);
	if (!err)
		err = map_comm(cell);
	if (!err)
		err = take_memory(cell);
	if (err)
		return err;
	scrub_cell(cell, "create");
	err = arch_cell_init(cell);
	if (err)
		return_memory(cell, cell->desc->num_memory_regions, false);
	return err;
}

static void free_cell(struct cell *cell)
{
	cell_unmap_comm(cell);
	vuart_destroy(cell);
	paging_destroy(&cell->s2);
	pool_free(&mem_pool, cell->config, cell->config_pages);
	memset(cell, 0, sizeof(*cell));
}

static void set_cell_irqs(struct cell *cell)
{
	const struct jh_irq_range *irq = jh_cell_irqs(cell->desc);
	unsigned int n, i;

	for (n = 0; n < cell->desc->num_irq_ranges; n++, irq++)
		for (i = irq->first; i < irq->first + irq->count; i++)
			set_bit(i, cell->irqs);
}

static long commit(struct cell *cell)
{
	unsigned int n;

	move_cpus(&root_cell, cell);
	for (n = 0; n < BITMAP_WORDS(NUM_INTIDS); n++)
		root_cell.irqs[n] &= ~cell->irqs[n];
	cell->loadable_mapped = true;
	cell_set_state(cell, JH_CELL_STATE_SHUT_DOWN);
	link_cell_join(cell);
	arch_cell_tlb_flush(cell);
	cells[cell->id] = cell;
	printk("Created cell \"%s\" (ID %u), pool %lu/%lu pages used\n",
	       cell->desc->name, cell->id, mem_pool.used, mem_pool.pages);
	return cell->id;
}

long cell_create(u64 config_ipa, u64 size)
{
	unsigned int id = free_slot();
	struct cell *cell;
	unsigned long pages;
	void *buf;
	int err;

	if (!id) {
		printk("cell create: no free cell slot\n");
		return trace_error(-ENOSPC);
	}
	if (size < sizeof(struct jh_cell_config) || size > JH_CONFIG_MAX_SIZE) {
		printk("cell create: config size %llu out of range (%u..%u)\n",
		       size, (unsigned int)sizeof(struct jh_cell_config),
		       JH_CONFIG_MAX_SIZE);
		return trace_error(-ENODATA);
	}
	pages = ALIGN_UP(size, PAGE_SIZE) / PAGE_SIZE;
	buf = pool_alloc(&mem_pool, pages, 1);
	if (!buf)
		return trace_error(-ENOMEM);
	err = copy_from_root(buf, config_ipa, size);
	if (!err)
		err = config_check_header(buf, size, JH_CONFIG_KIND_CELL);
	if (!err)
		err = check_cell(buf);
	if (err) {
		pool_free(&mem_pool, buf, pages);
		return err;
	}
	cell = &cell_slots[id];
	memset(cell, 0, sizeof(*cell));
	cell->id = id;
	cell->config = buf;
	cell->config_pages = pages;
	cell->desc = &((struct jh_cell_config *)buf)->cell;
	memcpy(cell->cpus, cell->desc->cpus, sizeof(cell->cpus));
	set_cell_irqs(cell);
	err = build_cell(cell);
	if (err) {
		free_cell(cell);
		return err;
	}
	return commit(cell);
}

/* Destroy: everything back to root. CPUs are off, interrupts returned. */
void cell_release(struct cell *cell)
{
	unsigned int n;

	/* First: no doorbell may pend the SPIs once root has them back. */
	link_cell_leave(cell);
	arch_cell_exit(cell);
	scrub_cell(cell, "destroy");
	return_memory(cell, cell->desc->num_memory_regions, true);
	for (n = 0; n < BITMAP_WORDS(NUM_INTIDS); n++)
		root_cell.irqs[n] |= cell->irqs[n];
	move_cpus(cell, &root_cell);
	arch_cell_tlb_flush(cell);
	cells[cell->id] = NULL;
	printk("Destroyed cell \"%s\" (ID %u)\n", cell->desc->name, cell->id);
	free_cell(cell);
}
