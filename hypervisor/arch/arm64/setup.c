// SPDX-License-Identifier: GPL-2.0
/*
 * Per-CPU takeover and guest entry. A CPU arrives either warm, through
 * the Linux hyp stub (its EL2 state is saved and restored on disable), or
 * cold, through PSCI CPU_ON issued on behalf of the cell that owns it
 * (it gets the state a warm CPU had and waits for its start request).
 */
#include <hv/arch.h>
#include <hv/cell.h>
#include <hv/control.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/setup.h>
#include <asm/irqchip.h>
#include <asm/mmu.h>
#include <asm/psci.h>
#include <asm/setup.h>
#include <asm/sysreg.h>
#include <asm/trap.h>

#define CPTR_EL2_DEFAULT	0x33ff
/* Physical counter/timer for guests; an event stream (every 2^11 ticks)
 * bounds every WFE wait of the hypervisor. */
#define CNTHCTL_EL2_VALUE	(3UL | (1UL << 2) | (10UL << 4))
#define SCTLR_EL1_RESET		0x30d00800UL

extern u8 hv_vectors[];
extern u8 hv_cold_entry[];

/* EL2 state of the first warm CPU: what cold CPUs get back on disable. */
static struct el2_state boot_state;

struct per_cpu *this_cpu(void)
{
	return (struct per_cpu *)read_sysreg(tpidr_el2);
}

static void save_el2(struct el2_state *s, u64 vbar)
{
	s->vbar = vbar;
	s->hcr = read_sysreg(hcr_el2);
	s->sctlr = read_sysreg(sctlr_el2) &
		   ~(u64)(SCTLR_EL2_M | SCTLR_EL2_C | SCTLR_EL2_I);
	s->cptr = read_sysreg(cptr_el2);
	s->mdcr = read_sysreg(mdcr_el2);
	s->cnthctl = read_sysreg(cnthctl_el2);
	s->vttbr = read_sysreg(vttbr_el2);
	s->vtcr = read_sysreg(vtcr_el2);
}

static bool gic_v3(void)
{
	return system_config->sys.platform.gic_version == 3;
}

static u64 cell_hcr(const struct cell *cell)
{
	u64 hcr = HCR_VM | HCR_SWIO | HCR_TSC | HCR_RW;

	/* Non-root cells: every physical interrupt and SError comes to us. */
	if (cell != &root_cell)
		hcr |= HCR_IMO | HCR_FMO | HCR_AMO;
	return hcr;
}

int arch_cpu_init(struct per_cpu *cpu)
{
	struct cell *cell = cpu->cell;

	write_sysreg(cpu, tpidr_el2);
	cpu->mpidr = read_sysreg(mpidr_el1) & ARCH_MPIDR_ID_MASK;
	write_sysreg(hv_vectors, vbar_el2);
	write_sysreg(read_sysreg(midr_el1), vpidr_el2);
	write_sysreg(read_sysreg(mpidr_el1), vmpidr_el2);
	write_sysreg(CPTR_EL2_DEFAULT, cptr_el2);
	write_sysreg(0, hstr_el2);
	write_sysreg(CNTHCTL_EL2_VALUE, cnthctl_el2);
	if (gic_v3())
		irqchip_cpu_init(cpu);
	write_sysreg(arch_vtcr(), vtcr_el2);
	write_sysreg(arch_vttbr(cell), vttbr_el2);
	write_sysreg(cell_hcr(cell), hcr_el2);
	isb();
	/* No stale EL1&0 translations from before stage 2 existed. */
	asm volatile("tlbi alle1\n dsb nsh\n isb" ::: "memory");
	return 0;
}

/* Called from hv_entry with the MMU on; returns to the stub's caller. */
int arch_warm_cpu_init(unsigned int cpu_id, u64 stub_vbar)
{
	struct per_cpu *cpu = per_cpu(cpu_id);
	static bool boot_saved;

	save_el2(&cpu->arch.saved, stub_vbar);
	if (!boot_saved) {
		boot_state = cpu->arch.saved;
		boot_saved = true;
	}
	cpu->arch.cold = false;
	return hv_cpu_init(cpu_id);
}

/* Called from hv_cold_entry with the MMU on: wait for the start request. */
void __noreturn arch_cold_cpu_init(unsigned int cpu_id)
{
	struct per_cpu *cpu = per_cpu(cpu_id);

	cpu->arch.saved = boot_state;
	cpu->arch.cold = true;
	write_sysreg(0, cntvoff_el2);
	if (hv_cpu_init(cpu_id))
		arch_park();
	cpu_park(cpu);
}

/*
 * FP/SIMD registers. The hypervisor never uses them (-mgeneral-regs-only)
 * and CPTR_EL2 does not trap them here, so no clobbers are needed.
 */
static void clear_fpsimd(void)
{
	asm volatile("movi v0.2d, #0\n movi v1.2d, #0\n movi v2.2d, #0\n"
		     "movi v3.2d, #0\n movi v4.2d, #0\n movi v5.2d, #0\n"
		     "movi v6.2d, #0\n movi v7.2d, #0\n movi v8.2d, #0\n"
		     "movi v9.2d, #0\n movi v10.2d, #0\n movi v11.2d, #0\n"
		     "movi v12.2d, #0\n movi v13.2d, #0\n movi v14.2d, #0\n"
		     "movi v15.2d, #0\n movi v16.2d, #0\n movi v17.2d, #0\n"
		     "movi v18.2d, #0\n movi v19.2d, #0\n movi v20.2d, #0\n"
		     "movi v21.2d, #0\n movi v22.2d, #0\n movi v23.2d, #0\n"
		     "movi v24.2d, #0\n movi v25.2d, #0\n movi v26.2d, #0\n"
		     "movi v27.2d, #0\n movi v28.2d, #0\n movi v29.2d, #0\n"
		     "movi v30.2d, #0\n movi v31.2d, #0\n"
		     "msr fpcr, xzr\n msr fpsr, xzr" ::: "memory");
}

/* The PMU: off, counters, event types, filters and enables zero. */
static void clear_pmu(void)
{
	unsigned int n, counters = (read_sysreg(pmcr_el0) >> 11) & 0x1f;

	write_sysreg(0, pmcr_el0);
	write_sysreg(~0UL, pmintenclr_el1);
	write_sysreg(~0UL, pmcntenclr_el0);
	write_sysreg(~0UL, pmovsclr_el0);
	for (n = 0; n < counters; n++) {
		write_sysreg(n, pmselr_el0);
		isb();
		write_sysreg(0, pmxevtyper_el0);
		write_sysreg(0, pmxevcntr_el0);
	}
	write_sysreg(0, pmselr_el0);
	write_sysreg(0, pmccntr_el0);
	write_sysreg(0, pmccfiltr_el0);
	write_sysreg(0, pmuserenr_el0);
}

/*
 * Everything else of EL1 a cell can write and a later guest on this CPU
 * could read back: a CPU must not carry data from one cell (or one run of
 * a cell) to the next, whatever the firmware does on power cycles.
 */
static void clear_el1_data(void)
{
	clear_fpsimd();
	clear_pmu();
	write_sysreg(0, cntv_ctl_el0);
	write_sysreg(0, cntp_ctl_el0);
	write_sysreg(0, cntv_cval_el0);
	write_sysreg(0, cntp_cval_el0);
	write_sysreg(0, cntkctl_el1);
	write_sysreg(0, par_el1);
	write_sysreg(0, afsr0_el1);
	write_sysreg(0, afsr1_el1);
	write_sysreg(0, amair_el1);
	write_sysreg(0, csselr_el1);
	write_sysreg(0, tpidr_el1);
	write_sysreg(0, tpidr_el0);
	write_sysreg(0, tpidrro_el0);
	write_sysreg(0, contextidr_el1);
	write_sysreg(0, sp_el0);
	write_sysreg(0, sp_el1);
	write_sysreg(0, elr_el1);
	write_sysreg(0, spsr_el1);
	write_sysreg(0, esr_el1);
	write_sysreg(0, far_el1);
	write_sysreg(0, mdscr_el1);
	isb();
}

/* EL1 as after reset: MMU off, no vectors, timers off, no data left. */
static void reset_el1(void)
{
	write_sysreg(SCTLR_EL1_RESET, sctlr_el1);
	write_sysreg(0, vbar_el1);
	write_sysreg(0, tcr_el1);
	write_sysreg(0, ttbr0_el1);
	write_sysreg(0, ttbr1_el1);
	write_sysreg(0, mair_el1);
	write_sysreg(0, cpacr_el1);
	clear_el1_data();
}

void __noreturn arch_cpu_enter_guest(struct per_cpu *cpu, u64 pc, u64 arg)
{
	reset_el1();
	if (gic_v3())
		irqchip_cpu_reset(cpu);
	/* The cell's code may be new: no stale instructions. */
	asm volatile("ic iallu\n dsb nsh\n isb" ::: "memory");
	arch_enter_el1(pc, arg);
}

void arch_cpu_quiesce(struct per_cpu *cpu)
{
	if (cpu->cell == &root_cell)
		return;
	/* Timers and PMU off (no interrupt left asserted), no data left. */
	clear_el1_data();
	if (gic_v3())
		irqchip_cpu_quiesce(cpu);
}

void arch_cpu_kick(struct per_cpu *cpu)
{
	if (gic_v3())
		irqchip_cpu_kick(cpu);
}

int arch_cpu_power_on(struct per_cpu *cpu)
{
	u64 ret = 0, until = arch_counter() + 2 * arch_counter_freq();

	/*
	 * A CPU that just asked for CPU_OFF may not be off quite yet: the
	 * firmware says ALREADY_ON until it is. Under QEMU on a loaded host
	 * that was seen to take over 250 ms (Linux itself gave up waiting
	 * after 100 ms), so allow 2 s; a CPU still on after that is an error
	 * the caller reports.
	 */
	do {
		ret = smc_call(PSCI_CPU_ON_64, cpu->mpidr, (u64)hv_cold_entry,
			       cpu->cpu_id, NULL);
	} while (ret == PSCI_ALREADY_ON && arch_counter() < until);
	return (int)ret;
}

void __noreturn arch_cpu_power_off(struct per_cpu *cpu)
{
	if (gic_v3())
		irqchip_cpu_exit(cpu);
	hv_cpu_leave(cpu);
	arch_send_event();
	smc_call(PSCI_CPU_OFF, 0, 0, 0, NULL);
	printk("CPU %u: firmware refused CPU_OFF\n", cpu->cpu_id);
	cpu->state = CPU_FAILED;
	arch_park();
}

void arch_wait_event(void)
{
	wfe();
}

void arch_send_event(void)
{
	dsb(ish);
	sev();
}

u64 arch_counter(void)
{
	isb();
	return read_sysreg(cntpct_el0);
}

u64 arch_counter_freq(void)
{
	return read_sysreg(cntfrq_el0);
}

/* Give this CPU back to Linux: restore the stub's EL2, MMU off, eret. */
void __noreturn arch_cpu_leave(struct per_cpu *cpu, struct trap_context *ctx)
{
	const struct el2_state *s = &cpu->arch.saved;

	hv_cpu_leave(cpu);
	write_sysreg(s->hcr, hcr_el2);
	isb();
	write_sysreg(s->vttbr, vttbr_el2);
	write_sysreg(s->vtcr, vtcr_el2);
	write_sysreg(s->cptr, cptr_el2);
	write_sysreg(s->mdcr, mdcr_el2);
	write_sysreg(s->cnthctl, cnthctl_el2);
	write_sysreg(s->vbar, vbar_el2);
	asm volatile("tlbi alle1\n dsb nsh\n isb" ::: "memory");
	ctx->x[0] = 0;
	arch_leave_el2(ctx, s->sctlr);
}
