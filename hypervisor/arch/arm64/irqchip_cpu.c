// SPDX-License-Identifier: GPL-2.0
/*
 * A CPU's interrupts. Root CPUs take their interrupts directly
 * (HCR_EL2.IMO clear, no exit). Non-root CPUs route physical interrupts
 * to EL2: the hypervisor acknowledges and drops priority (EOImode 1) and
 * injects each one through a list register, hardware-linked, so the
 * guest's own EOI deactivates the physical interrupt. SGI 15 is the
 * hypervisor's: it carries control requests and virtual SGIs.
 */
#include <hv/cell.h>
#include <hv/control.h>
#include <hv/percpu.h>
#include <hv/vuart.h>
#include <asm/gicv3.h>
#include <asm/irqchip.h>
#include <asm/sysreg.h>	/* isb() */

static bool is_root(const struct per_cpu *cpu)
{
	return cpu->cell == &root_cell;
}

/* Put @intid into a free list register; false if all are busy. */
static bool lr_inject(struct per_cpu *cpu, u32 intid, bool hw)
{
	u64 free = gicv3_lr_empty(), lr;
	unsigned int n, slot = cpu->arch.num_lrs;

	for (n = 0; n < cpu->arch.num_lrs; n++) {
		if (free & (1UL << n)) {
			if (slot == cpu->arch.num_lrs)
				slot = n;
			continue;
		}
		lr = gicv3_lr_read(n);
		if ((u32)lr != intid)
			continue;
		/* Same virtual SGI again: pending (and maybe active). */
		if (!hw)
			gicv3_lr_write(n, lr | ICH_LR_PENDING);
		return true;
	}
	if (slot == cpu->arch.num_lrs)
		return false;
	lr = ICH_LR_PENDING | ICH_LR_GROUP1 |
	     (ICH_LR_PRIO_DEFAULT << ICH_LR_PRIO_SHIFT) | intid;
	if (hw)
		lr |= ICH_LR_HW | ((u64)intid << ICH_LR_PINTID_SHIFT);
	gicv3_lr_write(slot, lr);
	return true;
}

static bool queued_already(const struct per_cpu *cpu, u32 intid)
{
	unsigned int n;

	for (n = 0; n < cpu->arch.queued; n++)
		if (cpu->arch.queue[n] == intid)
			return true;
	return false;
}

/* Physical interrupts carry HW; virtual SGIs are pure software. */
static void inject(struct per_cpu *cpu, u32 intid)
{
	bool hw = intid >= 16;

	if (lr_inject(cpu, intid, hw))
		return;
	/* A pending virtual SGI is one bit: queue it once, whatever the
	 * guest sends while it does not take interrupts. */
	if (!hw && queued_already(cpu, intid))
		return;
	if (cpu->arch.queued < IRQ_QUEUE_LEN) {
		cpu->arch.queue[cpu->arch.queued++] = intid;
		/* Maintenance interrupt once the list registers drain. */
		gicv3_vif_underflow_irq(true);
		return;
	}
	if (hw)
		gicv3_deactivate(intid);	/* level interrupts come back */
}

static void refill(struct per_cpu *cpu)
{
	unsigned int n, left = 0;
	u16 intid;

	for (n = 0; n < cpu->arch.queued; n++) {
		intid = cpu->arch.queue[n];
		if (!lr_inject(cpu, intid, intid >= 16))
			cpu->arch.queue[left++] = intid;
	}
	cpu->arch.queued = left;
	if (!left)
		gicv3_vif_underflow_irq(false);
}

/*
 * Deliver the posted virtual SGIs this CPU's guest has enabled (its
 * enable bits live in the physical redistributor, written through the
 * emulation); disabled ones stay pending until enabled, as on hardware.
 */
static void take_vsgis(struct per_cpu *cpu)
{
	u32 enabled = gicv3_redist_read(cpu->arch.gicr_frame,
					GICR_SGI_BASE + GICR_ISENABLER0, 4);
	u32 pending = __atomic_fetch_and(&cpu->arch.vsgi_pending,
					 ~(enabled & 0xffff), __ATOMIC_SEQ_CST);
	unsigned int n;

	pending &= enabled;
	for (n = 0; n < 16; n++)
		if (pending & (1U << n))
			inject(cpu, n);
}

void irqchip_cpu_kick(struct per_cpu *cpu)
{
	gicv3_send_sgi(cpu->mpidr, VGIC_SGI_HV);
}

void irqchip_post_sgis(struct per_cpu *cpu, struct per_cpu *target, u32 sgis)
{
	if (sgis)
		__atomic_or_fetch(&target->arch.vsgi_pending, sgis,
				  __ATOMIC_SEQ_CST);
	if (target == cpu)
		take_vsgis(cpu);
	else if (READ_ONCE(target->state) == CPU_RUNNING)
		irqchip_cpu_kick(target);
}

/* The list register holding virtual @intid, or -1. */
static int lr_find(struct per_cpu *cpu, u32 intid)
{
	u64 free = gicv3_lr_empty();
	unsigned int n;

	for (n = 0; n < cpu->arch.num_lrs; n++)
		if (!(free & (1UL << n)) && (u32)gicv3_lr_read(n) == intid)
			return n;
	return -1;
}

void irqchip_vuart_update(struct per_cpu *cpu)
{
	struct vuart *v = cpu->cell->vuart;
	bool level = v->irq_enabled && vuart_irq_level(v);
	u64 free = gicv3_lr_empty();
	int n = lr_find(cpu, v->irq);
	unsigned int slot;

	if (n >= 0) {
		/* Dropped before the guest took it: withdraw it. */
		if (!level && !(gicv3_lr_read(n) & ICH_LR_ACTIVE))
			gicv3_lr_write(n, 0);
		/* Asserted: pending or active; EOI maintenance re-checks. */
		return;
	}
	if (!level)
		return;
	for (slot = 0; slot < cpu->arch.num_lrs; slot++)
		if (free & (1UL << slot))
			break;
	if (slot == cpu->arch.num_lrs)
		return;	/* all busy: the next access or EOI retries */
	gicv3_lr_write(slot, ICH_LR_PENDING | ICH_LR_GROUP1 | ICH_LR_EOI |
		       (ICH_LR_PRIO_DEFAULT << ICH_LR_PRIO_SHIFT) | v->irq);
}

/* The guest deactivated list registers with EOI set: UART re-check. */
static void vuart_eoi(struct per_cpu *cpu)
{
	u64 eisr = gicv3_lr_eoi();
	unsigned int n;

	if (!eisr)
		return;
	for (n = 0; n < cpu->arch.num_lrs; n++)
		if (eisr & (1UL << n))
			gicv3_lr_write(n, 0);
	spin_lock(&cpu->cell->vuart->lock);
	irqchip_vuart_update(cpu);
	spin_unlock(&cpu->cell->vuart->lock);
}

/* One acknowledged interrupt, priority already dropped. */
static void take_irq(struct per_cpu *cpu, u32 intid)
{
	if (intid == VGIC_SGI_HV) {
		gicv3_deactivate(intid);
		take_vsgis(cpu);
	} else if (intid == irqchip_vgic.maint_irq) {
		gicv3_deactivate(intid);
		cpu->stats[JH_CPU_STAT_EXITS_MAINTENANCE]++;
		refill(cpu);
		if (cpu->cell->vuart)
			vuart_eoi(cpu);
	} else if (intid < 16 || is_root(cpu)) {
		gicv3_deactivate(intid);	/* stray SGI (e.g. from root) */
	} else if (vgic_irq_is_cells(&irqchip_vgic, cpu->cell, intid)) {
		inject(cpu, intid);
	} else {
		/* Routed here before the CPU joined the cell. */
		irqchip_foreign_spi(cpu, intid);
		gicv3_deactivate(intid);
	}
}

/*
 * Interrupts taken per exit. A level interrupt that found no list register
 * and no queue slot is deactivated and at once pending again; without a
 * bound this loop would take it forever and never look at management's
 * requests (a cell CPU no stop or destroy could reach). Whatever is left
 * pending traps again right after the return to the guest.
 */
#define IRQS_PER_EXIT	16

void irqchip_handle_irq(struct per_cpu *cpu)
{
	unsigned int n;
	u32 iar, intid;

	for (n = 0; n < IRQS_PER_EXIT; n++) {
		iar = gicv3_ack();
		intid = iar & 0xffffff;
		if (GIC_INTID_SPECIAL(intid))
			break;
		gicv3_eoi(iar);		/* priority drop */
		take_irq(cpu, intid);
	}
	cpu_check_requests(cpu);
}

/* SGIs of a cell reach only CPUs of the same cell; others are dropped. */
void irqchip_guest_sgi(struct per_cpu *cpu, u64 sgir)
{
	unsigned int intid = (sgir >> 24) & 0xf;
	bool all = sgir & (1UL << 40);
	struct per_cpu *target;
	unsigned long n;

	cpu->stats[JH_CPU_STAT_EXITS_SGI]++;
	for_each_cell_cpu(n, cpu->cell) {
		target = per_cpu(n);
		if (intid == VGIC_SGI_HV ||
		    (all ? target == cpu :
		     !gicv3_sgir_targets(sgir, target->mpidr)))
			continue;
		irqchip_post_sgis(cpu, target, 1U << intid);
	}
}

static void clear_lrs(struct per_cpu *cpu)
{
	unsigned int n;
	u64 lr;

	for (n = 0; n < cpu->arch.num_lrs; n++) {
		lr = gicv3_lr_read(n);
		if ((lr & ICH_LR_HW) && (lr & (ICH_LR_PENDING | ICH_LR_ACTIVE)))
			gicv3_deactivate((lr >> ICH_LR_PINTID_SHIFT) & 0x1fff);
		gicv3_lr_write(n, 0);
	}
	for (n = 0; n < cpu->arch.queued; n++)
		if (cpu->arch.queue[n] >= 16)
			gicv3_deactivate(cpu->arch.queue[n]);
	cpu->arch.queued = 0;
	gicv3_vif_clear_prios();
}

void irqchip_cpu_quiesce(struct per_cpu *cpu)
{
	if (is_root(cpu))
		return;
	clear_lrs(cpu);
	gicv3_vif_enable(true);
	cpu->arch.vsgi_pending = 0;
}

/* Root's configuration of this CPU's SGIs/PPIs, as it was. */
static void ppi_config(struct per_cpu *cpu, bool save)
{
	unsigned int frame = cpu->arch.gicr_frame, n;
	u32 off;

	for (n = 0; n < 8; n++) {
		off = GICR_SGI_BASE + GICR_IPRIORITYR + 4 * n;
		if (save)
			cpu->arch.saved_prio[n] = gicv3_redist_read(frame, off,
								    4);
		else
			gicv3_redist_write(frame, off, cpu->arch.saved_prio[n],
					   4);
	}
	off = GICR_SGI_BASE + GICR_ICFGR1;
	if (save)
		cpu->arch.saved_icfgr1 = gicv3_redist_read(frame, off, 4);
	else
		gicv3_redist_write(frame, off, cpu->arch.saved_icfgr1, 4);
}

/* Our SGI and maintenance PPI at a priority the guest cannot mask. */
static void own_irqs_priority(unsigned int frame)
{
	gicv3_redist_write(frame, GICR_SGI_BASE + GICR_IPRIORITYR + VGIC_SGI_HV,
			   0x80, 1);
	gicv3_redist_write(frame, GICR_SGI_BASE + GICR_IPRIORITYR +
			   irqchip_vgic.maint_irq, 0x80, 1);
}

/* Every SGI/PPI but @keep off, not pending, not active. */
static void ppis_off(unsigned int frame, u32 keep)
{
	gicv3_redist_write(frame, GICR_SGI_BASE + GICR_ICENABLER0, ~keep, 4);
	gicv3_redist_write(frame, GICR_SGI_BASE + GICR_ICPENDR0, ~keep, 4);
	gicv3_redist_write(frame, GICR_SGI_BASE + GICR_ICACTIVER0, ~keep, 4);
}

void irqchip_cpu_reset(struct per_cpu *cpu)
{
	if (is_root(cpu))
		return;
	irqchip_cpu_quiesce(cpu);
	gicv3_vif_clear_vmcr();
	ppis_off(cpu->arch.gicr_frame,
		 (1U << VGIC_SGI_HV) | (1U << irqchip_vgic.maint_irq));
	/* Trigger modes and priorities as root had them, ours on top. */
	ppi_config(cpu, false);
	own_irqs_priority(cpu->arch.gicr_frame);
}

/* Ack and deactivate what the CPU interface may still hold; bounded. */
static void drain_cpu_if(void)
{
	unsigned int n;
	u32 iar;

	for (n = 0; n < 64; n++) {
		iar = gicv3_ack();
		if (GIC_INTID_SPECIAL(iar & 0xffffff))
			break;
		gicv3_eoi(iar);
		gicv3_deactivate(iar & 0xffffff);
	}
}

/*
 * A cell CPU powers off for good (destroy): nothing of ours may stay
 * pending in its redistributor, or Linux takes it when it gets the CPU
 * back ("unexpected interrupt 15").
 */
void irqchip_cpu_exit(struct per_cpu *cpu)
{
	if (is_root(cpu)) {
		gicv3_vif_enable(false);
		return;
	}
	irqchip_cpu_quiesce(cpu);
	gicv3_vif_enable(false);
	/*
	 * Every SGI and PPI off, nothing pending or active: Linux enables
	 * what it needs when it brings the CPU online. A level interrupt the
	 * cell left asserted (e.g. its PMU) can then not keep us here.
	 */
	ppis_off(cpu->arch.gicr_frame, 0);
	ppi_config(cpu, false);
	drain_cpu_if();
}

/* Physical CPU interface of a cell CPU: everything is taken at EL2. */
void irqchip_cpu_init(struct per_cpu *cpu)
{
	unsigned int frame;

	gicv3_cpu_if_enable();
	cpu->arch.num_lrs = gicv3_num_lrs();
	cpu->arch.gicr_frame = frame = gicv3_frame_of(cpu->mpidr);
	if (is_root(cpu)) {
		gicv3_vif_enable(false);
		return;
	}
	ppi_config(cpu, true);
	gicv3_cpu_if_take_all();
	own_irqs_priority(frame);
	gicv3_redist_write(frame, GICR_SGI_BASE + GICR_ISENABLER0,
			   (1U << VGIC_SGI_HV) |
			   (1U << irqchip_vgic.maint_irq), 4);
	cpu->arch.queued = 0;
	irqchip_cpu_quiesce(cpu);
	isb();
}
