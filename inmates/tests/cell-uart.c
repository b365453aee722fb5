// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * cell-uart: the emulated PL011 of a cell with a uart in its config
 * (command line uart=ADDR irq=N reset=0|1; configs/qemu-arm64-cell-uart).
 * Reads the identification registers the AMBA bus probes, the flags,
 * stored registers; writes lines polled (word, byte and halfword stores
 * to UARTDR, as amba-pl011 and earlycon do)
 * and interrupt driven: with TXIM unmasked the virtual SPI comes, the
 * handler writes one character per interrupt and masks TXIM after the
 * last, as Linux's amba-pl011 does. The interrupt follows the guest's
 * GICD enable bit (held while disabled, delivered once enabled). The
 * root side (ci/scenarios/cell-uart.sh) checks the exact text in
 * `jailhouse cell console` and the [cell-uart] lines in `jailhouse
 * console`. With reset=1 the suite ends with PSCI SYSTEM_RESET, which a
 * reset_stops cell turns into a stop. With bad=1 it only makes a 64-bit
 * access to the UART, which must fail the cell and nothing else.
 */
#include <inmate.h>
#include <jailhouse/pl011.h>
#include "celltest.h"

static u64 uart, gicd;
static unsigned int irq;

static const char irq_text[] = "uart irq\n";
static volatile unsigned int irq_pos, irq_calls;
static volatile u32 irq_first_mis;

/* Linux's amba-pl011 accesses the registers 16 bits wide. */
static u16 read16(u64 addr)
{
	u32 v;

	asm volatile("ldrh %w0, [%1]" : "=r" (v) : "r" (addr) : "memory");
	return (u16)v;
}

static void write16(u64 addr, u16 v)
{
	asm volatile("strh %w0, [%1]" : : "r" ((u32)v), "r" (addr) : "memory");
}

static void uart_puts(const char *s)
{
	for (; *s; s++) {
		while (ct_read32(uart + PL011_FR) & PL011_FR_TXFF)
			cpu_relax();
		ct_write32(uart + PL011_DR, (u8)*s);
	}
}

static void test_ids(void)
{
	static const u8 want[8] = { 0x11, 0x10, 0x34, 0x00,
				    0x0d, 0xf0, 0x05, 0xb1 };
	unsigned int n, bad = 8;
	u32 got = 0;

	for (n = 0; n < 8 && bad == 8; n++) {
		got = ct_read32(uart + 0xfe0 + 4 * n);
		if (got != want[n])
			bad = n;
	}
	TEST_CHECK(bad == 8, "periph_cell_ids",
		   "ID register 0x%x reads 0x%x, want 0x%x", 0xfe0 + 4 * bad,
		   got, bad < 8 ? want[bad] : 0);
}

static void test_registers(void)
{
	static const struct { u32 off, value; } regs[] = {
		{ PL011_IBRD, 0x27 }, { PL011_FBRD, 0x4 }, { PL011_LCR_H, 0x70 },
		{ PL011_CR, 0x301 }, { PL011_IFLS, 0x12 }, { PL011_DMACR, 0 },
	};
	unsigned int n;
	u32 fr = ct_read32(uart + PL011_FR), got = 0, bad = ARRAY_SIZE(regs);

	TEST_CHECK((fr & (PL011_FR_TXFE | PL011_FR_RXFE | PL011_FR_TXFF |
			  PL011_FR_BUSY)) == (PL011_FR_TXFE | PL011_FR_RXFE),
		   "fr_tx_empty", "UARTFR 0x%x: want TXFE and RXFE, not TXFF or BUSY",
		   fr);
	for (n = 0; n < ARRAY_SIZE(regs) && bad == ARRAY_SIZE(regs); n++) {
		ct_write32(uart + regs[n].off, regs[n].value);
		got = ct_read32(uart + regs[n].off);
		if (got != regs[n].value)
			bad = n;
	}
	TEST_CHECK(bad == ARRAY_SIZE(regs), "registers_read_back",
		   "register 0x%x: wrote 0x%x, read 0x%x",
		   bad < ARRAY_SIZE(regs) ? regs[bad].off : 0,
		   bad < ARRAY_SIZE(regs) ? regs[bad].value : 0, got);
}

static void test_polled(void)
{
	const char *s = "uart byte\n", *h = "uart half\n";
	u16 fr = read16(uart + PL011_FR);

	uart_puts("uart polled 1\n");
	uart_puts("uart polled 2\n");
	for (; *s; s++)
		ct_write8(uart + PL011_DR, (u8)*s);
	for (; *h; h++)
		write16(uart + PL011_DR, (u8)*h);
	TEST_CHECK(fr == (PL011_FR_TXFE | PL011_FR_RXFE), "halfword_access",
		   "16-bit read of UARTFR: 0x%x", fr);
	/* The text itself is checked by root (jailhouse cell console). */
	TEST_CHECK(ct_read32(uart + PL011_RIS) & PL011_INT_TX, "ris_tx",
		   "UARTRIS 0x%x lacks TXRIS", ct_read32(uart + PL011_RIS));
	TEST_CHECK(!ct_read32(uart + PL011_MIS), "mis_masked",
		   "UARTMIS 0x%x with IMSC 0", ct_read32(uart + PL011_MIS));
}

/* One character per interrupt; mask TXIM after the last, like Linux. */
static void uart_irq(unsigned int intid)
{
	if (!irq_calls++)
		irq_first_mis = ct_read32(uart + PL011_MIS);
	ct_count_irq(intid);
	ct_write32(uart + PL011_ICR, PL011_INT_TX);
	if (irq_pos < sizeof(irq_text) - 1)
		ct_write32(uart + PL011_DR, (u8)irq_text[irq_pos++]);
	if (irq_pos == sizeof(irq_text) - 1)
		ct_write32(uart + PL011_IMSC, 0);
}

static void test_irq_driven(void)
{
	u32 bit = 1U << (irq % 32), before;

	irq_set_handler(irq, uart_irq);
	irq_enable_intid(irq);
	TEST_CHECK(ct_read32(gicd + GICD_ISENABLER + irq / 32 * 4) & bit,
		   "gicd_enable_reads_back", "ISENABLER lacks INTID %u", irq);
	/* Masked in the UART: nothing comes. */
	ct_irq_window(CT_QUIET_US);
	TEST_CHECK(!ct_seen[0][irq], "quiet_while_masked",
		   "%u interrupts with TXIM masked", ct_seen[0][irq]);

	ct_write32(uart + PL011_IMSC, PL011_INT_TX);
	TEST_CHECK(ct_read32(uart + PL011_MIS) == PL011_INT_TX, "mis_tx",
		   "UARTMIS 0x%x with TXIM", ct_read32(uart + PL011_MIS));
	irq_enable();
	ct_wait_at_least(&ct_seen[0][irq], sizeof(irq_text) - 1,
			 CT_TIMEOUT_US);
	delay_us(CT_QUIET_US);
	irq_disable();
	TEST_CHECK(irq_pos == sizeof(irq_text) - 1 &&
		   irq_calls == sizeof(irq_text) - 1, "irq_driven_line",
		   "%u characters in %u interrupts, want %u in as many",
		   irq_pos, irq_calls, (unsigned int)sizeof(irq_text) - 1);
	TEST_CHECK(irq_first_mis == PL011_INT_TX, "mis_in_handler",
		   "UARTMIS 0x%x in the handler", irq_first_mis);
	TEST_CHECK(!ct_read32(uart + PL011_MIS) &&
		   (ct_read32(uart + PL011_RIS) & PL011_INT_TX), "icr_imsc_clear",
		   "after masking: MIS 0x%x RIS 0x%x", ct_read32(uart + PL011_MIS),
		   ct_read32(uart + PL011_RIS));

	/* Disabled in the GIC: held; enabling delivers it. */
	ct_write32(gicd + GICD_ICENABLER + irq / 32 * 4, bit);
	TEST_CHECK(!(ct_read32(gicd + GICD_ISENABLER + irq / 32 * 4) & bit),
		   "gicd_disable_reads_back", "ISENABLER still has INTID %u", irq);
	before = ct_seen[0][irq];
	irq_calls = 1;
	ct_write32(uart + PL011_IMSC, PL011_INT_TX);
	ct_irq_window(CT_QUIET_US);
	TEST_CHECK(ct_seen[0][irq] == before, "held_while_disabled",
		   "%u interrupts while disabled", ct_seen[0][irq] - before);
	/* The line is complete: the handler only masks TXIM again. */
	irq_pos = sizeof(irq_text) - 1;
	ct_write32(gicd + GICD_ISENABLER + irq / 32 * 4, bit);
	ct_irq_window(CT_QUIET_US);
	TEST_CHECK(ct_seen[0][irq] == before + 1 &&
		   !ct_read32(uart + PL011_IMSC), "enable_delivers",
		   "%u interrupts after enabling, IMSC 0x%x",
		   ct_seen[0][irq] - before, ct_read32(uart + PL011_IMSC));
	irq_disable_intid(irq);
}

/* bad=1: a 64-bit read of UARTFR, which no PL011 has; the cell fails. */
static void bad_access(void)
{
	printk("cell-uart: 64-bit read of UARTFR\n");
	printk("cell-uart: still alive, UARTFR 0x%llx\n",
	       ct_read64(uart + PL011_FR));
}

void inmate_main(void)
{
	bool reset = cmdline_parse_int("reset", 0) != 0;

	uart = cmdline_parse_int("uart", 0x09000000);
	if (cmdline_parse_int("bad", 0))
		bad_access();

	test_init("cell-uart");
	irq = cmdline_parse_int("irq", 50);
	gicd = ct_gicd();
	if (irq < 32 || irq >= CT_MAX_INTID)
		irq = 50;
	test_ids();
	test_registers();
	test_polled();
	test_irq_driven();
	test_done();
	if (reset)
		psci_call(PSCI_SYSTEM_RESET, 0, 0, 0);
	comm_idle(true);
}
