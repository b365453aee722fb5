/* SPDX-License-Identifier: GPL-2.0 */
/*
 * EL2 entry points. All code runs identity mapped (VA == PA), so the MMU
 * can be switched on and off without jumping; the image is linked at 0 as
 * a position-independent executable and relocated once on first entry.
 */
#define __ASSEMBLY__
#include <asm-offsets.h>
#include <hv/percpu.h>
#include <asm/sysreg.h>
#include <asm/trap.h>

#define R_AARCH64_RELATIVE	1027

	.section .text.entry, "ax"

/* x0 = CPU ID, x1 = hypervisor base; returns x0 = 0 or -errno. */
	.globl hv_entry
hv_entry:
	mov	x9, x0
	adrp	x10, __percpu_start
	add	x10, x10, :lo12:__percpu_start
	/* Refuse CPU IDs without a per-CPU area before touching memory. */
	adrp	x11, hv_header
	add	x11, x11, :lo12:hv_header
	ldr	w12, [x11, #HV_HEADER_MAX_CPUS]
	cmp	x9, x12
	b.hs	.Lbad_cpu
	mov	x12, #PERCPU_SIZE
	madd	x10, x9, x12, x10
	add	x10, x10, #PERCPU_STACK_TOP
	mov	sp, x10
	/* Callee-saved registers of the driver's hvc caller. */
	stp	x19, x20, [sp, #-96]!
	stp	x21, x22, [sp, #16]
	stp	x23, x24, [sp, #32]
	stp	x25, x26, [sp, #48]
	stp	x27, x28, [sp, #64]
	stp	x29, x30, [sp, #80]
	mov	x19, x9
	mov	x20, x1
	mrs	x21, elr_el2
	mrs	x22, spsr_el2
	mrs	x23, vbar_el2
	bl	relocate_once
	mov	x0, x19
	mov	x1, x20
	bl	hv_early_init
	sxtw	x0, w0			/* int -> 64-bit errno for the driver */
	cbnz	x0, .Lreturn
	bl	arch_mmu_enable
	mov	x0, x19
	mov	x1, x23
	bl	arch_warm_cpu_init
	sxtw	x0, w0
.Lreturn:
	msr	elr_el2, x21
	msr	spsr_el2, x22
	ldp	x21, x22, [sp, #16]
	ldp	x23, x24, [sp, #32]
	ldp	x25, x26, [sp, #48]
	ldp	x27, x28, [sp, #64]
	ldp	x29, x30, [sp, #80]
	ldp	x19, x20, [sp], #96
	eret
.Lbad_cpu:
	mov	x0, #-22
	eret

/* PSCI CPU_ON target: fresh CPU at EL2, MMU off, x0 = CPU ID. */
	.globl hv_cold_entry
hv_cold_entry:
	mov	x19, x0
	adrp	x10, __percpu_start
	add	x10, x10, :lo12:__percpu_start
	mov	x12, #PERCPU_SIZE
	madd	x10, x19, x12, x10
	add	x10, x10, #PERCPU_STACK_TOP
	mov	sp, x10
	bl	arch_mmu_enable
	mov	x0, x19
	bl	arch_cold_cpu_init	/* does not return */
	b	arch_park

/* Apply R_AARCH64_RELATIVE relocations once: the image is linked at 0. */
relocate_once:
	adrp	x0, relocated
	add	x0, x0, :lo12:relocated
	ldr	x1, [x0]
	cbnz	x1, 2f
	adrp	x2, __image_start
	add	x2, x2, :lo12:__image_start
	adrp	x3, __rela_start
	add	x3, x3, :lo12:__rela_start
	adrp	x4, __rela_end
	add	x4, x4, :lo12:__rela_end
1:	cmp	x3, x4
	b.hs	3f
	ldp	x5, x6, [x3], #16	/* r_offset, r_info */
	ldr	x7, [x3], #8		/* r_addend */
	cmp	w6, #R_AARCH64_RELATIVE
	b.ne	1b
	add	x7, x7, x2
	str	x7, [x2, x5]
	b	1b
3:	mov	x1, #1
	str	x1, [x0]
2:	ret

/* Turn on the EL2 MMU with the tables arch_init_early() built. */
	.globl arch_mmu_enable
arch_mmu_enable:
	adrp	x0, hv_ttbr
	ldr	x0, [x0, :lo12:hv_ttbr]
	adrp	x1, hv_tcr
	ldr	x1, [x1, :lo12:hv_tcr]
	ldr	x2, =MAIR_EL2_VALUE
	msr	mair_el2, x2
	msr	tcr_el2, x1
	msr	ttbr0_el2, x0
	isb
	tlbi	alle2
	dsb	nsh
	isb
	mrs	x0, sctlr_el2
	ldr	x1, =(SCTLR_EL2_M | SCTLR_EL2_C | SCTLR_EL2_I | SCTLR_EL2_SA)
	orr	x0, x0, x1
	msr	sctlr_el2, x0
	isb
	ret

/* Return to the guest without the hypervisor: x0 = ctx, x1 = SCTLR_EL2. */
	.globl arch_leave_el2
arch_leave_el2:
	ldp	x2, x3, [x0, #CTX_ELR]
	msr	elr_el2, x2
	msr	spsr_el2, x3
	mov	x30, x0
	ldp	x2, x3, [x30, #CTX_X(2)]
	ldp	x4, x5, [x30, #CTX_X(4)]
	ldp	x6, x7, [x30, #CTX_X(6)]
	ldp	x8, x9, [x30, #CTX_X(8)]
	ldp	x10, x11, [x30, #CTX_X(10)]
	ldp	x12, x13, [x30, #CTX_X(12)]
	ldp	x14, x15, [x30, #CTX_X(14)]
	ldp	x16, x17, [x30, #CTX_X(16)]
	ldp	x18, x19, [x30, #CTX_X(18)]
	ldp	x20, x21, [x30, #CTX_X(20)]
	ldp	x22, x23, [x30, #CTX_X(22)]
	ldp	x24, x25, [x30, #CTX_X(24)]
	ldp	x26, x27, [x30, #CTX_X(26)]
	ldp	x28, x29, [x30, #CTX_X(28)]
	ldr	x0, [x30, #CTX_X(0)]
	ldr	x30, [x30, #CTX_X(30)]
	/* Identity mapped: the next fetch hits the same address. */
	msr	sctlr_el2, x1
	isb
	mov	x1, #0
	eret

/* Start a guest CPU at EL1 with the MMU off: x0 = pc, x1 = context. */
	.globl arch_enter_el1
arch_enter_el1:
	/* Drop the C frames: the next trap starts from an empty stack. */
	mrs	x2, tpidr_el2
	add	x2, x2, #PERCPU_STACK_TOP
	mov	sp, x2
	msr	elr_el2, x0
	mov	x2, #SPSR_EL1H_MASKED
	msr	spsr_el2, x2
	mov	x0, x1
	.irp n,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30
	mov	x\n, #0
	.endr
	eret

	.globl arch_park
arch_park:
	msr	daifset, #0xf
1:	wfe
	b	1b

	.pushsection .data
	.balign 8
relocated:
	.quad	0
	.popsection
