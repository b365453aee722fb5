// SPDX-License-Identifier: GPL-2.0
/*
 * Inter-cell links in the core against the fake arch: the link memory in
 * stage 2 with per-section permissions, the register page, doorbells
 * (raised, or dropped and counted), the state table, a peer going away,
 * LINK_INFO, and the create refusals with nothing changed.
 */
#include <stdlib.h>
#include "test.h"
#include "fake_config.h"
#include <hv/cell.h>
#include <hv/config.h>
#include <hv/link.h>
#include <hv/percpu.h>
#include <hv/pool.h>
#include <hv/setup.h>
#include <jailhouse/hypercall.h>
#include <jailhouse/link.h>

#define HOST_MEM	(64UL << 20)
#define LINK_MEM	(2UL << 20)
#define ROOT_REGS	0x0b000000ULL
#define CELL_SHM	0x90000000ULL
#define CELL_REGS	0x90100000ULL
#define ROOT_IRQ	142
#define CELL_IRQ	41
/* pp0: 4K state, 4K R/W, 3 outputs of 4K. */
#define RW_OFF		0x1000ULL
#define OUT_OFF(p)	(0x2000ULL + (p) * 0x1000ULL)
#define LINK_SIZE	OUT_OFF(3)
#define SOLO_OFF	(1UL << 20)
#define SOLO_SIZE	0x4000UL

static u64 sys_buf[CFG_BUF_SIZE / 8];
static struct jh_system_config *const sys = (void *)sys_buf;
static u8 *host, *linkmem;
static struct jh_cell_config *cell_cfg;

static struct jh_memory_region *reg(struct jh_cell_desc *c, unsigned int n)
{
	return cfg_region(c, n);
}

/* Root (4 regions, 1 irq range), its pp0 membership, the link table. */
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
	sys->sys.num_links = 2;
	l = (struct jh_link *)jh_system_links(sys);
	fake_link(&l[0], "pp0", (u64)linkmem, 3);
	/* solo: no root member, 12 KiB at linkmem + 1 MiB. */
	fake_link(&l[1], "solo", (u64)linkmem + SOLO_OFF, 2);
	sys->hdr.total_size = size + sizeof(*m) + 2 * sizeof(*l);
	cfg_seal(sys_buf);
	system_config = sys;
}

/* Cell on CPU @cpu, 1 MiB RAM at host + @mb MiB, comm page after it. */
static void make_cell(const char *name, unsigned int cpu, unsigned long mb,
		      u32 peer)
{
	struct jh_cell_desc *c;

	cell_cfg = (void *)(host + (4UL << 20));
	c = fake_cell_config(cell_cfg, &(struct fake_cell){
		.name = name, .cpus = 1UL << cpu,
		.ram = (u64)host + (mb << 20),
		.comm = (u64)host + ((mb + 1) << 20),
		.irq_first = 40 + 2 * (cpu - 2), .irq_count = 2,
		.shutdown_timeout_ms = 100, .links = 1 });
	fake_link_member((struct jh_link_member *)jh_cell_links(c), "pp0",
			 CELL_SHM, CELL_REGS, peer, 41 + 2 * (cpu - 2));
	cfg_seal(cell_cfg);
}

static int setup(void **state)
{
	unsigned int n;

	(void)state;
	host = aligned_alloc(2UL << 20, HOST_MEM);
	linkmem = aligned_alloc(2UL << 20, LINK_MEM);
	assert_non_null(host);
	assert_non_null(linkmem);
	memset(linkmem, 0xaa, LINK_MEM);
	fake_pool_setup(1024);
	fake_s2_root_level = 0;
	fake_s2_root_pages = 1;
	fake_cpus_unresponsive = false;
	fake_hv_reset();
	fake_emulated_base = 0x08000000;
	fake_emulated_size = 0x10000;
	fake_pend_count = 0;
	hv_max_cpus = 4;
	memset(per_cpu(0), 0, 4 * PERCPU_SIZE);
	make_system();
	assert_int_equal(config_check_system(sys_buf, sys->hdr.total_size,
					     CFG_HV_BASE, 4), 0);
	assert_int_equal(cell_init_root(&sys->root_cell), 0);
	assert_int_equal(link_init(), 0);
	link_enable();
	for (n = 0; n < 4; n++) {
		per_cpu(n)->cpu_id = n;
		per_cpu(n)->mpidr = n;
		per_cpu(n)->cell = &root_cell;
		per_cpu(n)->state = n < 2 ? CPU_RUNNING : CPU_OFF;
	}
	make_cell("link-a", 2, 8, 1);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	paging_destroy(&root_cell.s2);
	fake_pool_teardown();
	free(host);
	free(linkmem);
	return 0;
}

static long create(void)
{
	return cell_create((u64)cell_cfg, cell_cfg->hdr.total_size);
}

static unsigned long s2_flags(struct cell *cell, u64 ipa, u64 *phys)
{
	unsigned long flags = 0;

	assert_true(paging_lookup(&cell->s2, ipa, phys, &flags));
	return flags & (PAGE_READ | PAGE_WRITE | PAGE_EXEC);
}

static u32 rd(struct cell *cell, u64 regs, u64 off)
{
	struct mmio_access a = { regs + off, 0xdeadbeef, 4, false };

	assert_int_equal(link_mmio(cell, &a), MMIO_HANDLED);
	return (u32)a.value;
}

static void wr(struct cell *cell, u64 regs, u64 off, u32 v)
{
	struct mmio_access a = { regs + off, v, 4, true };

	assert_int_equal(link_mmio(cell, &a), MMIO_HANDLED);
}

static u32 *states(void)
{
	return (u32 *)linkmem;
}

/* Root joined at enable: zeroed, mapped with its permissions, in hv. */
static void test_root_member(void **state)
{
	unsigned int n;
	u64 phys;

	(void)state;
	for (n = 0; n < LINK_SIZE; n++)
		if (linkmem[n])
			fail_msg("link memory byte %u not zeroed", n);
	assert_int_equal(linkmem[LINK_SIZE], 0xaa);	/* only the link */
	assert_true(fake_hv_mapped((u64)linkmem));
	assert_int_equal(s2_flags(&root_cell, (u64)linkmem, &phys), PAGE_READ);
	assert_int_equal(phys, (u64)linkmem);
	assert_int_equal(s2_flags(&root_cell, (u64)linkmem + OUT_OFF(0), NULL),
			 PAGE_READ | PAGE_WRITE);
	assert_int_equal(s2_flags(&root_cell, (u64)linkmem + OUT_OFF(1), NULL),
			 PAGE_READ);
	assert_false(paging_lookup(&root_cell.s2, ROOT_REGS, NULL, NULL));
	assert_int_equal(link_info(&root_cell, 0), ROOT_REGS);
	assert_int_equal(link_info(&root_cell, 1), -JH_ENOENT);
}

static void test_cell_sections(void **state)
{
	struct cell *cell;
	u64 phys;

	(void)state;
	assert_int_equal(create(), 1);
	cell = cells[1];
	assert_int_equal(s2_flags(cell, CELL_SHM, &phys), PAGE_READ);
	assert_int_equal(phys, (u64)linkmem);
	assert_int_equal(s2_flags(cell, CELL_SHM + RW_OFF, &phys),
			 PAGE_READ | PAGE_WRITE);
	assert_int_equal(phys, (u64)linkmem + RW_OFF);
	assert_int_equal(s2_flags(cell, CELL_SHM + OUT_OFF(0), NULL),
			 PAGE_READ);
	assert_int_equal(s2_flags(cell, CELL_SHM + OUT_OFF(1), &phys),
			 PAGE_READ | PAGE_WRITE);
	assert_int_equal(phys, (u64)linkmem + OUT_OFF(1));
	assert_int_equal(s2_flags(cell, CELL_SHM + OUT_OFF(2), NULL),
			 PAGE_READ);
	assert_false(paging_lookup(&cell->s2, CELL_SHM + LINK_SIZE, NULL,
				   NULL));
	assert_false(paging_lookup(&cell->s2, CELL_REGS, NULL, NULL));
	assert_int_equal(link_info(cell, 0), CELL_REGS);
	assert_int_equal(link_info(cell, 1), -JH_ENOENT);
	assert_int_equal(cell_destroy(cell), 0);
}

static void test_registers(void **state)
{
	struct mmio_access a;
	struct cell *cell;

	(void)state;
	assert_int_equal(create(), 1);
	cell = cells[1];
	assert_int_equal(rd(cell, CELL_REGS, JH_LINK_REG_ID), 1);
	assert_int_equal(rd(cell, CELL_REGS, JH_LINK_REG_MAX_PEERS), 3);
	assert_int_equal(rd(cell, CELL_REGS, JH_LINK_REG_IRQ), CELL_IRQ);
	assert_int_equal(rd(cell, CELL_REGS, JH_LINK_REG_SHM_LO),
			 (u32)CELL_SHM);
	assert_int_equal(rd(cell, CELL_REGS, JH_LINK_REG_SHM_HI), 0);
	assert_int_equal(rd(cell, CELL_REGS, JH_LINK_REG_RW_SIZE), 0x1000);
	assert_int_equal(rd(cell, CELL_REGS, JH_LINK_REG_OUT_SIZE), 0x1000);
	assert_int_equal(rd(cell, CELL_REGS, JH_LINK_REG_NAME), 0x00307070);
	assert_int_equal(rd(cell, CELL_REGS, JH_LINK_REG_NAME + 4), 0);
	assert_int_equal(rd(cell, CELL_REGS, JH_LINK_REG_DOORBELL), 0);
	assert_int_equal(rd(cell, CELL_REGS, 0xffc), 0);
	assert_int_equal(rd(&root_cell, ROOT_REGS, JH_LINK_REG_ID), 0);
	/* Read-only registers ignore writes. */
	wr(cell, CELL_REGS, JH_LINK_REG_ID, 7);
	wr(cell, CELL_REGS, JH_LINK_REG_IRQ, 99);
	assert_int_equal(rd(cell, CELL_REGS, JH_LINK_REG_ID), 1);
	assert_int_equal(rd(cell, CELL_REGS, JH_LINK_REG_IRQ), CELL_IRQ);
	wr(cell, CELL_REGS, JH_LINK_REG_INT_CTRL, 0xff);
	assert_int_equal(rd(cell, CELL_REGS, JH_LINK_REG_INT_CTRL), 1);
	/* 8-, 16-, 64-bit and unaligned accesses fault the cell. */
	a = (struct mmio_access){ CELL_REGS, 0, 1, false };
	assert_int_equal(link_mmio(cell, &a), MMIO_ERROR);
	a = (struct mmio_access){ CELL_REGS, 0, 2, true };
	assert_int_equal(link_mmio(cell, &a), MMIO_ERROR);
	a = (struct mmio_access){ CELL_REGS, 0, 8, false };
	assert_int_equal(link_mmio(cell, &a), MMIO_ERROR);
	a = (struct mmio_access){ CELL_REGS + 2, 0, 4, false };
	assert_int_equal(link_mmio(cell, &a), MMIO_ERROR);
	/* Not a register page of this cell: root's, or nothing. */
	a = (struct mmio_access){ ROOT_REGS, 0, 4, false };
	assert_int_equal(link_mmio(cell, &a), LINK_NOT_MINE);
	a = (struct mmio_access){ CELL_REGS + JH_LINK_REG_SIZE, 0, 4, false };
	assert_int_equal(link_mmio(cell, &a), LINK_NOT_MINE);
	assert_int_equal(cell_destroy(cell), 0);
}

/*
 * An access outside the cell's register pages (its UART, root's page)
 * is answered "not mine" without link_lock; its own page still takes it.
 */
static void test_not_mine_takes_no_lock(void **state)
{
	struct mmio_access a = { 0x09000000, 0, 4, false };
	unsigned long locks;
	struct cell *cell;

	(void)state;
	assert_int_equal(create(), 1);
	cell = cells[1];
	locks = fake_lock_count;
	assert_int_equal(link_mmio(cell, &a), LINK_NOT_MINE);
	assert_int_equal(link_mmio(&root_cell, &a), LINK_NOT_MINE);
	a.addr = ROOT_REGS;
	assert_int_equal(link_mmio(cell, &a), LINK_NOT_MINE);
	a.addr = CELL_REGS - 4;
	assert_int_equal(link_mmio(cell, &a), LINK_NOT_MINE);
	assert_int_equal(fake_lock_count, locks);
	assert_int_equal(rd(cell, CELL_REGS, JH_LINK_REG_ID), 1);
	assert_int_equal(fake_lock_count, locks + 1);
	assert_int_equal(rd(&root_cell, ROOT_REGS, JH_LINK_REG_ID), 0);
	assert_int_equal(fake_lock_count, locks + 2);
	assert_int_equal(cell_destroy(cell), 0);
}

static void test_doorbells(void **state)
{
	struct cell *cell;
	u64 dropped = link_dropped(0);

	(void)state;
	assert_int_equal(create(), 1);
	cell = cells[1];
	/* Root's INT_CTRL is off: dropped and counted. */
	wr(cell, CELL_REGS, JH_LINK_REG_DOORBELL, JH_LINK_DOORBELL(0, 0));
	assert_int_equal(fake_pend_count, 0);
	assert_int_equal(link_dropped(0), dropped + 1);
	wr(&root_cell, ROOT_REGS, JH_LINK_REG_INT_CTRL, JH_LINK_INT_ENABLE);
	wr(cell, CELL_REGS, JH_LINK_REG_DOORBELL, JH_LINK_DOORBELL(0, 0));
	assert_int_equal(fake_pend_count, 1);
	assert_int_equal(fake_pended[0], ROOT_IRQ);
	/* Peer 2 absent, peer 9 out of range, vector 1: dropped. */
	wr(cell, CELL_REGS, JH_LINK_REG_DOORBELL, JH_LINK_DOORBELL(2, 0));
	wr(cell, CELL_REGS, JH_LINK_REG_DOORBELL, JH_LINK_DOORBELL(9, 0));
	wr(cell, CELL_REGS, JH_LINK_REG_DOORBELL, JH_LINK_DOORBELL(0, 1));
	assert_int_equal(fake_pend_count, 1);
	assert_int_equal(link_dropped(0), dropped + 4);
	/* The cell has INT_CTRL on but is not running yet: dropped. */
	wr(cell, CELL_REGS, JH_LINK_REG_INT_CTRL, JH_LINK_INT_ENABLE);
	wr(&root_cell, ROOT_REGS, JH_LINK_REG_DOORBELL, JH_LINK_DOORBELL(1, 0));
	assert_int_equal(fake_pend_count, 1);
	assert_int_equal(cell_start(cell), 0);
	/* Start reset its INT_CTRL. */
	assert_int_equal(rd(cell, CELL_REGS, JH_LINK_REG_INT_CTRL), 0);
	wr(cell, CELL_REGS, JH_LINK_REG_INT_CTRL, JH_LINK_INT_ENABLE);
	wr(&root_cell, ROOT_REGS, JH_LINK_REG_DOORBELL, JH_LINK_DOORBELL(1, 0));
	assert_int_equal(fake_pend_count, 2);
	assert_int_equal(fake_pended[1], CELL_IRQ);
	assert_int_equal(cell_destroy(cell), 0);
	wr(&root_cell, ROOT_REGS, JH_LINK_REG_INT_CTRL, 0);
}

static u64 cpu_dropped(unsigned int cpu)
{
	return per_cpu(cpu)->stats[JH_CPU_STAT_DOORBELLS_DROPPED];
}

/*
 * Each drop is counted on the CPU that rang (cell stats sums them per
 * cell); a doorbell that is delivered counts nowhere.
 */
static void test_doorbells_dropped_per_cpu(void **state)
{
	struct cell *cell;
	u64 link_before = link_dropped(0);

	(void)state;
	assert_int_equal(create(), 1);
	cell = cells[1];
	assert_int_equal(cell_start(cell), 0);
	/* The cell (CPU 2) rings root, whose INT_CTRL is off. */
	fake_current_cpu = 2;
	wr(cell, CELL_REGS, JH_LINK_REG_DOORBELL, JH_LINK_DOORBELL(0, 0));
	wr(cell, CELL_REGS, JH_LINK_REG_DOORBELL, JH_LINK_DOORBELL(0, 0));
	/* Vector 1 is dropped by the register emulation: counted too. */
	wr(cell, CELL_REGS, JH_LINK_REG_DOORBELL, JH_LINK_DOORBELL(0, 1));
	assert_int_equal(cpu_dropped(2), 3);
	assert_int_equal(cpu_dropped(0), 0);
	assert_int_equal(link_dropped(0), link_before + 3);
	/* Root (CPU 0) rings the cell, INT_CTRL off: root's count. */
	fake_current_cpu = 0;
	wr(&root_cell, ROOT_REGS, JH_LINK_REG_DOORBELL, JH_LINK_DOORBELL(1, 0));
	assert_int_equal(cpu_dropped(0), 1);
	/* Delivered doorbells are not counted. */
	fake_current_cpu = 2;
	wr(&root_cell, ROOT_REGS, JH_LINK_REG_INT_CTRL, JH_LINK_INT_ENABLE);
	wr(cell, CELL_REGS, JH_LINK_REG_DOORBELL, JH_LINK_DOORBELL(0, 0));
	assert_int_equal(fake_pend_count, 1);
	assert_int_equal(cpu_dropped(2), 3);
	assert_int_equal(link_dropped(0), link_before + 4);
	fake_current_cpu = 0;
	wr(&root_cell, ROOT_REGS, JH_LINK_REG_INT_CTRL, 0);
	assert_int_equal(cell_destroy(cell), 0);
}

static void test_state_and_leave(void **state)
{
	unsigned long pool = mem_pool.used;
	struct cell *cell;

	(void)state;
	assert_int_equal(create(), 1);
	cell = cells[1];
	assert_int_equal(cell_start(cell), 0);
	wr(&root_cell, ROOT_REGS, JH_LINK_REG_INT_CTRL, JH_LINK_INT_ENABLE);
	wr(cell, CELL_REGS, JH_LINK_REG_STATE, 5);
	assert_int_equal(rd(cell, CELL_REGS, JH_LINK_REG_STATE), 5);
	assert_int_equal(states()[1], 5);
	assert_int_equal(fake_pend_count, 1);
	assert_int_equal(fake_pended[0], ROOT_IRQ);
	/* Failed: state 0, root hears it. */
	cell_mark_failed(cell);
	assert_int_equal(states()[1], 0);
	assert_int_equal(rd(cell, CELL_REGS, JH_LINK_REG_STATE), 0);
	assert_int_equal(fake_pend_count, 2);
	assert_int_equal(cell_start(cell), 0);
	wr(cell, CELL_REGS, JH_LINK_REG_STATE, 7);
	assert_int_equal(states()[1], 7);
	/* Destroyed: state 0, root hears it, pool back, peer 1 free. */
	assert_int_equal(cell_destroy(cell), 0);
	assert_int_equal(states()[1], 0);
	assert_int_equal(fake_pended[fake_pend_count - 1], ROOT_IRQ);
	assert_int_equal(mem_pool.used, pool);
	assert_int_equal(create(), 1);
	assert_int_equal(cell_destroy(cells[1]), 0);
	assert_int_equal(mem_pool.used, pool);
	wr(&root_cell, ROOT_REGS, JH_LINK_REG_INT_CTRL, 0);
}

/* A link nobody is on is zeroed when its first member joins, only then. */
static void test_zero_first_join(void **state)
{
	u8 *solo = linkmem + SOLO_OFF;
	unsigned int n;

	(void)state;
	memset(solo, 0xaa, SOLO_SIZE);
	make_cell("link-a", 2, 8, 0);
	strcpy(((struct jh_link_member *)jh_cell_links(&cell_cfg->cell))->name,
	       "solo");
	cfg_seal(cell_cfg);
	assert_int_equal(create(), 1);
	for (n = 0; n < SOLO_SIZE; n++)
		if (solo[n])
			fail_msg("solo byte %u not zeroed on first join", n);
	/* A second member finds what the first one left. */
	solo[RW_OFF] = 0x55;
	make_cell("link-b", 3, 16, 1);
	strcpy(((struct jh_link_member *)jh_cell_links(&cell_cfg->cell))->name,
	       "solo");
	cfg_seal(cell_cfg);
	assert_int_equal(create(), 2);
	assert_int_equal(solo[RW_OFF], 0x55);
	assert_int_equal(cell_destroy(cells[2]), 0);
	assert_int_equal(cell_destroy(cells[1]), 0);
	/* Empty again: the next first member starts from zeroes. */
	assert_int_equal(solo[RW_OFF], 0x55);
	make_cell("link-a", 2, 8, 0);
	strcpy(((struct jh_link_member *)jh_cell_links(&cell_cfg->cell))->name,
	       "solo");
	cfg_seal(cell_cfg);
	assert_int_equal(create(), 1);
	assert_int_equal(solo[RW_OFF], 0);
	assert_int_equal(cell_destroy(cells[1]), 0);
}

/* Refusals leave pool, cells and root's mappings as they were. */
static void refused(long err)
{
	unsigned long pool = mem_pool.used;
	unsigned int count = cell_count();

	cfg_seal(cell_cfg);
	fake_uart_reset();
	assert_int_equal(create(), err);
	assert_int_equal(mem_pool.used, pool);
	assert_int_equal(cell_count(), count);
}

static struct jh_link_member *cell_member(void)
{
	return (struct jh_link_member *)jh_cell_links(&cell_cfg->cell);
}

static void test_refusals(void **state)
{
	(void)state;
	/* Peer 0 is root's. */
	cell_member()->peer_id = 0;
	refused(-JH_EBUSY);
	/* Peer 1 taken by a live cell. */
	make_cell("link-a", 2, 8, 1);
	assert_int_equal(create(), 1);
	make_cell("link-b", 3, 16, 1);
	refused(-JH_EBUSY);
	make_cell("link-b", 3, 16, 2);
	assert_int_equal(create(), 2);
	assert_int_equal(cell_destroy(cells[2]), 0);
	assert_int_equal(cell_destroy(cells[1]), 0);
	make_cell("link-a", 2, 8, 1);
	strcpy(cell_member()->name, "nope");
	refused(-JH_ENOENT);
	make_cell("link-a", 2, 8, 3);
	refused(-JH_EINVAL);			/* peer >= max_peers */
	make_cell("link-a", 2, 8, 1);
	cell_member()->irq = 50;
	refused(-JH_EINVAL);			/* not the cell's SPI */
	make_cell("link-a", 2, 8, 1);
	cell_member()->reg_ipa = 0x80000000;
	refused(-JH_EADDRINUSE);		/* over the comm page */
	make_cell("link-a", 2, 8, 1);
	cell_member()->shm_ipa = 0;
	refused(-JH_EADDRINUSE);		/* over the RAM */
	make_cell("link-a", 2, 8, 1);
	cell_member()->reg_ipa = CELL_SHM + 0x1000;
	refused(-JH_EADDRINUSE);		/* inside its own link memory */
	make_cell("link-a", 2, 8, 1);
	reg(&cell_cfg->cell, 0)->phys_start = (u64)linkmem;
	refused(-JH_EADDRINUSE);		/* a region on link memory */
	make_cell("link-a", 2, 8, 1);
	cfg_irq(&cell_cfg->cell, 0)->first = ROOT_IRQ - 1;
	cell_member()->irq = ROOT_IRQ - 1;
	refused(-JH_EBUSY);			/* takes root's doorbell */
	assert_non_null(strstr(fake_uart, "root's doorbell"));
}

/* The system table: each rule of config_check.h refuses the enable. */
static long system_case(unsigned int n, struct jh_link *l,
			struct jh_link_member *m)
{
	switch (n) {
	case 0: l->max_peers = 1; return -JH_EINVAL;
	case 1: l->max_peers = 17; return -JH_EINVAL;
	case 2: l->flags = 1; return -JH_EINVAL;
	case 3: l->rw_size = 0x800; return -JH_ERANGE;
	case 4: l->phys_start += 0x800; return -JH_ERANGE;
	case 5: memset(l->name, 'x', 16); return -JH_EINVAL;
	case 6: l->name[5] = 'x'; return -JH_EINVAL;	/* not NUL-padded */
	case 7: l->phys_start = (u64)host; return -JH_EADDRINUSE;
	case 8: l->phys_start = CFG_HV_BASE; return -JH_EADDRNOTAVAIL;
	case 9: m->shm_ipa += 0x1000; return -JH_EINVAL; /* root: identity */
	case 10: m->irq = 16; return -JH_EINVAL;
	case 11: m->peer_id = 3; return -JH_EINVAL;
	case 12: strcpy(m->name, "pp1"); return -JH_ENOENT;
	case 13: m->reg_ipa = (u64)host; return -JH_EADDRINUSE;
	}
	return 1;
}

static void test_system_rules(void **state)
{
	struct jh_link *l = (struct jh_link *)jh_system_links(sys);
	struct jh_link_member *m =
		(struct jh_link_member *)jh_cell_links(&sys->root_cell);
	struct jh_link saved_l = *l;
	struct jh_link_member saved_m = *m;
	unsigned int n;
	long err;

	(void)state;
	for (n = 0; (err = system_case(n, l, m)) != 1; n++) {
		cfg_seal(sys_buf);
		fake_uart_reset();
		if (config_check_system(sys_buf, sys->hdr.total_size,
					CFG_HV_BASE, 4) != err)
			fail_msg("case %u: expected %ld: %s", n, err,
				 fake_uart);
		*l = saved_l;
		*m = saved_m;
	}
	cfg_seal(sys_buf);
	assert_int_equal(config_check_system(sys_buf, sys->hdr.total_size,
					     CFG_HV_BASE, 4), 0);
}

/*
 * Life cycle: every way a member stops, fails or restarts. Before each,
 * link-a (CPU 2, peer 1) runs with STATE 5 and INT_CTRL on, root listens.
 */
#define CELL_CPU	2

static struct cell *member_up(void)
{
	struct cell *cell;

	assert_int_equal(create(), 1);
	cell = cells[1];
	assert_int_equal(cell_start(cell), 0);
	wr(&root_cell, ROOT_REGS, JH_LINK_REG_INT_CTRL, JH_LINK_INT_ENABLE);
	wr(cell, CELL_REGS, JH_LINK_REG_INT_CTRL, JH_LINK_INT_ENABLE);
	wr(cell, CELL_REGS, JH_LINK_REG_STATE, 5);
	assert_int_equal(states()[1], 5);
	fake_pend_count = 0;
	return cell;
}

/* Registers and table entry at 0; @rings doorbells, all root's. */
static void assert_reset(struct cell *cell, unsigned int rings)
{
	unsigned int n;

	assert_int_equal(states()[1], 0);
	assert_int_equal(rd(cell, CELL_REGS, JH_LINK_REG_STATE), 0);
	assert_int_equal(rd(cell, CELL_REGS, JH_LINK_REG_INT_CTRL), 0);
	assert_int_equal(fake_pend_count, rings);
	for (n = 0; n < rings; n++)
		assert_int_equal(fake_pended[n], ROOT_IRQ);
}

static void member_gone(struct cell *cell)
{
	wr(&root_cell, ROOT_REGS, JH_LINK_REG_INT_CTRL, 0);
	assert_int_equal(cell_destroy(cell), 0);
}

/* cell_self_stop() on the cell's CPU; how the CPU left it (FAKE_EXIT_*). */
static int self_stop(bool restart)
{
	static jmp_buf env;

	fake_current_cpu = CELL_CPU;
	fake_cpu_exit = &env;
	fake_cpu_exited = 0;
	if (!setjmp(env))
		cell_self_stop(per_cpu(CELL_CPU), restart);
	fake_cpu_exit = NULL;
	fake_current_cpu = 0;
	return fake_cpu_exited;
}

/* PSCI SYSTEM_RESET: running again at once, the peers told. */
static void test_self_reset(void **state)
{
	struct cell *cell;

	(void)state;
	cell = member_up();
	assert_int_equal(self_stop(true), FAKE_EXIT_GUEST);
	assert_int_equal(cell->state, JH_CELL_STATE_RUNNING);
	assert_reset(cell, 1);
	/* The link works in the new run. */
	wr(cell, CELL_REGS, JH_LINK_REG_STATE, 6);
	assert_int_equal(states()[1], 6);
	assert_int_equal(fake_pend_count, 2);
	member_gone(cell);
}

/* PSCI SYSTEM_OFF, and SYSTEM_RESET of a reset_stops cell: shut down. */
static void test_self_off(void **state)
{
	struct jh_cell_desc *c = &cell_cfg->cell;
	struct cell *cell;

	(void)state;
	cell = member_up();
	assert_int_equal(self_stop(false), FAKE_EXIT_PARKED);
	assert_int_equal(cell->state, JH_CELL_STATE_SHUT_DOWN);
	assert_reset(cell, 1);
	member_gone(cell);
	c->flags |= JH_CELL_RESET_STOPS;
	cfg_seal(cell_cfg);
	cell = member_up();
	assert_int_equal(self_stop(true), FAKE_EXIT_PARKED);
	assert_int_equal(cell->state, JH_CELL_STATE_SHUT_DOWN);
	assert_reset(cell, 1);
	member_gone(cell);
}

/* Start of a running cell rings; of a stopped one not again. */
static void test_start_again(void **state)
{
	struct cell *cell;

	(void)state;
	cell = member_up();
	assert_int_equal(cell_start(cell), 0);
	assert_reset(cell, 1);
	wr(cell, CELL_REGS, JH_LINK_REG_INT_CTRL, JH_LINK_INT_ENABLE);
	wr(cell, CELL_REGS, JH_LINK_REG_STATE, 5);
	assert_int_equal(cell_set_loadable(cell), 0);
	assert_int_equal(fake_pend_count, 3);
	/* Stands in for a stale value: start resets, the peers heard before. */
	wr(cell, CELL_REGS, JH_LINK_REG_INT_CTRL, JH_LINK_INT_ENABLE);
	fake_pend_count = 0;
	assert_int_equal(cell_start(cell), 0);
	assert_reset(cell, 0);
	member_gone(cell);
}

/* Management: shutdown answered, shutdown timeout, set_loadable. */
static void test_managed_stops(void **state)
{
	struct cell *cell;

	(void)state;
	cell = member_up();
	assert_int_equal(cell_shutdown(cell), JH_SHUTDOWN_PENDING);
	cell->comm->reply_from_cell = JH_REPLY_SHUTDOWN_OK;
	assert_int_equal(cell_shutdown(cell), 0);
	assert_int_equal(cell->state, JH_CELL_STATE_SHUT_DOWN);
	assert_reset(cell, 1);
	member_gone(cell);

	cell = member_up();
	assert_int_equal(cell_shutdown(cell), JH_SHUTDOWN_PENDING);
	fake_counter += 1000;
	assert_int_equal(cell_shutdown(cell), -JH_ETIMEDOUT);
	assert_int_equal(cell->state, JH_CELL_STATE_FAILED);
	assert_reset(cell, 1);
	member_gone(cell);

	cell = member_up();
	assert_int_equal(cell_set_loadable(cell), 0);
	assert_reset(cell, 1);
	member_gone(cell);
}

/* A CPU that does not stop: the cell fails, the peers hear it. */
static void test_destroy_timeout(void **state)
{
	struct cell *cell;

	(void)state;
	cell = member_up();
	fake_cpus_unresponsive = true;
	assert_int_equal(cell_destroy(cell), -JH_ETIMEDOUT);
	fake_cpus_unresponsive = false;
	assert_int_equal(cell->state, JH_CELL_STATE_FAILED);
	assert_reset(cell, 1);
	member_gone(cell);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_root_member),
		T(test_cell_sections),
		T(test_registers),
		T(test_not_mine_takes_no_lock),
		T(test_doorbells),
		T(test_doorbells_dropped_per_cpu),
		T(test_state_and_leave),
		T(test_refusals),
		T(test_zero_first_join),
		T(test_system_rules),
		T(test_self_reset),
		T(test_self_off),
		T(test_start_again),
		T(test_managed_stops),
		T(test_destroy_timeout),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
