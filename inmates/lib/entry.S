/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Image entry (offset 0), secondary CPU entry and the EL1 vector table.
 * The image is linked at 0 and runs wherever it was loaded (4 KiB
 * aligned): the boot CPU first applies its R_AARCH64_RELATIVE
 * relocations, then zeroes bss. Everything before that uses PC-relative
 * addressing only.
 */
#include <inmate.h>

#define R_AARCH64_RELATIVE	1027
#define IRQ_FRAME		192

	.section .text.head, "ax"
	.globl	_start
_start:
	b	boot_entry
	.balign	8
	/* Header for tools: magic, bytes in the file, bytes of memory used. */
	.ascii	"JHINMATE"
	.quad	__image_end - _start
	.quad	__mem_end - _start

boot_entry:
	msr	daifset, #0xf
	mov	x19, x0				/* comm region or 0 */
	adr	x20, _start			/* load address */

	adrp	x1, __rela_start
	add	x1, x1, :lo12:__rela_start
	adrp	x2, __rela_end
	add	x2, x2, :lo12:__rela_end
	mov	x6, #R_AARCH64_RELATIVE
1:	cmp	x1, x2
	b.hs	2f
	ldp	x3, x4, [x1]			/* r_offset, r_info */
	ldr	x5, [x1, #16]			/* r_addend */
	add	x1, x1, #24
	cmp	x4, x6				/* symbol 0, RELATIVE */
	b.ne	1b
	add	x5, x5, x20
	str	x5, [x20, x3]
	b	1b

2:	adrp	x1, __bss_start
	add	x1, x1, :lo12:__bss_start
	adrp	x2, __bss_end
	add	x2, x2, :lo12:__bss_end
3:	cmp	x1, x2
	b.hs	4f
	stp	xzr, xzr, [x1], #16
	b	3b

4:	mov	x0, #0
	bl	cpu_setup
	mov	x0, x19
	bl	inmate_boot
	b	park

	.text
/*
 * x0 = CPU index: TPIDR_EL1 = index, SP = top of its stack, VBAR_EL1.
 * Clobbers x1, x2, x9. Does not touch memory.
 */
cpu_setup:
	msr	tpidr_el1, x0
	adrp	x1, inmate_stacks
	add	x1, x1, :lo12:inmate_stacks
	add	x2, x0, #1
	mov	x9, #INMATE_STACK_SIZE
	madd	x1, x2, x9, x1
	mov	sp, x1
	adrp	x1, inmate_vectors
	add	x1, x1, :lo12:inmate_vectors
	msr	vbar_el1, x1
	isb
	ret

/*
 * PSCI CPU_ON entry: MMU off, x0 = context (ignored: the CPU finds its
 * index by looking its MPIDR up in inmate_cpu_mpidr[]).
 */
	.globl	inmate_secondary_entry
inmate_secondary_entry:
	msr	daifset, #0xf
	mrs	x1, mpidr_el1
	ubfx	x2, x1, #32, #8			/* Aff3 */
	and	x1, x1, #0xffffff		/* Aff2..Aff0 */
	orr	x1, x1, x2, lsl #32
	adrp	x3, inmate_cpu_mpidr
	add	x3, x3, :lo12:inmate_cpu_mpidr
	mov	x0, #0
1:	ldr	x4, [x3, x0, lsl #3]
	cmp	x4, x1
	b.eq	2f
	add	x0, x0, #1
	cmp	x0, #INMATE_MAX_CPUS
	b.lo	1b
	b	park				/* not one of ours */
2:	mov	x19, x0
	bl	cpu_setup
	mov	x0, x19
	bl	inmate_secondary
park:
	msr	daifset, #0xf
	wfi
	b	park

/* ---- exception vectors ---- */
.macro	vector_unhandled idx
	.balign	0x80
	mov	x0, #\idx
	b	unhandled_entry
.endm

	.section .vectors, "ax"
	.balign	2048
	.globl	inmate_vectors
inmate_vectors:
	/* current EL with SP0 */
	vector_unhandled 0
	vector_unhandled 1
	vector_unhandled 2
	vector_unhandled 3
	/* current EL with SPx */
	vector_unhandled 4
	.balign	0x80
	b	irq_entry
	vector_unhandled 6
	vector_unhandled 7
	/* lower EL, AArch64 */
	vector_unhandled 8
	vector_unhandled 9
	vector_unhandled 10
	vector_unhandled 11
	/* lower EL, AArch32 */
	vector_unhandled 12
	vector_unhandled 13
	vector_unhandled 14
	vector_unhandled 15
	.balign	0x80

	.text
irq_entry:
	sub	sp, sp, #IRQ_FRAME
	stp	x0, x1, [sp, #0]
	mrs	x0, cntvct_el0			/* latency timestamp, first */
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x29, [sp, #144]
	str	x30, [sp, #160]
	mrs	x1, elr_el1
	mrs	x2, spsr_el1
	stp	x1, x2, [sp, #168]
	bl	irq_handle
	ldp	x1, x2, [sp, #168]
	msr	elr_el1, x1
	msr	spsr_el1, x2
	ldr	x30, [sp, #160]
	ldp	x18, x29, [sp, #144]
	ldp	x16, x17, [sp, #128]
	ldp	x14, x15, [sp, #112]
	ldp	x12, x13, [sp, #96]
	ldp	x10, x11, [sp, #80]
	ldp	x8, x9, [sp, #64]
	ldp	x6, x7, [sp, #48]
	ldp	x4, x5, [sp, #32]
	ldp	x2, x3, [sp, #16]
	ldp	x0, x1, [sp, #0]
	add	sp, sp, #IRQ_FRAME
	eret

unhandled_entry:
	mrs	x1, esr_el1
	mrs	x2, elr_el1
	mrs	x3, far_el1
	mrs	x4, spsr_el1
	bl	exception_unhandled
	b	park

	.section .note.GNU-stack, "", %progbits
