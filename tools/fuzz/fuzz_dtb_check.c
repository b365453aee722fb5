// SPDX-License-Identifier: GPL-2.0
/*
 * The fuzzer's own DTB checker (Devicetree Specification v0.4, chapter
 * 5), written apart from tools/fdt.c so a bug there is not also here:
 * header offsets and sizes in bounds, the reservation map terminated,
 * one root node, tokens well formed and ending exactly at the end of the
 * structure block, names and strings in bounds, properties before
 * subnodes (libfdt, hence Linux, stops looking for properties at the
 * first subnode). Then what the CLI promises for the cell.
 */
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include "fuzz_dtb.h"
#include "../fdt.h"

#define HDR_SIZE	40
#define NAME_LEN	64

struct chk {
	const uint8_t *b;
	size_t size;
	const uint8_t *dt, *str;
	uint32_t dt_size, str_size;
	const struct lc_params *p;
	/* Walk state. */
	int depth;
	bool child_seen[64];	/* per depth: a subnode came already */
	uint32_t addr_cells, size_cells;
	char node[NAME_LEN];	/* the child of / being walked */
	bool is_virtio;
	uint64_t reg_base, reg_size;
	bool reg_ok, irq_ok[LC_MAX_DEVS];
	unsigned int bootargs, initrd;	/* in the /chosen being walked */
	/* Results. */
	unsigned int chosen, cpus, cpu_nodes, memory_nodes;
	bool virtio[LC_MAX_DEVS];
	const char *err;
};

static uint32_t be32_at(const void *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return ntohl(v);
}

static uint64_t be_cells(const uint8_t *p, uint32_t n)
{
	uint64_t v = 0;

	for (uint32_t i = 0; i < n; i++)
		v = v << 32 | be32_at(p + 4 * i);
	return v;
}

static const char *chk_header(struct chk *c)
{
	uint32_t total, off_dt, off_str, off_rsv;
	uint64_t e;

	if (c->size < HDR_SIZE || be32_at(c->b) != FDT_MAGIC)
		return "no DTB header";
	total = be32_at(c->b + 4);
	off_dt = be32_at(c->b + 8);
	off_str = be32_at(c->b + 12);
	off_rsv = be32_at(c->b + 16);
	c->str_size = be32_at(c->b + 32);
	c->dt_size = be32_at(c->b + 36);
	if (total != c->size || be32_at(c->b + 20) != 17 ||
	    be32_at(c->b + 24) != 16)
		return "header totalsize/version wrong";
	if (off_dt % 4 || off_rsv % 8 || off_rsv < HDR_SIZE ||
	    (uint64_t)off_dt + c->dt_size > total ||
	    (uint64_t)off_str + c->str_size > total || off_dt < off_rsv + 16 ||
	    (off_str < (uint64_t)off_dt + c->dt_size &&
	     off_dt < (uint64_t)off_str + c->str_size))
		return "header block offsets/sizes out of bounds";
	for (e = off_rsv; ; e += 16) {
		if (e + 16 > off_dt)
			return "reservation map not terminated";
		if (!be_cells(c->b + e, 2) && !be_cells(c->b + e + 8, 2))
			break;
	}
	c->dt = c->b + off_dt;
	c->str = c->b + off_str;
	return NULL;
}

static bool chk_is(const char *name, const char *base)
{
	size_t n = strlen(base);

	return !strncmp(name, base, n) && (name[n] == '@' || !name[n]);
}

static bool chk_has_compat(const uint8_t *d, uint32_t len, const char *s)
{
	size_t n = strlen(s) + 1;

	for (uint32_t o = 0; o < len; o += strnlen((const char *)d + o,
						   len - o) + 1)
		if (len - o >= n && !memcmp(d + o, s, n))
			return true;
	return false;
}

static void chk_chosen_prop(struct chk *c, const char *name,
			    const uint8_t *d, uint32_t len)
{
	const struct lc_params *p = c->p;
	bool initrd = p->initrd_end != 0;

	c->bootargs += !strcmp(name, "bootargs");
	c->initrd += !strcmp(name, "linux,initrd-start") +
		     !strcmp(name, "linux,initrd-end");
	if (!strcmp(name, "bootargs") &&
	    (len != strlen(p->bootargs) + 1 || memcmp(d, p->bootargs, len)))
		c->err = "/chosen bootargs not the cell's";
	else if (!strcmp(name, "linux,initrd-start") &&
		 (!initrd || len != 8 || be_cells(d, 2) != p->initrd_start))
		c->err = "/chosen linux,initrd-start not the cell's";
	else if (!strcmp(name, "linux,initrd-end") &&
		 (!initrd || len != 8 || be_cells(d, 2) != p->initrd_end))
		c->err = "/chosen linux,initrd-end not the cell's";
}

static void chk_child_prop(struct chk *c, const char *name,
			   const uint8_t *d, uint32_t len)
{
	uint32_t cells = c->addr_cells + c->size_cells;

	if (!strcmp(c->node, "chosen")) {
		chk_chosen_prop(c, name, d, len);
	} else if (!strcmp(name, "compatible")) {
		c->is_virtio = chk_has_compat(d, len, "virtio,mmio");
	} else if (!strcmp(name, "reg") && c->addr_cells <= 2 &&
		   c->size_cells <= 2 && len >= 4 * cells) {
		c->reg_ok = true;
		c->reg_base = be_cells(d, c->addr_cells);
		c->reg_size = be_cells(d + 4 * c->addr_cells, c->size_cells);
	} else if (!strcmp(name, "interrupts") && len == 12) {
		for (unsigned int i = 0; i < c->p->nvirtio; i++)
			c->irq_ok[i] = be32_at(d) == c->p->virtio[i].irq[0] &&
				be32_at(d + 4) == c->p->virtio[i].irq[1];
	}
}

static void chk_prop(struct chk *c, const char *name, const uint8_t *d,
		     uint32_t len)
{
	if (c->depth < 1 || c->child_seen[c->depth])
		c->err = "property outside a node or after a subnode";
	else if (c->depth == 1 && !strcmp(name, "#address-cells") && len == 4)
		c->addr_cells = be32_at(d);
	else if (c->depth == 1 && !strcmp(name, "#size-cells") && len == 4)
		c->size_cells = be32_at(d);
	else if (c->depth == 2)
		chk_child_prop(c, name, d, len);
	else if (c->depth == 3 && !strcmp(c->node, "cpus") &&
		 !strcmp(name, "reg") && len == 4 &&
		 c->cpu_nodes < c->p->ncpus &&
		 be32_at(d) == c->p->mpidr[c->cpu_nodes])
		c->cpu_nodes++;
}

static void chk_begin(struct chk *c, const char *name)
{
	if (c->depth >= 63) {
		c->err = "nodes nested too deep for the checker";
		return;
	}
	if (c->depth > 0)
		c->child_seen[c->depth] = true;
	c->depth++;
	c->child_seen[c->depth] = false;
	if (c->depth == 2) {
		snprintf(c->node, sizeof(c->node), "%s", name);
		c->is_virtio = c->reg_ok = false;
		c->bootargs = c->initrd = 0;
		memset(c->irq_ok, 0, sizeof(c->irq_ok));
		c->chosen += !strcmp(name, "chosen");
		c->cpus += !strcmp(name, "cpus");
	}
	if (c->depth > 1 && (!*name || strchr(name, '/')))
		c->err = "empty node name or one with '/'";
}

/* A child of / ends: is it the node of one of the cell's transports? */
static void chk_child_end(struct chk *c)
{
	const struct lc_params *p = c->p;

	if (!strcmp(c->node, "chosen") && c->bootargs != 1)
		c->err = "/chosen has no single bootargs";
	if (!strcmp(c->node, "chosen") && p->initrd_end && c->initrd != 2)
		c->err = "/chosen lacks the initrd";
	if (chk_is(c->node, "memory") && c->reg_ok &&
	    c->memory_nodes < p->nmem &&
	    c->reg_base == p->mem_base[c->memory_nodes] &&
	    c->reg_size == p->mem_size[c->memory_nodes])
		c->memory_nodes++;
	for (unsigned int i = 0; c->is_virtio && c->reg_ok && i < p->nvirtio;
	     i++)
		if (c->reg_base == p->virtio[i].base &&
		    c->reg_size == p->virtio[i].size && c->irq_ok[i])
			c->virtio[i] = true;
}

static void chk_end(struct chk *c)
{
	if (c->depth == 2)
		chk_child_end(c);
	c->depth--;
}

/* Name of the property at @nameoff, NULL if not in the strings block. */
static const char *chk_string(const struct chk *c, uint32_t nameoff)
{
	if (nameoff >= c->str_size ||
	    !memchr(c->str + nameoff, 0, c->str_size - nameoff))
		return NULL;
	return (const char *)c->str + nameoff;
}

/* The token at *@o: 1 more to come, 0 at a well placed FDT_END, -1 bad. */
static int chk_token(struct chk *c, uint32_t *o, bool *root_done)
{
	uint32_t tag, len, n, left = c->dt_size - *o;
	const char *name;

	if (left < 4)
		return -1;
	tag = be32_at(c->dt + *o);
	*o += 4;
	left -= 4;
	if (tag == FDT_NOP)
		return 1;
	if (tag == FDT_END)
		return !*root_done || c->depth || left ? -1 : 0;
	if (*root_done)
		return -1;	/* a second root */
	if (tag == FDT_END_NODE) {
		if (!c->depth)
			return -1;
		chk_end(c);
		*root_done = !c->depth;
		return 1;
	}
	if (tag == FDT_BEGIN_NODE) {
		name = (const char *)c->dt + *o;
		n = strnlen(name, left);
		if (n == left || (!c->depth && n))
			return -1;
		*o += (n + 4) & ~3u;
		chk_begin(c, name);
		return *o <= c->dt_size ? 1 : -1;
	}
	if (tag != FDT_PROP || left < 8)
		return -1;
	len = be32_at(c->dt + *o);
	name = chk_string(c, be32_at(c->dt + *o + 4));
	if (!name || len > left - 8 || (len + 3) / 4 * 4 > left - 8)
		return -1;
	chk_prop(c, name, c->dt + *o + 8, len);
	*o += 8 + (len + 3) / 4 * 4;
	return 1;
}

static const char *chk_cell(const struct chk *c, bool generated)
{
	const struct lc_params *p = c->p;

	if (c->chosen < 1)
		return "no /chosen";
	for (unsigned int i = 0; i < p->nvirtio; i++)
		if (!c->virtio[i])
			return "a cell transport has no virtio-mmio node";
	if (!generated)
		return NULL;
	if (c->chosen != 1 || c->cpus != 1 || c->cpu_nodes != p->ncpus)
		return "generated: /cpus or its cpu nodes wrong";
	if (c->memory_nodes != p->nmem)
		return "generated: memory nodes wrong";
	return NULL;
}

const char *fuzz_dtb_check(const void *blob, size_t size,
			   const struct lc_params *p, bool generated)
{
	static struct chk c;
	bool root_done = false;
	uint32_t o = 0;
	int ret;

	memset(&c, 0, sizeof(c));
	c.b = blob;
	c.size = size;
	c.p = p;
	c.addr_cells = 2;	/* Devicetree Specification v0.4, 2.3.5 */
	c.size_cells = 1;
	c.err = chk_header(&c);
	if (c.err)
		return c.err;
	while ((ret = chk_token(&c, &o, &root_done)) > 0 && !c.err)
		;
	if (c.err)
		return c.err;
	if (ret < 0)
		return "malformed structure block";
	return chk_cell(&c, generated);
}
