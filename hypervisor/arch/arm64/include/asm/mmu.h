/* SPDX-License-Identifier: GPL-2.0 */
/* Stage-2 translation register values (mmu.c) for the CPU setup. */
#ifndef _ASM_MMU_H
#define _ASM_MMU_H

#include <hv/types.h>

struct cell;

u64 arch_vtcr(void);
u64 arch_vttbr(const struct cell *cell);

#endif
