/* SPDX-License-Identifier: GPL-2.0 */
/* Host stand-in for the architecture's per-cell state. */
#ifndef _ASM_CELL_H
#define _ASM_CELL_H

struct arch_cell {
	unsigned int init_count;	/* times the fake arch_cell_init ran */
};

#endif
