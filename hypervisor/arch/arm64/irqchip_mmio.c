// SPDX-License-Identifier: GPL-2.0
/*
 * Guest accesses to the GICD and GICR frames (absent from every cell's
 * stage 2): serialised, handed to the emulation with the cells' policy,
 * plus the two things the emulation cannot see, virtual SGIs of non-root
 * cells and the emulated UART's virtual SPI.
 */
#include <hv/cell.h>
#include <hv/percpu.h>
#include <hv/vuart.h>
#include <asm/gicv3.h>
#include <asm/irqchip.h>

/*
 * SGIs of non-root cells are virtual: making one pending through
 * GICR_ISPENDR0 posts a virtual SGI instead of a physical one (which the
 * hypervisor would take for its own), and enabling SGIs through
 * GICR_ISENABLER0 releases virtual SGIs held back while they were off.
 */
static void redist_sgi_write(struct per_cpu *cpu, struct mmio_access *a)
{
	u64 rel = a->addr - gicv3_gicr_base();
	u32 off = rel % GICR_FRAME_SIZE;
	struct per_cpu *target = irqchip_frame_cpu(rel / GICR_FRAME_SIZE);
	u32 sgis;

	if (!target || target->cell != cpu->cell || a->size != 4)
		return;
	if (off == GICR_SGI_BASE + GICR_ISPENDR0) {
		sgis = a->value & 0xffff & ~(1U << VGIC_SGI_HV);
		a->value &= ~0xffffUL;
		if (sgis)
			irqchip_post_sgis(cpu, target, sgis);
	} else if (off == GICR_SGI_BASE + GICR_ISENABLER0 &&
		   (a->value & 0xffff)) {
		irqchip_post_sgis(cpu, target, 0);
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
	u32 off = a->addr - gicv3_gicd_base();

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

	spin_lock(&irqchip_lock);
	if (v)
		bit = vuart_enable_pre(v, a);
	ret = vgic_dist_access(&irqchip_vgic, cpu->cell, gicv3_gicd_base(), a);
	if (bit && !a->is_write && v->irq_enabled)
		a->value |= bit;
	spin_unlock(&irqchip_lock);
	if (bit && a->is_write) {
		spin_lock(&v->lock);
		irqchip_vuart_update(cpu);
		spin_unlock(&v->lock);
	}
	return ret;
}

/* Offset of @a inside its redistributor frame. */
static u32 frame_off(const struct mmio_access *a)
{
	return (a->addr - gicv3_gicr_base()) % GICR_FRAME_SIZE;
}

static int gicr_access(struct per_cpu *cpu, struct mmio_access *a)
{
	bool root = cpu->cell == &root_cell;
	u64 value = a->value;
	int ret;

	if (!root && a->is_write &&
	    frame_off(a) == GICR_SGI_BASE + GICR_ISPENDR0)
		redist_sgi_write(cpu, a);
	spin_lock(&irqchip_lock);
	ret = vgic_redist_access(&irqchip_vgic, cpu->cell, gicv3_gicr_base(),
				 a);
	spin_unlock(&irqchip_lock);
	/* Released only once the enable reached the redistributor. */
	if (!root && a->is_write && ret == MMIO_HANDLED &&
	    frame_off(a) == GICR_SGI_BASE + GICR_ISENABLER0) {
		a->value = value;
		redist_sgi_write(cpu, a);
	}
	return ret;
}

int irqchip_mmio(struct per_cpu *cpu, struct mmio_access *a)
{
	if (a->addr - gicv3_gicd_base() < GICD_SIZE)
		return gicd_access(cpu, a);
	if (a->addr - gicv3_gicr_base() < gicv3_gicr_size())
		return gicr_access(cpu, a);
	return GIC_MMIO_NOT_MINE;
}
