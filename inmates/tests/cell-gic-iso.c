// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * cell-gic-iso: what the emulated GIC shows a cell of everything it does
 * not own. Distributor: per-interrupt registers of foreign SPIs read 0
 * (ISENABLER, IGROUPR, IPRIORITYR, IROUTER) and writes to them have no
 * effect the cell can see; IROUTER of our own SPI cannot point outside
 * the cell (MPIDR 0, 1, 1-of-N, Aff3 through a half write) but can point
 * to our other CPU; IGROUPR and GICD_CTLR ignore writes. Redistributors
 * of foreign CPUs (MPIDR 0 and 1): TYPER, IIDR and PIDR2 are readable,
 * everything else reads 0, writes are ignored. Our own redistributor
 * hides root's LPI table bases and neither GIC part advertises LPIs.
 * Command line: spi=N (own SPI, default 49), foreign_spi=N (an SPI root
 * has enabled, default 33, its UART), spare_spi=N (an SPI nobody uses,
 * default 60).
 */
#include <inmate.h>
#include "celltest.h"

#define MAX_WORDS	32	/* ISENABLER0..31 */
#define CTLR_GRP0	(1U << 0)
#define WAKER_SLEEP	(1U << 1)
#define GICD_TYPER_LPIS		(1U << 17)
#define GICR_TYPER_PLPIS	(1ULL << 0)
#define GICR_CTLR_ENABLE_LPIS	(1U << 0)

static unsigned int spi, foreign_spi, spare_spi, lines;
static u64 gicd;

static u32 word_of(u32 base, unsigned int intid)
{
	return ct_read32(gicd + base + (intid / 32) * 4);
}

static u32 own_bit(unsigned int word)
{
	return spi / 32 == word ? 1U << (spi % 32) : 0;
}

/* First word of a 1-bit-per-interrupt array showing foreign bits. */
static int foreign_bits(u32 base, u32 *val)
{
	unsigned int n;

	for (n = 0; n < lines / 32 && n < MAX_WORDS; n++) {
		*val = ct_read32(gicd + base + n * 4);
		if (*val & ~own_bit(n))
			return n;
	}
	return -1;
}

static void test_dist_reads(void)
{
	u32 typer = ct_read32(gicd + GICD_TYPER), pidr2, v = 0;
	int n;

	lines = ((typer & 0x1f) + 1) * 32;
	pidr2 = ct_read32(gicd + GICD_PIDR2);
	TEST_CHECK(typer && ((pidr2 >> 4) & 0xf) == 3, "gicd_id_readable",
		   "GICD_TYPER 0x%x, GICD_PIDR2 0x%x", typer, pidr2);
	irq_enable_intid(spi);
	n = foreign_bits(GICD_ISENABLER, &v);
	TEST_CHECK(n < 0 && (word_of(GICD_ISENABLER, spi) & own_bit(spi / 32)),
		   "isenabler_foreign_raz",
		   "ISENABLER%d 0x%x shows interrupts we do not own (own: INTID %u)",
		   n, v, spi);
	n = foreign_bits(GICD_IGROUPR, &v);
	TEST_CHECK(n < 0, "igroupr_foreign_raz", "IGROUPR%d 0x%x", n, v);
	n = foreign_bits(GICD_ISACTIVER, &v);
	TEST_CHECK(n < 0, "isactiver_foreign_raz", "ISACTIVER%d 0x%x", n, v);
	v = ct_read8(gicd + GICD_IPRIORITYR + foreign_spi);
	TEST_CHECK(v == 0, "ipriorityr_foreign_byte_raz",
		   "IPRIORITYR byte of INTID %u reads 0x%x", foreign_spi, v);
	v = ct_read32(gicd + GICD_IPRIORITYR + (foreign_spi & ~3U));
	TEST_CHECK(spi / 4 == foreign_spi / 4 || v == 0,
		   "ipriorityr_foreign_word_raz",
		   "IPRIORITYR word of INTIDs %u..%u reads 0x%x",
		   foreign_spi & ~3U, (foreign_spi & ~3U) + 3, v);
	v = ct_read8(gicd + GICD_IPRIORITYR + spi);
	TEST_CHECK(v != 0, "ipriorityr_own_readable",
		   "IPRIORITYR of own INTID %u reads 0 after enabling it", spi);
	TEST_CHECK(ct_read64(gicd + GICD_IROUTER + foreign_spi * 8ULL) == 0,
		   "irouter_foreign_raz", "IROUTER%u 0x%llx", foreign_spi,
		   ct_read64(gicd + GICD_IROUTER + foreign_spi * 8ULL));
}

static void test_dist_writes(void)
{
	u64 isen = gicd + GICD_ISENABLER;
	u32 ctlr, after, grp;
	u8 prio;

	ct_write32(isen + (foreign_spi / 32) * 4, 1U << (foreign_spi % 32));
	after = word_of(GICD_ISENABLER, foreign_spi) & (1U << (foreign_spi % 32));
	TEST_CHECK(!after, "isenabler_foreign_write",
		   "INTID %u reads enabled after our ISENABLER write", foreign_spi);
	ct_write32(isen + (spare_spi / 32) * 4, 1U << (spare_spi % 32));
	after = word_of(GICD_ISENABLER, spare_spi) & (1U << (spare_spi % 32));
	TEST_CHECK(!after, "isenabler_spare_write",
		   "INTID %u reads enabled after our ISENABLER write", spare_spi);
	ct_write8(gicd + GICD_IPRIORITYR + foreign_spi, 0x10);
	prio = ct_read8(gicd + GICD_IPRIORITYR + foreign_spi);
	TEST_CHECK(prio == 0, "ipriorityr_foreign_write",
		   "INTID %u priority reads 0x%x after writing 0x10", foreign_spi,
		   prio);
	ct_write64(gicd + GICD_IROUTER + spare_spi * 8ULL, cpu_mpidr(0));
	TEST_CHECK(ct_read64(gicd + GICD_IROUTER + spare_spi * 8ULL) == 0,
		   "irouter_foreign_write", "IROUTER%u 0x%llx after routing it to us",
		   spare_spi, ct_read64(gicd + GICD_IROUTER + spare_spi * 8ULL));

	/* Group setup is root's: our own bit stays as it is. */
	grp = word_of(GICD_IGROUPR, spi);
	ct_write32(gicd + GICD_IGROUPR + (spi / 32) * 4, grp ^ own_bit(spi / 32));
	after = word_of(GICD_IGROUPR, spi);
	TEST_CHECK(after == grp && (grp & own_bit(spi / 32)), "igroupr_readonly",
		   "IGROUPR 0x%x, after flipping our bit 0x%x", grp, after);

	/* Global control is root's; toggling Group 0 would be harmless. */
	ctlr = ct_read32(gicd + GICD_CTLR);
	ct_write32(gicd + GICD_CTLR, ctlr ^ CTLR_GRP0);
	after = ct_read32(gicd + GICD_CTLR);
	TEST_CHECK(after == ctlr, "gicd_ctlr_write_ignored",
		   "GICD_CTLR 0x%x, 0x%x after writing 0x%x", ctlr, after,
		   ctlr ^ CTLR_GRP0);
}

static void test_irouter(void)
{
	u64 addr = gicd + GICD_IROUTER + spi * 8ULL, start = ct_read64(addr);
	static const struct {
		const char *name;
		u64 value;
	} bad[] = {
		{ "irouter_to_root_ignored", 0x0 },
		{ "irouter_to_cell_a_ignored", 0x1 },
		{ "irouter_1_of_n_ignored", GICD_IROUTER_IRM },
		{ "irouter_nonexistent_ignored", 0xff00ffffffULL },
	};
	unsigned int i;
	u64 got;

	TEST_CHECK(start == cpu_mpidr(0), "irouter_own_readable",
		   "IROUTER%u 0x%llx, own MPIDR 0x%llx", spi, start, cpu_mpidr(0));
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		ct_write64(addr, bad[i].value);
		got = ct_read64(addr);
		TEST_CHECK(got == start, bad[i].name,
			   "wrote 0x%llx, reads 0x%llx (was 0x%llx)", bad[i].value,
			   got, start);
	}
	/* Upper half alone: Aff3 = 1 names a CPU that is not ours. */
	ct_write32(addr + 4, 1);
	got = ct_read64(addr);
	TEST_CHECK(got == start, "irouter_half_write_ignored",
		   "32-bit write of Aff3 = 1: reads 0x%llx (was 0x%llx)", got, start);
	if (num_cpus() >= 2) {
		ct_write64(addr, cpu_mpidr(1));
		got = ct_read64(addr);
		ct_write64(addr, start);
		TEST_CHECK(got == cpu_mpidr(1) && ct_read64(addr) == start,
			   "irouter_other_own_cpu",
			   "routing to our CPU 1 (0x%llx) reads 0x%llx, back 0x%llx",
			   cpu_mpidr(1), got, ct_read64(addr));
	}
}

/* Register offsets of a redistributor that must read 0 when foreign. */
static const struct {
	u32 off;
	u8 size;
	const char *what;
} gicr_private[] = {
	{ GICR_CTLR, 4, "CTLR" },
	{ GICR_WAKER, 4, "WAKER" },
	{ GICR_PROPBASER, 8, "PROPBASER" },
	{ GICR_PENDBASER, 8, "PENDBASER" },
	{ GICR_SGI + GICD_IGROUPR, 4, "IGROUPR0" },
	{ GICR_SGI + GICD_ISENABLER, 4, "ISENABLER0" },
	{ GICR_SGI + GICD_ISACTIVER, 4, "ISACTIVER0" },
	{ GICR_SGI + GICD_IPRIORITYR, 4, "IPRIORITYR0" },
	{ GICR_SGI + GICD_IPRIORITYR + 12, 4, "IPRIORITYR3" },
	{ GICR_SGI + GICD_IPRIORITYR + 24, 4, "IPRIORITYR6" },
	{ GICR_SGI + 0x0c04, 4, "ICFGR1" },
};

static void test_foreign_redist(u64 mpidr)
{
	u64 frame = ct_frame_of(mpidr), typer, v;
	char name[48];
	unsigned int i;
	u32 pidr2;

	snprintf(name, sizeof(name), "gicr_0x%llx_typer", mpidr);
	if (!TEST_CHECK(frame, name, "no redistributor frame with affinity 0x%llx",
			mpidr))
		return;
	typer = ct_read64(frame + GICR_TYPER);
	pidr2 = ct_read32(frame + GICR_PIDR2);
	snprintf(name, sizeof(name), "gicr_0x%llx_id_readable", mpidr);
	TEST_CHECK(((pidr2 >> 4) & 0xf) == 3 && ct_read32(frame + GICR_IIDR),
		   name, "PIDR2 0x%x IIDR 0x%x (TYPER 0x%llx)", pidr2,
		   ct_read32(frame + GICR_IIDR), typer);
	for (i = 0; i < ARRAY_SIZE(gicr_private); i++) {
		v = gicr_private[i].size == 8 ?
			ct_read64(frame + gicr_private[i].off) :
			ct_read32(frame + gicr_private[i].off);
		if (v)
			break;
	}
	snprintf(name, sizeof(name), "gicr_0x%llx_private_raz", mpidr);
	TEST_CHECK(i == ARRAY_SIZE(gicr_private), name, "%s reads 0x%llx",
		   i < ARRAY_SIZE(gicr_private) ? gicr_private[i].what : "",
		   v);
}

/*
 * Writes to a foreign redistributor must change nothing. The ones chosen
 * would silence cell-a's timer if they went through (its CPU's PPI 27
 * disabled, its redistributor put to sleep): the scenario checks that
 * cell-a keeps ticking. Root's CPU 0 is left alone.
 */
static void test_foreign_redist_writes(void)
{
	u64 frame = ct_frame_of(0x1);
	u64 sgi;

	if (!frame) {
		test_skip("gicr_0x1_writes_ignored", "no frame for MPIDR 1");
		return;
	}
	sgi = frame + GICR_SGI;
	ct_write32(sgi + GICD_ICENABLER, 1U << PPI_VTIMER);
	ct_write32(frame + GICR_WAKER, WAKER_SLEEP);
	TEST_CHECK(!ct_read32(sgi + GICD_ISENABLER) &&
		   !ct_read32(frame + GICR_WAKER), "gicr_0x1_writes_ignored",
		   "foreign frame reads ISENABLER0 0x%x WAKER 0x%x after writes",
		   ct_read32(sgi + GICD_ISENABLER), ct_read32(frame + GICR_WAKER));
}

static void test_own_redist(void)
{
	u64 frame = ct_frame_of(cpu_mpidr(0)), typer;

	if (!TEST_CHECK(frame, "gicr_own_found", "no frame for own MPIDR 0x%llx",
			cpu_mpidr(0)))
		return;
	typer = ct_read64(frame + GICR_TYPER);
	TEST_CHECK(ct_read32(frame + GICR_SGI + GICD_ISENABLER) &
		   (1U << SGI_HALT), "gicr_own_readable",
		   "own ISENABLER0 0x%x lacks the library's SGI %u (TYPER 0x%llx)",
		   ct_read32(frame + GICR_SGI + GICD_ISENABLER), SGI_HALT, typer);
}

/*
 * LPIs stay root's: our own redistributor must not show the LPI table
 * bases root programmed (root physical addresses), must ignore writes to
 * them, and neither GIC part may advertise LPIs.
 */
static void test_own_lpis_hidden(void)
{
	u64 frame = ct_frame_of(cpu_mpidr(0)), prop, pend;
	u32 gicd_typer = ct_read32(gicd + GICD_TYPER);

	if (!frame)
		return;
	ct_write64(frame + GICR_PROPBASER, 0x40000000078fULL);
	ct_write64(frame + GICR_PENDBASER, 0x400000010000ULL);
	prop = ct_read64(frame + GICR_PROPBASER) |
	       ct_read32(frame + GICR_PROPBASER + 4);
	pend = ct_read64(frame + GICR_PENDBASER) |
	       ct_read32(frame + GICR_PENDBASER + 4);
	TEST_CHECK(!prop && !pend, "gicr_own_lpi_bases_raz",
		   "own PROPBASER 0x%llx PENDBASER 0x%llx", prop, pend);
	TEST_CHECK(!(ct_read64(frame + GICR_TYPER) & GICR_TYPER_PLPIS) &&
		   !(ct_read32(frame + GICR_CTLR) & GICR_CTLR_ENABLE_LPIS),
		   "gicr_own_no_lpis", "own TYPER 0x%llx CTLR 0x%x",
		   ct_read64(frame + GICR_TYPER), ct_read32(frame + GICR_CTLR));
	TEST_CHECK(!(gicd_typer & GICD_TYPER_LPIS), "gicd_no_lpis",
		   "GICD_TYPER 0x%x advertises LPIs", gicd_typer);
}

void inmate_main(void)
{
	test_init("cell-gic-iso");
	spi = cmdline_parse_int("spi", 49);
	foreign_spi = cmdline_parse_int("foreign_spi", 33);
	spare_spi = cmdline_parse_int("spare_spi", 60);
	gicd = ct_gicd();
	if (inmate_is_bare()) {
		test_skip("all", "bare: no emulation, everything is ours");
		test_done();
		return;
	}
	test_dist_reads();
	test_dist_writes();
	test_irouter();
	test_own_redist();
	test_own_lpis_hidden();
	test_foreign_redist(0x0);
	test_foreign_redist(0x1);
	test_foreign_redist_writes();
	irq_disable_intid(spi);
	test_done();
}
