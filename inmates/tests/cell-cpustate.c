// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * cell-cpustate: no data crosses from one run of a cell to the next on
 * the same CPU. Built twice: cell-cpustate-dirty writes recognisable
 * values into every EL1 register a guest could pass data through (FP/SIMD
 * q0-q31, FPCR, FPSR, PAR_EL1, the EL1 virtual and physical timers,
 * CNTKCTL, the PMU, TPIDR_EL0, TPIDRRO_EL0, CONTEXTIDR_EL1, CSSELR_EL1)
 * and checks they held; the runner then shuts the cell
 * down and starts cell-cpustate on the same CPU, which reads them all
 * before anything else touches them and expects each at its reset value
 * (PASS/FAIL per register). AFSR0/1_EL1 and AMAIR_EL1, which the
 * hypervisor clears too, are RAZ/WI on QEMU's cortex-a57: they cannot
 * carry data there, so they are not tested.
 * (TPIDR_EL1, VBAR_EL1 and SP are the library's: it sets them at entry.)
 */
#include <inmate.h>
#include "celltest.h"

#ifndef CPUSTATE_DIRTY
#define CPUSTATE_DIRTY	0
#endif
#define CPACR_FPEN	(3UL << 20)
#define PATTERN(n)	(0x5a5a000000000000ULL | ((u64)(n) << 8) | 0xa5)
#define PMCR_RW_MASK	0x7ffULL	/* E P C D X DP LC LP ...; not N, IDCODE */
#define PMCR_N(v)	(((v) >> 11) & 0x1f)

struct sysreg_val {
	const char *name;
	u64 value;
};

enum {
	R_FPCR, R_FPSR, R_PAR, R_CNTV_CTL, R_CNTV_CVAL, R_CNTP_CTL,
	R_CNTP_CVAL, R_CNTKCTL, R_TPIDR_EL0, R_TPIDRRO, R_CONTEXTIDR,
	R_CSSELR, R_PMCR, R_PMCNTEN, R_PMINTEN,
	R_PMOVS, R_PMSELR, R_PMUSERENR, R_PMCCNTR, R_PMCCFILTR, R_PMEVCNTR0,
	R_PMEVTYPER0, R_COUNT
};

/* What the dirty run writes (FPSR: cumulative flags and QC). */
static struct sysreg_val regs[R_COUNT] = {
	[R_FPCR] = { "fpcr", 0x01c00000 },		/* FZ, RMode 3 */
	[R_FPSR] = { "fpsr", 0x0800009f },
	[R_PAR] = { "par_el1", 0x0000123456789000ULL },
	[R_CNTV_CTL] = { "cntv_ctl", 0x3 },		/* on, masked */
	[R_CNTV_CVAL] = { "cntv_cval", PATTERN(1) },
	[R_CNTP_CTL] = { "cntp_ctl", 0x3 },
	[R_CNTP_CVAL] = { "cntp_cval", PATTERN(2) },
	[R_CNTKCTL] = { "cntkctl", 0x303 },
	[R_TPIDR_EL0] = { "tpidr_el0", PATTERN(3) },
	[R_TPIDRRO] = { "tpidrro_el0", PATTERN(4) },
	[R_CONTEXTIDR] = { "contextidr", 0x5a5a },
	[R_CSSELR] = { "csselr", 0x2 },		/* level 2 */
	[R_PMCR] = { "pmcr", 0x1 },			/* counting */
	[R_PMCNTEN] = { "pmcntenset", (1ULL << 31) | 1 },
	[R_PMINTEN] = { "pmintenset", 1 },
	[R_PMOVS] = { "pmovsset", 1ULL << 1 },
	[R_PMSELR] = { "pmselr", 1 },
	[R_PMUSERENR] = { "pmuserenr", 0xf },
	[R_PMCCNTR] = { "pmccntr", 0x5a5a0000ULL },
	[R_PMCCFILTR] = { "pmccfiltr", 1ULL << 27 },
	[R_PMEVCNTR0] = { "pmevcntr0", 0x5a5a },
	[R_PMEVTYPER0] = { "pmevtyper0", 0x11 },	/* CPU cycles */
};

static u64 got[R_COUNT], q_got[64], q_set[64] __aligned(16);
static u64 cpacr_at_entry;

static void fp_on(void)
{
	sysreg_write(cpacr_el1, sysreg_read(cpacr_el1) | CPACR_FPEN);
	isb();
}

#define QPAIRS(op) \
	op " q0, q1, [%0, #0]\n " op " q2, q3, [%0, #32]\n " \
	op " q4, q5, [%0, #64]\n " op " q6, q7, [%0, #96]\n " \
	op " q8, q9, [%0, #128]\n " op " q10, q11, [%0, #160]\n " \
	op " q12, q13, [%0, #192]\n " op " q14, q15, [%0, #224]\n " \
	op " q16, q17, [%0, #256]\n " op " q18, q19, [%0, #288]\n " \
	op " q20, q21, [%0, #320]\n " op " q22, q23, [%0, #352]\n " \
	op " q24, q25, [%0, #384]\n " op " q26, q27, [%0, #416]\n " \
	op " q28, q29, [%0, #448]\n " op " q30, q31, [%0, #480]\n"

/* The PMU's event counter 0 is reached through PMSELR_EL0. */
static void read_pmu_counter0(void)
{
	sysreg_write(pmselr_el0, 0);
	isb();
	got[R_PMEVCNTR0] = sysreg_read(pmxevcntr_el0);
	got[R_PMEVTYPER0] = sysreg_read(pmxevtyper_el0) & 0xffff;
}

/* Everything, in an order that changes none of it (PMSELR read first). */
static void read_all(void)
{
	got[R_PMSELR] = sysreg_read(pmselr_el0);
	got[R_FPCR] = sysreg_read(fpcr);
	got[R_FPSR] = sysreg_read(fpsr);
	got[R_PAR] = sysreg_read(par_el1);
	got[R_CNTV_CTL] = sysreg_read(cntv_ctl_el0) & 0x3;
	got[R_CNTV_CVAL] = sysreg_read(cntv_cval_el0);
	got[R_CNTP_CTL] = sysreg_read(cntp_ctl_el0) & 0x3;
	got[R_CNTP_CVAL] = sysreg_read(cntp_cval_el0);
	got[R_CNTKCTL] = sysreg_read(cntkctl_el1);
	got[R_TPIDR_EL0] = sysreg_read(tpidr_el0);
	got[R_TPIDRRO] = sysreg_read(tpidrro_el0);
	got[R_CONTEXTIDR] = sysreg_read(contextidr_el1);
	got[R_CSSELR] = sysreg_read(csselr_el1);
	got[R_PMCR] = sysreg_read(pmcr_el0) & PMCR_RW_MASK;
	got[R_PMCNTEN] = sysreg_read(pmcntenset_el0);
	got[R_PMINTEN] = sysreg_read(pmintenset_el1);
	got[R_PMOVS] = sysreg_read(pmovsset_el0);
	got[R_PMUSERENR] = sysreg_read(pmuserenr_el0);
	got[R_PMCCFILTR] = sysreg_read(pmccfiltr_el0);
	/* Stopped counters keep their value; the dirty run set it. */
	got[R_PMCCNTR] = sysreg_read(pmccntr_el0);
	read_pmu_counter0();
	asm volatile(QPAIRS("stp") : : "r" (q_got) : "memory");
}

static void write_all(void)
{
	unsigned int n;

	for (n = 0; n < 64; n++)
		q_set[n] = PATTERN(0x100 + n);
	asm volatile(QPAIRS("ldp") : : "r" (q_set) : "memory");
	sysreg_write(fpcr, regs[R_FPCR].value);
	sysreg_write(fpsr, regs[R_FPSR].value);
	sysreg_write(par_el1, regs[R_PAR].value);
	sysreg_write(cntv_cval_el0, regs[R_CNTV_CVAL].value);
	sysreg_write(cntv_ctl_el0, regs[R_CNTV_CTL].value);
	sysreg_write(cntp_cval_el0, regs[R_CNTP_CVAL].value);
	sysreg_write(cntp_ctl_el0, regs[R_CNTP_CTL].value);
	sysreg_write(cntkctl_el1, regs[R_CNTKCTL].value);
	sysreg_write(tpidr_el0, regs[R_TPIDR_EL0].value);
	sysreg_write(tpidrro_el0, regs[R_TPIDRRO].value);
	sysreg_write(contextidr_el1, regs[R_CONTEXTIDR].value);
	sysreg_write(csselr_el1, regs[R_CSSELR].value);
	sysreg_write(pmselr_el0, 0);
	isb();
	sysreg_write(pmxevtyper_el0, regs[R_PMEVTYPER0].value);
	sysreg_write(pmxevcntr_el0, regs[R_PMEVCNTR0].value);
	sysreg_write(pmccntr_el0, regs[R_PMCCNTR].value);
	sysreg_write(pmccfiltr_el0, regs[R_PMCCFILTR].value);
	sysreg_write(pmuserenr_el0, regs[R_PMUSERENR].value);
	sysreg_write(pmovsset_el0, regs[R_PMOVS].value);
	sysreg_write(pmintenset_el1, regs[R_PMINTEN].value);
	/* Counters stay stopped so that the values read back exactly. */
	sysreg_write(pmcntenset_el0, regs[R_PMCNTEN].value);
	sysreg_write(pmselr_el0, regs[R_PMSELR].value);
	isb();
}

static void dirty_run(void)
{
	unsigned int n, held = 0;

	fp_on();
	write_all();
	read_all();
	/* PMCR.E last: with E set the counters would move under us. */
	sysreg_write(pmcr_el0, regs[R_PMCR].value);
	isb();
	got[R_PMCR] = sysreg_read(pmcr_el0) & PMCR_RW_MASK;
	for (n = 0; n < 64; n++)
		held += q_got[n] == q_set[n];
	TEST_CHECK(held == 64, "dirty_q0_q31", "%u of 64 halves held", held);
	/* PMSELR was read before read_pmu_counter0 changed it. */
	for (n = 0; n < R_COUNT; n++) {
		char name[40];

		snprintf(name, sizeof(name), "dirty_%s", regs[n].name);
		TEST_CHECK(got[n] == regs[n].value, name,
			   "reads 0x%llx after writing 0x%llx", got[n],
			   regs[n].value);
	}
	TEST_CHECK(sysreg_read(pmcr_el0) & 1, "dirty_pmu_counting",
		   "PMCR_EL0 0x%llx", sysreg_read(pmcr_el0));
}

static void check_run(void)
{
	unsigned int n, dirty = 0;
	char name[40];

	TEST_CHECK(!(cpacr_at_entry & CPACR_FPEN), "cpacr_fp_off",
		   "CPACR_EL1 0x%llx at entry", cpacr_at_entry);
	for (n = 0; n < 64; n++)
		dirty += q_got[n] != 0;
	TEST_CHECK(!dirty, "q0_q31_zero", "%u of 64 halves not 0 (q0 0x%llx"
		   "%016llx)", dirty, q_got[1], q_got[0]);
	for (n = 0; n < R_COUNT; n++) {
		snprintf(name, sizeof(name), "%s_reset", regs[n].name);
		TEST_CHECK(!got[n], name, "0x%llx left by the previous run",
			   got[n]);
	}
}

void inmate_main(void)
{
	/* Before the library or the checks touch anything. */
	cpacr_at_entry = sysreg_read(cpacr_el1);
	fp_on();
	read_all();
	test_init(CPUSTATE_DIRTY ? "cell-cpustate-dirty" : "cell-cpustate");
	if (CPUSTATE_DIRTY)
		dirty_run();
	else
		check_run();
	test_done();
}
