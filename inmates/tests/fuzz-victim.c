// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * fuzz-victim: the neighbour of a hostile cell, and CPUs in awkward
 * states for destroy tests.
 *
 * mode=tick (default): fills the free part of its RAM with a pattern,
 * then prints every period_ms
 *     fuzz-victim: tick <k> crc 0x<crc> stray <n>
 * where crc is the CRC-32 of its code, read-only data and the pattern
 * (it must never change) and stray counts interrupts it never asked for
 * (SGIs and its SPI: nobody may send them; must stay 0). A changed CRC
 * is also reported on its own line ("fuzz-victim: CRC CHANGED ...").
 * It answers shutdown requests.
 *
 * mode=wfi|wfe|busy|masked|suspend: every CPU of the cell prints
 *     fuzz-victim: CPU <n> mode <mode>
 * and then sits, forever and without answering shutdown requests, in
 *   wfi      wfi loop, interrupts masked, no interrupt source
 *   wfe      wfe loop, interrupts masked
 *   busy     tight loop, interrupts unmasked
 *   masked   tight loop, DAIF all masked
 *   suspend  PSCI CPU_SUSPEND loop (the CPU waits at EL2), masked
 * Only a destroy (or a shutdown that times out) gets the CPUs back. With
 * secondaries=0 the other CPUs of the cell are never started (they stay
 * parked in the hypervisor).
 *
 * mode=gicinfo: prints what a new cell finds in the GIC before touching
 * it, then idles (answering shutdown requests):
 *   fuzz-victim: gicinfo cfg1 0x<ICFGR1> prio 0x<crc> spi <n> cfg <c> prio <p>
 * the PPI trigger modes of its boot CPU's redistributor, a CRC of its
 * SGI/PPI priorities, and trigger mode and priority of its SPI. A cell
 * started on the same CPUs and SPI later must find the same.
 * mode=scribble: changes exactly that (all PPIs edge-triggered, SGI/PPI
 * priorities 0xc0, its SPI edge-triggered with priority 0xc0), prints
 * "fuzz-victim: scribbled" and idles.
 *
 * Command line: mode=, period_ms=500, pattern_kb=256, ram_kb=1024,
 * spi=49 (the cell's SPI, enabled to catch strays), secondaries=1.
 */
#include <inmate.h>

#define PSCI_CPU_SUSPEND_64	0xc4000001U

extern char _start[], __rela_start[], __mem_end[];

enum victim_mode {
	M_TICK, M_WFI, M_WFE, M_BUSY, M_MASKED, M_SUSPEND, M_GICINFO,
	M_SCRIBBLE
};

static const char *const mode_names[] = {
	[M_TICK] = "tick", [M_WFI] = "wfi", [M_WFE] = "wfe",
	[M_BUSY] = "busy", [M_MASKED] = "masked", [M_SUSPEND] = "suspend",
	[M_GICINFO] = "gicinfo", [M_SCRIBBLE] = "scribble",
};

#define GICR_FRAME		0x20000UL
#define GICR_SGI		0x10000UL
#define GICR_TYPER		0x0008
#define GICR_TYPER_LAST		(1ULL << 4)
#define GIC_IPRIORITYR		0x0400
#define GIC_ICFGR		0x0c00

static u32 crc_table[256];
static u64 period, next_tick;
static volatile u64 ticks, stray;

static void crc_init(void)
{
	u32 c, n, k;

	for (n = 0; n < 256; n++) {
		c = n;
		for (k = 0; k < 8; k++)
			c = (c & 1) ? 0xedb88320U ^ (c >> 1) : c >> 1;
		crc_table[n] = c;
	}
}

static u32 crc_update(u32 crc, const volatile u8 *p, u64 len)
{
	while (len--)
		crc = crc_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return crc;
}

/* Pattern: a simple LCG stream, so any changed byte shows. */
static void pattern_fill(volatile u32 *p, u64 words)
{
	u32 x = 0x12345678;

	while (words--) {
		x = x * 1103515245U + 12345U;
		*p++ = x;
	}
}

static u64 pattern_base(void)
{
	return ((u64)__mem_end + 0xfff) & ~0xfffULL;
}

/* Bytes of RAM from the image start to the pattern. */
static u64 pattern_offset(void)
{
	return pattern_base() - (u64)_start;
}

/* The entry code and vectors, then code and read-only data, then the
 * pattern: everything that must never change while we run. */
static u32 image_crc(u64 pattern_len)
{
	const volatile u8 *base = (const volatile u8 *)_start;
	u64 code = INMATE_CMDLINE_OFFSET + INMATE_CMDLINE_SIZE;
	u32 crc = 0xffffffffU;

	crc = crc_update(crc, base, INMATE_CMDLINE_OFFSET);
	crc = crc_update(crc, base + code, (u64)(__rela_start - _start) - code);
	crc = crc_update(crc, (const volatile u8 *)pattern_base(),
			 pattern_len);
	return ~crc;
}

static void timer_irq(unsigned int intid)
{
	(void)intid;
	ticks++;
	next_tick += period;
	timer_set_cval(next_tick);
}

static void stray_irq(unsigned int intid)
{
	if (stray++ < 8)
		printk("fuzz-victim: stray interrupt %u on CPU %u\n", intid,
		       this_cpu());
}

static void catch_strays(unsigned int spi)
{
	unsigned int n;

	for (n = 0; n < 14; n++) {
		irq_set_handler(n, stray_irq);
		irq_enable_intid(n);
	}
	if (spi >= 32 && spi < IRQ_MAX) {
		irq_set_handler(spi, stray_irq);
		irq_enable_intid(spi);
	}
}

static void __noreturn run_tick(long period_ms, u64 pattern_len,
				unsigned int spi)
{
	u64 seen = 0;
	u32 crc0, crc;

	crc_init();
	pattern_fill((volatile u32 *)pattern_base(), pattern_len / 4);
	crc0 = image_crc(pattern_len);
	printk("fuzz-victim: pattern 0x%llx+0x%llx crc 0x%08x\n",
	       pattern_base(), pattern_len, crc0);
	catch_strays(spi);

	period = timer_us_to_ticks(period_ms * 1000);
	next_tick = timer_ticks() + period;
	timer_irq_init(timer_irq);
	timer_set_cval(next_tick);

	irq_disable();
	for (;;) {
		comm_poll();
		cpu_sleep();
		if (ticks == seen)
			continue;
		seen = ticks;
		crc = image_crc(pattern_len);
		if (crc != crc0)
			printk("fuzz-victim: CRC CHANGED 0x%08x -> 0x%08x\n",
			       crc0, crc);
		printk("fuzz-victim: tick %llu crc 0x%08x stray %llu\n", seen,
		       crc, stray);
	}
}

static void __noreturn sit(enum victim_mode mode)
{
	printk("fuzz-victim: CPU %u mode %s\n", this_cpu(), mode_names[mode]);
	switch (mode) {
	case M_WFI:
		irq_disable();
		for (;;)
			wfi();
	case M_WFE:
		irq_disable();
		for (;;)
			wfe();
	case M_BUSY:
		irq_enable();
		for (;;)
			asm volatile("" ::: "memory");
	case M_MASKED:
		asm volatile("msr daifset, #0xf" ::: "memory");
		for (;;)
			asm volatile("" ::: "memory");
	default:
		irq_disable();
		for (;;)
			psci_call(PSCI_CPU_SUSPEND_64, 0, 0, 0);
	}
}

/*
 * GIC registers through plain [Xn] accesses: a C volatile access may be
 * compiled to a writeback (pre/post-indexed) instruction, which has no
 * syndrome when it traps, and the hypervisor parks the CPU for that.
 */
static u32 rd32(u64 addr)
{
	u32 v;

	asm volatile("ldr %w0, [%1]" : "=r" (v) : "r" (addr) : "memory");
	return v;
}

static u64 rd64(u64 addr)
{
	u64 v;

	asm volatile("ldr %0, [%1]" : "=r" (v) : "r" (addr) : "memory");
	return v;
}

static void wr32(u64 addr, u32 v)
{
	asm volatile("str %w0, [%1]" : : "r" (v), "r" (addr) : "memory");
}

/* SGI_base of the boot CPU's redistributor, or 0. */
static u64 own_sgi_base(u64 gicr)
{
	u64 me = cpu_mpidr(0), typer, frame = gicr;
	u64 aff = ((me >> 8) & 0xff000000) | (me & 0xffffff);
	unsigned int n;

	for (n = 0; n < 64; n++, frame += GICR_FRAME) {
		typer = rd64(frame + GICR_TYPER);
		if ((typer >> 32) == aff)
			return frame + GICR_SGI;
		if (typer & GICR_TYPER_LAST)
			break;
	}
	return 0;
}

static void __noreturn gicinfo(unsigned int spi)
{
	volatile struct jh_comm_region *comm = comm_region();
	u64 gicd = comm ? comm->gicd_base : BARE_GICD_BASE;
	u64 sgi = own_sgi_base(comm ? comm->gicr_base : BARE_GICR_BASE);
	u32 cfg1 = 0, prio = 0xffffffffU, word;
	unsigned int n;

	crc_init();
	if (sgi) {
		cfg1 = rd32(sgi + GIC_ICFGR + 4);
		for (n = 0; n < 8; n++) {
			word = rd32(sgi + GIC_IPRIORITYR + n * 4);
			prio = crc_update(prio, (const volatile u8 *)&word, 4);
		}
	}
	printk("fuzz-victim: gicinfo cfg1 0x%x prio 0x%08x spi %u cfg %u "
	       "prio 0x%x\n", cfg1, ~prio, spi,
	       (rd32(gicd + GIC_ICFGR + spi / 16 * 4) >> (spi % 16 * 2)) & 3,
	       (rd32(gicd + GIC_IPRIORITYR + (spi & ~3U)) >>
		(spi % 4 * 8)) & 0xff);
	comm_idle(true);
}

static void __noreturn scribble(unsigned int spi)
{
	volatile struct jh_comm_region *comm = comm_region();
	u64 gicd = comm ? comm->gicd_base : BARE_GICD_BASE;
	u64 sgi = own_sgi_base(comm ? comm->gicr_base : BARE_GICR_BASE);
	u64 cfg = gicd + GIC_ICFGR + spi / 16 * 4;
	unsigned int n;

	if (sgi) {
		wr32(sgi + GIC_ICFGR + 4, 0xaaaaaaaaU);
		for (n = 0; n < 8; n++)
			wr32(sgi + GIC_IPRIORITYR + n * 4, 0xc0c0c0c0U);
	}
	wr32(cfg, rd32(cfg) | 2U << (spi % 16 * 2));
	wr32(gicd + GIC_IPRIORITYR + (spi & ~3U), 0xc0c0c0c0U);
	/* Our own timer must still work for comm_idle(): level again. */
	if (sgi)
		wr32(sgi + GIC_ICFGR + 4, 0xaaaaaaaaU & ~(3U << 22));
	printk("fuzz-victim: scribbled cfg1 0x%x spi %u cfg %u prio 0x%x\n",
	       sgi ? rd32(sgi + GIC_ICFGR + 4) : 0, spi,
	       (rd32(cfg) >> (spi % 16 * 2)) & 3,
	       (rd32(gicd + GIC_IPRIORITYR + (spi & ~3U)) >>
		(spi % 4 * 8)) & 0xff);
	comm_idle(true);
}

static void secondary(unsigned int cpu, void *arg)
{
	(void)cpu;
	sit((enum victim_mode)(u64)arg);
}

static enum victim_mode parse_mode(void)
{
	char buf[16];
	unsigned int n;

	if (!cmdline_parse_str("mode", buf, sizeof(buf)))
		return M_TICK;
	for (n = 0; n < ARRAY_SIZE(mode_names); n++)
		if (!strcmp(buf, mode_names[n]))
			return n;
	printk("fuzz-victim: unknown mode '%s', using tick\n", buf);
	return M_TICK;
}

void inmate_main(void)
{
	enum victim_mode mode = parse_mode();
	long period_ms = cmdline_parse_int("period_ms", 500);
	long pattern_kb = cmdline_parse_int("pattern_kb", 256);
	long ram_kb = cmdline_parse_int("ram_kb", 1024);
	u64 room = (u64)ram_kb * 1024 - pattern_offset();
	unsigned int cpu;

	if (mode == M_GICINFO)
		gicinfo(cmdline_parse_int("spi", 49));
	if (mode == M_SCRIBBLE)
		scribble(cmdline_parse_int("spi", 49));
	if (mode == M_TICK) {
		if (period_ms < 1)
			period_ms = 1;
		if (pattern_kb < 0 || (u64)pattern_kb * 1024 > room)
			pattern_kb = room / 1024;
		run_tick(period_ms, (u64)pattern_kb * 1024,
			 cmdline_parse_int("spi", 49));
	}
	/* Secondaries first: once the boot CPU sits it never comes back. */
	for (cpu = 1; cmdline_parse_bool("secondaries", true) &&
		      cpu < num_cpus(); cpu++) {
		if (smp_cpu_on(cpu, secondary, (void *)(u64)mode) !=
		    PSCI_SUCCESS || !smp_wait_online(cpu, 1000000))
			printk("fuzz-victim: CPU %u did not start\n", cpu);
		delay_us(20000);	/* let it print its line first */
	}
	sit(mode);
}
