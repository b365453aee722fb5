// SPDX-License-Identifier: GPL-2.0
/*
 * Emulated PL011 (see <hv/vuart.h>). The transmitter is infinitely fast:
 * a character written to UARTDR is out at once, so the transmit FIFO is
 * always empty and never full, and the transmit interrupt (TXRIS) is
 * always raised; masking it in UARTIMSC is how a driver stops it, as
 * Linux's amba-pl011 does once its buffer is empty. Nothing is ever
 * received. Register values follow ARM DDI 0183 (PL011 r1p5).
 */
#include <hv/cell.h>
#include <hv/console.h>
#include <hv/errno.h>
#include <hv/paging.h>
#include <hv/pool.h>
#include <hv/printk.h>
#include <hv/setup.h>
#include <hv/string.h>
#include <hv/vuart.h>

/* UARTPeriphID0-3 and UARTPCellID0-3 (0xfe0..0xffc) of a PL011 r1p5. */
static const u8 vuart_id[8] = { 0x11, 0x10, 0x34, 0x00,
				0x0d, 0xf0, 0x05, 0xb1 };

int vuart_create(struct cell *cell)
{
	struct vuart *v;

	if (!cell->desc->uart_base)
		return 0;
	v = pool_alloc(&mem_pool, 1, 1);
	if (!v)
		return -ENOMEM;
	v->ring = pool_alloc(&mem_pool, VUART_RING_PAGES, 1);
	if (!v->ring) {
		pool_free(&mem_pool, v, 1);
		return -ENOMEM;
	}
	v->ring->size = VUART_RING_PAGES * PAGE_SIZE - sizeof(*v->ring);
	/* Root reads the ring without a hypercall, but cannot write it. */
	if (paging_map(&root_cell.s2, (u64)v->ring, (u64)v->ring,
		       JH_CELL_CONSOLE_SIZE, PAGE_READ)) {
		/* Tables a half-done map allocated go back too. */
		paging_unmap(&root_cell.s2, (u64)v->ring, JH_CELL_CONSOLE_SIZE);
		pool_free(&mem_pool, v->ring, VUART_RING_PAGES);
		pool_free(&mem_pool, v, 1);
		return -ENOMEM;
	}
	v->base = cell->desc->uart_base;
	v->irq = cell->desc->uart_irq;
	vuart_reset(v);
	cell->vuart = v;
	return 0;
}

void vuart_destroy(struct cell *cell)
{
	struct vuart *v = cell->vuart;

	if (!v)
		return;
	if (v->first_tx)
		printk("cell %s: UART first byte at counter %llu, last line at counter %llu\n",
		       cell->desc->name, v->first_tx, v->last_line);
	paging_unmap(&root_cell.s2, (u64)v->ring, JH_CELL_CONSOLE_SIZE);
	arch_cell_tlb_flush(&root_cell);
	pool_free(&mem_pool, v->ring, VUART_RING_PAGES);
	pool_free(&mem_pool, v, 1);
	cell->vuart = NULL;
}

void vuart_reset(struct vuart *v)
{
	v->ibrd = v->fbrd = v->lcr_h = v->imsc = v->dmacr = 0;
	v->cr = PL011_CR_RESET;
	v->ifls = PL011_IFLS_RESET;
	v->irq_enabled = false;
	v->line_len = 0;
	v->first_tx = v->last_line = 0;
}

u32 vuart_ris(const struct vuart *v)
{
	(void)v;
	return PL011_INT_TX;	/* the transmit FIFO is always empty */
}

bool vuart_irq_level(const struct vuart *v)
{
	return (vuart_ris(v) & v->imsc) != 0;
}

/* A whole line (or a full buffer) goes out as "[cell] text". */
static void vuart_flush_line(struct cell *cell, struct vuart *v)
{
	char buf[VUART_LINE_LEN + JH_CELL_NAME_LEN + 4];
	size_t n = snprintf(buf, JH_CELL_NAME_LEN + 4, "[%s] ",
			    cell->desc->name);

	memcpy(buf + n, v->line, v->line_len);
	n += v->line_len;
	buf[n++] = '\n';
	console_write(buf, n);
	v->line_len = 0;
	v->last_line = arch_counter();
}

static void vuart_putc(struct cell *cell, struct vuart *v, char c)
{
	if (!v->first_tx)
		v->first_tx = arch_counter();
	/* The cell's own ring gets the bytes as written. */
	console_ring_write(v->ring, &c, 1);
	if (c == '\n' || v->line_len == VUART_LINE_LEN) {
		vuart_flush_line(cell, v);
		if (c == '\n')
			return;
	}
	/* The shared console gets printable text only. */
	if (c != '\r')
		v->line[v->line_len++] = (c >= 0x20 && c < 0x7f) ? c : '?';
}

/* The stored read/write registers, or NULL. */
static u32 *vuart_reg(struct vuart *v, u32 off)
{
	switch (off) {
	case PL011_IBRD: return &v->ibrd;
	case PL011_FBRD: return &v->fbrd;
	case PL011_LCR_H: return &v->lcr_h;
	case PL011_CR: return &v->cr;
	case PL011_IFLS: return &v->ifls;
	case PL011_IMSC: return &v->imsc;
	case PL011_DMACR: return &v->dmacr;
	}
	return NULL;
}

/* Bits each stored register has (the rest read as zero). */
static u32 vuart_reg_mask(u32 off)
{
	switch (off) {
	case PL011_IBRD: return 0xffff;
	case PL011_FBRD: return 0x3f;
	case PL011_LCR_H: return 0xff;
	case PL011_CR: return 0xff87;
	case PL011_IFLS: return 0x3f;
	case PL011_IMSC: return PL011_INT_ALL;
	case PL011_DMACR: return 0x7;
	}
	return 0;
}

static u32 vuart_read(struct vuart *v, u32 off)
{
	u32 *reg = vuart_reg(v, off);

	if (reg)
		return *reg;
	switch (off) {
	case PL011_FR:
		return PL011_FR_TXFE | PL011_FR_RXFE;
	case PL011_RIS:
		return vuart_ris(v);
	case PL011_MIS:
		return vuart_ris(v) & v->imsc;
	}
	if (off >= PL011_ID_BASE)
		return vuart_id[(off - PL011_ID_BASE) / 4];
	return 0;	/* DR (nothing received), RSR, ILPR, ICR */
}

static void vuart_write(struct cell *cell, struct vuart *v, u32 off,
			u32 value)
{
	u32 *reg = vuart_reg(v, off);

	if (reg)
		*reg = value & vuart_reg_mask(off);
	else if (off == PL011_DR)
		vuart_putc(cell, v, (char)value);
	/*
	 * ICR: the transmit interrupt is raised again at once (the FIFO
	 * stays empty), and nothing else is ever raised. RSR, FR, RIS, MIS
	 * and the IDs are read-only: writes are ignored.
	 */
}

/*
 * Linux's amba-pl011 reads and writes the registers 16 bits wide and
 * earlycon stores bytes to UARTDR: 1, 2 and 4 byte accesses are fine if
 * aligned. A narrow read returns its part of the register; a narrow
 * write to the upper part of one is ignored (those bits are reserved).
 */
int vuart_mmio(struct cell *cell, struct mmio_access *a)
{
	struct vuart *v = cell->vuart;
	u32 word, shift;
	u64 off;

	if (!v || a->addr - v->base >= PAGE_SIZE)
		return VUART_NOT_MINE;
	off = a->addr - v->base;
	if (a->size > 4 || (off & (a->size - 1))) {
		printk("cell %s: UART access of %u bytes at offset 0x%llx refused\n",
		       cell->desc->name, a->size, off);
		return MMIO_ERROR;
	}
	word = (u32)off & ~3U;
	shift = ((u32)off & 3) * 8;
	spin_lock(&v->lock);
	if (a->is_write && !shift)
		vuart_write(cell, v, word, (u32)a->value);
	else if (!a->is_write)
		a->value = (vuart_read(v, word) >> shift) &
			   (u32)((1ULL << (a->size * 8)) - 1);
	spin_unlock(&v->lock);
	return MMIO_HANDLED;
}
