// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/devices/jailhouse: enabled, mem_pool_size, mem_pool_used,
 * last_error, and cells/<id>/ for each cell: name, state, cpus_assigned,
 * cpus_assigned_list, cpus_failed, cpus_failed_list and statistics/ (exit
 * counters summed over the cell's CPUs, and per CPU in statistics/cpu<N>/);
 * console, for a cell with an emulated UART: what the cell wrote to it,
 * read from the cell's console ring at the file offset (an absolute ring
 * position; a reader that fell behind by more than the ring continues at
 * the oldest byte still there).
 * Values that come from the hypervisor are fetched by hypercall under
 * jh_hc_lock, never under jh_lock (see driver.h).
 */
#include <linux/build_bug.h>
#include <linux/device.h>
#include <linux/err.h>
#include <linux/io.h>
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

struct jh_stats_dir {
	struct kobject kobj;
	struct jh_cell *cell;	/* kept alive by the parent reference */
	int cpu;		/* -1: sum over the cell's CPUs */
};

static struct jh_cell *to_cell(struct kobject *kobj)
{
	return container_of(kobj, struct jh_cell, kobj);
}

static ssize_t name_show(struct kobject *kobj, struct kobj_attribute *attr,
			 char *buf)
{
	return sysfs_emit(buf, "%s\n", to_cell(kobj)->name);
}

static const char *const jh_state_names[] = {
	[JH_CELL_STATE_RUNNING] = "running",
	[JH_CELL_STATE_RUNNING_LOCKED] = "running/locked",
	[JH_CELL_STATE_SHUT_DOWN] = "shut down",
	[JH_CELL_STATE_FAILED] = "failed",
};

static ssize_t state_show(struct kobject *kobj, struct kobj_attribute *attr,
			  char *buf)
{
	struct jh_cell *cell = to_cell(kobj);
	long state = -ENODEV;

	/* The root cell runs whenever anyone can read this. */
	if (cell->id == 0)
		return sysfs_emit(buf, "%s\n",
				  jh_state_names[JH_CELL_STATE_RUNNING]);
	mutex_lock(&jh_hc_lock);
	if (jh.enabled)
		state = jh_hc_value(jh_hypercall(JH_HC_CELL_GET_STATE,
						 cell->id, 0));
	mutex_unlock(&jh_hc_lock);
	if (state < 0)
		return state;
	if ((unsigned long)state < ARRAY_SIZE(jh_state_names))
		return sysfs_emit(buf, "%s\n", jh_state_names[state]);
	return sysfs_emit(buf, "unknown (%ld)\n", state);
}

/* The root cell's mask changes under jh_hc_lock: copy it under it. */
static void jh_cell_cpus_get(struct jh_cell *cell, struct cpumask *mask)
{
	mutex_lock(&jh_hc_lock);
	cpumask_copy(mask, &cell->cpus);
	mutex_unlock(&jh_hc_lock);
}

static ssize_t cpus_assigned_show(struct kobject *kobj,
				  struct kobj_attribute *attr, char *buf)
{
	cpumask_t cpus;

	jh_cell_cpus_get(to_cell(kobj), &cpus);
	return sysfs_emit(buf, "%*pb\n", cpumask_pr_args(&cpus));
}

static ssize_t cpus_assigned_list_show(struct kobject *kobj,
				       struct kobj_attribute *attr, char *buf)
{
	cpumask_t cpus;

	jh_cell_cpus_get(to_cell(kobj), &cpus);
	return sysfs_emit(buf, "%*pbl\n", cpumask_pr_args(&cpus));
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

/* ---- cells/<id>/console ---- */

static ssize_t jh_cell_console_read(struct file *file, struct kobject *kobj,
				    struct bin_attribute *attr, char *buf,
				    loff_t off, size_t count)
{
	const struct jh_console_ring *ring = to_cell(kobj)->console_map;
	u32 size = READ_ONCE(ring->size);
	u64 pos = off;

	if (!size || size > JH_CELL_CONSOLE_SIZE - sizeof(*ring))
		return -EIO;
	return jh_ring_read(ring, size, buf, count, &pos);
}

/* Size 0: no end; a reader stops when it has caught up with the cell. */
static struct bin_attribute jh_cell_console_attr = {
	.attr = { .name = "console", .mode = 0444 },
	.read = jh_cell_console_read,
};

/*
 * The hypervisor maps the ring read-only into root while the cell
 * exists; cells without an emulated UART have none (-ENODEV).
 */
int jh_cell_console_add(struct jh_cell *cell)
{
	long phys;
	int err;

	mutex_lock(&jh_hc_lock);
	phys = jh_hypercall(JH_HC_CELL_GET_CONSOLE, cell->id, 0);
	mutex_unlock(&jh_hc_lock);
	if (phys == -ENODEV)
		return 0;
	if (phys < 0)
		return jh_refuse(jh_hc_result(phys),
				 "cell \"%s\": no console ring (error %ld)",
				 cell->name, phys);
	cell->console_map = memremap(phys, JH_CELL_CONSOLE_SIZE, MEMREMAP_WB);
	if (!cell->console_map)
		return jh_refuse(-ENOMEM,
				 "cell \"%s\": cannot map its console ring at 0x%lx",
				 cell->name, phys);
	err = sysfs_create_bin_file(&cell->kobj, &jh_cell_console_attr);
	if (err) {
		memunmap(cell->console_map);
		cell->console_map = NULL;
		return jh_refuse(err, "cell \"%s\": cannot create cells/%u/console",
				 cell->name, cell->id);
	}
	cell->console_file = true;
	return 0;
}

/*
 * Before the hypervisor takes the ring away (destroy): removing the file
 * waits for running reads, so none can touch the unmapped ring.
 */
void jh_cell_console_remove(struct jh_cell *cell)
{
	if (cell->console_file)
		sysfs_remove_bin_file(&cell->kobj, &jh_cell_console_attr);
	cell->console_file = false;
	if (cell->console_map)
		memunmap(cell->console_map);
	cell->console_map = NULL;
}

static void jh_cell_release(struct kobject *kobj)
{
	struct jh_cell *cell = to_cell(kobj);

	kfree(cell->config);
	kfree(cell->cpu_stats);
	kfree(cell);
}

static const struct kobj_type jh_cell_ktype = {
	.release = jh_cell_release,
	.sysfs_ops = &kobj_sysfs_ops,
	.default_groups = jh_cell_groups,
};

/* ---- cells/<id>/statistics/ and statistics/cpu<N>/ ---- */

struct jh_stat_attr {
	struct kobj_attribute kattr;
	unsigned int index;		/* JH_CPU_STAT_* */
};

/* Counters are full 64-bit values: only a negative result is an error. */
static int jh_read_stat(unsigned int cpu, unsigned int index, u64 *val)
{
	long ret = jh_hypercall(JH_HC_CPU_GET_INFO, cpu,
				JH_CPU_INFO_STAT_BASE + index);

	if (ret < 0)
		return jh_hc_result(ret);
	*val = ret;
	return 0;
}

static ssize_t jh_stat_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	struct jh_stats_dir *dir = container_of(kobj, struct jh_stats_dir,
						kobj);
	unsigned int index = container_of(attr, struct jh_stat_attr,
					  kattr)->index;
	unsigned int cpu;
	u64 sum = 0, val;
	int err = 0;

	mutex_lock(&jh_hc_lock);
	if (!jh.enabled) {
		err = -ENODEV;
	} else if (dir->cpu >= 0) {
		err = jh_read_stat(dir->cpu, index, &sum);
	} else {
		for_each_cpu(cpu, &dir->cell->cpus) {
			err = jh_read_stat(cpu, index, &val);
			if (err)
				break;
			sum += val;
		}
	}
	mutex_unlock(&jh_hc_lock);
	return err ? err : sysfs_emit(buf, "%llu\n", sum);
}

#define JH_STAT_ATTR(_name, _index)					\
	static struct jh_stat_attr jh_stat_##_name = {			\
		.kattr = __ATTR(_name, 0444, jh_stat_show, NULL),	\
		.index = _index,					\
	}

JH_STAT_ATTR(exits_total, JH_CPU_STAT_EXITS_TOTAL);
JH_STAT_ATTR(exits_hvc, JH_CPU_STAT_EXITS_HVC);
JH_STAT_ATTR(exits_smc, JH_CPU_STAT_EXITS_SMC);
JH_STAT_ATTR(exits_psci, JH_CPU_STAT_EXITS_PSCI);
JH_STAT_ATTR(exits_mmio, JH_CPU_STAT_EXITS_MMIO);
JH_STAT_ATTR(exits_sysreg, JH_CPU_STAT_EXITS_SYSREG);
JH_STAT_ATTR(exits_irq, JH_CPU_STAT_EXITS_IRQ);
JH_STAT_ATTR(exits_other, JH_CPU_STAT_EXITS_OTHER);
JH_STAT_ATTR(exits_maintenance, JH_CPU_STAT_EXITS_MAINTENANCE);
JH_STAT_ATTR(exits_sgi, JH_CPU_STAT_EXITS_SGI);
JH_STAT_ATTR(irqs_foreign, JH_CPU_STAT_IRQS_FOREIGN);
JH_STAT_ATTR(doorbells_dropped, JH_CPU_STAT_DOORBELLS_DROPPED);

static struct attribute *jh_stats_attrs[] = {
	&jh_stat_exits_total.kattr.attr,
	&jh_stat_exits_hvc.kattr.attr,
	&jh_stat_exits_smc.kattr.attr,
	&jh_stat_exits_psci.kattr.attr,
	&jh_stat_exits_mmio.kattr.attr,
	&jh_stat_exits_sysreg.kattr.attr,
	&jh_stat_exits_irq.kattr.attr,
	&jh_stat_exits_other.kattr.attr,
	&jh_stat_exits_maintenance.kattr.attr,
	&jh_stat_exits_sgi.kattr.attr,
	&jh_stat_irqs_foreign.kattr.attr,
	&jh_stat_doorbells_dropped.kattr.attr,
	NULL,
};
ATTRIBUTE_GROUPS(jh_stats);

static_assert(ARRAY_SIZE(jh_stats_attrs) == JH_CPU_STAT_COUNT + 1);

static void jh_stats_release(struct kobject *kobj)
{
	kfree(container_of(kobj, struct jh_stats_dir, kobj));
}

static const struct kobj_type jh_stats_ktype = {
	.release = jh_stats_release,
	.sysfs_ops = &kobj_sysfs_ops,
	.default_groups = jh_stats_groups,
};

static struct jh_stats_dir *jh_stats_dir_add(struct jh_cell *cell, int cpu,
					     struct kobject *parent)
{
	struct jh_stats_dir *dir = kzalloc(sizeof(*dir), GFP_KERNEL);
	int err;

	if (!dir)
		return ERR_PTR(-ENOMEM);
	dir->cell = cell;
	dir->cpu = cpu;
	if (cpu < 0)
		err = kobject_init_and_add(&dir->kobj, &jh_stats_ktype, parent,
					   "statistics");
	else
		err = kobject_init_and_add(&dir->kobj, &jh_stats_ktype, parent,
					   "cpu%d", cpu);
	if (err) {
		kobject_put(&dir->kobj);
		return ERR_PTR(err);
	}
	return dir;
}

/* Waits for running show() calls: never under jh_hc_lock. */
static void jh_stats_dir_del(struct jh_stats_dir *dir)
{
	kobject_del(&dir->kobj);
	kobject_put(&dir->kobj);
}

/*
 * Make statistics/cpu<N> match the cell's CPUs (the root cell's change as
 * cells come and go). Called under jh_lock, which guards cell->cpus
 * against writers. Returns the first error; the other CPUs are still done.
 */
int jh_cell_sync_cpu_stats(struct jh_cell *cell)
{
	struct jh_stats_dir *dir;
	unsigned int cpu;
	int err = 0;

	if (!cell->stats)
		return 0;
	for (cpu = 0; cpu < nr_cpu_ids; cpu++) {
		bool want = cpumask_test_cpu(cpu, &cell->cpus);

		if (!want && cell->cpu_stats[cpu]) {
			jh_stats_dir_del(cell->cpu_stats[cpu]);
			cell->cpu_stats[cpu] = NULL;
		} else if (want && !cell->cpu_stats[cpu]) {
			dir = jh_stats_dir_add(cell, cpu, &cell->stats->kobj);
			if (IS_ERR(dir)) {
				err = err ?: PTR_ERR(dir);
				continue;
			}
			cell->cpu_stats[cpu] = dir;
		}
	}
	return err;
}

static void jh_cell_cpus_from_desc(struct cpumask *mask,
				   const struct jh_cell_desc *desc)
{
	unsigned int cpu;

	cpumask_clear(mask);
	for (cpu = 0; cpu < JH_MAX_CPUS && cpu < nr_cpu_ids; cpu++)
		if (desc->cpus[cpu / 64] & (1ULL << (cpu % 64)))
			cpumask_set_cpu(cpu, mask);
}

/* A cell object, not yet in sysfs. Free it with jh_cell_free(). */
struct jh_cell *jh_cell_new(const struct jh_cell_desc *desc, unsigned int id)
{
	struct jh_cell *cell = kzalloc(sizeof(*cell), GFP_KERNEL);

	if (!cell)
		return NULL;
	cell->cpu_stats = kcalloc(nr_cpu_ids, sizeof(*cell->cpu_stats),
				  GFP_KERNEL);
	if (!cell->cpu_stats) {
		kfree(cell);
		return NULL;
	}
	kobject_init(&cell->kobj, &jh_cell_ktype);
	INIT_LIST_HEAD(&cell->entry);
	cell->id = id;
	strscpy(cell->name, desc->name, sizeof(cell->name));
	jh_cell_cpus_from_desc(&cell->cpus, desc);
	return cell;
}

static void jh_cell_unpublish(struct jh_cell *cell)
{
	unsigned int cpu;

	for (cpu = 0; cpu < nr_cpu_ids; cpu++) {
		if (cell->cpu_stats[cpu])
			jh_stats_dir_del(cell->cpu_stats[cpu]);
		cell->cpu_stats[cpu] = NULL;
	}
	if (cell->stats)
		jh_stats_dir_del(cell->stats);
	cell->stats = NULL;
	if (cell->published) {
		/* Before kobject_del: afterwards the event has no path. */
		if (cell->kobj.state_add_uevent_sent)
			kobject_uevent(&cell->kobj, KOBJ_REMOVE);
		kobject_del(&cell->kobj);
	}
	cell->published = false;
}

/* Create cells/<id>/ with its statistics. On error nothing is left in sysfs. */
int jh_cell_publish(struct jh_cell *cell)
{
	struct jh_stats_dir *stats;
	int err;

	err = kobject_add(&cell->kobj, jh_cells_kobj, "%u", cell->id);
	if (err)
		return err;
	cell->published = true;
	stats = jh_stats_dir_add(cell, -1, &cell->kobj);
	if (IS_ERR(stats)) {
		err = PTR_ERR(stats);
		goto fail;
	}
	cell->stats = stats;
	err = jh_cell_sync_cpu_stats(cell);
	if (err)
		goto fail;
	kobject_uevent(&cell->kobj, KOBJ_ADD);
	return 0;

fail:
	jh_cell_unpublish(cell);
	return err;
}

/* Remove the cell from sysfs (waiting for readers) and drop it. */
void jh_cell_free(struct jh_cell *cell)
{
	jh_cell_unpublish(cell);
	kobject_put(&cell->kobj);
}

/*
 * The root cell, at enable. Called under jh_lock. The object is kept even
 * if sysfs fails: cell management needs it to track the root's CPUs.
 */
int jh_cell_add(const struct jh_cell_desc *desc, unsigned int id)
{
	struct jh_cell *cell = jh_cell_new(desc, id);

	if (!cell)
		return -ENOMEM;
	jh.root_cell = cell;
	return jh_cell_publish(cell);
}

/* Waits for running show() calls, so never call it under jh_hc_lock. */
void jh_cell_remove(void)
{
	if (!jh.root_cell)
		return;
	jh_cell_free(jh.root_cell);
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
