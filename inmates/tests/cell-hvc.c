// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * cell-hvc: hypercalls from a non-root cell. Every management call
 * (DISABLE, CELL_CREATE, CELL_START, CELL_SET_LOADABLE, CELL_DESTROY,
 * HV_GET_INFO, CELL_GET_STATE, CPU_GET_INFO, CELL_SHUTDOWN) returns
 * -EPERM; DEBUG_CONSOLE_PUTC works; hvc with immediates other than 0
 * and 0x4a48 return SMCCC NOT_SUPPORTED (-1 as u64) and the cell goes
 * on; the Linux hyp-stub call (hvc #0, x0 = 0) is not a PSCI call and
 * is refused the same way.
 */
#include <inmate.h>
#include <jailhouse/hypercall.h>
#include "celltest.h"

#define EPERM			1
#define SMCCC_NOT_SUPPORTED	(~0ULL)
#define SGI_ALIVE		3

/* hvc #imm with x0..x3; returns x0 untouched (64 bits). */
#define HVC_IMM(imm, a0, a1, a2, a3) ({					\
	register u64 x0 asm("x0") = (a0);				\
	register u64 x1 asm("x1") = (a1);				\
	register u64 x2 asm("x2") = (a2);				\
	register u64 x3 asm("x3") = (a3);				\
	asm volatile("hvc #" #imm					\
		     : "+r" (x0), "+r" (x1), "+r" (x2), "+r" (x3)	\
		     : : "x4", "x5", "x6", "x7", "x8", "x9", "x10",	\
		       "x11", "x12", "x13", "x14", "x15", "x16", "x17",	\
		       "memory");					\
	x0; })

static const struct {
	u64 code;
	const char *name;
	u64 a1, a2;
} mgmt[] = {
	{ JH_HC_DISABLE, "disable", 0, 0 },
	{ JH_HC_CELL_CREATE, "cell_create", 0x70000000, 0x1000 },
	{ JH_HC_CELL_START, "cell_start", 1, 0 },
	{ JH_HC_CELL_SET_LOADABLE, "cell_set_loadable", 1, 0 },
	{ JH_HC_CELL_DESTROY, "cell_destroy", 1, 0 },
	{ JH_HC_HV_GET_INFO, "hv_get_info", JH_INFO_NUM_CELLS, 0 },
	{ JH_HC_CELL_GET_STATE, "cell_get_state", 1, 0 },
	{ JH_HC_CPU_GET_INFO, "cpu_get_info", 0, JH_CPU_INFO_STATE },
	{ JH_HC_CELL_SHUTDOWN, "cell_shutdown", 1, 0 },
};

static void test_management(void)
{
	volatile struct jh_comm_region *comm = comm_region();
	char name[48];
	unsigned int i;
	long ret;

	for (i = 0; i < ARRAY_SIZE(mgmt); i++) {
		snprintf(name, sizeof(name), "mgmt_%s_eperm", mgmt[i].name);
		ret = jh_hypercall(mgmt[i].code, mgmt[i].a1, mgmt[i].a2, 0);
		TEST_CHECK(ret == -EPERM, name, "code %llu returned %ld",
			   mgmt[i].code, ret);
	}
	/* Our own cell ID as argument makes no difference. */
	ret = jh_hypercall(JH_HC_CELL_DESTROY, comm->cell_id, 0, 0);
	TEST_CHECK(ret == -EPERM, "mgmt_destroy_self_eperm",
		   "CELL_DESTROY(own ID %u) returned %ld", comm->cell_id, ret);
	ret = jh_hypercall(JH_HC_CELL_SET_LOADABLE, comm->cell_id, 0, 0);
	TEST_CHECK(ret == -EPERM, "mgmt_set_loadable_self_eperm",
		   "CELL_SET_LOADABLE(own ID %u) returned %ld", comm->cell_id, ret);
	ret = jh_hypercall(0xdead, 0, 0, 0);
	TEST_CHECK(ret < 0, "unknown_code_refused", "code 0xdead returned %ld",
		   ret);
	TEST_CHECK(comm->cell_state == JH_CELL_STATE_RUNNING, "state_still_running",
		   "comm cell_state %u", comm->cell_state);
}

static void test_putc(void)
{
	long ret;

	printk("cell-hvc: DEBUG_CONSOLE_PUTC says ");
	ret = jh_hypercall(JH_HC_DEBUG_CONSOLE_PUTC, 'K', 0, 0);
	printk("\n");
	TEST_CHECK(ret == 0, "console_putc", "returned %ld", ret);
}

static void test_immediates(void)
{
	u64 r[6];
	unsigned int i;
	static const char *const names[] = {
		"hvc_imm_1", "hvc_imm_2", "hvc_imm_0x4a47", "hvc_imm_0x4a49",
		"hvc_imm_0xffff", "hvc_imm_0x4a48_low_bits",
	};

	/* x0 = 8 (PUTC) would print if the immediate were mistaken. */
	r[0] = HVC_IMM(1, JH_HC_DEBUG_CONSOLE_PUTC, '1', 0, 0);
	r[1] = HVC_IMM(2, PSCI_VERSION, 0, 0, 0);
	r[2] = HVC_IMM(0x4a47, JH_HC_DEBUG_CONSOLE_PUTC, '2', 0, 0);
	r[3] = HVC_IMM(0x4a49, JH_HC_DEBUG_CONSOLE_PUTC, '3', 0, 0);
	r[4] = HVC_IMM(0xffff, JH_HC_DISABLE, 0, 0, 0);
	r[5] = HVC_IMM(0x48, JH_HC_DEBUG_CONSOLE_PUTC, '4', 0, 0);
	for (i = 0; i < ARRAY_SIZE(names); i++)
		TEST_CHECK(r[i] == SMCCC_NOT_SUPPORTED, names[i],
			   "returned 0x%llx", r[i]);
	r[0] = HVC_IMM(0, 0, 0x12345000, 0, 0);
	TEST_CHECK((s32)r[0] == PSCI_NOT_SUPPORTED, "hvc0_stub_call_refused",
		   "hvc #0 with x0 = 0 (HVC_SET_VECTORS) returned 0x%llx", r[0]);
}

static volatile u32 alive;

static void alive_handler(unsigned int intid)
{
	(void)intid;
	alive++;
}

static void test_alive(void)
{
	irq_set_handler(SGI_ALIVE, alive_handler);
	irq_enable_intid(SGI_ALIVE);
	gic_send_sgi(SGI_ALIVE, 0);
	irq_enable();
	ct_wait_at_least(&alive, 1, CT_TIMEOUT_US);
	irq_disable();
	TEST_CHECK(alive == 1 && psci_version() >= 0x10000, "alive_after",
		   "SGI seen %u times, PSCI version 0x%lx", alive, psci_version());
}

void inmate_main(void)
{
	test_init("cell-hvc");
	if (inmate_is_bare()) {
		test_skip("all", "bare: no hypervisor");
		test_done();
		return;
	}
	test_management();
	test_putc();
	test_immediates();
	test_alive();
	test_done();
}
