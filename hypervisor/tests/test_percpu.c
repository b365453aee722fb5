// SPDX-License-Identifier: GPL-2.0
/*
 * The core's MPIDR -> CPU lookups (percpu.c) over the per-CPU table:
 * four CPUs, two in root, one in a cell, one that never entered.
 */
#include "test.h"
#include <hv/bitmap.h>
#include <hv/cell.h>
#include <hv/percpu.h>

static struct cell guest;

/* Affinity 0.0.1.n (Aff1 = 1) for CPU n, Aff3 = 2 for CPU 3. */
static const u64 ids[4] = { 0x100, 0x101, 0x102, 0x0200000103UL };

static int setup(void **state)
{
	unsigned int n;

	(void)state;
	hv_max_cpus = 4;
	memset(&root_cell, 0, sizeof(root_cell));
	memset(&guest, 0, sizeof(guest));
	for (n = 0; n < hv_max_cpus; n++) {
		memset(per_cpu(n), 0, sizeof(struct per_cpu));
		per_cpu(n)->cpu_id = n;
		per_cpu(n)->mpidr = ids[n];
	}
	set_bit(0, root_cell.cpus);
	set_bit(1, root_cell.cpus);
	set_bit(3, guest.cpus);
	per_cpu(0)->cell = per_cpu(1)->cell = &root_cell;
	per_cpu(3)->cell = &guest;
	/* CPU 2 has not entered: no cell. */
	return 0;
}

static void test_cell_lookup_finds_own_cpus(void **state)
{
	(void)state;
	assert_ptr_equal(cell_cpu_by_mpidr(&root_cell, 0x100), per_cpu(0));
	assert_ptr_equal(cell_cpu_by_mpidr(&root_cell, 0x101), per_cpu(1));
	assert_ptr_equal(cell_cpu_by_mpidr(&guest, 0x0200000103UL),
			 per_cpu(3));
}

static void test_cell_lookup_skips_other_cells(void **state)
{
	(void)state;
	assert_null(cell_cpu_by_mpidr(&root_cell, 0x0200000103UL));
	assert_null(cell_cpu_by_mpidr(&guest, 0x100));
	assert_null(cell_cpu_by_mpidr(&root_cell, 0x102));
	assert_null(cell_cpu_by_mpidr(&root_cell, 0x1ff));
}

/* RES1 (31), U (30) and MT (24) are flags, not part of the CPU's name. */
static void test_flag_bits_ignored(void **state)
{
	(void)state;
	assert_ptr_equal(cell_cpu_by_mpidr(&root_cell, 0x80000101UL),
			 per_cpu(1));
	assert_ptr_equal(cell_cpu_by_mpidr(&root_cell, 0xc1000100UL),
			 per_cpu(0));
	assert_ptr_equal(cpu_by_mpidr(0x0281000103UL), per_cpu(3));
	/* Aff3 is an identifying field: a different one is another CPU. */
	assert_null(cpu_by_mpidr(0x0300000103UL));
}

static void test_any_cell_lookup(void **state)
{
	(void)state;
	assert_ptr_equal(cpu_by_mpidr(0x100), per_cpu(0));
	assert_ptr_equal(cpu_by_mpidr(0x0200000103UL), per_cpu(3));
	/* The CPU that never entered belongs to nobody yet. */
	assert_null(cpu_by_mpidr(0x102));
	per_cpu(2)->cell = &root_cell;
	assert_ptr_equal(cpu_by_mpidr(0x102), per_cpu(2));
}

/* Only the first hv_max_cpus slots are CPUs. */
static void test_lookup_bounded_by_max_cpus(void **state)
{
	(void)state;
	hv_max_cpus = 3;
	assert_null(cpu_by_mpidr(0x0200000103UL));
	assert_null(cell_cpu_by_mpidr(&guest, 0x0200000103UL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_cell_lookup_finds_own_cpus, setup),
		cmocka_unit_test_setup(test_cell_lookup_skips_other_cells,
				       setup),
		cmocka_unit_test_setup(test_flag_bits_ignored, setup),
		cmocka_unit_test_setup(test_any_cell_lookup, setup),
		cmocka_unit_test_setup(test_lookup_bounded_by_max_cpus, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
