/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The one config validator: every rule that depends only on the system
 * config and a cell config, not on what runs (which cells exist, which
 * CPUs are online, what Linux uses). The hypervisor, the driver and the
 * host harness (hypervisor/tests/cfgcheck.c, compared against
 * `jailhouse-config check` by tools/tests/test_differential.py) include
 * it, so they cannot disagree. Rules are listed in
 * Documentation/config-format.md ("One validator").
 *
 * Freestanding: no libc. The includer defines
 *   JH_CC_REFUSE(err, fmt, ...)
 * which reports the message (printf-like, no trailing newline) and
 * evaluates to @err, a negative errno (include/jailhouse/errno.h).
 * The header is checked first (magic, revision, checksum, kind) by the
 * caller, which has a CRC-32 at hand; these functions trust total_size
 * only as far as jh_cc_desc() checks it.
 */
#ifndef _JAILHOUSE_CONFIG_CHECK_H
#define _JAILHOUSE_CONFIG_CHECK_H

#include <jailhouse/config.h>
#include <jailhouse/errno.h>
#include <jailhouse/link.h>

#ifndef JH_CC_REFUSE
#error "define JH_CC_REFUSE(err, fmt, ...) before including config_check.h"
#endif

#define JH_CC_PAGE_SIZE		0x1000ULL
#define JH_CC_ADDR_LIMIT	(1ULL << 48)
#define JH_CC_SPI_FIRST		32
#define JH_CC_SPI_END		1020

/* MMIO frames of the GIC the hypervisor emulates or keeps for itself. */
#define JH_GICD_SIZE		0x10000ULL
#define JH_GICR_FRAME_SIZE	0x20000ULL
#define JH_GICC_SIZE		0x2000ULL
#define JH_GICH_SIZE		0x2000ULL

/*
 * What the hypervisor needs of its memory before the page pool (layout in
 * <jailhouse/header.h>): the core (image + bss; the hypervisor's linker
 * script fails the build beyond this budget), one per-CPU area per CPU
 * and the config copy, then at least JH_HV_MIN_POOL_PAGES pool pages.
 * The driver and the hypervisor check the real sizes again on enable.
 */
#define JH_HV_CORE_BUDGET	0x80000ULL
#define JH_HV_PERCPU_SIZE	0x4000ULL
#define JH_HV_MIN_POOL_PAGES	16

struct jh_cc_range {
	__u64 start;
	__u64 size;
	const char *what;
};

/* At most this many ranges a cell may not map (GIC frames). */
#define JH_CC_MAX_FORBIDDEN	4

static inline int jh_cc_overlap(__u64 a, __u64 a_size, __u64 b, __u64 b_size)
{
	return a < b + b_size && b < a + a_size;
}

static inline int jh_cc_inside(__u64 start, __u64 size, __u64 outer,
			       __u64 outer_size)
{
	/* No sum that can wrap: @start may be anything a config holds. */
	return start >= outer && start - outer <= outer_size &&
	       size <= outer_size - (start - outer);
}

static inline int jh_cc_aligned(__u64 value)
{
	return !(value & (JH_CC_PAGE_SIZE - 1));
}

static inline int jh_cc_has_cpu(const struct jh_cell_desc *cell,
				unsigned int cpu)
{
	return (cell->cpus[cpu / 64] >> (cpu % 64)) & 1;
}

/* Highest CPU + 1: the CPUs the hypervisor needs per-CPU state for. */
static inline unsigned int jh_cc_cpu_span(const struct jh_cell_desc *cell)
{
	unsigned int cpu = JH_MAX_CPUS;

	while (cpu && !jh_cc_has_cpu(cell, cpu - 1))
		cpu--;
	return cpu;
}

static inline const struct jh_memory_region *
jh_cc_root_region(const struct jh_cell_desc *root, __u64 start, __u64 size)
{
	const struct jh_memory_region *r = jh_cell_regions(root);
	unsigned int n;

	for (n = 0; n < root->num_memory_regions; n++)
		if (jh_cc_inside(start, size, r[n].phys_start, r[n].size))
			return &r[n];
	return (const struct jh_memory_region *)0;
}

/*
 * GIC frames no cell may map, at their physical and (the hypervisor
 * emulates them at the same guest address) guest addresses. To add a
 * frame (e.g. the ITS), add one jh_cc_add_range() line here.
 */
static inline unsigned int jh_cc_forbidden(const struct jh_system_config *cfg,
					   struct jh_cc_range *out)
{
	const struct jh_platform *p = &cfg->sys.platform;
	unsigned int n = 0;

	out[n++] = (struct jh_cc_range){ p->gicd_base, JH_GICD_SIZE, "GICD" };
	if (p->gic_version == 3)
		out[n++] = (struct jh_cc_range){ p->gicr_base,
			jh_cc_cpu_span(&cfg->root_cell) * JH_GICR_FRAME_SIZE,
			"GICR" };
	else
		out[n++] = (struct jh_cc_range){ p->gich_base, JH_GICH_SIZE,
						 "GICH" };
	return n;
}

/* ---- one cell descriptor (root or not) ---- */

static inline int jh_cc_region(const struct jh_memory_region *r,
			       unsigned int n,
			       const struct jh_memory_region *hv)
{
	if (!r->size || !jh_cc_aligned(r->phys_start | r->virt_start | r->size))
		return JH_CC_REFUSE(-JH_ERANGE, "config: region %u (0x%llx, size 0x%llx) empty or not page aligned",
				    n, r->phys_start, r->size);
	if (r->phys_start + r->size < r->phys_start ||
	    r->phys_start + r->size > JH_CC_ADDR_LIMIT ||
	    r->virt_start + r->size < r->virt_start ||
	    r->virt_start + r->size > JH_CC_ADDR_LIMIT)
		return JH_CC_REFUSE(-JH_ERANGE, "config: region %u (0x%llx, size 0x%llx) exceeds the address space",
				    n, r->phys_start, r->size);
	if (r->flags & ~(__u64)JH_MEM_VALID_FLAGS)
		return JH_CC_REFUSE(-JH_EINVAL, "config: region %u has unknown flags 0x%llx",
				    n, r->flags & ~(__u64)JH_MEM_VALID_FLAGS);
	if (hv && jh_cc_overlap(r->phys_start, r->size, hv->phys_start,
				hv->size))
		return JH_CC_REFUSE(-JH_EADDRNOTAVAIL, "config: region %u (0x%llx, size 0x%llx) overlaps hypervisor memory (0x%llx, size 0x%llx)",
				    n, r->phys_start, r->size, hv->phys_start,
				    hv->size);
	return 0;
}

/*
 * Regions of one cell overlapping each other in phys or guest addresses.
 * Checked after each region on its own, so a region that is wrong by
 * itself gets its own errno rather than the overlap's.
 */
static inline int jh_cc_self_overlap(const struct jh_cell_desc *cell)
{
	const struct jh_memory_region *r = jh_cell_regions(cell);
	unsigned int n, m;

	for (n = 0; n < cell->num_memory_regions; n++)
		for (m = 0; m < n; m++)
			if (jh_cc_overlap(r[n].phys_start, r[n].size,
					  r[m].phys_start, r[m].size) ||
			    jh_cc_overlap(r[n].virt_start, r[n].size,
					  r[m].virt_start, r[m].size))
				return JH_CC_REFUSE(-JH_EINVAL, "config: cell %s: regions %u and %u overlap",
						    cell->name, m, n);
	return 0;
}

static inline int jh_cc_irqs(const struct jh_cell_desc *cell)
{
	const struct jh_irq_range *irq = jh_cell_irqs(cell);
	unsigned int n, m;

	for (n = 0; n < cell->num_irq_ranges; n++) {
		if (!irq[n].count || irq[n].first < JH_CC_SPI_FIRST ||
		    (__u64)irq[n].first + irq[n].count > JH_CC_SPI_END)
			return JH_CC_REFUSE(-JH_EINVAL, "config: irq range %u (%u, count %u) invalid: SPIs are 32..1019",
					    n, irq[n].first, irq[n].count);
		for (m = 0; m < n; m++)
			if (jh_cc_overlap(irq[n].first, irq[n].count,
					  irq[m].first, irq[m].count))
				return JH_CC_REFUSE(-JH_EINVAL, "config: irq ranges %u and %u overlap",
						    m, n);
	}
	return 0;
}

static inline int jh_cc_name(const char *name)
{
	unsigned int len = 0;

	while (len < JH_CELL_NAME_LEN && name[len])
		len++;
	if (!len || len == JH_CELL_NAME_LEN)
		return JH_CC_REFUSE(-JH_EINVAL, "config: cell name empty or not terminated");
	return 0;
}

/*
 * A cell descriptor with @avail bytes for itself and its arrays: sizes,
 * name, flags, CPUs, each region on its own, irq ranges.
 */
static inline int jh_cc_desc(const struct jh_cell_desc *cell, __u64 avail,
			     const struct jh_memory_region *hv)
{
	const struct jh_memory_region *r;
	unsigned int n;
	int err;

	if (avail < sizeof(*cell) ||
	    cell->num_memory_regions > JH_MAX_MEM_REGIONS ||
	    cell->num_irq_ranges > JH_MAX_IRQ_RANGES ||
	    cell->num_links > JH_MAX_LINKS ||
	    jh_cell_desc_size(cell) != avail)
		return JH_CC_REFUSE(-JH_ENODATA, "config: cell arrays do not match the file size");
	err = jh_cc_name(cell->name);
	if (err)
		return err;
	if (cell->flags & ~(__u32)JH_CELL_VALID_FLAGS)
		return JH_CC_REFUSE(-JH_EINVAL, "config: cell has unknown flags 0x%x",
				    cell->flags);
	if (!jh_cc_cpu_span(cell))
		return JH_CC_REFUSE(-JH_EINVAL, "config: cell CPU set empty");
	r = jh_cell_regions(cell);
	for (n = 0; n < cell->num_memory_regions; n++) {
		err = jh_cc_region(&r[n], n, hv);
		if (err)
			return err;
	}
	return jh_cc_irqs(cell);
}

/* ---- inter-cell links (<jailhouse/link.h>, Documentation/links.md) ---- */

/* The cell owns SPI @irq (its own irq ranges). */
static inline int jh_cc_owns_irq(const struct jh_cell_desc *cell,
				 __u32 irq)
{
	const struct jh_irq_range *r = jh_cell_irqs(cell);
	unsigned int n;

	for (n = 0; n < cell->num_irq_ranges; n++)
		if (irq >= r[n].first && irq - r[n].first < r[n].count)
			return 1;
	return 0;
}

/* Non-empty, NUL-terminated and NUL-padded: names compare bytewise. */
static inline int jh_cc_link_name_ok(const char *name)
{
	unsigned int len = 0, n;

	while (len < JH_LINK_NAME_LEN && name[len])
		len++;
	if (!len || len == JH_LINK_NAME_LEN)
		return 0;
	for (n = len; n < JH_LINK_NAME_LEN; n++)
		if (name[n])
			return 0;
	return 1;
}

static inline int jh_cc_link_name_eq(const char *a, const char *b)
{
	unsigned int n;

	for (n = 0; n < JH_LINK_NAME_LEN; n++)
		if (a[n] != b[n])
			return 0;
	return 1;
}

/* Bytes of the link memory (state table, R/W section, outputs). */
static inline __u64 jh_cc_link_size(const struct jh_link *l)
{
	return jh_link_total_size(l->rw_size, l->out_size, l->max_peers);
}

/* Index of the system link called @name, or -1. */
static inline int jh_cc_find_link(const struct jh_system_config *sys,
				  const char *name)
{
	const struct jh_link *l = jh_system_links(sys);
	unsigned int n;

	for (n = 0; n < sys->sys.num_links; n++)
		if (jh_cc_link_name_eq(l[n].name, name))
			return (int)n;
	return -1;
}

/*
 * One entry of the system table by itself. The sizes are bounded before
 * they are added, so the total cannot wrap.
 */
static inline int jh_cc_link(const struct jh_link *l, unsigned int n)
{
	if (!jh_cc_link_name_ok(l->name))
		return JH_CC_REFUSE(-JH_EINVAL, "config: link %u: name empty, not NUL-terminated or not NUL-padded",
				    n);
	if (l->flags)
		return JH_CC_REFUSE(-JH_EINVAL, "config: link %s: flags 0x%x, must be 0",
				    l->name, l->flags);
	if (l->max_peers < 2 || l->max_peers > JH_LINK_MAX_PEERS)
		return JH_CC_REFUSE(-JH_EINVAL, "config: link %s: max_peers %u, must be 2..%u",
				    l->name, l->max_peers, JH_LINK_MAX_PEERS);
	if (!jh_cc_aligned(l->phys_start | l->rw_size | l->out_size))
		return JH_CC_REFUSE(-JH_ERANGE, "config: link %s: address 0x%llx, rw_size 0x%llx or out_size 0x%llx not page aligned",
				    l->name, l->phys_start, l->rw_size,
				    l->out_size);
	if (l->rw_size >= JH_CC_ADDR_LIMIT || l->out_size >= JH_CC_ADDR_LIMIT ||
	    l->phys_start >= JH_CC_ADDR_LIMIT ||
	    jh_cc_link_size(l) > JH_CC_ADDR_LIMIT - l->phys_start)
		return JH_CC_REFUSE(-JH_ERANGE, "config: link %s (0x%llx) exceeds the address space",
				    l->name, l->phys_start);
	return 0;
}

/* Link memory is nobody's region: not root's, not the hypervisor's. */
static inline int jh_cc_link_place(const struct jh_system_config *cfg,
				   const struct jh_link *l)
{
	const struct jh_memory_region *hv = &cfg->sys.hypervisor_memory;
	const struct jh_memory_region *r = jh_cell_regions(&cfg->root_cell);
	__u64 size = jh_cc_link_size(l);
	unsigned int n;

	if (jh_cc_overlap(l->phys_start, size, hv->phys_start, hv->size))
		return JH_CC_REFUSE(-JH_EADDRNOTAVAIL, "config: link %s (0x%llx, size 0x%llx) overlaps hypervisor memory",
				    l->name, l->phys_start, size);
	for (n = 0; n < cfg->root_cell.num_memory_regions; n++)
		if (jh_cc_overlap(l->phys_start, size, r[n].phys_start,
				  r[n].size))
			return JH_CC_REFUSE(-JH_EADDRINUSE, "config: link %s (0x%llx, size 0x%llx) overlaps root region %u (0x%llx)",
					    l->name, l->phys_start, size, n,
					    r[n].phys_start);
	return 0;
}

/* The system link table: each entry, unique names, disjoint memory. */
static inline int jh_cc_links(const struct jh_system_config *cfg)
{
	const struct jh_link *l = jh_system_links(cfg);
	unsigned int n, m;
	int err;

	for (n = 0; n < cfg->sys.num_links; n++) {
		err = jh_cc_link(&l[n], n);
		if (!err)
			err = jh_cc_link_place(cfg, &l[n]);
		if (err)
			return err;
		for (m = 0; m < n; m++) {
			if (jh_cc_link_name_eq(l[n].name, l[m].name))
				return JH_CC_REFUSE(-JH_EEXIST, "config: link name %s used twice",
						    l[n].name);
			if (jh_cc_overlap(l[n].phys_start,
					  jh_cc_link_size(&l[n]),
					  l[m].phys_start,
					  jh_cc_link_size(&l[m])))
				return JH_CC_REFUSE(-JH_EADDRINUSE, "config: links %s and %s overlap",
						    l[m].name, l[n].name);
		}
	}
	return 0;
}

/*
 * A guest range of a member (its register page or link memory) that the
 * cell has nothing else at: no region, no emulated UART, no GIC frame.
 */
static inline int jh_cc_member_range(const struct jh_system_config *sys,
				     const struct jh_cell_desc *cell,
				     const struct jh_link_member *m,
				     __u64 start, __u64 size,
				     const char *what)
{
	const struct jh_memory_region *r = jh_cell_regions(cell);
	struct jh_cc_range f[JH_CC_MAX_FORBIDDEN];
	unsigned int n, count;

	if (!jh_cc_aligned(start) || start >= JH_CC_ADDR_LIMIT ||
	    size > JH_CC_ADDR_LIMIT - start)
		return JH_CC_REFUSE(-JH_ERANGE, "cell %s: link %s: %s 0x%llx not page aligned or beyond 48 bits",
				    cell->name, m->name, what, start);
	for (n = 0; n < cell->num_memory_regions; n++)
		if (jh_cc_overlap(start, size, r[n].virt_start, r[n].size))
			return JH_CC_REFUSE(-JH_EADDRINUSE, "cell %s: link %s: %s 0x%llx overlaps region %u (guest 0x%llx)",
					    cell->name, m->name, what, start,
					    n, r[n].virt_start);
	if (cell->uart_base &&
	    jh_cc_overlap(start, size, cell->uart_base, JH_CC_PAGE_SIZE))
		return JH_CC_REFUSE(-JH_EADDRINUSE, "cell %s: link %s: %s 0x%llx overlaps the emulated UART",
				    cell->name, m->name, what, start);
	count = jh_cc_forbidden(sys, f);
	for (n = 0; n < count; n++)
		if (jh_cc_overlap(start, size, f[n].start, f[n].size))
			return JH_CC_REFUSE(-JH_EINVAL, "cell %s: link %s: %s 0x%llx overlaps the emulated interrupt controller (%s)",
					    cell->name, m->name, what, start,
					    f[n].what);
	return 0;
}

/* The doorbell SPI: the cell's own (root: any SPI), not the UART's. */
static inline int jh_cc_member_irq(const struct jh_cell_desc *cell,
				   const struct jh_link_member *m, int is_root)
{
	if (m->irq < JH_CC_SPI_FIRST || m->irq >= JH_CC_SPI_END ||
	    (!is_root && !jh_cc_owns_irq(cell, m->irq)))
		return JH_CC_REFUSE(-JH_EINVAL, "cell %s: link %s: irq %u is not an SPI of the cell",
				    cell->name, m->name, m->irq);
	if (cell->uart_base && m->irq == cell->uart_irq)
		return JH_CC_REFUSE(-JH_EINVAL, "cell %s: link %s: irq %u is the UART's",
				    cell->name, m->name, m->irq);
	return 0;
}

/* Member @n of @cell against the system link table of @sys. */
static inline int jh_cc_member(const struct jh_system_config *sys,
			       const struct jh_cell_desc *cell,
			       unsigned int n, int is_root)
{
	const struct jh_link_member *m = &jh_cell_links(cell)[n];
	const struct jh_link *l;
	int idx, err;

	if (!jh_cc_link_name_ok(m->name))
		return JH_CC_REFUSE(-JH_EINVAL, "cell %s: link member %u: name empty, not NUL-terminated or not NUL-padded",
				    cell->name, n);
	idx = jh_cc_find_link(sys, m->name);
	if (idx < 0)
		return JH_CC_REFUSE(-JH_ENOENT, "cell %s: link %s is not in the system config",
				    cell->name, m->name);
	l = &jh_system_links(sys)[idx];
	if (m->peer_id >= l->max_peers)
		return JH_CC_REFUSE(-JH_EINVAL, "cell %s: link %s: peer %u, the link has %u peers",
				    cell->name, m->name, m->peer_id,
				    l->max_peers);
	if (is_root && m->shm_ipa != l->phys_start)
		return JH_CC_REFUSE(-JH_EINVAL, "cell %s: link %s: root sees link memory at its address 0x%llx, not 0x%llx",
				    cell->name, m->name, l->phys_start,
				    m->shm_ipa);
	err = jh_cc_member_range(sys, cell, m, m->reg_ipa, JH_LINK_REG_SIZE,
				 "register page");
	if (!err)
		err = jh_cc_member_range(sys, cell, m, m->shm_ipa,
					 jh_cc_link_size(l), "link memory");
	if (!err && jh_cc_overlap(m->reg_ipa, JH_LINK_REG_SIZE, m->shm_ipa,
				  jh_cc_link_size(l)))
		err = JH_CC_REFUSE(-JH_EADDRINUSE, "cell %s: link %s: register page overlaps the link memory",
				   cell->name, m->name);
	if (!err)
		err = jh_cc_member_irq(cell, m, is_root);
	return err;
}

/* Two members of one cell: different links, ranges and doorbells. */
static inline int jh_cc_member_pair(const struct jh_system_config *sys,
				    const struct jh_cell_desc *cell,
				    unsigned int a, unsigned int b)
{
	const struct jh_link_member *m = jh_cell_links(cell);
	const struct jh_link *l = jh_system_links(sys);
	__u64 sa = jh_cc_link_size(&l[jh_cc_find_link(sys, m[a].name)]);
	__u64 sb = jh_cc_link_size(&l[jh_cc_find_link(sys, m[b].name)]);

	if (jh_cc_link_name_eq(m[a].name, m[b].name))
		return JH_CC_REFUSE(-JH_EEXIST, "cell %s: joins link %s twice",
				    cell->name, m[a].name);
	if (m[a].irq == m[b].irq)
		return JH_CC_REFUSE(-JH_EINVAL, "cell %s: links %s and %s share irq %u",
				    cell->name, m[a].name, m[b].name,
				    m[a].irq);
	if (jh_cc_overlap(m[a].reg_ipa, JH_LINK_REG_SIZE, m[b].reg_ipa,
			  JH_LINK_REG_SIZE) ||
	    jh_cc_overlap(m[a].shm_ipa, sa, m[b].shm_ipa, sb) ||
	    jh_cc_overlap(m[a].reg_ipa, JH_LINK_REG_SIZE, m[b].shm_ipa, sb) ||
	    jh_cc_overlap(m[b].reg_ipa, JH_LINK_REG_SIZE, m[a].shm_ipa, sa))
		return JH_CC_REFUSE(-JH_EADDRINUSE, "cell %s: links %s and %s overlap in guest addresses",
				    cell->name, m[a].name, m[b].name);
	return 0;
}

static inline int jh_cc_members(const struct jh_system_config *sys,
				const struct jh_cell_desc *cell, int is_root)
{
	unsigned int n, k;
	int err;

	for (n = 0; n < cell->num_links; n++) {
		err = jh_cc_member(sys, cell, n, is_root);
		if (err)
			return err;
		for (k = 0; k < n; k++) {
			err = jh_cc_member_pair(sys, cell, k, n);
			if (err)
				return err;
		}
	}
	return 0;
}

/*
 * A cell region placed on link memory: nobody maps it but the hypervisor.
 * (A region reaching into link memory from elsewhere is not inside one
 * root region either, and refused as such.)
 */
static inline int jh_cc_region_links(const struct jh_system_config *sys,
				     const struct jh_cell_desc *cell,
				     unsigned int n)
{
	const struct jh_memory_region *r = &jh_cell_regions(cell)[n];
	const struct jh_link *l = jh_system_links(sys);
	unsigned int k;

	for (k = 0; k < sys->sys.num_links; k++)
		if (jh_cc_overlap(r->phys_start, 1, l[k].phys_start,
				  jh_cc_link_size(&l[k])))
			return JH_CC_REFUSE(-JH_EADDRINUSE, "cell %s: region %u (0x%llx, size 0x%llx) overlaps the memory of link %s",
					    cell->name, n, r->phys_start,
					    r->size, l[k].name);
	return 0;
}

/* ---- the system config ---- */

static inline int jh_cc_gic(const struct jh_platform *p)
{
	int v3 = p->gic_version == 3;

	if ((p->gic_version != 2 && !v3) || !p->gicd_base ||
	    (v3 && (!p->gicr_base || p->gicc_base || p->gich_base ||
		    p->gicv_base)) ||
	    (!v3 && (p->gicr_base || !p->gicc_base || !p->gich_base ||
		     !p->gicv_base)) ||
	    !jh_cc_aligned(p->gicd_base | p->gicr_base | p->gicc_base |
			   p->gich_base | p->gicv_base))
		return JH_CC_REFUSE(-JH_EINVAL, "config: GIC version %u at 0x%llx invalid",
				    p->gic_version, p->gicd_base);
	/* The ITS: 64 KiB frames, GICv3 only. */
	if ((p->gits_base || p->gits_size) &&
	    (!v3 || !p->gits_base || !p->gits_size ||
	     ((p->gits_base | p->gits_size) & 0xffffULL) ||
	     p->gits_base + p->gits_size < p->gits_base ||
	     p->gits_base + p->gits_size > JH_CC_ADDR_LIMIT))
		return JH_CC_REFUSE(-JH_EINVAL, "config: GIC ITS at 0x%llx size 0x%llx invalid",
				    p->gits_base, p->gits_size);
	if (p->maintenance_irq < 16 || p->maintenance_irq > 31)
		return JH_CC_REFUSE(-JH_EINVAL, "config: maintenance irq %u is not a PPI (16..31)",
				    p->maintenance_irq);
	return 0;
}

static inline int jh_cc_console(const struct jh_console *c)
{
	if (c->type > JH_CONSOLE_PL011 ||
	    (c->type && (!c->address || !c->size ||
			 !jh_cc_aligned(c->address))))
		return JH_CC_REFUSE(-JH_EINVAL, "config: debug console type %u at 0x%llx invalid",
				    c->type, c->address);
	return 0;
}

/* The root cell maps @what with an I/O region (Linux needs it). */
static inline int jh_cc_root_maps(const struct jh_cell_desc *root,
				  __u64 start, __u64 size, const char *what)
{
	const struct jh_memory_region *r = jh_cc_root_region(root, start, size);

	if (!r || !(r->flags & JH_MEM_IO))
		return JH_CC_REFUSE(-JH_EINVAL, "config: %s (0x%llx, size 0x%llx) is not inside one root I/O region",
				    what, start, size);
	return 0;
}

static inline int jh_cc_root_devices(const struct jh_system_config *cfg)
{
	const struct jh_system *s = &cfg->sys;
	const struct jh_cell_desc *root = &cfg->root_cell;
	int err;

	err = jh_cc_root_maps(root, s->platform.gicd_base, JH_GICD_SIZE,
			      "GICD");
	if (!err && s->platform.gic_version == 3)
		err = jh_cc_root_maps(root, s->platform.gicr_base,
				      jh_cc_cpu_span(root) * JH_GICR_FRAME_SIZE,
				      "GICR of the root CPUs");
	if (!err && s->platform.gits_size)
		err = jh_cc_root_maps(root, s->platform.gits_base,
				      s->platform.gits_size, "GIC ITS");
	if (!err && s->platform.gic_version == 2)
		err = jh_cc_root_maps(root, s->platform.gicc_base,
				      JH_GICC_SIZE, "GICC");
	if (!err && s->console.type)
		err = jh_cc_root_maps(root, s->console.address,
				      s->console.size, "debug console");
	return err;
}

static inline int jh_cc_root_regions(const struct jh_cell_desc *root)
{
	const struct jh_memory_region *r = jh_cell_regions(root);
	unsigned int n;

	if (!jh_cc_has_cpu(root, 0))
		return JH_CC_REFUSE(-JH_EINVAL, "config: the root cell must own CPU 0");
	/* Root drives the real devices; only cells get an emulated UART. */
	if (root->uart_base || root->uart_irq)
		return JH_CC_REFUSE(-JH_EINVAL, "config: the root cell cannot have an emulated UART (uart_base 0x%llx)",
				    root->uart_base);
	for (n = 0; n < root->num_memory_regions; n++)
		if (r[n].phys_start != r[n].virt_start)
			return JH_CC_REFUSE(-JH_EINVAL, "config: root region %u must be identity mapped (virt == phys)",
					    n);
	return 0;
}

/* Core, per-CPU areas of the root CPUs, config copy and a minimal pool. */
static inline int jh_cc_hv_size(const struct jh_system_config *cfg)
{
	const struct jh_memory_region *hv = &cfg->sys.hypervisor_memory;
	__u64 need = JH_HV_CORE_BUDGET +
		     jh_cc_cpu_span(&cfg->root_cell) * JH_HV_PERCPU_SIZE +
		     ((cfg->hdr.total_size + JH_CC_PAGE_SIZE - 1) &
		      ~(JH_CC_PAGE_SIZE - 1)) +
		     JH_HV_MIN_POOL_PAGES * JH_CC_PAGE_SIZE;

	if (hv->size < need)
		return JH_CC_REFUSE(-JH_ENOMEM, "config: hypervisor memory of 0x%llx bytes too small, %u CPUs need at least 0x%llx",
				    hv->size, jh_cc_cpu_span(&cfg->root_cell),
				    need);
	return 0;
}

/*
 * A system config whose header the caller checked (total_size is the
 * file size). Returns 0 or a negative errno after reporting the cause.
 */
static inline int jh_cc_system(const struct jh_system_config *cfg)
{
	const struct jh_memory_region *hv = &cfg->sys.hypervisor_memory;
	__u64 fixed = sizeof(cfg->hdr) + sizeof(cfg->sys);
	int err;

	if (cfg->hdr.total_size < sizeof(*cfg))
		return JH_CC_REFUSE(-JH_ENODATA, "config: truncated system config");
	if (cfg->sys.num_links > JH_MAX_LINKS || cfg->sys.reserved)
		return JH_CC_REFUSE(-JH_EINVAL, "config: %u links (at most %u) or system reserved 0x%x not 0",
				    cfg->sys.num_links, JH_MAX_LINKS,
				    cfg->sys.reserved);
	/* The link table follows the root cell's arrays. */
	fixed += (__u64)cfg->sys.num_links * sizeof(struct jh_link);
	if (cfg->hdr.total_size < fixed + sizeof(cfg->root_cell))
		return JH_CC_REFUSE(-JH_ENODATA, "config: truncated system config");
	if (!hv->size || !jh_cc_aligned(hv->phys_start | hv->size) ||
	    hv->phys_start + hv->size < hv->phys_start ||
	    hv->phys_start + hv->size > JH_CC_ADDR_LIMIT)
		return JH_CC_REFUSE(-JH_EINVAL, "config: hypervisor memory 0x%llx size 0x%llx empty, misaligned or beyond 48 bits",
				    hv->phys_start, hv->size);
	err = jh_cc_console(&cfg->sys.console);
	if (!err)
		err = jh_cc_gic(&cfg->sys.platform);
	if (!err)
		err = jh_cc_desc(&cfg->root_cell, cfg->hdr.total_size - fixed,
				 hv);
	if (!err)
		err = jh_cc_self_overlap(&cfg->root_cell);
	if (!err)
		err = jh_cc_root_regions(&cfg->root_cell);
	if (!err)
		err = jh_cc_root_devices(cfg);
	if (!err)
		err = jh_cc_hv_size(cfg);
	if (!err)
		err = jh_cc_links(cfg);
	if (!err)
		err = jh_cc_members(cfg, &cfg->root_cell, 1);
	return err;
}

/* ---- a cell config against the system config ---- */

static inline int jh_cc_cell_cpus(const struct jh_cell_desc *root,
				  const struct jh_cell_desc *cell)
{
	unsigned int cpu;

	if (jh_cc_has_cpu(cell, 0))
		return JH_CC_REFUSE(-JH_EPERM, "cell %s: CPU 0 always stays with the root cell",
				    cell->name);
	for (cpu = 1; cpu < JH_MAX_CPUS; cpu++)
		if (jh_cc_has_cpu(cell, cpu) && !jh_cc_has_cpu(root, cpu))
			return JH_CC_REFUSE(-JH_EBUSY, "cell %s: CPU %u is not a CPU of the root cell",
					    cell->name, cpu);
	return 0;
}

/* @start (the region's phys or guest address) over a GIC frame. */
static inline int jh_cc_emulated(const struct jh_system_config *sys,
				 const struct jh_cell_desc *cell,
				 unsigned int n, __u64 start)
{
	const struct jh_memory_region *r = &jh_cell_regions(cell)[n];
	struct jh_cc_range f[JH_CC_MAX_FORBIDDEN];
	unsigned int i, count = jh_cc_forbidden(sys, f);

	for (i = 0; i < count; i++)
		if (jh_cc_overlap(start, r->size, f[i].start, f[i].size))
			return JH_CC_REFUSE(-JH_EINVAL, "cell %s: region %u (0x%llx -> 0x%llx) covers the emulated interrupt controller (%s)",
					    cell->name, n, r->phys_start,
					    r->virt_start, f[i].what);
	return 0;
}

/*
 * Linux RAM: the root regions with `execute` are the RAM Linux runs in
 * (the config tool and `config create` write them so); only rootshared
 * regions may lie there. The driver also asks the running kernel.
 */
static inline int jh_cc_linux_ram(const struct jh_cell_desc *cell,
				  unsigned int n,
				  const struct jh_memory_region *root)
{
	const struct jh_memory_region *r = &jh_cell_regions(cell)[n];

	if ((root->flags & JH_MEM_EXECUTE) && !(root->flags & JH_MEM_IO) &&
	    !(r->flags & JH_MEM_ROOTSHARED))
		return JH_CC_REFUSE(-JH_EADDRINUSE, "cell %s: region %u (0x%llx, size 0x%llx) is in root RAM Linux runs in (an execute region)",
				    cell->name, n, r->phys_start, r->size);
	return 0;
}

/*
 * DMA masters reach all physical memory while there is no IOMMU: the ITS
 * (it writes its tables and translations wherever it is told) and every
 * device flagged dma, in the cell's config or in root's. Only root, which
 * is trusted with all memory anyway, may drive one.
 */
static inline int jh_cc_dma_master(const struct jh_system_config *sys,
				   const struct jh_cell_desc *cell,
				   unsigned int n,
				   const struct jh_memory_region *root)
{
	const struct jh_platform *p = &sys->sys.platform;
	const struct jh_memory_region *r = &jh_cell_regions(cell)[n];

	if (p->gits_size && jh_cc_overlap(r->phys_start, r->size,
					  p->gits_base, p->gits_size))
		return JH_CC_REFUSE(-JH_EINVAL, "cell %s: region %u (0x%llx) covers the GIC ITS, a DMA master that only root may program",
				    cell->name, n, r->phys_start);
	if ((r->flags & JH_MEM_IO) && ((r->flags | root->flags) & JH_MEM_DMA))
		return JH_CC_REFUSE(-JH_EPERM, "cell %s: region %u (0x%llx) is a DMA-capable device; without an IOMMU it could write anywhere, so only root may have it",
				    cell->name, n, r->phys_start);
	return 0;
}

static inline int jh_cc_comm(const struct jh_cell_desc *cell, unsigned int n)
{
	const struct jh_memory_region *r = &jh_cell_regions(cell)[n];

	if (r->virt_start != cell->comm_region || r->size != JH_CC_PAGE_SIZE ||
	    (r->flags & (JH_MEM_IO | JH_MEM_ROOTSHARED | JH_MEM_LOADABLE)))
		return JH_CC_REFUSE(-JH_EINVAL, "cell %s: comm region must be one RAM page at comm_region (0x%llx), neither rootshared nor loadable",
				    cell->name, cell->comm_region);
	return 0;
}

static inline int jh_cc_cell_region(const struct jh_system_config *sys,
				    const struct jh_cell_desc *cell,
				    unsigned int n)
{
	const struct jh_memory_region *r = &jh_cell_regions(cell)[n];
	const struct jh_memory_region *root;
	int err;

	/* Physical GIC first: that is what a cell must never get. */
	err = jh_cc_emulated(sys, cell, n, r->phys_start);
	if (!err)
		err = jh_cc_region_links(sys, cell, n);
	if (err)
		return err;
	root = jh_cc_root_region(&sys->root_cell, r->phys_start, r->size);
	if (!root || ((root->flags ^ r->flags) & JH_MEM_IO))
		return JH_CC_REFUSE(-JH_ERANGE, "cell %s: region %u (0x%llx, size 0x%llx) is not inside one root %s region",
				    cell->name, n, r->phys_start, r->size,
				    (r->flags & JH_MEM_IO) ? "I/O" : "memory");
	err = jh_cc_emulated(sys, cell, n, r->virt_start);
	if (!err)
		err = jh_cc_dma_master(sys, cell, n, root);
	if (!err)
		err = jh_cc_linux_ram(cell, n, root);
	if (!err && (r->flags & JH_MEM_COMM_REGION))
		err = jh_cc_comm(cell, n);
	return err;
}

/*
 * Devices DMA with physical addresses: with a device assigned, a `dma`
 * region must be identity mapped or the device writes elsewhere.
 */
static inline int jh_cc_dma(const struct jh_cell_desc *cell)
{
	const struct jh_memory_region *r = jh_cell_regions(cell);
	unsigned int n, m;

	for (n = 0; n < cell->num_memory_regions; n++) {
		if (!(r[n].flags & JH_MEM_DMA) ||
		    r[n].phys_start == r[n].virt_start)
			continue;
		for (m = 0; m < cell->num_memory_regions; m++)
			if (r[m].flags & JH_MEM_IO)
				return JH_CC_REFUSE(-JH_EINVAL, "cell %s: dma region %u has virt 0x%llx != phys 0x%llx while device region %u is assigned",
						    cell->name, n,
						    r[n].virt_start,
						    r[n].phys_start, m);
	}
	return 0;
}

static inline int jh_cc_entry_comm(const struct jh_cell_desc *cell)
{
	const struct jh_memory_region *r = jh_cell_regions(cell);
	unsigned int n, comms = 0;
	int entry_ok = 0;

	for (n = 0; n < cell->num_memory_regions; n++) {
		comms += (r[n].flags & JH_MEM_COMM_REGION) != 0;
		if ((r[n].flags & JH_MEM_EXECUTE) &&
		    jh_cc_inside(cell->entry, 4, r[n].virt_start, r[n].size))
			entry_ok = 1;
	}
	if (comms != (cell->comm_region ? 1U : 0U))
		return JH_CC_REFUSE(-JH_EINVAL, "cell %s: comm_region 0x%llx needs exactly one region with the comm_region flag",
				    cell->name, cell->comm_region);
	if (!entry_ok)
		return JH_CC_REFUSE(-JH_EINVAL, "cell %s: entry 0x%llx is not in an executable region",
				    cell->name, cell->entry);
	return 0;
}

/* Every interrupt of the cell is one the root cell's config owns. */
static inline int jh_cc_cell_irqs(const struct jh_cell_desc *root,
				  const struct jh_cell_desc *cell)
{
	const struct jh_irq_range *irq = jh_cell_irqs(cell);
	const struct jh_irq_range *own = jh_cell_irqs(root);
	unsigned int n, m, i;
	int found;

	for (n = 0; n < cell->num_irq_ranges; n++)
		for (i = irq[n].first; i < irq[n].first + irq[n].count; i++) {
			found = 0;
			for (m = 0; m < root->num_irq_ranges && !found; m++)
				found = i >= own[m].first &&
					i - own[m].first < own[m].count;
			if (!found)
				return JH_CC_REFUSE(-JH_EBUSY, "cell %s: interrupt %u is not owned by the root cell",
						    cell->name, i);
		}
	return 0;
}

/*
 * The emulated PL011: a page of guest addresses that nothing else of the
 * cell occupies (the hypervisor traps it, so it must not be mapped), and
 * a level SPI the cell owns, so no other cell can receive it physically.
 */
static inline int jh_cc_uart(const struct jh_system_config *sys,
			     const struct jh_cell_desc *cell)
{
	const struct jh_memory_region *r = jh_cell_regions(cell);
	struct jh_cc_range f[JH_CC_MAX_FORBIDDEN];
	unsigned int n, count;

	if (!cell->uart_base) {
		if (cell->uart_irq)
			return JH_CC_REFUSE(-JH_EINVAL, "cell %s: uart_irq %u without uart_base",
					    cell->name, cell->uart_irq);
		return 0;
	}
	if (!jh_cc_aligned(cell->uart_base) ||
	    cell->uart_base >= JH_CC_ADDR_LIMIT)
		return JH_CC_REFUSE(-JH_EINVAL, "cell %s: uart_base 0x%llx not page aligned or beyond 48 bits",
				    cell->name, cell->uart_base);
	for (n = 0; n < cell->num_memory_regions; n++)
		if (jh_cc_overlap(cell->uart_base, JH_CC_PAGE_SIZE,
				  r[n].virt_start, r[n].size))
			return JH_CC_REFUSE(-JH_EINVAL, "cell %s: uart_base 0x%llx overlaps region %u (guest 0x%llx)",
					    cell->name, cell->uart_base, n,
					    r[n].virt_start);
	count = jh_cc_forbidden(sys, f);
	for (n = 0; n < count; n++)
		if (jh_cc_overlap(cell->uart_base, JH_CC_PAGE_SIZE,
				  f[n].start, f[n].size))
			return JH_CC_REFUSE(-JH_EINVAL, "cell %s: uart_base 0x%llx overlaps the emulated interrupt controller (%s)",
					    cell->name, cell->uart_base,
					    f[n].what);
	if (!jh_cc_owns_irq(cell, cell->uart_irq))
		return JH_CC_REFUSE(-JH_EINVAL, "cell %s: uart_irq %u is not one of the cell's interrupts",
				    cell->name, cell->uart_irq);
	return 0;
}

/*
 * A cell config (header checked by the caller, @avail bytes after it)
 * against the system config @sys that jh_cc_system() accepted.
 */
static inline int jh_cc_cell(const struct jh_system_config *sys,
			     const struct jh_cell_desc *cell, __u64 avail)
{
	unsigned int n;
	int err;

	err = jh_cc_desc(cell, avail, &sys->sys.hypervisor_memory);
	if (!err)
		err = jh_cc_cell_cpus(&sys->root_cell, cell);
	for (n = 0; !err && n < cell->num_memory_regions; n++)
		err = jh_cc_cell_region(sys, cell, n);
	if (!err)
		err = jh_cc_self_overlap(cell);
	if (!err)
		err = jh_cc_entry_comm(cell);
	if (!err)
		err = jh_cc_dma(cell);
	if (!err)
		err = jh_cc_cell_irqs(&sys->root_cell, cell);
	if (!err)
		err = jh_cc_uart(sys, cell);
	if (!err)
		err = jh_cc_members(sys, cell, 0);
	return err;
}

#endif
