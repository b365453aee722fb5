// SPDX-License-Identifier: GPL-2.0
#include <hv/arch.h>
#include <hv/bitmap.h>
#include <hv/cell.h>
#include <hv/console.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/string.h>

struct cell root_cell;

bool cell_owns_cpu(const struct cell *cell, unsigned int cpu)
{
	return cpu < hv_max_cpus && test_bit(cpu, cell->cpus);
}

/* Config region flags (JH_MEM_*) as generic page flags. */
static unsigned long region_flags(u64 jh_flags)
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

static int map_regions(struct cell *cell)
{
	const struct jh_memory_region *r = jh_cell_regions(cell->desc);
	unsigned int n;
	int err;

	for (n = 0; n < cell->desc->num_memory_regions; n++) {
		err = paging_map(&cell->s2, r[n].virt_start, r[n].phys_start,
				 r[n].size, region_flags(r[n].flags));
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

int cell_init_root(const struct jh_cell_desc *desc)
{
	int err;

	root_cell.id = 0;
	root_cell.desc = desc;
	memcpy(root_cell.cpus, desc->cpus, sizeof(root_cell.cpus));
	err = arch_cell_paging_create(&root_cell);
	if (err)
		return err;
	err = map_regions(&root_cell);
	if (!err)
		err = map_console(&root_cell);
	return err;
}
