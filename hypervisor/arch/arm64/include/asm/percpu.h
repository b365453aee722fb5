/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ASM_PERCPU_H
#define _ASM_PERCPU_H

#include <hv/types.h>

/* EL2 state found on entry; restored when the CPU goes back to Linux. */
struct el2_state {
	u64 vbar, hcr, sctlr, cptr, mdcr, cnthctl, vttbr, vtcr;
};

#define IRQ_QUEUE_LEN	16

/* MPIDR_EL1 Aff3 (39:32) and Aff2..Aff0 (23:0): what names a CPU; the
 * MT, U and RES1 bits do not (the core's cpu_by_mpidr() masks with it). */
#define ARCH_MPIDR_ID_MASK	0xff00ffffffUL

struct arch_per_cpu {
	struct el2_state saved;
	bool cold;		/* entered through PSCI CPU_ON, not the stub */
	unsigned int gicr_frame;	/* this CPU's redistributor */
	unsigned int num_lrs;		/* GIC list registers */
	/* Virtual SGIs posted by other CPUs of the cell (bit per INTID). */
	u32 vsgi_pending;
	/* Root's SGI/PPI trigger modes and priorities, restored when the
	 * CPU restarts a cell or goes back to root. */
	u32 saved_icfgr1, saved_prio[8];
	/* Interrupts waiting for a free list register. */
	u16 queue[IRQ_QUEUE_LEN];
	unsigned int queued;
	/* A device access on a guest's behalf is running; the bus failed it
	 * (set by the EL2 fault vector: mmio.c). */
	volatile bool dev_access, dev_fault;
};

#endif
