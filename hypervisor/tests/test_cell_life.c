// SPDX-License-Identifier: GPL-2.0
/*
 * Cell life cycle in the core against the fake arch: create, start,
 * shutdown (all answers of the comm protocol), destroy, and every refusal
 * of create, each with its errno and without changing anything.
 */
#include <stdlib.h>
#include "test.h"
#include "fake_config.h"
#include <hv/cell.h>
#include <hv/control.h>
#include <hv/hypercall.h>
#include <hv/mmio_subpage.h>
#include <hv/percpu.h>
#include <hv/pool.h>
#include <hv/setup.h>
#include <jailhouse/comm.h>
#include <jailhouse/console.h>
#include <jailhouse/hypercall.h>

#define HOST_MEM	(64UL << 20)
#define RWX		(PAGE_READ | PAGE_WRITE | PAGE_EXEC)
#define ITS_BASE	0x08080000ULL	/* as cfgbuild's platform has it */
#define DMA_DEV		0x0a000000ULL

static u64 sys_buf[CFG_BUF_SIZE / 8];
static struct jh_system_config *const sys = (void *)sys_buf;
static u8 *host;		/* "root RAM": the cells' memory lives here */
static struct jh_cell_config *cell_cfg;	/* inside host memory */

struct snapshot {
	unsigned long pool_used, root_tables;
	u64 root_cpus, root_irqs[BITMAP_WORDS(NUM_INTIDS)];
	unsigned int cells;
};

static void snap(struct snapshot *s)
{
	s->pool_used = mem_pool.used;
	s->root_tables = paging_count_tables(&root_cell.s2);
	s->root_cpus = root_cell.cpus[0];
	memcpy(s->root_irqs, root_cell.irqs, sizeof(s->root_irqs));
	s->cells = cell_count();
}

static void assert_same(const struct snapshot *a)
{
	struct snapshot b;

	snap(&b);
	assert_int_equal(a->pool_used, b.pool_used);
	assert_int_equal(a->root_tables, b.root_tables);
	assert_int_equal(a->root_cpus, b.root_cpus);
	assert_memory_equal(a->root_irqs, b.root_irqs, sizeof(b.root_irqs));
	assert_int_equal(a->cells, b.cells);
}

static struct jh_memory_region *reg(struct jh_cell_desc *c, unsigned int n)
{
	return cfg_region(c, n);
}

static void make_system(void)
{
	struct jh_cell_desc *root;

	root = fake_system_config(sys_buf, &(struct fake_system){
		.hv_base = CFG_HV_BASE, .hv_size = CFG_HV_SIZE, .nregions = 4,
		.ram = (u64)host, .ram_size = HOST_MEM,
		.ram_flags = FAKE_SPARE_RAM, .irq_first = 32, .irq_count = 64 });
	/* Region 2 is the GIC with the ITS; a DMA-capable device (say,
	 * virtio-mmio). */
	*reg(root, 3) = (struct jh_memory_region){ DMA_DEV, DMA_DEV, 0x4000,
		JH_MEM_READ | JH_MEM_WRITE | JH_MEM_IO | JH_MEM_DMA };
	cfg_seal(sys_buf);
	system_config = sys;
}

/* Cell on CPU 2: 1 MiB loadable RAM at host+8M, comm page at host+9M. */
static void make_cell(void)
{
	cell_cfg = (void *)(host + (4UL << 20));
	fake_cell_config(cell_cfg, &(struct fake_cell){
		.name = "cell-a", .cpus = 0x4,
		.ram = (u64)host + (8UL << 20), .comm = (u64)host + (9UL << 20),
		.irq_first = 40, .irq_count = 2,
		.flags = JH_CELL_CONSOLE_WRITE, .shutdown_timeout_ms = 100 });
}

static int setup(void **state)
{
	unsigned int n;

	(void)state;
	host = aligned_alloc(2UL << 20, HOST_MEM);
	assert_non_null(host);
	fake_pool_setup(1024);
	fake_s2_root_level = 0;
	fake_s2_root_pages = 1;
	fake_cpus_unresponsive = false;
	fake_power_on_ret = 0;
	fake_mmio_nodev = false;
	fake_hv_reset();
	fake_emulated_base = 0x08000000;
	fake_emulated_size = 0x10000;
	hv_max_cpus = 4;
	memset(per_cpu(0), 0, 4 * PERCPU_SIZE);
	make_system();
	assert_int_equal(cell_init_root(&sys->root_cell), 0);
	for (n = 0; n < 4; n++) {
		per_cpu(n)->cpu_id = n;
		per_cpu(n)->mpidr = n;
		per_cpu(n)->cell = &root_cell;
		per_cpu(n)->state = n < 2 ? CPU_RUNNING : CPU_OFF;
	}
	make_cell();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	paging_destroy(&root_cell.s2);
	fake_pool_teardown();
	free(host);
	return 0;
}

static long create(void)
{
	return cell_create((u64)cell_cfg, cell_cfg->hdr.total_size);
}

static bool root_maps(u64 addr)
{
	return paging_lookup(&root_cell.s2, addr, NULL, NULL);
}

static void test_create_start_destroy(void **state)
{
	u64 ram = (u64)host + (8UL << 20), comm_phys = ram + (1UL << 20);
	struct jh_comm_region *comm = (void *)comm_phys;
	struct snapshot before;
	struct cell *cell;

	(void)state;
	snap(&before);
	assert_int_equal(create(), 1);
	cell = cells[1];
	assert_non_null(cell);
	assert_int_equal(cell->state, JH_CELL_STATE_SHUT_DOWN);
	assert_int_equal(root_cell.cpus[0], 0xb);
	assert_ptr_equal(per_cpu(2)->cell, cell);
	assert_true(cell_owns_irq(cell, 41));
	assert_false(cell_owns_irq(&root_cell, 40));
	assert_true(cell_owns_irq(&root_cell, 42));
	/* Loadable RAM stays with root until start; the comm page does not. */
	assert_true(root_maps(ram));
	assert_false(root_maps(comm_phys));
	assert_true(paging_lookup(&cell->s2, 0, NULL, NULL));

	fake_icache_invals = 0;
	assert_int_equal(cell_start(cell), 0);
	assert_int_equal(cell->state, JH_CELL_STATE_RUNNING);
	/* Root wrote the image through its D-side: no stale instructions. */
	assert_int_equal(fake_icache_invals, 1);
	assert_false(root_maps(ram));
	assert_int_equal(per_cpu(2)->state, CPU_RUNNING);
	assert_memory_equal(comm->signature, JH_COMM_SIGNATURE, 8);
	assert_int_equal(comm->num_cpus, 1);
	assert_int_equal(comm->cpu_mpidr[0], 2);
	assert_int_equal(comm->cell_state, JH_CELL_STATE_RUNNING);
	assert_int_equal(comm->gicd_base, 0x08000000);

	assert_int_equal(cell_destroy(cell), 0);
	assert_null(cells[1]);
	assert_int_equal(per_cpu(2)->state, CPU_OFF);
	assert_ptr_equal(per_cpu(2)->cell, &root_cell);
	assert_true(root_maps(ram));
	assert_true(root_maps(comm_phys));
	assert_same(&before);
}

static void test_shutdown_protocol(void **state)
{
	struct jh_comm_region *comm = (void *)((u64)host + (9UL << 20));
	struct cell *cell;

	(void)state;
	assert_int_equal(create(), 1);
	cell = cells[1];
	assert_int_equal(cell_start(cell), 0);
	/* Acknowledged. */
	assert_int_equal(cell_shutdown(cell), JH_SHUTDOWN_PENDING);
	assert_int_equal(comm->msg_to_cell, JH_MSG_SHUTDOWN_REQUEST);
	assert_int_equal(cell_shutdown(cell), JH_SHUTDOWN_PENDING);
	comm->reply_from_cell = JH_REPLY_SHUTDOWN_OK;
	assert_int_equal(cell_shutdown(cell), 0);
	assert_int_equal(cell->state, JH_CELL_STATE_SHUT_DOWN);
	assert_int_equal(per_cpu(2)->state, CPU_PARKED);
	assert_true(root_maps((u64)host + (8UL << 20)));
	assert_int_equal(cell_shutdown(cell), 0);
	/* Refused, and locked. */
	assert_int_equal(cell_start(cell), 0);
	assert_int_equal(cell_shutdown(cell), JH_SHUTDOWN_PENDING);
	comm->reply_from_cell = JH_REPLY_SHUTDOWN_DENIED;
	assert_int_equal(cell_shutdown(cell), -JH_EBUSY);
	assert_int_equal(cell_get_state(cell), JH_CELL_STATE_RUNNING);
	comm->locked = 1;
	assert_int_equal(cell_get_state(cell), JH_CELL_STATE_RUNNING_LOCKED);
	assert_int_equal(cell_shutdown(cell), -JH_EBUSY);
	comm->locked = 0;
	/* No answer within the timeout: failed and stopped. */
	assert_int_equal(cell_shutdown(cell), JH_SHUTDOWN_PENDING);
	fake_counter += 1000;
	assert_int_equal(cell_shutdown(cell), -JH_ETIMEDOUT);
	assert_int_equal(cell->state, JH_CELL_STATE_FAILED);
	assert_int_equal(per_cpu(2)->state, CPU_PARKED);
	/* A failed cell can be loaded and started again. */
	assert_int_equal(cell_set_loadable(cell), 0);
	assert_int_equal(cell->state, JH_CELL_STATE_SHUT_DOWN);
	assert_int_equal(cell_start(cell), 0);
	assert_int_equal(cell_destroy(cell), 0);
}

static void test_hundred_cycles(void **state)
{
	struct snapshot before;
	unsigned int n;

	(void)state;
	snap(&before);
	for (n = 0; n < 100; n++) {
		assert_int_equal(create(), 1);
		assert_int_equal(cell_start(cells[1]), 0);
		assert_int_equal(cell_destroy(cells[1]), 0);
	}
	assert_same(&before);
}

static void test_unresponsive_cpu(void **state)
{
	(void)state;
	assert_int_equal(create(), 1);
	assert_int_equal(cell_start(cells[1]), 0);
	fake_cpus_unresponsive = true;
	assert_int_equal(cell_destroy(cells[1]), -JH_ETIMEDOUT);
	assert_int_equal(cells[1]->state, JH_CELL_STATE_FAILED);
	fake_cpus_unresponsive = false;
	assert_int_equal(cell_destroy(cells[1]), 0);
}

/*
 * The firmware does not power the boot CPU on (seen under QEMU while the
 * CPU was still on its way out of root): start fails with EAGAIN, the
 * cell is failed, and the start is withdrawn, so destroy still works (a
 * start left posted on an off CPU made every later stop time out).
 */
static void test_power_on_refused(void **state)
{
	struct snapshot before;

	(void)state;
	snap(&before);
	assert_int_equal(create(), 1);
	fake_power_on_ret = -4;		/* PSCI ALREADY_ON */
	assert_int_equal(cell_start(cells[1]), -JH_EAGAIN);
	assert_int_equal(cells[1]->state, JH_CELL_STATE_FAILED);
	assert_int_equal(per_cpu(2)->state, CPU_OFF);
	assert_int_equal(per_cpu(2)->request, REQ_NONE);
	/* A second try, the CPU now off for good, works. */
	fake_power_on_ret = 0;
	assert_int_equal(cell_start(cells[1]), 0);
	assert_int_equal(per_cpu(2)->state, CPU_RUNNING);
	fake_power_on_ret = -4;
	assert_int_equal(cell_destroy(cells[1]), 0);
	assert_same(&before);
	/* And the same refused start, then destroy at once. */
	assert_int_equal(create(), 1);
	assert_int_equal(cell_start(cells[1]), -JH_EAGAIN);
	assert_int_equal(cell_destroy(cells[1]), 0);
	assert_same(&before);
}

/* Apply @change to the cell config, expect @err and nothing changed. */
static void refused(void (*change)(struct jh_cell_desc *c), long err)
{
	struct snapshot before;

	make_cell();
	change(&cell_cfg->cell);
	cfg_seal(cell_cfg);
	snap(&before);
	assert_int_equal(create(), err);
	assert_same(&before);
}

static void cpu0(struct jh_cell_desc *c) { c->cpus[0] = 0x5; }
static void cpu_online(struct jh_cell_desc *c) { c->cpus[0] = 0x2; }
static void cpu_none(struct jh_cell_desc *c) { c->cpus[0] = 0; }
static void cpu_absent(struct jh_cell_desc *c) { c->cpus[0] = 0x10; }
static void outside_root(struct jh_cell_desc *c)
{
	reg(c, 0)->phys_start = 0x200000000ULL;
}
static void io_from_ram(struct jh_cell_desc *c)
{
	reg(c, 0)->flags |= JH_MEM_IO;
}
static void on_hv(struct jh_cell_desc *c)
{
	reg(c, 0)->phys_start = CFG_HV_BASE;
}
static void unaligned(struct jh_cell_desc *c)
{
	reg(c, 0)->phys_start += 0x800;
}
static void absurd(struct jh_cell_desc *c)
{
	reg(c, 0)->size = 1ULL << 62;
}
static void irq_foreign(struct jh_cell_desc *c) { cfg_irq(c, 0)->first = 100; }
static void irq_ppi(struct jh_cell_desc *c) { cfg_irq(c, 0)->first = 27; }
/* RAM at the guest address of the emulated GICD (this root maps no GIC,
 * so a region at its physical address is refused as outside root). */
static void gic(struct jh_cell_desc *c)
{
	reg(c, 0)->virt_start = 0x08000000;
	c->entry = 0x08000000;
}
static void io_region(struct jh_cell_desc *c, u64 phys, u64 size, u64 flags)
{
	*reg(c, 1) = (struct jh_memory_region){ phys, 0x10000000, size,
		JH_MEM_READ | JH_MEM_WRITE | JH_MEM_IO | flags };
	c->comm_region = 0;
}
static void its_page(struct jh_cell_desc *c)
{
	io_region(c, ITS_BASE + 0x10000, 0x1000, 0);
}
static void dma_device(struct jh_cell_desc *c)
{
	io_region(c, DMA_DEV + 0x1000, 0x1000, 0);
}
static void dma_flag_own(struct jh_cell_desc *c)
{
	io_region(c, 0x09000000, 0x1000, JH_MEM_DMA);
}
static void plain_device(struct jh_cell_desc *c)
{
	io_region(c, 0x09000000, 0x1000, 0);
}
static void entry_bad(struct jh_cell_desc *c) { c->entry = 0x40000000; }
static void comm_bad(struct jh_cell_desc *c) { c->comm_region = 0x1000; }
static void self_overlap(struct jh_cell_desc *c)
{
	reg(c, 1)->phys_start = reg(c, 0)->phys_start;
}
static void no_name(struct jh_cell_desc *c) { c->name[0] = 0; }
/* The emulated UART: a free guest page and an SPI of the cell's own. */
static void uart_ok(struct jh_cell_desc *c)
{
	c->uart_base = 0x09000000;
	c->uart_irq = 41;
}
static void uart_unaligned(struct jh_cell_desc *c)
{
	uart_ok(c);
	c->uart_base += 0x800;
}
static void uart_on_ram(struct jh_cell_desc *c)
{
	uart_ok(c);
	c->uart_base = 0x80000;
}
static void uart_on_comm(struct jh_cell_desc *c)
{
	uart_ok(c);
	c->uart_base = 0x80000000;
}
static void uart_on_gicd(struct jh_cell_desc *c)
{
	uart_ok(c);
	c->uart_base = 0x08001000;
}
static void uart_irq_foreign(struct jh_cell_desc *c)
{
	uart_ok(c);
	c->uart_irq = 42;
}
static void uart_irq_only(struct jh_cell_desc *c) { c->uart_irq = 41; }
static void links_past_end(struct jh_cell_desc *c) { c->num_links = 1; }
static void bad_flag(struct jh_cell_desc *c) { c->flags |= 0x4; }

static void test_refusals(void **state)
{
	(void)state;
	refused(cpu0, -JH_EPERM);
	refused(cpu_online, -JH_EBUSY);
	refused(cpu_none, -JH_EINVAL);
	refused(cpu_absent, -JH_EINVAL);
	refused(outside_root, -JH_ERANGE);
	refused(io_from_ram, -JH_ERANGE);
	refused(on_hv, -JH_EADDRNOTAVAIL);
	refused(unaligned, -JH_ERANGE);
	refused(absurd, -JH_ERANGE);
	refused(irq_foreign, -JH_EBUSY);
	refused(irq_ppi, -JH_EINVAL);
	refused(gic, -JH_EINVAL);
	refused(its_page, -JH_EINVAL);
	refused(dma_device, -JH_EPERM);
	refused(dma_flag_own, -JH_EPERM);
	refused(entry_bad, -JH_EINVAL);
	refused(comm_bad, -JH_EINVAL);
	refused(self_overlap, -JH_EINVAL);
	refused(no_name, -JH_EINVAL);
	refused(uart_unaligned, -JH_EINVAL);
	refused(uart_on_ram, -JH_EINVAL);
	refused(uart_on_comm, -JH_EINVAL);
	refused(uart_on_gicd, -JH_EINVAL);
	refused(uart_irq_foreign, -JH_EINVAL);
	refused(uart_irq_only, -JH_EINVAL);
	refused(links_past_end, -JH_ENODATA);
	refused(bad_flag, -JH_EINVAL);
}

/*
 * The control for the uart refusals, with the new flag too. The cell's
 * console ring is root's to read (read-only) while the cell exists, and
 * only then; CELL_GET_CONSOLE names it.
 */
static void test_uart_accepted(void **state)
{
	struct snapshot before;
	unsigned long flags;
	bool leave;
	long ring;

	(void)state;
	snap(&before);
	make_cell();
	uart_ok(&cell_cfg->cell);
	cell_cfg->cell.flags |= JH_CELL_RESET_STOPS;
	cfg_seal(cell_cfg);
	assert_int_equal(create(), 1);
	ring = hypercall(per_cpu(0), JH_HC_CELL_GET_CONSOLE, 1, 0, &leave);
	assert_true(ring > 0);
	assert_true(paging_lookup(&root_cell.s2, ring, NULL, &flags));
	assert_int_equal(flags & (PAGE_READ | PAGE_WRITE), PAGE_READ);
	assert_true(root_maps(ring + JH_CELL_CONSOLE_SIZE - 1));
	assert_false(paging_lookup(&cells[1]->s2, 0x09000000, NULL, NULL));
	assert_int_equal(hypercall(per_cpu(0), JH_HC_CELL_GET_CONSOLE, 0, 0,
				   &leave), -JH_ENODEV);
	assert_int_equal(hypercall(per_cpu(0), JH_HC_CELL_GET_CONSOLE, 7, 0,
				   &leave), -JH_ENOENT);
	assert_int_equal(cell_destroy(cells[1]), 0);
	assert_false(root_maps(ring));
	assert_same(&before);
}

/* The control for its_page and dma_device: a plain device is fine. */
static void test_plain_device_accepted(void **state)
{
	(void)state;
	make_cell();
	plain_device(&cell_cfg->cell);
	cfg_seal(cell_cfg);
	assert_int_equal(create(), 1);
	assert_int_equal(cell_destroy(cells[1]), 0);
}

static void test_refusals_against_cells(void **state)
{
	struct snapshot before;
	u32 size;

	(void)state;
	assert_int_equal(create(), 1);
	snap(&before);
	/* Same name, same memory, same CPU. */
	assert_int_equal(create(), -JH_EEXIST);
	strcpy(cell_cfg->cell.name, "cell-b");
	cell_cfg->cell.cpus[0] = 0x8;
	cfg_irq(&cell_cfg->cell, 0)->first = 50;
	cfg_seal(cell_cfg);
	assert_int_equal(create(), -JH_EADDRINUSE);
	reg(&cell_cfg->cell, 0)->phys_start += 2UL << 20;
	reg(&cell_cfg->cell, 1)->phys_start += 2UL << 20;
	cell_cfg->cell.cpus[0] = 0x4;
	cfg_seal(cell_cfg);
	assert_int_equal(create(), -JH_EBUSY);
	cell_cfg->cell.cpus[0] = 0x8;
	cfg_irq(&cell_cfg->cell, 0)->first = 41;
	cfg_seal(cell_cfg);
	assert_int_equal(create(), -JH_EBUSY);	/* irq 41 is cell-a's */
	assert_same(&before);
	/* Broken transport: checksum, truncation, address. */
	cfg_irq(&cell_cfg->cell, 0)->first = 50;
	cfg_seal(cell_cfg);
	cell_cfg->cell.flags ^= 1;
	size = cell_cfg->hdr.total_size;
	assert_int_equal(create(), -JH_EBADMSG);
	cell_cfg->cell.flags ^= 1;
	assert_int_equal(cell_create((u64)cell_cfg, 16), -JH_ENODATA);
	assert_int_equal(cell_create(CFG_HV_BASE, size), -JH_EFAULT);
	assert_int_equal(cell_create(0x200000000ULL, size), -JH_EFAULT);
	assert_int_equal(cell_create(~0ULL - 100, size), -JH_EFAULT);
	assert_same(&before);
	/* And a good second cell still works. */
	assert_int_equal(create(), 2);
	assert_int_equal(cell_destroy(cells[2]), 0);
	assert_int_equal(cell_destroy(cells[1]), 0);
}

static void test_hypercall_rules(void **state)
{
	bool leave;

	(void)state;
	assert_int_equal(create(), 1);
	/* The cell's CPU may not manage anything. */
	assert_int_equal(hypercall(per_cpu(2), JH_HC_CELL_DESTROY, 1, 0,
				   &leave), -JH_EPERM);
	assert_int_equal(hypercall(per_cpu(2), JH_HC_CELL_CREATE,
				   (u64)cell_cfg, 4096, &leave), -JH_EPERM);
	/* Root cannot manage itself or unknown cells, nor disable now. */
	assert_int_equal(hypercall(per_cpu(0), JH_HC_CELL_DESTROY, 0, 0,
				   &leave), -JH_EINVAL);
	assert_int_equal(hypercall(per_cpu(0), JH_HC_CELL_START, 7, 0,
				   &leave), -JH_ENOENT);
	assert_int_equal(hypercall(per_cpu(0), JH_HC_CELL_START, ~0ULL, 0,
				   &leave), -JH_ENOENT);
	assert_int_equal(hypercall(per_cpu(0), JH_HC_DISABLE, 0, 0, &leave),
			 -JH_ENOTEMPTY);
	assert_false(leave);
	assert_int_equal(hypercall(per_cpu(0), JH_HC_HV_GET_INFO,
				   JH_INFO_NUM_CELLS, 0, &leave), 2);
	assert_int_equal(hypercall(per_cpu(0), JH_HC_CELL_GET_STATE, 1, 0,
				   &leave), JH_CELL_STATE_SHUT_DOWN);
	assert_int_equal(hypercall(per_cpu(0), JH_HC_CELL_DESTROY, 1, 0,
				   &leave), 0);
	assert_int_equal(hypercall(per_cpu(0), JH_HC_DISABLE, 0, 0, &leave),
			 0);
	assert_true(leave);
}

/*
 * Reading the config must not take away a mapping the hypervisor uses:
 * here the page holding the config is one the hypervisor maps for itself
 * (as it did a rootshared comm page root could name). Unmapping it after
 * the copy made the next access to it fault at EL2.
 */
static void test_config_copy_keeps_hv_mappings(void **state)
{
	u64 page = (u64)cell_cfg & PAGE_MASK;

	(void)state;
	assert_int_equal(arch_hv_map(page, PAGE_SIZE, PAGE_DEFAULT), 0);
	assert_int_equal(create(), 1);
	assert_true(fake_hv_mapped(page));
	assert_true(fake_temp_maps > 0);
	assert_int_equal(cell_destroy(cells[1]), 0);
	assert_true(fake_hv_mapped(page));
}

static void comm_rootshared(struct jh_cell_desc *c)
{
	reg(c, 1)->flags |= JH_MEM_ROOTSHARED;
}
static void comm_loadable(struct jh_cell_desc *c)
{
	reg(c, 1)->flags |= JH_MEM_LOADABLE;
}

/* Second cell (CPU 3, IRQ 50) with its RAM 2 MiB above cell-a's. */
static void make_cell_b(void)
{
	struct jh_cell_desc *c = &cell_cfg->cell;

	strcpy(c->name, "cell-b");
	c->cpus[0] = 0x8;
	cfg_irq(c, 0)->first = 50;
	reg(c, 0)->phys_start += 2UL << 20;
	reg(c, 1)->phys_start += 2UL << 20;
}

/*
 * A comm page is the cell's alone: not shared with root (which could
 * then name it as a config address), not loadable, and no other cell
 * region may cover it, shared or not. Two cells on one rootshared comm
 * page were accepted; destroying one unmapped the page the other's
 * management still used.
 */
static void test_comm_private(void **state)
{
	u64 comm_a = (u64)host + (9UL << 20);
	struct snapshot before;

	(void)state;
	refused(comm_rootshared, -JH_EINVAL);
	refused(comm_loadable, -JH_EINVAL);
	assert_false(fake_hv_mapped(comm_a));

	make_cell();
	assert_int_equal(create(), 1);
	assert_true(fake_hv_mapped(comm_a));
	snap(&before);
	/* cell-b: a rootshared region over cell-a's comm page. */
	make_cell_b();
	reg(&cell_cfg->cell, 0)->phys_start = comm_a;
	reg(&cell_cfg->cell, 0)->size = PAGE_SIZE;
	reg(&cell_cfg->cell, 0)->flags |= JH_MEM_ROOTSHARED;
	cfg_seal(cell_cfg);
	assert_int_equal(create(), -JH_EADDRINUSE);
	/* cell-b: its (rootshared) comm page on cell-a's. */
	make_cell();
	make_cell_b();
	reg(&cell_cfg->cell, 1)->phys_start = comm_a;
	reg(&cell_cfg->cell, 1)->flags |= JH_MEM_ROOTSHARED;
	cfg_seal(cell_cfg);
	assert_int_equal(create(), -JH_EINVAL);
	reg(&cell_cfg->cell, 1)->flags &= ~(u64)JH_MEM_ROOTSHARED;
	cfg_seal(cell_cfg);
	assert_int_equal(create(), -JH_EADDRINUSE);
	assert_same(&before);
	assert_true(fake_hv_mapped(comm_a));
	/* Management of cell-a still works through its comm page. */
	assert_int_equal(cell_start(cells[1]), 0);
	assert_int_equal(cell_destroy(cells[1]), 0);
	assert_false(fake_hv_mapped(comm_a));
}

static bool all_bytes(const u8 *p, u64 size, u8 value)
{
	u64 n;

	for (n = 0; n < size; n++)
		if (p[n] != value)
			return false;
	return true;
}

/*
 * Memory remanence: a cell's RAM and comm page are zero when it is
 * created (root's or an earlier cell's leftovers) and when root gets them
 * back on destroy; rootshared regions are root's and stay untouched.
 */
static void test_scrub(void **state)
{
	u8 *ram = host + (8UL << 20), *comm = host + (9UL << 20);
	u8 *shared = host + (10UL << 20);
	struct jh_cell_desc *c = &cell_cfg->cell;
	u64 ram_size = 1UL << 20;

	(void)state;
	c->num_memory_regions = 3;
	*reg(c, 2) = (struct jh_memory_region){ (u64)shared, 0x40000000,
		PAGE_SIZE, JH_MEM_READ | JH_MEM_WRITE | JH_MEM_ROOTSHARED };
	cfg_irq(c, 0)->first = 40;
	cfg_irq(c, 0)->count = 2;
	cell_cfg->hdr.total_size += sizeof(struct jh_memory_region);
	cfg_seal(cell_cfg);
	memset(ram, 0xa5, ram_size);
	memset(comm, 0xa5, PAGE_SIZE);
	memset(shared, 0x5a, PAGE_SIZE);
	assert_int_equal(create(), 1);
	assert_true(all_bytes(ram, ram_size, 0));
	/* The comm page holds nothing but the state the hypervisor wrote. */
	assert_int_equal(((struct jh_comm_region *)comm)->cell_state,
			 JH_CELL_STATE_SHUT_DOWN);
	((struct jh_comm_region *)comm)->cell_state = 0;
	assert_true(all_bytes(comm, PAGE_SIZE, 0));
	assert_true(all_bytes(shared, PAGE_SIZE, 0x5a));
	assert_int_equal(cell_start(cells[1]), 0);
	/* What the cell leaves behind. */
	memset(ram, 0xc3, ram_size);
	memset(comm, 0xc3, PAGE_SIZE);
	fake_temp_bytes = 0;
	assert_int_equal(cell_destroy(cells[1]), 0);
	assert_true(all_bytes(ram, ram_size, 0));
	assert_true(all_bytes(comm, PAGE_SIZE, 0));
	assert_true(all_bytes(shared, PAGE_SIZE, 0x5a));
	assert_int_equal(fake_temp_bytes, ram_size + PAGE_SIZE);
}

/* A region larger than and not aligned to 2 MiB: scrubbed in pieces
 * that each fit the window (the fake aborts otherwise), all of it. */
static void test_scrub_large_unaligned(void **state)
{
	u64 start = (u64)host + (10UL << 20) + 0x3000, size = (5UL << 20);
	struct jh_cell_desc *c = &cell_cfg->cell;

	(void)state;
	reg(c, 0)->phys_start = start;
	reg(c, 0)->size = size;
	reg(c, 1)->phys_start = (u64)host + (20UL << 20);
	cfg_seal(cell_cfg);
	memset((void *)start, 0x77, size);
	memset((void *)(start - 16), 0x11, 16);
	memset((void *)(start + size), 0x22, 16);
	assert_int_equal(create(), 1);
	assert_true(all_bytes((void *)start, size, 0));
	assert_true(all_bytes((void *)(start - 16), 16, 0x11));
	assert_true(all_bytes((void *)(start + size), 16, 0x22));
	/* The config copy, then 2 MiB pieces at most: 3 for 5 MiB at an
	 * odd start, and the comm page. */
	assert_int_equal(fake_temp_maps, 1 + 3 + 1);
	assert_int_equal(cell_destroy(cells[1]), 0);
}

/* ---- sub-page windows (mmio_subpage.c) and the DMA identity rule ---- */

#define WIN_PAGE	(DMA_DEV + 0x3000)	/* like QEMU's last 8 virtio */
#define WIN		(WIN_PAGE + 0xe00)

/* Identity RAM, so the dma device (root's region 3) is allowed. */
static void identity_ram(struct jh_cell_desc *c)
{
	reg(c, 0)->virt_start = reg(c, 0)->phys_start;
	c->entry = reg(c, 0)->phys_start;
}

static void window(struct jh_cell_desc *c, u64 phys, u64 virt, u64 size,
		   u64 flags)
{
	identity_ram(c);
	*reg(c, 1) = (struct jh_memory_region){ phys, virt, size,
		JH_MEM_READ | JH_MEM_WRITE | JH_MEM_IO | JH_MEM_SUBPAGE |
		flags };
	c->comm_region = 0;
}

static void win_ok(struct jh_cell_desc *c)
{
	window(c, WIN, WIN, 0x200, JH_MEM_DMA);
}
/* cell-a with the good window, created (ID 1). */
static void create_win_cell(void)
{
	make_cell();
	win_ok(&cell_cfg->cell);
	cfg_seal(cell_cfg);
	assert_int_equal(create(), 1);
}

static void win_unaligned(struct jh_cell_desc *c)
{
	window(c, WIN + 4, WIN + 4, 0x200, 0);
}
static void win_crosses(struct jh_cell_desc *c)
{
	window(c, WIN, WIN, 0x400, 0);
}
static void win_offset(struct jh_cell_desc *c)
{
	window(c, WIN, WIN - 0x200, 0x200, 0);
}
static void win_ram(struct jh_cell_desc *c)
{
	window(c, WIN, WIN, 0x200, 0);
	reg(c, 1)->flags &= ~(u64)JH_MEM_IO;
}
static void win_loadable(struct jh_cell_desc *c)
{
	window(c, WIN, WIN, 0x200, JH_MEM_LOADABLE);
}
static void win_empty(struct jh_cell_desc *c)
{
	window(c, WIN, WIN, 0, 0);
}
/* A dma device with RAM at virt != phys: the device would miss it. */
static void dma_not_identity(struct jh_cell_desc *c)
{
	win_ok(c);
	reg(c, 0)->virt_start = 0;
	c->entry = 0;
}

static void test_subpage_window_math(void **state)
{
	(void)state;
	assert_true(subpage_in_window(0x1e00, 0x200, 0x1e00, 4));
	assert_true(subpage_in_window(0x1e00, 0x200, 0x1ff8, 8));
	assert_true(subpage_in_window(0x1e00, 0x200, 0x1fff, 1));
	assert_false(subpage_in_window(0x1e00, 0x200, 0x1dfc, 4));
	assert_false(subpage_in_window(0x1e00, 0x200, 0x1ffc, 8));
	assert_false(subpage_in_window(0x1e00, 0x200, 0x2000, 1));
	assert_false(subpage_in_window(0x1e00, 0x200, 0x1dff, 2));
	/* No wrap-around near the top of the address space. */
	assert_false(subpage_in_window(0x1e00, 0x200, ~0ULL - 3, 8));
	assert_false(subpage_in_window(~0ULL - 0x1ff, 0x200, 0, 8));
	assert_false(subpage_in_window(0x1e00, 4, 0x1e00, 8));
}

static void test_subpage_refusals(void **state)
{
	(void)state;
	refused(win_unaligned, -JH_ERANGE);
	refused(win_crosses, -JH_ERANGE);
	refused(win_offset, -JH_ERANGE);
	refused(win_empty, -JH_ERANGE);
	refused(win_ram, -JH_EINVAL);
	refused(win_loadable, -JH_EINVAL);
	refused(dma_not_identity, -JH_EPERM);
	assert_int_equal(subpage_count(), 0);
	assert_true(root_maps(WIN_PAGE));
}

static struct mmio_access acc(u64 addr, unsigned int size, bool write,
			      u64 value)
{
	return (struct mmio_access){ addr, value, size, write };
}

/* What the cell may touch: its window, nothing else of the page. */
static void cell_accesses(struct cell *cell)
{
	struct mmio_access a = acc(WIN + 0x70, 4, true, 0xf);

	assert_int_equal(subpage_mmio(cell, &a), MMIO_HANDLED);
	assert_true(fake_mmio_last.is_write);
	assert_int_equal(fake_mmio_last.phys, WIN + 0x70);
	assert_int_equal(fake_mmio_last.size, 4);
	assert_int_equal(fake_mmio_last.value, 0xf);
	fake_mmio_value = 0x74726976;		/* "virt" */
	a = acc(WIN, 4, false, 0);
	assert_int_equal(subpage_mmio(cell, &a), MMIO_HANDLED);
	assert_int_equal(a.value, 0x74726976);
	a = acc(WIN + 0x1f8, 8, false, 0);
	assert_int_equal(subpage_mmio(cell, &a), MMIO_HANDLED);
	assert_int_equal(fake_mmio_last.size, 8);
	fake_mmio_count = 0;
	a = acc(WIN - 4, 4, false, 0);		/* root's window below */
	assert_int_equal(subpage_mmio(cell, &a), MMIO_ERROR);
	a = acc(WIN_PAGE, 4, true, 1);
	assert_int_equal(subpage_mmio(cell, &a), MMIO_ERROR);
	a = acc(WIN_PAGE - 0x1000, 4, false, 0);	/* not its page */
	assert_int_equal(subpage_mmio(cell, &a), SUBPAGE_NOT_MINE);
	a = acc(WIN + 2, 4, false, 0);		/* misaligned */
	assert_int_equal(subpage_mmio(cell, &a), SUBPAGE_NOT_MINE);
	assert_int_equal(fake_mmio_count, 0);
}

/* Root: the page's other windows pass through, the cell's do not. */
static void root_accesses(void)
{
	struct mmio_access a = acc(WIN - 0x200, 4, false, 0);

	fake_mmio_value = 0x2;
	assert_int_equal(subpage_mmio(&root_cell, &a), MMIO_HANDLED);
	assert_int_equal(fake_mmio_last.phys, WIN - 0x200);
	assert_int_equal(a.value, 2);
	a = acc(WIN - 8, 8, true, 0x1234);
	assert_int_equal(subpage_mmio(&root_cell, &a), MMIO_HANDLED);
	assert_int_equal(fake_mmio_last.value, 0x1234);
	fake_mmio_count = 0;
	a = acc(WIN, 4, false, 0);
	assert_int_equal(subpage_mmio(&root_cell, &a), MMIO_ERROR);
	a = acc(WIN + 0x1fc, 1, true, 0);
	assert_int_equal(subpage_mmio(&root_cell, &a), MMIO_ERROR);
	assert_ptr_equal(cell_owning_phys(WIN + 0x10), cells[1]);
	assert_int_equal(fake_mmio_count, 0);
	/* Other pages are not emulated: root maps them itself. */
	a = acc(WIN_PAGE - 0x1000, 4, false, 0);
	assert_int_equal(subpage_mmio(&root_cell, &a), SUBPAGE_NOT_MINE);
}

static void test_subpage_cell(void **state)
{
	unsigned long flags_before, flags;
	struct snapshot before;
	u64 phys;

	(void)state;
	assert_true(paging_lookup(&root_cell.s2, WIN_PAGE, &phys,
				  &flags_before));
	snap(&before);
	create_win_cell();
	assert_int_equal(subpage_count(), 1);
	/* The page: gone from root and cell, the hypervisor's to access. */
	assert_false(root_maps(WIN_PAGE));
	assert_true(root_maps(WIN_PAGE - 0x1000));
	assert_false(paging_lookup(&cells[1]->s2, WIN, NULL, NULL));
	assert_true(fake_hv_mapped(WIN_PAGE));
	cell_accesses(cells[1]);
	root_accesses();
	assert_int_equal(cell_destroy(cells[1]), 0);
	/* Exactly as before: mapping, flags, no window, no hv mapping. */
	assert_int_equal(subpage_count(), 0);
	assert_true(paging_lookup(&root_cell.s2, WIN_PAGE, &phys, &flags));
	assert_int_equal(phys, WIN_PAGE);
	assert_int_equal(flags, flags_before);
	assert_false(fake_hv_mapped(WIN_PAGE));
	assert_same(&before);
}

/*
 * A cell's access outside its windows' pages (its UART) is "not mine"
 * without subpage_lock; its window, and every access of root, take it.
 */
static void test_subpage_not_mine_takes_no_lock(void **state)
{
	struct mmio_access a = acc(0x09000000, 4, true, 'x');
	unsigned long locks;

	(void)state;
	create_win_cell();
	locks = fake_lock_count;
	assert_int_equal(subpage_mmio(cells[1], &a), SUBPAGE_NOT_MINE);
	a = acc(WIN_PAGE - 0x1000, 4, false, 0);
	assert_int_equal(subpage_mmio(cells[1], &a), SUBPAGE_NOT_MINE);
	assert_int_equal(fake_lock_count, locks);
	a = acc(WIN + 0x70, 4, true, 0xf);
	assert_int_equal(subpage_mmio(cells[1], &a), MMIO_HANDLED);
	assert_int_equal(fake_mmio_last.phys, WIN + 0x70);
	assert_int_equal(fake_lock_count, locks + 1);
	a = acc(WIN - 0x200, 4, false, 0);
	assert_int_equal(subpage_mmio(&root_cell, &a), MMIO_HANDLED);
	assert_int_equal(fake_lock_count, locks + 2);
	/* Its page, not its window: looked up (the report locks too). */
	a = acc(WIN_PAGE, 4, true, 1);
	assert_int_equal(subpage_mmio(cells[1], &a), MMIO_ERROR);
	assert_true(fake_lock_count > locks + 2);
	assert_int_equal(cell_destroy(cells[1]), 0);
}

/*
 * No device answers in the page (the bus fails the accessor): the cell's
 * access and root's both fail like a stage-2 fault, named on the console,
 * with the lock released, the window kept and the next access working.
 */
static void test_subpage_no_device(void **state)
{
	struct mmio_access a = acc(WIN + 0x70, 4, false, 0x55);
	unsigned long locks;

	(void)state;
	create_win_cell();
	fake_mmio_nodev = true;
	fake_uart_reset();
	assert_int_equal(subpage_mmio(cells[1], &a), MMIO_ERROR);
	assert_int_equal(fake_mmio_last.phys, WIN + 0x70);
	assert_non_null(strstr(fake_uart, "read of 4 bytes at 0x"));
	assert_non_null(strstr(fake_uart, ": no device answered"));
	fake_uart_reset();
	a = acc(WIN - 0x200, 2, true, 0x1234);
	assert_int_equal(subpage_mmio(&root_cell, &a), MMIO_ERROR);
	assert_int_equal(fake_mmio_last.phys, WIN - 0x200);
	assert_non_null(strstr(fake_uart, "write of 2 bytes at 0x"));
	fake_mmio_nodev = false;
	locks = fake_lock_count;
	fake_mmio_value = 0x74726976;
	a = acc(WIN, 4, false, 0);
	assert_int_equal(subpage_mmio(cells[1], &a), MMIO_HANDLED);
	assert_int_equal(a.value, 0x74726976);
	assert_int_equal(fake_lock_count, locks + 1);
	assert_int_equal(subpage_count(), 1);
	assert_int_equal(cell_destroy(cells[1]), 0);
	assert_int_equal(subpage_count(), 0);
}

/* Two cells, two windows of one page: the page returns with the last. */
static void test_subpage_shared_page(void **state)
{
	struct mmio_access a = acc(WIN - 0x200, 4, false, 0);

	(void)state;
	create_win_cell();
	strcpy(cell_cfg->cell.name, "cell-b");
	cell_cfg->cell.cpus[0] = 0x8;
	cfg_irq(&cell_cfg->cell, 0)->first = 50;
	reg(&cell_cfg->cell, 0)->phys_start += 2UL << 20;
	identity_ram(&cell_cfg->cell);
	/* Overlapping cell-a's window: refused, nothing claimed. */
	reg(&cell_cfg->cell, 1)->phys_start = WIN + 0x100;
	reg(&cell_cfg->cell, 1)->virt_start = WIN + 0x100;
	reg(&cell_cfg->cell, 1)->size = 0x100;
	cfg_seal(cell_cfg);
	assert_int_equal(create(), -JH_EADDRINUSE);
	assert_int_equal(subpage_count(), 1);
	reg(&cell_cfg->cell, 1)->phys_start = WIN - 0x200;
	reg(&cell_cfg->cell, 1)->virt_start = WIN - 0x200;
	reg(&cell_cfg->cell, 1)->size = 0x200;
	cfg_seal(cell_cfg);
	assert_int_equal(create(), 2);
	assert_int_equal(subpage_count(), 2);
	/* cell-a cannot reach cell-b's window, root neither. */
	assert_int_equal(subpage_mmio(cells[1], &a), MMIO_ERROR);
	assert_int_equal(subpage_mmio(&root_cell, &a), MMIO_ERROR);
	assert_int_equal(subpage_mmio(cells[2], &a), MMIO_HANDLED);
	assert_int_equal(cell_destroy(cells[1]), 0);
	assert_false(root_maps(WIN_PAGE));
	assert_true(fake_hv_mapped(WIN_PAGE));
	a = acc(WIN, 4, false, 0);
	assert_int_equal(subpage_mmio(&root_cell, &a), MMIO_HANDLED);
	assert_int_equal(cell_destroy(cells[2]), 0);
	assert_true(root_maps(WIN_PAGE));
	assert_false(fake_hv_mapped(WIN_PAGE));
	assert_int_equal(subpage_count(), 0);
}

/* The DMA rule's accepted case: identity RAM, device flagged dma. */
static void test_dma_identity_accepted(void **state)
{
	(void)state;
	make_cell();
	identity_ram(&cell_cfg->cell);
	io_region(&cell_cfg->cell, DMA_DEV + 0x1000, 0x1000, JH_MEM_DMA);
	reg(&cell_cfg->cell, 1)->virt_start = DMA_DEV + 0x1000;
	cfg_seal(cell_cfg);
	assert_int_equal(create(), 1);
	assert_false(root_maps(DMA_DEV + 0x1000));
	assert_int_equal(cell_destroy(cells[1]), 0);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_create_start_destroy),
		T(test_shutdown_protocol),
		T(test_hundred_cycles),
		T(test_unresponsive_cpu),
		T(test_power_on_refused),
		T(test_refusals),
		T(test_plain_device_accepted),
		T(test_uart_accepted),
		T(test_refusals_against_cells),
		T(test_hypercall_rules),
		T(test_config_copy_keeps_hv_mappings),
		T(test_comm_private),
		T(test_scrub),
		T(test_scrub_large_unaligned),
		T(test_subpage_window_math),
		T(test_subpage_refusals),
		T(test_subpage_cell),
		T(test_subpage_not_mine_takes_no_lock),
		T(test_subpage_no_device),
		T(test_subpage_shared_page),
		T(test_dma_identity_accepted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
