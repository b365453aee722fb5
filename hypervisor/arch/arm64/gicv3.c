// SPDX-License-Identifier: GPL-2.0
/*
 * GICv3 CPU interface for cells. Root CPUs take their interrupts directly
 * (HCR_EL2.IMO clear, no exit). Non-root CPUs route physical interrupts
 * to EL2: the hypervisor acknowledges and drops priority (EOImode 1) and
 * injects each one through a list register, hardware-linked, so the
 * guest's own EOI deactivates the physical interrupt. SGI 15 is the
 * hypervisor's: it carries control requests and virtual SGIs.
 */
#include <hv/cell.h>
#include <hv/control.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <asm/gicv3.h>
#include <asm/sysreg.h>
#include <asm/vgic.h>
#include <hv/vuart.h>

#define LR_CASE(n, crm, op2, v, wr)					\
	case n:								\
		if (wr)							\
			write_sysreg(v, S3_4_C12_##crm##_##op2);	\
		else							\
			v = read_sysreg(S3_4_C12_##crm##_##op2);	\
		break

static u64 lr_access(unsigned int n, u64 v, bool wr)
{
	switch (n) {
	LR_CASE(0, C12, 0, v, wr); LR_CASE(1, C12, 1, v, wr);
	LR_CASE(2, C12, 2, v, wr); LR_CASE(3, C12, 3, v, wr);
	LR_CASE(4, C12, 4, v, wr); LR_CASE(5, C12, 5, v, wr);
	LR_CASE(6, C12, 6, v, wr); LR_CASE(7, C12, 7, v, wr);
	LR_CASE(8, C13, 0, v, wr); LR_CASE(9, C13, 1, v, wr);
	LR_CASE(10, C13, 2, v, wr); LR_CASE(11, C13, 3, v, wr);
	LR_CASE(12, C13, 4, v, wr); LR_CASE(13, C13, 5, v, wr);
	LR_CASE(14, C13, 6, v, wr); LR_CASE(15, C13, 7, v, wr);
	}
	return v;
}

static u64 read_lr(unsigned int n)
{
	return lr_access(n, 0, false);
}

static void write_lr(unsigned int n, u64 v)
{
	lr_access(n, v, true);
}

static void ppi_config(struct per_cpu *cpu, bool save);

static bool is_root(const struct per_cpu *cpu)
{
	return cpu->cell == &root_cell;
}

static void deactivate(u32 intid)
{
	write_sysreg(intid, ICC_DIR_EL1);
}

/* Put @intid into a free list register; false if all are busy. */
static bool lr_inject(struct per_cpu *cpu, u32 intid, bool hw)
{
	u64 free = read_sysreg(ICH_ELRSR_EL2), lr;
	unsigned int n, slot = cpu->arch.num_lrs;

	for (n = 0; n < cpu->arch.num_lrs; n++) {
		if (free & (1UL << n)) {
			if (slot == cpu->arch.num_lrs)
				slot = n;
			continue;
		}
		lr = read_lr(n);
		if ((u32)lr != intid)
			continue;
		/* Same virtual SGI again: pending (and maybe active). */
		if (!hw)
			write_lr(n, lr | ICH_LR_PENDING);
		return true;
	}
	if (slot == cpu->arch.num_lrs)
		return false;
	lr = ICH_LR_PENDING | ICH_LR_GROUP1 |
	     (ICH_LR_PRIO_DEFAULT << ICH_LR_PRIO_SHIFT) | intid;
	if (hw)
		lr |= ICH_LR_HW | ((u64)intid << ICH_LR_PINTID_SHIFT);
	write_lr(slot, lr);
	return true;
}

/* Physical interrupts carry HW; virtual SGIs are pure software. */
static void inject(struct per_cpu *cpu, u32 intid)
{
	bool hw = intid >= 16;

	if (lr_inject(cpu, intid, hw))
		return;
	if (cpu->arch.queued < IRQ_QUEUE_LEN) {
		cpu->arch.queue[cpu->arch.queued++] = intid;
		/* Maintenance interrupt once the list registers drain. */
		write_sysreg(read_sysreg(ICH_HCR_EL2) | ICH_HCR_UIE,
			     ICH_HCR_EL2);
		return;
	}
	if (hw)
		deactivate(intid);	/* level interrupts come back */
}

static void refill(struct per_cpu *cpu)
{
	unsigned int n = 0, left = 0;

	for (; n < cpu->arch.queued; n++)
		if (!lr_inject(cpu, cpu->arch.queue[n], cpu->arch.queue[n] >= 16))
			cpu->arch.queue[left++] = cpu->arch.queue[n];
	cpu->arch.queued = left;
	if (!left)
		write_sysreg(read_sysreg(ICH_HCR_EL2) & ~ICH_HCR_UIE,
			     ICH_HCR_EL2);
}

/*
 * Deliver the posted virtual SGIs this CPU's guest has enabled (its
 * enable bits live in the physical redistributor, written through the
 * emulation); disabled ones stay pending until enabled, as on hardware.
 */
static void take_vsgis(struct per_cpu *cpu)
{
	u32 enabled = gicr_read(cpu->arch.gicr_frame,
				GICR_SGI_BASE + GICR_ISENABLER0, 4);
	u32 pending = __atomic_fetch_and(&cpu->arch.vsgi_pending,
					 ~(enabled & 0xffff), __ATOMIC_SEQ_CST);
	unsigned int n;

	pending &= enabled;
	for (n = 0; n < 16; n++)
		if (pending & (1U << n))
			inject(cpu, n);
}

void gicv3_post_sgis(struct per_cpu *cpu, struct per_cpu *target, u32 sgis)
{
	if (sgis)
		__atomic_or_fetch(&target->arch.vsgi_pending, sgis,
				  __ATOMIC_SEQ_CST);
	if (target == cpu)
		take_vsgis(cpu);
	else if (READ_ONCE(target->state) == CPU_RUNNING)
		gicv3_send_sgi(target, VGIC_SGI_HV);
}

/* The list register holding virtual @intid, or -1. */
static int lr_find(struct per_cpu *cpu, u32 intid)
{
	u64 free = read_sysreg(ICH_ELRSR_EL2);
	unsigned int n;

	for (n = 0; n < cpu->arch.num_lrs; n++)
		if (!(free & (1UL << n)) && (u32)read_lr(n) == intid)
			return n;
	return -1;
}

void gicv3_vuart_update(struct per_cpu *cpu)
{
	struct vuart *v = cpu->cell->vuart;
	bool level = v->irq_enabled && vuart_irq_level(v);
	u64 free = read_sysreg(ICH_ELRSR_EL2);
	int n = lr_find(cpu, v->irq);
	unsigned int slot;

	if (n >= 0) {
		/* Dropped before the guest took it: withdraw it. */
		if (!level && !(read_lr(n) & ICH_LR_ACTIVE))
			write_lr(n, 0);
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
	write_lr(slot, ICH_LR_PENDING | ICH_LR_GROUP1 | ICH_LR_EOI |
		 (ICH_LR_PRIO_DEFAULT << ICH_LR_PRIO_SHIFT) | v->irq);
}

/* The guest deactivated list registers with EOI set: UART re-check. */
static void vuart_eoi(struct per_cpu *cpu)
{
	u64 eisr = read_sysreg(ICH_EISR_EL2);
	unsigned int n;

	if (!eisr)
		return;
	for (n = 0; n < cpu->arch.num_lrs; n++)
		if (eisr & (1UL << n))
			write_lr(n, 0);
	spin_lock(&cpu->cell->vuart->lock);
	gicv3_vuart_update(cpu);
	spin_unlock(&cpu->cell->vuart->lock);
}

void gicv3_handle_irq(struct per_cpu *cpu)
{
	u32 iar, intid;

	for (;;) {
		iar = read_sysreg(ICC_IAR1_EL1);
		intid = iar & 0xffffff;
		if (intid >= 1020 && intid <= 1023)
			break;
		write_sysreg(iar, ICC_EOIR1_EL1);	/* priority drop */
		if (intid == VGIC_SGI_HV) {
			deactivate(intid);
			take_vsgis(cpu);
		} else if (intid == vgic_maint_irq) {
			deactivate(intid);
			cpu->stats[JH_CPU_STAT_EXITS_MAINTENANCE]++;
			refill(cpu);
			if (cpu->cell->vuart)
				vuart_eoi(cpu);
		} else if (intid < 16 || is_root(cpu)) {
			deactivate(intid);	/* stray SGI (e.g. from root) */
		} else if (vgic_irq_is_cells(cpu->cell, intid)) {
			inject(cpu, intid);
		} else {
			/* Routed here before the CPU joined the cell. */
			gicv3_foreign_spi(cpu, intid);
			deactivate(intid);
		}
	}
	cpu_check_requests(cpu);
}

void gicv3_send_sgi(const struct per_cpu *target, unsigned int intid)
{
	u64 mpidr = target->mpidr, aff0 = mpidr & 0xff;
	u64 sgir = ((mpidr >> 32) & 0xff) << 48 | ((mpidr >> 16) & 0xff) << 32 |
		   ((mpidr >> 8) & 0xff) << 16 | (aff0 >> 4) << 44 |
		   (u64)intid << 24 | 1UL << (aff0 & 0xf);

	dsb(ish);
	write_sysreg(sgir, ICC_SGI1R_EL1);
	isb();
}

static bool sgi_targets(u64 sgir, u64 mpidr)
{
	u64 aff0 = mpidr & 0xff;

	return ((sgir >> 48) & 0xff) == ((mpidr >> 32) & 0xff) &&
	       ((sgir >> 32) & 0xff) == ((mpidr >> 16) & 0xff) &&
	       ((sgir >> 16) & 0xff) == ((mpidr >> 8) & 0xff) &&
	       ((sgir >> 44) & 0xf) == aff0 >> 4 &&
	       (sgir & (1UL << (aff0 & 0xf)));
}

/* SGIs of a cell reach only CPUs of the same cell; others are dropped. */
void gicv3_guest_sgi(struct per_cpu *cpu, u64 sgir)
{
	unsigned int intid = (sgir >> 24) & 0xf;
	bool all = sgir & (1UL << 40);
	struct per_cpu *target;
	unsigned long n;

	cpu->stats[JH_CPU_STAT_EXITS_SGI]++;
	for_each_cell_cpu(n, cpu->cell) {
		target = per_cpu(n);
		if (intid == VGIC_SGI_HV ||
		    (all ? target == cpu : !sgi_targets(sgir, target->mpidr)))
			continue;
		gicv3_post_sgis(cpu, target, 1U << intid);
	}
}

static void clear_lrs(struct per_cpu *cpu)
{
	unsigned int n;
	u64 lr;

	for (n = 0; n < cpu->arch.num_lrs; n++) {
		lr = read_lr(n);
		if ((lr & ICH_LR_HW) && (lr & (ICH_LR_PENDING | ICH_LR_ACTIVE)))
			deactivate((lr >> ICH_LR_PINTID_SHIFT) & 0x1fff);
		write_lr(n, 0);
	}
	for (n = 0; n < cpu->arch.queued; n++)
		if (cpu->arch.queue[n] >= 16)
			deactivate(cpu->arch.queue[n]);
	cpu->arch.queued = 0;
	write_sysreg(0, ICH_AP0R0_EL2);
	write_sysreg(0, ICH_AP1R0_EL2);
}

/* The CPU stops running guest code: nothing of the guest stays active. */
void gicv3_cpu_quiesce(struct per_cpu *cpu)
{
	if (is_root(cpu))
		return;
	clear_lrs(cpu);
	write_sysreg(ICH_HCR_EN, ICH_HCR_EL2);
	cpu->arch.vsgi_pending = 0;
}

/* Fresh interrupt state for a guest start: only our own SGI/PPI stay on. */
void gicv3_cpu_reset(struct per_cpu *cpu)
{
	u32 keep = (1U << VGIC_SGI_HV) | (1U << vgic_maint_irq);

	if (is_root(cpu))
		return;
	gicv3_cpu_quiesce(cpu);
	write_sysreg(0, ICH_VMCR_EL2);
	gicr_write(cpu->arch.gicr_frame, GICR_SGI_BASE + GICR_ICENABLER0,
		   ~keep, 4);
	gicr_write(cpu->arch.gicr_frame, GICR_SGI_BASE + GICR_ICPENDR0,
		   ~keep, 4);
	gicr_write(cpu->arch.gicr_frame, GICR_SGI_BASE + GICR_ICACTIVER0,
		   ~keep, 4);
	/* Trigger modes and priorities as root had them, ours on top. */
	ppi_config(cpu, false);
	gicr_write(cpu->arch.gicr_frame,
		   GICR_SGI_BASE + GICR_IPRIORITYR + VGIC_SGI_HV, 0x80, 1);
	gicr_write(cpu->arch.gicr_frame,
		   GICR_SGI_BASE + GICR_IPRIORITYR + vgic_maint_irq, 0x80, 1);
}

/*
 * A cell CPU powers off for good (destroy): nothing of ours may stay
 * pending in its redistributor, or Linux takes it when it gets the CPU
 * back ("unexpected interrupt 15").
 */
void gicv3_cpu_exit(struct per_cpu *cpu)
{
	unsigned int frame = cpu->arch.gicr_frame, n;

	if (is_root(cpu))
		return;
	gicv3_cpu_quiesce(cpu);
	write_sysreg(0, ICH_HCR_EL2);
	/*
	 * Every SGI and PPI off, nothing pending or active: Linux enables
	 * what it needs when it brings the CPU online. A level interrupt the
	 * cell left asserted (e.g. its PMU) can then not keep us here.
	 */
	gicr_write(frame, GICR_SGI_BASE + GICR_ICENABLER0, ~0U, 4);
	gicr_write(frame, GICR_SGI_BASE + GICR_ICPENDR0, ~0U, 4);
	gicr_write(frame, GICR_SGI_BASE + GICR_ICACTIVER0, ~0U, 4);
	ppi_config(cpu, false);
	/* What the CPU interface may still hold; bounded, whatever happens. */
	for (n = 0; n < 64; n++) {
		u32 iar = read_sysreg(ICC_IAR1_EL1), intid = iar & 0xffffff;

		if (intid >= 1020 && intid <= 1023)
			break;
		write_sysreg(iar, ICC_EOIR1_EL1);
		deactivate(intid);
	}
}

/* Root's configuration of this CPU's SGIs/PPIs, as it was. */
static void ppi_config(struct per_cpu *cpu, bool save)
{
	unsigned int frame = cpu->arch.gicr_frame, n;
	u32 off;

	for (n = 0; n < 8; n++) {
		off = GICR_SGI_BASE + GICR_IPRIORITYR + 4 * n;
		if (save)
			cpu->arch.saved_prio[n] = gicr_read(frame, off, 4);
		else
			gicr_write(frame, off, cpu->arch.saved_prio[n], 4);
	}
	if (save)
		cpu->arch.saved_icfgr1 = gicr_read(frame, GICR_SGI_BASE +
						   GICR_ICFGR1, 4);
	else
		gicr_write(frame, GICR_SGI_BASE + GICR_ICFGR1,
			   cpu->arch.saved_icfgr1, 4);
}

/* Physical CPU interface of a cell CPU: everything is taken at EL2. */
void gicv3_cpu_init(struct per_cpu *cpu)
{
	unsigned int frame;

	write_sysreg(0xf, ICC_SRE_EL2);		/* SRE, DFB, DIB, Enable */
	isb();
	cpu->arch.num_lrs = (read_sysreg(ICH_VTR_EL2) & 0x1f) + 1;
	if (cpu->arch.num_lrs > 16)
		cpu->arch.num_lrs = 16;
	cpu->arch.gicr_frame = frame = gicv3_frame_of(cpu->mpidr);
	if (is_root(cpu)) {
		write_sysreg(0, ICH_HCR_EL2);
		return;
	}
	ppi_config(cpu, true);
	write_sysreg(ICC_CTLR_EOIMODE, ICC_CTLR_EL1);
	write_sysreg(0xff, ICC_PMR_EL1);
	write_sysreg(0, ICC_BPR1_EL1);
	write_sysreg(1, ICC_IGRPEN1_EL1);
	gicr_write(frame, GICR_SGI_BASE + GICR_IPRIORITYR + VGIC_SGI_HV,
		   0x80, 1);
	gicr_write(frame, GICR_SGI_BASE + GICR_IPRIORITYR + vgic_maint_irq,
		   0x80, 1);
	gicr_write(frame, GICR_SGI_BASE + GICR_ISENABLER0,
		   (1U << VGIC_SGI_HV) | (1U << vgic_maint_irq), 4);
	cpu->arch.queued = 0;
	gicv3_cpu_quiesce(cpu);
	isb();
}
