// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * attack-gic: the emulated GICv3 from a hostile cell (cell-a, CPU 1).
 * Aimed at the victim's SPI (cell-b, 49), root's UART SPI (33), an SPI
 * nobody owns (60), the hypervisor's SGI 15 and maintenance PPI 25, and
 * the redistributors of root's CPU 0 and the victim's CPUs 2-3:
 *   - every per-interrupt register (enable, disable, pending, active,
 *     priority, config, group, group modifier, routing incl. 1-of-N and
 *     half writes, SETSPI/CLRSPI) written for foreign INTIDs reads back
 *     as zero;
 *   - the whole distributor and the register pages of all four
 *     redistributors are written with all-ones and with zero, word by
 *     word; afterwards nothing that is not ours reads non-zero, and no
 *     interrupt that is not ours ever arrives here;
 *   - accesses with unusual but valid syndromes (acquire/release,
 *     sign-extending, zero register) are emulated, not fatal;
 *   - our own SPI still works end to end afterwards.
 * Whether the victim's interrupts and root survived is the runner's part
 * (the victim reports every tick, root_alive). The runner also shuts
 * this cell down afterwards: that needs SGI 15 and PPI 25 intact.
 */
#include "attack.h"

#define GICD_ICFGR		0x0c00
#define GICD_IGRPMODR		0x0d00
#define GICD_NSACR		0x0e00
#define GICD_CLRSPI_NSR		0x0048
#define GICD_SGIR		0x0f00
#define GICR_ICFGR1		0x0c04
#define SGI_SELF		3

static u64 gicd, own_frame;

static u32 own_bits(u32 base, unsigned int bits, u32 off)
{
	/* Mask of the bits of the register at @off (4 bytes, array at
	 * @base, @bits per INTID) that belong to our SPI. */
	u32 first = (off - base) * 8 / bits;
	u32 n = AK_OWN_SPI;

	if (n < first || n >= first + 32 / bits)
		return 0;
	return (bits == 32 ? ~0U : ((1U << bits) - 1)) << ((n - first) * bits);
}

/* Which bits of GICD word @off may legitimately read non-zero. */
static u32 gicd_allowed(u32 off)
{
	if (off < 0x10 || off >= 0xffd0)
		return ~0U;				/* ID registers */
	if (off >= GICD_IGROUPR && off < GICD_IPRIORITYR)
		return own_bits(off & ~0x7fU, 1, off);
	if (off >= GICD_IPRIORITYR && off < GICD_IPRIORITYR + 0x400)
		return own_bits(GICD_IPRIORITYR, 8, off);
	if (off >= GICD_ICFGR && off < GICD_ICFGR + 0x100)
		return own_bits(GICD_ICFGR, 2, off);
	if (off >= GICD_IGRPMODR && off < GICD_IGRPMODR + 0x80)
		return own_bits(GICD_IGRPMODR, 1, off);
	if (off >= GICD_NSACR && off < GICD_NSACR + 0x100)
		return own_bits(GICD_NSACR, 2, off);
	if ((off & ~7U) == GICD_IROUTER + AK_OWN_SPI * 8)
		return ~0U;
	return 0;
}

/* Redistributor frame @f: which bits may read non-zero. */
static u32 gicr_allowed(unsigned int f, u32 off)
{
	bool own = f == 1;

	if (off == GICR_IIDR || off == GICR_TYPER || off == GICR_TYPER + 4 ||
	    off == GICR_PIDR2)
		return ~0U;
	if (off < GICR_SGI)
		return own ? ~0U : 0;
	if (!own)
		return 0;
	off -= GICR_SGI;
	if (off >= GICD_IGROUPR && off < GICD_IPRIORITYR)
		return ~((1U << CT_HV_SGI) | (1U << CT_HV_MAINT));
	if (off == GICD_IPRIORITYR + 12)		/* INTIDs 12..15 */
		return 0x00ffffff;
	if (off == GICD_IPRIORITYR + 24)		/* INTIDs 24..27 */
		return 0xffff00ff;
	if (off == GICR_ICFGR1)				/* 2 bits, 16..31 */
		return ~(3U << ((CT_HV_MAINT - 16) * 2));
	return ~0U;
}

static void test_targeted(unsigned int intid, const char *who)
{
	u32 word = (intid / 32) * 4, bit = 1U << (intid % 32), bad = 0;
	u64 route = gicd + GICD_IROUTER + intid * 8ULL;
	static const u32 bitregs[] = {
		GICD_ISENABLER, GICD_ICENABLER, GICD_ISPENDR, GICD_ICPENDR,
		GICD_ISACTIVER, GICD_ICACTIVER, GICD_IGROUPR, GICD_IGRPMODR,
	};
	char name[48];
	unsigned int i;
	u32 v;

	for (i = 0; i < ARRAY_SIZE(bitregs); i++) {
		ct_write32(gicd + bitregs[i] + word, bit);
		v = ct_read32(gicd + bitregs[i] + word) & bit;
		if (v && !bad)
			bad = bitregs[i];
	}
	snprintf(name, sizeof(name), "%s_bits_raz", who);
	TEST_CHECK(!bad, name, "INTID %u: register 0x%x reads set after writing",
		   intid, bad);

	ct_write8(gicd + GICD_IPRIORITYR + intid, 0xff);
	ct_write32(gicd + GICD_IPRIORITYR + (intid & ~3U), 0xffffffff);
	v = ct_read8(gicd + GICD_IPRIORITYR + intid);
	snprintf(name, sizeof(name), "%s_priority_raz", who);
	TEST_CHECK(v == 0, name, "INTID %u priority reads 0x%x", intid, v);

	ct_write32(gicd + GICD_ICFGR + (intid / 16) * 4, 0xaaaaaaaa);
	ct_write32(gicd + GICD_NSACR + (intid / 16) * 4, 0xffffffff);
	v = ct_read32(gicd + GICD_ICFGR + (intid / 16) * 4) &
	    (3U << ((intid % 16) * 2));
	snprintf(name, sizeof(name), "%s_config_raz", who);
	TEST_CHECK(v == 0, name, "INTID %u ICFGR bits 0x%x", intid, v);

	ct_write64(route, 0x1);				/* to us */
	ct_write64(route, GICD_IROUTER_IRM);		/* 1 of N */
	ct_write32(route, 0x1);
	ct_write32(route + 4, 0);
	snprintf(name, sizeof(name), "%s_route_raz", who);
	TEST_CHECK(ct_read64(route) == 0, name, "INTID %u IROUTER 0x%llx",
		   intid, ct_read64(route));

	ct_write32(gicd + GICD_SETSPI_NSR, intid);
	ct_write32(gicd + GICD_CLRSPI_NSR, intid);
	ct_write32(gicd + GICD_SETSPI_NSR, intid);
}

static void test_global(void)
{
	u32 ctlr = ct_read32(gicd + GICD_CTLR), typer = ct_read32(gicd + GICD_TYPER);

	ct_write32(gicd + GICD_CTLR, 0);		/* all groups off */
	ct_write32(gicd + GICD_CTLR, 0xffffffff);
	ct_write32(gicd + GICD_TYPER, 0);
	ct_write32(gicd + GICD_SGIR, 0x00ff0000 | 2);	/* GICv2 SGI, all CPUs */
	TEST_CHECK(ct_read32(gicd + GICD_CTLR) == ctlr &&
		   ct_read32(gicd + GICD_TYPER) == typer, "gicd_ctlr_readonly",
		   "CTLR 0x%x (was 0x%x), TYPER 0x%x (was 0x%x)",
		   ct_read32(gicd + GICD_CTLR), ctlr,
		   ct_read32(gicd + GICD_TYPER), typer);
}

/* Our SPI routed to a CPU of another cell (or 1-of-N) must stay ours. */
static void test_own_route(void)
{
	u64 route = gicd + GICD_IROUTER + AK_OWN_SPI * 8ULL, start;
	static const u64 bad[] = {
		AK_ROOT_MPIDR, AK_VICTIM_MPIDR0, AK_VICTIM_MPIDR1,
		GICD_IROUTER_IRM | 1, 0x100, 0xff00000001ULL,
	};
	unsigned int i;

	irq_enable_intid(AK_OWN_SPI);
	start = ct_read64(route);
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		ct_write64(route, bad[i]);
	ct_write32(route, AK_VICTIM_MPIDR0);
	ct_write32(route + 4, 0);
	TEST_CHECK(ct_read64(route) == start && start == cpu_mpidr(0),
		   "own_spi_route_stays", "IROUTER%u 0x%llx (was 0x%llx)",
		   AK_OWN_SPI, ct_read64(route), start);
}

static void sweep_gicd(u32 value)
{
	u32 off;

	for (off = 0; off < AK_GICD_SIZE; off += 4)
		ct_write32(gicd + off, value);
}

static void test_gicd_sweep(void)
{
	u32 off, v = 0, bad = ~0U;

	sweep_gicd(0xffffffff);
	sweep_gicd(0);
	for (off = 0; off < AK_GICD_SIZE; off += 4) {
		v = ct_read32(gicd + off);
		if (v & ~gicd_allowed(off)) {
			bad = off;
			break;
		}
	}
	TEST_CHECK(bad == ~0U, "gicd_sweep_foreign_raz",
		   "after writing all-ones and zero everywhere, GICD+0x%x reads 0x%x",
		   bad, v);
}

/* Register pages of frame @f (RD_base and SGI_base, where registers
 * live), each word written with @value. */
static void sweep_frame(unsigned int f, u32 value)
{
	u64 base = AK_GICR + f * GICR_FRAME;
	u32 off;

	for (off = 0; off < 0x1000; off += 4) {
		ct_write32(base + off, value);
		ct_write32(base + GICR_SGI + off, value);
	}
	for (off = 0xffd0; off < 0x10000; off += 4) {
		ct_write32(base + off, value);
		ct_write32(base + GICR_SGI + off, value);
	}
}

static u32 check_frame(unsigned int f, u32 *val)
{
	u64 base = AK_GICR + f * GICR_FRAME;
	u32 off, v;

	for (off = 0; off < 0x1000; off += 4) {
		v = ct_read32(base + off);
		if (v & ~gicr_allowed(f, off))
			return *val = v, off;
		v = ct_read32(base + GICR_SGI + off);
		if (v & ~gicr_allowed(f, GICR_SGI + off))
			return *val = v, GICR_SGI + off;
	}
	return ~0U;
}

static void test_gicr_sweep(void)
{
	u64 own_sgi = own_frame + GICR_SGI;
	u32 prio[8], cfg1, bad, v = 0;
	unsigned int f, i;
	char name[40];

	/* Our own frame too, but put our PPI setup back afterwards. */
	for (i = 0; i < 8; i++)
		prio[i] = ct_read32(own_sgi + GICD_IPRIORITYR + i * 4);
	cfg1 = ct_read32(own_sgi + GICR_ICFGR1);
	for (f = 0; f < AK_GICR_FRAMES; f++) {
		sweep_frame(f, 0xffffffff);
		sweep_frame(f, 0);
	}
	for (f = 0; f < AK_GICR_FRAMES; f++) {
		bad = check_frame(f, &v);
		snprintf(name, sizeof(name), "gicr%u_sweep_%s", f,
			 f == 1 ? "hv_bits_raz" : "foreign_raz");
		TEST_CHECK(bad == ~0U, name, "frame %u +0x%x reads 0x%x", f,
			   bad, v);
	}
	ct_write32(own_sgi + GICD_ICACTIVER, ~0U);
	ct_write32(own_sgi + GICD_ICPENDR, ~0U);
	for (i = 0; i < 8; i++)
		ct_write32(own_sgi + GICD_IPRIORITYR + i * 4, prio[i]);
	ct_write32(own_sgi + GICR_ICFGR1, cfg1);
}

/* Accesses with a valid but unusual syndrome are emulated. */
static void test_access_forms(void)
{
	u64 typer = gicd + GICD_TYPER, prio = gicd + GICD_IPRIORITYR + AK_OWN_SPI;
	u32 a = 0, b = 0;
	u64 s = 0;

	asm volatile("ldar %w0, [%1]" : "=r" (a) : "r" (typer) : "memory");
	asm volatile("stlr %w0, [%1]" : : "r" (1U << (AK_OWN_SPI % 32)),
		     "r" (gicd + GICD_ISENABLER + 4) : "memory");
	asm volatile("ldrsb %0, [%1]" : "=r" (s) : "r" (prio) : "memory");
	asm volatile("ldr wzr, [%0]" : : "r" (typer) : "memory");
	asm volatile("str wzr, [%0]" : : "r" (gicd + GICD_ICPENDR + 4) : "memory");
	b = ct_read32(typer);
	TEST_CHECK(a == b && (u8)s == ct_read8(prio) &&
		   (ct_read8(prio) < 0x80 || (s >> 63)), "valid_syndrome_forms",
		   "ldar 0x%x vs ldr 0x%x, ldrsb 0x%llx vs ldrb 0x%x", a, b,
		   s, ct_read8(prio));
}

static void test_own_spi_works(void)
{
	u32 before;

	ct_write32(gicd + GICD_ICACTIVER + 4, 1U << (AK_OWN_SPI % 32));
	ct_write32(gicd + GICD_ICPENDR + 4, 1U << (AK_OWN_SPI % 32));
	ct_write32(gicd + GICD_ICFGR + (AK_OWN_SPI / 16) * 4, 0);
	irq_enable_intid(AK_OWN_SPI);
	ct_irq_window(CT_QUIET_US);
	before = ak_irqs[AK_OWN_SPI];
	ct_write32(gicd + GICD_ISPENDR + 4, 1U << (AK_OWN_SPI % 32));
	ct_irq_window(CT_QUIET_US);
	TEST_CHECK(ak_irqs[AK_OWN_SPI] - before == 1, "own_spi_still_works",
		   "own SPI arrived %u times", ak_irqs[AK_OWN_SPI] - before);

	/* The sweep made our SGIs pending while disabled: let them in. */
	irq_enable_intid(SGI_SELF);
	ct_irq_window(CT_QUIET_US);
	before = ak_irqs[SGI_SELF];
	gic_send_sgi(SGI_SELF, 0);
	ct_irq_window(CT_QUIET_US);
	TEST_CHECK(ak_irqs[SGI_SELF] - before == 1, "own_sgi_still_works",
		   "SGI %u to ourselves arrived %u times", SGI_SELF,
		   ak_irqs[SGI_SELF] - before);
}

static void test_nothing_stolen(void)
{
	u32 stolen = 0, last = 0;
	unsigned int n;

	ct_irq_window(50000);
	for (n = 32; n < AK_MAX_INTID; n++)
		if (n != AK_OWN_SPI && ak_irqs[n]) {
			stolen += ak_irqs[n];
			last = n;
		}
	TEST_CHECK(!stolen, "no_foreign_interrupt_arrived",
		   "%u foreign SPIs arrived here (last INTID %u)", stolen, last);
	TEST_CHECK(!ak_irqs[CT_HV_MAINT], "no_maintenance_irq_injected",
		   "PPI %u arrived %u times", CT_HV_MAINT, ak_irqs[CT_HV_MAINT]);
}

void inmate_main(void)
{
	test_init("attack-gic");
	gicd = ct_gicd();
	own_frame = ct_frame_of(cpu_mpidr(0));
	if (!TEST_CHECK(own_frame == AK_GICR + GICR_FRAME, "own_frame_is_1",
			"own redistributor at 0x%llx", own_frame))
		own_frame = AK_GICR + GICR_FRAME;
	ak_count_all_irqs();
	test_targeted(AK_VICTIM_SPI, "victim_spi");
	test_targeted(AK_ROOT_SPI, "root_spi");
	test_targeted(AK_SPARE_SPI, "spare_spi");
	test_global();
	test_own_route();
	test_access_forms();
	test_gicd_sweep();
	test_gicr_sweep();
	test_own_spi_works();
	test_nothing_stolen();
	irq_disable_intid(AK_OWN_SPI);
	test_done();
}
