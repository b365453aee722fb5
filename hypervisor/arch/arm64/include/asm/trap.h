/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ASM_TRAP_H
#define _ASM_TRAP_H

#ifdef __ASSEMBLY__
#include <asm-offsets.h>
/* Slot of register xN in struct trap_context (8 bytes: asm-offsets.c). */
#define CTX_X(n)	(CTX_X0 + (n) * 8)
#else
#include <hv/types.h>

/*
 * Guest registers as saved by the vectors on the CPU's stack. The
 * assembly takes its offsets from generated/asm-offsets.h (asm-offsets.c).
 */
struct trap_context {
	u64 x[31];
	u64 elr, spsr, pad;
};

/*
 * What a trap handler decided. Handlers only decide; trap_conclude() in
 * traps.c acts on the verdict, so the fatal report and the parking of a
 * CPU happen in one place.
 */
enum trap_outcome {
	TRAP_HANDLED,		/* done: resume the guest */
	TRAP_NOT_HANDLED,	/* nothing emulates it: root's aborts get an
				   external abort, anything else is fatal */
	TRAP_FATAL,		/* the CPU's cell fails for trap_reason */
};

/* Why a trap is fatal: selects the FATAL line of the report. */
enum trap_reason {
	TRAP_REASON_UNHANDLED,		/* no handler, no emulation */
	TRAP_REASON_SYSREG,		/* a system register not emulated */
	TRAP_REASON_SERROR,		/* asynchronous external abort */
	TRAP_REASON_GUEST_PANIC,	/* JH_HC_GUEST_PANIC hypercall */
};

struct trap_verdict {
	enum trap_outcome outcome;
	enum trap_reason reason;	/* TRAP_FATAL only */
};

/*
 * The syndrome of one trap, read once on entry: ESR_EL2, and for stage-2
 * aborts the faulting VA (FAR_EL2) and IPA (HPFAR_EL2 page + FAR offset).
 * sp_el1 is read only for a report: the frame does not hold it.
 */
struct trap_fault {
	u64 esr;
	u64 far, ipa;
	u64 sp_el1;
	bool refused;	/* an emulated device refused it (MMIO_ERROR) */
};

/*
 * trap_report.c: print the report of a fatal trap of CPU @cpu_id in cell
 * @cell, ending with the "parked" line. Output only: the caller parks.
 */
void trap_report_fatal(unsigned int cpu_id, const char *cell,
		       enum trap_reason reason, const struct trap_fault *f,
		       const struct trap_context *ctx);
/* General purpose registers and SP_EL1, two per line. */
void trap_dump_regs(const struct trap_context *ctx, u64 sp_el1);

void arch_handle_sync(struct trap_context *ctx);
void arch_handle_irq(struct trap_context *ctx);
void arch_handle_serror(struct trap_context *ctx);
void arch_handle_el2_fault(struct trap_context *ctx);
/* mmio.c: an EL2 fault that failed a device access (abandoned), or not. */
bool arch_mmio_fault(struct trap_context *ctx);
void __noreturn arch_leave_el2(struct trap_context *ctx, u64 sctlr);
void __noreturn arch_enter_el1(u64 pc, u64 ctx);
void __noreturn arch_park(void);
#endif

#endif
