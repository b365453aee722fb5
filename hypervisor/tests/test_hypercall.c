// SPDX-License-Identifier: GPL-2.0
#include "test.h"
#include <hv/cell.h>
#include <hv/hypercall.h>
#include <hv/percpu.h>
#include <hv/pool.h>

static struct cell other_cell;

static int setup(void **state)
{
	(void)state;
	hv_max_cpus = 4;
	memset(per_cpu(0), 0, 4 * PERCPU_SIZE);
	per_cpu(0)->cell = &root_cell;
	per_cpu(1)->cell = &other_cell;
	mem_pool.pages = 1000;
	mem_pool.used = 37;
	memset(cells, 0, sizeof(cells));
	cells[0] = &root_cell;
	return 0;
}

static void test_only_root_may_call(void **state)
{
	bool leave = true;

	(void)state;
	assert_int_equal(hypercall(per_cpu(1), JH_HC_HV_GET_INFO, 0, 0, &leave),
			 -JH_EPERM);
	assert_false(leave);
	assert_int_equal(hypercall(per_cpu(1), JH_HC_DISABLE, 0, 0, &leave),
			 -JH_EPERM);
	assert_false(leave);
	/* Even refused calls are counted. */
	assert_int_equal(per_cpu(1)->stats[JH_CPU_STAT_EXITS_HVC], 2);
}

static void test_disable_leaves(void **state)
{
	bool leave = false;

	(void)state;
	assert_int_equal(hypercall(per_cpu(0), JH_HC_DISABLE, 0, 0, &leave), 0);
	assert_true(leave);
}

/*
 * The first DISABLE commits: from then management calls from root CPUs
 * still inside get -ESHUTDOWN, and later DISABLEs just leave.
 */
static void test_disable_all_or_nothing(void **state)
{
	bool leave = true;

	(void)state;
	per_cpu(2)->cell = &root_cell;
	cells[1] = &other_cell;
	assert_int_equal(hypercall(per_cpu(0), JH_HC_DISABLE, 0, 0, &leave),
			 -JH_ENOTEMPTY);
	assert_false(leave);
	/* A refused disable commits to nothing. */
	assert_int_equal(hypercall(per_cpu(2), JH_HC_CELL_START, 99, 0,
				   &leave), -JH_ENOENT);
	cells[1] = NULL;
	assert_int_equal(hypercall(per_cpu(0), JH_HC_DISABLE, 0, 0, &leave), 0);
	assert_true(leave);
	assert_int_equal(hypercall(per_cpu(2), JH_HC_CELL_CREATE, 0x1000, 64,
				   &leave), -JH_ESHUTDOWN);
	assert_false(leave);
	assert_int_equal(hypercall(per_cpu(2), JH_HC_CELL_START, 99, 0,
				   &leave), -JH_ESHUTDOWN);
	assert_int_equal(hypercall(per_cpu(2), JH_HC_CELL_DESTROY, 1, 0,
				   &leave), -JH_ESHUTDOWN);
	assert_int_equal(hypercall(per_cpu(2), JH_HC_HV_GET_INFO,
				   JH_INFO_NUM_CELLS, 0, &leave), 1);
	/* Even with a cell back (it cannot be, but): the rest just leave. */
	cells[1] = &other_cell;
	assert_int_equal(hypercall(per_cpu(2), JH_HC_DISABLE, 0, 0, &leave), 0);
	assert_true(leave);
	cells[1] = NULL;
}

static void test_get_info(void **state)
{
	bool leave;

	(void)state;
	assert_int_equal(hypercall(per_cpu(0), JH_HC_HV_GET_INFO,
				   JH_INFO_MEM_POOL_SIZE, 0, &leave), 1000);
	assert_int_equal(hypercall(per_cpu(0), JH_HC_HV_GET_INFO,
				   JH_INFO_MEM_POOL_USED, 0, &leave), 37);
	assert_int_equal(hypercall(per_cpu(0), JH_HC_HV_GET_INFO,
				   JH_INFO_NUM_CELLS, 0, &leave), 1);
	assert_int_equal(hypercall(per_cpu(0), JH_HC_HV_GET_INFO, 99, 0,
				   &leave), -JH_EINVAL);
	assert_false(leave);
}

static void test_cpu_info(void **state)
{
	bool leave;

	(void)state;
	per_cpu(2)->state = CPU_FAILED;
	per_cpu(3)->state = CPU_RUNNING;
	per_cpu(3)->stats[JH_CPU_STAT_EXITS_MMIO] = 12345;
	per_cpu(3)->stats[JH_CPU_STAT_EXITS_IRQ] = ~0ULL;
	assert_int_equal(hypercall(per_cpu(0), JH_HC_CPU_GET_INFO, 2,
				   JH_CPU_INFO_STATE, &leave),
			 JH_CPU_STATE_FAILED);
	assert_int_equal(hypercall(per_cpu(0), JH_HC_CPU_GET_INFO, 3,
				   JH_CPU_INFO_STATE, &leave),
			 JH_CPU_STATE_RUNNING);
	assert_int_equal(hypercall(per_cpu(0), JH_HC_CPU_GET_INFO, 3,
				   JH_CPU_INFO_STAT_BASE + JH_CPU_STAT_EXITS_MMIO,
				   &leave), 12345);
	/* Counters never look like errors. */
	assert_true(hypercall(per_cpu(0), JH_HC_CPU_GET_INFO, 3,
			      JH_CPU_INFO_STAT_BASE + JH_CPU_STAT_EXITS_IRQ,
			      &leave) >= 0);
	assert_int_equal(hypercall(per_cpu(0), JH_HC_CPU_GET_INFO, 1,
				   JH_CPU_INFO_STATE, &leave), JH_CPU_STATE_OFF);
	assert_int_equal(hypercall(per_cpu(0), JH_HC_CPU_GET_INFO, 4,
				   JH_CPU_INFO_STATE, &leave), -JH_EINVAL);
	assert_int_equal(hypercall(per_cpu(0), JH_HC_CPU_GET_INFO, ~0ULL,
				   JH_CPU_INFO_STATE, &leave), -JH_EINVAL);
	assert_int_equal(hypercall(per_cpu(0), JH_HC_CPU_GET_INFO, 3,
				   JH_CPU_INFO_STAT_BASE + JH_CPU_STAT_COUNT,
				   &leave), -JH_EINVAL);
	assert_int_equal(hypercall(per_cpu(0), JH_HC_CPU_GET_INFO, 3, 1,
				   &leave), -JH_EINVAL);
}

static void test_unknown_code(void **state)
{
	bool leave;

	(void)state;
	assert_int_equal(hypercall(per_cpu(0), 1000, 0, 0, &leave),
			 -JH_ENOSYS);
	assert_int_equal(hypercall(per_cpu(0), ~0ULL, 0, 0, &leave),
			 -JH_ENOSYS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_only_root_may_call),
		cmocka_unit_test(test_disable_all_or_nothing),
		cmocka_unit_test(test_disable_leaves),
		cmocka_unit_test(test_get_info),
		cmocka_unit_test(test_cpu_info),
		cmocka_unit_test(test_unknown_code),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
