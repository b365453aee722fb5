// SPDX-License-Identifier: GPL-2.0
/*
 * The report of a fatal guest trap. Scenarios and the attack layer grep
 * these lines (the FATAL line, its EC, the IPA line), so their text is an
 * interface. Only printing: no system register is read here, which keeps
 * the report testable on the host (tests/test_trap_report.c).
 */
#include <hv/printk.h>
#include <asm/sysreg.h>
#include <asm/trap.h>

/* ESR_ELx.ISV and WnR of a data abort (Arm ARM D17.2.37). */
#define ESR_ISV			(1UL << 24)
#define ESR_WNR			(1UL << 6)

static const char *const ec_names[EC_MAX + 1] = {
	[EC_UNKNOWN] = "undefined instruction",
	[EC_WFX] = "WFI/WFE",
	[0x03] = "MCR/MRC CP15 (AArch32)",
	[0x04] = "MCRR/MRRC CP15 (AArch32)",
	[0x05] = "MCR/MRC CP14 (AArch32)",
	[0x06] = "LDC/STC CP14 (AArch32)",
	[0x07] = "FP/SIMD access",
	[0x08] = "VMRS (AArch32)",
	[0x0c] = "MRRC CP14 (AArch32)",
	[0x0e] = "illegal execution state",
	[0x11] = "SVC (AArch32)",
	[0x12] = "HVC (AArch32)",
	[0x13] = "SMC (AArch32)",
	[EC_HVC64] = "HVC",
	[EC_SMC64] = "SMC",
	[EC_SYS64] = "system register access",
	[EC_IABT_LOW] = "instruction abort (stage 2)",
	[0x22] = "PC alignment fault",
	[EC_DABT_LOW] = "data abort (stage 2)",
	[0x26] = "SP alignment fault",
	[0x30] = "breakpoint",
	[0x32] = "software step",
	[0x34] = "watchpoint",
	[0x38] = "BKPT (AArch32)",
	[0x3c] = "BRK instruction",
};

static const char *const reason_text[] = {
	[TRAP_REASON_UNHANDLED] = "unhandled trap",
	[TRAP_REASON_SYSREG] = "unhandled system register access",
	[TRAP_REASON_SERROR] = "SError",
};

void trap_dump_regs(const struct trap_context *ctx, u64 sp_el1)
{
	unsigned int n;

	for (n = 0; n < 30; n += 2)
		printk(" x%-2u 0x%016llx  x%-2u 0x%016llx\n", n, ctx->x[n],
		       n + 1, ctx->x[n + 1]);
	printk(" x30 0x%016llx  sp_el1 0x%016llx\n", ctx->x[30], sp_el1);
}

/* With a valid syndrome, what the instruction did; else the raw ISS. */
static void describe_abort(const struct trap_fault *f)
{
	if (ESR_EC(f->esr) == EC_DABT_LOW && (f->esr & ESR_ISV))
		printk(" guest %s of %u bytes at IPA 0x%llx (VA 0x%llx)\n",
		       (f->esr & ESR_WNR) ? "write" : "read",
		       1U << ((f->esr >> 22) & 3), f->ipa, f->far);
	else
		printk(" guest access at IPA 0x%llx (VA 0x%llx), ISS 0x%llx\n",
		       f->ipa, f->far, ESR_ISS(f->esr));
}

/* The trap itself: exception class, syndrome, where the guest was. */
static void describe_trap(unsigned int cpu_id, const char *cell,
			  enum trap_reason reason, const struct trap_fault *f,
			  const struct trap_context *ctx)
{
	unsigned int ec = ESR_EC(f->esr);

	printk("FATAL: CPU %u, cell \"%s\": %s: EC 0x%x (%s), ESR 0x%llx\n",
	       cpu_id, cell, reason_text[reason], ec,
	       ec_names[ec] ? ec_names[ec] : "unknown", f->esr);
	printk(" PC 0x%016llx SPSR 0x%llx\n", ctx->elr, ctx->spsr);
	if (ec == EC_DABT_LOW || ec == EC_IABT_LOW)
		describe_abort(f);
}

void trap_report_fatal(unsigned int cpu_id, const char *cell,
		       enum trap_reason reason, const struct trap_fault *f,
		       const struct trap_context *ctx)
{
	/* The guest's own report: its ESR, ELR, FAR are in x1..x3. */
	if (reason == TRAP_REASON_GUEST_PANIC)
		printk("FATAL: CPU %u, cell \"%s\": guest panic: ESR 0x%llx "
		       "ELR 0x%llx FAR 0x%llx\n", cpu_id, cell, ctx->x[1],
		       ctx->x[2], ctx->x[3]);
	else
		describe_trap(cpu_id, cell, reason, f, ctx);
	trap_dump_regs(ctx, f->sp_el1);
	printk("CPU %u parked, cell \"%s\" failed\n", cpu_id, cell);
}
