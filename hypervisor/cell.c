// SPDX-License-Identifier: GPL-2.0
/* The cell table, the root cell and ownership queries. */
#include <hv/arch.h>
#include <hv/bitmap.h>
#include <hv/cell.h>
#include <hv/console.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/setup.h>
#include <hv/string.h>

struct cell root_cell;
struct cell *cells[MAX_CELLS];

bool cell_owns_cpu(const struct cell *cell, unsigned int cpu)
{
	return cpu < hv_max_cpus && test_bit(cpu, cell->cpus);
}

bool cell_owns_irq(const struct cell *cell, unsigned int intid)
{
	return intid < NUM_INTIDS && test_bit(intid, cell->irqs);
}

struct cell *cell_by_id(u64 id)
{
	return id < MAX_CELLS ? cells[id] : NULL;
}

unsigned int cell_count(void)
{
	unsigned int n, count = 0;

	for (n = 0; n < MAX_CELLS; n++)
		count += cells[n] != NULL;
	return count;
}

unsigned long cell_region_flags(u64 jh_flags)
{
	unsigned long flags = 0;

	if (jh_flags & JH_MEM_READ)
		flags |= PAGE_READ;
	if (jh_flags & JH_MEM_WRITE)
		flags |= PAGE_WRITE;
	if (jh_flags & JH_MEM_EXECUTE)
		flags |= PAGE_EXEC;
	if (jh_flags & JH_MEM_IO)
		flags |= PAGE_DEVICE;
	return flags;
}

const struct jh_memory_region *cell_root_region(u64 phys, u64 size)
{
	const struct jh_cell_desc *root = root_cell.desc;
	const struct jh_memory_region *r = jh_cell_regions(root);
	unsigned int n;

	for (n = 0; n < root->num_memory_regions; n++, r++)
		if (phys >= r->phys_start && size <= r->size &&
		    phys - r->phys_start <= r->size - size)
			return r;
	return NULL;
}

/*
 * The non-root cell one of whose memory regions holds @phys, or NULL.
 * Only for reports: no lock is taken, a cell may go away right after.
 */
struct cell *cell_owning_phys(u64 phys)
{
	const struct jh_memory_region *r;
	struct cell *cell;
	unsigned int i, n;

	for_each_cell(cell, i) {
		if (cell == &root_cell || !cell->desc)
			continue;
		r = jh_cell_regions(cell->desc);
		for (n = 0; n < cell->desc->num_memory_regions; n++, r++)
			if (phys >= r->phys_start &&
			    phys - r->phys_start < r->size)
				return cell;
	}
	return NULL;
}

static int map_regions(struct cell *cell)
{
	const struct jh_memory_region *r = jh_cell_regions(cell->desc);
	unsigned int n;
	int err;

	for (n = 0; n < cell->desc->num_memory_regions; n++) {
		/* Its page stays unmapped: accesses trap (mmio_subpage.c). */
		if (r[n].flags & JH_MEM_SUBPAGE)
			continue;
		err = paging_map(&cell->s2, r[n].virt_start, r[n].phys_start,
				 r[n].size, cell_region_flags(r[n].flags));
		if (err) {
			printk("cell %s: cannot map region %u: %d\n",
			       cell->desc->name, n, err);
			return err;
		}
	}
	return 0;
}

/* The root cell reads the console ring through its own read-only map. */
static int map_console(struct cell *cell)
{
	u64 ring = (u64)hv_console_ring;

	return paging_map(&cell->s2, ring, ring,
			  ALIGN_UP(sizeof(*hv_console_ring) +
				   hv_console_ring->size, PAGE_SIZE),
			  PAGE_READ);
}

static void root_irqs(const struct jh_cell_desc *desc)
{
	const struct jh_irq_range *irq = jh_cell_irqs(desc);
	unsigned int n, i;

	for (n = 0; n < desc->num_irq_ranges; n++, irq++)
		for (i = 0; i < irq->count; i++)
			set_bit(irq->first + i, root_cell.irqs);
}

int cell_init_root(const struct jh_cell_desc *desc)
{
	int err;

	memset(cells, 0, sizeof(cells));
	memset(&root_cell, 0, sizeof(root_cell));
	root_cell.id = 0;
	root_cell.desc = desc;
	root_cell.state = JH_CELL_STATE_RUNNING;
	memcpy(root_cell.cpus, desc->cpus, sizeof(root_cell.cpus));
	root_irqs(desc);
	err = arch_cell_paging_create(&root_cell);
	if (err)
		return err;
	err = map_regions(&root_cell);
	if (!err)
		err = map_console(&root_cell);
	if (!err)
		err = arch_cell_init(&root_cell);
	if (!err)
		cells[0] = &root_cell;
	return err;
}

/* Non-root cells: map the config's regions into a fresh stage 2. */
int cell_paging_init(struct cell *cell)
{
	int err = arch_cell_paging_create(cell);

	if (!err)
		err = map_regions(cell);
	return err;
}
