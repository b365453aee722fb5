/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ASM_TRAP_H
#define _ASM_TRAP_H

/* Guest registers as saved by the vectors on the CPU's stack. */
#define CTX_ELR		(31 * 8)
#define CTX_SPSR	(32 * 8)
#define CTX_SIZE	(34 * 8)

#ifndef __ASSEMBLY__
#include <hv/types.h>

struct trap_context {
	u64 x[31];
	u64 elr, spsr, pad;
};

_Static_assert(sizeof(struct trap_context) == CTX_SIZE, "trap frame");

void arch_handle_sync(struct trap_context *ctx);
void arch_handle_irq(struct trap_context *ctx);
void arch_handle_serror(struct trap_context *ctx);
void arch_handle_el2_fault(struct trap_context *ctx);
void __noreturn arch_leave_el2(struct trap_context *ctx, u64 sctlr);
void __noreturn arch_enter_el1(u64 pc, u64 ctx);
void __noreturn arch_park(void);
#endif

#endif
