// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * attack-sysreg: system registers and system instructions from a
 * hostile cell (cell-a, CPU 1), with an EL1 exception catcher installed
 * (attack.h) so that each probe that must fault at EL1 is counted and
 * skipped instead of ending the run.
 *   - EL2 and EL3 registers (HCR, VTTBR, VTCR, VBAR, SCTLR, CPTR, MDCR,
 *     CNTHCTL, CNTVOFF, ICH_*, ICC_SRE_EL2, SCR_EL3, ...), SP_EL1, and
 *     EL2-only TLBI/AT: every read and write is UNDEFINED at EL1 (one
 *     EC 0x00 exception each, nothing reaches EL2);
 *   - cache maintenance by set/way over every level and by VA on our own
 *     memory, instruction cache and EL1 TLB maintenance, AT S1E1* on
 *     foreign addresses: run, nothing breaks (set/way is not trapped on
 *     this configuration: it may only cost others performance);
 *   - debug: OS lock, MDSCR, hardware breakpoints and watchpoints aimed
 *     at hypervisor addresses with EL2 matching bits, then hypercalls
 *     (EL2 must not take them); a breakpoint on our own code is taken
 *     at EL1 (EC 0x31), not at EL2;
 *   - PMU: counters, overflow interrupts, EL2 filter bits, reset bits,
 *     then hypercalls; everything put back;
 *   - the virtual GIC CPU interface: PMR, group enable, binary point,
 *     EOI mode, active priorities, EOIR/DIR with foreign and hypervisor
 *     INTIDs, SRE; our own SGI still arrives afterwards;
 *   - the physical timer (ours) and CNTFRQ_EL0 (written, put back);
 *   - illegal exception returns (to EL2, EL3, AArch32 EL1, IL set):
 *     illegal execution state at EL1 (EC 0x0e), we stay at EL1.
 * Whatever is reached but not trapped only touches this CPU; the runner
 * checks the victim, root and that this cell can still be shut down.
 */
#include "attack.h"

#define EC_UNKNOWN	0x00
#define EC_ILLEGAL	0x0e
#define EC_BKPT_EL1	0x31
#define SGI_SELF	3

static u64 probe_val;

#define RD(n, enc) static void rd_##n(void) { u64 v = 0; \
	asm volatile("mrs %0, " enc : "+r" (v) : : "memory"); probe_val = v; }
#define WR(n, enc, val) static void wr_##n(void) { \
	asm volatile("msr " enc ", %0" : : "r" ((u64)(val)) : "memory"); }
#define SYS(n, insn) static void sys_##n(void) { \
	asm volatile(insn : : "r" (AK_HV_MEM) : "memory"); }

RD(hcr, "hcr_el2") RD(vttbr, "vttbr_el2") RD(vtcr, "vtcr_el2")
RD(vbar2, "vbar_el2") RD(sctlr2, "sctlr_el2") RD(tpidr2, "tpidr_el2")
RD(esr2, "esr_el2") RD(elr2, "elr_el2") RD(hpfar, "hpfar_el2")
RD(cptr, "cptr_el2") RD(mdcr, "mdcr_el2") RD(cnthctl, "cnthctl_el2")
RD(cntvoff, "cntvoff_el2") RD(cnthp_ctl, "cnthp_ctl_el2")
RD(ich_hcr, "S3_4_C12_C11_0") RD(ich_vtr, "S3_4_C12_C11_1")
RD(ich_vmcr, "S3_4_C12_C11_7") RD(ich_lr0, "S3_4_C12_C12_0")
RD(ich_elrsr, "S3_4_C12_C11_5") RD(icc_sre2, "S3_4_C12_C9_5")
RD(scr3, "S3_6_C1_C1_0") RD(sctlr3, "S3_6_C1_C0_0")
RD(vbar3, "S3_6_C12_C0_0") RD(icc_sre3, "S3_6_C12_C12_5")
RD(sp_el1, "sp_el1")

WR(hcr, "hcr_el2", 0) WR(vttbr, "vttbr_el2", 0) WR(vtcr, "vtcr_el2", 0)
WR(vbar2, "vbar_el2", AK_OWN_RAM_SIZE / 2) WR(sctlr2, "sctlr_el2", 0)
WR(tpidr2, "tpidr_el2", 0) WR(elr2, "elr_el2", 0)
WR(cptr, "cptr_el2", ~0ULL) WR(mdcr, "mdcr_el2", 0x100)
WR(cnthctl, "cnthctl_el2", 0) WR(cntvoff, "cntvoff_el2", 0x123456789ULL)
WR(cnthp_ctl, "cnthp_ctl_el2", 1) WR(ich_hcr, "S3_4_C12_C11_0", 0)
WR(ich_vmcr, "S3_4_C12_C11_7", 0)
WR(ich_lr0, "S3_4_C12_C12_0", (1ULL << 62) | (1ULL << 60) | 49)
WR(icc_sre2, "S3_4_C12_C9_5", 0) WR(scr3, "S3_6_C1_C1_0", 0)
WR(vbar3, "S3_6_C12_C0_0", 0) WR(sp_el1, "sp_el1", 0)

SYS(tlbi_alle2, "tlbi alle2")
SYS(tlbi_alle1is, "tlbi alle1is")
SYS(tlbi_vmalls12e1is, "tlbi vmalls12e1is")
SYS(tlbi_ipas2e1is, "tlbi ipas2e1is, %0")
SYS(tlbi_vae2is, "tlbi vae2is, %0")
SYS(at_s12e1r, "at s12e1r, %0")
SYS(at_s12e1w, "at s12e1w, %0")
SYS(at_s1e2r, "at s1e2r, %0")

static const struct {
	const char *name;
	void (*fn)(void);
} undef_probes[] = {
	{ "read_hcr_el2", rd_hcr }, { "read_vttbr_el2", rd_vttbr },
	{ "read_vtcr_el2", rd_vtcr }, { "read_vbar_el2", rd_vbar2 },
	{ "read_sctlr_el2", rd_sctlr2 }, { "read_tpidr_el2", rd_tpidr2 },
	{ "read_esr_el2", rd_esr2 }, { "read_elr_el2", rd_elr2 },
	{ "read_hpfar_el2", rd_hpfar }, { "read_cptr_el2", rd_cptr },
	{ "read_mdcr_el2", rd_mdcr }, { "read_cnthctl_el2", rd_cnthctl },
	{ "read_cntvoff_el2", rd_cntvoff }, { "read_cnthp_ctl_el2", rd_cnthp_ctl },
	{ "read_ich_hcr_el2", rd_ich_hcr }, { "read_ich_vtr_el2", rd_ich_vtr },
	{ "read_ich_vmcr_el2", rd_ich_vmcr }, { "read_ich_lr0_el2", rd_ich_lr0 },
	{ "read_ich_elrsr_el2", rd_ich_elrsr },
	{ "read_icc_sre_el2", rd_icc_sre2 }, { "read_scr_el3", rd_scr3 },
	{ "read_sctlr_el3", rd_sctlr3 }, { "read_vbar_el3", rd_vbar3 },
	{ "read_icc_sre_el3", rd_icc_sre3 }, { "read_sp_el1", rd_sp_el1 },
	{ "write_hcr_el2", wr_hcr }, { "write_vttbr_el2", wr_vttbr },
	{ "write_vtcr_el2", wr_vtcr }, { "write_vbar_el2", wr_vbar2 },
	{ "write_sctlr_el2", wr_sctlr2 }, { "write_tpidr_el2", wr_tpidr2 },
	{ "write_elr_el2", wr_elr2 }, { "write_cptr_el2", wr_cptr },
	{ "write_mdcr_el2", wr_mdcr }, { "write_cnthctl_el2", wr_cnthctl },
	{ "write_cntvoff_el2", wr_cntvoff },
	{ "write_cnthp_ctl_el2", wr_cnthp_ctl },
	{ "write_ich_hcr_el2", wr_ich_hcr }, { "write_ich_vmcr_el2", wr_ich_vmcr },
	{ "write_ich_lr0_el2", wr_ich_lr0 },
	{ "write_icc_sre_el2", wr_icc_sre2 }, { "write_scr_el3", wr_scr3 },
	{ "write_vbar_el3", wr_vbar3 }, { "write_sp_el1", wr_sp_el1 },
	{ "tlbi_alle2", sys_tlbi_alle2 }, { "tlbi_alle1is", sys_tlbi_alle1is },
	{ "tlbi_vmalls12e1is", sys_tlbi_vmalls12e1is },
	{ "tlbi_ipas2e1is", sys_tlbi_ipas2e1is },
	{ "tlbi_vae2is", sys_tlbi_vae2is },
	{ "at_s12e1r", sys_at_s12e1r }, { "at_s12e1w", sys_at_s12e1w },
	{ "at_s1e2r", sys_at_s1e2r },
};

/* Each probe: exactly one EL1 UNDEF. */
static void test_el2_el3_undefined(void)
{
	unsigned int i, ec;
	u64 before, n;
	char name[48];

	for (i = 0; i < ARRAY_SIZE(undef_probes); i++) {
		before = ak_faults;
		probe_val = 0;
		undef_probes[i].fn();
		n = ak_caught(before, &ec);
		snprintf(name, sizeof(name), "%s_undef", undef_probes[i].name);
		TEST_CHECK(n == 1 && ec == EC_UNKNOWN, name,
			   "%llu EL1 exceptions (last EC 0x%x), value 0x%llx",
			   n, ec, probe_val);
	}
}

static void setway_all(void)
{
	u64 clidr = sysreg_read(clidr_el1), ccsidr, sw;
	unsigned int level, ways, sets, line, w, s, wshift;

	for (level = 0; level < 7; level++) {
		if (((clidr >> (level * 3)) & 7) < 2)	/* no data cache */
			continue;
		sysreg_write(csselr_el1, level << 1);
		isb();
		ccsidr = sysreg_read(ccsidr_el1);
		line = (ccsidr & 7) + 4;
		ways = ((ccsidr >> 3) & 0x3ff) + 1;
		sets = ((ccsidr >> 13) & 0x7fff) + 1;
		wshift = ways > 1 ? __builtin_clz(ways - 1) : 0;
		for (w = 0; w < ways; w++)
			for (s = 0; s < sets; s++) {
				sw = ((u64)w << wshift) | ((u64)s << line) |
				     (level << 1);
				asm volatile("dc isw, %0" : : "r" (sw) : "memory");
				asm volatile("dc csw, %0" : : "r" (sw) : "memory");
				asm volatile("dc cisw, %0" : : "r" (sw) : "memory");
			}
	}
	dsb_sy();
}

static u8 scratch[256] __aligned(64);

static void test_cache_tlb(void)
{
	u64 before = ak_faults, par[3], own = (u64)scratch, n;
	unsigned int ec;

	setway_all();
	asm volatile("dc civac, %0; dc cvac, %0; dc cvau, %0; dc ivac, %0"
		     : : "r" (own) : "memory");
	asm volatile("ic iallu; ic ialluis; ic ivau, %0; dsb sy; isb"
		     : : "r" (own) : "memory");
	asm volatile("tlbi vmalle1is; tlbi vmalle1; tlbi aside1is, %0;"
		     "tlbi vae1is, %1; tlbi vaae1is, %1; tlbi vale1is, %1;"
		     "dsb sy; isb"
		     : : "r" (0xffffULL << 48), "r" (AK_HV_MEM >> 12) : "memory");
	n = ak_caught(before, &ec);
	TEST_CHECK(n == 0, "setway_va_ic_tlbi_run",
		   "%llu EL1 exceptions (last EC 0x%x)", n, ec);

	/* dc zva with the MMU off: Device memory, may fault at EL1. */
	before = ak_faults;
	asm volatile("dc zva, %0" : : "r" (own) : "memory");
	n = ak_caught(before, &ec);
	TEST_CHECK(n == 0 || ec == 0x25, "dc_zva_own",
		   "EL1 exception EC 0x%x", ec);

	/* Stage 1 only: with the MMU off it maps VA = IPA, no more. */
	asm volatile("at s1e1r, %0; isb" : : "r" (AK_HV_MEM) : "memory");
	par[0] = sysreg_read(par_el1);
	asm volatile("at s1e1w, %0; isb" : : "r" (AK_CELLB_PHYS) : "memory");
	par[1] = sysreg_read(par_el1);
	asm volatile("at s1e0r, %0; isb" : : "r" (AK_ROOT_RAM) : "memory");
	par[2] = sysreg_read(par_el1);
	printk("attack-sysreg: note: AT S1E1R hv 0x%llx, S1E1W cell-b 0x%llx, "
	       "S1E0R root 0x%llx (PAR_EL1)\n", par[0], par[1], par[2]);
	TEST_CHECK(ak_current_el() == 1, "at_s1_runs", "CurrentEL %llu",
		   ak_current_el());
}

static u64 hypercalls(unsigned int n)
{
	u64 bad = 0;

	while (n--)
		if (ak_hc(JH_HC_HV_GET_INFO, JH_INFO_MEM_POOL_USED, 0, 0) !=
		    (u64)-AK_EPERM)
			bad++;
	return bad;
}

#define DBG_E		1ULL
#define DBG_PMC_ALL	(3ULL << 1)
#define DBG_BAS4	(0xfULL << 5)
#define DBG_HMC		(1ULL << 13)
#define DBG_SSC_ALL	(3ULL << 14)

/* Debug registers QEMU may not implement: an EL1 UNDEF is fine. */
static void debug_optional(bool on)
{
	u64 before = ak_faults;

	sysreg_write(osdlr_el1, 0);
	sysreg_write(dbgclaimset_el1, on ? 0xff : 0);
	sysreg_write(dbgclaimclr_el1, on ? 0 : 0xff);
	sysreg_write(mdccint_el1, on ? ~0ULL : 0);
	isb();
	if (ak_faults != before)
		printk("attack-sysreg: note: %llu optional debug register "
		       "accesses are UNDEFINED here\n", ak_faults - before);
}

static void test_debug(void)
{
	u64 before, tmp, bad, n;
	unsigned int ec;

	asm volatile("msr daifset, #8" : : : "memory");	/* no EL1 debug */
	sysreg_write(oslar_el1, 0);
	debug_optional(true);
	before = ak_faults;
	sysreg_write(mdscr_el1, (1ULL << 15) | (1ULL << 13) | (1ULL << 12) | 1);
	/* Breakpoint and watchpoint meant to match at EL2 too. */
	sysreg_write(dbgbvr0_el1, AK_HV_MEM + 0x1000);
	sysreg_write(dbgbcr0_el1, DBG_E | DBG_PMC_ALL | DBG_BAS4 | DBG_HMC |
		     DBG_SSC_ALL);
	sysreg_write(dbgwvr0_el1, AK_HV_MEM);
	sysreg_write(dbgwcr0_el1, DBG_E | (3ULL << 1) | (3ULL << 3) |
		     (0xffULL << 5) | DBG_HMC | DBG_SSC_ALL | (22ULL << 24));
	isb();
	bad = hypercalls(200);
	sysreg_write(dbgbcr0_el1, 0);
	sysreg_write(dbgwcr0_el1, 0);
	sysreg_write(mdscr_el1, 0);
	isb();
	n = ak_caught(before, &ec);
	debug_optional(false);
	TEST_CHECK(!bad && n == 0, "el2_breakpoints_not_taken",
		   "%llu hypercalls failed, %llu EL1 exceptions (EC 0x%x)",
		   bad, n, ec);

	/* A breakpoint on our own code fires at EL1, not at EL2. */
	before = ak_faults;
	sysreg_write(mdscr_el1, (1ULL << 15) | (1ULL << 13));
	asm volatile("adr %0, 1f\n"
		     "msr dbgbvr1_el1, %0\n"
		     "msr dbgbcr1_el1, %1\n"
		     "isb\n"
		     "msr daifclr, #8\n"
		     "isb\n"
		     "1: nop\n"
		     "msr daifset, #8\n"
		     "isb\n"
		     : "=&r" (tmp) : "r" (DBG_E | DBG_PMC_ALL | DBG_BAS4)
		     : "memory");
	sysreg_write(dbgbcr1_el1, 0);
	sysreg_write(mdscr_el1, 0);
	isb();
	n = ak_caught(before, &ec);
	TEST_CHECK(n == 1 && ec == EC_BKPT_EL1, "own_breakpoint_taken_at_el1",
		   "%llu EL1 exceptions, last EC 0x%x", n, ec);
}

static void pmu_off(void)
{
	sysreg_write(pmcr_el0, 0);
	sysreg_write(pmcntenclr_el0, ~0ULL);
	sysreg_write(pmintenclr_el1, ~0ULL);
	sysreg_write(pmovsclr_el0, ~0ULL);
	sysreg_write(pmuserenr_el0, 0);
	sysreg_write(pmccfiltr_el0, 0);
	isb();
}

static void pmu_irq(unsigned int intid)
{
	ak_irq_count(intid);
	sysreg_write(pmovsclr_el0, ~0ULL);
	isb();
}

/* Cycles that 500 hypercalls take, counted with PMCCFILTR_EL0 @filter. */
static u64 hc_cycles(u64 filter)
{
	u64 c0, c1;

	sysreg_write(pmcr_el0, 1 | (1 << 2) | (1 << 6));
	sysreg_write(pmccfiltr_el0, filter);
	sysreg_write(pmcntenset_el0, 1ULL << 31);
	isb();
	c0 = sysreg_read(pmccntr_el0);
	hypercalls(500);
	c1 = sysreg_read(pmccntr_el0);
	pmu_off();
	return c1 - c0;
}

static void test_pmu(void)
{
	u64 before = ak_faults, pmcr = sysreg_read(pmcr_el0), cyc, bad, n;
	unsigned int ec, ncnt = (pmcr >> 11) & 0x1f;
	u32 irqs = ak_irqs[23];

	sysreg_write(pmcr_el0, 1 | (1 << 1) | (1 << 2) | (1 << 6));
	sysreg_write(pmccfiltr_el0, 1ULL << 27);	/* count at EL2 too */
	if (ncnt) {
		sysreg_write(pmselr_el0, 0);
		isb();
		sysreg_write(pmxevtyper_el0, (1ULL << 27) | 0x11);
	}
	sysreg_write(pmuserenr_el0, 0xf);
	sysreg_write(pmcntenset_el0, ~0ULL);
	sysreg_write(pmintenset_el1, ~0ULL);
	sysreg_write(pmovsset_el0, ~0ULL);
	sysreg_write(pmswinc_el0, ~0ULL);
	isb();
	irq_set_handler(23, pmu_irq);
	irq_enable_intid(23);
	bad = hypercalls(200);
	ct_irq_window(CT_QUIET_US);
	cyc = sysreg_read(pmccntr_el0);
	pmu_off();
	irq_disable_intid(23);
	printk("attack-sysreg: note: PMU with %u counters, cycle counter %llu "
	       "after 200 hypercalls (EL2 filter bit set), overflow IRQs %u\n",
	       ncnt, cyc, ak_irqs[23] - irqs);
	/* Does the guest get to count the hypervisor's cycles (NSH)? */
	printk("attack-sysreg: note: 500 hypercalls: %llu cycles counted "
	       "without EL2, %llu with PMCCFILTR_EL0.NSH (EL2) set\n",
	       hc_cycles(0), hc_cycles(1ULL << 27));
	n = ak_caught(before, &ec);
	TEST_CHECK(!bad && n == 0, "pmu_hostile_setup",
		   "%llu hypercalls failed, %llu EL1 exceptions (EC 0x%x)", bad,
		   n, ec);
}

#define ICC_PMR		"S3_0_C4_C6_0"
#define ICC_IAR1	"S3_0_C12_C12_0"
#define ICC_EOIR1	"S3_0_C12_C12_1"
#define ICC_BPR1	"S3_0_C12_C12_3"
#define ICC_CTLR	"S3_0_C12_C12_4"
#define ICC_SRE		"S3_0_C12_C12_5"
#define ICC_IGRPEN1	"S3_0_C12_C12_7"
#define ICC_DIR		"S3_0_C12_C11_1"
#define ICC_AP1R0	"S3_0_C12_C9_0"

static void test_cpu_interface(void)
{
	static const u32 ids[] = { 15, 25, 27, 33, 48, 49, 1023, 0xffffff };
	u64 before = ak_faults, pmr, ctlr, sre, iar, n;
	unsigned int i, ec;
	u32 got;

	asm volatile("mrs %0, " ICC_PMR : "=r" (pmr));
	asm volatile("mrs %0, " ICC_CTLR : "=r" (ctlr));
	asm volatile("msr " ICC_PMR ", xzr; isb" : : : "memory");
	asm volatile("msr " ICC_IGRPEN1 ", xzr; isb" : : : "memory");
	asm volatile("msr " ICC_BPR1 ", %0" : : "r" (7ULL) : "memory");
	asm volatile("msr " ICC_CTLR ", %0" : : "r" (ctlr ^ 2) : "memory");
	asm volatile("msr " ICC_AP1R0 ", %0; isb" : : "r" (~0ULL) : "memory");
	for (i = 0; i < ARRAY_SIZE(ids); i++) {
		asm volatile("msr " ICC_EOIR1 ", %0" : : "r" ((u64)ids[i]) : "memory");
		asm volatile("msr " ICC_DIR ", %0" : : "r" ((u64)ids[i]) : "memory");
	}
	asm volatile("mrs %0, " ICC_IAR1 : "=r" (iar));
	asm volatile("msr " ICC_SRE ", xzr; isb; mrs %0, " ICC_SRE
		     : "=r" (sre) : : "memory");
	asm volatile("msr " ICC_AP1R0 ", xzr" : : : "memory");
	asm volatile("msr " ICC_CTLR ", %0" : : "r" (ctlr) : "memory");
	asm volatile("msr " ICC_BPR1 ", xzr" : : : "memory");
	asm volatile("msr " ICC_IGRPEN1 ", %0" : : "r" (1ULL) : "memory");
	asm volatile("msr " ICC_PMR ", %0; isb" : : "r" (pmr) : "memory");
	n = ak_caught(before, &ec);
	TEST_CHECK(n == 0 && (sre & 1) && iar >= 1020,
		   "virtual_cpu_interface_abuse",
		   "%llu EL1 exceptions (EC 0x%x), SRE 0x%llx, IAR 0x%llx",
		   n, ec, sre, iar);

	irq_enable_intid(SGI_SELF);
	got = ak_irqs[SGI_SELF];
	gic_send_sgi(SGI_SELF, 0);
	ct_irq_window(CT_QUIET_US);
	TEST_CHECK(ak_irqs[SGI_SELF] - got == 1, "own_sgi_after_abuse",
		   "SGI %u arrived %u times", SGI_SELF, ak_irqs[SGI_SELF] - got);
}

static volatile u32 ptimer_hits;

static void ptimer_irq(unsigned int intid)
{
	(void)intid;
	ptimer_hits++;
	sysreg_write(cntp_ctl_el0, 0);
}

static void test_timers(void)
{
	u64 frq = sysreg_read(cntfrq_el0), before = ak_faults, after;
	unsigned int ec;

	irq_set_handler(30, ptimer_irq);
	irq_enable_intid(30);
	sysreg_write(cntp_cval_el0, timer_ticks() + timer_us_to_ticks(1000));
	sysreg_write(cntp_ctl_el0, 1);
	ct_irq_window_until(&ptimer_hits, 1);
	irq_disable_intid(30);
	TEST_CHECK(ptimer_hits == 1, "physical_timer_is_ours",
		   "physical timer interrupts %u", ptimer_hits);

	sysreg_write(cntfrq_el0, frq / 2 + 1);
	isb();
	after = sysreg_read(cntfrq_el0);
	sysreg_write(cntfrq_el0, frq);
	isb();
	if (!ak_caught(before, &ec) && after != frq)
		printk("attack-sysreg: note: CNTFRQ_EL0 is writable at EL1 "
		       "(%llu -> %llu), put back\n", frq, after);
	TEST_CHECK(sysreg_read(cntfrq_el0) == frq, "cntfrq_restored",
		   "CNTFRQ_EL0 %llu, was %llu", sysreg_read(cntfrq_el0), frq);
}

static void eret_to(u64 spsr)
{
	u64 tmp;

	asm volatile("adr %0, 1f\n"
		     "msr elr_el1, %0\n"
		     "msr spsr_el1, %1\n"
		     "eret\n"
		     "1: nop\n"
		     : "=&r" (tmp) : "r" (spsr) : "memory");
}

static void test_illegal_returns(void)
{
	static const struct {
		const char *name;
		u64 spsr;
	} modes[] = {
		{ "eret_to_el2h", 0x3c9 }, { "eret_to_el2t", 0x3c8 },
		{ "eret_to_el3h", 0x3cd }, { "eret_to_aarch32_el1", 0x3d3 },
		{ "eret_with_il_set", 0x3c5 | (1ULL << 20) },
	};
	unsigned int i, ec;
	u64 before, n;
	char name[48];

	for (i = 0; i < ARRAY_SIZE(modes); i++) {
		before = ak_faults;
		eret_to(modes[i].spsr);
		n = ak_caught(before, &ec);
		snprintf(name, sizeof(name), "%s_illegal", modes[i].name);
		TEST_CHECK(n == 1 && ec == EC_ILLEGAL && ak_current_el() == 1,
			   name, "%llu EL1 exceptions (EC 0x%x), CurrentEL %llu",
			   n, ec, ak_current_el());
	}
}

void inmate_main(void)
{
	test_init("attack-sysreg");
	ak_count_all_irqs();
	irq_disable();
	ak_catch_on();
	test_el2_el3_undefined();
	test_cache_tlb();
	test_debug();
	test_pmu();
	test_cpu_interface();
	test_timers();
	test_illegal_returns();
	ak_catch_off();
	TEST_CHECK(ak_current_el() == 1 && hypercalls(10) == 0, "still_el1_alive",
		   "CurrentEL %llu", ak_current_el());
	test_done();
}
