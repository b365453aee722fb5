// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * cell-aarch32: 32-bit code at EL0 of the cell (AArch64 EL1). A32 code
 * polls a counter while the virtual timer interrupts it (taken to EL2,
 * injected, taken by our EL1 from AArch32 EL0, vector 0x680), then leaves
 * by SVC; A32 and T32 loads from the distributor are emulated by the
 * hypervisor, which must skip 4 or 2 bytes (ESR.IL); undefined
 * instructions and an alignment fault (unaligned exclusive load) at EL0
 * come to our EL1, not to the hypervisor. The 32-bit code is emitted as
 * words (encodings checked with an Arm assembler): the toolchain here is
 * AArch64 only.
 */
#include <inmate.h>
#include "celltest.h"

#define TICK_US		1000
#define WANT_TICKS	5
#define POLL_LIMIT	100000000	/* loop bound if no tick ever comes */

#define EC_UNKNOWN	0x00
#define EC_SVC32	0x11
#define EC_DABT_LOW	0x24
#define DFSC_ALIGN	0x21

#define ESR_EC(esr)	(((esr) >> 26) & 0x3f)

void a32_poll(void);
void a32_mmio(void);
void a32_udf(void);
void a32_align(void);
void t32_mmio(void);
void t32_udf(void);

asm(".pushsection .text.aarch32, \"ax\"\n"
    ".balign 8\n"
    /* r4 = &ticks, r5 = target, r3 = bound; ends with r0 = ticks */
    "a32_poll:\n"
    ".inst 0xe5940000\n"	/* 0x00: ldr r0, [r4] */
    ".inst 0xe1500005\n"	/* 0x04: cmp r0, r5 */
    ".inst 0x2a000001\n"	/* 0x08: bhs 0x14 */
    ".inst 0xe2533001\n"	/* 0x0c: subs r3, r3, #1 */
    ".inst 0x1afffffa\n"	/* 0x10: bne 0x00 */
    ".inst 0xef000000\n"	/* 0x14: svc #0 */
    /* r1 = MMIO address: r0 = [r1], r2 += 2 */
    "a32_mmio:\n"
    ".inst 0xe5910000\n"	/* 0x00: ldr r0, [r1] */
    ".inst 0xe2822001\n"	/* 0x04: add r2, r2, #1 */
    ".inst 0xe2822001\n"	/* 0x08: add r2, r2, #1 */
    ".inst 0xef000000\n"	/* 0x0c: svc #0 */
    "a32_udf:\n"
    ".inst 0xe7f000f0\n"	/* udf #0 */
    "a32_align:\n"
    ".inst 0xe1940f9f\n"	/* ldrex r0, [r4] */
    ".inst 0xef000000\n"	/* svc #0 */
    /* T32, 16-bit: the same as a32_mmio */
    "t32_mmio:\n"
    ".hword 0x6808\n"		/* 0x00: ldr r0, [r1] */
    ".hword 0x3201\n"		/* 0x02: adds r2, #1 */
    ".hword 0x3201\n"		/* 0x04: adds r2, #1 */
    ".hword 0xdf00\n"		/* 0x06: svc #0 */
    "t32_udf:\n"
    ".hword 0xde00\n"		/* udf #0 */
    ".hword 0xdf00\n"		/* svc #0 */
    ".balign 4\n"
    ".popsection\n");

static volatile u32 ticks;

static void tick(unsigned int intid)
{
	(void)intid;
	ticks++;
	timer_set_cval(timer_ticks() + timer_us_to_ticks(TICK_US));
}

static void run(struct el0_regs *r, void (*code)(void), u64 spsr)
{
	r->pc = (u64)code;
	r->spsr = spsr;
	el0_run(r);
}

/* Interrupts at EL1 stay masked: every tick is taken from EL0. */
static void test_timer_at_el0(void)
{
	struct el0_regs r = { 0 };
	u32 start = ticks;
	u64 irqs = irq_count();

	timer_irq_init(tick);
	timer_set_cval(timer_ticks() + timer_us_to_ticks(TICK_US));
	r.x[3] = POLL_LIMIT;
	r.x[4] = (u64)&ticks;
	r.x[5] = start + WANT_TICKS;
	irq_disable();
	run(&r, a32_poll, SPSR_A32_USR);
	timer_stop();
	TEST_CHECK(ESR_EC(r.esr) == EC_SVC32, "a32_svc_to_el1",
		   "EL0 ended with ESR 0x%llx, expected SVC (EC 0x11)", r.esr);
	TEST_CHECK(r.elr == (u64)a32_poll + 0x18, "a32_svc_elr",
		   "ELR 0x%llx, expected 0x%llx", r.elr, (u64)a32_poll + 0x18);
	TEST_CHECK(r.x[3] && r.x[0] >= start + WANT_TICKS, "a32_timer_ticks",
		   "EL0 saw %llu ticks (from %u, wanted +%u), %llu polls left",
		   r.x[0], start, WANT_TICKS, r.x[3]);
	TEST_CHECK(irq_count() - irqs >= WANT_TICKS, "a32_irqs_at_el0",
		   "%llu interrupts while at EL0", irq_count() - irqs);
}

/* The hypervisor emulates the load and skips exactly the instruction. */
static void test_mmio(const char *name, void (*code)(void), u64 spsr,
		      u64 svc_off)
{
	u64 typer = ct_read32(ct_gicd() + GICD_TYPER);
	struct el0_regs r = { 0 };
	char check[40];

	r.x[1] = ct_gicd() + GICD_TYPER;
	r.x[0] = 0xdeadbeef;
	run(&r, code, spsr);
	snprintf(check, sizeof(check), "%s_mmio_svc", name);
	TEST_CHECK(ESR_EC(r.esr) == EC_SVC32 &&
		   r.elr == (u64)code + svc_off, check,
		   "ESR 0x%llx ELR 0x%llx, expected SVC at +0x%llx",
		   r.esr, r.elr, svc_off);
	snprintf(check, sizeof(check), "%s_mmio_value", name);
	TEST_CHECK(r.x[0] == typer, check, "r0 0x%llx, GICD_TYPER 0x%llx",
		   r.x[0], typer);
	snprintf(check, sizeof(check), "%s_mmio_next_insn", name);
	TEST_CHECK(r.x[2] == 2, check,
		   "r2 = %llu after two increments: the hypervisor skipped a wrong length",
		   r.x[2]);
}

/* Undefined instructions and faults of EL0 are the cell's business. */
static void test_el0_exceptions(void)
{
	struct el0_regs r = { 0 };

	run(&r, a32_udf, SPSR_A32_USR);
	TEST_CHECK(ESR_EC(r.esr) == EC_UNKNOWN && r.elr == (u64)a32_udf,
		   "a32_udf_to_el1", "ESR 0x%llx ELR 0x%llx (udf at 0x%llx)",
		   r.esr, r.elr, (u64)a32_udf);
	run(&r, t32_udf, SPSR_A32_USR | SPSR_T32);
	TEST_CHECK(ESR_EC(r.esr) == EC_UNKNOWN && r.elr == (u64)t32_udf,
		   "t32_udf_to_el1", "ESR 0x%llx ELR 0x%llx (udf at 0x%llx)",
		   r.esr, r.elr, (u64)t32_udf);
	/* Exclusive loads fault when unaligned, whatever the memory type. */
	r.x[4] = (u64)&ticks + 1;
	run(&r, a32_align, SPSR_A32_USR);
	TEST_CHECK(ESR_EC(r.esr) == EC_DABT_LOW &&
		   (r.esr & 0x3f) == DFSC_ALIGN && r.far == (u64)&ticks + 1,
		   "a32_align_fault_to_el1", "ESR 0x%llx FAR 0x%llx",
		   r.esr, r.far);
}

/* Back at EL1 the CPU works as before: its timer still interrupts. */
static void test_el1_after(void)
{
	u32 start = ticks;

	timer_set_cval(timer_ticks() + timer_us_to_ticks(TICK_US));
	irq_enable();
	ct_wait_at_least(&ticks, start + 2, CT_TIMEOUT_US);
	irq_disable();
	timer_stop();
	TEST_CHECK(ticks >= start + 2, "el1_ticks_after", "%u ticks", ticks - start);
}

void inmate_main(void)
{
	u64 pfr0 = sysreg_read(id_aa64pfr0_el1);

	test_init("cell-aarch32");
	printk("cell-aarch32: %s, code at 0x%llx\n",
	       comm_region() ? "in a cell" : "bare", (u64)a32_poll);
	if (!TEST_CHECK((pfr0 & 0xf) == 2, "el0_aarch32_implemented",
			"ID_AA64PFR0_EL1.EL0 = %llu", pfr0 & 0xf)) {
		test_done();
		return;
	}
	test_timer_at_el0();
	test_mmio("a32", a32_mmio, SPSR_A32_USR, 0x10);
	test_mmio("t32", t32_mmio, SPSR_A32_USR | SPSR_T32, 0x08);
	test_el0_exceptions();
	test_el1_after();
	test_done();
}
