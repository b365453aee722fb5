// SPDX-License-Identifier: GPL-2.0
/*
 * Emulated PL011 register model (hypervisor/vuart.c): what Linux's
 * amba-pl011 and earlycon rely on (IDs, flags, stored registers, the
 * transmit interrupt), where the output goes (the cell's ring as
 * written, the hypervisor console as "[cell] line"), and refusals.
 */
#include "test.h"
#include <hv/cell.h>
#include <hv/console.h>
#include <hv/pool.h>
#include <hv/vuart.h>

#define BASE	0x09000000ULL

static struct jh_cell_desc desc;
static struct cell cell;
static struct vuart *v;
static unsigned long pool_used;

static int setup(void **state)
{
	(void)state;
	fake_pool_setup(64);
	memset(&desc, 0, sizeof(desc));
	memset(&cell, 0, sizeof(cell));
	strcpy(desc.name, "uartcell");
	desc.uart_base = BASE;
	desc.uart_irq = 40;
	cell.desc = &desc;
	/* The ring is mapped into root's stage 2. */
	memset(&root_cell, 0, sizeof(root_cell));
	fake_s2_root_level = 0;
	fake_s2_root_pages = 1;
	assert_int_equal(arch_cell_paging_create(&root_cell), 0);
	pool_used = mem_pool.used;
	assert_int_equal(vuart_create(&cell), 0);
	assert_true(mem_pool.used >= pool_used + 1 + VUART_RING_PAGES);
	v = cell.vuart;
	assert_non_null(v);
	fake_uart_reset();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	vuart_destroy(&cell);
	assert_null(cell.vuart);
	assert_int_equal(mem_pool.used, pool_used);
	paging_destroy(&root_cell.s2);
	fake_pool_teardown();
	return 0;
}

static int access(u32 off, unsigned int size, bool write, u64 *value)
{
	struct mmio_access a = { BASE + off, *value, size, write };
	int ret = vuart_mmio(&cell, &a);

	*value = a.value;
	return ret;
}

static u64 rd(u32 off)
{
	u64 value = 0xdeadbeef;

	assert_int_equal(access(off, 4, false, &value), MMIO_HANDLED);
	return value;
}

static void wr(u32 off, u64 value)
{
	assert_int_equal(access(off, 4, true, &value), MMIO_HANDLED);
}

static void puts_uart(const char *s)
{
	while (*s)
		wr(PL011_DR, (u8)*s++);
}

static void test_ids(void **state)
{
	static const u8 id[8] = { 0x11, 0x10, 0x34, 0x00,
				  0x0d, 0xf0, 0x05, 0xb1 };
	unsigned int n;

	(void)state;
	for (n = 0; n < 8; n++)
		assert_int_equal(rd(0xfe0 + 4 * n), id[n]);
}

static void test_flags_and_reset_values(void **state)
{
	(void)state;
	/* TX empty and not full, RX empty, not busy. */
	assert_int_equal(rd(PL011_FR), PL011_FR_TXFE | PL011_FR_RXFE);
	assert_int_equal(rd(PL011_CR), 0x300);
	assert_int_equal(rd(PL011_IFLS), 0x12);
	assert_int_equal(rd(PL011_IMSC), 0);
	assert_int_equal(rd(PL011_DR), 0);	/* nothing received */
	assert_int_equal(rd(0x800), 0);		/* reserved: RAZ */
}

static void test_stored_registers(void **state)
{
	static const struct { u32 off, value, expect; } regs[] = {
		{ PL011_IBRD, 0x12345, 0x2345 }, { PL011_FBRD, 0xff, 0x3f },
		{ PL011_LCR_H, 0x70, 0x70 }, { PL011_CR, 0x301, 0x301 },
		{ PL011_IFLS, 0x3f, 0x3f }, { PL011_IMSC, 0x50, 0x50 },
		{ PL011_DMACR, 0x7, 0x7 },
	};
	unsigned int n;

	(void)state;
	for (n = 0; n < ARRAY_SIZE(regs); n++) {
		wr(regs[n].off, regs[n].value);
		assert_int_equal(rd(regs[n].off), regs[n].expect);
	}
	/* Read-only registers ignore writes. */
	wr(PL011_FR, 0);
	wr(PL011_RIS, 0);
	assert_int_equal(rd(PL011_FR), PL011_FR_TXFE | PL011_FR_RXFE);
	/* A restart resets them. */
	vuart_reset(v);
	assert_int_equal(rd(PL011_IBRD), 0);
	assert_int_equal(rd(PL011_CR), 0x300);
}

static void test_tx_interrupt(void **state)
{
	(void)state;
	/* The transmit FIFO is always empty: TXRIS always set. */
	assert_int_equal(rd(PL011_RIS), PL011_INT_TX);
	assert_int_equal(rd(PL011_MIS), 0);
	assert_false(vuart_irq_level(v));
	wr(PL011_IMSC, PL011_INT_TX);
	assert_int_equal(rd(PL011_MIS), PL011_INT_TX);
	assert_true(vuart_irq_level(v));
	/* Clearing cannot empty an empty FIFO any further. */
	wr(PL011_ICR, PL011_INT_ALL);
	assert_int_equal(rd(PL011_RIS), PL011_INT_TX);
	assert_true(vuart_irq_level(v));
	/* RX and RT are never raised, even unmasked. */
	wr(PL011_IMSC, PL011_INT_ALL & ~PL011_INT_TX);
	assert_int_equal(rd(PL011_MIS), 0);
	assert_false(vuart_irq_level(v));
}

static void test_output(void **state)
{
	const struct jh_console_ring *ring = v->ring;
	char buf[64];
	u64 pos = 0;
	size_t n;
	u64 byte = 'x';

	(void)state;
	puts_uart("hello\r\nwor");
	/* Byte access to UARTDR is fine (earlycon may use strb). */
	assert_int_equal(access(PL011_DR, 1, true, &byte), MMIO_HANDLED);
	puts_uart("ld\n\x01\n");
	n = console_ring_read(ring, &pos, buf, sizeof(buf));
	assert_int_equal(n, 16);
	assert_memory_equal(buf, "hello\r\nworxld\n\x01\n", 16);
	fake_uart[fake_uart_len] = 0;
	assert_string_equal(fake_uart,
			    "[uartcell] hello\r\n[uartcell] worxld\r\n"
			    "[uartcell] ?\r\n");
	assert_int_equal(ring->size, VUART_RING_PAGES * PAGE_SIZE -
			 sizeof(*ring));
}

static void test_long_line_split(void **state)
{
	unsigned int n;

	(void)state;
	for (n = 0; n < VUART_LINE_LEN + 5; n++)
		wr(PL011_DR, 'a');
	/* One full line out, the rest waits for its newline. */
	assert_int_equal(fake_uart_len,
			 strlen("[uartcell] ") + VUART_LINE_LEN + 2);
	assert_int_equal(v->line_len, 5);
}

/*
 * make bench times a Linux cell's boot by the counter at its first UART
 * byte and at its latest line, printed once when the cell is destroyed;
 * a start (reset) forgets them.
 */
static void test_stamps(void **state)
{
	(void)state;
	assert_int_equal(v->first_tx, 0);
	fake_counter = 1000;
	puts_uart("ab");
	assert_int_equal(v->first_tx, 1000);
	assert_int_equal(v->last_line, 0);
	fake_counter = 5000;
	puts_uart("c\nd");
	assert_int_equal(v->last_line, 5000);
	fake_counter = 7000;
	puts_uart("\n");
	assert_int_equal(v->first_tx, 1000);
	assert_int_equal(v->last_line, 7000);
	vuart_reset(v);
	assert_int_equal(v->first_tx, 0);
	assert_int_equal(v->last_line, 0);
	fake_counter = 9000;
	puts_uart("x\n");
	fake_uart_reset();
	vuart_destroy(&cell);
	fake_uart[fake_uart_len] = 0;
	assert_string_equal(fake_uart, "cell uartcell: UART first byte at "
			    "counter 9000, last line at counter 9001\r\n");
}

/* A cell that never wrote prints no stamps. */
static void test_no_stamps_silent(void **state)
{
	(void)state;
	fake_uart_reset();
	vuart_destroy(&cell);
	assert_int_equal(fake_uart_len, 0);
}

/* amba-pl011 uses 16-bit accesses (UPIO_MEM), earlycon byte stores. */
static void test_narrow_accesses(void **state)
{
	u64 value = 0;

	(void)state;
	assert_int_equal(access(PL011_FR, 2, false, &value), MMIO_HANDLED);
	assert_int_equal(value, PL011_FR_TXFE | PL011_FR_RXFE);
	assert_int_equal(access(PL011_FR, 1, false, &value), MMIO_HANDLED);
	assert_int_equal(value, PL011_FR_TXFE | PL011_FR_RXFE);
	value = PL011_INT_TX;
	assert_int_equal(access(PL011_IMSC, 2, true, &value), MMIO_HANDLED);
	assert_int_equal(rd(PL011_IMSC), PL011_INT_TX);
	/* The upper half of a register: reads its bits, ignores writes. */
	wr(PL011_IBRD, 0xabcd);
	assert_int_equal(access(PL011_IBRD + 1, 1, false, &value),
			 MMIO_HANDLED);
	assert_int_equal(value, 0xab);
	value = 0xffff;
	assert_int_equal(access(PL011_IBRD + 2, 2, true, &value), MMIO_HANDLED);
	assert_int_equal(rd(PL011_IBRD), 0xabcd);
	value = 'z';
	assert_int_equal(access(PL011_DR, 2, true, &value), MMIO_HANDLED);
	assert_int_equal(v->ring->head, 1);
}

static void test_refusals(void **state)
{
	u64 value = 0;
	struct mmio_access other = { BASE + PAGE_SIZE, 0, 4, false };
	struct cell plain = { .desc = &desc };

	(void)state;
	assert_int_equal(access(PL011_FR, 8, false, &value), MMIO_ERROR);
	assert_int_equal(access(PL011_FR + 2, 4, false, &value), MMIO_ERROR);
	assert_int_equal(access(PL011_FR + 1, 2, false, &value), MMIO_ERROR);
	assert_int_equal(vuart_mmio(&cell, &other), VUART_NOT_MINE);
	other.addr = BASE - 4;
	assert_int_equal(vuart_mmio(&cell, &other), VUART_NOT_MINE);
	/* A cell without a UART. */
	other.addr = BASE;
	assert_int_equal(vuart_mmio(&plain, &other), VUART_NOT_MINE);
}

static void test_no_uart_no_pages(void **state)
{
	struct jh_cell_desc none = { .name = "plain" };
	struct cell plain = { .desc = &none };
	unsigned long used = mem_pool.used;

	(void)state;
	assert_int_equal(vuart_create(&plain), 0);
	assert_null(plain.vuart);
	assert_int_equal(mem_pool.used, used);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_ids),
		T(test_flags_and_reset_values),
		T(test_stored_registers),
		T(test_tx_interrupt),
		T(test_output),
		T(test_long_line_split),
		T(test_narrow_accesses),
		T(test_refusals),
		T(test_no_uart_no_pages),
		T(test_stamps),
		T(test_no_stamps_silent),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
