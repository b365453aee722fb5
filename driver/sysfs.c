// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/devices/jailhouse: enabled, mem_pool_size, mem_pool_used,
 * last_error, and cells/<id>/ for each cell (only the root cell, 0, so
 * far). Values that come from the hypervisor are fetched by hypercall
 * under jh_hc_lock, never under jh_lock (see driver.h).
 */
#include <linux/device.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include "driver.h"
#include "hypercall.h"

struct device *jh_root_dev;
static struct kobject *jh_cells_kobj;

static ssize_t enabled_show(struct device *dev, struct device_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%d\n", READ_ONCE(jh.enabled));
}
static DEVICE_ATTR_RO(enabled);

static ssize_t jh_show_hv_info(char *buf, unsigned long what)
{
	long val = 0;

	mutex_lock(&jh_hc_lock);
	if (jh.enabled)
		val = jh_hypercall(JH_HC_HV_GET_INFO, what, 0);
	mutex_unlock(&jh_hc_lock);
	if (val < 0)
		return jh_hc_result(val);
	return sysfs_emit(buf, "%ld\n", val);
}

static ssize_t mem_pool_size_show(struct device *dev,
				  struct device_attribute *attr, char *buf)
{
	return jh_show_hv_info(buf, JH_INFO_MEM_POOL_SIZE);
}
static DEVICE_ATTR_RO(mem_pool_size);

static ssize_t mem_pool_used_show(struct device *dev,
				  struct device_attribute *attr, char *buf)
{
	return jh_show_hv_info(buf, JH_INFO_MEM_POOL_USED);
}
static DEVICE_ATTR_RO(mem_pool_used);

static ssize_t last_error_show(struct device *dev,
			       struct device_attribute *attr, char *buf)
{
	return jh_show_error(buf);
}
static DEVICE_ATTR_RO(last_error);

static struct attribute *jh_root_attrs[] = {
	&dev_attr_enabled.attr,
	&dev_attr_mem_pool_size.attr,
	&dev_attr_mem_pool_used.attr,
	&dev_attr_last_error.attr,
	NULL,
};

static const struct attribute_group jh_root_group = {
	.attrs = jh_root_attrs,
};

/* ---- cells/<id>/ ---- */

static struct jh_cell *to_cell(struct kobject *kobj)
{
	return container_of(kobj, struct jh_cell, kobj);
}

static ssize_t name_show(struct kobject *kobj, struct kobj_attribute *attr,
			 char *buf)
{
	return sysfs_emit(buf, "%s\n", to_cell(kobj)->name);
}

static ssize_t state_show(struct kobject *kobj, struct kobj_attribute *attr,
			  char *buf)
{
	return sysfs_emit(buf, "running\n");
}

static ssize_t cpus_assigned_show(struct kobject *kobj,
				  struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%*pb\n", cpumask_pr_args(&to_cell(kobj)->cpus));
}

static ssize_t cpus_assigned_list_show(struct kobject *kobj,
				       struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%*pbl\n",
			  cpumask_pr_args(&to_cell(kobj)->cpus));
}

/* CPUs of @cell the hypervisor reports as failed (a trap it could not handle). */
static int jh_cell_failed_cpus(struct jh_cell *cell, struct cpumask *failed)
{
	unsigned int cpu;
	long state;

	cpumask_clear(failed);
	mutex_lock(&jh_hc_lock);
	for_each_cpu(cpu, &cell->cpus) {
		if (!jh.enabled)
			break;
		state = jh_hypercall(JH_HC_CPU_GET_INFO, cpu,
				     JH_CPU_INFO_STATE);
		if (state < 0) {
			mutex_unlock(&jh_hc_lock);
			return jh_hc_result(state);
		}
		if (state == JH_CPU_STATE_FAILED)
			cpumask_set_cpu(cpu, failed);
	}
	mutex_unlock(&jh_hc_lock);
	return 0;
}

static ssize_t jh_show_failed(struct kobject *kobj, char *buf, bool list)
{
	cpumask_t failed;
	int err = jh_cell_failed_cpus(to_cell(kobj), &failed);

	if (err)
		return err;
	return sysfs_emit(buf, list ? "%*pbl\n" : "%*pb\n",
			  cpumask_pr_args(&failed));
}

static ssize_t cpus_failed_show(struct kobject *kobj,
				struct kobj_attribute *attr, char *buf)
{
	return jh_show_failed(kobj, buf, false);
}

static ssize_t cpus_failed_list_show(struct kobject *kobj,
				     struct kobj_attribute *attr, char *buf)
{
	return jh_show_failed(kobj, buf, true);
}

static struct kobj_attribute jh_cell_attr_name = __ATTR_RO(name);
static struct kobj_attribute jh_cell_attr_state = __ATTR_RO(state);
static struct kobj_attribute jh_cell_attr_cpus_assigned =
	__ATTR_RO(cpus_assigned);
static struct kobj_attribute jh_cell_attr_cpus_assigned_list =
	__ATTR_RO(cpus_assigned_list);
static struct kobj_attribute jh_cell_attr_cpus_failed =
	__ATTR_RO(cpus_failed);
static struct kobj_attribute jh_cell_attr_cpus_failed_list =
	__ATTR_RO(cpus_failed_list);

static struct attribute *jh_cell_attrs[] = {
	&jh_cell_attr_name.attr,
	&jh_cell_attr_state.attr,
	&jh_cell_attr_cpus_assigned.attr,
	&jh_cell_attr_cpus_assigned_list.attr,
	&jh_cell_attr_cpus_failed.attr,
	&jh_cell_attr_cpus_failed_list.attr,
	NULL,
};
ATTRIBUTE_GROUPS(jh_cell);

static void jh_cell_release(struct kobject *kobj)
{
	kfree(to_cell(kobj));
}

static const struct kobj_type jh_cell_ktype = {
	.release = jh_cell_release,
	.sysfs_ops = &kobj_sysfs_ops,
	.default_groups = jh_cell_groups,
};

static void jh_cell_cpus(struct cpumask *mask, const struct jh_cell_desc *desc)
{
	unsigned int cpu;

	cpumask_clear(mask);
	for (cpu = 0; cpu < JH_MAX_CPUS && cpu < nr_cpu_ids; cpu++)
		if (desc->cpus[cpu / 64] & (1ULL << (cpu % 64)))
			cpumask_set_cpu(cpu, mask);
}

/* Called under jh_lock; jh.root_cell is only changed there. */
int jh_cell_add(const struct jh_cell_desc *desc, unsigned int id)
{
	struct jh_cell *cell = kzalloc(sizeof(*cell), GFP_KERNEL);
	int err;

	if (!cell)
		return -ENOMEM;
	cell->id = id;
	strscpy(cell->name, desc->name, sizeof(cell->name));
	jh_cell_cpus(&cell->cpus, desc);
	err = kobject_init_and_add(&cell->kobj, &jh_cell_ktype, jh_cells_kobj,
				   "%u", id);
	if (err) {
		kobject_put(&cell->kobj);
		return err;
	}
	kobject_uevent(&cell->kobj, KOBJ_ADD);
	jh.root_cell = cell;
	return 0;
}

/* Waits for running show() calls, so never call it under jh_hc_lock. */
void jh_cell_remove(void)
{
	if (!jh.root_cell)
		return;
	kobject_del(&jh.root_cell->kobj);
	kobject_put(&jh.root_cell->kobj);
	jh.root_cell = NULL;
}

int jh_sysfs_init(void)
{
	int err;

	jh_root_dev = root_device_register("jailhouse");
	if (IS_ERR(jh_root_dev))
		return PTR_ERR(jh_root_dev);
	err = sysfs_create_group(&jh_root_dev->kobj, &jh_root_group);
	if (err)
		goto unregister;
	jh_cells_kobj = kobject_create_and_add("cells", &jh_root_dev->kobj);
	if (!jh_cells_kobj) {
		err = -ENOMEM;
		goto remove_group;
	}
	return 0;

remove_group:
	sysfs_remove_group(&jh_root_dev->kobj, &jh_root_group);
unregister:
	root_device_unregister(jh_root_dev);
	return err;
}

void jh_sysfs_exit(void)
{
	jh_cell_remove();
	kobject_put(jh_cells_kobj);
	sysfs_remove_group(&jh_root_dev->kobj, &jh_root_group);
	root_device_unregister(jh_root_dev);
}
