// SPDX-License-Identifier: GPL-2.0
/*
 * The device tree of a Linux cell: only what the cell owns or the
 * hypervisor emulates for it (its CPUs through PSCI over HVC, the GIC
 * distributor and its redistributor frames, the EL1 timers, its RAM, the
 * emulated PL011, its virtio-mmio transports), plus /chosen. A tree given
 * with -d is copied with /chosen patched and the transports checked or
 * added (linux_dtbvirtio.c). See Documentation/linux-cells.md.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fdt.h"
#include "linux_cell.h"

#define LC_PH_GIC	1
#define LC_PH_CLK	2
#define LC_GICD_SIZE	0x10000
#define LC_GICR_FRAME	0x20000		/* RD_base + SGI_base */
#define LC_UART_SIZE	0x1000
#define LC_UART_CLK	24000000
#define GIC_SPI		0
#define GIC_PPI		1
#define IRQ_LEVEL_HIGH	4

static void lc_prop_u64s(struct fdt_writer *w, const char *name,
			 const uint64_t *v, size_t n)
{
	uint32_t cells[4 * LC_MAX_MEM];
	size_t i;

	for (i = 0; i < n && i < 2 * LC_MAX_MEM; i++) {
		cells[2 * i] = v[i] >> 32;
		cells[2 * i + 1] = (uint32_t)v[i];
	}
	fdt_prop_cells(w, name, cells, 2 * i);
}

static void lc_node_name(char *buf, size_t len, const char *base,
			 uint64_t addr)
{
	snprintf(buf, len, "%s@%llx", base, (unsigned long long)addr);
}

static void lc_chosen_props(struct fdt_writer *w, const struct lc_params *p)
{
	char path[64];

	fdt_prop_str(w, "bootargs", p->bootargs);
	if (p->uart_base) {
		lc_node_name(path, sizeof(path), "/pl011", p->uart_base);
		fdt_prop_str(w, "stdout-path", path);
	}
	if (p->initrd_end) {
		lc_prop_u64s(w, "linux,initrd-start", &p->initrd_start, 1);
		lc_prop_u64s(w, "linux,initrd-end", &p->initrd_end, 1);
	}
}

static void lc_cpus(struct fdt_writer *w, const struct lc_params *p)
{
	char name[32];
	unsigned int i;

	fdt_begin_node(w, "cpus");
	fdt_prop_u32(w, "#address-cells", 1);
	fdt_prop_u32(w, "#size-cells", 0);
	for (i = 0; i < p->ncpus; i++) {
		snprintf(name, sizeof(name), "cpu@%x", p->mpidr[i]);
		fdt_begin_node(w, name);
		fdt_prop_str(w, "device_type", "cpu");
		fdt_prop_str(w, "compatible", "arm,armv8");
		fdt_prop_u32(w, "reg", p->mpidr[i]);
		fdt_prop_str(w, "enable-method", "psci");
		fdt_end_node(w);
	}
	fdt_end_node(w);
}

static void lc_psci(struct fdt_writer *w)
{
	static const char compat[] = "arm,psci-1.0\0arm,psci-0.2";

	fdt_begin_node(w, "psci");
	fdt_prop(w, "compatible", compat, sizeof(compat));
	/* The hypervisor emulates PSCI for cells on both conduits. */
	fdt_prop_str(w, "method", "hvc");
	fdt_end_node(w);
}

static void lc_memory(struct fdt_writer *w, const struct lc_params *p)
{
	char name[48];
	unsigned int i;
	uint64_t reg[2];

	for (i = 0; i < p->nmem; i++) {
		lc_node_name(name, sizeof(name), "memory", p->mem_base[i]);
		reg[0] = p->mem_base[i];
		reg[1] = p->mem_size[i];
		fdt_begin_node(w, name);
		fdt_prop_str(w, "device_type", "memory");
		lc_prop_u64s(w, "reg", reg, 2);
		fdt_end_node(w);
	}
}

/*
 * One redistributor region per run of consecutive frames. Linux walks a
 * region frame by frame until GICR_TYPER.Last, whatever the region size,
 * so a run that does not end at the machine's last frame is extended to
 * it: the frames of other CPUs show the cell only GICR_TYPER, GICR_IIDR
 * and GICR_PIDR2 (the hypervisor emulates them).
 */
static unsigned int lc_gicr_regions(const struct lc_params *p, uint64_t *reg)
{
	unsigned int i = 0, n = 0, first, last;

	while (i < p->ncpus && n < LC_MAX_MEM - 1) {
		first = last = p->cpu_frame[i++];
		while (i < p->ncpus && p->cpu_frame[i] == last + 1)
			last = p->cpu_frame[i++];
		if (i == p->ncpus && last + 1 < p->machine_cpus)
			last = p->machine_cpus - 1;
		reg[2 * n] = p->gicr + (uint64_t)first * LC_GICR_FRAME;
		reg[2 * n + 1] = (uint64_t)(last - first + 1) * LC_GICR_FRAME;
		n++;
	}
	return n;
}

static void lc_gic(struct fdt_writer *w, const struct lc_params *p)
{
	uint64_t reg[2 * LC_MAX_MEM];
	unsigned int n;
	char name[48];

	reg[0] = p->gicd;
	reg[1] = LC_GICD_SIZE;
	n = lc_gicr_regions(p, reg + 2);
	lc_node_name(name, sizeof(name), "intc", p->gicd);
	fdt_begin_node(w, name);
	fdt_prop_str(w, "compatible", "arm,gic-v3");
	fdt_prop_u32(w, "#interrupt-cells", 3);
	fdt_prop(w, "interrupt-controller", NULL, 0);
	lc_prop_u64s(w, "reg", reg, 2 + 2 * n);
	fdt_prop_u32(w, "#redistributor-regions", n);
	fdt_prop_u32(w, "phandle", LC_PH_GIC);
	fdt_end_node(w);
}

static void lc_timer(struct fdt_writer *w)
{
	/* Secure phys, non-secure phys, virtual, hypervisor PPIs. */
	static const uint32_t irqs[] = {
		GIC_PPI, 13, IRQ_LEVEL_HIGH, GIC_PPI, 14, IRQ_LEVEL_HIGH,
		GIC_PPI, 11, IRQ_LEVEL_HIGH, GIC_PPI, 10, IRQ_LEVEL_HIGH,
	};

	fdt_begin_node(w, "timer");
	fdt_prop_str(w, "compatible", "arm,armv8-timer");
	fdt_prop_cells(w, "interrupts", irqs, 12);
	fdt_end_node(w);
}

static void lc_uart(struct fdt_writer *w, const struct lc_params *p)
{
	static const char compat[] = "arm,pl011\0arm,primecell";
	static const char clk_names[] = "uartclk\0apb_pclk";
	const uint32_t clocks[] = { LC_PH_CLK, LC_PH_CLK };
	uint32_t irq[] = { GIC_SPI, p->uart_irq - 32, IRQ_LEVEL_HIGH };
	uint64_t reg[2] = { p->uart_base, LC_UART_SIZE };
	char name[48];

	fdt_begin_node(w, "apb-pclk");
	fdt_prop_str(w, "compatible", "fixed-clock");
	fdt_prop_u32(w, "#clock-cells", 0);
	fdt_prop_u32(w, "clock-frequency", LC_UART_CLK);
	fdt_prop_str(w, "clock-output-names", "clk24mhz");
	fdt_prop_u32(w, "phandle", LC_PH_CLK);
	fdt_end_node(w);

	lc_node_name(name, sizeof(name), "pl011", p->uart_base);
	fdt_begin_node(w, name);
	fdt_prop(w, "compatible", compat, sizeof(compat));
	lc_prop_u64s(w, "reg", reg, 2);
	fdt_prop_cells(w, "interrupts", irq, 3);
	fdt_prop_cells(w, "clocks", clocks, 2);
	fdt_prop(w, "clock-names", clk_names, sizeof(clk_names));
	fdt_end_node(w);
}

void lc_write_virtio(struct fdt_writer *w, const struct lc_virtio *v)
{
	uint64_t reg[2] = { v->base, v->size };
	char name[48];

	lc_node_name(name, sizeof(name), "virtio_mmio", v->base);
	fdt_begin_node(w, name);
	fdt_prop_str(w, "compatible", "virtio,mmio");
	lc_prop_u64s(w, "reg", reg, 2);
	fdt_prop_cells(w, "interrupts", v->irq, 3);
	if (v->dma_coherent)
		fdt_prop(w, "dma-coherent", NULL, 0);
	fdt_end_node(w);
}

long lc_make_dtb(const struct lc_params *p, void **blob)
{
	struct fdt_writer w;
	long ret;

	fdt_init(&w);
	fdt_begin_node(&w, "");
	fdt_prop_u32(&w, "#address-cells", 2);
	fdt_prop_u32(&w, "#size-cells", 2);
	fdt_prop_str(&w, "compatible", "linux,dummy-virt");
	fdt_prop_str(&w, "model", "jailhouse-cell");
	fdt_prop_u32(&w, "interrupt-parent", LC_PH_GIC);
	fdt_begin_node(&w, "chosen");
	lc_chosen_props(&w, p);
	fdt_end_node(&w);
	lc_psci(&w);
	lc_cpus(&w, p);
	lc_memory(&w, p);
	lc_gic(&w, p);
	lc_timer(&w);
	if (p->uart_base)
		lc_uart(&w, p);
	for (unsigned int i = 0; i < p->nvirtio; i++)
		lc_write_virtio(&w, &p->virtio[i]);
	fdt_end_node(&w);
	ret = fdt_finish(&w, blob);
	fdt_free(&w);
	return ret;
}

static bool lc_replaced_prop(const char *name)
{
	return !strcmp(name, "bootargs") ||
	       !strcmp(name, "linux,initrd-start") ||
	       !strcmp(name, "linux,initrd-end");
}

/* Copy one token; /chosen (depth 2) loses the props we set instead. */
static void lc_copy_token(struct fdt_writer *w, const struct fdt_token *t,
			  bool in_chosen)
{
	switch (t->type) {
	case FDT_BEGIN_NODE:
		fdt_begin_node(w, t->name);
		break;
	case FDT_END_NODE:
		fdt_end_node(w);
		break;
	case FDT_PROP:
		if (!(in_chosen && lc_replaced_prop(t->name)))
			fdt_prop(w, t->name, t->data, t->len);
		break;
	}
}

/*
 * The cell's /chosen properties come first in /chosen: appended at its
 * end they would follow any subnode, where libfdt (and so Linux) does
 * not look for properties.
 */
static int lc_patch_walk(struct fdt_writer *w, const struct lc_params *p,
			 const void *in, size_t size)
{
	bool in_chosen = false, have_chosen = false;
	struct fdt_token t;
	struct lc_ds ds;
	struct lc_dv dv;
	size_t off = 0;
	int ret;

	lc_ds_init(&ds);
	lc_dv_init(&dv, p);
	while ((ret = fdt_next(in, size, &off, &t)) > 0) {
		if (lc_ds_token(&ds, &t) || lc_dv_token(&dv, &t, w->depth))
			return -ECANCELED;
		if (t.type == FDT_END_NODE && w->depth == 2)
			in_chosen = false;
		if (t.type == FDT_END_NODE && w->depth == 1 && !have_chosen) {
			fdt_begin_node(w, "chosen");
			lc_chosen_props(w, p);
			fdt_end_node(w);
		}
		if (t.type == FDT_END_NODE && w->depth == 1 &&
		    lc_dv_add_missing(&dv, w))
			return -ECANCELED;
		lc_copy_token(w, &t, in_chosen && w->depth == 2);
		if (t.type == FDT_BEGIN_NODE && w->depth == 2 &&
		    !strcmp(t.name, "chosen")) {
			in_chosen = have_chosen = true;
			lc_chosen_props(w, p);
		}
	}
	if (!ret && lc_ds_end(&ds))
		return -ECANCELED;
	return ret;
}

long lc_patch_dtb(const struct lc_params *p, const void *in, size_t size,
		  void **blob)
{
	struct fdt_writer w;
	long ret;

	if (fdt_check(in, size))
		return -EINVAL;
	fdt_init(&w);
	ret = lc_patch_walk(&w, p, in, size);
	if (!ret)
		ret = fdt_finish(&w, blob);
	fdt_free(&w);
	return ret;
}
