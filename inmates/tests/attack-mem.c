// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * attack-mem: one access the hypervisor must not let through, per boot.
 * Almost every one ends with this CPU parked and the cell failed (a
 * stage-2 abort, or an emulated-MMIO access without a usable syndrome);
 * the runner (ci/scenarios/attacks.sh) checks that, and that root and
 * the victim cell did not notice.
 *
 * Command line: target=NAME (an address from the table below) or
 * addr=ADDR, and op=OP:
 *   read, write (64-bit marker "ATKMARK!"), exec (branch there),
 *   ldp, stp, ldxr, stxr, post (str with post-index writeback),
 *   pre (ldr with pre-index writeback), unaligned (32-bit load at
 *   addr + 2), ldr64 (64-bit load), ldrh (16-bit load), simd (128-bit
 *   load into q0), dczva, dccivac, dcivac (by VA).
 * If the access completes, the inmate prints
 *   "attack-mem: SURVIVED <op> <target> <addr> value 0x.."
 * and idles (answering shutdown requests).
 */
#include "attack.h"

static const struct {
	const char *name;
	u64 addr;
} targets[] = {
	{ "root_ram", AK_ROOT_RAM },
	{ "root_kernel", AK_ROOT_KERNEL },
	{ "root_ram_top", AK_ROOT_RAM_TOP },
	{ "root_inmates", AK_ROOT_INMATES },
	{ "hv", AK_HV_MEM },
	{ "hv_top", AK_HV_MEM_TOP },
	{ "cella_phys", AK_CELLA_PHYS },
	{ "cellb_ram", AK_CELLB_PHYS },
	{ "cellb_ram_mid", AK_CELLB_PHYS + 0x80000 },
	{ "cellb_comm", AK_CELLB_COMM_PHYS },
	{ "ipa_after_ram", AK_OWN_RAM_SIZE },
	{ "ipa_before_comm", AK_OWN_COMM - 0x1000 },
	{ "ipa_after_comm", AK_OWN_COMM + 0x1000 },
	{ "own_comm", AK_OWN_COMM },
	{ "ipa_top", 0xfffffffff000UL },	/* last page of 48 bits */
	{ "ipa_44bit_top", 0xffffffff000UL },	/* last page of 44 bits */
	{ "uart", AK_UART },
	{ "rtc", AK_RTC },
	{ "rtc_load", AK_RTC + 0x8 },
	{ "fwcfg", AK_FWCFG },
	{ "fwcfg_dma", AK_FWCFG + 0x10 },
	{ "gpio", AK_GPIO + 0x400 },
	{ "virtio0", AK_VIRTIO },
	{ "virtio1_status", AK_VIRTIO + 0x200 + 0x70 },
	{ "virtio31", AK_VIRTIO + 31 * 0x200 },
	{ "flash1", 0x04000000UL },
	{ "platform_bus", 0x0c000000UL },
	{ "pcie_mmio", AK_PCIE_MMIO },
	{ "pcie_pio", AK_PCIE_PIO },
	{ "pcie_ecam", AK_PCIE_ECAM },
	{ "pcie_high", AK_PCIE_HIGH },
	{ "gic_its", AK_GIC_ITS },
	{ "gicd", AK_GICD + GICD_ISENABLER },
	{ "gicd_typer", AK_GICD + GICD_TYPER },
	{ "gicd_prio", AK_GICD + GICD_IPRIORITYR + AK_OWN_SPI },
	{ "gicd_beyond", AK_GICD + AK_GICD_SIZE },
	{ "gicr_own", AK_GICR + 1 * GICR_FRAME + GICR_WAKER },
	{ "gicr_own_sgi", AK_GICR + 1 * GICR_FRAME + GICR_SGI + GICD_ISENABLER },
	{ "gicr_beyond", AK_GICR + AK_GICR_FRAMES * GICR_FRAME },
};

#define MARKER	0x214b52414d4b5441ULL	/* "ATKMARK!" in memory */

static u64 value;

static void do_exec(u64 addr)
{
	((void (*)(void))addr)();
}

/* The access itself: single instructions in asm, so that the compiler
 * does not split, merge or drop them. */
static bool do_op(const char *op, u64 addr)
{
	u64 a = 0, b = 0;

	if (!strcmp(op, "read")) {
		asm volatile("ldr %0, [%1]" : "=r" (a) : "r" (addr) : "memory");
	} else if (!strcmp(op, "write")) {
		asm volatile("str %0, [%1]" : : "r" (MARKER), "r" (addr) : "memory");
	} else if (!strcmp(op, "exec")) {
		do_exec(addr);
	} else if (!strcmp(op, "ldp")) {
		asm volatile("ldp %w0, %w1, [%2]" : "=&r" (a), "=&r" (b)
			     : "r" (addr) : "memory");
	} else if (!strcmp(op, "stp")) {
		asm volatile("stp wzr, wzr, [%0]" : : "r" (addr) : "memory");
	} else if (!strcmp(op, "ldxr")) {
		asm volatile("ldxr %w0, [%1]" : "=r" (a) : "r" (addr) : "memory");
	} else if (!strcmp(op, "stxr")) {
		asm volatile("stxr %w0, %w1, [%2]" : "=&r" (a) : "r" (0U),
			     "r" (addr) : "memory");
	} else if (!strcmp(op, "post")) {
		asm volatile("str wzr, [%0], #4" : "+r" (addr) : : "memory");
	} else if (!strcmp(op, "pre")) {
		asm volatile("ldr %w0, [%1, #4]!" : "=r" (a), "+r" (addr)
			     : : "memory");
	} else if (!strcmp(op, "unaligned")) {
		asm volatile("ldr %w0, [%1]" : "=r" (a) : "r" (addr + 2)
			     : "memory");
	} else if (!strcmp(op, "ldr64")) {
		asm volatile("ldr %0, [%1]" : "=r" (a) : "r" (addr) : "memory");
	} else if (!strcmp(op, "ldrh")) {
		asm volatile("ldrh %w0, [%1]" : "=r" (a) : "r" (addr) : "memory");
	} else if (!strcmp(op, "simd")) {
		/* Let EL1 use FP/SIMD first, or the load traps at EL1. */
		sysreg_write(cpacr_el1, 3UL << 20);
		isb();
		asm volatile(".arch_extension fp\n .arch_extension simd\n"
			     "ldr q0, [%1]\n fmov %0, d0"
			     : "=r" (a) : "r" (addr) : "v0", "memory");
	} else if (!strcmp(op, "dczva")) {
		asm volatile("dc zva, %0" : : "r" (addr) : "memory");
	} else if (!strcmp(op, "dccivac")) {
		asm volatile("dc civac, %0" : : "r" (addr) : "memory");
	} else if (!strcmp(op, "dcivac")) {
		asm volatile("dc ivac, %0" : : "r" (addr) : "memory");
	} else {
		return false;
	}
	dsb_sy();
	value = a ^ b;
	return true;
}

void inmate_main(void)
{
	char op[16] = "read", target[24] = "";
	u64 addr = 0;
	unsigned int i;
	bool found = false;

	cmdline_parse_str("op", op, sizeof(op));
	if (cmdline_parse_str("target", target, sizeof(target))) {
		for (i = 0; i < ARRAY_SIZE(targets); i++)
			if (!strcmp(target, targets[i].name)) {
				addr = targets[i].addr;
				found = true;
			}
	}
	addr = cmdline_parse_int("addr", addr);
	if (!found && !addr) {
		printk("attack-mem: unknown target '%s' and no addr=\n", target);
		inmate_finish();
	}
	printk("attack-mem: %s %s 0x%llx\n", op, found ? target : "addr", addr);
	if (!do_op(op, addr)) {
		printk("attack-mem: unknown op '%s'\n", op);
		inmate_finish();
	}
	printk("attack-mem: SURVIVED %s %s 0x%llx value 0x%llx\n", op,
	       found ? target : "addr", addr, value);
	inmate_finish();
}
