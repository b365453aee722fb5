// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * attack-victim: the neighbour the attack inmates aim at (cell-b,
 * CPUs 2-3). It watches everything an attack could change and prints
 * one line per period on CPU 0:
 *
 *   victim: tick N ok crc 0x.. spi S sgi G
 *   victim: tick N BAD <first problem> (crc 0x.. spi S sgi G)
 *
 * "BAD" is sticky: the first problem is repeated on every later line, so
 * the runner finds it after whichever attack caused it. Checked each tick:
 *   - code, read-only data and relocations (CRC-32 of [0, __rela_end))
 *     and the rest of the cell's RAM, filled with an address pattern at
 *     boot (an attacker's write into cell-b's memory changes one of them)
 *   - the comm region's fixed fields (signature, cell ID, CPU list)
 *   - our SPI: enabled, priority, routing, trigger config and group as we
 *     set them, and it still arrives (set pending via GICD_ISPENDR)
 *   - both redistributors: SGI/PPI enables and priorities as we set them
 *   - SGI 7 to each of our CPUs arrives exactly once
 *   - no interrupt we did not cause: any other SGI (an attacker's
 *     ICC_SGI1R_EL1), any other SPI (a foreign SETSPI or routing), SGI 7
 *     or our SPI more often than we sent them
 *   - the timer keeps interrupting (otherwise the lines stop)
 * Command line: period_ms=250 spi=49 ram=0x100000; for testing the
 * watcher itself, selftest=N makes it break its own rules at tick N
 * (one RAM word, an SGI it did not expect, its SPI disabled).
 */
#include "attack.h"

#define SGI_PROBE	7
/*
 * How long a probe may take to arrive. The wait ends at the arrival, so
 * this only matters when the host starves a vCPU thread (TCG runs each
 * vCPU on a host thread, the guest timer follows wall time): 200 ms was
 * seen exceeded on a loaded 2-core host, reporting a lost SGI that
 * arrived later.
 */
#define WAIT_US		2000000
#define PATTERN(a)	(((u64)(a) >> 3) ^ 0xa5a55a5a3c3cc3c3ULL)

extern u8 _start[], __rela_end[], __mem_end[];

static u64 period, next_tick;
static volatile u32 tick_due;
static unsigned int spi;
static u64 gicd, frames[2];
static u32 crc_boot;
static u64 pat_start, pat_end;

/* What we configured, read back every tick. */
static u32 spi_prio_word, spi_cfg_word, spi_group_word;
static u64 spi_route;
static u32 frame_enabled[2], frame_prio[2][8];

static volatile u32 sgi_sent[2], sgi_got[2];
static volatile u32 spi_sent, spi_got;
static volatile u32 foreign_irqs, foreign_intid;
static volatile u32 secondary_up;
static char bad[100];

static u32 crc32(const u8 *p, u64 n)
{
	u32 crc = ~0U;
	unsigned int k;

	while (n--) {
		crc ^= *p++;
		for (k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320U & -(crc & 1));
	}
	return ~crc;
}

static void report_bad(const char *fmt, ...)
{
	va_list ap;

	if (bad[0])
		return;
	va_start(ap, fmt);
	vsnprintf(bad, sizeof(bad), fmt, ap);
	va_end(ap);
}

static void irq_other(unsigned int intid)
{
	foreign_irqs++;
	foreign_intid = intid;
}

static void irq_sgi(unsigned int intid)
{
	(void)intid;
	sgi_got[this_cpu()]++;
}

static void irq_spi(unsigned int intid)
{
	(void)intid;
	spi_got++;
}

static void irq_timer(unsigned int intid)
{
	(void)intid;
	next_tick += period;
	timer_set_cval(next_tick);
	tick_due = 1;
}

static void fill_pattern(void)
{
	u64 a;

	pat_start = ((u64)__mem_end + 0xfff) & ~0xfffUL;
	pat_end = cmdline_parse_int("ram", AK_OWN_RAM_SIZE);
	for (a = pat_start; a < pat_end; a += 8)
		*(volatile u64 *)a = PATTERN(a);
}

static void check_memory(void)
{
	volatile struct jh_comm_region *comm = comm_region();
	u32 crc = crc32(_start, __rela_end - _start);
	u64 a, v;

	if (crc != crc_boot)
		report_bad("code CRC 0x%08x, was 0x%08x", crc, crc_boot);
	for (a = pat_start; a < pat_end; a += 8) {
		v = *(volatile u64 *)a;
		if (v != PATTERN(a)) {
			report_bad("RAM at IPA 0x%llx holds 0x%llx", a, v);
			break;
		}
	}
	if (memcmp((const void *)comm->signature, JH_COMM_SIGNATURE, 8) ||
	    comm->num_cpus != 2 || comm->cpu_mpidr[0] != AK_VICTIM_MPIDR0 ||
	    comm->cpu_mpidr[1] != AK_VICTIM_MPIDR1)
		report_bad("comm region changed (cpus %u: 0x%llx 0x%llx)",
			   comm->num_cpus, comm->cpu_mpidr[0], comm->cpu_mpidr[1]);
}

static u64 spi_reg(u32 base, unsigned int bits)
{
	return gicd + base + (spi * bits / 32) * 4;
}

static void save_gic_config(void)
{
	unsigned int c, i;

	spi_prio_word = ct_read32(spi_reg(GICD_IPRIORITYR, 8));
	spi_cfg_word = ct_read32(spi_reg(0xc00, 2));
	spi_group_word = ct_read32(spi_reg(GICD_IGROUPR, 1));
	spi_route = ct_read64(gicd + GICD_IROUTER + spi * 8ULL);
	for (c = 0; c < 2; c++) {
		frame_enabled[c] = ct_read32(frames[c] + GICR_SGI + GICD_ISENABLER);
		for (i = 0; i < 8; i++)
			frame_prio[c][i] = ct_read32(frames[c] + GICR_SGI +
						     GICD_IPRIORITYR + i * 4);
	}
}

static void check_gic_config(void)
{
	u32 bit = 1U << (spi % 32), v;
	unsigned int c, i;

	if (!(ct_read32(spi_reg(GICD_ISENABLER, 1)) & bit))
		report_bad("SPI %u disabled", spi);
	if ((v = ct_read32(spi_reg(GICD_IPRIORITYR, 8))) != spi_prio_word)
		report_bad("SPI %u priority word 0x%x, was 0x%x", spi, v,
			   spi_prio_word);
	if ((v = ct_read32(spi_reg(0xc00, 2))) != spi_cfg_word)
		report_bad("SPI %u ICFGR 0x%x, was 0x%x", spi, v, spi_cfg_word);
	if ((v = ct_read32(spi_reg(GICD_IGROUPR, 1))) != spi_group_word)
		report_bad("SPI %u IGROUPR 0x%x, was 0x%x", spi, v,
			   spi_group_word);
	if (ct_read64(gicd + GICD_IROUTER + spi * 8ULL) != spi_route)
		report_bad("SPI %u routed to 0x%llx, was 0x%llx", spi,
			   ct_read64(gicd + GICD_IROUTER + spi * 8ULL),
			   spi_route);
	if (ct_read32(spi_reg(GICD_ISACTIVER, 1)) & bit)
		report_bad("SPI %u active outside its handler", spi);
	for (c = 0; c < 2; c++) {
		v = ct_read32(frames[c] + GICR_SGI + GICD_ISENABLER);
		if (v != frame_enabled[c])
			report_bad("CPU %u SGI/PPI enables 0x%x, were 0x%x", c,
				   v, frame_enabled[c]);
		for (i = 0; i < 8; i++) {
			v = ct_read32(frames[c] + GICR_SGI + GICD_IPRIORITYR +
				      i * 4);
			if (v != frame_prio[c][i])
				report_bad("CPU %u IPRIORITYR%u 0x%x, was 0x%x",
					   c, i, v, frame_prio[c][i]);
		}
	}
}

/* Wait (IRQs on) until *@got reaches @want; then a short quiet time so
 * that extra arrivals show up too. */
static void wait_for(volatile u32 *got, u32 want)
{
	irq_enable();
	ct_wait_at_least(got, want, WAIT_US);
	delay_us(2000);
	irq_disable();
}

static void check_delivery(void)
{
	unsigned int c;

	spi_sent++;
	ct_write32(spi_reg(GICD_ISPENDR, 1), 1U << (spi % 32));
	wait_for(&spi_got, spi_sent);
	if (spi_got != spi_sent)
		report_bad("SPI %u arrived %u times, sent %u", spi, spi_got,
			   spi_sent);
	for (c = 0; c < 2; c++) {
		sgi_sent[c]++;
		gic_send_sgi(SGI_PROBE, c);
		wait_for(&sgi_got[c], sgi_sent[c]);
		if (sgi_got[c] != sgi_sent[c])
			report_bad("SGI %u to CPU %u arrived %u times, sent %u",
				   SGI_PROBE, c, sgi_got[c], sgi_sent[c]);
	}
	if (foreign_irqs)
		report_bad("%u interrupts we did not cause (last INTID %u)",
			   foreign_irqs, foreign_intid);
}

static void secondary(unsigned int cpu, void *arg)
{
	unsigned int n;

	(void)arg;
	for (n = 0; n < 14; n++)
		irq_enable_intid(n);
	WRITE_ONCE(secondary_up, 1);
	dsb_sy();
	(void)cpu;
	comm_idle(false);
}

static void setup_irqs(void)
{
	unsigned int n;

	for (n = 0; n < AK_MAX_INTID; n++)
		if (n != SGI_HALT && n != SGI_RESERVED_HV)
			irq_set_handler(n, irq_other);
	irq_set_handler(SGI_PROBE, irq_sgi);
	irq_set_handler(spi, irq_spi);
	for (n = 0; n < 14; n++)
		irq_enable_intid(n);
	irq_enable_intid(spi);
	if (smp_cpu_on(1, secondary, NULL) != PSCI_SUCCESS ||
	    !ct_wait_at_least(&secondary_up, 1, 1000000))
		report_bad("second CPU did not come up");
	frames[0] = ct_frame_of(cpu_mpidr(0));
	frames[1] = ct_frame_of(cpu_mpidr(1));
	timer_irq_init(irq_timer);
}

static void selftest(void)
{
	*(volatile u64 *)(pat_end - 8) ^= 1;
	ct_sgi_raw(ct_sgi1r(9, cpu_mpidr(0)));
	ct_write32(spi_reg(GICD_ICENABLER, 1), 1U << (spi % 32));
	printk("victim: selftest: broke the rules on purpose\n");
}

static void do_tick(u64 n)
{
	if (n == (u64)cmdline_parse_int("selftest", 0))
		selftest();
	check_memory();
	check_gic_config();
	check_delivery();
	if (bad[0])
		printk("victim: tick %llu BAD %s (crc 0x%08x spi %u sgi %u)\n",
		       n, bad, crc_boot, spi_got, sgi_got[0] + sgi_got[1]);
	else
		printk("victim: tick %llu ok crc 0x%08x spi %u sgi %u\n", n,
		       crc_boot, spi_got, sgi_got[0] + sgi_got[1]);
}

void inmate_main(void)
{
	long period_ms = cmdline_parse_int("period_ms", 250);
	u64 ticks = 0;

	spi = cmdline_parse_int("spi", AK_VICTIM_SPI);
	gicd = ct_gicd();
	crc_boot = crc32(_start, __rela_end - _start);
	fill_pattern();
	setup_irqs();
	save_gic_config();
	printk("victim: up, crc 0x%08x, pattern 0x%llx-0x%llx, SPI %u\n",
	       crc_boot, pat_start, pat_end, spi);

	period = timer_us_to_ticks((period_ms < 20 ? 20 : period_ms) * 1000);
	next_tick = timer_ticks() + period;
	timer_set_cval(next_tick);
	irq_disable();
	for (;;) {
		comm_poll();
		cpu_sleep();
		if (tick_due) {
			tick_due = 0;
			do_tick(++ticks);
		}
	}
}
