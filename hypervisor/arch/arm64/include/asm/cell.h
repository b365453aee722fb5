/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ASM_CELL_H
#define _ASM_CELL_H

#include <hv/types.h>

/* Root's view of the cell's SPIs before create, restored on destroy. */
struct arch_cell {
	u64 *spi_router;		/* IROUTER per INTID (pool pages) */
	u64 spi_enabled[16];		/* enable bits per INTID */
};

#endif
