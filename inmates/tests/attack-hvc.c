// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * attack-hvc: hypercalls from a hostile cell (cell-a, CPU 1).
 *   - every management call (DISABLE, CELL_CREATE, CELL_START,
 *     CELL_SET_LOADABLE, CELL_DESTROY, HV_GET_INFO, CELL_GET_STATE,
 *     CPU_GET_INFO, CELL_SHUTDOWN) with hostile arguments - cell IDs 0,
 *     1, 2, 15, 2^32-1, -1; pointers into hypervisor memory, the victim's
 *     RAM, root RAM, misaligned and huge; sizes 0, 1, 2^40, -1: -EPERM;
 *   - unknown codes (11, 13, 0x4a48, 2^31-1, 2^32 + 8, 2^63, -1): refused;
 *   - DEBUG_CONSOLE_PUTC with every byte value and out-of-range values:
 *     returns 0 (the hypervisor shows '?' for what is not printable);
 *   - hvc with 300 pseudo-random immediates (self-modified code):
 *     SMCCC NOT_SUPPORTED, x0 = PSCI_VERSION not taken as PSCI;
 *   - hvc #0 with the Linux hyp-stub calls (SET_VECTORS with our own
 *     vectors, SOFT_RESTART with our own entry, RESET_VECTORS,
 *     FINALISE_EL2): NOT_SUPPORTED, nothing of ours runs at EL2.
 * GUEST_PANIC ends the cell: the runner tries it (attack-cpu op=panic).
 */
#include "attack.h"

#define HVC_INSN(imm)	(0xd4000002U | ((u32)(imm) << 5))
#define RET_INSN	0xd65f03c0U

static const u64 codes[] = {
	JH_HC_DISABLE, JH_HC_CELL_CREATE, JH_HC_CELL_START,
	JH_HC_CELL_SET_LOADABLE, JH_HC_CELL_DESTROY, JH_HC_HV_GET_INFO,
	JH_HC_CELL_GET_STATE, JH_HC_CPU_GET_INFO, JH_HC_CELL_SHUTDOWN,
};

static const char *const code_names[] = {
	"disable", "cell_create", "cell_start", "cell_set_loadable",
	"cell_destroy", "hv_get_info", "cell_get_state", "cpu_get_info",
	"cell_shutdown",
};

static const u64 args[][2] = {
	{ 0, 0 }, { 1, 0 }, { 2, 0 }, { 15, 0 }, { 0xffffffff, 0 },
	{ ~0ULL, ~0ULL }, { AK_HV_MEM, 0x1000 }, { AK_HV_MEM + 1, 1ULL << 40 },
	{ AK_HV_MEM_TOP, ~0ULL }, { AK_CELLB_PHYS, 0x100000 },
	{ AK_ROOT_RAM, 0x1000 }, { AK_ROOT_RAM + 3, 0 }, { 0x1000, 0x1000 },
	{ JH_INFO_MEM_POOL_USED, JH_CPU_INFO_STATE },
	{ 1, JH_CPU_INFO_STAT_BASE }, { 2, JH_CPU_INFO_STAT_BASE + 9 },
};

static void test_management(void)
{
	unsigned int c, a, bad;
	u64 ret, bad_ret = 0, bad_a1 = 0;
	char name[48];

	for (c = 0; c < ARRAY_SIZE(codes); c++) {
		bad = 0;
		for (a = 0; a < ARRAY_SIZE(args); a++) {
			ret = ak_hc(codes[c], args[a][0], args[a][1], ~0ULL);
			if (ret != (u64)-AK_EPERM && !bad++) {
				bad_ret = ret;
				bad_a1 = args[a][0];
			}
		}
		snprintf(name, sizeof(name), "%s_hostile_args_eperm",
			 code_names[c]);
		TEST_CHECK(!bad, name, "%u of %u calls not -EPERM (x1 0x%llx: "
			   "0x%llx)", bad, (unsigned int)ARRAY_SIZE(args),
			   bad_a1, bad_ret);
	}
}

static void test_unknown(void)
{
	static const u64 unknown[] = {
		11, 13, 0x4a48, 0x7fffffff, (1ULL << 32) + 8,
		(1ULL << 32) + 10, 1ULL << 63, ~0ULL,
	};
	unsigned int i, bad = 0;
	u64 ret = 0, which = 0;

	for (i = 0; i < ARRAY_SIZE(unknown); i++) {
		ret = ak_hc(unknown[i], AK_HV_MEM, ~0ULL, 1);
		if ((s64)ret >= 0 && !bad++)
			which = unknown[i];
	}
	TEST_CHECK(!bad, "unknown_codes_refused", "%u accepted, e.g. code 0x%llx",
		   bad, which);
}

static void test_putc(void)
{
	unsigned int c, bad = 0;

	printk("attack-hvc: every byte value follows:\n");
	for (c = 1; c < 256; c++)
		if (c != '\n' && ak_hc(JH_HC_DEBUG_CONSOLE_PUTC, c, 0, 0))
			bad++;
	if (ak_hc(JH_HC_DEBUG_CONSOLE_PUTC, 0, 0, 0))
		bad++;
	if (ak_hc(JH_HC_DEBUG_CONSOLE_PUTC, (1ULL << 32) | 'A', 0, 0))
		bad++;
	if (ak_hc(JH_HC_DEBUG_CONSOLE_PUTC, ~0ULL, 0, 0))
		bad++;
	ak_hc(JH_HC_DEBUG_CONSOLE_PUTC, '\n', 0, 0);
	TEST_CHECK(!bad, "putc_any_value", "%u characters refused", bad);
}

static u32 stub[2] __aligned(8);

static u64 call_stub(u64 a0, u64 a1)
{
	register u64 x0 asm("x0") = a0;
	register u64 x1 asm("x1") = a1;
	register u64 x2 asm("x2") = 0;
	register u64 x3 asm("x3") = 0;

	asm volatile("blr %4" : "+r" (x0), "+r" (x1), "+r" (x2), "+r" (x3)
		     : "r" (stub) : "x4", "x5", "x6", "x7", "x8", "x9", "x10",
		       "x11", "x12", "x13", "x14", "x15", "x16", "x17", "x30",
		       "memory");
	return x0;
}

static void test_random_immediates(void)
{
	unsigned int i, bad = 0, tried = 0;
	u32 imm, bad_imm = 0;
	u64 ret, bad_ret = 0;

	stub[1] = RET_INSN;
	for (i = 0; i < 300; i++) {
		imm = (u32)ak_rand() & 0xffff;
		if (imm == 0 || imm == JH_HVC_IMM)
			continue;
		WRITE_ONCE(stub[0], HVC_INSN(imm));
		ak_cache_sync();
		ret = call_stub(PSCI_VERSION, ~0ULL);
		tried++;
		if (ret != AK_SMCCC_NOT_SUPPORTED && !bad++) {
			bad_imm = imm;
			bad_ret = ret;
		}
	}
	TEST_CHECK(!bad && tried > 250, "random_immediates_not_supported",
		   "%u of %u answered, e.g. hvc #0x%x: 0x%llx", bad, tried,
		   bad_imm, bad_ret);
}

static volatile u32 el2_payload_ran;

static void el2_payload(void)
{
	el2_payload_ran = 1;
}

static void test_stub_calls(void)
{
	u64 r[5];
	unsigned int i;

	r[0] = ak_hvc0(0, (u64)ak_vectors, 0, 0);	/* HVC_SET_VECTORS */
	r[1] = ak_hvc0(1, (u64)el2_payload, 1, AK_HV_MEM); /* SOFT_RESTART */
	r[2] = ak_hvc0(2, 0, 0, 0);			/* RESET_VECTORS */
	r[3] = ak_hvc0(3, 0, 0, 0);			/* FINALISE_EL2 */
	r[4] = ak_hvc0(4, 0, 0, 0);			/* VHE_RESTART */
	for (i = 0; i < 5; i++)
		if ((s32)r[i] != PSCI_NOT_SUPPORTED)
			break;
	TEST_CHECK(i == 5 && !el2_payload_ran, "hyp_stub_calls_refused",
		   "hvc #0 call %u returned 0x%llx, payload ran %u", i,
		   i < 5 ? r[i] : 0, el2_payload_ran);
}

void inmate_main(void)
{
	test_init("attack-hvc");
	test_management();
	test_unknown();
	test_putc();
	test_random_immediates();
	test_stub_calls();
	TEST_CHECK(comm_region()->cell_state == JH_CELL_STATE_RUNNING &&
		   psci_version() == 0x10000, "still_running",
		   "cell_state %u", comm_region()->cell_state);
	test_done();
}
