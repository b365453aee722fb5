// SPDX-License-Identifier: GPL-2.0
/*
 * The enable sequence (setup.c) on the fake hypervisor memory of
 * fake/arch.c. setup.c keeps global state, so the failing sequence runs in
 * a child process.
 */
#include <sys/wait.h>
#include <unistd.h>

#include "test.h"
#include "cfgbuild.h"
#include <hv/cell.h>
#include <hv/percpu.h>
#include <hv/pool.h>
#include <hv/setup.h>
#include <jailhouse/header.h>


static u64 hv_base;
static u32 cfg_size;

static int setup(void **state)
{
	(void)state;
	hv_base = (u64)fake_hv_memory;
	fake_s2_root_level = 0;
	fake_s2_root_pages = 1;
	cfg_size = cfg_make_system(fake_hv_memory + hv_header.config_offset,
				   hv_base, FAKE_HV_MEM_SIZE, 5, 2);
	return 0;
}

static void test_enable_and_disable(void **state)
{
	u64 pool_start;
	unsigned int cpu;

	(void)state;
	fake_uart_reset();
	assert_int_equal(hv_early_init(0, hv_base), 0);
	assert_non_null(strstr(fake_uart, "partitioning hypervisor"));
	assert_int_equal(fake_init_early_calls, 1);
	assert_ptr_equal(system_config,
			 fake_hv_memory + hv_header.config_offset);
	/* The pool starts on the page after the config and runs to the end
	 * of hypervisor memory. */
	pool_start = ALIGN_UP(hv_base + hv_header.config_offset + cfg_size,
			      PAGE_SIZE);
	assert_int_equal(mem_pool.base, pool_start);
	assert_int_equal(mem_pool.pages,
			 (hv_base + FAKE_HV_MEM_SIZE - pool_start) / PAGE_SIZE);
	assert_true(paging_lookup(&root_cell.s2, 0x40000000, NULL, NULL));
	assert_int_equal(hv_max_cpus, FAKE_MAX_CPUS);

	/* Later CPUs do not repeat the global part. */
	for (cpu = 1; cpu < 4; cpu++)
		assert_int_equal(hv_early_init(cpu, hv_base), 0);
	assert_int_equal(fake_init_early_calls, 1);
	/* CPU 5 exists but belongs to no cell; CPU 8 does not exist. */
	fake_uart_reset();
	assert_int_equal(hv_early_init(5, hv_base), -JH_EINVAL);
	assert_non_null(strstr(fake_uart, "CPU 5 is not in the root cell"));
	assert_int_equal(hv_early_init(FAKE_MAX_CPUS, hv_base), -JH_EINVAL);

	fake_uart_reset();
	for (cpu = 0; cpu < 4; cpu++) {
		assert_null(strstr(fake_uart, "hypervisor enabled"));
		assert_int_equal(hv_cpu_init(cpu), 0);
		assert_int_equal(per_cpu(cpu)->state, CPU_RUNNING);
		assert_ptr_equal(per_cpu(cpu)->cell, &root_cell);
		assert_int_equal(per_cpu(cpu)->cpu_id, cpu);
		assert_int_equal(per_cpu(cpu)->arch.init_count, 1);
	}
	assert_non_null(strstr(fake_uart, "hypervisor enabled: root cell "
				"\"qemu-virt\""));
	for (cpu = 0; cpu < 4; cpu++) {
		assert_null(strstr(fake_uart, "hypervisor disabled"));
		hv_cpu_leave(per_cpu(cpu));
		assert_int_equal(per_cpu(cpu)->state, CPU_OFF);
	}
	assert_non_null(strstr(fake_uart, "hypervisor disabled"));
}

#define CHILD_CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "child: %s failed\n", #cond);		\
		_exit(1);						\
	}								\
} while (0)

static void expect_child_ok(void (*fn)(void))
{
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		fn();
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

/* A bad config fails every CPU with the same error, checked once. */
static void bad_config(void)
{
	fake_hv_memory[hv_header.config_offset] = 'X';
	fake_uart_reset();
	CHILD_CHECK(hv_early_init(0, hv_base) == -JH_ENOEXEC);
	CHILD_CHECK(strstr(fake_uart, "wrong magic"));
	fake_uart_reset();
	CHILD_CHECK(hv_early_init(1, hv_base) == -JH_ENOEXEC);
	CHILD_CHECK(!strstr(fake_uart, "wrong magic"));
	CHILD_CHECK(fake_init_early_calls == 0);
}

static void test_bad_config_is_sticky(void **state)
{
	(void)state;
	expect_child_ok(bad_config);
}

static void wrong_base(void)
{
	CHILD_CHECK(hv_early_init(0, hv_base + PAGE_SIZE) == -JH_EINVAL);
	CHILD_CHECK(strstr(fake_uart, "bad layout"));
}

static void test_layout_checked(void **state)
{
	(void)state;
	expect_child_ok(wrong_base);
}

static void arch_fails(void)
{
	fake_init_early_ret = -JH_ENODEV;
	CHILD_CHECK(hv_early_init(0, hv_base) == -JH_ENODEV);
	CHILD_CHECK(strstr(fake_uart, "setup failed: -19"));
}

static void test_arch_failure_propagates(void **state)
{
	(void)state;
	expect_child_ok(arch_fails);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		/* The children start from the pristine state: run them first. */
		cmocka_unit_test(test_bad_config_is_sticky),
		cmocka_unit_test(test_layout_checked),
		cmocka_unit_test(test_arch_failure_propagates),
		cmocka_unit_test(test_enable_and_disable),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
