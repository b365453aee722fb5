// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * crash: write to guest address 0x40000000, which is root cell RAM on
 * QEMU virt. Inside a cell that address is not mapped, so the hypervisor
 * must stop this CPU; bare (no hypervisor) the write simply lands (QEMU's
 * DTB lives there, or this image's own first word: nobody needs either).
 *
 * Command line: addr=ADDR (default 0x40000000), mode=write (default),
 * read, undef (UDF instruction) or unaligned (misaligned load with
 * SCTLR_EL1.A set). The last two end in the library's unhandled-exception
 * report (GUEST_PANIC in a cell), which exercises that path without any
 * stage-2 fault. exec jumps to addr; system_off and system_reset call
 * PSCI (a cell stops or restarts itself, the machine keeps running).
 */
#include <inmate.h>

#define ROOT_RAM	0x40000000UL

static volatile u32 scratch[2];

static u32 misaligned_load(void)
{
	u32 v;

	/* In asm: the compiler would split it into byte loads. */
	asm volatile("ldr %w0, [%1]" : "=r" (v)
		     : "r" ((u64)scratch + 1) : "memory");
	return v;
}

void inmate_main(void)
{
	u64 addr = cmdline_parse_int("addr", ROOT_RAM);
	volatile u32 *target = (volatile u32 *)addr;
	char mode[16] = "write";

	cmdline_parse_str("mode", mode, sizeof(mode));
	if (!strcmp(mode, "system_off")) {
		printk("crash: PSCI SYSTEM_OFF\n");
		psci_call(PSCI_SYSTEM_OFF, 0, 0, 0);
	} else if (!strcmp(mode, "system_reset")) {
		printk("crash: PSCI SYSTEM_RESET\n");
		psci_call(PSCI_SYSTEM_RESET, 0, 0, 0);
	} else if (!strcmp(mode, "exec")) {
		printk("crash: jumping to 0x%llx\n", addr);
		((void (*)(void))addr)();
	} else if (!strcmp(mode, "undef")) {
		printk("crash: executing an undefined instruction\n");
		asm volatile("udf #0x4a");
	} else if (!strcmp(mode, "unaligned")) {
		printk("crash: misaligned load with alignment checks on\n");
		/* QEMU does not fault misaligned Device accesses by itself. */
		sysreg_write(sctlr_el1, sysreg_read(sctlr_el1) | (1UL << 1));
		isb();
		printk("crash: read 0x%x\n", misaligned_load());
	} else if (!strcmp(mode, "read")) {
		printk("crash: reading root memory at 0x%llx\n", addr);
		printk("crash: read went through (no isolation!) 0x%x\n",
		       *target);
	} else {
		printk("crash: touching root memory at 0x%llx\n", addr);
		*target = 0x4a484a48;
		dsb_sy();
		printk("crash: write went through (no isolation!)\n");
		printk("crash: read back 0x%x\n", *target);
	}
	printk("crash: still alive\n");
}
