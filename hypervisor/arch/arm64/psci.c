// SPDX-License-Identifier: GPL-2.0
/*
 * PSCI and other SMCs of the root cell. Most calls go to the firmware
 * unchanged; the ones that start CPUs are redirected so a CPU never
 * comes up outside the hypervisor, and CPU_SUSPEND is kept from losing
 * EL2 state. Other cells get their own PSCI (psci_cell.c).
 */
#include <hv/bitmap.h>
#include <hv/cell.h>
#include <hv/control.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/setup.h>
#include <asm/psci.h>
#include <asm/sysreg.h>
#include <asm/trap.h>

u64 smc_call(u64 fn, u64 a1, u64 a2, u64 a3, u64 *res)
{
	register u64 x0 asm("x0") = fn;
	register u64 x1 asm("x1") = a1;
	register u64 x2 asm("x2") = a2;
	register u64 x3 asm("x3") = a3;

	asm volatile("smc #0"
		     : "+r" (x0), "+r" (x1), "+r" (x2), "+r" (x3)
		     : : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11",
		       "x12", "x13", "x14", "x15", "x16", "x17", "memory");
	if (res) {
		res[0] = x1;
		res[1] = x2;
		res[2] = x3;
	}
	return x0;
}

static u64 cpu_on(struct per_cpu *cpu, u64 mpidr, u64 pc, u64 ctx)
{
	struct per_cpu *target = cell_cpu_by_mpidr(cpu->cell, mpidr);
	u64 ret;

	if (!target)
		return PSCI_INVALID_PARAMETERS;
	if (hv_is_disabling()) {
		/* It would enter a hypervisor that is going away. */
		printk("PSCI CPU_ON of MPIDR 0x%llx from CPU %u refused: "
		       "hypervisor is being disabled\n", mpidr, cpu->cpu_id);
		return PSCI_DENIED;
	}
	if (target->state == CPU_RUNNING)
		return PSCI_ALREADY_ON;
	if (target->state != CPU_OFF)
		return PSCI_DENIED;
	cpu_request(target, REQ_START, pc, ctx);
	ret = (u64)(s64)arch_cpu_power_on(target);
	if (ret != PSCI_SUCCESS)
		__atomic_store_n(&target->request, REQ_NONE, __ATOMIC_SEQ_CST);
	return ret;
}

static void __noreturn cpu_off(struct per_cpu *cpu)
{
	cpu->state = CPU_OFF;
	arch_cpu_power_off(cpu);
}

static bool forwarded(u64 fn)
{
	switch (fn) {
	case PSCI_VERSION:
	case PSCI_AFFINITY_INFO_32:
	case PSCI_AFFINITY_INFO_64:
	case PSCI_MIGRATE_INFO_TYPE:
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
	case PSCI_FEATURES:
		return true;
	}
	/* SMCCC arch calls and vendor (SiP/OEM) services: root keeps them. */
	return SMCCC_OWNER(fn) == SMCCC_OWNER_ARCH ||
	       SMCCC_OWNER(fn) == SMCCC_OWNER_SIP ||
	       SMCCC_OWNER(fn) == SMCCC_OWNER_OEM;
}

void psci_handle(struct per_cpu *cpu, struct trap_context *ctx)
{
	u64 fn = ctx->x[0] & 0xffffffffUL, res[3];

	cpu->stats[JH_CPU_STAT_EXITS_PSCI]++;
	if (cpu->cell != &root_cell) {
		psci_cell(cpu, ctx, fn);
		return;
	}
	switch (fn) {
	case PSCI_CPU_ON_32:
	case PSCI_CPU_ON_64:
		ctx->x[0] = cpu_on(cpu, ctx->x[1], ctx->x[2], ctx->x[3]);
		return;
	case PSCI_CPU_OFF:
		cpu_off(cpu);
	case PSCI_CPU_SUSPEND_32:
	case PSCI_CPU_SUSPEND_64:
		/* A power-down would lose EL2: treat it as standby. */
		asm volatile("wfi" ::: "memory");
		ctx->x[0] = PSCI_SUCCESS;
		return;
	}
	if (forwarded(fn)) {
		ctx->x[0] = smc_call(ctx->x[0], ctx->x[1], ctx->x[2],
				     ctx->x[3], res);
		ctx->x[1] = res[0];
		ctx->x[2] = res[1];
		ctx->x[3] = res[2];
		return;
	}
	ctx->x[0] = PSCI_NOT_SUPPORTED;
}
