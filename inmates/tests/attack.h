/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Shared pieces of the attack inmates (inmates/tests/attack-*.c): the
 * QEMU virt / configs/qemu-arm64*.yaml addresses they aim at, raw
 * hvc/smc with every register visible, an EL1 exception catcher for
 * probes that are expected to fault at EL1 (UNDEF, illegal state,
 * breakpoints), a counter for interrupts that arrive, and an LFSR.
 *
 * Each attack inmate includes this header exactly once (it defines the
 * catcher's vector table and state).
 */
#ifndef _ATTACK_H
#define _ATTACK_H

#include <inmate.h>
#include <jailhouse/hypercall.h>
#include "celltest.h"

/* ---- the machine (configs/qemu-arm64.yaml, cell-a, cell-b) ---- */
#define AK_ROOT_RAM		0x40000000UL	/* root Linux, DTB first */
#define AK_ROOT_KERNEL		0x40200000UL
#define AK_ROOT_RAM_TOP		0x6ffff000UL
#define AK_HV_MEM		0x70000000UL	/* hypervisor, 4 MiB */
#define AK_HV_MEM_TOP		0x703ff000UL
#define AK_CELLA_PHYS		0x70400000UL	/* cell-a RAM (our IPA 0) */
#define AK_CELLB_PHYS		0x70600000UL	/* cell-b RAM */
#define AK_CELLB_COMM_PHYS	0x70700000UL
#define AK_ROOT_INMATES		0x70800000UL	/* root's, never given to us */
#define AK_OWN_RAM_SIZE		0x100000UL	/* our IPA 0..1 MiB */
#define AK_OWN_COMM		0x80000000UL	/* our comm page (IPA) */

#define AK_GICD			0x08000000UL
#define AK_GICD_SIZE		0x10000UL
#define AK_GIC_ITS		0x08080000UL
#define AK_GICR			0x080a0000UL
#define AK_GICR_FRAMES		4
#define AK_UART			0x09000000UL
#define AK_RTC			0x09010000UL
#define AK_FWCFG		0x09020000UL
#define AK_GPIO			0x09030000UL
#define AK_VIRTIO		0x0a000000UL	/* + n * 0x200, 32 slots */
#define AK_PCIE_MMIO		0x10000000UL
#define AK_PCIE_PIO		0x3eff0000UL
#define AK_PCIE_ECAM		0x4010000000UL
#define AK_PCIE_HIGH		0x8000000000UL

#define AK_OWN_SPI		48	/* cell-a */
#define AK_VICTIM_SPI		49	/* cell-b */
#define AK_ROOT_SPI		33	/* root's UART */
#define AK_SPARE_SPI		60	/* nobody's */
#define AK_VICTIM_MPIDR0	0x2
#define AK_VICTIM_MPIDR1	0x3
#define AK_ROOT_MPIDR		0x0

#define AK_EPERM		1
#define AK_SMCCC_NOT_SUPPORTED	(~0ULL)

/* ---- raw calls: x0..x3 in, x0..x3 out ---- */
struct ak_regs {
	u64 x[4];
};

#define AK_CLOBBERS "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", \
	"x12", "x13", "x14", "x15", "x16", "x17", "memory"

#define AK_CALL(insn, r) do {						\
	register u64 __x0 asm("x0") = (r)->x[0];			\
	register u64 __x1 asm("x1") = (r)->x[1];			\
	register u64 __x2 asm("x2") = (r)->x[2];			\
	register u64 __x3 asm("x3") = (r)->x[3];			\
	asm volatile(insn : "+r" (__x0), "+r" (__x1), "+r" (__x2),	\
		     "+r" (__x3) : : AK_CLOBBERS);			\
	(r)->x[0] = __x0; (r)->x[1] = __x1;				\
	(r)->x[2] = __x2; (r)->x[3] = __x3;				\
} while (0)

static inline u64 ak_smc(u64 a0, u64 a1, u64 a2, u64 a3)
{
	struct ak_regs r = { { a0, a1, a2, a3 } };

	AK_CALL("smc #0", &r);
	return r.x[0];
}

static inline u64 ak_hvc0(u64 a0, u64 a1, u64 a2, u64 a3)
{
	struct ak_regs r = { { a0, a1, a2, a3 } };

	AK_CALL("hvc #0", &r);
	return r.x[0];
}

static inline u64 ak_hc(u64 a0, u64 a1, u64 a2, u64 a3)
{
	struct ak_regs r = { { a0, a1, a2, a3 } };

	AK_CALL("hvc #0x4a48", &r);
	return r.x[0];
}

/* ---- LFSR (xorshift64): reproducible "random" values ---- */
static u64 ak_rand_state __attribute__((unused)) = 0x4a48a77ac4e5eedULL;

static inline u64 ak_rand(void)
{
	u64 x = ak_rand_state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	ak_rand_state = x;
	return x;
}

/* ---- interrupts that arrive, per INTID ---- */
#define AK_MAX_INTID		1020
static volatile u32 ak_irqs[AK_MAX_INTID] __attribute__((unused));

static inline void ak_irq_count(unsigned int intid)
{
	if (intid < AK_MAX_INTID)
		ak_irqs[intid]++;
}

/* Count every INTID except the library's halt SGI and the timer
 * (whose handler the caller may own). */
static inline void ak_count_all_irqs(void)
{
	unsigned int n;

	for (n = 0; n < AK_MAX_INTID; n++)
		if (n != SGI_HALT)
			irq_set_handler(n, ak_irq_count);
}

static inline u32 ak_irq_sum(unsigned int first, unsigned int last)
{
	u32 s = 0;
	unsigned int n;

	for (n = first; n <= last && n < AK_MAX_INTID; n++)
		s += ak_irqs[n];
	return s;
}

/*
 * ---- EL1 exception catcher ----
 * While installed (ak_catch_on), a synchronous exception at EL1 is
 * counted, its ESR kept, and execution goes on after the faulting
 * instruction (illegal execution state: IL is cleared and the
 * instruction is retried; SVC: ELR already points after it). Every
 * other vector goes to the library's table. Use it with IRQs masked
 * around probes that are meant to fault at EL1 and not reach EL2.
 */
u64 ak_faults, ak_last_esr, ak_last_far;
u64 ak_saved_vbar;
extern u8 ak_vectors[];

asm(
"	.pushsection .text.ak_vectors, \"ax\"\n"
"	.balign	2048\n"
"	.globl	ak_vectors\n"
"ak_vectors:\n"
"	.irp	n, 0, 1, 2, 3\n"
"	.balign	0x80\n"
"	b	inmate_vectors + \\n * 0x80\n"
"	.endr\n"
"	.balign	0x80\n"
"	b	ak_sync_catch\n"
"	.irp	n, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15\n"
"	.balign	0x80\n"
"	b	inmate_vectors + \\n * 0x80\n"
"	.endr\n"
"	.balign	0x80\n"
"ak_sync_catch:\n"
"	stp	x0, x1, [sp, #-16]!\n"
"	stp	x2, x3, [sp, #-16]!\n"
"	adrp	x1, ak_faults\n"
"	add	x1, x1, :lo12:ak_faults\n"
"	ldr	x0, [x1]\n"
"	add	x0, x0, #1\n"
"	str	x0, [x1]\n"
"	mrs	x0, esr_el1\n"
"	adrp	x1, ak_last_esr\n"
"	add	x1, x1, :lo12:ak_last_esr\n"
"	str	x0, [x1]\n"
"	mrs	x2, far_el1\n"
"	adrp	x1, ak_last_far\n"
"	add	x1, x1, :lo12:ak_last_far\n"
"	str	x2, [x1]\n"
"	lsr	x0, x0, #26\n"
"	cmp	x0, #0x0e\n"			/* illegal execution state */
"	b.ne	1f\n"
"	mrs	x2, spsr_el1\n"
"	bic	x2, x2, #(1 << 20)\n"
"	msr	spsr_el1, x2\n"
"	b	2f\n"
"1:	cmp	x0, #0x15\n"			/* SVC: ELR is past it */
"	b.eq	2f\n"
"	mrs	x2, elr_el1\n"
"	add	x2, x2, #4\n"
"	msr	elr_el1, x2\n"
"2:	ldp	x2, x3, [sp], #16\n"
"	ldp	x0, x1, [sp], #16\n"
"	eret\n"
"	.popsection\n"
);

static inline void ak_catch_on(void)
{
	ak_saved_vbar = sysreg_read(vbar_el1);
	sysreg_write(vbar_el1, (u64)ak_vectors);
	isb();
}

static inline void ak_catch_off(void)
{
	sysreg_write(vbar_el1, ak_saved_vbar);
	isb();
}

/* Faults caught since @before; the EC of the last one in *@ec. */
static inline u64 ak_caught(u64 before, unsigned int *ec)
{
	u64 n = READ_ONCE(ak_faults) - before;

	if (ec)
		*ec = n ? (unsigned int)(READ_ONCE(ak_last_esr) >> 26) : 0xff;
	return n;
}

/* ---- misc ---- */
static inline u64 ak_current_el(void)
{
	return (sysreg_read(CurrentEL) >> 2) & 3;
}

static inline void ak_cache_sync(void)
{
	asm volatile("dsb sy; ic iallu; dsb sy; isb" : : : "memory");
}

#endif
