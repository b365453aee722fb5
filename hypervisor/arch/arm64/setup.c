// SPDX-License-Identifier: GPL-2.0
/*
 * Per-CPU takeover. A CPU arrives either warm, through the Linux hyp stub
 * (its EL2 state is saved and restored on disable), or cold, through PSCI
 * CPU_ON issued on behalf of the root cell (it gets the state a warm CPU
 * had and starts the guest's entry point at EL1).
 */
#include <hv/arch.h>
#include <hv/cell.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/setup.h>
#include <asm/sysreg.h>
#include <asm/trap.h>

#define ICC_SRE_EL2_VALUE	0xf	/* SRE, DFB, DIB, Enable */
#define VMID_ROOT		1UL
#define CPTR_EL2_DEFAULT	0x33ff

extern u8 hv_vectors[];
u64 arch_vtcr(void);

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

int arch_cpu_init(struct per_cpu *cpu)
{
	struct cell *cell = cpu->cell;

	write_sysreg(cpu, tpidr_el2);
	cpu->mpidr = read_sysreg(mpidr_el1) & 0xff00ffffffUL;
	write_sysreg(hv_vectors, vbar_el2);
	write_sysreg(read_sysreg(midr_el1), vpidr_el2);
	write_sysreg(read_sysreg(mpidr_el1), vmpidr_el2);
	write_sysreg(CPTR_EL2_DEFAULT, cptr_el2);
	write_sysreg(0, hstr_el2);
	/* Guests use the physical counter and timer directly. */
	write_sysreg(read_sysreg(cnthctl_el2) | 3, cnthctl_el2);
	if (gic_v3()) {
		write_sysreg(ICC_SRE_EL2_VALUE, S3_4_C12_C9_5);	/* ICC_SRE_EL2 */
		isb();
	}
	write_sysreg(arch_vtcr(), vtcr_el2);
	write_sysreg((u64)cell->s2.root | (VMID_ROOT << 48), vttbr_el2);
	write_sysreg(HCR_VM | HCR_SWIO | HCR_TSC | HCR_RW, hcr_el2);
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

/* Called from hv_cold_entry with the MMU on; enters the guest. */
void __noreturn arch_cold_cpu_init(unsigned int cpu_id)
{
	struct per_cpu *cpu = per_cpu(cpu_id);

	cpu->arch.saved = boot_state;
	cpu->arch.cold = true;
	write_sysreg(0, cntvoff_el2);
	if (gic_v3())
		write_sysreg(0, S3_4_C12_C11_0);	/* ICH_HCR_EL2 */
	if (hv_cpu_init(cpu_id))
		arch_park();
	arch_enter_el1(cpu->arch.boot_pc, cpu->arch.boot_ctx);
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
