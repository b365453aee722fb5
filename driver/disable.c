// SPDX-License-Identifier: GPL-2.0
/*
 * JH_IOCTL_DISABLE: ask the hypervisor to hand each CPU back, one CPU at a
 * time. The first CPU's call decides (e.g. refused while other cells
 * exist); later CPUs only leave. CPUs Linux offlined while enabled were
 * powered off by the hypervisor and are simply not online now.
 */
#include <linux/cpu.h>
#include <linux/firmware.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include "driver.h"

/* The hypervisor would refuse too; naming the cells is more helpful. */
static int jh_check_no_cells(void)
{
	char names[128];
	struct jh_cell *cell;
	unsigned int count = 0;
	size_t n = 0;

	list_for_each_entry(cell, &jh_cells, entry) {
		count++;
		n += scnprintf(names + n, sizeof(names) - n, "%s\"%s\" (ID %u)",
			       n ? ", " : "", cell->name, cell->id);
	}
	if (!count)
		return 0;
	return jh_refuse(-ENOTEMPTY,
			 "%u cell%s still exist%s: %s; hint: destroy cells first (jailhouse cell destroy)",
			 count, count == 1 ? "" : "s", count == 1 ? "s" : "",
			 names);
}

int jh_cmd_disable(void)
{
	unsigned int cpu = 0;
	u64 t0 = ktime_get_ns();
	int err;

	if (!jh.enabled)
		return jh_refuse(-ESRCH,
				 "hypervisor is not enabled; hint: nothing to disable (jailhouse enable first)");
	err = jh_check_no_cells();
	if (err)
		return err;

	cpus_read_lock();
	mutex_lock(&jh_hc_lock);
	err = jh_leave_cpus(cpu_online_mask, &cpu);
	if (!err || cpu != cpumask_first(cpu_online_mask))
		WRITE_ONCE(jh.enabled, false);
	mutex_unlock(&jh_hc_lock);
	cpus_read_unlock();

	if (err && jh.enabled)
		return jh_refuse(err,
				 "hypervisor refused to disable (error %d on CPU %u); hint: destroy all non-root cells first, see jailhouse console",
				 err, cpu);
	jh_cell_remove();
	if (err)
		/* Partly left: memory and module stay pinned for safety. */
		return jh_refuse(err,
				 "hypervisor failed to release CPU %u (error %d) after others left; hint: reboot, the machine is in an undefined state",
				 cpu, err);

	release_firmware(jh.fw);
	jh.fw = NULL;
	jh_config_drop();
	module_put(THIS_MODULE);
	pr_info("jailhouse: hypervisor disabled (%llu us)\n",
		(ktime_get_ns() - t0) / 1000);
	return 0;
}
