// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * attack-psci: PSCI and other SMCCC services from a hostile cell
 * (cell-a, CPU 1), through both conduits (smc #0 and hvc #0).
 *   - CPU_ON (32 and 64 bit) of root's CPU 0, the victim's CPUs 2-3,
 *     absent and malformed MPIDRs, with an entry point in our own image:
 *     INVALID_PARAMETERS, and nothing starts (the victim would notice a
 *     CPU restarted under it, root would lose a CPU);
 *   - AFFINITY_INFO of foreign CPUs and with a non-zero lowest level:
 *     INVALID_PARAMETERS (no state of other cells leaks out);
 *   - our own CPU: CPU_ON says ALREADY_ON, AFFINITY_INFO says ON,
 *     CPU_SUSPEND returns (woken by our timer);
 *   - optional and newer PSCI functions (MIGRATE, SYSTEM_SUSPEND,
 *     NODE_HW_STATE, SYSTEM_RESET2, MEM_PROTECT, STAT_*...), SMCCC arch
 *     calls, SiP, OEM, trusted-OS, hypervisor-service and yielding calls
 *     and 400 pseudo-random function IDs: NOT_SUPPORTED - nothing of a
 *     cell reaches the firmware;
 *   - smc with a non-zero immediate: treated like smc #0 or refused.
 * SYSTEM_OFF, SYSTEM_RESET and CPU_OFF end the cell: the runner tries
 * those one per boot (attack-cpu).
 */
#include "attack.h"

#define CPU_ON_32		0x84000003ULL
#define CPU_ON_64		0xc4000003ULL
#define CPU_SUSPEND_64		0xc4000001ULL
#define AFFINITY_INFO_32	0x84000004ULL
#define AFFINITY_INFO_64	0xc4000004ULL
#define NOT_SUPPORTED		(-1)

static volatile u32 payload_ran;

/* Whoever runs this would be running our code on a foreign CPU. */
static void payload(void)
{
	payload_ran++;
	printk("attack-psci: PAYLOAD RUNS on MPIDR 0x%llx\n",
	       sysreg_read(mpidr_el1));
	for (;;)
		wfi();
}

static long call(bool smc, u64 fn, u64 a1, u64 a2, u64 a3)
{
	return (long)(s32)(smc ? ak_smc(fn, a1, a2, a3) :
			   ak_hvc0(fn, a1, a2, a3));
}

static const u64 foreign_mpidrs[] = {
	AK_ROOT_MPIDR, AK_VICTIM_MPIDR0, AK_VICTIM_MPIDR1, 0x4, 0xff,
	0x100, 0x10000, 0x100000000ULL, 0xff00ffffffULL, ~0ULL & ~1ULL,
};

static void test_foreign_cpus(void)
{
	u64 fns[] = { CPU_ON_64, CPU_ON_32 };
	unsigned int i, f, c, bad = 0;
	long ret, last = 0;
	u64 who = 0;

	for (c = 0; c < 2; c++)
		for (f = 0; f < 2; f++)
			for (i = 0; i < ARRAY_SIZE(foreign_mpidrs); i++) {
				ret = call(c, fns[f], foreign_mpidrs[i],
					   (u64)payload, 0x4a48);
				if (ret != PSCI_INVALID_PARAMS && !bad++) {
					last = ret;
					who = foreign_mpidrs[i];
				}
			}
	delay_us(CT_QUIET_US);
	TEST_CHECK(!bad && !payload_ran, "cpu_on_foreign_refused",
		   "%u calls not refused (MPIDR 0x%llx: %ld), payload ran %u",
		   bad, who, last, payload_ran);

	bad = 0;
	for (c = 0; c < 2; c++)
		for (i = 0; i < ARRAY_SIZE(foreign_mpidrs); i++) {
			ret = call(c, AFFINITY_INFO_64, foreign_mpidrs[i], 0, 0);
			if (ret != PSCI_INVALID_PARAMS && !bad++) {
				last = ret;
				who = foreign_mpidrs[i];
			}
			ret = call(c, AFFINITY_INFO_32, foreign_mpidrs[i], 0, 0);
			if (ret != PSCI_INVALID_PARAMS && !bad++) {
				last = ret;
				who = foreign_mpidrs[i];
			}
		}
	TEST_CHECK(!bad, "affinity_info_foreign_refused",
		   "%u calls answered (MPIDR 0x%llx: %ld)", bad, who, last);

	bad = 0;
	for (i = 1; i < 4; i++) {
		ret = call(true, AFFINITY_INFO_64, cpu_mpidr(0), i, 0);
		if (ret != PSCI_INVALID_PARAMS && !bad++)
			last = ret;
	}
	TEST_CHECK(!bad, "affinity_info_levels_refused",
		   "lowest affinity level 1-3 answered %ld", last);
}

static volatile u32 timer_hits;

static void timer_irq(unsigned int intid)
{
	(void)intid;
	timer_hits++;
	timer_stop();
}

static void test_own_cpu(void)
{
	long on = call(true, CPU_ON_64, cpu_mpidr(0), (u64)payload, 0);
	long aff = call(false, AFFINITY_INFO_64, cpu_mpidr(0), 0, 0);
	long sus;

	TEST_CHECK(on == PSCI_ALREADY_ON && aff == PSCI_AFF_ON, "own_cpu_sane",
		   "CPU_ON of ourselves %ld, AFFINITY_INFO %ld", on, aff);
	timer_irq_init(timer_irq);
	timer_set_cval(timer_ticks() + timer_us_to_ticks(2000));
	sus = call(true, CPU_SUSPEND_64, 0, (u64)payload, 0);
	ct_irq_window_until(&timer_hits, 1);
	TEST_CHECK(sus == PSCI_SUCCESS && timer_hits == 1,
		   "cpu_suspend_standby_returns",
		   "CPU_SUSPEND %ld, timer interrupts %u", sus, timer_hits);
}

static const struct {
	const char *name;
	u64 fn, a1;
} refused[] = {
	{ "psci_migrate", 0xc4000005, AK_ROOT_MPIDR },
	{ "psci_migrate_info_up_cpu", 0x84000007, 0 },
	{ "psci_cpu_freeze", 0x8400000b, 0 },
	{ "psci_cpu_default_suspend", 0xc400000c, (u64)payload },
	{ "psci_node_hw_state", 0xc400000d, AK_ROOT_MPIDR },
	{ "psci_system_suspend", 0xc400000e, (u64)payload },
	{ "psci_set_suspend_mode", 0x8400000f, 1 },
	{ "psci_stat_residency", 0xc4000010, AK_ROOT_MPIDR },
	{ "psci_stat_count", 0xc4000011, AK_ROOT_MPIDR },
	{ "psci_system_reset2", 0xc4000012, 0x80000000 },
	{ "psci_mem_protect", 0x84000013, 1 },
	{ "psci_mem_protect_range", 0xc4000014, AK_HV_MEM },
	{ "psci_unknown_1f", 0x8400001f, 0 },
	{ "smccc_version", 0x80000000, 0 },
	{ "smccc_arch_features", 0x80000001, 0x80008000 },
	{ "smccc_soc_id", 0x80000002, 0 },
	{ "smccc_workaround_1", 0x80008000, 0 },
	{ "smccc_workaround_2", 0x80007fff, 1 },
	{ "smccc_workaround_3", 0x80003fff, 0 },
	{ "sip_32", 0x82000000, 0 },
	{ "sip_64", 0xc2000000, 0 },
	{ "sip_64_last", 0xc200ffff, ~0ULL },
	{ "oem_32", 0x83000000, 0 },
	{ "oem_64", 0xc3000001, AK_HV_MEM },
	{ "std_secure_64", 0xc4000100, 0 },
	{ "std_hyp_64", 0xc5000000, 0 },
	{ "vendor_hyp_uid", 0x8600ff01, 0 },
	{ "vendor_hyp_64", 0xc6000000, 0 },
	{ "trusted_app", 0xb0000000, 0 },
	{ "trusted_os", 0xb2000000, 0 },
	{ "trusted_os_uid", 0xbf00ff01, 0 },
	{ "yielding_sip", 0x02000000, 0 },
	{ "yielding_tos", 0x32000000, 0 },
	{ "mem_protect_high_bits", 0xffffffff00000000ULL | 0x84000013, 0 },
};

static void test_refused(void)
{
	unsigned int i, c;
	long ret[2];
	char name[48];

	for (i = 0; i < ARRAY_SIZE(refused); i++) {
		for (c = 0; c < 2; c++)
			ret[c] = call(c, refused[i].fn, refused[i].a1,
				      (u64)payload, AK_HV_MEM);
		snprintf(name, sizeof(name), "%s_not_supported", refused[i].name);
		TEST_CHECK(ret[0] == NOT_SUPPORTED && ret[1] == NOT_SUPPORTED,
			   name, "0x%llx: hvc %ld, smc %ld", refused[i].fn,
			   ret[0], ret[1]);
	}
}

static bool psci_range(u32 fn)
{
	return (fn & 0xbfffffe0U) == 0x84000000U;
}

static void test_random_ids(void)
{
	unsigned int i, bad = 0;
	u32 fn, bad_fn = 0;
	long ret, bad_ret = 0;

	for (i = 0; i < 400; i++) {
		fn = (u32)ak_rand();
		if (psci_range(fn))
			continue;
		ret = call(i & 1, fn, ak_rand(), ak_rand(), ak_rand());
		if (ret != NOT_SUPPORTED && !bad++) {
			bad_fn = fn;
			bad_ret = ret;
		}
	}
	TEST_CHECK(!bad, "random_function_ids_not_supported",
		   "%u answered, e.g. 0x%x: %ld", bad, bad_fn, bad_ret);
}

static void test_smc_immediates(void)
{
	struct ak_regs r1 = { { 0x84000000, 0, 0, 0 } };
	struct ak_regs r2 = { { 0x84000000, 0, 0, 0 } };
	long v1, v2;

	AK_CALL("smc #1", &r1);
	AK_CALL("smc #0xffff", &r2);
	v1 = (s32)r1.x[0];
	v2 = (s32)r2.x[0];
	TEST_CHECK((v1 == 0x10000 || v1 == NOT_SUPPORTED) &&
		   (v2 == 0x10000 || v2 == NOT_SUPPORTED), "smc_immediates_sane",
		   "smc #1: 0x%lx, smc #0xffff: 0x%lx", v1, v2);
}

void inmate_main(void)
{
	test_init("attack-psci");
	test_foreign_cpus();
	test_own_cpu();
	test_refused();
	test_random_ids();
	test_smc_immediates();
	TEST_CHECK(psci_version() == 0x10000 && !payload_ran, "still_sane",
		   "PSCI version 0x%lx, payload ran %u", psci_version(),
		   payload_ran);
	test_done();
}
