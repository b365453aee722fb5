/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the link modules share: finding the links of the cell they run in
 * (LINK_INFO hypercall), reading a link's register page and mapping its
 * doorbell SPI to a Linux irq. Inline so that each module stays one
 * object file (Kbuild warns about an object linked into two modules).
 * The ABI is <jailhouse/link.h>, documented in Documentation/links.md.
 */
#ifndef _JH_DRIVER_LINK_H
#define _JH_DRIVER_LINK_H

#include <linux/err.h>
#include <linux/errno.h>
#include <linux/io.h>
#include <linux/irq.h>
#include <linux/irqdomain.h>
#include <linux/of.h>
#include <linux/of_irq.h>
#include <linux/printk.h>
#include <linux/stringify.h>
#include <linux/string.h>
#include <jailhouse/hypercall.h>
#include <jailhouse/link.h>

#define JH_LINK_NAME_MAX	JH_LINK_REG_NAME_LEN
/* More links than a cell can have (JH_MAX_LINKS 16): ends a bad loop. */
#define JH_LINK_INDEX_LIMIT	64

struct jh_link {
	char name[JH_LINK_NAME_MAX + 1];
	unsigned int index;		/* LINK_INFO index */
	phys_addr_t reg_phys;
	void __iomem *regs;
	u32 id;				/* own peer ID */
	u32 max_peers;
	u32 intid;			/* doorbell SPI */
	phys_addr_t shm_phys;
	u64 rw_size;
	u64 out_size;
	u64 total_size;
	int irq;			/* Linux irq of the doorbell */
};

/*
 * hvc #JH_HVC_IMM: arm_smccc_1_1_hvc() always uses immediate 0. The
 * hypervisor may clobber x1-x18; x18 is fixed in the kernel, so saved.
 */
static inline long jh_link_hvc(unsigned long code, unsigned long arg)
{
	register unsigned long x0 asm("x0") = code;
	register unsigned long x1 asm("x1") = arg;

	asm volatile("str	x18, [sp, #-16]!\n\t"
		     "hvc	#" __stringify(JH_HVC_IMM) "\n\t"
		     "ldr	x18, [sp], #16"
		     : "+r" (x0), "+r" (x1)
		     :
		     : "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10",
		       "x11", "x12", "x13", "x14", "x15", "x16", "x17",
		       "memory", "cc");
	return (long)x0;
}

/*
 * An hvc is only safe from EL1 with EL2 implemented: at EL2 (VHE) it
 * would enter the kernel's own vectors, without EL2 it is undefined.
 * Whatever sits at EL2 (the hypervisor, Linux's hyp stub) answers it.
 */
static inline bool jh_link_hvc_safe(void)
{
	unsigned long el, pfr0;

	asm volatile("mrs %0, CurrentEL" : "=r" (el));
	asm volatile("mrs %0, id_aa64pfr0_el1" : "=r" (pfr0));
	return ((el >> 2) & 3) == 1 && ((pfr0 >> 8) & 0xf) != 0;
}

/*
 * LINK_INFO(index): the register page IPA, -ENOENT past the last link,
 * -ENODEV when no Jailhouse hypervisor answered: the hyp stub returns
 * HVC_STUB_ERR (not page aligned), KVM's nVHE host call -1 (an errno
 * LINK_INFO never returns: it is allowed for every cell).
 */
static inline long jh_link_info(unsigned int index, phys_addr_t *reg)
{
	long ret;

	if (!jh_link_hvc_safe())
		return -ENODEV;
	ret = jh_link_hvc(JH_HC_LINK_INFO, index);
	if (ret == -ENOENT)
		return ret;
	if (ret <= 0 || (ret & (JH_LINK_REG_SIZE - 1)))
		return -ENODEV;
	*reg = ret;
	return 0;
}

static inline u32 jh_link_rd(struct jh_link *link, unsigned int reg)
{
	return readl(link->regs + reg);
}

static inline void jh_link_wr(struct jh_link *link, unsigned int reg, u32 val)
{
	writel(val, link->regs + reg);
}

/* The name register, read 32 bits at a time (the only access allowed). */
static inline void jh_link_read_name(struct jh_link *link)
{
	unsigned int n;
	u32 word;

	for (n = 0; n < JH_LINK_NAME_MAX; n += 4) {
		word = jh_link_rd(link, JH_LINK_REG_NAME + n);
		memcpy(link->name + n, &word, 4);
	}
	link->name[JH_LINK_NAME_MAX] = 0;
}

static inline bool jh_link_page_multiple(u64 size)
{
	return !(size & (JH_LINK_REG_SIZE - 1));
}

/* Registers the hypervisor wrote: still checked, a bad value is a bug. */
static inline int jh_link_check(struct jh_link *link)
{
	if (link->max_peers < 2 || link->max_peers > JH_LINK_MAX_PEERS ||
	    link->id >= link->max_peers || link->intid < 32 ||
	    link->intid > 1019 || !jh_link_page_multiple(link->shm_phys) ||
	    !jh_link_page_multiple(link->rw_size) ||
	    !jh_link_page_multiple(link->out_size) || !link->name[0]) {
		pr_err("jailhouse link %u: inconsistent registers (id %u of %u, irq %u)\n",
		       link->index, link->id, link->max_peers, link->intid);
		return -EINVAL;
	}
	return 0;
}

static inline void jh_link_read_regs(struct jh_link *link)
{
	link->id = jh_link_rd(link, JH_LINK_REG_ID);
	link->max_peers = jh_link_rd(link, JH_LINK_REG_MAX_PEERS);
	link->intid = jh_link_rd(link, JH_LINK_REG_IRQ);
	link->shm_phys = jh_link_rd(link, JH_LINK_REG_SHM_LO) |
		((u64)jh_link_rd(link, JH_LINK_REG_SHM_HI) << 32);
	link->rw_size = jh_link_rd(link, JH_LINK_REG_RW_SIZE);
	link->out_size = jh_link_rd(link, JH_LINK_REG_OUT_SIZE);
	link->total_size = jh_link_total_size(link->rw_size, link->out_size,
					      link->max_peers);
	jh_link_read_name(link);
}

/* Maps the register page of link @index and reads it; -ENOENT: no more. */
static inline int jh_link_open(struct jh_link *link, unsigned int index)
{
	long err;

	memset(link, 0, sizeof(*link));
	link->index = index;
	link->irq = -1;
	err = jh_link_info(index, &link->reg_phys);
	if (err)
		return err;
	link->regs = ioremap(link->reg_phys, JH_LINK_REG_SIZE);
	if (!link->regs) {
		pr_err("jailhouse link %u: cannot map registers at %pa\n",
		       index, &link->reg_phys);
		return -ENOMEM;
	}
	jh_link_read_regs(link);
	err = jh_link_check(link);
	if (err) {
		iounmap(link->regs);
		link->regs = NULL;
	}
	return err;
}

static inline void jh_link_close(struct jh_link *link)
{
	if (link->irq > 0)
		irq_dispose_mapping(link->irq);
	link->irq = -1;
	if (link->regs)
		iounmap(link->regs);
	link->regs = NULL;
}

static const struct of_device_id jh_link_gic_ids[] __maybe_unused = {
	{ .compatible = "arm,gic-v3" },
	{ .compatible = "arm,cortex-a15-gic" },
	{ .compatible = "arm,gic-400" },
	{ }
};

/*
 * The doorbell SPI as a Linux irq, through the GIC's device-tree node (the
 * only interrupt controller of root and of Linux cells): cells 0 = SPI,
 * INTID - 32, edge (a doorbell is an event, nothing to deassert).
 */
static inline int jh_link_map_irq(struct jh_link *link)
{
	struct of_phandle_args args = { .args_count = 3 };
	struct device_node *gic;
	u32 cells = 3;

	gic = of_find_matching_node(NULL, jh_link_gic_ids);
	if (!gic) {
		pr_err("jailhouse link %s: no GIC node in the device tree\n",
		       link->name);
		return -ENODEV;
	}
	of_property_read_u32(gic, "#interrupt-cells", &cells);
	if (cells < 3 || cells > MAX_PHANDLE_ARGS) {
		pr_err("jailhouse link %s: GIC has %u interrupt cells\n",
		       link->name, cells);
		of_node_put(gic);
		return -ENODEV;
	}
	args.np = gic;
	args.args_count = cells;
	args.args[0] = 0;
	args.args[1] = link->intid - 32;
	args.args[2] = IRQ_TYPE_EDGE_RISING;
	link->irq = irq_create_of_mapping(&args);
	of_node_put(gic);
	if (link->irq <= 0) {
		pr_err("jailhouse link %s: cannot map SPI %u\n", link->name,
		       link->intid);
		link->irq = -1;
		return -EINVAL;
	}
	return 0;
}

#endif
