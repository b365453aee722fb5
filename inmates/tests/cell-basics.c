// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * cell-basics: what every inmate relies on. Comm region contents (every
 * field; command line expect_cpus=N gicd=ADDR gicr=ADDR set what to
 * expect), PSCI version and features, the virtual timer interrupt (busy-waiting and
 * from wfi), an SGI to ourselves and to the other CPU, and the PSCI life
 * cycle of the second CPU (CPU_ON, AFFINITY_INFO, CPU_OFF).
 */
#include <inmate.h>
#include <jailhouse/config.h>
#include <jailhouse/hypercall.h>
#include "celltest.h"

#define SGI_TEST	1
#define TIMEOUT_US	1000000

static volatile u32 timer_fired, sgi_seen[INMATE_MAX_CPUS];
static volatile u64 timer_entry, timer_cval;
static volatile u32 second_ready, second_release;
static volatile u64 second_mpidr;

static bool wait_flag(volatile u32 *flag, u64 us)
{
	u64 end = timer_ticks() + timer_us_to_ticks(us);

	/* cpu_relax() (yield) lets QEMU run the other vCPUs under -icount. */
	while (!*flag) {
		if (timer_ticks() > end)
			return false;
		cpu_relax();
	}
	return true;
}

/* Every listed CPU is distinct and has a redistributor frame. */
static bool comm_cpus_sane(volatile struct jh_comm_region *comm)
{
	unsigned int i, j;

	for (i = 0; i < comm->num_cpus && i < JH_COMM_MAX_CPUS; i++) {
		for (j = 0; j < i; j++)
			if (comm->cpu_mpidr[i] == comm->cpu_mpidr[j])
				return false;
		if (!ct_frame_of(comm->cpu_mpidr[i]))
			return false;
	}
	return true;
}

static void test_comm(void)
{
	volatile struct jh_comm_region *comm = comm_region();
	u64 own = sysreg_read(mpidr_el1) & MPIDR_AFF_MASK;
	long want_cpus = cmdline_parse_int("expect_cpus", 0);
	u64 want_gicd = cmdline_parse_int("gicd", BARE_GICD_BASE);
	u64 want_gicr = cmdline_parse_int("gicr", BARE_GICR_BASE);
	u64 cntfrq = sysreg_read(cntfrq_el0) & 0xffffffff;
	u32 pidr2;
	char sig[9];
	unsigned int i;

	if (!comm) {
		test_skip("comm_signature", "booted bare, no comm region");
		return;
	}
	for (i = 0; i < 8; i++)
		sig[i] = comm->signature[i];
	sig[8] = '\0';
	TEST_CHECK(!strcmp(sig, JH_COMM_SIGNATURE) &&
		   comm->revision == JH_COMM_REVISION, "comm_signature",
		   "signature '%s' revision %u", sig, comm->revision);
	TEST_CHECK(comm->cell_id > 0, "comm_cell_id", "cell_id %u",
		   comm->cell_id);
	TEST_CHECK(want_cpus ? comm->num_cpus == want_cpus :
		   comm->num_cpus >= 1 && comm->num_cpus <= JH_COMM_MAX_CPUS,
		   "comm_num_cpus", "num_cpus %u, expected %ld", comm->num_cpus,
		   want_cpus);
	TEST_CHECK((comm->cpu_mpidr[0] & MPIDR_AFF_MASK) == own, "comm_cpu0_is_boot",
		   "cpu_mpidr[0] 0x%llx, own MPIDR 0x%llx", comm->cpu_mpidr[0], own);
	TEST_CHECK(comm_cpus_sane(comm), "comm_cpu_mpidrs",
		   "duplicate MPIDR or one without a redistributor (0x%llx 0x%llx)",
		   comm->cpu_mpidr[0], comm->cpu_mpidr[1]);
	TEST_CHECK(comm->flags & JH_CELL_CONSOLE_WRITE, "comm_flags",
		   "flags 0x%x lack console_write (yet we print)", comm->flags);
	TEST_CHECK(comm->gic_version == 3 && comm->gicd_base == want_gicd &&
		   comm->gicr_base == want_gicr, "comm_gic",
		   "GICv%u GICD 0x%llx GICR 0x%llx, expected v3 0x%llx 0x%llx",
		   comm->gic_version, comm->gicd_base, comm->gicr_base,
		   want_gicd, want_gicr);
	pidr2 = ct_read32(comm->gicd_base + GICD_PIDR2);
	TEST_CHECK(((pidr2 >> 4) & 0xf) == 3, "comm_gicd_is_gicv3",
		   "GICD_PIDR2 0x%x at the announced GICD", pidr2);
	TEST_CHECK(comm->timer_frequency && comm->timer_frequency == cntfrq,
		   "comm_timer_frequency", "comm %llu Hz, CNTFRQ_EL0 %llu Hz",
		   comm->timer_frequency, cntfrq);
	TEST_CHECK(comm->cell_state == JH_CELL_STATE_RUNNING, "comm_cell_state",
		   "cell_state %u, expected %u (running)", comm->cell_state,
		   JH_CELL_STATE_RUNNING);
	TEST_CHECK(comm->msg_to_cell == JH_MSG_NONE &&
		   comm->reply_from_cell == JH_REPLY_NONE && !comm->locked,
		   "comm_fresh", "msg %u reply %u locked %u at start",
		   comm->msg_to_cell, comm->reply_from_cell, comm->locked);
}

static void test_psci(void)
{
	long ver = psci_version();
	long feat;

	TEST_CHECK(ver >= 0x10000, "psci_version",
		   "version 0x%lx, need >= 1.0", ver);
	feat = psci_call(PSCI_FEATURES, PSCI_CPU_ON, 0, 0);
	TEST_CHECK(feat >= 0, "psci_features_cpu_on",
		   "FEATURES(CPU_ON) = %ld", feat);
	feat = psci_call(PSCI_FEATURES, 0x8400ffffU, 0, 0);
	TEST_CHECK(feat == PSCI_NOT_SUPPORTED, "psci_features_unknown",
		   "FEATURES(0x8400ffff) = %ld", feat);
}

static void timer_handler(unsigned int intid)
{
	(void)intid;
	timer_entry = irq_entry_timestamp();
	timer_cval = timer_get_cval();
	timer_stop();
	timer_fired = 1;
}

static void test_timer(void)
{
	u64 start, delta = timer_us_to_ticks(1000), late;

	TEST_CHECK(timer_frequency() >= 1000000, "timer_frequency",
		   "CNTFRQ %llu Hz", timer_frequency());
	timer_irq_init(timer_handler);

	/* 1 ms ahead, IRQs on, busy-wait up to 1 s. */
	start = timer_ticks();
	timer_set_cval(start + delta);
	irq_enable();
	wait_flag(&timer_fired, TIMEOUT_US);
	irq_disable();
	late = timer_entry - timer_cval;
	if (!TEST_CHECK(timer_fired, "timer_fires", "no interrupt within 1 s"))
		return;
	TEST_CHECK(timer_entry >= start + delta && late < timer_us_to_ticks(100000),
		   "timer_on_time", "entry %lld ticks after CVAL (%llu ns)",
		   (long long)late, timer_ticks_to_ns(late));

	/* Same from wfi with IRQs masked (the way idle loops sleep). */
	timer_fired = 0;
	timer_set_cval(timer_ticks() + delta);
	while (!timer_fired)
		cpu_sleep();
	TEST_CHECK(timer_fired && timer_entry >= timer_cval, "timer_wakes_wfi",
		   "entry 0x%llx, CVAL 0x%llx", timer_entry, timer_cval);
}

static void sgi_handler(unsigned int intid)
{
	(void)intid;
	sgi_seen[this_cpu()]++;
}

static void test_sgi_self(void)
{
	irq_set_handler(SGI_TEST, sgi_handler);
	irq_enable_intid(SGI_TEST);
	gic_send_sgi(SGI_TEST, this_cpu());
	irq_enable();
	wait_flag(&sgi_seen[0], TIMEOUT_US);
	irq_disable();
	TEST_CHECK(sgi_seen[0] == 1, "sgi_self",
		   "SGI %u seen %u times", SGI_TEST, sgi_seen[0]);
}

static void second_cpu(unsigned int cpu, void *arg)
{
	(void)arg;
	second_mpidr = sysreg_read(mpidr_el1) & MPIDR_AFF_MASK;
	irq_set_handler(SGI_TEST, sgi_handler);
	irq_enable_intid(SGI_TEST);
	irq_enable();
	WRITE_ONCE(second_ready, 1);
	while (!READ_ONCE(second_release))
		wfe();
	printk("cell-basics: CPU %u leaving with CPU_OFF\n", cpu);
}

static long wait_affinity(u64 mpidr, long want)
{
	u64 end = timer_ticks() + timer_us_to_ticks(TIMEOUT_US);
	long state;

	do {
		state = psci_affinity_info(mpidr);
		if (state == want)
			break;
		delay_us(100);
	} while (timer_ticks() < end);
	return state;
}

static void test_smp(void)
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

	ret = smp_cpu_on(1, second_cpu, NULL);
	if (!TEST_CHECK(ret == PSCI_SUCCESS, "cpu_on", "CPU_ON returned %ld", ret))
		return;
	if (!TEST_CHECK(wait_flag(&second_ready, TIMEOUT_US), "cpu_on_runs",
			"CPU 1 not running after 1 s"))
		return;
	TEST_CHECK(second_mpidr == mpidr1, "cpu_on_mpidr",
		   "CPU 1 has MPIDR 0x%llx, expected 0x%llx", second_mpidr, mpidr1);
	ret = psci_affinity_info(mpidr1);
	TEST_CHECK(ret == PSCI_AFF_ON, "affinity_on", "state %ld", ret);
	ret = smp_cpu_on(1, second_cpu, NULL);
	TEST_CHECK(ret == PSCI_ALREADY_ON, "cpu_on_already_on",
		   "second CPU_ON returned %ld", ret);

	gic_send_sgi(SGI_TEST, 1);
	TEST_CHECK(wait_flag(&sgi_seen[1], TIMEOUT_US), "sgi_other_cpu",
		   "CPU 1 did not see SGI %u", SGI_TEST);

	WRITE_ONCE(second_release, 1);
	dsb_sy();
	sev();
	ret = wait_affinity(mpidr1, PSCI_AFF_OFF);
	TEST_CHECK(ret == PSCI_AFF_OFF, "affinity_off_after",
		   "state %ld 1 s after CPU_OFF", ret);
}

void inmate_main(void)
{
	test_init("cell-basics");
	printk("cell-basics: %s, %u CPUs, cmdline '%s'\n",
	       comm_region() ? "in a cell" : "bare", num_cpus(), cmdline_get());
	test_comm();
	test_psci();
	test_timer();
	test_sgi_self();
	test_smp();
	test_done();
}
