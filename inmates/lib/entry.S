/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Image entry (offset 0), secondary CPU entry and the EL1 vector table.
 * The image is linked at 0 and runs wherever it was loaded (4 KiB
 * aligned): the boot CPU first applies its R_AARCH64_RELATIVE
 * relocations, then zeroes bss. Everything before that uses PC-relative
 * addressing only.
 */
#include <asm-offsets.h>
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
	/* lower EL, AArch64: EL0 runs of el0_run() */
	.balign	0x80
	b	el0_sync_entry
	.balign	0x80
	b	irq_entry
	vector_unhandled 10
	vector_unhandled 11
	/* lower EL, AArch32: the same for a 32-bit EL0 */
	.balign	0x80
	b	el0_sync_entry
	.balign	0x80
	b	irq_entry
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

/*
 * void el0_run(struct el0_regs *r): run at EL0 (either state) from r->pc
 * with PSTATE r->spsr and x0-x14 (r0-r14) from r->x, until EL0 takes its
 * first synchronous exception (SVC, undefined instruction, abort): that
 * returns from here with r->x, esr, elr, far filled in. Interrupts at EL0
 * go through irq_entry and EL0 resumes. Layout: <inmate.h>.
 */
/* Slot of register xN in struct el0_regs (asm-offsets.c). */
#define EL0_XN(n)	(EL0_X + (n) * 8)

	.globl	el0_run
el0_run:
	stp	x19, x20, [x0, #EL0_SAVED]
	stp	x21, x22, [x0, #EL0_SAVED + 16]
	stp	x23, x24, [x0, #EL0_SAVED + 32]
	stp	x25, x26, [x0, #EL0_SAVED + 48]
	stp	x27, x28, [x0, #EL0_SAVED + 64]
	stp	x29, x30, [x0, #EL0_SAVED + 80]
	mov	x1, sp
	str	x1, [x0, #EL0_SAVED + 96]
	mrs	x1, daif
	str	x1, [x0, #EL0_SAVED + 104]
	mrs	x1, tpidr_el1
	adrp	x2, el0_active
	add	x2, x2, :lo12:el0_active
	str	x0, [x2, x1, lsl #3]
	ldr	x1, [x0, #EL0_PC]
	msr	elr_el1, x1
	ldr	x1, [x0, #EL0_SPSR]
	msr	spsr_el1, x1
	ldp	x2, x3, [x0, #EL0_XN(2)]
	ldp	x4, x5, [x0, #EL0_XN(4)]
	ldp	x6, x7, [x0, #EL0_XN(6)]
	ldp	x8, x9, [x0, #EL0_XN(8)]
	ldp	x10, x11, [x0, #EL0_XN(10)]
	ldp	x12, x13, [x0, #EL0_XN(12)]
	ldr	x14, [x0, #EL0_XN(14)]
	ldp	x0, x1, [x0, #EL0_XN(0)]
	eret

el0_sync_entry:
	stp	x0, x1, [sp, #-16]!
	mrs	x0, tpidr_el1
	adrp	x1, el0_active
	add	x1, x1, :lo12:el0_active
	add	x1, x1, x0, lsl #3
	ldr	x0, [x1]
	cbz	x0, 1f
	str	xzr, [x1]
	stp	x2, x3, [x0, #EL0_XN(2)]
	stp	x4, x5, [x0, #EL0_XN(4)]
	stp	x6, x7, [x0, #EL0_XN(6)]
	stp	x8, x9, [x0, #EL0_XN(8)]
	stp	x10, x11, [x0, #EL0_XN(10)]
	stp	x12, x13, [x0, #EL0_XN(12)]
	str	x14, [x0, #EL0_XN(14)]
	ldp	x2, x3, [sp], #16		/* EL0's x0, x1 */
	stp	x2, x3, [x0, #EL0_XN(0)]
	mrs	x1, esr_el1
	str	x1, [x0, #EL0_ESR]
	mrs	x1, elr_el1
	str	x1, [x0, #EL0_ELR]
	mrs	x1, far_el1
	str	x1, [x0, #EL0_FAR]
	ldr	x1, [x0, #EL0_SAVED + 96]
	mov	sp, x1
	ldr	x1, [x0, #EL0_SAVED + 104]
	msr	daif, x1
	ldp	x19, x20, [x0, #EL0_SAVED]
	ldp	x21, x22, [x0, #EL0_SAVED + 16]
	ldp	x23, x24, [x0, #EL0_SAVED + 32]
	ldp	x25, x26, [x0, #EL0_SAVED + 48]
	ldp	x27, x28, [x0, #EL0_SAVED + 64]
	ldp	x29, x30, [x0, #EL0_SAVED + 80]
	ret
1:	add	sp, sp, #16			/* no EL0 run: unexpected */
	mov	x0, #12
	b	unhandled_entry

unhandled_entry:
	mrs	x1, esr_el1
	mrs	x2, elr_el1
	mrs	x3, far_el1
	mrs	x4, spsr_el1
	bl	exception_unhandled
	b	park

	.section .note.GNU-stack, "", %progbits
