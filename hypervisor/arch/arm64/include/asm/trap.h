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

void arch_handle_sync(struct trap_context *ctx);
void arch_handle_irq(struct trap_context *ctx);
void arch_handle_serror(struct trap_context *ctx);
void arch_handle_el2_fault(struct trap_context *ctx);
void __noreturn arch_leave_el2(struct trap_context *ctx, u64 sctlr);
void __noreturn arch_enter_el1(u64 pc, u64 ctx);
void __noreturn arch_park(void);
#endif

#endif
