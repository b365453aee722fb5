/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ASM_CELL_H
#define _ASM_CELL_H

#include <hv/types.h>

/* Root's view of the cell's SPIs before create, restored on destroy. */
/* Pool pages holding root's SPI setup: routing, priority, trigger mode. */
struct spi_state {
	u64 router[1024];
	u8 prio[1024];
	u32 cfg[64];			/* GICD_ICFGR words, 16 INTIDs each */
};

#define SPI_STATE_PAGES	3

struct arch_cell {
	struct spi_state *spi;		/* SPI_STATE_PAGES pool pages */
	u64 spi_enabled[16];		/* enable bits per INTID */
};

#endif
