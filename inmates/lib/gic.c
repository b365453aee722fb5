// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * GICv3: distributor and redistributor MMIO, the CPU interface through
 * ICC_* system registers (group 1, EOImode 0), and interrupt dispatch by
 * INTID. Inside a cell the hypervisor emulates GICD/GICR and ignores the
 * global enables; bare, this code is the only one setting them.
 */
#include "internal.h"

#define GICD_CTLR		0x0000
#define GICD_CTLR_RWP		(1U << 31)
#define GICD_CTLR_ARE_NS	(1U << 4)
#define GICD_CTLR_GRP1NS	(1U << 1)
#define GICD_IGROUPR		0x0080
#define GICD_ISENABLER		0x0100
#define GICD_ICENABLER		0x0180
#define GICD_IPRIORITYR		0x0400
#define GICD_IROUTER		0x6000

#define GICR_FRAME		0x20000
#define GICR_WAKER		0x0014
#define GICR_WAKER_SLEEP	(1U << 1)
#define GICR_WAKER_ASLEEP	(1U << 2)
#define GICR_TYPER		0x0008
#define GICR_TYPER_LAST		(1U << 4)
#define GICR_SGI		0x10000	/* SGI_base: IGROUPR0 etc. */
#define GICR_MAX_FRAMES		256

#define ICC_CTLR_EOIMODE	(1U << 1)
#define IRQ_PRIORITY		0xa0
#define SPURIOUS		1020
#define PPI_HV_MAINT		25

static u64 gicd_base, gicr_base;
static bool gic_ok;
static u64 gicr_rd[INMATE_MAX_CPUS];	/* own redistributor per CPU */
static struct bakery_lock gicd_lock;	/* GICD read-modify-writes */
static irq_handler_t handlers[IRQ_MAX];
static u64 entry_ts[INMATE_MAX_CPUS];
static u64 irq_counts[INMATE_MAX_CPUS];

static bool wait_clear32(u64 addr, u32 mask)
{
	unsigned int i;

	for (i = 0; i < 1000000; i++) {
		if (!(mmio_read32(addr) & mask))
			return true;
		cpu_relax();
	}
	return false;
}

void gic_init(void)
{
	volatile struct jh_comm_region *comm = comm_region();
	u32 ctlr;

	if (comm && comm->gic_version != 3) {
		printk("inmate: GICv%u not supported, no interrupts\n",
		       comm->gic_version);
		return;
	}
	gicd_base = comm ? comm->gicd_base : BARE_GICD_BASE;
	gicr_base = comm ? comm->gicr_base : BARE_GICR_BASE;
	gic_ok = true;

	/* Affinity routing first, then the group enable (never both at
	 * once: changing ARE with a group enabled is unpredictable). */
	ctlr = mmio_read32(gicd_base + GICD_CTLR);
	if (!(ctlr & GICD_CTLR_ARE_NS)) {
		mmio_write32(gicd_base + GICD_CTLR, ctlr | GICD_CTLR_ARE_NS);
		wait_clear32(gicd_base + GICD_CTLR, GICD_CTLR_RWP);
	}
	ctlr = mmio_read32(gicd_base + GICD_CTLR) & ~GICD_CTLR_RWP;
	mmio_write32(gicd_base + GICD_CTLR,
		     ctlr | GICD_CTLR_ARE_NS | GICD_CTLR_GRP1NS);
	wait_clear32(gicd_base + GICD_CTLR, GICD_CTLR_RWP);

	irq_set_handler(SGI_HALT, inmate_halt_sgi);
}

static u64 find_redistributor(void)
{
	u64 mpidr = sysreg_read(mpidr_el1);
	u64 aff = ((mpidr >> 8) & 0xff000000) | (mpidr & 0xffffff);
	u64 frame = gicr_base;
	unsigned int i;

	for (i = 0; i < GICR_MAX_FRAMES; i++, frame += GICR_FRAME) {
		u64 typer = mmio_read64(frame + GICR_TYPER);

		if ((typer >> 32) == aff)
			return frame;
		if (typer & GICR_TYPER_LAST)
			break;
	}
	return 0;
}

void gic_cpu_init(void)
{
	unsigned int cpu = this_cpu();
	u64 rd, sgi;
	u32 waker;

	if (!gic_ok)
		return;
	rd = find_redistributor();
	if (!rd) {
		printk("inmate: CPU %u: no redistributor for MPIDR 0x%llx\n",
		       cpu, sysreg_read(mpidr_el1));
		return;
	}
	gicr_rd[cpu] = rd;
	sgi = rd + GICR_SGI;

	waker = mmio_read32(rd + GICR_WAKER);
	if (waker & GICR_WAKER_SLEEP)
		mmio_write32(rd + GICR_WAKER, waker & ~GICR_WAKER_SLEEP);
	if (!wait_clear32(rd + GICR_WAKER, GICR_WAKER_ASLEEP))
		printk("inmate: CPU %u: redistributor stays asleep\n", cpu);

	/* Start from a clean slate: SGIs/PPIs off, except the hypervisor's
	 * SGI 15 and maintenance PPI, which are none of our business. */
	mmio_write32(sgi + GICD_ICENABLER,
		     ~((1U << SGI_RESERVED_HV) | (1U << PPI_HV_MAINT)));

	sysreg_write(icc_sre_el1, sysreg_read(icc_sre_el1) | 1);
	isb();
	sysreg_write(icc_pmr_el1, 0xf0);
	sysreg_write(icc_bpr1_el1, 0);
	sysreg_write(icc_ctlr_el1, sysreg_read(icc_ctlr_el1) & ~ICC_CTLR_EOIMODE);
	sysreg_write(icc_igrpen1_el1, 1);
	isb();

	irq_enable_intid(SGI_HALT);
}

static void set_priority(u64 reg_base, unsigned int intid)
{
	u64 addr = reg_base + GICD_IPRIORITYR + (intid & ~3U);
	unsigned int shift = (intid & 3) * 8;
	u32 v = mmio_read32(addr);

	/* Word access: byte access need not be emulated everywhere. */
	v = (v & ~(0xffU << shift)) | ((u32)IRQ_PRIORITY << shift);
	mmio_write32(addr, v);
}

void irq_set_handler(unsigned int intid, irq_handler_t handler)
{
	if (intid < IRQ_MAX)
		handlers[intid] = handler;
}

void irq_enable_intid(unsigned int intid)
{
	u32 bit = 1U << (intid % 32);
	u64 base, mpidr;

	if (!gic_ok || intid >= IRQ_MAX || intid == SGI_RESERVED_HV)
		return;
	if (intid < 32) {
		base = gicr_rd[this_cpu()];
		if (!base)
			return;
		base += GICR_SGI;
		mmio_write32(base + GICD_IGROUPR,
			     mmio_read32(base + GICD_IGROUPR) | bit);
		set_priority(base, intid);
		mmio_write32(base + GICD_ISENABLER, bit);
		return;
	}

	mpidr = cpu_mpidr(this_cpu());
	bakery_lock(&gicd_lock);
	base = gicd_base + GICD_IGROUPR + (intid / 32) * 4;
	mmio_write32(base, mmio_read32(base) | bit);
	set_priority(gicd_base, intid);
	/* Aff3 goes to bits 39:32, Aff2..Aff0 stay; IRM = 0. */
	mmio_write64(gicd_base + GICD_IROUTER + intid * 8ULL, mpidr);
	mmio_write32(gicd_base + GICD_ISENABLER + (intid / 32) * 4, bit);
	bakery_unlock(&gicd_lock);
}

void irq_disable_intid(unsigned int intid)
{
	u32 bit = 1U << (intid % 32);

	if (!gic_ok || intid >= IRQ_MAX || intid == SGI_RESERVED_HV)
		return;
	if (intid < 32) {
		if (gicr_rd[this_cpu()])
			mmio_write32(gicr_rd[this_cpu()] + GICR_SGI +
				     GICD_ICENABLER, bit);
		return;
	}
	mmio_write32(gicd_base + GICD_ICENABLER + (intid / 32) * 4, bit);
	wait_clear32(gicd_base + GICD_CTLR, GICD_CTLR_RWP);
}

void gic_send_sgi(unsigned int intid, unsigned int cpu)
{
	u64 mpidr = cpu_mpidr(cpu), aff0 = mpidr & 0xff, v;

	if (intid >= 16 || intid == SGI_RESERVED_HV || cpu >= num_cpus())
		return;
	v = ((mpidr >> 32) & 0xff) << 48 |	/* Aff3 */
	    ((mpidr >> 16) & 0xff) << 32 |	/* Aff2 */
	    (aff0 / 16) << 44 |			/* RS */
	    (u64)intid << 24 |
	    ((mpidr >> 8) & 0xff) << 16 |	/* Aff1 */
	    1ULL << (aff0 % 16);		/* target list */
	/* Data the receiver looks at must be visible before the SGI. */
	dsb_sy();
	sysreg_write(icc_sgi1r_el1, v);
	isb();
}

void irq_handle(u64 timestamp)
{
	unsigned int cpu = this_cpu();
	u64 iar = sysreg_read(icc_iar1_el1);
	unsigned int intid = iar & 0xffffff;
	irq_handler_t h;

	if (intid >= SPURIOUS)
		return;
	entry_ts[cpu] = timestamp;
	irq_counts[cpu]++;
	h = intid < IRQ_MAX ? handlers[intid] : NULL;
	if (h) {
		h(intid);
	} else {
		printk("inmate: CPU %u: unexpected interrupt %u, disabled\n",
		       cpu, intid);
		irq_disable_intid(intid);
	}
	sysreg_write(icc_eoir1_el1, iar);
	isb();
}

u64 irq_entry_timestamp(void)
{
	return entry_ts[this_cpu()];
}

u64 irq_count(void)
{
	return irq_counts[this_cpu()];
}
