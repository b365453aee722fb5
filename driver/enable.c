// SPDX-License-Identifier: GPL-2.0
/*
 * JH_IOCTL_ENABLE: check the machine, the system config and the hypervisor
 * image, lay the hypervisor out in its memory region (see the layout in
 * <jailhouse/header.h>), then enter it on each CPU. Every refusal before
 * the first CPU enters leaves no trace.
 */
#include <linux/ktime.h>
#include <linux/cpu.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <jailhouse/ioctl.h>
#include "driver.h"

/* Pages the page pool must have at least, after the config copy. */
#define JH_MIN_POOL_PAGES	16

struct jh_layout {
	u32 max_cpus;
	u64 config_offset;
	u64 used;		/* bytes written and cleaned, page aligned */
};

static struct jh_system_config *jh_config_load(const void __user *arg,
					       size_t *size)
{
	struct jh_system_config *cfg;
	struct jh_ioctl_buf req;
	int err;

	if (copy_from_user(&req, arg, sizeof(req)))
		return ERR_PTR(-EFAULT);
	if (req.size > JH_CONFIG_MAX_SIZE)
		return ERR_PTR(jh_refuse(-EINVAL,
			"config is %llu bytes, more than the %u-byte limit; hint: pass the compiled system config",
			req.size, JH_CONFIG_MAX_SIZE));
	cfg = vmalloc(req.size ? req.size : 1);
	if (!cfg)
		return ERR_PTR(-ENOMEM);
	if (copy_from_user(cfg, u64_to_user_ptr(req.addr), req.size)) {
		vfree(cfg);
		return ERR_PTR(-EFAULT);
	}
	err = jh_config_check(cfg, req.size);
	if (err) {
		vfree(cfg);
		return ERR_PTR(err);
	}
	*size = req.size;
	return cfg;
}

static const struct firmware *jh_image_load(void)
{
	const struct firmware *fw;
	int err;

	err = firmware_request_nowarn(&fw, JH_FIRMWARE_NAME, jh_root_dev);
	if (err == -ENOENT)
		return ERR_PTR(jh_refuse(-ENOENT,
			"hypervisor image /lib/firmware/%s not found; hint: install jailhouse.bin (make hypervisor) into /lib/firmware",
			JH_FIRMWARE_NAME));
	if (err)
		return ERR_PTR(jh_refuse(err,
			"cannot load /lib/firmware/%s (error %d); hint: check the file",
			JH_FIRMWARE_NAME, err));
	err = jh_image_check(fw);
	if (err) {
		release_firmware(fw);
		return ERR_PTR(err);
	}
	return fw;
}

static int jh_plan(struct jh_layout *l, const struct jh_hv_header *h,
		   const struct jh_memory_region *hv, size_t cfg_size)
{
	u64 need;

	l->max_cpus = nr_cpu_ids;
	l->config_offset = ALIGN(h->core_size + l->max_cpus * h->percpu_size,
				 JH_PAGE_SIZE);
	l->used = ALIGN(l->config_offset + cfg_size, JH_PAGE_SIZE);
	need = l->used + JH_MIN_POOL_PAGES * JH_PAGE_SIZE;
	if (need > hv->size)
		return jh_refuse(-ENOMEM,
				 "hypervisor memory is %#llx bytes, needs at least %#llx (core %#llx + %u CPUs x %#llx + config %#zx + %u pool pages); hint: enlarge hypervisor_memory in the system config",
				 hv->size, need, h->core_size, l->max_cpus,
				 h->percpu_size, cfg_size, JH_MIN_POOL_PAGES);
	return 0;
}

/* Copy image and config into place and clean them to PoC (EL2 starts with
 * caches off). The ring is mapped here so a refusal printed by the
 * hypervisor stays readable.
 */
static int jh_install(const struct jh_layout *l, const struct firmware *fw,
		      const struct jh_system_config *cfg, size_t cfg_size)
{
	const struct jh_hv_header *src = (const void *)fw->data;
	phys_addr_t phys = cfg->sys.hypervisor_memory.phys_start;
	struct jh_hv_header *hdr;
	void *mem;

	mem = memremap(phys, l->used, MEMREMAP_WB);
	if (!mem)
		return jh_refuse(-ENOMEM,
				 "cannot map hypervisor memory at %pa; hint: check hypervisor_memory in the system config",
				 &phys);
	memcpy(mem, fw->data, fw->size);
	memset(mem + fw->size, 0, l->config_offset - fw->size);
	hdr = mem;
	hdr->max_cpus = l->max_cpus;
	hdr->config_offset = l->config_offset;
	memcpy(mem + l->config_offset, cfg, cfg_size);
	memset(mem + l->config_offset + cfg_size, 0,
	       l->used - l->config_offset - cfg_size);
	jh_clean_dcache_poc(mem, l->used);
	memunmap(mem);

	return jh_console_map(phys + src->console_offset, src->console_size);
}

static int jh_start(const struct jh_system_config *cfg,
		    const struct jh_hv_header *h)
{
	phys_addr_t phys = cfg->sys.hypervisor_memory.phys_start;
	int err;

	cpus_read_lock();
	err = jh_config_check_cpus(&cfg->root_cell);
	if (!err) {
		mutex_lock(&jh_hc_lock);
		err = jh_enter_cpus(phys, h->entry_offset);
		if (!err)
			WRITE_ONCE(jh.enabled, true);
		mutex_unlock(&jh_hc_lock);
	}
	cpus_read_unlock();
	return err;
}

int jh_cmd_enable(const void __user *arg)
{
	const struct firmware *fw = NULL;
	struct jh_system_config *cfg;
	struct jh_layout layout;
	size_t cfg_size;
	u64 t0 = ktime_get_ns(), t1;
	int err;

	if (jh.enabled)
		return jh_refuse(-EALREADY,
				 "hypervisor is already enabled; hint: run jailhouse disable first");
	err = jh_el2_check();
	if (err)
		return err;
	cfg = jh_config_load(arg, &cfg_size);
	if (IS_ERR(cfg))
		return PTR_ERR(cfg);
	fw = jh_image_load();
	if (IS_ERR(fw)) {
		err = PTR_ERR(fw);
		goto out;
	}
	err = jh_plan(&layout, (const void *)fw->data,
		      &cfg->sys.hypervisor_memory, cfg_size);
	if (err)
		goto out_fw;
	/* Pin the module: its text must outlive the hypervisor's use of it. */
	if (!try_module_get(THIS_MODULE)) {
		err = -ENODEV;
		goto out_fw;
	}
	err = jh_install(&layout, fw, cfg, cfg_size);
	t1 = ktime_get_ns();
	if (!err)
		err = jh_start(cfg, (const void *)fw->data);
	if (err) {
		module_put(THIS_MODULE);
		goto out_fw;
	}

	jh.fw = fw;
	jh.hv_phys = cfg->sys.hypervisor_memory.phys_start;
	jh.hv_size = cfg->sys.hypervisor_memory.size;
	if (jh_cell_add(&cfg->root_cell, 0))
		pr_warn("jailhouse: cannot create /sys/devices/jailhouse/cells/0\n");
	/* Under QEMU -icount these times are deterministic (make bench). */
	pr_info("jailhouse: hypervisor enabled on CPUs %*pbl, root cell \"%s\" (%llu us, EL2 entry %llu us)\n",
		cpumask_pr_args(cpu_online_mask), cfg->root_cell.name,
		(ktime_get_ns() - t0) / 1000, (ktime_get_ns() - t1) / 1000);
	jh_config_keep(cfg);
	return 0;

out_fw:
	release_firmware(fw);
out:
	vfree(cfg);
	return err;
}
