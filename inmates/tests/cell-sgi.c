// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * cell-sgi: software-generated interrupts inside a cell. SGIs to
 * ourselves and to the other CPU; a burst of 14 SGIs (0..13) sent with
 * IRQs masked to ourselves and to the other CPU (more than the list
 * registers hold: the hypervisor's pending queue and maintenance
 * interrupt); SGIs aimed at CPUs outside the cell (MPIDR 1, 0, a target
 * list mixing them with ourselves, broadcast) reach nobody in the cell
 * but their legitimate targets; a disabled SGI stays pending; an SGI and
 * a PPI made pending through GICR_ISPENDR0 arrive; the
 * hypervisor's SGI 15 and maintenance PPI are invisible and cannot be
 * disabled by the guest. Needs two CPUs.
 */
#include <inmate.h>
#include "celltest.h"

#define BURST		14	/* SGIs 0..13; 14 and 15 are taken */
#define SGI_SELF	1
#define SGI_OTHER	2
#define SGI_FOREIGN1	4
#define SGI_FOREIGN0	5
#define SGI_MIXED	6
#define SGI_BCAST	7
#define SGI_ALIVE_SELF	8
#define SGI_ALIVE_OTHER	9
#define SGI_DISABLED	10
#define SGI_HV_TEST	11
#define SGI_ISPENDR	12
#define PPI_SPARE	23	/* the PMU's overflow PPI; nobody uses it */

static u32 snap[INMATE_MAX_CPUS][CT_MAX_INTID];

static void snapshot(void)
{
	unsigned int c, i;

	for (c = 0; c < 2; c++)
		for (i = 0; i < CT_MAX_INTID; i++)
			snap[c][i] = ct_seen[c][i];
}

static u32 delta(unsigned int cpu, unsigned int intid)
{
	return ct_seen[cpu][intid] - snap[cpu][intid];
}

static u32 delta_total(unsigned int cpu)
{
	u32 n = 0;
	unsigned int i;

	for (i = 0; i < CT_MAX_INTID; i++)
		n += delta(cpu, i);
	return n;
}

static void enable_sgis(void)
{
	unsigned int i;

	for (i = 0; i < BURST; i++)
		irq_enable_intid(i);
}

static void job_enable_sgis(void)
{
	enable_sgis();
}

static void job_mask(void)
{
	irq_disable();
}

static void job_unmask(void)
{
	irq_enable();
}

static void job_nothing(void)
{
}

/* SGI to ourselves: exactly one arrives, and only here. */
static void test_self(void)
{
	snapshot();
	gic_send_sgi(SGI_SELF, 0);
	irq_enable();
	ct_wait_at_least(&ct_seen[0][SGI_SELF], snap[0][SGI_SELF] + 1,
			 CT_TIMEOUT_US);
	delay_us(CT_QUIET_US);
	irq_disable();
	TEST_CHECK(delta(0, SGI_SELF) == 1 && delta_total(1) == 0, "self",
		   "SGI %u seen %u times here, %u interrupts on CPU 1",
		   SGI_SELF, delta(0, SGI_SELF), delta_total(1));
}

static void test_other(void)
{
	snapshot();
	gic_send_sgi(SGI_OTHER, 1);
	ct_wait_at_least(&ct_seen[1][SGI_OTHER], snap[1][SGI_OTHER] + 1,
			 CT_TIMEOUT_US);
	ct_irq_window(CT_QUIET_US);
	TEST_CHECK(delta(1, SGI_OTHER) == 1 && delta_total(0) == 0, "other_cpu",
		   "CPU 1 saw SGI %u %u times, CPU 0 got %u interrupts",
		   SGI_OTHER, delta(1, SGI_OTHER), delta_total(0));
}

/* Which of SGIs 0..13 did @cpu not see exactly once? As a bit mask. */
static u32 burst_wrong(unsigned int cpu)
{
	u32 wrong = 0;
	unsigned int i;

	for (i = 0; i < BURST; i++)
		if (delta(cpu, i) != 1)
			wrong |= 1U << i;
	return wrong;
}

static void wait_burst(unsigned int cpu)
{
	u64 end = timer_ticks() + timer_us_to_ticks(CT_TIMEOUT_US);

	while (delta_total(cpu) < BURST && timer_ticks() < end)
		cpu_relax();
}

static void test_burst_self(const char *name)
{
	unsigned int i;

	snapshot();
	irq_disable();
	for (i = 0; i < BURST; i++)
		gic_send_sgi(i, 0);
	irq_enable();
	wait_burst(0);
	delay_us(CT_QUIET_US);
	irq_disable();
	TEST_CHECK(!burst_wrong(0) && delta_total(0) == BURST, name,
		   "%u of %u SGIs arrived; wrong count for mask 0x%x",
		   delta_total(0), BURST, burst_wrong(0));
}

static void test_burst_other(void)
{
	unsigned int i;

	snapshot();
	if (!ct_helper_run(job_mask)) {
		test_check(false, "burst_other_cpu", "helper CPU does not answer");
		return;
	}
	for (i = 0; i < BURST; i++)
		gic_send_sgi(i, 1);
	/* Let the hypervisor queue them all while CPU 1 has IRQs masked. */
	delay_us(2000);
	ct_helper_run(job_unmask);
	wait_burst(1);
	ct_irq_window(CT_QUIET_US);
	TEST_CHECK(!burst_wrong(1) && delta_total(1) == BURST &&
		   delta_total(0) == 0, "burst_other_cpu",
		   "CPU 1: %u of %u SGIs, wrong count for mask 0x%x; CPU 0 got %u",
		   delta_total(1), BURST, burst_wrong(1), delta_total(0));
}

/* Send @sgi1r, give everybody time; nothing may arrive anywhere. */
static void expect_nothing(const char *name, u64 sgi1r, const char *what)
{
	snapshot();
	ct_sgi_raw(sgi1r);
	ct_irq_window(CT_QUIET_US);
	TEST_CHECK(delta_total(0) == 0 && delta_total(1) == 0, name,
		   "SGI to %s (ICC_SGI1R 0x%llx) arrived: CPU 0 %u, CPU 1 %u",
		   what, sgi1r, delta_total(0), delta_total(1));
}

static void test_foreign(void)
{
	u64 own = cpu_mpidr(0), list;

	expect_nothing("foreign_mpidr1", ct_sgi1r(SGI_FOREIGN1, 0x1),
		       "MPIDR 1 (cell-a)");
	expect_nothing("foreign_mpidr0", ct_sgi1r(SGI_FOREIGN0, 0x0),
		       "MPIDR 0 (root)");

	/* One target list with MPIDRs 0, 1 and ourselves: only we get it. */
	if ((own & ~0xfULL) != 0) {
		test_skip("foreign_mixed_list", "own MPIDR 0x%llx not in 0..15",
			  own);
	} else {
		list = ct_sgi1r(SGI_MIXED, own) | 0x3;
		snapshot();
		ct_sgi_raw(list);
		ct_irq_window(CT_QUIET_US);
		TEST_CHECK(delta(0, SGI_MIXED) == 1 && delta_total(0) == 1 &&
			   delta_total(1) == 0, "foreign_mixed_list",
			   "ICC_SGI1R 0x%llx: CPU 0 saw SGI %u %u times (%u in all), CPU 1 %u",
			   list, SGI_MIXED, delta(0, SGI_MIXED), delta_total(0),
			   delta_total(1));
	}

	/* IRM = 1, "all but self": inside a cell that is CPU 1 only. */
	snapshot();
	ct_sgi_raw((u64)SGI_BCAST << 24 | 1ULL << 40);
	ct_wait_at_least(&ct_seen[1][SGI_BCAST], snap[1][SGI_BCAST] + 1,
			 CT_TIMEOUT_US);
	ct_irq_window(CT_QUIET_US);
	TEST_CHECK(delta(1, SGI_BCAST) == 1 && delta_total(0) == 0,
		   "broadcast_cell_only",
		   "IRM SGI %u: CPU 1 saw it %u times, CPU 0 got %u interrupts",
		   SGI_BCAST, delta(1, SGI_BCAST), delta_total(0));

	/* The cell still works after all that. */
	snapshot();
	gic_send_sgi(SGI_ALIVE_SELF, 0);
	gic_send_sgi(SGI_ALIVE_OTHER, 1);
	ct_wait_at_least(&ct_seen[1][SGI_ALIVE_OTHER],
			 snap[1][SGI_ALIVE_OTHER] + 1, CT_TIMEOUT_US);
	ct_irq_window(CT_QUIET_US);
	TEST_CHECK(delta(0, SGI_ALIVE_SELF) == 1 &&
		   delta(1, SGI_ALIVE_OTHER) == 1 && ct_helper_run(job_nothing),
		   "alive_after_foreign", "self SGI %u, other-CPU SGI %u",
		   delta(0, SGI_ALIVE_SELF), delta(1, SGI_ALIVE_OTHER));
}

/* GIC semantics: a disabled interrupt stays pending until enabled. */
static void test_disabled(void)
{
	snapshot();
	irq_disable_intid(SGI_DISABLED);
	gic_send_sgi(SGI_DISABLED, 0);
	ct_irq_window(CT_QUIET_US);
	TEST_CHECK(delta(0, SGI_DISABLED) == 0, "disabled_not_delivered",
		   "SGI %u disabled in GICR_ICENABLER0, still delivered %u times",
		   SGI_DISABLED, delta(0, SGI_DISABLED));
	irq_enable_intid(SGI_DISABLED);
	ct_irq_window(CT_QUIET_US);
	TEST_CHECK(delta(0, SGI_DISABLED) == 1, "disabled_then_enabled",
		   "SGI %u seen %u times in all once enabled again",
		   SGI_DISABLED, delta(0, SGI_DISABLED));
}

/*
 * Pending state set through the redistributor (GICR_ISPENDR0): for an
 * SGI and for a PPI nobody else uses (the PMU's, INTID 23).
 */
static void test_ispendr0(void)
{
	u64 f0 = ct_frame_of(cpu_mpidr(0));

	if (!f0) {
		test_check(false, "ispendr0_sgi", "no redistributor frame");
		return;
	}
	snapshot();
	ct_write32(f0 + GICR_SGI + GICD_ISPENDR, 1U << SGI_ISPENDR);
	ct_irq_window(CT_QUIET_US);
	TEST_CHECK(delta(0, SGI_ISPENDR) == 1, "ispendr0_sgi",
		   "SGI %u set pending in GICR_ISPENDR0 arrived %u times",
		   SGI_ISPENDR, delta(0, SGI_ISPENDR));
	irq_set_handler(PPI_SPARE, ct_count_irq);
	irq_enable_intid(PPI_SPARE);
	snapshot();
	ct_write32(f0 + GICR_SGI + GICD_ISPENDR, 1U << PPI_SPARE);
	ct_irq_window(CT_QUIET_US);
	irq_disable_intid(PPI_SPARE);
	TEST_CHECK(delta(0, PPI_SPARE) == 1, "ispendr0_ppi",
		   "PPI %u set pending in GICR_ISPENDR0 arrived %u times",
		   PPI_SPARE, delta(0, PPI_SPARE));
}

/* SGI 15 and PPI 25 are the hypervisor's: hidden, cannot be disabled. */
static void test_hv_irqs(void)
{
	u32 hv = 1U << CT_HV_SGI | 1U << CT_HV_MAINT;
	u64 f0 = ct_frame_of(cpu_mpidr(0)), f1 = ct_frame_of(cpu_mpidr(1));
	u32 en0, en1;

	if (!f0 || !f1) {
		test_check(false, "hv_irqs_hidden", "no redistributor: 0x%llx 0x%llx",
			   f0, f1);
		return;
	}
	en0 = ct_read32(f0 + GICR_SGI + GICD_ISENABLER);
	en1 = ct_read32(f1 + GICR_SGI + GICD_ISENABLER);
	TEST_CHECK(!((en0 | en1) & hv) && (en0 & 1U << SGI_SELF),
		   "hv_irqs_hidden",
		   "ISENABLER0: CPU 0 0x%x, CPU 1 0x%x (bits 15/25 must read 0, bit %u 1)",
		   en0, en1, SGI_SELF);
	if (inmate_is_bare()) {
		test_skip("hv_irqs_protected", "bare: no hypervisor");
		return;
	}
	ct_write32(f0 + GICR_SGI + GICD_ICENABLER, hv);
	ct_write32(f1 + GICR_SGI + GICD_ICENABLER, hv);
	ct_write32(f0 + GICR_SGI + GICD_ICPENDR, hv);
	/* Cross-CPU SGIs ride on SGI 15; the burst needs PPI 25. */
	snapshot();
	gic_send_sgi(SGI_HV_TEST, 1);
	ct_wait_at_least(&ct_seen[1][SGI_HV_TEST], snap[1][SGI_HV_TEST] + 1,
			 CT_TIMEOUT_US);
	TEST_CHECK(delta(1, SGI_HV_TEST) == 1, "hv_sgi_protected",
		   "after ICENABLER0 of SGI 15 CPU 1 saw SGI %u %u times",
		   SGI_HV_TEST, delta(1, SGI_HV_TEST));
	test_burst_self("hv_maint_protected");
}

void inmate_main(void)
{
	long ret;
	unsigned int i;

	test_init("cell-sgi");
	for (i = 0; i < BURST; i++)
		irq_set_handler(i, ct_count_irq);
	enable_sgis();
	test_self();
	test_burst_self("burst_self");

	ret = num_cpus() >= 2 ? ct_helper_start() : -100;
	if (!TEST_CHECK(ret == 0, "helper_cpu_on", "CPU 1 start: %ld", ret)) {
		test_done();
		return;
	}
	if (!TEST_CHECK(ct_helper_run(job_enable_sgis), "helper_runs",
			"CPU 1 does not run jobs")) {
		test_done();
		return;
	}
	test_other();
	test_burst_other();
	if (inmate_is_bare())
		test_skip("foreign_mpidr1", "bare: no foreign CPUs");
	else
		test_foreign();
	test_disabled();
	test_ispendr0();
	test_hv_irqs();
	ct_helper_stop();
	ret = ct_wait_affinity(cpu_mpidr(1), PSCI_AFF_OFF);
	TEST_CHECK(ret == PSCI_AFF_OFF, "helper_cpu_off", "state %ld", ret);
	test_done();
}
