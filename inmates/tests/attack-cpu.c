// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * attack-cpu: one hostile behaviour of a cell's CPU per boot, for the
 * runner (ci/scenarios/attacks.sh) to judge from outside. Every op
 * prints "attack-cpu: boot <op>" first.
 *
 *   spin       spin forever with DAIF masked: no exit ever again
 *   wfi        wfi forever with DAIF masked and no timer
 *   wfe        wfe forever
 *   cpu_off    PSCI CPU_OFF of the cell's only CPU
 *   system_off, system_off_smc, system_reset   PSCI from the cell
 *   panic      GUEST_PANIC with hostile arguments
 *   comm_garbage   reply_from_cell = 0xdeadbeef, over and over
 *   comm_lie       reply SHUTDOWN_OK, over and over, and keep running
 *   comm_lock_flap toggle the comm lock as fast as it can
 *   comm_scribble  overwrite the fields the hypervisor owns, then behave
 *   mrs_sgi1r  read the write-only (trapped) ICC_SGI1R_EL1
 *   vbar_hv    EL1 vectors in hypervisor memory, then take an exception
 *   ttbr_root  stage-1 MMU on with its tables in root RAM
 *   pmu_irq    leave the PMU overflow interrupt (PPI 23, level) enabled
 *              and asserted, IRQs masked at EL1, and keep answering the
 *              comm region: the hypervisor must still get the CPU back
 *              and give it to root in working order
 * Command line: op=OP
 */
#include "attack.h"

#define PSCI_SYSTEM_OFF_ID	0x84000008UL
#define PSCI_SYSTEM_RESET_ID	0x84000009UL

static void __noreturn spin_masked(void)
{
	asm volatile("msr daifset, #0xf\n1: b 1b" : : : "memory");
	for (;;)
		;
}

static void __noreturn wfi_masked(void)
{
	timer_stop();
	asm volatile("msr daifset, #0xf" : : : "memory");
	for (;;)
		wfi();
}

static void __noreturn comm_loop(const char *what)
{
	volatile struct jh_comm_region *comm = comm_region();
	u64 next = timer_ticks(), n = 0;

	for (;;) {
		if (!strcmp(what, "garbage")) {
			comm->reply_from_cell = 0xdeadbeef;
		} else if (!strcmp(what, "lie")) {
			comm->reply_from_cell = JH_REPLY_SHUTDOWN_OK;
		} else {
			comm->locked = !comm->locked;
		}
		dsb_sy();
		if (timer_ticks() >= next) {
			printk("attack-cpu: still running %llu\n", n++);
			next = timer_ticks() + timer_us_to_ticks(100000);
		}
	}
}

static void comm_scribble(void)
{
	volatile struct jh_comm_region *comm = comm_region();
	unsigned int i;

	comm->cell_state = JH_CELL_STATE_RUNNING_LOCKED;
	comm->msg_to_cell = 0x77;
	comm->cell_id = 0;
	comm->num_cpus = 0xffffffff;
	for (i = 0; i < JH_COMM_MAX_CPUS; i++)
		comm->cpu_mpidr[i] = i;
	comm->gicd_base = AK_HV_MEM;
	comm->timer_frequency = 0;
	comm->signature[0] = 'X';
	comm->msg_to_cell = JH_MSG_NONE;
	dsb_sy();
	printk("attack-cpu: comm scribbled, now behaving\n");
	comm_idle(true);
}

static void vbar_hv(void)
{
	sysreg_write(vbar_el1, AK_HV_MEM);
	isb();
	asm volatile("udf #0x4a" : : : "memory");
}

/* TTBR0 in root RAM: the first stage-1 walk hits stage 2 outside the cell. */
static void ttbr_root(void)
{
	sysreg_write(mair_el1, 0xffUL);
	sysreg_write(tcr_el1, 16UL | (1UL << 8) | (1UL << 10) | (3UL << 12) |
		     (1UL << 23));	/* T0SZ 16, WB, inner share, no TTBR1 */
	sysreg_write(ttbr0_el1, AK_ROOT_RAM);
	isb();
	asm volatile("tlbi vmalle1; dsb sy; isb" : : : "memory");
	sysreg_write(sctlr_el1, sysreg_read(sctlr_el1) | 1);
	isb();
}

/* Overflow on every counter, interrupt enabled, never cleared. */
static void __noreturn pmu_irq(void)
{
	irq_disable();
	sysreg_write(pmcr_el0, 1);
	sysreg_write(pmintenset_el1, ~0ULL);
	sysreg_write(pmcntenset_el0, ~0ULL);
	sysreg_write(pmovsset_el0, ~0ULL);
	isb();
	irq_enable_intid(23);
	printk("attack-cpu: PMU overflow interrupt asserted, PPI 23 enabled\n");
	for (;;) {
		comm_poll();
		delay_us(1000);
	}
}

void inmate_main(void)
{
	char op[24] = "";
	u64 v = 0;

	cmdline_parse_str("op", op, sizeof(op));
	printk("attack-cpu: boot %s\n", op);
	if (!strcmp(op, "spin")) {
		spin_masked();
	} else if (!strcmp(op, "wfi")) {
		wfi_masked();
	} else if (!strcmp(op, "wfe")) {
		for (;;)
			wfe();
	} else if (!strcmp(op, "cpu_off")) {
		printk("attack-cpu: CPU_OFF returned %ld\n",
		       psci_call(PSCI_CPU_OFF, 0, 0, 0));
	} else if (!strcmp(op, "system_off")) {
		ak_hvc0(PSCI_SYSTEM_OFF_ID, 0, 0, 0);
	} else if (!strcmp(op, "system_off_smc")) {
		ak_smc(PSCI_SYSTEM_OFF_ID, 0, 0, 0);
	} else if (!strcmp(op, "system_reset")) {
		ak_smc(PSCI_SYSTEM_RESET_ID, 0, 0, 0);
	} else if (!strcmp(op, "panic")) {
		ak_hc(JH_HC_GUEST_PANIC, ~0ULL, AK_HV_MEM, AK_HV_MEM_TOP);
	} else if (!strcmp(op, "comm_garbage")) {
		comm_loop("garbage");
	} else if (!strcmp(op, "comm_lie")) {
		comm_loop("lie");
	} else if (!strcmp(op, "comm_lock_flap")) {
		comm_loop("flap");
	} else if (!strcmp(op, "comm_scribble")) {
		comm_scribble();
	} else if (!strcmp(op, "mrs_sgi1r")) {
		asm volatile("mrs %0, S3_0_C12_C11_5" : "+r" (v) : : "memory");
	} else if (!strcmp(op, "vbar_hv")) {
		vbar_hv();
	} else if (!strcmp(op, "ttbr_root")) {
		ttbr_root();
	} else if (!strcmp(op, "pmu_irq")) {
		pmu_irq();
	} else {
		printk("attack-cpu: unknown op '%s'\n", op);
		inmate_finish();
	}
	printk("attack-cpu: SURVIVED %s (0x%llx)\n", op, v);
	inmate_finish();
}
