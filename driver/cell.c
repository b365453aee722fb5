// SPDX-License-Identifier: GPL-2.0
/*
 * Cell management: JH_IOCTL_CELL_CREATE, _LOAD, _START, _SHUTDOWN and
 * _DESTROY (<jailhouse/ioctl.h>, semantics in <jailhouse/hypercall.h>).
 * The hypervisor does the partitioning and checks everything again; the
 * driver refuses early with a precise message, moves CPUs between Linux
 * and the hypervisor (offlined before create, onlined after destroy),
 * copies images into the cell's loadable regions and keeps the sysfs view.
 * Every entry point runs under jh_lock; hypercalls take jh_hc_lock.
 */
#include <linux/cpu.h>
#include <linux/delay.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/mm.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <jailhouse/ioctl.h>
#include "driver.h"
#include "hypercall.h"

#define JH_HINT_CONSOLE		"hint: the hypervisor says why in jailhouse console"

/* Shutdown polling; the hypervisor enforces the cell's own timeout. */
#define JH_SHUTDOWN_POLL_MS	10
#define JH_SHUTDOWN_CAP_MS	60000
#define JH_SHUTDOWN_SLACK_MS	10000

/* Images are copied in pieces so a large one does not hog the CPU. */
#define JH_LOAD_CHUNK		(1UL << 20)

/* Non-root cells, in creation order. Changed under jh_lock only. */
LIST_HEAD(jh_cells);

static long jh_cell_hypercall(unsigned long code, unsigned long arg1,
			      unsigned long arg2)
{
	long ret = -ESRCH;

	mutex_lock(&jh_hc_lock);
	if (jh.enabled)
		ret = jh_mgmt_hypercall(code, arg1, arg2);
	mutex_unlock(&jh_hc_lock);
	return ret;
}

static int jh_require_enabled(void)
{
	if (!jh.enabled || !jh.root_cell)
		return jh_refuse(-ESRCH,
				 "hypervisor is not enabled; hint: run jailhouse enable first");
	return 0;
}

static struct jh_cell *jh_cell_find(unsigned int id)
{
	struct jh_cell *cell;

	list_for_each_entry(cell, &jh_cells, entry)
		if (cell->id == id)
			return cell;
	return NULL;
}

static struct jh_cell *jh_cell_find_name(const char *name)
{
	struct jh_cell *cell;

	if (!strcmp(jh.root_cell->name, name))
		return jh.root_cell;
	list_for_each_entry(cell, &jh_cells, entry)
		if (!strcmp(cell->name, name))
			return cell;
	return NULL;
}

static struct jh_cell *jh_cpu_owner(unsigned int cpu)
{
	struct jh_cell *cell;

	list_for_each_entry(cell, &jh_cells, entry)
		if (cpumask_test_cpu(cpu, &cell->cpus))
			return cell;
	return NULL;
}

/* The non-root cell @id names, or an ERR_PTR after a refusal. */
static struct jh_cell *jh_cell_get(u32 id, const char *action)
{
	struct jh_cell *cell;
	int err = jh_require_enabled();

	if (err)
		return ERR_PTR(err);
	if (id == 0)
		return ERR_PTR(jh_refuse(-EINVAL,
			"the root cell (ID 0) cannot be %s; hint: name a cell made with jailhouse cell create",
			action));
	cell = jh_cell_find(id);
	if (!cell)
		return ERR_PTR(jh_refuse(-ENOENT,
			"no cell with ID %u; hint: see jailhouse cell list",
			id));
	return cell;
}

static struct jh_cell *jh_cell_get_user(const void __user *arg,
					const char *action)
{
	u32 id;

	if (get_user(id, (const u32 __user *)arg))
		return ERR_PTR(-EFAULT);
	return jh_cell_get(id, action);
}

/* ---- create ---- */

/* Name and CPUs: what depends on the cells that exist now. */
static int jh_check_new_cell(const struct jh_cell_desc *desc)
{
	struct jh_cell *other = jh_cell_find_name(desc->name);
	unsigned int cpu, word;
	bool any = false;

	if (other)
		return jh_refuse(-EEXIST,
				 "a cell named \"%s\" already exists (ID %u); hint: destroy it first or rename the cell in its config",
				 desc->name, other->id);
	for (word = 0; word < JH_CPU_SET_WORDS; word++)
		any |= desc->cpus[word] != 0;
	if (!any)
		return jh_refuse(-EINVAL,
				 "cell \"%s\" has no CPUs; hint: give it at least one CPU the root cell can spare",
				 desc->name);
	for (cpu = 0; cpu < JH_MAX_CPUS; cpu++) {
		if (!(desc->cpus[cpu / 64] & (1ULL << (cpu % 64))))
			continue;
		if (cpu >= nr_cpu_ids)
			return jh_refuse(-EINVAL,
					 "cell \"%s\" lists CPU %u, this machine has CPUs 0-%u; hint: fix the cell's cpus",
					 desc->name, cpu, nr_cpu_ids - 1);
		/* The hypervisor refuses it too; do not offline it first. */
		if (cpu == 0)
			return jh_refuse(-EPERM,
					 "cell \"%s\" lists CPU 0, which always stays with the root cell; hint: give the cell other CPUs",
					 desc->name);
		if (cpumask_test_cpu(cpu, &jh.root_cell->cpus))
			continue;
		other = jh_cpu_owner(cpu);
		if (other)
			return jh_refuse(-EBUSY,
					 "CPU %u of cell \"%s\" belongs to cell \"%s\" (ID %u); hint: destroy that cell first or pick other CPUs",
					 cpu, desc->name, other->name, other->id);
		return jh_refuse(-EBUSY,
				 "CPU %u of cell \"%s\" is not owned by the root cell; hint: pick CPUs listed in /sys/devices/jailhouse/cells/0/cpus_assigned_list",
				 cpu, desc->name);
	}
	return 0;
}

/*
 * Memory Linux uses can never go to a cell: the hypervisor cannot tell
 * Linux RAM from spare RAM inside a root region, the driver can. That
 * holds for rootshared regions too: sharing means root keeps its access,
 * not that the cell may read or write root's kernel and page cache.
 */
static int jh_check_linux_ram(const struct jh_cell_desc *desc)
{
	const struct jh_memory_region *r = jh_cell_regions(desc);
	unsigned int n;

	for (n = 0; n < desc->num_memory_regions; n++, r++) {
		if (r->flags & JH_MEM_IO)
			continue;
		if (region_intersects(r->phys_start, r->size,
				      IORESOURCE_SYSTEM_RAM, IORES_DESC_NONE) ==
		    REGION_DISJOINT)
			continue;
		if (r->flags & JH_MEM_ROOTSHARED)
			return jh_refuse(-EADDRINUSE,
					 "cell \"%s\" region %u (%#llx-%#llx) is rootshared but Linux System RAM; hint: shared memory must be RAM Linux does not use (e.g. above mem=), never root's own",
					 desc->name, n, r->phys_start,
					 r->phys_start + r->size - 1);
		return jh_refuse(-EADDRINUSE,
				 "cell \"%s\" region %u (%#llx-%#llx) is Linux System RAM; hint: give cells memory Linux does not use (e.g. above mem=)",
				 desc->name, n, r->phys_start,
				 r->phys_start + r->size - 1);
	}
	return 0;
}

/* Online the CPUs of @cpus again; failures are logged, not fatal. */
static void jh_give_back_cpus(const struct cpumask *cpus)
{
	unsigned int cpu;
	int err;

	for_each_cpu(cpu, cpus) {
		err = add_cpu(cpu);
		if (err)
			pr_warn("jailhouse: cannot bring CPU %u back online (error %d); hint: echo 1 > /sys/devices/system/cpu/cpu%u/online\n",
				cpu, err, cpu);
	}
}

/*
 * Take the cell's CPUs away from Linux. CPUs Linux had offline already
 * are left out of cpus_taken, so they stay offline when the cell goes.
 * On failure the CPUs taken so far come back.
 */
static int jh_take_cpus(struct jh_cell *cell)
{
	unsigned int cpu;
	int ret;

	cpumask_clear(&cell->cpus_taken);
	for_each_cpu(cpu, &cell->cpus) {
		ret = remove_cpu(cpu);
		if (ret < 0) {
			jh_give_back_cpus(&cell->cpus_taken);
			cpumask_clear(&cell->cpus_taken);
			return jh_refuse(-EBUSY,
					 "Linux cannot take CPU %u offline for cell \"%s\" (error %d), nothing changed; hint: Linux refuses to unplug that CPU now (see dmesg), give the cell other CPUs",
					 cpu, cell->name, ret);
		}
		if (ret == 0)
			cpumask_set_cpu(cpu, &cell->cpus_taken);
	}
	return 0;
}

/* Move CPUs between the root cell and @cell; sysfs readers see either. */
static void jh_root_cpus_update(const struct jh_cell *cell, bool to_root)
{
	struct cpumask *root = &jh.root_cell->cpus;

	mutex_lock(&jh_hc_lock);
	if (to_root)
		cpumask_or(root, root, &cell->cpus);
	else
		cpumask_andnot(root, root, &cell->cpus);
	mutex_unlock(&jh_hc_lock);
	if (jh_cell_sync_cpu_stats(jh.root_cell))
		pr_warn("jailhouse: cannot update /sys/devices/jailhouse/cells/0/statistics\n");
}

/*
 * After the hypervisor destroyed @cell (or must forget it): CPUs go back
 * to the root cell and to Linux, the sysfs node goes away.
 */
static void jh_cell_forget(struct jh_cell *cell)
{
	cpumask_t taken;

	jh_cell_console_remove(cell);
	cpumask_copy(&taken, &cell->cpus_taken);
	jh_root_cpus_update(cell, true);
	list_del_init(&cell->entry);
	jh_cell_free(cell);
	jh_give_back_cpus(&taken);
}

static struct jh_cell_config *jh_cell_config_load(const void __user *arg,
						  size_t *size)
{
	struct jh_cell_config *cfg;
	struct jh_ioctl_buf req;
	int err;

	if (copy_from_user(&req, arg, sizeof(req)))
		return ERR_PTR(-EFAULT);
	if (req.size > JH_CONFIG_MAX_SIZE)
		return ERR_PTR(jh_refuse(-EINVAL,
			"cell config is %llu bytes, more than the %u-byte limit; hint: pass the compiled cell config",
			req.size, JH_CONFIG_MAX_SIZE));
	/* kmalloc: physically contiguous, the hypervisor reads it by address. */
	cfg = kmalloc(req.size ? req.size : 1, GFP_KERNEL | __GFP_NOWARN);
	if (!cfg)
		return ERR_PTR(jh_refuse(-ENOMEM,
			"cannot allocate %llu contiguous bytes for the cell config; hint: retry, memory may be fragmented",
			req.size));
	if (copy_from_user(cfg, u64_to_user_ptr(req.addr), req.size)) {
		kfree(cfg);
		return ERR_PTR(-EFAULT);
	}
	err = jh_cell_config_check(cfg, req.size);
	if (!err)
		err = jh_check_new_cell(&cfg->cell);
	if (!err)
		err = jh_check_linux_ram(&cfg->cell);
	if (err) {
		kfree(cfg);
		return ERR_PTR(err);
	}
	*size = req.size;
	return cfg;
}

/* Hand the config to the hypervisor: the new cell ID or a refusal. */
static long jh_cell_create_hc(struct jh_cell_config *cfg, size_t size)
{
	long id;

	/* The hypervisor may read it with caches off: make it visible. */
	jh_clean_dcache_poc(cfg, size);
	id = jh_hc_value(jh_cell_hypercall(JH_HC_CELL_CREATE,
					   virt_to_phys(cfg), size));
	if (id < 0)
		return jh_refuse(id,
				 "hypervisor refused to create cell \"%s\" (error %ld); " JH_HINT_CONSOLE,
				 cfg->cell.name, id);
	if (id == 0 || jh_cell_find(id))
		/* Not destroyed: that ID may be a cell we know. */
		return jh_refuse(-EIO,
				 "hypervisor returned cell ID %ld for \"%s\", which is 0 or in use; hint: hypervisor and driver from different builds?",
				 id, cfg->cell.name);
	return id;
}

int jh_cmd_cell_create(const void __user *arg)
{
	struct jh_cell_config *cfg;
	struct jh_cell *cell;
	size_t size;
	long id;
	int err;

	err = jh_require_enabled();
	if (err)
		return err;
	cfg = jh_cell_config_load(arg, &size);
	if (IS_ERR(cfg))
		return PTR_ERR(cfg);
	cell = jh_cell_new(&cfg->cell, 0);
	if (!cell) {
		kfree(cfg);
		return -ENOMEM;
	}
	cell->config = cfg;		/* freed with the cell */
	err = jh_take_cpus(cell);
	if (err)
		goto out_free;
	id = jh_cell_create_hc(cfg, size);
	if (id < 0) {
		err = id;
		jh_give_back_cpus(&cell->cpus_taken);
		goto out_free;
	}

	cell->id = id;
	list_add_tail(&cell->entry, &jh_cells);
	jh_root_cpus_update(cell, false);
	err = jh_cell_publish(cell);
	if (err) {
		jh_refuse(err,
			  "cannot create /sys/devices/jailhouse/cells/%u (error %d), destroying cell \"%s\" again; hint: low on memory?",
			  cell->id, err, cell->name);
		if (jh_hc_result(jh_cell_hypercall(JH_HC_CELL_DESTROY,
						   cell->id, 0)))
			/* Keep it: the hypervisor still has it. */
			return err;
		jh_cell_forget(cell);
		return err;
	}
	/* Without its console the cell still works: only report it. */
	jh_cell_console_add(cell);
	pr_info("jailhouse: created cell \"%s\" (ID %u) on CPUs %*pbl\n",
		cell->name, cell->id, cpumask_pr_args(&cell->cpus));
	return cell->id;

out_free:
	jh_cell_free(cell);
	return err;
}

/* ---- load ---- */

/* The loadable region of @cell that holds all of @img, or NULL. */
static const struct jh_memory_region *
jh_load_region(const struct jh_cell *cell, const struct jh_ioctl_image *img)
{
	const struct jh_cell_desc *desc = &cell->config->cell;
	const struct jh_memory_region *r = jh_cell_regions(desc);
	unsigned int i;
	u64 off;

	for (i = 0; i < desc->num_memory_regions; i++, r++) {
		if (!(r->flags & JH_MEM_LOADABLE) || img->target < r->virt_start)
			continue;
		off = img->target - r->virt_start;
		if (off < r->size && img->size <= r->size - off)
			return r;
	}
	return NULL;
}

/* "0x0-0xfffff, ..." for a refusal message. */
static void jh_format_loadable(const struct jh_cell *cell, char *buf,
			       size_t len)
{
	const struct jh_cell_desc *desc = &cell->config->cell;
	const struct jh_memory_region *r = jh_cell_regions(desc);
	size_t n = 0;
	unsigned int i;

	buf[0] = '\0';
	for (i = 0; i < desc->num_memory_regions; i++, r++)
		if (r->flags & JH_MEM_LOADABLE)
			n += scnprintf(buf + n, len - n, "%s%#llx-%#llx",
				       n ? ", " : "", r->virt_start,
				       r->virt_start + r->size - 1);
	if (!n)
		strscpy(buf, "none", len);
}

static int jh_check_images(const struct jh_cell *cell,
			   const struct jh_ioctl_image *images,
			   unsigned int count)
{
	char loadable[96];
	unsigned int i;

	for (i = 0; i < count; i++) {
		if (!images[i].size || jh_load_region(cell, &images[i]))
			continue;
		jh_format_loadable(cell, loadable, sizeof(loadable));
		return jh_refuse(-ERANGE,
				 "image %u (%llu bytes at guest address %#llx) does not fit in a loadable region of cell \"%s\" (loadable: %s); hint: fix the load address",
				 i, images[i].size, images[i].target, cell->name,
				 loadable);
	}
	return 0;
}

static int jh_copy_image(const struct jh_cell *cell, unsigned int index,
			 const struct jh_ioctl_image *img)
{
	const struct jh_memory_region *r = jh_load_region(cell, img);
	const u8 __user *src = u64_to_user_ptr(img->source);
	phys_addr_t phys;
	u64 done, n;
	int err = 0;
	u8 *mem;

	if (!img->size)
		return 0;
	phys = r->phys_start + (img->target - r->virt_start);
	mem = memremap(phys, img->size, MEMREMAP_WB);
	if (!mem)
		return jh_refuse(-ENOMEM,
				 "cannot map %llu bytes at %pa for image %u of cell \"%s\"; hint: low on vmalloc space?",
				 img->size, &phys, index, cell->name);
	for (done = 0; done < img->size; done += n) {
		n = min_t(u64, img->size - done, JH_LOAD_CHUNK);
		if (copy_from_user(mem + done, src + done, n)) {
			err = -EFAULT;
			break;
		}
		/* The cell starts with its caches off. */
		jh_clean_dcache_poc(mem + done, n);
		cond_resched();
	}
	memunmap(mem);
	return err;
}

int jh_cmd_cell_load(const void __user *arg)
{
	struct jh_ioctl_image *images;
	struct jh_ioctl_cell_load req;
	struct jh_cell *cell;
	unsigned int i;
	int err;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	cell = jh_cell_get(req.id, "loaded");
	if (IS_ERR(cell))
		return PTR_ERR(cell);
	if (req.num_images > JH_MAX_LOAD_IMAGES)
		return jh_refuse(-EINVAL,
				 "%u images for cell \"%s\", at most %u per load; hint: load fewer images at a time",
				 req.num_images, cell->name, JH_MAX_LOAD_IMAGES);
	images = kcalloc(req.num_images ? req.num_images : 1, sizeof(*images),
			 GFP_KERNEL);
	if (!images)
		return -ENOMEM;
	if (copy_from_user(images, u64_to_user_ptr(req.images),
			   req.num_images * sizeof(*images))) {
		err = -EFAULT;
		goto out;
	}
	/* Refuse before the cell is stopped. */
	err = jh_check_images(cell, images, req.num_images);
	if (err)
		goto out;
	err = jh_hc_result(jh_cell_hypercall(JH_HC_CELL_SET_LOADABLE,
					     cell->id, 0));
	if (err) {
		jh_refuse(err,
			  "hypervisor refused to make cell \"%s\" loadable (error %d); " JH_HINT_CONSOLE,
			  cell->name, err);
		goto out;
	}
	for (i = 0; i < req.num_images && !err; i++)
		err = jh_copy_image(cell, i, &images[i]);
out:
	kfree(images);
	return err;
}

/* ---- start, shutdown, destroy ---- */

int jh_cmd_cell_start(const void __user *arg)
{
	struct jh_cell *cell = jh_cell_get_user(arg, "started");
	int err;

	if (IS_ERR(cell))
		return PTR_ERR(cell);
	err = jh_hc_result(jh_cell_hypercall(JH_HC_CELL_START, cell->id, 0));
	if (err)
		return jh_refuse(err,
				 "hypervisor refused to start cell \"%s\" (ID %u, error %d); " JH_HINT_CONSOLE,
				 cell->name, cell->id, err);
	pr_info("jailhouse: started cell \"%s\" (ID %u)\n", cell->name,
		cell->id);
	return 0;
}

/* Longer than the hypervisor's own limit for this cell, never shorter. */
static unsigned int jh_shutdown_cap_ms(const struct jh_cell *cell)
{
	u64 ms = (u64)cell->config->cell.shutdown_timeout_ms +
		 JH_SHUTDOWN_SLACK_MS;

	ms = max_t(u64, ms, JH_SHUTDOWN_CAP_MS);
	return min_t(u64, ms, UINT_MAX);
}

static int jh_shutdown_result(const struct jh_cell *cell, int err)
{
	switch (err) {
	case 0:
		pr_info("jailhouse: cell \"%s\" (ID %u) shut down\n",
			cell->name, cell->id);
		return 0;
	case -EBUSY:
		return jh_refuse(err,
				 "cell \"%s\" refused to shut down or holds its lock; hint: jailhouse cell destroy stops it without asking",
				 cell->name);
	case -ETIMEDOUT:
		return jh_refuse(err,
				 "cell \"%s\" did not answer the shutdown request in time, it was stopped and marked failed; hint: jailhouse cell destroy",
				 cell->name);
	default:
		return jh_refuse(err,
				 "hypervisor refused to shut down cell \"%s\" (ID %u, error %d); " JH_HINT_CONSOLE,
				 cell->name, cell->id, err);
	}
}

int jh_cmd_cell_shutdown(const void __user *arg)
{
	struct jh_cell *cell = jh_cell_get_user(arg, "shut down");
	unsigned long deadline;
	unsigned int cap_ms;
	long ret;

	if (IS_ERR(cell))
		return PTR_ERR(cell);
	cap_ms = jh_shutdown_cap_ms(cell);
	deadline = jiffies + msecs_to_jiffies(cap_ms);
	/* jh_hc_lock is dropped between calls: sysfs stays readable. */
	while ((ret = jh_cell_hypercall(JH_HC_CELL_SHUTDOWN, cell->id, 0)) ==
	       JH_SHUTDOWN_PENDING) {
		if (time_after(jiffies, deadline))
			return jh_refuse(-ETIMEDOUT,
					 "cell \"%s\" still had not shut down after %u ms (driver limit); hint: jailhouse cell destroy stops it",
					 cell->name, cap_ms);
		/* The request stays posted; a later shutdown picks it up. */
		if (fatal_signal_pending(current))
			return -EINTR;
		msleep(JH_SHUTDOWN_POLL_MS);
	}
	return jh_shutdown_result(cell, jh_hc_result(ret));
}

int jh_cmd_cell_destroy(const void __user *arg)
{
	struct jh_cell *cell = jh_cell_get_user(arg, "destroyed");
	char name[JH_CELL_NAME_LEN];
	unsigned int id;
	int err;

	if (IS_ERR(cell))
		return PTR_ERR(cell);
	/* Its ring leaves root's stage 2 with the cell. */
	jh_cell_console_remove(cell);
	err = jh_hc_result(jh_cell_hypercall(JH_HC_CELL_DESTROY, cell->id,
					     0));
	if (err)
		return jh_refuse(err,
				 "hypervisor refused to destroy cell \"%s\" (ID %u, error %d); " JH_HINT_CONSOLE,
				 cell->name, cell->id, err);
	strscpy(name, cell->name, sizeof(name));
	id = cell->id;
	jh_cell_forget(cell);
	pr_info("jailhouse: destroyed cell \"%s\" (ID %u)\n", name, id);
	return 0;
}
