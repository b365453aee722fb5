// SPDX-License-Identifier: GPL-2.0
#include "test.h"
#include "cfgbuild.h"
#include <hv/cell.h>
#include <hv/console.h>
#include <hv/paging.h>
#include <hv/percpu.h>
#include <hv/pool.h>

static u64 buf64[CFG_BUF_SIZE / 8];
static struct jh_system_config *const cfg = (void *)buf64;

static int setup(void **state)
{
	(void)state;
	fake_pool_setup(512);
	/* Host addresses of the console ring need a 48-bit input space. */
	fake_s2_root_level = 0;
	fake_s2_root_pages = 1;
	hv_max_cpus = 4;
	memset(&root_cell, 0, sizeof(root_cell));
	cfg_make_system(buf64, CFG_HV_BASE, CFG_HV_SIZE, 5, 1);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	paging_destroy(&root_cell.s2);
	fake_pool_teardown();
	return 0;
}

static void assert_maps(u64 virt, u64 phys, unsigned long flags)
{
	unsigned long got_flags;
	u64 got;

	assert_true(paging_lookup(&root_cell.s2, virt, &got, &got_flags));
	assert_int_equal(got, phys);
	assert_int_equal(got_flags, flags);
}

static void test_root_cell_maps_regions(void **state)
{
	u64 ring = (u64)hv_console_ring;

	(void)state;
	assert_int_equal(cell_init_root(&cfg->root_cell), 0);
	assert_ptr_equal(root_cell.desc, &cfg->root_cell);
	assert_int_equal(root_cell.cpus[0], 0xf);
	assert_int_equal(root_cell.s2.root_level, 0);
	/* RAM: read, write, execute; devices: device memory. */
	assert_maps(0x40000000, 0x40000000, PAGE_READ | PAGE_WRITE | PAGE_EXEC);
	assert_maps(0x40000000 + (768 << 20) - 1, 0x40000000 + (768 << 20) - 1,
		    PAGE_READ | PAGE_WRITE | PAGE_EXEC);
	assert_false(paging_lookup(&root_cell.s2, 0x40000000 + (768 << 20),
				   NULL, NULL));
	assert_maps(0x09000000, 0x09000000,
		    PAGE_READ | PAGE_WRITE | PAGE_DEVICE);
	assert_maps(0x08000000 + 0xfff0, 0x08000000 + 0xfff0,
		    PAGE_READ | PAGE_WRITE | PAGE_DEVICE);
	/* The hypervisor console ring, read-only, at its own address. */
	assert_maps(ring, ring, PAGE_READ);
	assert_maps(ring + sizeof(*hv_console_ring) + hv_console_ring->size - 1,
		    ring + sizeof(*hv_console_ring) + hv_console_ring->size - 1,
		    PAGE_READ);
	/* Hypervisor memory is not mapped. */
	assert_false(paging_lookup(&root_cell.s2, CFG_HV_BASE, NULL, NULL));
}

static void test_cell_owns_cpu(void **state)
{
	(void)state;
	assert_int_equal(cell_init_root(&cfg->root_cell), 0);
	assert_true(cell_owns_cpu(&root_cell, 0));
	assert_true(cell_owns_cpu(&root_cell, 3));
	hv_max_cpus = 3;
	assert_false(cell_owns_cpu(&root_cell, 3));
	assert_false(cell_owns_cpu(&root_cell, 1000));
}

static void test_map_failure_reported(void **state)
{
	(void)state;
	/* With a 1 TiB stage-2 input space the ring (a host address) and a
	 * region at 2 TiB cannot be mapped. */
	fake_s2_root_level = 1;
	fake_s2_root_pages = 2;
	cfg_region(&cfg->root_cell, 4)->phys_start = 2ULL << 40;
	cfg_region(&cfg->root_cell, 4)->virt_start = 2ULL << 40;
	fake_uart_reset();
	assert_int_equal(cell_init_root(&cfg->root_cell), -JH_EINVAL);
	assert_non_null(strstr(fake_uart, "cell qemu-virt: cannot map "
				"region 4: -22"));
}

static void test_paging_create_failure(void **state)
{
	(void)state;
	fake_s2_root_pages = 3;		/* not a power of two */
	assert_int_equal(cell_init_root(&cfg->root_cell), -JH_ENOMEM);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_root_cell_maps_regions),
		T(test_cell_owns_cpu),
		T(test_map_failure_reported),
		T(test_paging_create_failure),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
