// SPDX-License-Identifier: GPL-2.0
/*
 * The fatal trap report (arch/arm64/trap_report.c) byte for byte: the
 * scenarios and the attack layer grep its FATAL, EC and IPA lines, so a
 * changed character is a broken interface. One case per reason and per
 * kind of abort description.
 */
#include "test.h"
#include <hv/printk.h>
#include <asm/sysreg.h>
#include <asm/trap.h>

#define CPU		1
#define CELL		"cell-a"
#define SP_EL1		0xffff800008003f30ULL
#define PC		0x40001234ULL
#define SPSR		0x3c5ULL

static struct trap_context ctx;
static char want[8192];
static size_t want_len;

static void want_line(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/* What the UART shows: every \n of printk becomes \r\n. */
static void want_line(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	want_len += vsnprintf(want + want_len, sizeof(want) - want_len, fmt,
			      ap);
	va_end(ap);
	want_len += snprintf(want + want_len, sizeof(want) - want_len, "\r\n");
}

static int setup(void **state)
{
	unsigned int n;

	(void)state;
	for (n = 0; n < 31; n++)
		ctx.x[n] = 0x1111111100000000ULL * (n & 7) + n;
	ctx.elr = PC;
	ctx.spsr = SPSR;
	want_len = 0;
	want[0] = 0;
	fake_uart_reset();
	return 0;
}

static void want_regs_and_park(void)
{
	unsigned int n;

	for (n = 0; n < 30; n += 2)
		want_line(" x%-2u 0x%016llx  x%-2u 0x%016llx", n,
			  (unsigned long long)ctx.x[n], n + 1,
			  (unsigned long long)ctx.x[n + 1]);
	want_line(" x30 0x%016llx  sp_el1 0x%016llx",
		  (unsigned long long)ctx.x[30], SP_EL1);
	want_line("CPU 1 parked, cell \"cell-a\" failed");
}

static void report(enum trap_reason reason, u64 esr, u64 far, u64 ipa)
{
	struct trap_fault f = { esr, far, ipa, SP_EL1, false };

	trap_report_fatal(CPU, CELL, reason, &f, &ctx);
	assert_string_equal(fake_uart, want);
}

/* A stage-2 data abort with syndrome: direction, width, IPA and VA. */
static void test_dabt_with_syndrome(void **state)
{
	(void)state;
	want_line("FATAL: CPU 1, cell \"cell-a\": unhandled trap: EC 0x24 "
		  "(data abort (stage 2)), ESR 0x93800040");
	want_line(" PC 0x0000000040001234 SPSR 0x3c5");
	want_line(" guest write of 4 bytes at IPA 0x9000010 "
		  "(VA 0xffff000000000010)");
	want_regs_and_park();
	report(TRAP_REASON_UNHANDLED, 0x93800040, 0xffff000000000010ULL,
	       0x9000010);
}

static void test_dabt_read_of_8(void **state)
{
	(void)state;
	want_line("FATAL: CPU 1, cell \"cell-a\": unhandled trap: EC 0x24 "
		  "(data abort (stage 2)), ESR 0x93c00006");
	want_line(" PC 0x0000000040001234 SPSR 0x3c5");
	want_line(" guest read of 8 bytes at IPA 0x8000008 (VA 0x8000008)");
	want_regs_and_park();
	report(TRAP_REASON_UNHANDLED, 0x93c00006, 0x8000008, 0x8000008);
}

/* No syndrome (a pair, an exclusive): the raw ISS instead. */
static void test_dabt_without_syndrome(void **state)
{
	(void)state;
	want_line("FATAL: CPU 1, cell \"cell-a\": unhandled trap: EC 0x24 "
		  "(data abort (stage 2)), ESR 0x92000046");
	want_line(" PC 0x0000000040001234 SPSR 0x3c5");
	want_line(" guest access at IPA 0x9001000 (VA 0x9001000), ISS 0x46");
	want_regs_and_park();
	report(TRAP_REASON_UNHANDLED, 0x92000046, 0x9001000, 0x9001000);
}

static void test_iabt(void **state)
{
	(void)state;
	want_line("FATAL: CPU 1, cell \"cell-a\": unhandled trap: EC 0x20 "
		  "(instruction abort (stage 2)), ESR 0x82000006");
	want_line(" PC 0x0000000040001234 SPSR 0x3c5");
	want_line(" guest access at IPA 0x50000000 (VA 0x50000000), "
		  "ISS 0x6");
	want_regs_and_park();
	report(TRAP_REASON_UNHANDLED, 0x82000006, 0x50000000, 0x50000000);
}

/* Not an abort: no IPA line, whatever FAR held. */
static void test_sysreg(void **state)
{
	(void)state;
	want_line("FATAL: CPU 1, cell \"cell-a\": unhandled system register "
		  "access: EC 0x18 (system register access), ESR 0x6232c041");
	want_line(" PC 0x0000000040001234 SPSR 0x3c5");
	want_regs_and_park();
	report(TRAP_REASON_SYSREG, 0x6232c041, 0x1234, 0x1234);
}

/* An exception class without a name says "unknown". */
static void test_serror_unknown_ec(void **state)
{
	(void)state;
	want_line("FATAL: CPU 1, cell \"cell-a\": SError: EC 0x2f (unknown), "
		  "ESR 0xbe000000");
	want_line(" PC 0x0000000040001234 SPSR 0x3c5");
	want_regs_and_park();
	report(TRAP_REASON_SERROR, 0xbe000000, 0, 0);
}

static void test_undefined_instruction(void **state)
{
	(void)state;
	want_line("FATAL: CPU 1, cell \"cell-a\": unhandled trap: EC 0x0 "
		  "(undefined instruction), ESR 0x2000000");
	want_line(" PC 0x0000000040001234 SPSR 0x3c5");
	want_regs_and_park();
	report(TRAP_REASON_UNHANDLED, 0x2000000, 0, 0);
}

/* The guest's own report: its ESR, ELR and FAR from x1..x3. */
static void test_guest_panic(void **state)
{
	(void)state;
	ctx.x[1] = 0x96000045;
	ctx.x[2] = 0x40080abc;
	ctx.x[3] = 0xdead0000;
	want_line("FATAL: CPU 1, cell \"cell-a\": guest panic: ESR 0x96000045 "
		  "ELR 0x40080abc FAR 0xdead0000");
	want_regs_and_park();
	report(TRAP_REASON_GUEST_PANIC, 0x5a000000 | 0x4a48, 0, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_dabt_with_syndrome, setup),
		cmocka_unit_test_setup(test_dabt_read_of_8, setup),
		cmocka_unit_test_setup(test_dabt_without_syndrome, setup),
		cmocka_unit_test_setup(test_iabt, setup),
		cmocka_unit_test_setup(test_sysreg, setup),
		cmocka_unit_test_setup(test_serror_unknown_ec, setup),
		cmocka_unit_test_setup(test_undefined_instruction, setup),
		cmocka_unit_test_setup(test_guest_panic, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
