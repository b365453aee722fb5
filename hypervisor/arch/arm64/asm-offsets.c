// SPDX-License-Identifier: GPL-2.0
/*
 * Struct offsets and sizes used by entry.S and vectors.S. Compiled with -S
 * only: scripts/asm-offsets.sh turns the markers into
 * generated/asm-offsets.h, so the assembly follows any change to these
 * structs instead of silently reading the wrong field. What the assembly
 * assumes beyond single offsets (pairs stored with one stp, 8-byte
 * registers, a 16-byte aligned stack frame) is asserted here.
 */
#include <hv/types.h>
#include <asm/trap.h>
#include <jailhouse/header.h>

#define ASM_OFFSET(name, value) \
	asm volatile("\n.ascii \"->ASM_OFFSET " #name " %c0\"" : : "i" (value))

#define offsetof(type, field)	__builtin_offsetof(type, field)
#define FIELD_SIZE(type, field)	sizeof(((type *)0)->field)

/* ldp/stp of two registers: @second right after @first. */
#define ADJACENT(type, first, second) \
	(offsetof(type, second) == offsetof(type, first) + 8)

_Static_assert(FIELD_SIZE(struct trap_context, x[0]) == 8,
	       "vectors.S saves x0-x30 as 8-byte slots");
_Static_assert(ADJACENT(struct trap_context, x[30], elr),
	       "vectors.S stores x30 and ELR_EL2 with one stp");
_Static_assert(ADJACENT(struct trap_context, elr, spsr),
	       "arch_leave_el2 loads ELR and SPSR with one ldp");
_Static_assert(sizeof(struct trap_context) % 16 == 0,
	       "the trap frame keeps SP 16-byte aligned");
_Static_assert(FIELD_SIZE(struct jh_hv_header, max_cpus) == 4,
	       "hv_entry reads max_cpus with a 32-bit ldr");

static void __attribute__((used)) asm_offsets(void)
{
	ASM_OFFSET(CTX_X0, offsetof(struct trap_context, x));
	ASM_OFFSET(CTX_ELR, offsetof(struct trap_context, elr));
	ASM_OFFSET(CTX_SPSR, offsetof(struct trap_context, spsr));
	ASM_OFFSET(CTX_SIZE, sizeof(struct trap_context));
	ASM_OFFSET(HV_HEADER_MAX_CPUS, offsetof(struct jh_hv_header, max_cpus));
}
