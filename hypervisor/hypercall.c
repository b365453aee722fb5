// SPDX-License-Identifier: GPL-2.0
/*
 * Hypercalls. Arguments come from a guest and are untrusted; only the
 * root cell may manage the hypervisor, and management calls run one at a
 * time under mgmt_lock.
 */
#include <hv/cell.h>
#include <hv/console.h>
#include <hv/errno.h>
#include <hv/hypercall.h>
#include <hv/link.h>
#include <hv/percpu.h>
#include <hv/pool.h>
#include <hv/printk.h>
#include <hv/setup.h>
#include <hv/vuart.h>
#include <jailhouse/hypercall.h>

static spinlock_t mgmt_lock;

static long hv_get_info(u64 type)
{
	switch (type) {
	case JH_INFO_MEM_POOL_SIZE:
		return (long)mem_pool.pages;
	case JH_INFO_MEM_POOL_USED:
		return (long)mem_pool.used;
	case JH_INFO_NUM_CELLS:
		return cell_count();
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
	if (type == JH_CPU_INFO_STATE) {
		if (cpu->state == CPU_FAILED)
			return JH_CPU_STATE_FAILED;
		return cpu->state == CPU_RUNNING ? JH_CPU_STATE_RUNNING :
						   JH_CPU_STATE_OFF;
	}
	if (type >= JH_CPU_INFO_STAT_BASE &&
	    type < JH_CPU_INFO_STAT_BASE + JH_CPU_STAT_COUNT)
		return (long)(cpu->stats[type - JH_CPU_INFO_STAT_BASE] &
			      0x7fffffffffffffffULL);
	return -EINVAL;
}

/* A non-root cell by ID, or NULL for the root cell and unknown IDs. */
static struct cell *managed_cell(u64 id)
{
	struct cell *cell = cell_by_id(id);

	return cell == &root_cell ? NULL : cell;
}

static long cell_op(u64 code, u64 id)
{
	struct cell *cell = managed_cell(id);

	if (!cell) {
		printk("hypercall %llu: no cell with ID %llu%s\n", code, id,
		       id ? "" : " (the root cell cannot be managed)");
		return id ? -ENOENT : -EINVAL;
	}
	switch (code) {
	case JH_HC_CELL_START:
		return cell_start(cell);
	case JH_HC_CELL_SET_LOADABLE:
		return cell_set_loadable(cell);
	case JH_HC_CELL_SHUTDOWN:
		return cell_shutdown(cell);
	case JH_HC_CELL_DESTROY:
		return cell_destroy(cell);
	default:
		return -ENOSYS;
	}
}

static long management(struct per_cpu *cpu, u64 code, u64 arg1, u64 arg2)
{
	long ret;

	spin_lock(&mgmt_lock);
	if (hv_is_disabling()) {
		/* Some root CPUs already left: a cell could not be managed. */
		printk("hypercall %llu from CPU %u refused: hypervisor is "
		       "being disabled\n", code, cpu->cpu_id);
		ret = -ESHUTDOWN;
	} else if (code == JH_HC_CELL_CREATE) {
		ret = cell_create(arg1, arg2);
	} else {
		ret = cell_op(code, arg1);
	}
	spin_unlock(&mgmt_lock);
	return ret;
}

/*
 * All or nothing: the first DISABLE decides, under the management lock so
 * no cell can appear between the check and the commitment. Later DISABLE
 * calls (the other root CPUs) only leave.
 */
static long disable(struct per_cpu *cpu, bool *leave)
{
	long ret = 0;

	spin_lock(&mgmt_lock);
	if (!hv_is_disabling()) {
		if (cell_count() > 1) {
			printk("disable refused: %u cells still exist\n",
			       cell_count() - 1);
			ret = -ENOTEMPTY;
		} else {
			printk("disable begun by CPU %u: cell management and "
			       "root CPU_ON refused from now\n", cpu->cpu_id);
			hv_begin_disable();
		}
	}
	spin_unlock(&mgmt_lock);
	*leave = !ret;
	return ret;
}

static long cell_get_console(const struct cell *cell)
{
	if (!cell)
		return -ENOENT;
	if (!cell->vuart)
		return -ENODEV;
	return (long)(u64)cell->vuart->ring;
}

long hypercall(struct per_cpu *cpu, u64 code, u64 arg1, u64 arg2,
	       bool *leave)
{
	struct cell *cell;

	*leave = false;
	cpu->stats[JH_CPU_STAT_EXITS_HVC]++;
	if (code == JH_HC_DEBUG_CONSOLE_PUTC)
		return console_guest_putc(cpu, arg1);
	if (code == JH_HC_LINK_INFO)
		return link_info(cpu->cell, arg1);
	if (cpu->cell != &root_cell)
		return -EPERM;
	switch (code) {
	case JH_HC_DISABLE:
		return disable(cpu, leave);
	case JH_HC_HV_GET_INFO:
		return hv_get_info(arg1);
	case JH_HC_CPU_GET_INFO:
		return cpu_get_info(arg1, arg2);
	case JH_HC_CELL_GET_STATE:
		cell = cell_by_id(arg1);
		return cell ? cell_get_state(cell) : -ENOENT;
	case JH_HC_CELL_GET_CONSOLE:
		return cell_get_console(cell_by_id(arg1));
	case JH_HC_CELL_CREATE:
	case JH_HC_CELL_START:
	case JH_HC_CELL_SET_LOADABLE:
	case JH_HC_CELL_SHUTDOWN:
	case JH_HC_CELL_DESTROY:
		return management(cpu, code, arg1, arg2);
	default:
		printk("hypercall %llu: unknown\n", code);
		return -ENOSYS;
	}
}
