// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * cell-psci: the hypervisor's PSCI for cells (Documentation/cells.md).
 * VERSION and FEATURES through both conduits, CPU_ON and AFFINITY_INFO
 * on CPUs outside the cell (INVALID_PARAMETERS), the life cycle of the
 * cell's second CPU (CPU_ON, ALREADY_ON, CPU_OFF, CPU_ON again),
 * MIGRATE_INFO_TYPE and CPU_SUSPEND (standby, woken by the timer).
 * Command line: foreign=0x0,0x1 (at most 4 MPIDRs outside the cell).
 */
#include <inmate.h>
#include "celltest.h"

#define PSCI_CPU_ON_32		0x84000003U
#define PSCI_CPU_SUSPEND_64	0xc4000001U
#define PSCI_MIGRATE_INFO_TYPE	0x84000006U
#define PSCI_UNKNOWN		0x8400ffffU
#define MIGRATE_NOT_PRESENT	2
#define MAX_FOREIGN		4

static volatile u32 runs, release;
static volatile u64 runner_mpidr;
static volatile u32 timer_fired;

static long psci_smc(u32 fn, u64 a1)
{
	register u64 x0 asm("x0") = fn;
	register u64 x1 asm("x1") = a1;

	asm volatile("smc #0" : "+r" (x0), "+r" (x1) : :
		     "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10",
		     "x11", "x12", "x13", "x14", "x15", "x16", "x17", "memory");
	return (long)(s32)x0;
}

/* MPIDRs of CPUs that are not ours: foreign=A,B,... or 0x0 and 0x1. */
static unsigned int foreign_cpus(u64 *out)
{
	char buf[64], *p = buf, *q;
	unsigned int n = 0;

	if (!cmdline_parse_str("foreign", buf, sizeof(buf))) {
		out[0] = 0x0;
		out[1] = 0x1;
		return 2;
	}
	while (*p && n < MAX_FOREIGN) {
		u64 v = 0;

		q = p;
		if (q[0] == '0' && q[1] == 'x')
			q += 2;
		for (; *q && *q != ','; q++) {
			unsigned int c = *q;

			v = v * 16 + (c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
		}
		out[n++] = v;
		p = *q ? q + 1 : q;
	}
	return n;
}

static void test_version_features(void)
{
	long ver = psci_version();
	long feat;

	/* Bare QEMU's own PSCI is 1.1; the hypervisor's is 1.0. */
	TEST_CHECK(inmate_is_bare() ? ver >= 0x10000 : ver == 0x10000, "version",
		   "VERSION 0x%lx, cells.md says 1.0", ver);
	if (!inmate_is_bare()) {
		long sv = psci_smc(PSCI_VERSION, 0);

		TEST_CHECK(sv == ver, "version_smc",
			   "VERSION through smc 0x%lx, through hvc 0x%lx", sv, ver);
	}
	feat = psci_call(PSCI_FEATURES, PSCI_CPU_ON, 0, 0);
	TEST_CHECK(feat == 0, "features_cpu_on", "FEATURES(CPU_ON) = %ld", feat);
	feat = psci_call(PSCI_FEATURES, PSCI_CPU_OFF, 0, 0);
	TEST_CHECK(feat == 0, "features_cpu_off", "FEATURES(CPU_OFF) = %ld", feat);
	feat = psci_call(PSCI_FEATURES, PSCI_AFFINITY_INFO, 0, 0);
	TEST_CHECK(feat == 0, "features_affinity_info",
		   "FEATURES(AFFINITY_INFO) = %ld", feat);
	feat = psci_call(PSCI_FEATURES, PSCI_UNKNOWN, 0, 0);
	TEST_CHECK(feat == PSCI_NOT_SUPPORTED, "features_unknown",
		   "FEATURES(0x%x) = %ld", PSCI_UNKNOWN, feat);
	feat = psci_call(PSCI_UNKNOWN, 0, 0, 0);
	TEST_CHECK(feat == PSCI_NOT_SUPPORTED, "unknown_function",
		   "function 0x%x returned %ld", PSCI_UNKNOWN, feat);
	feat = psci_call(PSCI_MIGRATE_INFO_TYPE, 0, 0, 0);
	TEST_CHECK(feat == MIGRATE_NOT_PRESENT, "migrate_info_type",
		   "MIGRATE_INFO_TYPE = %ld", feat);
}

static void runner(unsigned int cpu, void *arg)
{
	(void)cpu;
	(void)arg;
	runner_mpidr = sysreg_read(mpidr_el1) & MPIDR_AFF_MASK;
	WRITE_ONCE(runs, runs + 1);
	dsb_sy();
	while (!READ_ONCE(release))
		wfe();
	/* Returning calls PSCI CPU_OFF. */
}

static void test_foreign(void)
{
	u64 foreign[MAX_FOREIGN];
	unsigned int n = foreign_cpus(foreign), i;
	char name[40];
	long ret;

	if (inmate_is_bare()) {
		test_skip("cpu_on_foreign", "bare: every CPU is ours");
		return;
	}
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "cpu_on_foreign_0x%llx", foreign[i]);
		ret = psci_call(PSCI_CPU_ON, foreign[i], 0, 0);
		TEST_CHECK(ret == PSCI_INVALID_PARAMS, name,
			   "CPU_ON(0x%llx) = %ld", foreign[i], ret);
		snprintf(name, sizeof(name), "cpu_on32_foreign_0x%llx",
			 foreign[i]);
		ret = psci_call(PSCI_CPU_ON_32, foreign[i], 0, 0);
		TEST_CHECK(ret == PSCI_INVALID_PARAMS, name,
			   "CPU_ON32(0x%llx) = %ld", foreign[i], ret);
		snprintf(name, sizeof(name), "affinity_foreign_0x%llx",
			 foreign[i]);
		ret = psci_affinity_info(foreign[i]);
		TEST_CHECK(ret == PSCI_INVALID_PARAMS, name,
			   "AFFINITY_INFO(0x%llx) = %ld", foreign[i], ret);
	}
	ret = psci_call(PSCI_CPU_ON, 0xff00ffffffULL, 0, 0);
	TEST_CHECK(ret == PSCI_INVALID_PARAMS, "cpu_on_nonexistent",
		   "CPU_ON(0xff00ffffff) = %ld", ret);
}

static void test_life_cycle(void)
{
	u64 mpidr1 = cpu_mpidr(1);
	long ret;

	if (num_cpus() < 2) {
		test_skip("cpu_on", "the cell has one CPU");
		return;
	}
	ret = psci_affinity_info(cpu_mpidr(0));
	TEST_CHECK(ret == PSCI_AFF_ON, "affinity_self_on", "state %ld", ret);
	ret = psci_affinity_info(mpidr1);
	TEST_CHECK(ret == PSCI_AFF_OFF, "affinity_off_before", "state %ld", ret);

	ret = smp_cpu_on(1, runner, NULL);
	if (!TEST_CHECK(ret == PSCI_SUCCESS, "cpu_on", "CPU_ON = %ld", ret))
		return;
	if (!TEST_CHECK(ct_wait_at_least(&runs, 1, CT_TIMEOUT_US), "cpu_on_runs",
			"CPU 1 not running 1 s after CPU_ON"))
		return;
	TEST_CHECK(runner_mpidr == mpidr1, "cpu_on_mpidr",
		   "CPU 1 has MPIDR 0x%llx, expected 0x%llx", runner_mpidr, mpidr1);
	ret = psci_affinity_info(mpidr1);
	TEST_CHECK(ret == PSCI_AFF_ON, "affinity_on", "state %ld", ret);
	ret = smp_cpu_on(1, runner, NULL);
	TEST_CHECK(ret == PSCI_ALREADY_ON, "cpu_on_already_on",
		   "second CPU_ON = %ld", ret);
	ret = psci_call(PSCI_CPU_ON, cpu_mpidr(0), 0, 0);
	TEST_CHECK(ret == PSCI_ALREADY_ON, "cpu_on_self_already_on",
		   "CPU_ON(own MPIDR) = %ld", ret);

	WRITE_ONCE(release, 1);
	dsb_sy();
	sev();
	ret = ct_wait_affinity(mpidr1, PSCI_AFF_OFF);
	TEST_CHECK(ret == PSCI_AFF_OFF, "cpu_off_affinity_off",
		   "state %ld 1 s after CPU_OFF", ret);

	/* A CPU that turned itself off starts again. */
	WRITE_ONCE(release, 0);
	runner_mpidr = 0;
	dsb_sy();
	ret = smp_cpu_on(1, runner, NULL);
	TEST_CHECK(ret == PSCI_SUCCESS && ct_wait_at_least(&runs, 2, CT_TIMEOUT_US),
		   "cpu_on_again", "CPU_ON after CPU_OFF = %ld, runs %u", ret, runs);
	WRITE_ONCE(release, 1);
	dsb_sy();
	sev();
	ret = ct_wait_affinity(mpidr1, PSCI_AFF_OFF);
	TEST_CHECK(ret == PSCI_AFF_OFF, "cpu_off_again", "state %ld", ret);
}

static void timer_handler(unsigned int intid)
{
	(void)intid;
	timer_stop();
	timer_fired = 1;
}

/* CPU_SUSPEND (standby): returns SUCCESS once an interrupt is pending. */
static void test_suspend(void)
{
	long ret;

	timer_irq_init(timer_handler);
	timer_set_cval(timer_ticks() + timer_us_to_ticks(2000));
	ret = psci_call(PSCI_CPU_SUSPEND_64, 0, 0, 0);
	TEST_CHECK(ret == PSCI_SUCCESS, "cpu_suspend_standby",
		   "CPU_SUSPEND(standby) = %ld", ret);
	irq_enable();
	ct_wait_at_least(&timer_fired, 1, CT_TIMEOUT_US);
	irq_disable();
	TEST_CHECK(timer_fired, "cpu_suspend_timer_after",
		   "the timer interrupt that woke us was lost");
}

void inmate_main(void)
{
	test_init("cell-psci");
	test_version_features();
	test_foreign();
	test_life_cycle();
	test_suspend();
	test_done();
}
