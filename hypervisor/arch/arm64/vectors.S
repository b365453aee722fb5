/* SPDX-License-Identifier: GPL-2.0 */
/* EL2 exception vectors: save the guest's registers, call C, restore. */
#define __ASSEMBLY__
#include <asm/trap.h>

.macro	save_ctx
	sub	sp, sp, #CTX_SIZE
	stp	x0, x1, [sp, #CTX_X(0)]
	stp	x2, x3, [sp, #CTX_X(2)]
	stp	x4, x5, [sp, #CTX_X(4)]
	stp	x6, x7, [sp, #CTX_X(6)]
	stp	x8, x9, [sp, #CTX_X(8)]
	stp	x10, x11, [sp, #CTX_X(10)]
	stp	x12, x13, [sp, #CTX_X(12)]
	stp	x14, x15, [sp, #CTX_X(14)]
	stp	x16, x17, [sp, #CTX_X(16)]
	stp	x18, x19, [sp, #CTX_X(18)]
	stp	x20, x21, [sp, #CTX_X(20)]
	stp	x22, x23, [sp, #CTX_X(22)]
	stp	x24, x25, [sp, #CTX_X(24)]
	stp	x26, x27, [sp, #CTX_X(26)]
	stp	x28, x29, [sp, #CTX_X(28)]
	mrs	x1, elr_el2
	stp	x30, x1, [sp, #CTX_X(30)]
	mrs	x1, spsr_el2
	str	x1, [sp, #CTX_SPSR]
	mov	x0, sp
.endm

.macro	vector handler
	.balign	0x80
	save_ctx
	bl	\handler
	b	restore_ctx
.endm

	.section .text.vectors, "ax"
	.balign	0x800
	.globl	hv_vectors
hv_vectors:
	/* current EL, SP_EL0 */
	vector arch_handle_el2_fault
	vector arch_handle_el2_fault
	vector arch_handle_el2_fault
	vector arch_handle_el2_fault
	/* current EL, SP_ELx */
	vector arch_handle_el2_fault
	vector arch_handle_el2_fault
	vector arch_handle_el2_fault
	vector arch_handle_el2_fault
	/* lower EL, AArch64 */
	vector arch_handle_sync
	vector arch_handle_irq
	vector arch_handle_irq
	vector arch_handle_serror
	/*
	 * lower EL, AArch32: only taken if EL1 itself ran AArch32, which
	 * HCR_EL2.RW = 1 rules out (32-bit EL0 of an AArch64 EL1 enters
	 * above). Handled like AArch64 anyway: a guest must never reach the
	 * EL2 fault path, whatever the architecture leaves to chance.
	 */
	vector arch_handle_sync
	vector arch_handle_irq
	vector arch_handle_irq
	vector arch_handle_serror

restore_ctx:
	ldr	x1, [sp, #CTX_SPSR]
	msr	spsr_el2, x1
	ldp	x30, x1, [sp, #CTX_X(30)]
	msr	elr_el2, x1
	ldp	x0, x1, [sp, #CTX_X(0)]
	ldp	x2, x3, [sp, #CTX_X(2)]
	ldp	x4, x5, [sp, #CTX_X(4)]
	ldp	x6, x7, [sp, #CTX_X(6)]
	ldp	x8, x9, [sp, #CTX_X(8)]
	ldp	x10, x11, [sp, #CTX_X(10)]
	ldp	x12, x13, [sp, #CTX_X(12)]
	ldp	x14, x15, [sp, #CTX_X(14)]
	ldp	x16, x17, [sp, #CTX_X(16)]
	ldp	x18, x19, [sp, #CTX_X(18)]
	ldp	x20, x21, [sp, #CTX_X(20)]
	ldp	x22, x23, [sp, #CTX_X(22)]
	ldp	x24, x25, [sp, #CTX_X(24)]
	ldp	x26, x27, [sp, #CTX_X(26)]
	ldp	x28, x29, [sp, #CTX_X(28)]
	add	sp, sp, #CTX_SIZE
	eret
