// SPDX-License-Identifier: GPL-2.0
/*
 * Management hypercalls. Arguments come from a guest and are untrusted;
 * only the root cell may manage the hypervisor.
 */
#include <hv/cell.h>
#include <hv/errno.h>
#include <hv/hypercall.h>
#include <hv/percpu.h>
#include <hv/pool.h>
#include <jailhouse/hypercall.h>

static long hv_get_info(u64 type)
{
	switch (type) {
	case JH_INFO_MEM_POOL_SIZE:
		return (long)mem_pool.pages;
	case JH_INFO_MEM_POOL_USED:
		return (long)mem_pool.used;
	case JH_INFO_NUM_CELLS:
		return 1;
	default:
		return -EINVAL;
	}
}

static long cpu_get_info(u64 cpu_id, u64 type)
{
	struct per_cpu *cpu;

	if (cpu_id >= hv_max_cpus)
		return -EINVAL;
	cpu = per_cpu((unsigned int)cpu_id);
	if (type == JH_CPU_INFO_STATE)
		return cpu->state == CPU_FAILED ? JH_CPU_STATE_FAILED :
						  JH_CPU_STATE_RUNNING;
	if (type >= JH_CPU_INFO_STAT_BASE &&
	    type < JH_CPU_INFO_STAT_BASE + JH_CPU_STAT_COUNT)
		return (long)(cpu->stats[type - JH_CPU_INFO_STAT_BASE] &
			      0x7fffffffffffffffULL);
	return -EINVAL;
}

long hypercall(struct per_cpu *cpu, u64 code, u64 arg1, u64 arg2,
	       bool *leave)
{
	*leave = false;
	cpu->stats[JH_CPU_STAT_EXITS_HVC]++;
	if (cpu->cell != &root_cell)
		return -EPERM;
	switch (code) {
	case JH_HC_DISABLE:
		*leave = true;
		return 0;
	case JH_HC_HV_GET_INFO:
		return hv_get_info(arg1);
	case JH_HC_CPU_GET_INFO:
		return cpu_get_info(arg1, arg2);
	default:
		return -ENOSYS;
	}
}
