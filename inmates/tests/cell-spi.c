// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * cell-spi: the cell's own shared peripheral interrupt (command line
 * spi=N, default 49), driven through the emulated distributor. Enable
 * and route it to ourselves, make it pending with GICD_ISPENDR: the
 * physical SPI reaches EL2, is injected with the hardware bit, and our
 * EOI deactivates it (it can fire again, ISACTIVER reads 0). Also:
 * pending while IRQs are masked, while disabled (held, then delivered),
 * cleared with ICPENDR, routed to the other CPU of the cell, priority
 * read back, disabled again at the end.
 */
#include <inmate.h>
#include "celltest.h"

static unsigned int spi;
static u64 gicd;

static u64 reg(u32 base)
{
	return gicd + base + (spi / 32) * 4;
}

static u32 bit(void)
{
	return 1U << (spi % 32);
}

static u32 seen(unsigned int cpu)
{
	return ct_seen[cpu][spi];
}

static u32 stray;	/* arrivals on the CPU that was not the target */

/* Set pending, let it come in on CPU @cpu; returns how many arrived
 * there (and counts arrivals elsewhere in stray). */
static u32 fire(unsigned int cpu, u64 wait_us)
{
	u32 before[2] = { seen(0), seen(1) };

	ct_write32(reg(GICD_ISPENDR), bit());
	irq_enable();
	ct_wait_at_least(&ct_seen[cpu][spi], before[cpu] + 1, wait_us);
	delay_us(CT_QUIET_US);
	irq_disable();
	stray = seen(!cpu) - before[!cpu];
	return seen(cpu) - before[cpu];
}

static void test_own(void)
{
	u64 own = cpu_mpidr(0), route;
	u32 n, pend, act;

	irq_set_handler(spi, ct_count_irq);
	irq_enable_intid(spi);
	TEST_CHECK(ct_read32(reg(GICD_ISENABLER)) & bit(), "isenabler_own",
		   "ISENABLER%u 0x%x lacks INTID %u after enabling it", spi / 32,
		   ct_read32(reg(GICD_ISENABLER)), spi);
	route = ct_read64(gicd + GICD_IROUTER + spi * 8ULL);
	TEST_CHECK(route == own, "irouter_self", "IROUTER%u 0x%llx, own MPIDR 0x%llx",
		   spi, route, own);

	n = fire(0, CT_TIMEOUT_US);
	TEST_CHECK(n == 1 && !stray, "ispendr_delivered",
		   "INTID %u set pending via ISPENDR arrived %u times (%u elsewhere)",
		   spi, n, stray);
	pend = ct_read32(reg(GICD_ISPENDR)) & bit();
	act = ct_read32(reg(GICD_ISACTIVER)) & bit();
	TEST_CHECK(!pend && !act, "eoi_deactivates",
		   "after EOI: pending %u active %u", !!pend, !!act);
	n = fire(0, CT_TIMEOUT_US);
	TEST_CHECK(n == 1, "ispendr_again", "second time: arrived %u times", n);
}

static void test_states(void)
{
	u32 before = seen(0), n;

	/* Pending while masked: held, delivered once we unmask. */
	irq_disable();
	ct_write32(reg(GICD_ISPENDR), bit());
	delay_us(5000);
	n = seen(0) - before;
	ct_irq_window(CT_QUIET_US);
	TEST_CHECK(n == 0 && seen(0) - before == 1, "masked_then_unmasked",
		   "%u while masked, %u in all", n, seen(0) - before);

	/* Disabled: held pending, delivered once enabled. */
	before = seen(0);
	ct_write32(reg(GICD_ICENABLER), bit());
	TEST_CHECK(!(ct_read32(reg(GICD_ISENABLER)) & bit()), "icenabler_own",
		   "ISENABLER still shows INTID %u after ICENABLER", spi);
	ct_write32(reg(GICD_ISPENDR), bit());
	ct_irq_window(CT_QUIET_US);
	n = seen(0) - before;
	TEST_CHECK(n == 0 && (ct_read32(reg(GICD_ISPENDR)) & bit()),
		   "disabled_held_pending", "delivered %u times while disabled, ISPENDR 0x%x",
		   n, ct_read32(reg(GICD_ISPENDR)));
	ct_write32(reg(GICD_ISENABLER), bit());
	ct_irq_window(CT_QUIET_US);
	TEST_CHECK(seen(0) - before == 1, "enabled_delivers",
		   "%u arrivals after enabling", seen(0) - before);

	/* ICPENDR clears a pending (disabled) interrupt for good. */
	before = seen(0);
	ct_write32(reg(GICD_ICENABLER), bit());
	ct_write32(reg(GICD_ISPENDR), bit());
	ct_write32(reg(GICD_ICPENDR), bit());
	ct_write32(reg(GICD_ISENABLER), bit());
	ct_irq_window(CT_QUIET_US);
	TEST_CHECK(seen(0) == before && !(ct_read32(reg(GICD_ISPENDR)) & bit()),
		   "icpendr_clears", "%u arrivals after ICPENDR", seen(0) - before);
}

static void test_priority(void)
{
	u64 addr = gicd + GICD_IPRIORITYR + spi;
	u8 old = ct_read8(addr), got;

	ct_write8(addr, 0x80);
	got = ct_read8(addr);
	ct_write8(addr, old);
	TEST_CHECK(got == 0x80 && ct_read8(addr) == old, "ipriorityr_own",
		   "wrote 0x80, read 0x%x; restored 0x%x, read 0x%x", got, old,
		   ct_read8(addr));
}

static void test_other_cpu(void)
{
	u64 route_addr = gicd + GICD_IROUTER + spi * 8ULL, route;
	long ret;
	u32 n;

	if (num_cpus() < 2) {
		test_skip("route_other_cpu", "the cell has one CPU");
		return;
	}
	ret = ct_helper_start();
	if (!TEST_CHECK(ret == 0, "helper_cpu_on", "CPU 1 start: %ld", ret))
		return;
	ct_write64(route_addr, cpu_mpidr(1));
	route = ct_read64(route_addr);
	n = fire(1, CT_TIMEOUT_US);
	TEST_CHECK(route == cpu_mpidr(1) && n == 1 && !stray, "route_other_cpu",
		   "IROUTER 0x%llx (want 0x%llx), arrivals on CPU 1 %u, CPU 0 %u",
		   route, cpu_mpidr(1), n, stray);
	ct_write64(route_addr, cpu_mpidr(0));
	n = fire(0, CT_TIMEOUT_US);
	TEST_CHECK(n == 1 && !stray, "route_back",
		   "arrivals on CPU 0 %u, CPU 1 %u", n, stray);
	ct_helper_stop();
	ret = ct_wait_affinity(cpu_mpidr(1), PSCI_AFF_OFF);
	TEST_CHECK(ret == PSCI_AFF_OFF, "helper_cpu_off", "state %ld", ret);
}

void inmate_main(void)
{
	long want = cmdline_parse_int("spi", 49);

	test_init("cell-spi");
	spi = want >= 32 && want < CT_MAX_INTID ? want : 49;
	gicd = ct_gicd();
	test_own();
	test_states();
	test_priority();
	test_other_cpu();
	irq_disable_intid(spi);
	TEST_CHECK(!(ct_read32(reg(GICD_ISENABLER)) & bit()), "disabled_at_end",
		   "ISENABLER 0x%x", ct_read32(reg(GICD_ISENABLER)));
	test_done();
}
