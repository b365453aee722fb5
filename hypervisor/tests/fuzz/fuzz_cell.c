// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for cell creation as the root cell reaches it: the
 * input is a cell config in root RAM, handed to JH_HC_CELL_CREATE on CPU
 * 0. Layout, resident cell and script format: fuzz_cell.h.
 *
 * Invariants checked (any violation aborts, libFuzzer keeps the input):
 * - every hypercall returns a cell ID, a documented value or a negative
 *   errno of include/jailhouse/errno.h;
 * - a refused create changes nothing: pool usage, root CPUs, root SPIs,
 *   root stage-2 table count and mappings, CPUs, the resident cell;
 * - while the cell exists, root owns none of its CPUs and SPIs and maps
 *   none of its private memory (loadable memory only while none of the
 *   cell's CPUs runs or is being started), and the cell's stage 2 maps
 *   only root memory outside the hypervisor, the GIC and the resident's
 *   private memory; link memory only if the cell is a member of the link,
 *   at its shm_ipa, with the permissions of Documentation/links.md;
 * - after destroy everything is as before the create, link membership
 *   and state table included;
 * - all of this also while the script has the pool nearly exhausted
 *   (FC_OP_POOL), as other cells' creates can leave it;
 * - the same create with the pool short of pages (failing at the first,
 *   the last and one other allocation) or with arch_cell_init failing is
 *   refused with -ENOMEM and leaves everything unchanged (rollbacks).
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "fake.h"
#include "fake_config.h"
#include "fuzz_fail.h"
#include "fuzz_cell.h"
#include <hv/cell.h>
#include <hv/config.h>
#include <hv/control.h>
#include <hv/hypercall.h>
#include <hv/link.h>
#include <hv/percpu.h>
#include <hv/pool.h>
#include <hv/setup.h>
#include <jailhouse/comm.h>
#include <jailhouse/errno.h>
#include <jailhouse/hypercall.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define POOL_PAGES	1024
#define MAX_SCRIPT	64

static u64 sys_buf[CFG_BUF_SIZE / 8];
static struct jh_system_config *const sys = (void *)sys_buf;
static struct cell *resident;
static bool debug;

#define fail(...) fuzz_fail("fuzz_cell", __VA_ARGS__)

static void __attribute__((format(printf, 1, 2))) dbg(const char *fmt, ...)
{
	va_list ap;

	if (!debug)
		return;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

/* ------------------------------------------------------- return values */

static bool is_errno(long ret)
{
	switch (-ret) {
	case JH_EPERM: case JH_ENOENT: case JH_ESRCH: case JH_ENOEXEC:
	case JH_ENOMEM: case JH_EFAULT: case JH_EBUSY: case JH_EEXIST:
	case JH_EXDEV: case JH_ENODEV: case JH_EINVAL: case JH_ENOSPC:
	case JH_ERANGE: case JH_ENOSYS: case JH_ENOTEMPTY: case JH_ENODATA:
	case JH_EPROTO: case JH_EBADMSG: case JH_ELIBBAD: case JH_EOPNOTSUPP:
	case JH_EADDRINUSE: case JH_EADDRNOTAVAIL: case JH_ETIMEDOUT:
	case JH_EALREADY:
		return true;
	default:
		return false;
	}
}

static long hc(unsigned int cpu, u64 code, u64 arg1, u64 arg2)
{
	bool leave;
	long ret = hypercall(per_cpu(cpu), code, arg1, arg2, &leave);

	if (leave)
		fail("hypercall %llu left the hypervisor",
		     (unsigned long long)code);
	dbg("  hc(cpu %u, %llu, 0x%llx, 0x%llx) = %ld\n", cpu,
	    (unsigned long long)code, (unsigned long long)arg1,
	    (unsigned long long)arg2, ret);
	return ret;
}

static void expect_errno_or(long ret, long ok1, long ok2, const char *what)
{
	if (ret != ok1 && ret != ok2 && !is_errno(ret))
		fail("%s returned %ld", what, ret);
}

/* ------------------------------------------------- stage-2 inspection */

/*
 * The walks below run several times per input over every root table:
 * keep libFuzzer's comparison tracing out of them, it is most of the
 * time otherwise and says nothing about the code under test.
 */
#define NO_COVERAGE	__attribute__((no_sanitize("coverage")))

typedef void leaf_fn(void *ctx, u64 virt, u64 phys, u64 size,
		     unsigned long flags);

/*
 * Calls @fn for every leaf; returns the number of table pages. Decodes
 * the fake arch's entries itself (fake.h), for speed.
 */
static NO_COVERAGE unsigned long walk(const pte_t *table, unsigned int level,
				      unsigned int entries, u64 base,
				      leaf_fn *fn, void *ctx)
{
	u64 span = 1ULL << paging_level_shift(level);
	unsigned long tables = (entries + PTES_PER_TABLE - 1) /
			       PTES_PER_TABLE;
	unsigned int n;

	for (n = 0; n < entries; n++) {
		pte_t pte = table[n];
		u64 virt = base + n * span;

		if (!(pte & FAKE_PTE_VALID))
			continue;
		if (level < 3 && (pte & FAKE_PTE_TABLE))
			tables += walk((const pte_t *)(pte &
						       FAKE_PTE_ADDR_MASK),
				       level + 1, PTES_PER_TABLE, virt, fn,
				       ctx);
		else
			fn(ctx, virt, pte & FAKE_PTE_ADDR_MASK, span,
			   (pte >> FAKE_PTE_FLAGS_SHIFT) & 0xf);
	}
	return tables;
}

static unsigned long walk_s2(const struct page_table *pt, leaf_fn *fn,
			     void *ctx)
{
	if (pt->fmt != &fake_format)
		fail("stage 2 not in the fake format");
	return walk(pt->root, pt->root_level, PTES_PER_TABLE * pt->root_pages,
		    0, fn, ctx);
}

/* Digest of the mapping as ranges, independent of the table layout. */
struct digest {
	u64 hash;
	u64 virt, phys, size;
	unsigned long flags;
};

static NO_COVERAGE void digest_flush(struct digest *d)
{
	const u64 v[4] = { d->virt, d->phys, d->size, d->flags };
	unsigned int n;

	for (n = 0; n < 4; n++)
		d->hash = (d->hash ^ v[n]) * 0x100000001b3ULL;
}

static NO_COVERAGE void digest_leaf(void *ctx, u64 virt, u64 phys, u64 size,
				    unsigned long flags)
{
	struct digest *d = ctx;

	if (d->size && virt == d->virt + d->size &&
	    phys == d->phys + d->size && flags == d->flags) {
		d->size += size;
		return;
	}
	if (d->size)
		digest_flush(d);
	*d = (struct digest){ d->hash, virt, phys, size, flags };
}

/* The mapping digest of @pt; *@tables: its table pages. */
static u64 map_digest(const struct page_table *pt, unsigned long *tables)
{
	struct digest d = { .hash = 0xcbf29ce484222325ULL };

	*tables = walk_s2(pt, digest_leaf, &d);
	if (d.size)
		digest_flush(&d);
	return d.hash;
}

static bool root_maps(u64 addr)
{
	return paging_lookup(&root_cell.s2, addr, NULL, NULL);
}

/* ------------------------------------------------------------ snapshots */

struct world {
	unsigned long pool_used, root_tables;
	u64 root_map;
	u64 root_cpus[JH_CPU_SET_WORDS];
	u64 root_irqs[BITMAP_WORDS(NUM_INTIDS)];
	unsigned int cells;
	enum cpu_state cpu_state[FC_CPUS];
	u32 cpu_request[FC_CPUS];
	const struct cell *cpu_cell[FC_CPUS];
	u32 res_state;
	bool res_loadable;
	unsigned int link_members;
	u64 link_states;	/* hash of the state table */
};

static NO_COVERAGE u64 link_states_hash(void)
{
	const u32 *states = (const u32 *)FC_LINK_BASE;
	u64 hash = 0xcbf29ce484222325ULL;
	unsigned int n;

	for (n = 0; n < JH_LINK_STATE_SIZE / 4; n++)
		hash = (hash ^ states[n]) * 0x100000001b3ULL;
	return hash;
}

static void snap(struct world *w)
{
	unsigned int n;

	memset(w, 0, sizeof(*w));
	w->pool_used = mem_pool.used;
	/* Table pages as paging_count_tables() counts them. */
	w->root_map = map_digest(&root_cell.s2, &w->root_tables);
	memcpy(w->root_cpus, root_cell.cpus, sizeof(w->root_cpus));
	memcpy(w->root_irqs, root_cell.irqs, sizeof(w->root_irqs));
	w->cells = cell_count();
	for (n = 0; n < FC_CPUS; n++) {
		w->cpu_state[n] = per_cpu(n)->state;
		w->cpu_request[n] = per_cpu(n)->request;
		w->cpu_cell[n] = per_cpu(n)->cell;
	}
	w->res_state = resident->state;
	w->res_loadable = resident->loadable_mapped;
	w->link_members = links[0].members;
	w->link_states = link_states_hash();
}

static void same(const struct world *a, const char *when)
{
	struct world b;
	unsigned int n;

	snap(&b);
	if (a->pool_used != b.pool_used)
		fail("%s: pool used %lu, was %lu", when, b.pool_used,
		     a->pool_used);
	if (a->root_tables != b.root_tables)
		fail("%s: root stage-2 tables %lu, were %lu", when,
		     b.root_tables, a->root_tables);
	if (a->root_map != b.root_map)
		fail("%s: root stage-2 mappings changed", when);
	if (memcmp(a->root_cpus, b.root_cpus, sizeof(b.root_cpus)))
		fail("%s: root CPUs 0x%llx, were 0x%llx", when,
		     (unsigned long long)b.root_cpus[0],
		     (unsigned long long)a->root_cpus[0]);
	if (memcmp(a->root_irqs, b.root_irqs, sizeof(b.root_irqs)))
		fail("%s: root interrupt bitmap changed", when);
	if (a->cells != b.cells)
		fail("%s: %u cells, were %u", when, b.cells, a->cells);
	for (n = 0; n < FC_CPUS; n++)
		if (a->cpu_state[n] != b.cpu_state[n] ||
		    a->cpu_request[n] != b.cpu_request[n] ||
		    a->cpu_cell[n] != b.cpu_cell[n])
			fail("%s: CPU %u state %d request %u cell %p, were "
			     "%d %u %p", when, n, b.cpu_state[n],
			     b.cpu_request[n], (void *)b.cpu_cell[n],
			     a->cpu_state[n], a->cpu_request[n],
			     (void *)a->cpu_cell[n]);
	if (a->res_state != b.res_state || a->res_loadable != b.res_loadable)
		fail("%s: resident cell state changed", when);
	if (a->link_members != b.link_members)
		fail("%s: link fc0 has %u members, had %u", when,
		     b.link_members, a->link_members);
	if (a->link_states != b.link_states)
		fail("%s: link fc0 state table changed", when);
}

/* ----------------------------------------------------------- isolation */

struct s2_check {
	const struct cell *cell;
	const char *why;
	u64 virt, phys;
};

/* [phys, +size) lies in root regions of the same kind (RAM or I/O). */
static bool in_root_regions(u64 phys, u64 size, bool device)
{
	const struct jh_memory_region *r;
	u64 chunk;

	while (size) {
		r = cell_root_region(phys, PAGE_SIZE);
		if (!r || !(r->flags & JH_MEM_IO) != !device)
			return false;
		chunk = MIN(size, r->phys_start + r->size - phys);
		phys += chunk;
		size -= chunk;
	}
	return true;
}

/* Private memory of @cell: not shared with root. */
static bool overlaps_private(const struct cell *cell, u64 phys, u64 size)
{
	const struct jh_memory_region *r = jh_cell_regions(cell->desc);
	unsigned int n;

	for (n = 0; n < cell->desc->num_memory_regions; n++, r++)
		if (!(r->flags & JH_MEM_ROOTSHARED) &&
		    regions_overlap(phys, size, r->phys_start, r->size))
			return true;
	return false;
}

/* The membership of @cell in fc0, or NULL. */
static const struct jh_link_member *fc0_member(const struct cell *cell)
{
	const struct jh_link_member *m = jh_cell_links(cell->desc);
	unsigned int n;

	for (n = 0; n < cell->desc->num_links; n++)
		if (!strncmp(m[n].name, FC_LINK_NAME, JH_LINK_NAME_LEN))
			return &m[n];
	return NULL;
}

/*
 * Stage-2 permissions of link memory at @off for peer @peer as
 * Documentation/links.md states them (4 KiB sections here).
 */
static unsigned long link_perms(u64 off, u32 peer)
{
	if (off < 0x2000)
		return off < 0x1000 ? PAGE_READ : PAGE_READ | PAGE_WRITE;
	return (off - 0x2000) / 0x1000 == peer ? PAGE_READ | PAGE_WRITE :
						 PAGE_READ;
}

/* Why a leaf mapping link memory is wrong for @cell, or NULL. */
static const char *link_leaf_wrong(const struct cell *cell, u64 virt,
				   u64 phys, u64 size, unsigned long flags)
{
	const struct jh_link_member *m = fc0_member(cell);
	u64 off;

	if (!m)
		return "link memory of a link the cell is not a member of";
	if (phys < FC_LINK_BASE || phys + size > FC_LINK_BASE + FC_LINK_SIZE)
		return "beyond the link memory";
	if (virt - m->shm_ipa != phys - FC_LINK_BASE)
		return "link memory not at the member's shm_ipa";
	for (off = phys - FC_LINK_BASE; off < phys + size - FC_LINK_BASE;
	     off += PAGE_SIZE)
		if ((flags & (PAGE_READ | PAGE_WRITE | PAGE_EXEC)) !=
		    link_perms(off, m->peer_id))
			return "link section with the wrong permissions";
	return NULL;
}

static NO_COVERAGE void s2_leaf(void *ctx, u64 virt, u64 phys, u64 size,
		    unsigned long flags)
{
	struct s2_check *c = ctx;

	if (c->why)
		return;
	c->virt = virt;
	c->phys = phys;
	if (regions_overlap(phys, size, FC_LINK_BASE, FC_LINK_SIZE))
		c->why = link_leaf_wrong(c->cell, virt, phys, size, flags);
	else if (!in_root_regions(phys, size, flags & PAGE_DEVICE))
		c->why = "memory root does not own (or of the wrong type)";
	else if (regions_overlap(phys, size, FC_HV_BASE, FC_HV_SIZE))
		c->why = "hypervisor memory";
	else if (regions_overlap(phys, size, FC_GICD, FC_GIC_SIZE))
		c->why = "the emulated GIC";
	else if (c->cell != resident && overlaps_private(resident, phys, size))
		c->why = "private memory of the resident cell";
}

/* What the cell's stage 2 maps, whatever its config said. */
static void check_cell_s2(const struct cell *cell)
{
	struct s2_check c = { .cell = cell };

	walk_s2(&cell->s2, s2_leaf, &c);
	if (c.why)
		fail("cell %u maps IPA 0x%llx -> 0x%llx: %s", cell->id,
		     (unsigned long long)c.virt, (unsigned long long)c.phys,
		     c.why);
}

/* Is a CPU of @cell running guest code, or about to? */
static bool cell_may_run(const struct cell *cell)
{
	unsigned long n;

	for_each_cell_cpu(n, cell)
		if (per_cpu(n)->state == CPU_RUNNING ||
		    per_cpu(n)->request == REQ_START)
			return true;
	return false;
}

static void check_isolation(const struct cell *cell)
{
	const struct jh_memory_region *r = jh_cell_regions(cell->desc);
	unsigned long n;
	bool hidden;

	for (n = 0; n < JH_CPU_SET_WORDS; n++)
		if (cell->cpus[n] & root_cell.cpus[n])
			fail("root shares CPUs with cell %u", cell->id);
	for_each_cell_cpu(n, cell) {
		if (n == 0)
			fail("cell %u has CPU 0", cell->id);
		if (per_cpu(n)->cell != cell)
			fail("CPU %lu of cell %u points elsewhere", n,
			     cell->id);
	}
	for (n = 0; n < BITMAP_WORDS(NUM_INTIDS); n++) {
		if (cell->irqs[n] & root_cell.irqs[n])
			fail("root shares SPIs with cell %u", cell->id);
		if (cell != resident && (cell->irqs[n] & resident->irqs[n]))
			fail("cell %u shares SPIs with the resident",
			     cell->id);
	}
	for (n = 0; n < cell->desc->num_memory_regions; n++, r++) {
		if (r->flags & JH_MEM_ROOTSHARED)
			continue;
		/* A sub-page window is emulated: every access must trap. */
		if (r->flags & JH_MEM_SUBPAGE) {
			if (paging_lookup(&cell->s2, r->virt_start & ~0xfffULL,
					  NULL, NULL))
				fail("cell %u maps its sub-page window %lu",
				     cell->id, n);
			continue;
		}
		/* Loadable memory is root's only while no CPU may run. */
		hidden = !(r->flags & JH_MEM_LOADABLE) || cell_may_run(cell);
		if (hidden && (root_maps(r->phys_start) ||
			       root_maps(r->phys_start + r->size - PAGE_SIZE)))
			fail("root maps region %lu (0x%llx) of cell %u while "
			     "%s", n, (unsigned long long)r->phys_start,
			     cell->id, cell_may_run(cell) ?
			     "a CPU of the cell runs or is starting" :
			     "the region is not loadable");
		if (!paging_lookup(&cell->s2, r->virt_start, NULL, NULL))
			fail("cell %u lacks region %lu", cell->id, n);
	}
}

/* ---------------------------------------------------------------- pool */

static unsigned long squeezed[POOL_PAGES];
static unsigned int nr_squeezed;

/* Mark pool pages used (from the top) until only @keep are free. */
static void squeeze(unsigned long keep)
{
	unsigned long n = mem_pool.pages;

	nr_squeezed = 0;
	while (mem_pool.pages - mem_pool.used > keep && n--)
		if (!test_bit(n, mem_pool.bitmap)) {
			set_bit(n, mem_pool.bitmap);
			mem_pool.used++;
			squeezed[nr_squeezed++] = n;
		}
}

static void unsqueeze(void)
{
	while (nr_squeezed) {
		clear_bit(squeezed[--nr_squeezed], mem_pool.bitmap);
		mem_pool.used--;
	}
}

/* ------------------------------------------------------------- world */

static const struct {
	u64 phys, size, flags;
} root_regions[] = {	/* after the RAM, region 0 */
	{ FC_INMATES_BASE, FC_INMATES_SIZE, JH_MEM_READ | JH_MEM_WRITE },
	{ 0x00000000, 128ULL << 20, JH_MEM_READ | JH_MEM_WRITE | JH_MEM_IO },
	{ FC_GICD, 0x10000, JH_MEM_READ | JH_MEM_WRITE | JH_MEM_IO },
	{ 0x08080000, 0x20000, JH_MEM_READ | JH_MEM_WRITE | JH_MEM_IO },
	{ FC_GICR, FC_CPUS * 0x20000ULL, JH_MEM_READ | JH_MEM_WRITE | JH_MEM_IO },
	{ FC_UART, 0x1000, JH_MEM_READ | JH_MEM_WRITE | JH_MEM_IO },
	{ 0x09010000, 0x1000, JH_MEM_READ | JH_MEM_WRITE | JH_MEM_IO },
	{ 0x09020000, 0x1000, JH_MEM_READ | JH_MEM_WRITE | JH_MEM_IO },
	{ 0x09030000, 0x1000, JH_MEM_READ | JH_MEM_WRITE | JH_MEM_IO },
	{ 0x0a000000, 0x4000, JH_MEM_READ | JH_MEM_WRITE | JH_MEM_IO },
	{ 0x10000000, 0x2eff0000, JH_MEM_READ | JH_MEM_WRITE | JH_MEM_IO },
	{ 0x3eff0000, 0x10000, JH_MEM_READ | JH_MEM_WRITE | JH_MEM_IO },
	{ 0x4010000000ULL, 256ULL << 20, JH_MEM_READ | JH_MEM_WRITE |
	  JH_MEM_IO },
	{ 0x8000000000ULL, 512ULL << 30, JH_MEM_READ | JH_MEM_WRITE |
	  JH_MEM_IO },
};

/* Link fc0 in the system table, root its peer 0 (fuzz_cell.h). */
static void add_link(struct jh_cell_desc *root)
{
	struct jh_link_member *m;
	struct jh_link *l;
	u32 size = sys->hdr.total_size;

	root->num_links = 1;
	m = (struct jh_link_member *)jh_cell_links(root);
	fake_link_member(m, FC_LINK_NAME, FC_LINK_BASE, FC_LINK_ROOT_REGS, 0, FC_LINK_ROOT_IRQ);
	sys->sys.num_links = 1;
	l = (struct jh_link *)jh_system_links(sys);
	fake_link(l, FC_LINK_NAME, FC_LINK_BASE, FC_LINK_PEERS);
	if (jh_link_total_size(l->rw_size, l->out_size, l->max_peers) !=
	    FC_LINK_SIZE)
		abort();
	sys->hdr.total_size = size + sizeof(*m) + sizeof(*l);
}

static void make_system(void)
{
	struct jh_cell_desc *root;
	unsigned int n;

	root = fake_system_config(sys_buf, &(struct fake_system){
		.hv_base = FC_HV_BASE, .hv_size = FC_HV_SIZE,
		.nregions = 1 + ARRAY_SIZE(root_regions),
		.ram = FC_RAM_BASE, .ram_size = FC_RAM_SIZE,
		.ram_flags = JH_MEM_READ | JH_MEM_WRITE | JH_MEM_EXECUTE |
			     JH_MEM_DMA,
		.irq_first = FC_ROOT_IRQ_FIRST,
		.irq_count = FC_ROOT_IRQ_COUNT });
	root->cpus[0] = (1ULL << FC_CPUS) - 1;
	for (n = 0; n < ARRAY_SIZE(root_regions); n++)
		*cfg_region(root, 1 + n) = (struct jh_memory_region){
			root_regions[n].phys, root_regions[n].phys,
			root_regions[n].size, root_regions[n].flags };
	add_link(root);
	cfg_seal(sys_buf);
	if (config_check_system(sys_buf, sys->hdr.total_size, FC_HV_BASE,
				FC_CPUS)) {
		fprintf(stderr, "fuzz_cell: own system config invalid:\n%s",
			fake_uart);
		abort();
	}
	system_config = sys;
}

/* Host memory at the root RAM addresses; hypervisor memory inaccessible. */
static void map_host(void)
{
	void *p = mmap((void *)FC_HOST_BASE, FC_HOST_END - FC_HOST_BASE,
		       PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS |
		       MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);

	if (p != (void *)FC_HOST_BASE) {
		perror("fuzz_cell: cannot map root RAM at 0x40000000");
		abort();
	}
	if (mprotect((void *)FC_HV_BASE, FC_HV_SIZE, PROT_NONE)) {
		perror("fuzz_cell: mprotect");
		abort();
	}
}

static void make_resident(void)
{
	struct jh_cell_config *cfg = (void *)FC_RES_CFG_ADDR;
	struct jh_cell_desc *c;
	long id;

	c = fake_cell_config(cfg, &(struct fake_cell){
		.name = "resident", .cpus = 1ULL << FC_RES_CPU,
		.ram = FC_RES_RAM, .comm = FC_RES_COMM,
		.irq_first = FC_RES_IRQ_FIRST, .irq_count = FC_RES_IRQ_COUNT,
		.extra_regions = 1, .links = 1 });
	*cfg_region(c, 2) = (struct jh_memory_region){ FC_RES_SHARED,
		0x90000000, 2UL << 20, JH_MEM_READ | JH_MEM_WRITE |
		JH_MEM_ROOTSHARED };
	fake_link_member((struct jh_link_member *)jh_cell_links(c),
			 FC_LINK_NAME, FC_LINK_RES_SHM, FC_LINK_RES_REGS, 1,
			 FC_RES_LINK_IRQ);
	cfg_seal(cfg);
	id = hc(0, JH_HC_CELL_CREATE, (u64)cfg, cfg->hdr.total_size);
	if (id <= 0 || hc(0, JH_HC_CELL_START, id, 0)) {
		fprintf(stderr, "fuzz_cell: resident cell refused (%ld):\n%s",
			id, fake_uart);
		abort();
	}
	resident = cells[id];
	check_isolation(resident);
	check_cell_s2(resident);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct world w;
	unsigned int n;

	(void)argc;
	(void)argv;
	debug = getenv("FUZZ_CELL_DEBUG") != NULL;
	map_host();
	fake_pool_setup(POOL_PAGES);
	fake_s2_root_level = 0;
	fake_s2_root_pages = 1;
	fake_emulated_base = FC_GICD;
	fake_emulated_size = FC_GIC_SIZE;
	hv_max_cpus = FC_CPUS;
	memset(per_cpu(0), 0, FC_CPUS * PERCPU_SIZE);
	make_system();
	if (cell_init_root(&sys->root_cell) || link_init())
		abort();
	link_enable();
	for (n = 0; n < FC_CPUS; n++) {
		per_cpu(n)->cpu_id = n;
		per_cpu(n)->mpidr = n;
		per_cpu(n)->cell = &root_cell;
		/* Root Linux has offlined every CPU but 0 for its cells. */
		per_cpu(n)->state = n ? CPU_OFF : CPU_RUNNING;
	}
	make_resident();
	snap(&w);
	if (w.root_tables != paging_count_tables(&root_cell.s2))
		fail("table count %lu, paging_count_tables() says %lu",
		     w.root_tables, paging_count_tables(&root_cell.s2));
	return 0;
}

/* ------------------------------------------------------------- inputs */

static const u8 default_script[] = {
	FC_OP_START, FC_OP_SHUTDOWN, FC_OP_REPLY_OK, FC_OP_SHUTDOWN,
	FC_OP_SET_LOADABLE, FC_OP_START, FC_OP_DESTROY,
};

struct run {
	u64 addr, size;		/* where the input sits in root RAM */
	long id;
	struct cell *cell;
	const u8 *script;
	size_t script_len;
};

static u64 get_le(const u8 *p, unsigned int bytes)
{
	u64 v = 0;

	while (bytes--)
		v = v << 8 | p[bytes];
	return v;
}

/* A create that must be refused without changing anything. */
static void create_refused(u64 addr, u64 size, const char *what)
{
	struct world before;
	long ret;

	snap(&before);
	ret = hc(0, JH_HC_CELL_CREATE, addr, size);
	if (ret >= 0)
		fail("%s accepted (ID %ld)", what, ret);
	if (!is_errno(ret))
		fail("%s returned %ld", what, ret);
	same(&before, what);
}

/* Create from any root address: must not crash; tidy up if accepted. */
static void create_at(const struct run *run, u64 addr, u64 size)
{
	struct world before;
	long ret;

	snap(&before);
	ret = hc(0, JH_HC_CELL_CREATE, addr, size);
	if (ret < 0) {
		if (!is_errno(ret))
			fail("create at 0x%llx returned %ld",
			     (unsigned long long)addr, ret);
		same(&before, "refused create at an address");
		return;
	}
	if (ret >= MAX_CELLS || ret == run->id || !cells[ret])
		fail("create at 0x%llx returned %ld",
		     (unsigned long long)addr, ret);
	check_isolation(cells[ret]);
	if (hc(0, JH_HC_CELL_DESTROY, ret, 0))
		fail("destroy of a second cell failed");
	same(&before, "second cell destroyed");
}

static struct jh_comm_region *comm_of(const struct run *run)
{
	return run->cell ? run->cell->comm : NULL;
}

/* One script step; returns the bytes of arguments it consumed. */
static size_t step(struct run *run, u8 op, const u8 *arg, size_t left)
{
	struct jh_comm_region *comm = comm_of(run);
	unsigned int cpu;
	long ret;

	switch (op % FC_OP_COUNT) {
	case FC_OP_START:
		expect_errno_or(hc(0, JH_HC_CELL_START, run->id, 0), 0, 0,
				"start");
		break;
	case FC_OP_SHUTDOWN:
		expect_errno_or(hc(0, JH_HC_CELL_SHUTDOWN, run->id, 0), 0,
				JH_SHUTDOWN_PENDING, "shutdown");
		break;
	case FC_OP_SET_LOADABLE:
		expect_errno_or(hc(0, JH_HC_CELL_SET_LOADABLE, run->id, 0), 0,
				0, "set_loadable");
		break;
	case FC_OP_REPLY_OK:
		if (comm)
			comm->reply_from_cell = JH_REPLY_SHUTDOWN_OK;
		break;
	case FC_OP_REPLY_DENIED:
		if (comm)
			comm->reply_from_cell = JH_REPLY_SHUTDOWN_DENIED;
		break;
	case FC_OP_LOCK_TOGGLE:
		if (comm)
			comm->locked = !comm->locked;
		break;
	case FC_OP_TIME:
		fake_counter += 5000;
		break;
	case FC_OP_UNRESPONSIVE:
		fake_cpus_unresponsive = !fake_cpus_unresponsive;
		break;
	case FC_OP_GET_STATE:
		ret = hc(0, JH_HC_CELL_GET_STATE, run->id, 0);
		if (ret < JH_CELL_STATE_RUNNING || ret > JH_CELL_STATE_FAILED)
			fail("get_state returned %ld", ret);
		break;
	case FC_OP_CREATE_AGAIN:
		create_refused(run->addr, run->size, "second create");
		break;
	case FC_OP_FROM_CELL:
		cpu = find_next_bit(run->cell->cpus, FC_CPUS, 0);
		ret = hc(cpu, JH_HC_CELL_DESTROY, run->id, 0);
		if (ret != -JH_EPERM)
			fail("destroy from a cell CPU returned %ld", ret);
		ret = hc(cpu, JH_HC_CELL_CREATE, run->addr, run->size);
		if (ret != -JH_EPERM)
			fail("create from a cell CPU returned %ld", ret);
		break;
	case FC_OP_CREATE_AT:
		if (left < 12)
			return left;
		create_at(run, get_le(arg, 8), get_le(arg + 8, 4) & 0x3fffff);
		return 12;
	case FC_OP_COMM_WRITE:
		if (left < 5)
			return left;
		if (comm)
			((volatile u32 *)comm)[arg[0] % 1024] =
				get_le(arg + 1, 4);
		return 5;
	case FC_OP_POOL:
		if (left < 1)
			return left;
		if (nr_squeezed)
			unsqueeze();
		else
			squeeze(arg[0] % 32);
		return 1;
	case FC_OP_DESTROY:
		ret = hc(0, JH_HC_CELL_DESTROY, run->id, 0);
		expect_errno_or(ret, 0, 0, "destroy");
		if (!ret) {
			if (cells[run->id])
				fail("destroyed cell %ld still listed",
				     run->id);
			run->cell = NULL;
		}
		break;
	}
	return 0;
}

static void run_script(struct run *run)
{
	const u8 *s = run->script_len ? run->script : default_script;
	size_t len = run->script_len ? run->script_len :
				       sizeof(default_script);
	size_t i = 0, steps = 0;
	u8 op;

	while (i < len && run->cell && steps++ < MAX_SCRIPT) {
		op = s[i++];
		dbg(" op %u\n", op % FC_OP_COUNT);
		i += step(run, op, s + i, len - i);
		if (run->cell)
			check_isolation(run->cell);
	}
}

/* The cell has gone: CPUs back with root, off, nothing pending. */
static void destroy_rest(struct run *run)
{
	unsigned int n;

	fake_cpus_unresponsive = false;
	unsqueeze();
	if (run->cell && hc(0, JH_HC_CELL_DESTROY, run->id, 0))
		fail("destroy with responsive CPUs failed");
	for (n = 1; n < FC_CPUS; n++)
		if (n != FC_RES_CPU && (per_cpu(n)->state != CPU_OFF ||
					per_cpu(n)->request != REQ_NONE))
			fail("CPU %u left in state %d request %u", n,
			     per_cpu(n)->state, per_cpu(n)->request);
}

static void squeezed_create(const struct run *run, long keep, long pages)
{
	struct world before;
	long ret;

	squeeze(keep);
	snap(&before);
	ret = hc(0, JH_HC_CELL_CREATE, run->addr, run->size);
	if (ret != -JH_ENOMEM)
		fail("create with %ld of %ld pages free returned %ld", keep,
		     pages, ret);
	same(&before, "create refused for lack of pool pages");
	unsqueeze();
}

/*
 * The same create with the pool short of pages, then with arch_cell_init
 * failing. Pool shortage is tried at the first and last allocation and at
 * one in between chosen by the input, to keep the cost per input low.
 */
static void rollbacks(const struct run *run, const u8 *data, long pages)
{
	struct world before;
	u32 pick = ref_crc32(0, data, run->size);
	long ret;

	if (pages > 0)
		squeezed_create(run, 0, pages);
	if (pages > 2)
		squeezed_create(run, 1 + pick % (pages - 2), pages);
	if (pages > 1)
		squeezed_create(run, pages - 1, pages);
	fake_cell_init_ret = -JH_ENOMEM;
	snap(&before);
	ret = hc(0, JH_HC_CELL_CREATE, run->addr, run->size);
	fake_cell_init_ret = 0;
	if (ret != -JH_ENOMEM)
		fail("create with arch_cell_init failing returned %ld", ret);
	same(&before, "create refused by arch_cell_init");
}

static void created(struct run *run, const u8 *data,
		    const struct world *before)
{
	struct jh_comm_region *comm;
	long pages;

	if (run->id >= MAX_CELLS || !cells[run->id] ||
	    cells[run->id] == resident)
		fail("create returned %ld", run->id);
	run->cell = cells[run->id];
	pages = (long)mem_pool.used - (long)before->pool_used;
	if (run->cell->state != JH_CELL_STATE_SHUT_DOWN ||
	    !run->cell->loadable_mapped)
		fail("new cell not shut down with loadable memory in root");
	check_isolation(run->cell);
	check_cell_s2(run->cell);
	comm = run->cell->comm;
	run_script(run);
	destroy_rest(run);
	same(before, "after destroy");
	/* Give back host pages the comm region dirtied. */
	if (comm)
		madvise(comm, PAGE_SIZE, MADV_DONTNEED);
	rollbacks(run, data, pages);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct jh_config_header *hdr = (const void *)data;
	struct world before;
	struct run run = { .size = size };

	if (size > JH_CONFIG_MAX_SIZE + 4096)
		return 0;
	fake_uart_reset();
	run.addr = FC_HV_BASE - size;
	memcpy((void *)run.addr, data, size);
	dbg("input of %zu bytes\n", size);

	snap(&before);
	run.id = hc(0, JH_HC_CELL_CREATE, run.addr, run.size);
	if (run.id < 0) {
		if (!is_errno(run.id))
			fail("create returned %ld", run.id);
		same(&before, "refused create");
	} else {
		if (size >= sizeof(*hdr) && hdr->total_size < size) {
			run.script = data + hdr->total_size;
			run.script_len = size - hdr->total_size;
		}
		created(&run, data, &before);
	}
	check_isolation(resident);
	dbg("--- console ---\n%s", fake_uart);
	return 0;
}
