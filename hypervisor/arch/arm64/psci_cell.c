// SPDX-License-Identifier: GPL-2.0
/*
 * PSCI for non-root cells, emulated entirely: a cell starts, stops and
 * queries only its own CPUs, and SYSTEM_OFF / SYSTEM_RESET stop or
 * restart that cell alone. Nothing a cell asks for reaches the firmware
 * except through the hypervisor's own CPU control.
 */
#include <hv/cell.h>
#include <hv/control.h>
#include <hv/percpu.h>
#include <asm/psci.h>
#include <asm/trap.h>

#define PSCI_VERSION_1_0	0x10000
#define MIGRATE_NOT_PRESENT	2

static u64 cpu_on(struct per_cpu *cpu, u64 mpidr, u64 pc, u64 arg)
{
	struct per_cpu *target = cell_cpu_by_mpidr(cpu->cell, mpidr);
	struct cell *cell = cpu->cell;
	u64 ret = PSCI_SUCCESS;

	if (!target)
		return PSCI_INVALID_PARAMETERS;
	spin_lock(&cell->lock);
	if (cell->stopping || target->state == CPU_FAILED)
		ret = PSCI_DENIED;
	else if (target->state == CPU_RUNNING)
		ret = PSCI_ALREADY_ON;
	else if (target->request != REQ_NONE)
		ret = PSCI_ON_PENDING;
	else if (cpu_start(target, pc, arg))
		ret = PSCI_INTERNAL_FAILURE;
	spin_unlock(&cell->lock);
	return ret;
}

static u64 affinity_info(struct per_cpu *cpu, u64 mpidr, u64 level)
{
	struct per_cpu *target = cell_cpu_by_mpidr(cpu->cell, mpidr);

	if (!target || level)
		return PSCI_INVALID_PARAMETERS;
	if (target->state == CPU_RUNNING)
		return PSCI_AFFINITY_ON;
	if (target->request == REQ_START)
		return PSCI_AFFINITY_ON_PENDING;
	return PSCI_AFFINITY_OFF;
}

static u64 features(u64 fn)
{
	switch (fn & 0xffffffffUL) {
	case PSCI_VERSION:
	case PSCI_CPU_ON_32:
	case PSCI_CPU_ON_64:
	case PSCI_CPU_OFF:
	case PSCI_CPU_SUSPEND_32:
	case PSCI_CPU_SUSPEND_64:
	case PSCI_AFFINITY_INFO_32:
	case PSCI_AFFINITY_INFO_64:
	case PSCI_MIGRATE_INFO_TYPE:
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
	case PSCI_FEATURES:
		return PSCI_SUCCESS;
	}
	return PSCI_NOT_SUPPORTED;
}

void psci_cell(struct per_cpu *cpu, struct trap_context *ctx, u64 fn)
{
	u64 *ret = &ctx->x[0];

	switch (fn) {
	case PSCI_VERSION:
		*ret = PSCI_VERSION_1_0;
		break;
	case PSCI_FEATURES:
		*ret = features(ctx->x[1]);
		break;
	case PSCI_CPU_ON_32:
	case PSCI_CPU_ON_64:
		*ret = cpu_on(cpu, ctx->x[1], ctx->x[2], ctx->x[3]);
		break;
	case PSCI_CPU_OFF:
		cpu_park(cpu);
	case PSCI_AFFINITY_INFO_32:
	case PSCI_AFFINITY_INFO_64:
		*ret = affinity_info(cpu, ctx->x[1], ctx->x[2]);
		break;
	case PSCI_CPU_SUSPEND_32:
	case PSCI_CPU_SUSPEND_64:
		asm volatile("wfi" ::: "memory");
		*ret = PSCI_SUCCESS;
		break;
	case PSCI_MIGRATE_INFO_TYPE:
		*ret = MIGRATE_NOT_PRESENT;
		break;
	case PSCI_SYSTEM_OFF:
		cell_self_stop(cpu, false);
	case PSCI_SYSTEM_RESET:
		cell_self_stop(cpu, true);
	default:
		*ret = PSCI_NOT_SUPPORTED;
	}
}
