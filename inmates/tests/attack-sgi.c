// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * attack-sgi: software-generated interrupts aimed outside the cell
 * (cell-a, CPU 1). ICC_SGI1R_EL1 with every INTID 0-15 at root's CPU 0,
 * the victim's CPUs 2 and 3, CPUs that do not exist, odd affinity
 * fields (Aff1-3, range selector) and a target list of all 16 CPUs of
 * Aff0 group 0; with IRM = 1 ("all but self"); the same through
 * ICC_ASGI1R_EL1 and ICC_SGI0R_EL1. Here we may only see the SGIs whose
 * target list includes us; the victim counts whatever reaches it (its
 * "foreign" counter) and the runner checks root. Then storms: 20000
 * SGIs to ourselves with IRQs on and off (virtual SGIs merge: at most
 * one per INTID is pending), and 20000 "all but self" broadcasts.
 * SGI 15 is the hypervisor's; sending it to ourselves is reported, not
 * judged (it can only become a virtual interrupt of this cell).
 */
#include "attack.h"

#define SGI1R_IRM		(1ULL << 40)
#define SGI1R_RS(n)		((u64)(n) << 44)
#define SGI1R_AFF1(n)		((u64)(n) << 16)
#define SGI1R_AFF2(n)		((u64)(n) << 32)
#define SGI1R_AFF3(n)		((u64)(n) << 48)
#define SGI1R_INTID(n)		((u64)(n) << 24)
#define STORM			20000
#define SGI_STORM		5

static void send_asgi1r(u64 v)
{
	dsb_sy();
	asm volatile("msr S3_0_C12_C11_6, %0; isb" : : "r" (v) : "memory");
}

static void send_sgi0r(u64 v)
{
	dsb_sy();
	asm volatile("msr S3_0_C12_C11_7, %0; isb" : : "r" (v) : "memory");
}

/* Target lists that do not include us (MPIDR 0x1). */
static const struct {
	const char *name;
	u64 bits;
} foreign[] = {
	{ "root_cpu0", 1ULL << 0 },
	{ "victim_cpu2", 1ULL << 2 },
	{ "victim_cpu3", 1ULL << 3 },
	{ "victim_both", (1ULL << 2) | (1ULL << 3) },
	{ "absent_cpus", 0xfff0 },
	{ "aff1", SGI1R_AFF1(1) | 0xffff },
	{ "aff2", SGI1R_AFF2(1) | 0xffff },
	{ "aff3", SGI1R_AFF3(1) | 0xffff },
	{ "range_sel", SGI1R_RS(1) | 0xffff },
	{ "irm_all_but_self", SGI1R_IRM },
	{ "irm_with_list", SGI1R_IRM | 0xffff },
};

static void quiet_window(void)
{
	ct_irq_window(CT_QUIET_US);
}

static void test_foreign(void)
{
	unsigned int i, n;
	u32 before = ak_irq_sum(0, 15), got;
	char name[48];

	for (i = 0; i < ARRAY_SIZE(foreign); i++) {
		before = ak_irq_sum(0, 15);
		for (n = 0; n < 16; n++)
			ct_sgi_raw(foreign[i].bits | SGI1R_INTID(n));
		quiet_window();
		got = ak_irq_sum(0, 15) - before;
		snprintf(name, sizeof(name), "sgi1r_%s", foreign[i].name);
		TEST_CHECK(got == 0, name, "we received %u of the SGIs aimed "
			   "at 0x%llx (not us)", got, foreign[i].bits);
	}
	before = ak_irq_sum(0, 15);
	for (i = 0; i < ARRAY_SIZE(foreign); i++)
		for (n = 0; n < 16; n++) {
			send_asgi1r(foreign[i].bits | SGI1R_INTID(n));
			send_sgi0r(foreign[i].bits | SGI1R_INTID(n));
		}
	quiet_window();
	TEST_CHECK(ak_irq_sum(0, 15) == before, "asgi1r_sgi0r_ignored",
		   "%u SGIs arrived", ak_irq_sum(0, 15) - before);
}

/* All 16 CPUs of Aff0 group 0 include us: only SGIs 0-13 we enabled
 * may come back (14 is the library's halt SGI, 15 the hypervisor's). */
static void test_list_with_self(void)
{
	u32 before[16], extra = 0;
	unsigned int n;

	for (n = 0; n < 16; n++)
		before[n] = ak_irqs[n];
	for (n = 0; n < 14; n++)
		ct_sgi_raw(0xffff | SGI1R_INTID(n));
	quiet_window();
	for (n = 0; n < 14; n++)
		if (ak_irqs[n] - before[n] != 1)
			extra++;
	TEST_CHECK(!extra, "list_of_16_reaches_only_us",
		   "%u of SGIs 0-13 did not arrive exactly once", extra);
}

static void test_sgi15_self(void)
{
	u32 before = ak_irqs[CT_HV_SGI];

	ct_sgi_raw(ct_sgi1r(CT_HV_SGI, cpu_mpidr(0)));
	quiet_window();
	printk("attack-sgi: note: SGI 15 sent to ourselves arrived %u times "
	       "(a virtual interrupt of this cell at most)\n",
	       ak_irqs[CT_HV_SGI] - before);
	TEST_CHECK(psci_version() >= 0x10000, "sgi15_self_harmless",
		   "PSCI version 0x%lx afterwards", psci_version());
}

static void test_storms(void)
{
	u64 self = ct_sgi1r(SGI_STORM, cpu_mpidr(0));
	u32 before = ak_irqs[SGI_STORM], got;
	unsigned int i;

	irq_enable();
	for (i = 0; i < STORM; i++)
		ct_sgi_raw(self);
	delay_us(CT_QUIET_US);
	irq_disable();
	got = ak_irqs[SGI_STORM] - before;
	TEST_CHECK(got >= 1 && got <= STORM, "storm_self_irqs_on",
		   "%u SGIs sent, %u arrived", STORM, got);

	before = ak_irqs[SGI_STORM];
	for (i = 0; i < STORM; i++)
		ct_sgi_raw(self);
	quiet_window();
	got = ak_irqs[SGI_STORM] - before;
	TEST_CHECK(got == 1, "storm_self_masked_merges",
		   "%u SGIs sent with IRQs masked, %u arrived", STORM, got);

	before = ak_irq_sum(0, 15);
	for (i = 0; i < STORM; i++)
		ct_sgi_raw(SGI1R_IRM | SGI1R_INTID(i % 16));
	quiet_window();
	TEST_CHECK(ak_irq_sum(0, 15) == before, "storm_broadcast",
		   "%u of %u broadcasts came back to us",
		   ak_irq_sum(0, 15) - before, STORM);
}

void inmate_main(void)
{
	unsigned int n;

	test_init("attack-sgi");
	ak_count_all_irqs();
	for (n = 0; n < 14; n++)
		irq_enable_intid(n);
	test_foreign();
	test_list_with_self();
	test_sgi15_self();
	test_storms();
	test_done();
}
