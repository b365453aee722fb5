// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Offsets into struct el0_regs (<inmate.h>) for el0_run and its exception
 * entry in entry.S. Compiled with -S only: scripts/asm-offsets.sh turns
 * the markers into generated/asm-offsets.h, so entry.S follows the C
 * struct. What the assembly assumes beyond single offsets (8-byte slots,
 * pairs moved with one ldp/stp) is asserted here.
 */
#include <inmate.h>

#define ASM_OFFSET(name, value) \
	asm volatile("\n.ascii \"->ASM_OFFSET " #name " %c0\"" : : "i" (value))

#define FIELD_SIZE(type, field)	sizeof(((type *)0)->field)

_Static_assert(FIELD_SIZE(struct el0_regs, x[0]) == 8,
	       "el0_run moves x0-x14 as 8-byte slots");
_Static_assert(FIELD_SIZE(struct el0_regs, x) / 8 == 15,
	       "el0_run passes exactly x0-x14");
_Static_assert(FIELD_SIZE(struct el0_regs, saved) == 14 * 8,
	       "el0_run saves x19-x30, SP and DAIF");

static void __attribute__((used)) asm_offsets(void)
{
	ASM_OFFSET(EL0_X, offsetof(struct el0_regs, x));
	ASM_OFFSET(EL0_PC, offsetof(struct el0_regs, pc));
	ASM_OFFSET(EL0_SPSR, offsetof(struct el0_regs, spsr));
	ASM_OFFSET(EL0_ESR, offsetof(struct el0_regs, esr));
	ASM_OFFSET(EL0_ELR, offsetof(struct el0_regs, elr));
	ASM_OFFSET(EL0_FAR, offsetof(struct el0_regs, far));
	ASM_OFFSET(EL0_SAVED, offsetof(struct el0_regs, saved));
}
