// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * attack-storm: exits and interrupts as fast as one CPU can make them
 * (cell-a, CPU 1), while the victim (cell-b) and root keep running:
 * hypercalls, PSCI through smc and hvc, emulated GIC reads and writes,
 * hvc with a foreign immediate, SGIs to ourselves (IRQs on and off), our
 * own SPI made pending again and again, a virtual timer that is always
 * due, and console output. Each storm checks that every call still got
 * its proper answer; the runner checks the victim kept ticking and root
 * kept working meanwhile. Command line: n=20000 (calls per storm),
 * ms=300 (length of the timer storm).
 */
#include "attack.h"

#define SGI_SELF	4

static unsigned int n_calls;

static u64 ms_now(void)
{
	return timer_ticks_to_ns(timer_ticks()) / 1000000;
}

static void report(const char *name, unsigned int bad, u64 t0, u64 last)
{
	TEST_CHECK(!bad, name, "%u of %u calls answered wrongly (last 0x%llx)",
		   bad, n_calls, last);
	printk("attack-storm: %s: %u calls in %llu ms\n", name, n_calls,
	       ms_now() - t0);
}

static void storm_calls(void)
{
	unsigned int i, bad;
	u64 t0, r = 0;
	struct ak_regs regs;

	t0 = ms_now();
	for (i = bad = 0; i < n_calls; i++)
		if ((r = ak_hc(JH_HC_HV_GET_INFO, 0, 0, 0)) != (u64)-AK_EPERM)
			bad++;
	report("hypercall_storm", bad, t0, r);

	t0 = ms_now();
	for (i = bad = 0; i < n_calls; i++)
		if ((r = ak_smc(PSCI_VERSION, 0, 0, 0)) != 0x10000)
			bad++;
	report("smc_psci_storm", bad, t0, r);

	t0 = ms_now();
	for (i = bad = 0; i < n_calls; i++)
		if ((s32)(r = ak_hvc0(PSCI_AFFINITY_INFO, cpu_mpidr(0), 0, 0)) !=
		    PSCI_AFF_ON)
			bad++;
	report("hvc_psci_storm", bad, t0, r);

	t0 = ms_now();
	for (i = bad = 0; i < n_calls; i++) {
		regs = (struct ak_regs){ { PSCI_VERSION, 0, 0, 0 } };
		AK_CALL("hvc #0x1234", &regs);
		if ((r = regs.x[0]) != AK_SMCCC_NOT_SUPPORTED)
			bad++;
	}
	report("hvc_foreign_imm_storm", bad, t0, r);
}

static void storm_mmio(void)
{
	u64 gicd = ct_gicd(), typer = ct_read32(gicd + GICD_TYPER), t0 = ms_now();
	u64 own = ct_frame_of(cpu_mpidr(0)) + GICR_SGI, r = 0;
	unsigned int i, bad = 0;

	for (i = 0; i < n_calls; i++) {
		if ((r = ct_read32(gicd + GICD_TYPER)) != typer)
			bad++;
		ct_write32(gicd + GICD_ICENABLER + 4, 1U << (AK_VICTIM_SPI % 32));
		ct_write32(own + GICD_ISENABLER, 1U << SGI_SELF);
		ct_write32(AK_GICR + GICR_SGI + GICD_ICENABLER, ~0U);
	}
	report("mmio_storm", bad, t0, r);
}

static void storm_sgis(void)
{
	u64 self = ct_sgi1r(SGI_SELF, cpu_mpidr(0)), t0 = ms_now();
	u32 before = ak_irqs[SGI_SELF];
	unsigned int i;

	irq_enable_intid(SGI_SELF);
	irq_enable();
	for (i = 0; i < n_calls; i++)
		ct_sgi_raw(self);
	delay_us(CT_QUIET_US);
	irq_disable();
	for (i = 0; i < n_calls; i++)
		ct_sgi_raw(self);
	ct_irq_window(CT_QUIET_US);
	TEST_CHECK(ak_irqs[SGI_SELF] - before >= 2, "sgi_storm",
		   "%u SGIs arrived of %u", ak_irqs[SGI_SELF] - before,
		   2 * n_calls);
	printk("attack-storm: sgi_storm: %u sent, %u arrived, %llu ms\n",
	       2 * n_calls, ak_irqs[SGI_SELF] - before, ms_now() - t0);
}

static void storm_spi(void)
{
	u64 pend = ct_gicd() + GICD_ISPENDR + 4, t0 = ms_now();
	u32 before = ak_irqs[AK_OWN_SPI];
	unsigned int i, n = n_calls / 4;

	irq_enable_intid(AK_OWN_SPI);
	irq_enable();
	for (i = 0; i < n; i++)
		ct_write32(pend, 1U << (AK_OWN_SPI % 32));
	delay_us(CT_QUIET_US);
	irq_disable();
	irq_disable_intid(AK_OWN_SPI);
	TEST_CHECK(ak_irqs[AK_OWN_SPI] - before >= 1 &&
		   ak_irqs[AK_OWN_SPI] - before <= n, "spi_storm",
		   "%u of %u arrived", ak_irqs[AK_OWN_SPI] - before, n);
	printk("attack-storm: spi_storm: %u pended, %u arrived, %llu ms\n", n,
	       ak_irqs[AK_OWN_SPI] - before, ms_now() - t0);
}

static volatile u32 timer_hits;
static u64 storm_end;

/*
 * Due again at once, until the storm is over. (The handler must end it:
 * with a level interrupt that is always due, the interrupted code never
 * gets to run another instruction.)
 */
static void always_due(unsigned int intid)
{
	(void)intid;
	timer_hits++;
	if (timer_ticks() < storm_end)
		timer_set_cval(0);
	else
		timer_stop();
}

static void storm_timer(u64 ms)
{
	storm_end = timer_ticks() + timer_us_to_ticks(ms * 1000);
	timer_irq_init(always_due);
	timer_set_cval(0);
	irq_enable();
	while (timer_ticks() < storm_end + timer_us_to_ticks(CT_QUIET_US))
		cpu_relax();
	irq_disable();
	timer_stop();
	TEST_CHECK(timer_hits > 10, "timer_storm", "%u timer interrupts in %llu ms",
		   timer_hits, ms);
	printk("attack-storm: timer_storm: %u interrupts in %llu ms\n",
	       timer_hits, ms);
}

static void storm_console(void)
{
	unsigned int i, bad = 0;

	for (i = 0; i < 2000; i++)
		if (ak_hc(JH_HC_DEBUG_CONSOLE_PUTC, 'a' + i % 26, 0, 0))
			bad++;
	ak_hc(JH_HC_DEBUG_CONSOLE_PUTC, '\n', 0, 0);
	TEST_CHECK(!bad, "console_storm", "%u of 2000 characters refused", bad);
}

void inmate_main(void)
{
	test_init("attack-storm");
	n_calls = cmdline_parse_int("n", 20000);
	ak_count_all_irqs();
	storm_calls();
	storm_mmio();
	storm_sgis();
	storm_spi();
	storm_timer(cmdline_parse_int("ms", 300));
	storm_console();
	TEST_CHECK(psci_version() == 0x10000, "alive_after_storms",
		   "PSCI version 0x%lx", psci_version());
	test_done();
}
