// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * smp: PSCI life cycle of the cell's second CPU: AFFINITY_INFO says off,
 * CPU_ON starts it, it prints, AFFINITY_INFO says on, CPU_ON again is
 * refused, the CPU turns itself off (CPU_OFF) and AFFINITY_INFO says off.
 * Prints "smp: PASS <check>" / "smp: FAIL <check>: <why>" per check and a
 * final "smp: PASS" or "smp: FAIL <n> checks failed".
 */
#include <inmate.h>

static unsigned int failures;
static volatile u32 release;
static volatile u64 seen_mpidr;

static void check(bool ok, const char *what, const char *why, long val)
{
	if (ok) {
		printk("smp: PASS %s\n", what);
	} else {
		printk("smp: FAIL %s: %s (%ld)\n", what, why, val);
		failures++;
	}
}

static void second_cpu(unsigned int cpu, void *arg)
{
	u64 mpidr = sysreg_read(mpidr_el1) & MPIDR_AFF_MASK;

	(void)arg;
	printk("smp: CPU %u (MPIDR 0x%llx) is up\n", cpu, mpidr);
	seen_mpidr = mpidr;
	while (!READ_ONCE(release))
		wfe();
	printk("smp: CPU %u turning itself off\n", cpu);
	/* Returning calls PSCI CPU_OFF. */
}

/* Poll AFFINITY_INFO until it says @want, for up to @us. */
static long wait_affinity(u64 mpidr, long want, u64 us)
{
	u64 end = timer_ticks() + timer_us_to_ticks(us);
	long state;

	do {
		state = psci_affinity_info(mpidr);
		if (state == want)
			break;
		delay_us(100);
	} while (timer_ticks() < end);
	return state;
}

static void delay_until_seen(void)
{
	u64 end = timer_ticks() + timer_us_to_ticks(1000000);

	while (!seen_mpidr && timer_ticks() < end)
		cpu_relax();
}

void inmate_main(void)
{
	u64 mpidr1 = cpu_mpidr(1);
	long ret, ver = psci_version();

	printk("smp: PSCI version %ld.%ld, %u CPUs\n", ver >> 16, ver & 0xffff,
	       num_cpus());
	if (num_cpus() < 2) {
		printk("smp: FAIL the cell has only one CPU\n");
		return;
	}

	ret = psci_affinity_info(mpidr1);
	check(ret == PSCI_AFF_OFF, "affinity-info-off-before", "not off", ret);
	ret = psci_affinity_info(cpu_mpidr(0));
	check(ret == PSCI_AFF_ON, "affinity-info-self-on", "not on", ret);

	ret = smp_cpu_on(1, second_cpu, NULL);
	check(ret == PSCI_SUCCESS, "cpu-on", "CPU_ON failed", ret);
	if (ret == PSCI_SUCCESS) {
		check(smp_wait_online(1, 1000000), "cpu-runs",
		      "CPU 1 did not start within 1 s", 0);
		delay_until_seen();
		check(seen_mpidr == mpidr1, "cpu-mpidr", "unexpected MPIDR",
		      (long)seen_mpidr);
		ret = psci_affinity_info(mpidr1);
		check(ret == PSCI_AFF_ON, "affinity-info-on", "not on", ret);
		ret = smp_cpu_on(1, second_cpu, NULL);
		check(ret == PSCI_ALREADY_ON, "cpu-on-again",
		      "expected ALREADY_ON", ret);

		WRITE_ONCE(release, 1);
		dsb_sy();
		sev();
		ret = wait_affinity(mpidr1, PSCI_AFF_OFF, 1000000);
		check(ret == PSCI_AFF_OFF, "affinity-info-off-after",
		      "not off 1 s after CPU_OFF", ret);
	}

	if (failures)
		printk("smp: FAIL %u checks failed\n", failures);
	else
		printk("smp: PASS\n");
}
