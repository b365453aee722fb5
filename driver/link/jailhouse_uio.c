// SPDX-License-Identifier: GPL-2.0
/*
 * jailhouse_uio.ko: one /dev/uioN per inter-cell link of the cell it runs
 * in (root or a Linux cell alike), named after the link, for user-space
 * drivers. Links whose name starts with "net" belong to jailhouse_net.ko
 * and are left alone unless net_links=1. Maps (mmap offset N * page size):
 *   0 registers      the 4 KiB register page, uncached (Device memory)
 *   1 state          the state table, read-only
 *   2 rw             the R/W section
 *   3 output         this cell's own output section
 *   4 outputs        the whole output area (every peer's output section,
 *                    peer P at P * out_size), read-only
 * All but the registers are normal cacheable memory, as the hypervisor
 * maps them. uio's sysfs lists maps up to the first empty one: with
 * rw_size 0 maps 3 and 4 are not listed there (but can be mapped).
 * The doorbell: write 1 to /dev/uioN to enable it (INT_CTRL), 0 to
 * disable; read() counts doorbells as usual for uio.
 */
#include <linux/module.h>
#include <linux/mm.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/uio_driver.h>
#include <linux/version.h>
#include "jh_link.h"

static bool net_links;
module_param(net_links, bool, 0444);
MODULE_PARM_DESC(net_links, "also expose links named net* (jailhouse_net's)");

enum { JH_UIO_REGS, JH_UIO_STATE, JH_UIO_RW, JH_UIO_OWN, JH_UIO_OUTPUTS };

struct jh_uio {
	struct jh_link link;
	struct platform_device *pdev;
	struct uio_info info;
	bool registered;
};

static struct jh_uio *jh_uio_devs[JH_LINK_INDEX_LIMIT];

static irqreturn_t jh_uio_handler(int irq, struct uio_info *info)
{
	/* An edge doorbell: nothing to acknowledge at the link. */
	return IRQ_HANDLED;
}

static int jh_uio_irqcontrol(struct uio_info *info, s32 on)
{
	struct jh_uio *dev = info->priv;

	jh_link_wr(&dev->link, JH_LINK_REG_INT_CTRL,
		   on ? JH_LINK_INT_ENABLE : 0);
	return 0;
}

static bool jh_uio_map_readonly(unsigned int map)
{
	return map == JH_UIO_STATE || map == JH_UIO_OUTPUTS;
}

/*
 * Every map goes through here, so its attributes do not depend on what
 * uio does with a memtype: registers Device memory, the rest the default
 * (normal cacheable) like the hypervisor's and the kernel's mappings.
 * uio itself cannot make a map read-only; a write to a read-only part of
 * the link is a stage-2 fault that fails the writing cell, so refuse
 * writable mappings of those here.
 */
static int jh_uio_mmap(struct uio_info *info, struct vm_area_struct *vma)
{
	unsigned int map = vma->vm_pgoff;
	struct uio_mem *mem = &info->mem[map];
	pgprot_t prot = vma->vm_page_prot;

	if (jh_uio_map_readonly(map)) {
		if (vma->vm_flags & VM_WRITE)
			return -EPERM;
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
		vm_flags_clear(vma, VM_MAYWRITE);
#else
		vma->vm_flags &= ~VM_MAYWRITE;
#endif
	}
	if (mem->memtype == UIO_MEM_PHYS)
		prot = pgprot_noncached(prot);
	return remap_pfn_range(vma, vma->vm_start, mem->addr >> PAGE_SHIFT,
			       vma->vm_end - vma->vm_start, prot);
}

static void jh_uio_set_map(struct jh_uio *dev, unsigned int map,
			   const char *name, phys_addr_t addr, u64 size,
			   int memtype)
{
	struct uio_mem *mem = &dev->info.mem[map];

	mem->name = name;
	mem->addr = addr;
	mem->size = size;
	mem->memtype = memtype;
}

static void jh_uio_set_maps(struct jh_uio *dev)
{
	struct jh_link *l = &dev->link;
	phys_addr_t out0 = l->shm_phys + jh_link_out_offset(l->rw_size,
							      l->out_size, 0);

	jh_uio_set_map(dev, JH_UIO_REGS, "registers", l->reg_phys,
		       JH_LINK_REG_SIZE, UIO_MEM_PHYS);
	/* Memory, not registers; jh_uio_mmap() maps it cacheable. */
	jh_uio_set_map(dev, JH_UIO_STATE, "state", l->shm_phys,
		       JH_LINK_STATE_SIZE, UIO_MEM_IOVA);
	jh_uio_set_map(dev, JH_UIO_RW, "rw",
		       l->shm_phys + jh_link_rw_offset(), l->rw_size,
		       UIO_MEM_IOVA);
	jh_uio_set_map(dev, JH_UIO_OWN, "output",
		       out0 + (u64)l->id * l->out_size, l->out_size,
		       UIO_MEM_IOVA);
	jh_uio_set_map(dev, JH_UIO_OUTPUTS, "outputs", out0,
		       (u64)l->max_peers * l->out_size, UIO_MEM_IOVA);
}

static int jh_uio_register(struct jh_uio *dev)
{
	struct jh_link *l = &dev->link;
	int err;

	dev->pdev = platform_device_register_simple("jailhouse-uio", l->index,
						    NULL, 0);
	if (IS_ERR(dev->pdev)) {
		err = PTR_ERR(dev->pdev);
		dev->pdev = NULL;
		pr_err("jailhouse_uio: link %s: no device: %d\n", l->name, err);
		return err;
	}
	dev->info.name = l->name;
	dev->info.version = "1";
	dev->info.irq = l->irq;
	dev->info.handler = jh_uio_handler;
	dev->info.irqcontrol = jh_uio_irqcontrol;
	dev->info.mmap = jh_uio_mmap;
	dev->info.priv = dev;
	jh_uio_set_maps(dev);
	err = uio_register_device(&dev->pdev->dev, &dev->info);
	if (err) {
		pr_err("jailhouse_uio: link %s: uio registration failed: %d\n",
		       l->name, err);
		return err;
	}
	dev->registered = true;
	return 0;
}

static void jh_uio_free(struct jh_uio *dev)
{
	if (dev->registered) {
		uio_unregister_device(&dev->info);
		jh_link_wr(&dev->link, JH_LINK_REG_INT_CTRL, 0);
	}
	if (dev->pdev)
		platform_device_unregister(dev->pdev);
	jh_link_close(&dev->link);
	kfree(dev);
}

static bool jh_uio_wanted(struct jh_link *link)
{
	return net_links || strncmp(link->name, "net", 3);
}

/* Link @index: 0 when set up or skipped, -ENOENT past the last. */
static int jh_uio_add(unsigned int index)
{
	struct jh_uio *dev;
	int err;

	dev = kzalloc(sizeof(*dev), GFP_KERNEL);
	if (!dev)
		return -ENOMEM;
	err = jh_link_open(&dev->link, index);
	if (!err && !jh_uio_wanted(&dev->link))
		err = 1;
	if (!err)
		err = jh_link_map_irq(&dev->link);
	if (!err)
		err = jh_uio_register(dev);
	if (err) {
		jh_uio_free(dev);
		return err > 0 ? 0 : err;
	}
	jh_uio_devs[index] = dev;
	pr_info("jailhouse_uio: link %s: peer %u of %u, irq %u\n",
		dev->link.name, dev->link.id, dev->link.max_peers,
		dev->link.intid);
	return 0;
}

static void jh_uio_remove_all(void)
{
	unsigned int n;

	for (n = 0; n < JH_LINK_INDEX_LIMIT; n++) {
		if (jh_uio_devs[n])
			jh_uio_free(jh_uio_devs[n]);
		jh_uio_devs[n] = NULL;
	}
}

static int __init jh_uio_init(void)
{
	unsigned int n;
	int err = 0;

	for (n = 0; n < JH_LINK_INDEX_LIMIT && !err; n++)
		err = jh_uio_add(n);
	if (err == -ENOENT)
		return 0;
	if (!err)
		pr_err("jailhouse_uio: more than %u links\n",
		       JH_LINK_INDEX_LIMIT);
	else if (err == -ENODEV)
		pr_err("jailhouse_uio: no Jailhouse hypervisor (enable it first)\n");
	jh_uio_remove_all();
	return err ? err : -E2BIG;
}

static void __exit jh_uio_exit(void)
{
	jh_uio_remove_all();
}

module_init(jh_uio_init);
module_exit(jh_uio_exit);
MODULE_DESCRIPTION("Jailhouse inter-cell links as uio devices");
MODULE_LICENSE("GPL");
