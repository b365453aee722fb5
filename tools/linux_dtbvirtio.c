// SPDX-License-Identifier: GPL-2.0
/*
 * virtio-mmio nodes of a device tree given with -d: the cell's transports
 * (lc_read_root_virtio) must be in it as they are in a generated one. A
 * "virtio,mmio" child of / at a transport's address must have that reg
 * and root's interrupt, or the guest would probe the wrong window or wait
 * on an SPI that never comes: refused, saying which. One at any other
 * address, or below a bus node (whose ranges this tool does not
 * translate), is refused too: the cell owns nothing there. Transports the
 * tree lacks are added with the generated tree's writer.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include "fdt.h"
#include "linux_cell.h"

#define LC_DV_MSG	"jailhouse cell linux: -d DTB: "

void lc_dv_init(struct lc_dv *dv, const struct lc_params *p)
{
	memset(dv, 0, sizeof(*dv));
	dv->p = p;
	/* Devicetree Specification v0.4, 2.3.5: the defaults. */
	dv->addr_cells = 2;
	dv->size_cells = 1;
}

static uint32_t lc_be32(const void *data, unsigned int i)
{
	uint32_t be;

	memcpy(&be, (const uint8_t *)data + 4 * i, 4);
	return ntohl(be);
}

/* @cells big-endian cells at @data (1 or 2 of them). */
static uint64_t lc_be_cells(const void *data, unsigned int first,
			    unsigned int cells)
{
	uint64_t v = 0;

	for (unsigned int i = 0; i < cells; i++)
		v = v << 32 | lc_be32(data, first + i);
	return v;
}

static bool lc_has_compat(const struct fdt_token *t, const char *compat)
{
	const char *s = t->data, *end = s + t->len;

	while (s < end) {
		if (!strncmp(s, compat, end - s) &&
		    strnlen(s, end - s) == strlen(compat))
			return true;
		s += strnlen(s, end - s) + 1;
	}
	return false;
}

static int lc_dv_refuse(struct lc_dv *dv)
{
	dv->refused = true;
	return -ECANCELED;
}

/* The cell's transport at @base, or -1. */
static int lc_dv_window(const struct lc_dv *dv, uint64_t base)
{
	for (unsigned int i = 0; i < dv->p->nvirtio; i++)
		if (dv->p->virtio[i].base == base)
			return (int)i;
	return -1;
}

static void lc_dv_list_windows(const struct lc_dv *dv)
{
	for (unsigned int i = 0; i < dv->p->nvirtio; i++)
		fprintf(stderr, "%s0x%" PRIx64, i ? ", " : "",
			dv->p->virtio[i].base);
	if (!dv->p->nvirtio)
		fputs("none", stderr);
}

static int lc_dv_check_reg(struct lc_dv *dv, uint64_t *base)
{
	unsigned int cells = dv->addr_cells + dv->size_cells;
	uint64_t size;
	int i;

	if (dv->addr_cells < 1 || dv->addr_cells > 2 || dv->size_cells > 2 ||
	    !dv->reg || dv->reg_len < 4 * cells) {
		fprintf(stderr, LC_DV_MSG "/%s: no 'reg' of %u address and %u size cells\n",
			dv->node, dv->addr_cells, dv->size_cells);
		return lc_dv_refuse(dv);
	}
	*base = lc_be_cells(dv->reg, 0, dv->addr_cells);
	size = lc_be_cells(dv->reg, dv->addr_cells, dv->size_cells);
	i = lc_dv_window(dv, *base);
	if (i < 0) {
		fprintf(stderr, LC_DV_MSG "/%s is a virtio-mmio node at 0x%" PRIx64 ", where the cell has no virtio-mmio window (it has: ",
			dv->node, *base);
		lc_dv_list_windows(dv);
		fputs("); hint: remove the node or fix its reg\n", stderr);
		return lc_dv_refuse(dv);
	}
	if (size != dv->p->virtio[i].size) {
		fprintf(stderr, LC_DV_MSG "/%s: reg size 0x%" PRIx64 ", the cell's window at 0x%" PRIx64 " is 0x%" PRIx64 " bytes; hint: fix its reg or leave the node out (it is added)\n",
			dv->node, size, *base, dv->p->virtio[i].size);
		return lc_dv_refuse(dv);
	}
	return i;
}

/* interrupts: root's SPI, the one the cell owns (flags are the user's). */
static int lc_dv_check_irq(struct lc_dv *dv, const struct lc_virtio *v)
{
	if (dv->irq && dv->irq_len == 12 &&
	    lc_be32(dv->irq, 0) == v->irq[0] && lc_be32(dv->irq, 1) == v->irq[1])
		return 0;
	fprintf(stderr, LC_DV_MSG "/%s: 'interrupts' must be <%u %u flags> (INTID %u, root's for the transport at 0x%" PRIx64 ")",
		dv->node, v->irq[0], v->irq[1], v->irq[1] + 32, v->base);
	if (dv->irq && dv->irq_len == 12)
		fprintf(stderr, ", it is <%u %u %u>", lc_be32(dv->irq, 0),
			lc_be32(dv->irq, 1), lc_be32(dv->irq, 2));
	fputs("; hint: fix it or leave the node out (it is added)\n", stderr);
	return lc_dv_refuse(dv);
}

/* A child of / ended: check it if it is a virtio-mmio node. */
static int lc_dv_node_end(struct lc_dv *dv)
{
	uint64_t base;
	int i;

	if (!dv->is_virtio)
		return 0;
	dv->is_virtio = false;
	i = lc_dv_check_reg(dv, &base);
	if (i < 0)
		return i;
	if (lc_dv_check_irq(dv, &dv->p->virtio[i]))
		return -ECANCELED;
	dv->present[i] = true;
	return 0;
}

static void lc_dv_root_prop(struct lc_dv *dv, const struct fdt_token *t)
{
	if (!strcmp(t->name, "#address-cells") && t->len == 4)
		dv->addr_cells = lc_be32(t->data, 0);
	else if (!strcmp(t->name, "#size-cells") && t->len == 4)
		dv->size_cells = lc_be32(t->data, 0);
	else if (!strcmp(t->name, "interrupt-parent"))
		dv->irq_parent = true;
}

static void lc_dv_node_prop(struct lc_dv *dv, const struct fdt_token *t)
{
	if (!strcmp(t->name, "compatible")) {
		dv->is_virtio = lc_has_compat(t, "virtio,mmio");
	} else if (!strcmp(t->name, "reg")) {
		dv->reg = t->data;
		dv->reg_len = t->len;
	} else if (!strcmp(t->name, "interrupts")) {
		dv->irq = t->data;
		dv->irq_len = t->len;
	}
}

int lc_dv_token(struct lc_dv *dv, const struct fdt_token *t, int depth)
{
	if (t->type == FDT_BEGIN_NODE && depth == 1) {
		snprintf(dv->node, sizeof(dv->node), "%s", t->name);
		dv->is_virtio = false;
		dv->reg = dv->irq = NULL;
	} else if (t->type == FDT_BEGIN_NODE && depth == 2) {
		snprintf(dv->below, sizeof(dv->below), "%s", t->name);
	} else if (t->type == FDT_END_NODE && depth == 2) {
		return lc_dv_node_end(dv);
	} else if (t->type == FDT_PROP && depth == 1) {
		lc_dv_root_prop(dv, t);
	} else if (t->type == FDT_PROP && depth == 2) {
		lc_dv_node_prop(dv, t);
	} else if (t->type == FDT_PROP && depth > 2 &&
		   !strcmp(t->name, "compatible") &&
		   lc_has_compat(t, "virtio,mmio")) {
		fprintf(stderr, LC_DV_MSG "a virtio-mmio node below /%s (at /%s/%s...): only children of / are checked against the cell's windows; hint: move it to /\n",
			dv->node, dv->node, dv->below);
		return lc_dv_refuse(dv);
	}
	return 0;
}

int lc_dv_add_missing(struct lc_dv *dv, struct fdt_writer *w)
{
	for (unsigned int i = 0; i < dv->p->nvirtio; i++) {
		if (dv->present[i])
			continue;
		if (!dv->irq_parent) {
			fprintf(stderr, LC_DV_MSG "/ has no interrupt-parent, so the virtio-mmio node added for 0x%" PRIx64 " would have no interrupt controller; hint: add interrupt-parent = <&gic> to /, or add the node yourself\n",
				dv->p->virtio[i].base);
			return lc_dv_refuse(dv);
		}
		if (dv->addr_cells != 2 || dv->size_cells != 2) {
			fprintf(stderr, LC_DV_MSG "/ has #address-cells %u and #size-cells %u, the virtio-mmio node added for 0x%" PRIx64 " needs 2 and 2; hint: add the node yourself\n",
				dv->addr_cells, dv->size_cells,
				dv->p->virtio[i].base);
			return lc_dv_refuse(dv);
		}
		lc_write_virtio(w, &dv->p->virtio[i]);
	}
	return 0;
}
