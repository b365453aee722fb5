// SPDX-License-Identifier: GPL-2.0
/*
 * Cell interrupt policy: which SPIs a cell owns, taking them from root
 * when it is created and giving them back when it goes, resetting them
 * on restart, SPIs arriving on a CPU that does not own them, and link
 * doorbells. The registers are gicv3.c's, the emulation's questions
 * about cells are answered here (irqchip_vgic).
 */
#include <hv/cell.h>
#include <hv/config.h>
#include <hv/errno.h>
#include <hv/paging.h>
#include <hv/percpu.h>
#include <hv/pool.h>
#include <hv/printk.h>
#include <asm/gicv3.h>
#include <asm/irqchip.h>

spinlock_t irqchip_lock;

static bool owns_spi(const struct cell *cell, unsigned int intid)
{
	return intid >= 32 && cell_owns_irq(cell, intid);
}

/* IROUTER's affinity fields sit where MPIDR has them. */
static bool has_cpu(const struct cell *cell, u64 aff)
{
	return cell_cpu_by_mpidr(cell, aff) != NULL;
}

struct per_cpu *irqchip_frame_cpu(unsigned int frame)
{
	if (frame >= gicv3_num_frames())
		return NULL;
	return cpu_by_mpidr(gicv3_frame_mpidr(frame));
}

static const struct cell *frame_owner(unsigned int frame)
{
	struct per_cpu *cpu = irqchip_frame_cpu(frame);

	return cpu ? cpu->cell : NULL;
}

static bool is_root(const struct cell *cell)
{
	return cell == &root_cell;
}

struct vgic_ops irqchip_vgic = {
	.dist_read = gicv3_dist_read,
	.dist_write = gicv3_dist_write,
	.redist_read = gicv3_redist_read,
	.redist_write = gicv3_redist_write,
	.owns_spi = owns_spi,
	.has_cpu = has_cpu,
	.frame_owner = frame_owner,
	.is_root = is_root,
	.maint_irq = VGIC_MAINT_IRQ_DEFAULT,
};

void irqchip_init(u64 gicd, u64 gicr, unsigned int maint_irq)
{
	gicv3_init(gicd, gicr);
	irqchip_vgic.num_frames = gicv3_num_frames();
	if (maint_irq)
		irqchip_vgic.maint_irq = maint_irq;
}

bool arch_region_emulated(u64 phys, u64 size)
{
	return gicv3_present() &&
	       (regions_overlap(phys, size, gicv3_gicd_base(), GICD_SIZE) ||
		regions_overlap(phys, size, gicv3_gicr_base(),
				gicv3_gicr_size()));
}

/*
 * A link doorbell: the SPI becomes pending at the distributor and goes
 * wherever its owner routed it, root (no exit) or a cell CPU (taken at
 * EL2 and injected like any of the cell's interrupts). Without a GICv3
 * distributor here (GICv2 machines have no cells), nothing to pend.
 */
void arch_irq_pend(u32 intid)
{
	if (gicv3_present() && intid >= 32 && intid < VGIC_MAX_IRQS)
		gicv3_dist_write(GICD_ISPENDR + (intid / 32) * 4,
				 1U << (intid % 32), 4);
}

/* ---- SPIs changing hands ---- */

static void spi_bit(u32 reg, unsigned int intid)
{
	gicv3_dist_write(reg + intid / 32 * 4, 1U << (intid % 32), 4);
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

	gicv3_dist_write(GICD_IPRIORITYR + n, st->prio[n], 1);
	cfg = gicv3_dist_read(GICD_ICFGR + n / 16 * 4, 4) & ~(3U << shift);
	gicv3_dist_write(GICD_ICFGR + n / 16 * 4,
			 cfg | (st->cfg[n / 16] & (3U << shift)), 4);
}

static u64 boot_affinity(const struct cell *cell)
{
	return per_cpu(find_next_bit(cell->cpus, hv_max_cpus, 0))->mpidr &
	       GICD_IROUTER_AFF_MASK;
}

void arch_cell_reset_irqs(struct cell *cell)
{
	unsigned long n;

	spin_lock(&irqchip_lock);
	for_each_set_bit(n, cell->irqs, VGIC_MAX_IRQS) {
		spi_quiet(n);
		spi_restore_config(cell, n);
		gicv3_dist_write(GICD_IROUTER + n * 8, boot_affinity(cell), 8);
	}
	spin_unlock(&irqchip_lock);
}

/* Root's setup of the cell's SPIs, for arch_cell_exit to put back. */
static void save_spis(struct cell *cell, struct spi_state *st)
{
	unsigned long n;

	for_each_set_bit(n, cell->irqs, VGIC_MAX_IRQS) {
		if (gicv3_dist_read(GICD_ISENABLER + n / 32 * 4, 4) &
		    (1U << n % 32))
			set_bit(n, cell->arch.spi_enabled);
		st->router[n] = gicv3_dist_read(GICD_IROUTER + n * 8, 8);
		st->prio[n] = gicv3_dist_read(GICD_IPRIORITYR + n, 1);
		st->cfg[n / 16] = gicv3_dist_read(GICD_ICFGR + n / 16 * 4, 4);
	}
}

static int take_spis(struct cell *cell)
{
	struct spi_state *st = pool_alloc(&mem_pool, SPI_STATE_PAGES, 1);
	unsigned int moved;

	if (!st)
		return -ENOMEM;
	cell->arch.spi = st;
	spin_lock(&irqchip_lock);
	save_spis(cell, st);
	/* Root's SPIs routed to the new cell's CPUs would land in it. */
	moved = vgic_retarget_foreign(&irqchip_vgic, cell,
				      boot_affinity(&root_cell));
	spin_unlock(&irqchip_lock);
	if (moved)
		printk("cell %s: %u SPIs of root were routed to its CPUs, now "
		       "to CPU %u\n", cell->desc->name, moved,
		       (unsigned int)find_next_bit(root_cell.cpus, hv_max_cpus,
						   0));
	arch_cell_reset_irqs(cell);
	return 0;
}

void irqchip_foreign_spi(struct per_cpu *cpu, unsigned int intid)
{
	spin_lock(&irqchip_lock);
	vgic_spi_to_root(&irqchip_vgic, intid, boot_affinity(&root_cell));
	spin_unlock(&irqchip_lock);
	cpu->stats[JH_CPU_STAT_IRQS_FOREIGN]++;
}

int arch_cell_init(struct cell *cell)
{
	int err;

	/* GICv2 (no emulation yet): root keeps the GIC, no other cells. */
	if (!gicv3_present()) {
		if (cell == &root_cell)
			return 0;
		printk("cell %s: cells need a GICv3 (not supported on GICv2 "
		       "yet)\n", cell->desc->name);
		return trace_error(-EOPNOTSUPP);
	}
	if (cell != &root_cell)
		return take_spis(cell);
	/* Root reaches the GIC only through the emulation from now on. */
	err = paging_unmap(&cell->s2, gicv3_gicd_base(), GICD_SIZE);
	if (!err)
		err = paging_unmap(&cell->s2, gicv3_gicr_base(),
				   gicv3_gicr_size());
	return err;
}

void arch_cell_exit(struct cell *cell)
{
	unsigned long n;

	if (!cell->arch.spi)
		return;
	spin_lock(&irqchip_lock);
	for_each_set_bit(n, cell->irqs, VGIC_MAX_IRQS) {
		spi_quiet(n);
		spi_restore_config(cell, n);
		gicv3_dist_write(GICD_IROUTER + n * 8,
				 cell->arch.spi->router[n], 8);
		if (test_bit(n, cell->arch.spi_enabled))
			spi_bit(GICD_ISENABLER, n);
	}
	spin_unlock(&irqchip_lock);
	pool_free(&mem_pool, cell->arch.spi, SPI_STATE_PAGES);
	cell->arch.spi = NULL;
}
