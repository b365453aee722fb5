/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ASM_PERCPU_H
#define _ASM_PERCPU_H

#include <hv/types.h>

/* EL2 state found on entry; restored when the CPU goes back to Linux. */
struct el2_state {
	u64 vbar, hcr, sctlr, cptr, mdcr, cnthctl, vttbr, vtcr;
};

struct arch_per_cpu {
	struct el2_state saved;
	/* Where Linux wants this CPU to start after PSCI CPU_ON. */
	u64 boot_pc, boot_ctx;
	bool cold;		/* entered through PSCI CPU_ON, not the stub */
};

#endif
