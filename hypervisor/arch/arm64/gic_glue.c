// SPDX-License-Identifier: GPL-2.0
/*
 * Glue between the cells and the GICv3 emulation (vgic.c): the physical
 * register accessors, redistributor discovery, ownership queries, handing
 * SPIs between root and cells, and the MMIO entry from data aborts.
 */
#include <hv/cell.h>
#include <hv/config.h>
#include <hv/errno.h>
#include <hv/percpu.h>
#include <hv/pool.h>
#include <hv/printk.h>
#include <hv/setup.h>
#include <hv/string.h>
#include <asm/gicv3.h>
#include <asm/psci.h>
#include <asm/sysreg.h>
#include <asm/vgic.h>
#include <hv/vuart.h>

#define MAX_FRAMES	64

unsigned int vgic_num_frames;
unsigned int vgic_maint_irq = VGIC_MAINT_IRQ_DEFAULT;
static u64 gicd_base, gicr_base;
static u64 frame_aff[MAX_FRAMES];	/* MPIDR affinity of each frame */
static spinlock_t vgic_lock;

static u64 mmio_read(u64 addr, unsigned int size)
{
	switch (size) {
	case 1: return *(volatile u8 *)addr;
	case 2: return *(volatile u16 *)addr;
	case 4: return *(volatile u32 *)addr;
	default: return *(volatile u64 *)addr;
	}
}

static void mmio_write(u64 addr, u64 value, unsigned int size)
{
	switch (size) {
	case 1: *(volatile u8 *)addr = value; break;
	case 2: *(volatile u16 *)addr = value; break;
	case 4: *(volatile u32 *)addr = value; break;
	default: *(volatile u64 *)addr = value; break;
	}
}

u64 gicd_read(u32 offset, unsigned int size)
{
	return mmio_read(gicd_base + offset, size);
}

void gicd_write(u32 offset, u64 value, unsigned int size)
{
	mmio_write(gicd_base + offset, value, size);
}

u64 gicr_read(unsigned int frame, u32 offset, unsigned int size)
{
	return mmio_read(gicr_base + (u64)frame * GICR_FRAME_SIZE + offset,
			 size);
}

void gicr_write(unsigned int frame, u32 offset, u64 value, unsigned int size)
{
	mmio_write(gicr_base + (u64)frame * GICR_FRAME_SIZE + offset, value,
		   size);
}

#define AFF_MASK	0xff00ffffffUL

/* GICR_TYPER[63:32] is Aff3.Aff2.Aff1.Aff0; make it MPIDR-shaped. */
static u64 typer_to_mpidr(u64 typer)
{
	u64 aff = typer >> 32;

	return (aff & 0xffffff) | ((aff >> 24) & 0xff) << 32;
}

/* Runs once, MMU off: learn which redistributor belongs to which CPU. */
void gicv3_init(u64 gicd, u64 gicr, unsigned int maint_irq)
{
	u64 typer;

	gicd_base = gicd;
	gicr_base = gicr;
	vgic_maint_irq = maint_irq ? maint_irq : VGIC_MAINT_IRQ_DEFAULT;
	for (vgic_num_frames = 0; vgic_num_frames < MAX_FRAMES;) {
		typer = gicr_read(vgic_num_frames, GICR_TYPER, 8);
		frame_aff[vgic_num_frames++] = typer_to_mpidr(typer);
		if (typer & GICR_TYPER_LAST)
			break;
	}
}

u64 gicv3_gicr_size(void)
{
	return (u64)vgic_num_frames * GICR_FRAME_SIZE;
}

unsigned int gicv3_frame_of(u64 mpidr)
{
	unsigned int n;

	for (n = 0; n < vgic_num_frames; n++)
		if (frame_aff[n] == (mpidr & AFF_MASK))
			return n;
	return vgic_num_frames;
}

bool vgic_cell_owns_spi(const struct cell *cell, unsigned int intid)
{
	return intid >= 32 && cell_owns_irq(cell, intid);
}

/* IROUTER's affinity fields sit where MPIDR has them. */
struct per_cpu *vgic_cell_cpu_by_affinity(const struct cell *cell, u64 aff)
{
	return cell_cpu_by_mpidr(cell, aff);
}

/* The CPU whose redistributor is @frame, or NULL. */
static struct per_cpu *frame_cpu(unsigned int frame)
{
	return frame < vgic_num_frames ? cpu_by_mpidr(frame_aff[frame]) : NULL;
}

struct cell *vgic_frame_owner(unsigned int frame)
{
	struct per_cpu *cpu = frame_cpu(frame);

	return cpu ? cpu->cell : NULL;
}

bool vgic_cell_is_root(const struct cell *cell)
{
	return cell == &root_cell;
}

bool arch_region_emulated(u64 phys, u64 size)
{
	return gicd_base &&
	       (regions_overlap(phys, size, gicd_base, GICD_SIZE) ||
		regions_overlap(phys, size, gicr_base, gicv3_gicr_size()));
}

/*
 * SGIs of non-root cells are virtual: making one pending through
 * GICR_ISPENDR0 posts a virtual SGI instead of a physical one (which the
 * hypervisor would take for its own), and enabling SGIs through
 * GICR_ISENABLER0 releases virtual SGIs held back while they were off.
 */
static void redist_sgi_write(struct per_cpu *cpu, struct mmio_access *a)
{
	unsigned int frame = (a->addr - gicr_base) / GICR_FRAME_SIZE;
	u32 off = (a->addr - gicr_base) % GICR_FRAME_SIZE;
	struct per_cpu *target = frame_cpu(frame);
	u32 sgis;

	if (!target || target->cell != cpu->cell || a->size != 4)
		return;
	if (off == GICR_SGI_BASE + GICR_ISPENDR0) {
		sgis = a->value & 0xffff & ~(1U << VGIC_SGI_HV);
		a->value &= ~0xffffUL;
		if (sgis)
			gicv3_post_sgis(cpu, target, sgis);
	} else if (off == GICR_SGI_BASE + GICR_ISENABLER0 &&
		   (a->value & 0xffff)) {
		gicv3_post_sgis(cpu, target, 0);
	}
}

/*
 * The emulated UART's SPI is virtual: the guest's enable bit for it is
 * kept in the model and masked out of the physical write (the physical
 * SPI stays off), and merged into what the guest reads back. Returns
 * the bit if the access is an enable register word holding it.
 */
static u32 vuart_enable_pre(struct vuart *v, struct mmio_access *a)
{
	u32 word = v->irq / 32 * 4, bit = 1U << (v->irq % 32);
	u32 off = a->addr - gicd_base;

	if (a->size != 4 || (off != GICD_ISENABLER + word &&
			     off != GICD_ICENABLER + word))
		return 0;
	if (a->is_write && (a->value & bit)) {
		v->irq_enabled = off == GICD_ISENABLER + word;
		a->value &= ~bit;
	}
	return bit;
}

static int gicd_access(struct per_cpu *cpu, struct mmio_access *a)
{
	struct vuart *v = cpu->cell->vuart;
	u32 bit = 0;
	int ret;

	spin_lock(&vgic_lock);
	if (v)
		bit = vuart_enable_pre(v, a);
	ret = vgic_dist_access(cpu->cell, gicd_base, a);
	if (bit && !a->is_write && v->irq_enabled)
		a->value |= bit;
	spin_unlock(&vgic_lock);
	if (bit && a->is_write) {
		spin_lock(&v->lock);
		gicv3_vuart_update(cpu);
		spin_unlock(&v->lock);
	}
	return ret;
}

int gicv3_mmio(struct per_cpu *cpu, struct mmio_access *a)
{
	bool root = cpu->cell == &root_cell;
	u64 value = a->value;
	int ret;

	if (a->addr - gicd_base < GICD_SIZE)
		return gicd_access(cpu, a);
	if (a->addr - gicr_base < gicv3_gicr_size()) {
		if (!root && a->is_write &&
		    (a->addr - gicr_base) % GICR_FRAME_SIZE ==
		    GICR_SGI_BASE + GICR_ISPENDR0)
			redist_sgi_write(cpu, a);
		spin_lock(&vgic_lock);
		ret = vgic_redist_access(cpu->cell, gicr_base, a);
		spin_unlock(&vgic_lock);
		if (!root && a->is_write && ret == MMIO_HANDLED &&
		    (a->addr - gicr_base) % GICR_FRAME_SIZE ==
		    GICR_SGI_BASE + GICR_ISENABLER0) {
			a->value = value;
			redist_sgi_write(cpu, a);
		}
		return ret;
	}
	return GIC_MMIO_NOT_MINE;
}

/*
 * A link doorbell: the SPI becomes pending at the distributor and goes
 * wherever its owner routed it, root (no exit) or a cell CPU (taken at
 * EL2 and injected like any of the cell's interrupts). Without a GICv3
 * distributor here (GICv2 machines have no cells), nothing to pend.
 */
void arch_irq_pend(u32 intid)
{
	if (gicd_base && intid >= 32 && intid < 1020)
		gicd_write(GICD_ISPENDR + (intid / 32) * 4,
			   1U << (intid % 32), 4);
}

/* ---- SPIs changing hands ---- */

static void spi_bit(u32 reg, unsigned int intid)
{
	gicd_write(reg + intid / 32 * 4, 1U << (intid % 32), 4);
}

static void spi_quiet(unsigned int intid)
{
	spi_bit(GICD_ICENABLER, intid);
	spi_bit(GICD_ICPENDR, intid);
	spi_bit(GICD_ICACTIVER, intid);
}

/* Root's priority and trigger mode of @intid, as saved on create. */
static void spi_restore_config(const struct cell *cell, unsigned int n)
{
	const struct spi_state *st = cell->arch.spi;
	u32 shift = (n % 16) * 2, cfg;

	gicd_write(GICD_IPRIORITYR + n, st->prio[n], 1);
	cfg = gicd_read(GICD_ICFGR + n / 16 * 4, 4) & ~(3U << shift);
	gicd_write(GICD_ICFGR + n / 16 * 4,
		   cfg | (st->cfg[n / 16] & (3U << shift)), 4);
}

static u64 boot_affinity(const struct cell *cell)
{
	return per_cpu(find_next_bit(cell->cpus, hv_max_cpus, 0))->mpidr &
	       AFF_MASK;
}

void arch_cell_reset_irqs(struct cell *cell)
{
	unsigned long n;

	spin_lock(&vgic_lock);
	for_each_set_bit(n, cell->irqs, VGIC_MAX_IRQS) {
		spi_quiet(n);
		spi_restore_config(cell, n);
		gicd_write(GICD_IROUTER + n * 8, boot_affinity(cell), 8);
	}
	spin_unlock(&vgic_lock);
}

static int take_spis(struct cell *cell)
{
	unsigned long n;

	struct spi_state *st = pool_alloc(&mem_pool, SPI_STATE_PAGES, 1);

	if (!st)
		return -ENOMEM;
	cell->arch.spi = st;
	spin_lock(&vgic_lock);
	for_each_set_bit(n, cell->irqs, VGIC_MAX_IRQS) {
		if (gicd_read(GICD_ISENABLER + n / 32 * 4, 4) & (1U << n % 32))
			set_bit(n, cell->arch.spi_enabled);
		st->router[n] = gicd_read(GICD_IROUTER + n * 8, 8);
		st->prio[n] = gicd_read(GICD_IPRIORITYR + n, 1);
		st->cfg[n / 16] = gicd_read(GICD_ICFGR + n / 16 * 4, 4);
	}
	/* Root's SPIs routed to the new cell's CPUs would land in it. */
	n = vgic_retarget_foreign(cell, boot_affinity(&root_cell));
	spin_unlock(&vgic_lock);
	if (n)
		printk("cell %s: %lu SPIs of root were routed to its CPUs, now "
		       "to CPU %u\n", cell->desc->name, n,
		       (unsigned int)find_next_bit(root_cell.cpus, hv_max_cpus,
						   0));
	arch_cell_reset_irqs(cell);
	return 0;
}

/* A CPU of @cell took SPI @intid it does not own: hand it to root. */
void gicv3_foreign_spi(struct per_cpu *cpu, unsigned int intid)
{
	spin_lock(&vgic_lock);
	vgic_spi_to_root(intid, boot_affinity(&root_cell));
	spin_unlock(&vgic_lock);
	cpu->stats[JH_CPU_STAT_IRQS_FOREIGN]++;
}

int arch_cell_init(struct cell *cell)
{
	int err;

	/* GICv2 (no emulation yet): root keeps the GIC, no other cells. */
	if (!gicd_base) {
		if (cell == &root_cell)
			return 0;
		printk("cell %s: cells need a GICv3 (not supported on GICv2 "
		       "yet)\n", cell->desc->name);
		return trace_error(-EOPNOTSUPP);
	}
	if (cell != &root_cell)
		return take_spis(cell);
	/* Root reaches the GIC only through the emulation from now on. */
	err = paging_unmap(&cell->s2, gicd_base, GICD_SIZE);
	if (!err)
		err = paging_unmap(&cell->s2, gicr_base, gicv3_gicr_size());
	return err;
}

void arch_cell_exit(struct cell *cell)
{
	unsigned long n;

	if (!cell->arch.spi)
		return;
	spin_lock(&vgic_lock);
	for_each_set_bit(n, cell->irqs, VGIC_MAX_IRQS) {
		spi_quiet(n);
		spi_restore_config(cell, n);
		gicd_write(GICD_IROUTER + n * 8, cell->arch.spi->router[n], 8);
		if (test_bit(n, cell->arch.spi_enabled))
			spi_bit(GICD_ISENABLER, n);
	}
	spin_unlock(&vgic_lock);
	pool_free(&mem_pool, cell->arch.spi, SPI_STATE_PAGES);
	cell->arch.spi = NULL;
}
