// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for what a hostile cell can make the hypervisor
 * decode on a link and in a sub-page window: accesses to link register
 * pages (link_mmio.c, link.c) and to sub-page MMIO windows
 * (mmio_subpage.c) by root and three cells sharing link pp0, interleaved
 * with the cells being created, started, failed, shut down and destroyed
 * (format: fuzz_link.h).
 *
 * After every step the result is compared with a model written from
 * Documentation/links.md and <hv/mmio_subpage.h>, not from the code:
 * - the handler's verdict (handled, fault, not mine) and a read's value;
 * - the fake device saw exactly the access the window allows (address
 *   translated into the window, same width and value) or none at all;
 * - the state table, the doorbells raised (which SPIs, in order) and the
 *   dropped-doorbell counter, which only grows;
 * - link_lock is free (a leaked subpage_lock aborts in the fake
 *   spin_lock() at the next access).
 * At the end of an input every cell is destroyed: pool usage, sub-page
 * windows, root's mapping of the window page and the link membership are
 * back at their baseline. Violations abort() so libFuzzer keeps the input.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake.h"
#include "fake_config.h"
#include "fuzz_fail.h"
#include "fuzz_link.h"
#include <hv/cell.h>
#include <hv/config.h>
#include <hv/link.h>
#include <hv/mmio_subpage.h>
#include <hv/percpu.h>
#include <hv/pool.h>
#include <hv/setup.h>
#include <jailhouse/link.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define HOST_MEM	(64UL << 20)
#define LINK_MEM	(2UL << 20)
#define MAX_PEERS	4
#define ROOT_REGS	0x0b000000ULL
#define ROOT_IRQ	142
#define CELL_SHM	0x90000000ULL
#define CELL_REGS	0x90100000ULL	/* + (peer - 1) pages: adjacent */
#define WIN_PAGE	0x100030000ULL	/* in root's region 3 (cfgbuild) */
#define WIN_VIRT	0xa0000000ULL	/* the cells see it here */
#define POOL_PAGES	1024
#define CELL_RAM_SIZE	0x10000ULL

struct fl_peer {
	u64 regs, shm;
	u32 irq;
	u64 win_off, win_size, win_flags;	/* cells only */
	struct jh_cell_config *cfg;
	struct cell *cell;			/* NULL: not created */
	u32 status;				/* JH_CELL_STATE_* */
	u32 int_ctrl, state;			/* as the ABI says */
};

static u64 sys_buf[CFG_BUF_SIZE / 8];
static struct jh_system_config *const sys = (void *)sys_buf;
static u8 *host, *linkmem;
static struct fl_peer peers[1 + FL_CELLS];
static unsigned long pool_baseline;
static unsigned long root_win_flags;
static u64 dropped;			/* expected link_dropped(0) */
static u32 expect_pend[FAKE_PEND_MAX];
static unsigned int expect_npend;
static bool debug;

#define fail(...) fuzz_fail("fuzz_link", __VA_ARGS__)

/* Root: host RAM, regions as cfgbuild's, member 0 of pp0. */
static void make_system(void)
{
	struct jh_cell_desc *root;
	struct jh_link_member *m;
	struct jh_link *l;
	u32 size;

	root = fake_system_config(sys_buf, &(struct fake_system){
		.hv_base = CFG_HV_BASE, .hv_size = CFG_HV_SIZE, .nregions = 4,
		.ram = (u64)host, .ram_size = HOST_MEM,
		.ram_flags = FAKE_SPARE_RAM,
		.irq_first = 32, .irq_count = 128 });
	size = sys->hdr.total_size;
	root->num_links = 1;
	m = (struct jh_link_member *)jh_cell_links(root);
	fake_link_member(m, "pp0", (u64)linkmem, ROOT_REGS, 0, ROOT_IRQ);
	sys->sys.num_links = 1;
	l = (struct jh_link *)jh_system_links(sys);
	fake_link(l, "pp0", (u64)linkmem, MAX_PEERS);
	sys->hdr.total_size = size + sizeof(*m) + sizeof(*l);
	cfg_seal(sys_buf);
	system_config = sys;
	peers[0] = (struct fl_peer){ .regs = ROOT_REGS, .shm = (u64)linkmem,
		.irq = ROOT_IRQ, .status = JH_CELL_STATE_RUNNING };
}

/* Windows of different sizes in one page; cell 3's is read-only. */
static const u64 win_off[1 + FL_CELLS] = { 0, 0x200, 0x600, 0xff8 };
static const u64 win_size[1 + FL_CELLS] = { 0, 0x200, 0x100, 0x8 };

/* Cell @i on CPU @i, peer @i, its register page right after cell i-1's. */
static void make_cell(unsigned int i)
{
	struct fl_peer *p = &peers[i];
	struct jh_memory_region *w;
	struct jh_cell_desc *c;
	char name[16];

	snprintf(name, sizeof(name), "fl-%u", i);
	p->cfg = (void *)(host + (4UL << 20) + i * 4096UL);
	c = fake_cell_config(p->cfg, &(struct fake_cell){
		.name = name, .cpus = 1UL << i,
		.ram = (u64)host + ((8 + 2 * i) << 20),
		.comm = (u64)host + ((9 + 2 * i) << 20),
		.irq_first = 40 + 2 * i, .irq_count = 2,
		.shutdown_timeout_ms = 100, .extra_regions = 1, .links = 1 });
	p->regs = CELL_REGS + (i - 1) * 0x1000ULL;
	p->shm = CELL_SHM;
	p->irq = 41 + 2 * i;
	p->win_off = win_off[i];
	p->win_size = win_size[i];
	p->win_flags = JH_MEM_READ | (i == 3 ? 0 : JH_MEM_WRITE);
	/* 64 KiB of RAM: scrubbing 1 MiB at every create and destroy was
	 * most of the time per input. */
	cfg_region(c, 0)->size = CELL_RAM_SIZE;
	w = cfg_region(c, 2);
	*w = (struct jh_memory_region){ WIN_PAGE + p->win_off,
		WIN_VIRT + p->win_off, p->win_size,
		p->win_flags | JH_MEM_IO | JH_MEM_SUBPAGE };
	fake_link_member((struct jh_link_member *)jh_cell_links(c), "pp0",
			 p->shm, p->regs, i, p->irq);
	cfg_seal(p->cfg);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	unsigned int n;

	(void)argc;
	(void)argv;
	debug = getenv("FUZZ_LINK_DEBUG") != NULL;
	host = aligned_alloc(2UL << 20, HOST_MEM);
	linkmem = aligned_alloc(2UL << 20, LINK_MEM);
	if (!host || !linkmem)
		abort();
	memset(host, 0, HOST_MEM);
	fake_pool_setup(POOL_PAGES);
	fake_s2_root_level = 0;
	fake_s2_root_pages = 1;
	fake_hv_reset();
	fake_emulated_base = 0x08000000;
	fake_emulated_size = 0x10000;
	hv_max_cpus = 4;
	memset(per_cpu(0), 0, 4 * PERCPU_SIZE);
	make_system();
	if (config_check_system(sys_buf, sys->hdr.total_size, CFG_HV_BASE, 4))
		fail("system config refused");
	if (cell_init_root(&sys->root_cell) || link_init())
		fail("root cell or link_init failed");
	link_enable();
	for (n = 0; n < 4; n++) {
		per_cpu(n)->cpu_id = n;
		per_cpu(n)->mpidr = n;
		per_cpu(n)->cell = &root_cell;
		per_cpu(n)->state = n ? CPU_OFF : CPU_RUNNING;
	}
	for (n = 1; n <= FL_CELLS; n++)
		make_cell(n);
	pool_baseline = mem_pool.used;
	if (!paging_lookup(&root_cell.s2, WIN_PAGE, NULL, &root_win_flags))
		fail("root does not map the window page");
	return 0;
}

static bool running(unsigned int i)
{
	return (i == 0 || peers[i].cell) &&
	       peers[i].status == JH_CELL_STATE_RUNNING;
}

static bool is_member(unsigned int i)
{
	return i == 0 || peers[i].cell;
}

/* link_ring() as the ABI says: raised, or dropped and counted. */
static void model_ring(u32 target)
{
	if (target > FL_CELLS || !is_member(target) ||
	    !(peers[target].int_ctrl & JH_LINK_INT_ENABLE) ||
	    !running(target)) {
		dropped++;
		return;
	}
	if (expect_npend < FAKE_PEND_MAX)
		expect_pend[expect_npend] = peers[target].irq;
	expect_npend++;
}

/* Every other member with INT_CTRL on hears it, in peer order. */
static void model_notify_others(unsigned int except)
{
	unsigned int i;

	for (i = 0; i <= FL_CELLS; i++)
		if (i != except && is_member(i) &&
		    (peers[i].int_ctrl & JH_LINK_INT_ENABLE))
			model_ring(i);
}

static void model_down(unsigned int i)
{
	peers[i].state = 0;
	peers[i].int_ctrl = 0;
	model_notify_others(i);
}

static u32 name_word(u64 off)
{
	char name[JH_LINK_REG_NAME_LEN] = "pp0";
	const u8 *s = (const u8 *)&name[off - JH_LINK_REG_NAME];

	return s[0] | s[1] << 8 | s[2] << 16 | (u32)s[3] << 24;
}

static u32 model_read(unsigned int i, u64 off)
{
	const struct fl_peer *p = &peers[i];

	switch (off) {
	case JH_LINK_REG_ID:		return i;
	case JH_LINK_REG_MAX_PEERS:	return MAX_PEERS;
	case JH_LINK_REG_INT_CTRL:	return p->int_ctrl;
	case JH_LINK_REG_STATE:		return p->state;
	case JH_LINK_REG_IRQ:		return p->irq;
	case JH_LINK_REG_SHM_LO:	return (u32)p->shm;
	case JH_LINK_REG_SHM_HI:	return (u32)(p->shm >> 32);
	case JH_LINK_REG_RW_SIZE:	return 0x1000;
	case JH_LINK_REG_OUT_SIZE:	return 0x1000;
	}
	if (off >= JH_LINK_REG_NAME &&
	    off < JH_LINK_REG_NAME + JH_LINK_REG_NAME_LEN)
		return name_word(off);
	return 0;
}

static void model_write(unsigned int i, u64 off, u32 v)
{
	switch (off) {
	case JH_LINK_REG_INT_CTRL:
		peers[i].int_ctrl = v & JH_LINK_INT_ENABLE;
		break;
	case JH_LINK_REG_DOORBELL:
		if (v & 0xffff)
			dropped++;
		else
			model_ring(v >> 16);
		break;
	case JH_LINK_REG_STATE:
		peers[i].state = v;
		model_notify_others(i);
		break;
	}
}

static struct cell *cell_of(unsigned int i)
{
	return i ? peers[i].cell : &root_cell;
}

/* Verdict of the register page: only aligned 32-bit accesses. */
static int expect_link(unsigned int i, struct mmio_access *a, u32 *val)
{
	u64 off = a->addr - peers[i].regs;

	if (a->addr < peers[i].regs || off >= JH_LINK_REG_SIZE)
		return LINK_NOT_MINE;
	if (a->size != 4 || (off & 3))
		return MMIO_ERROR;
	if (a->is_write)
		model_write(i, off, (u32)a->value);
	else
		*val = model_read(i, off);
	return MMIO_HANDLED;
}

static bool overlaps(u64 a, u64 alen, u64 b, u64 blen)
{
	return a < b + blen && b < a + alen;
}

static bool window_live(unsigned int i)
{
	return i && peers[i].cell;
}

/*
 * Verdict of the sub-page code and the one device access it may do
 * (@phys, or ~0 for none).
 */
static int expect_subpage(unsigned int i, const struct mmio_access *a,
			  u64 *phys)
{
	const struct fl_peer *p = &peers[i];
	u64 virt = WIN_VIRT + p->win_off, flag;
	unsigned int n;
	bool claimed = false;

	*phys = ~0ULL;
	if (a->addr & (a->size - 1))
		return SUBPAGE_NOT_MINE;
	flag = a->is_write ? JH_MEM_WRITE : JH_MEM_READ;
	if (i) {
		if ((a->addr & PAGE_MASK) != (virt & PAGE_MASK))
			return SUBPAGE_NOT_MINE;
		if (a->addr < virt || a->addr + a->size > virt + p->win_size)
			return MMIO_ERROR;
		if (!(p->win_flags & flag))
			return MMIO_ERROR;
		*phys = WIN_PAGE + p->win_off + (a->addr - virt);
		return MMIO_HANDLED;
	}
	for (n = 1; n <= FL_CELLS; n++)
		claimed |= window_live(n);
	if ((a->addr & PAGE_MASK) != WIN_PAGE || !claimed)
		return SUBPAGE_NOT_MINE;
	for (n = 1; n <= FL_CELLS; n++)
		if (window_live(n) &&
		    overlaps(a->addr, a->size, WIN_PAGE + peers[n].win_off,
			     peers[n].win_size))
			return MMIO_ERROR;
	*phys = a->addr;
	return MMIO_HANDLED;	/* root's region 3 is read-write */
}

static u16 get16(const u8 *d)
{
	return d[0] | d[1] << 8;
}

static u32 get32(const u8 *d)
{
	return d[0] | d[1] << 8 | d[2] << 16 | (u32)d[3] << 24;
}

/* The address the access goes to, from area and offset. */
static u64 access_addr(unsigned int i, unsigned int area, u16 off,
		       unsigned int *size)
{
	const struct fl_peer *p = &peers[i];
	u64 win = i ? WIN_VIRT + p->win_off : WIN_PAGE + win_off[1];
	u64 win_sz = i ? p->win_size : win_size[1];
	u64 other = peers[(i + 1) % (1 + FL_CELLS)].regs;

	switch (area) {
	case FL_AREA_REG:
		return p->regs + off % 0x1000;
	case FL_AREA_REG_AROUND:
		return p->regs - 0x800 + off % 0x2000;
	case FL_AREA_REG_OTHER:
		return other + off % 0x1000;
	case FL_AREA_REG_WORD:
		*size = 4;
		return p->regs + (off % 16) * 4;
	case FL_AREA_WIN:
		return win - 0x100 + off % (win_sz + 0x200);
	case FL_AREA_WIN_PAGE:
		return (win & PAGE_MASK) + off % 0x1000;
	case FL_AREA_WIN_AROUND:
		return (win & PAGE_MASK) - 0x800 + off % 0x2000;
	}
	return p->regs + (int16_t)off;
}

static void check_pends(const char *what)
{
	unsigned int n;

	if (fake_pend_count != expect_npend)
		fail("%s: %u doorbells raised, %u expected", what,
		     fake_pend_count, expect_npend);
	for (n = 0; n < expect_npend && n < FAKE_PEND_MAX; n++)
		if (fake_pended[n] != expect_pend[n])
			fail("%s: doorbell %u raised SPI %u, expected %u",
			     what, n, fake_pended[n], expect_pend[n]);
}

/*
 * Link state after every step: table, doorbells, counter, lock. Kept out
 * of libFuzzer's coverage and comparison tracing: it runs over the whole
 * table after every access and says nothing about the code under test.
 */
static __attribute__((no_sanitize("coverage"))) void check_link(const char *what, u64 dropped_before)
{
	const u32 *table = (const u32 *)linkmem;
	unsigned int n;

	check_pends(what);
	if (link_dropped(0) < dropped_before)
		fail("%s: dropped counter went back from %llu to %llu", what,
		     dropped_before, link_dropped(0));
	if (link_dropped(0) != dropped)
		fail("%s: %llu doorbells dropped, %llu expected", what,
		     link_dropped(0), dropped);
	for (n = 0; n < JH_LINK_STATE_SIZE / 4; n++) {
		u32 want = n <= FL_CELLS && is_member(n) ? peers[n].state : 0;

		if (table[n] != want)
			fail("%s: state table[%u] = 0x%x, expected 0x%x", what,
			     n, table[n], want);
	}
	if (link_lock.owner != link_lock.next)
		fail("%s: link_lock still held", what);
}

static void step_reset(void)
{
	fake_pend_count = 0;
	expect_npend = 0;
}

/* The access record @d describes, by peer @i. */
static struct mmio_access make_access(unsigned int i, const u8 *d)
{
	unsigned int size = 1U << ((d[0] >> 3) & 3);
	struct mmio_access a;

	a.is_write = d[0] & 4;
	a.addr = access_addr(i, d[0] >> 5, get16(d + 1), &size);
	a.size = size;
	a.value = get32(d + 3);
	if (size == 8)
		a.value |= a.value << 32;
	else
		a.value &= (1ULL << (8 * size)) - 1;
	if (debug)
		fprintf(stderr, "access: who %u %s %u bytes at 0x%llx = 0x%llx\n",
			i, a.is_write ? "write" : "read", size, a.addr,
			a.value);
	return a;
}

/*
 * The device saw exactly the access at @phys (~0: none) that @a asked
 * for, and a read returned what the device gave.
 */
static void check_device(unsigned int i, const struct mmio_access *a,
			 u64 phys, unsigned int mmio_before)
{
	if (phys == ~0ULL) {
		if (fake_mmio_count != mmio_before)
			fail("device access at 0x%llx size %u for an access by %u at 0x%llx",
			     fake_mmio_last.phys, fake_mmio_last.size, i,
			     a->addr);
		return;
	}
	if (fake_mmio_count != mmio_before + 1 ||
	    fake_mmio_last.phys != phys || fake_mmio_last.size != a->size ||
	    fake_mmio_last.is_write != a->is_write ||
	    (a->is_write && fake_mmio_last.value != a->value))
		fail("access by %u at 0x%llx size %u: device saw %u accesses, last 0x%llx size %u, expected 0x%llx",
		     i, a->addr, a->size, fake_mmio_count - mmio_before,
		     fake_mmio_last.phys, fake_mmio_last.size, phys);
	if (!a->is_write && a->value != fake_mmio_value)
		fail("window read by %u at 0x%llx: 0x%llx, device gave 0x%llx",
		     i, a->addr, a->value, fake_mmio_value);
}

static void do_access(const u8 *d)
{
	unsigned int i = d[0] & 3, mmio_before = fake_mmio_count;
	u64 dropped_before = dropped, phys = ~0ULL;
	struct mmio_access a;
	int ret, want;
	u32 val = 0;

	/*
	 * Stopped cells too: an access trapped on one CPU of a cell can be
	 * in flight while another CPU fails the cell. So a peer that is
	 * not running can have INT_CTRL on, and its doorbells must drop.
	 */
	if (!is_member(i))
		return;
	a = make_access(i, d);
	/* A device read gives the input's value, as wide as the access. */
	fake_mmio_value = a.value;
	fake_current_cpu = i;
	step_reset();
	/* The dispatch order of the arch code: link pages, then windows. */
	ret = link_mmio(cell_of(i), &a);
	want = expect_link(i, &a, &val);
	if (ret != want)
		fail("link_mmio by %u at 0x%llx size %u: %d, expected %d", i,
		     a.addr, a.size, ret, want);
	if (ret == MMIO_HANDLED && !a.is_write && a.value != val)
		fail("link read by %u at 0x%llx: 0x%llx, expected 0x%x", i,
		     a.addr, a.value, val);
	if (ret == LINK_NOT_MINE) {
		ret = subpage_mmio(cell_of(i), &a);
		want = expect_subpage(i, &a, &phys);
		if (ret != want)
			fail("subpage_mmio by %u at 0x%llx size %u %s: %d, expected %d",
			     i, a.addr, a.size, a.is_write ? "write" : "read",
			     ret, want);
	}
	check_device(i, &a, phys, mmio_before);
	check_link("access", dropped_before);
	fake_current_cpu = 0;
}

static void do_create(unsigned int i)
{
	struct fl_peer *p = &peers[i];
	unsigned long used = mem_pool.used;
	long ret;

	ret = cell_create((u64)p->cfg, p->cfg->hdr.total_size);
	if (p->cell) {
		/* The same name again: refused, nothing changed. */
		if (ret >= 0 || mem_pool.used != used)
			fail("create of existing %u: %ld, pool %lu -> %lu", i,
			     ret, used, mem_pool.used);
		return;
	}
	if (ret <= 0 || !cell_by_id(ret))
		fail("create of cell %u: %ld", i, ret);
	p->cell = cell_by_id(ret);
	p->status = JH_CELL_STATE_SHUT_DOWN;
	p->int_ctrl = 0;
	p->state = 0;
}

static void do_lifecycle(unsigned int op, unsigned int i)
{
	struct fl_peer *p = &peers[i];
	u64 dropped_before = dropped;
	long ret = 0;

	if (debug)
		fprintf(stderr, "op %u of cell %u\n", op, i);
	step_reset();
	if (op == FL_OP_CREATE) {
		do_create(i);
	} else if (!p->cell) {
		return;
	} else if (op == FL_OP_START) {
		/* A running cell restarted goes down first (peers rung); one
		 * that was stopped already told them. */
		if (p->status == JH_CELL_STATE_RUNNING) {
			model_down(i);
		} else {
			p->int_ctrl = 0;
			p->state = 0;
		}
		ret = cell_start(p->cell);
		p->status = JH_CELL_STATE_RUNNING;
	} else if (op == FL_OP_FAIL) {
		cell_mark_failed(p->cell);
		p->status = JH_CELL_STATE_FAILED;
		model_down(i);
	} else if (op == FL_OP_SHUTDOWN) {
		if (p->status != JH_CELL_STATE_FAILED)
			return;
		ret = cell_shutdown(p->cell);
		p->status = JH_CELL_STATE_SHUT_DOWN;
		model_down(i);
	} else {
		ret = cell_destroy(p->cell);
		model_down(i);
		p->cell = NULL;
	}
	if (ret)
		fail("life-cycle op %u of cell %u: %ld", op, i, ret);
	if (p->cell && p->cell->state != p->status)
		fail("cell %u in state %u, expected %u", i, p->cell->state,
		     p->status);
	check_link("life cycle", dropped_before);
}

/* Root back to its reset registers, so that inputs do not depend. */
static void reset_root(void)
{
	u8 int_off[FL_ACCESS_ARGS] = { FL_AREA_REG_WORD << 5 | 4 | 2 << 3,
				       JH_LINK_REG_INT_CTRL / 4 };
	u8 state_0[FL_ACCESS_ARGS] = { FL_AREA_REG_WORD << 5 | 4 | 2 << 3,
				       JH_LINK_REG_STATE / 4 };

	do_access(int_off);
	do_access(state_0);
}

static void check_baseline(void)
{
	unsigned long flags;
	u64 phys;

	if (mem_pool.used != pool_baseline)
		fail("pool %lu pages used after all cells left, %lu before",
		     mem_pool.used, pool_baseline);
	if (subpage_count())
		fail("%u sub-page windows left", subpage_count());
	if (!paging_lookup(&root_cell.s2, WIN_PAGE, &phys, &flags) ||
	    phys != WIN_PAGE || flags != root_win_flags)
		fail("root's window page not given back as it was");
	if (fake_hv_mapped(WIN_PAGE))
		fail("window page still mapped for the hypervisor");
	if (links[0].members != 1)
		fail("link has %u members with only root left",
		     links[0].members);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t pos = 0;
	unsigned int op, i;

	fake_uart_reset();
	dropped = link_dropped(0);
	while (pos < size) {
		op = data[pos++] % FL_OP_COUNT;
		if (op == FL_OP_ACCESS || op == FL_OP_ACCESS2) {
			if (size - pos < FL_ACCESS_ARGS)
				break;
			do_access(data + pos);
			pos += FL_ACCESS_ARGS;
			continue;
		}
		if (pos >= size)
			break;
		do_lifecycle(op, 1 + data[pos++] % FL_CELLS);
	}
	for (i = 1; i <= FL_CELLS; i++)
		do_lifecycle(FL_OP_DESTROY, i);
	reset_root();
	check_baseline();
	return 0;
}
