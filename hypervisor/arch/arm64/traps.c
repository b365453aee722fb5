// SPDX-License-Identifier: GPL-2.0
/*
 * Trap dispatch by exception class. A handler only returns a verdict;
 * trap_conclude() acts on it. Anything a guest does that we do not handle
 * parks that CPU with a report saying what the guest did (trap_report.c);
 * the hypervisor itself never goes down because of a guest.
 */
#include <hv/cell.h>
#include <hv/control.h>
#include <hv/hypercall.h>
#include <hv/link.h>
#include <hv/mmio.h>
#include <hv/mmio_subpage.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/vuart.h>
#include <asm/irqchip.h>
#include <asm/psci.h>
#include <asm/setup.h>
#include <asm/sysreg.h>
#include <asm/trap.h>
#include <jailhouse/header.h>
#include <jailhouse/hypercall.h>

#define SMCCC_NOT_SUPPORTED	((u64)-1)

/* Data/instruction abort syndrome bits (Arm ARM D17.2.37, ESR_ELx). */
#define ESR_IL			(1UL << 25)
#define ESR_ISV			(1UL << 24)
#define ESR_WNR			(1UL << 6)
#define FSC_SEA			0x10	/* synchronous external abort */
#define EC_IABT_CUR		0x21
#define EC_DABT_CUR		0x25

/* PSTATE as saved in SPSR_ELx. */
#define SPSR_M_AARCH32		(1UL << 4)
#define SPSR_M_MASK		0xfUL
#define SPSR_M_EL0T		0x0UL
#define SPSR_M_EL1T		0x4UL
#define SPSR_M_EL1H		0x5UL
#define SPSR_DAIF		(0xfUL << 6)
#define SPSR_PAN		(1UL << 22)
#define SCTLR_SPAN		(1UL << 23)

typedef struct trap_verdict (*trap_handler)(struct per_cpu *cpu,
					    struct trap_context *ctx,
					    struct trap_fault *f);

static const struct trap_verdict handled = { TRAP_HANDLED, 0 };
static const struct trap_verdict not_handled = { TRAP_NOT_HANDLED, 0 };

static struct trap_verdict fatal(enum trap_reason reason)
{
	return (struct trap_verdict){ TRAP_FATAL, reason };
}

/*
 * Skip the trapped instruction: ESR.IL says 32 bits, or 16 (a T32
 * instruction of a 32-bit EL0).
 */
static void skip_insn(struct trap_context *ctx, u64 esr)
{
	ctx->elr += (esr & ESR_IL) ? 4 : 2;
}

/* The one place a guest trap ends fatally: report, mark, park. */
static void __noreturn trap_fail(struct per_cpu *cpu,
				 struct trap_context *ctx,
				 struct trap_fault *f, enum trap_reason reason)
{
	f->sp_el1 = read_sysreg(sp_el1);
	trap_report_fatal(cpu->cpu_id, cpu->cell->desc->name, reason, f,
			  ctx);
	cpu->state = CPU_FAILED;
	cell_mark_failed(cpu->cell);
	cpu_park(cpu);
}

static struct trap_verdict handle_hvc(struct per_cpu *cpu,
				      struct trap_context *ctx,
				      struct trap_fault *f)
{
	bool root = cpu->cell == &root_cell;
	bool leave;

	switch (f->esr & 0xffff) {
	case JH_HVC_IMM:
		if (!root && ctx->x[0] == JH_HC_GUEST_PANIC)
			return fatal(TRAP_REASON_GUEST_PANIC);
		ctx->x[0] = (u64)hypercall(cpu, ctx->x[0], ctx->x[1],
					   ctx->x[2], &leave);
		if (leave)
			arch_cpu_leave(cpu, ctx);
		break;
	case 0:
		/* Other cells may use HVC as their PSCI conduit. */
		if (!root) {
			psci_handle(cpu, ctx);
			break;
		}
		/* Linux hyp-stub calls: EL2 is taken, refuse them all. */
		ctx->x[0] = JH_HVC_STUB_ERR;
		break;
	default:
		ctx->x[0] = SMCCC_NOT_SUPPORTED;
	}
	return handled;
}

static struct trap_verdict handle_smc(struct per_cpu *cpu,
				      struct trap_context *ctx,
				      struct trap_fault *f)
{
	cpu->stats[JH_CPU_STAT_EXITS_SMC]++;
	/* A trapped SMC reports the address of the SMC itself. */
	skip_insn(ctx, f->esr);
	psci_handle(cpu, ctx);
	return handled;
}

/* Trapped system register accesses: only the SGI registers of cells. */
static struct trap_verdict handle_sysreg(struct per_cpu *cpu,
					 struct trap_context *ctx,
					 struct trap_fault *f)
{
	u64 esr = f->esr;
	unsigned int op0 = (esr >> 20) & 3, op2 = (esr >> 17) & 7;
	unsigned int op1 = (esr >> 14) & 7, crn = (esr >> 10) & 0xf;
	unsigned int crm = (esr >> 1) & 0xf, rt = (esr >> 5) & 0x1f;
	bool read = esr & 1;
	u64 val = rt == 31 ? 0 : ctx->x[rt];

	cpu->stats[JH_CPU_STAT_EXITS_SYSREG]++;
	if (op0 != 3 || op1 != 0 || crn != 12 || crm != 11 || read ||
	    (op2 != 5 && op2 != 6 && op2 != 7))
		return fatal(TRAP_REASON_SYSREG);
	/* ICC_SGI1R_EL1; ASGI1R and SGI0R have no meaning here. */
	if (op2 == 5 && cpu->cell != &root_cell)
		irqchip_guest_sgi(cpu, val);
	skip_insn(ctx, esr);
	return handled;
}

/* Where an exception to EL1 enters, from VBAR_EL1 (Arm ARM D1.10.2). */
static u64 el1_sync_vector(u64 spsr)
{
	if (spsr & SPSR_M_AARCH32)
		return 0x600;		/* lower EL using AArch32 */
	switch (spsr & SPSR_M_MASK) {
	case SPSR_M_EL0T:
		return 0x400;		/* lower EL using AArch64 */
	case SPSR_M_EL1T:
		return 0x000;		/* current EL with SP_EL0 */
	default:
		return 0x200;		/* current EL with SP_ELx */
	}
}

/* PSTATE.PAN on taking an exception to EL1: set unless SCTLR_EL1.SPAN. */
static u64 el1_entry_pan(u64 spsr)
{
	u64 mmfr1 = read_sysreg(id_aa64mmfr1_el1);

	if (!((mmfr1 >> 20) & 0xf))
		return 0;		/* no PAN on this CPU */
	if (read_sysreg(sctlr_el1) & SCTLR_SPAN)
		return spsr & SPSR_PAN;
	return SPSR_PAN;
}

/*
 * Make the root cell's EL1 take a synchronous external abort for the
 * access that faulted at stage 2, as if the bus had answered with an
 * error: Linux then kills the user process (SIGBUS) or reports its own
 * bug, and the CPU stays Linux's.
 */
static void inject_root_sea(struct trap_context *ctx,
			    const struct trap_fault *f)
{
	bool iabt = ESR_EC(f->esr) == EC_IABT_LOW;
	bool from_el1 = !(ctx->spsr & SPSR_M_AARCH32) &&
			(ctx->spsr & SPSR_M_MASK) != SPSR_M_EL0T;
	u64 ec = iabt ? EC_IABT_LOW : EC_DABT_LOW;
	u64 iss = FSC_SEA | (iabt ? 0 : (f->esr & ESR_WNR));

	if (from_el1)
		ec = iabt ? EC_IABT_CUR : EC_DABT_CUR;
	write_sysreg(ec << ESR_EC_SHIFT | ESR_IL | iss, esr_el1);
	write_sysreg(f->far, far_el1);
	write_sysreg(ctx->elr, elr_el1);
	write_sysreg(ctx->spsr, spsr_el1);
	ctx->elr = read_sysreg(vbar_el1) + el1_sync_vector(ctx->spsr);
	ctx->spsr = SPSR_DAIF | SPSR_M_EL1H | el1_entry_pan(ctx->spsr);
}

/*
 * A root cell access outside its memory, typically /dev/mem on a running
 * cell's RAM: one line on the console, then an external abort for root.
 * Parking the CPU instead would take it from Linux for good.
 */
static void root_abort(struct per_cpu *cpu, struct trap_context *ctx,
		       const struct trap_fault *f)
{
	bool iabt = ESR_EC(f->esr) == EC_IABT_LOW;
	struct cell *owner = cell_owning_phys(f->ipa);

	printk("root CPU %u: %s at IPA 0x%llx (PC 0x%llx, EL%llu) %s%s%s: "
	       "external abort injected\n", cpu->cpu_id,
	       iabt ? "instruction fetch" :
	       (f->esr & ESR_WNR) ? "write" : "read",
	       f->ipa, ctx->elr,
	       (ctx->spsr & SPSR_M_AARCH32) ? 0 : (ctx->spsr >> 2) & 3,
	       owner ? "in memory of cell \"" :
	       f->refused ? "refused by the device emulation" :
	       "not mapped for root",
	       owner ? owner->desc->name : "", owner ? "\"" : "");
	inject_root_sea(ctx, f);
}

static bool is_abort(const struct trap_fault *f)
{
	return ESR_EC(f->esr) == EC_DABT_LOW || ESR_EC(f->esr) == EC_IABT_LOW;
}

/*
 * Act on a handler's verdict, the only place that does: an abort nothing
 * emulates goes back to root as an external abort; anything else that is
 * not handled fails the CPU's cell, root's included (root_abort() cannot
 * describe it to Linux).
 */
static void trap_conclude(struct per_cpu *cpu, struct trap_context *ctx,
			  struct trap_fault *f, struct trap_verdict v)
{
	if (v.outcome == TRAP_HANDLED)
		return;
	if (v.outcome == TRAP_NOT_HANDLED) {
		if (cpu->cell == &root_cell && is_abort(f)) {
			root_abort(cpu, ctx, f);
			return;
		}
		v.reason = TRAP_REASON_UNHANDLED;
	}
	trap_fail(cpu, ctx, f, v.reason);
}

static struct trap_verdict handle_iabt(struct per_cpu *cpu,
				       struct trap_context *ctx __unused,
				       struct trap_fault *f __unused)
{
	cpu->stats[JH_CPU_STAT_EXITS_OTHER]++;
	return not_handled;
}

/*
 * The GIC, sub-page windows (root's accesses next to a cell's window
 * too), link register pages, then a cell's emulated UART (not for cells
 * without one). A cell's address that is no window or link page of its
 * config is "not mine" before any global lock (mmio_subpage.c,
 * link_mmio.c), so its UART accesses pay none.
 */
static int dabt_emulate(struct per_cpu *cpu, struct mmio_access *a)
{
	struct vuart *v = cpu->cell->vuart;
	int ret = irqchip_mmio(cpu, a);

	if (ret == GIC_MMIO_NOT_MINE)
		ret = subpage_mmio(cpu->cell, a);
	if (ret == SUBPAGE_NOT_MINE)
		ret = link_mmio(cpu->cell, a);
	if (ret != LINK_NOT_MINE || !v)
		return ret;
	ret = vuart_mmio(cpu->cell, a);
	if (ret == MMIO_HANDLED && a->is_write) {
		spin_lock(&v->lock);
		irqchip_vuart_update(cpu);
		spin_unlock(&v->lock);
	}
	return ret;
}

/* A load's value into its register: sign extension, 32-bit views. */
static void dabt_load_result(struct trap_context *ctx, u64 esr, u64 val)
{
	unsigned int srt = (esr >> 16) & 0x1f, size = 1U << ((esr >> 22) & 3);

	if (srt == 31)
		return;
	if ((esr & (1UL << 21)) && size < 8 &&
	    (val & (1UL << (size * 8 - 1))))	/* sign extend */
		val |= ~((1UL << (size * 8)) - 1);
	if (!(esr & (1UL << 15)))		/* 32-bit register */
		val &= 0xffffffffUL;
	ctx->x[srt] = val;
}

/* Stage-2 data abort: emulated MMIO (the GIC, a UART), or a guest bug. */
static struct trap_verdict handle_dabt(struct per_cpu *cpu,
				       struct trap_context *ctx,
				       struct trap_fault *f)
{
	u64 esr = f->esr;
	unsigned int srt = (esr >> 16) & 0x1f, size = 1U << ((esr >> 22) & 3);
	struct mmio_access a;
	int ret;

	if (!(esr & ESR_ISV))	/* no syndrome: pair, exclusive... */
		return not_handled;
	a.addr = f->ipa;
	a.size = size;
	a.is_write = esr & ESR_WNR;
	a.value = srt == 31 ? 0 : ctx->x[srt];
	if (size < 8)
		a.value &= (1UL << (size * 8)) - 1;
	ret = dabt_emulate(cpu, &a);
	if (ret != MMIO_HANDLED) {
		f->refused = ret == MMIO_ERROR;
		return not_handled;
	}
	cpu->stats[JH_CPU_STAT_EXITS_MMIO]++;
	if (!a.is_write)
		dabt_load_result(ctx, esr, a.value);
	skip_insn(ctx, esr);
	return handled;
}

static struct trap_verdict handle_unknown(struct per_cpu *cpu,
					  struct trap_context *ctx __unused,
					  struct trap_fault *f __unused)
{
	cpu->stats[JH_CPU_STAT_EXITS_OTHER]++;
	return not_handled;
}

static const trap_handler trap_handlers[EC_MAX + 1] = {
	[EC_HVC64] = handle_hvc,
	[EC_SMC64] = handle_smc,
	[EC_SYS64] = handle_sysreg,
	[EC_IABT_LOW] = handle_iabt,
	[EC_DABT_LOW] = handle_dabt,
};

/* The syndrome, and for a stage-2 abort where it happened. */
static void trap_read_fault(struct trap_fault *f)
{
	f->esr = read_sysreg(esr_el2);
	f->far = f->ipa = f->sp_el1 = 0;
	f->refused = false;
	if (!is_abort(f))
		return;
	f->far = read_sysreg(far_el2);
	f->ipa = (read_sysreg(hpfar_el2) >> 4) << 12 | (f->far & 0xfff);
}

void arch_handle_sync(struct trap_context *ctx)
{
	struct per_cpu *cpu = this_cpu();
	struct trap_fault f;
	trap_handler handler;

	trap_read_fault(&f);
	handler = trap_handlers[ESR_EC(f.esr)];
	cpu->stats[JH_CPU_STAT_EXITS_TOTAL]++;
	trap_conclude(cpu, ctx, &f,
		      (handler ? handler : handle_unknown)(cpu, ctx, &f));
}

void arch_handle_irq(struct trap_context *ctx __unused)
{
	struct per_cpu *cpu = this_cpu();

	/* Only non-root CPUs route interrupts to EL2 (HCR_EL2.IMO). */
	cpu->stats[JH_CPU_STAT_EXITS_TOTAL]++;
	cpu->stats[JH_CPU_STAT_EXITS_IRQ]++;
	irqchip_handle_irq(cpu);
}

void arch_handle_serror(struct trap_context *ctx)
{
	struct per_cpu *cpu = this_cpu();
	struct trap_fault f;

	/* SError's EC is not an abort one: no FAR, no IPA in the report. */
	trap_read_fault(&f);
	trap_conclude(cpu, ctx, &f, fatal(TRAP_REASON_SERROR));
}

/*
 * An exception taken at EL2 is a hypervisor bug: report and park. Except
 * the bus error of a device access for a guest (mmio.c): that access fails.
 */
void arch_handle_el2_fault(struct trap_context *ctx)
{
	if (arch_mmio_fault(ctx))
		return;
	printk("PANIC: exception at EL2: ESR 0x%lx ELR 0x%llx FAR 0x%lx\n",
	       read_sysreg(esr_el2), ctx->elr, read_sysreg(far_el2));
	trap_dump_regs(ctx, read_sysreg(sp_el1));
	this_cpu()->state = CPU_FAILED;
	arch_park();
}
