// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Exceptions nobody handles: say what happened, then report it to the
 * hypervisor (GUEST_PANIC parks the CPU and marks the cell failed) or,
 * bare, stop the CPU.
 */
#include <jailhouse/hypercall.h>
#include "internal.h"

/* el0_run() in entry.S; per CPU the run in progress, if any. */
struct el0_regs *el0_active[INMATE_MAX_CPUS];

static const char *const vector_names[16] = {
	"sync (SP0)", "IRQ (SP0)", "FIQ (SP0)", "SError (SP0)",
	"sync", "IRQ", "FIQ", "SError",
	"sync (lower EL)", "IRQ (lower EL)", "FIQ (lower EL)",
	"SError (lower EL)",
	"sync (AArch32)", "IRQ (AArch32)", "FIQ (AArch32)",
	"SError (AArch32)",
};

void __noreturn exception_unhandled(u64 vector, u64 esr, u64 elr, u64 far,
				    u64 spsr)
{
	printk("inmate: CPU %u (MPIDR 0x%llx): unhandled exception: %s\n"
	       "inmate:   ESR 0x%08llx (EC 0x%02llx) ELR 0x%016llx\n"
	       "inmate:   FAR 0x%016llx SPSR 0x%08llx\n",
	       this_cpu(), sysreg_read(mpidr_el1) & MPIDR_AFF_MASK,
	       vector_names[vector & 15], esr, esr >> 26, elr, far, spsr);
	if (!inmate_is_bare())
		jh_hypercall(JH_HC_GUEST_PANIC, esr, elr, far);
	printk("inmate: CPU %u halted\n", this_cpu());
	inmate_halt();
}
