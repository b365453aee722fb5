/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HV_CELL_H
#define _HV_CELL_H

#include <hv/types.h>
#include <hv/paging.h>
#include <jailhouse/config.h>

struct cell {
	unsigned int id;
	const struct jh_cell_desc *desc;	/* inside the validated config */
	u64 cpus[JH_CPU_SET_WORDS];
	struct page_table s2;			/* guest-physical -> physical */
};

extern struct cell root_cell;

int cell_init_root(const struct jh_cell_desc *desc);
bool cell_owns_cpu(const struct cell *cell, unsigned int cpu);

#define for_each_cell_cpu(cpu, cell) \
	for_each_set_bit(cpu, (cell)->cpus, hv_max_cpus)

#endif
