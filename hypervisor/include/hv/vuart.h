/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Emulated PL011 of a cell (jh_cell_desc.uart_base/uart_irq): the page is
 * not in the cell's stage 2, every access traps and lands in
 * vuart_mmio(). Output goes into a per-cell console ring root can read
 * and, as "[cell] line", into the hypervisor console. The interrupt is a
 * purely virtual level SPI the arch injects while vuart_irq_level().
 */
#ifndef _HV_VUART_H
#define _HV_VUART_H

#include <hv/arch.h>
#include <hv/mmio.h>
#include <hv/types.h>
#include <jailhouse/console.h>

struct cell;

/* PL011 register offsets (ARM DDI 0183) the model implements. */
#define UART_DR			0x000
#define UART_RSR		0x004
#define UART_FR			0x018
#define UART_ILPR		0x020
#define UART_IBRD		0x024
#define UART_FBRD		0x028
#define UART_LCR_H		0x02c
#define UART_CR			0x030
#define UART_IFLS		0x034
#define UART_IMSC		0x038
#define UART_RIS		0x03c
#define UART_MIS		0x040
#define UART_ICR		0x044
#define UART_DMACR		0x048
#define UART_ID_BASE		0xfe0

#define UART_FR_TXFE		(1U << 7)	/* transmit FIFO empty */
#define UART_FR_RXFE		(1U << 4)	/* receive FIFO empty */
#define UART_INT_TX		(1U << 5)
#define UART_INT_ALL		0x7ff
#define UART_CR_RESET		0x300		/* TXE | RXE */
#define UART_IFLS_RESET		0x12		/* both at half */

/* Pages of a cell's console ring (header included). */
#define VUART_RING_PAGES	(JH_CELL_CONSOLE_SIZE / PAGE_SIZE)
#define VUART_LINE_LEN		120

struct vuart {
	u64 base;			/* guest page */
	u32 irq;			/* virtual SPI */
	u32 ibrd, fbrd, lcr_h, cr, ifls, imsc, dmacr;
	bool irq_enabled;		/* the guest's GICD enable bit */
	spinlock_t lock;
	struct jh_console_ring *ring;	/* VUART_RING_PAGES pool pages */
	unsigned int line_len;
	char line[VUART_LINE_LEN];
	/*
	 * Counter at the first byte since the start and at the latest
	 * newline, for make bench (0: none yet). Reported once, at destroy,
	 * so the output path costs one counter read per line, no printk.
	 */
	u64 first_tx, last_line;
};

/* Pool allocations for a cell whose config names a UART; 0 if none. */
int vuart_create(struct cell *cell);
/* Prints the first_tx/last_line stamps of a cell that wrote, then frees. */
void vuart_destroy(struct cell *cell);
/*
 * Registers and stamps to their reset values (cell start); the ring keeps
 * its text.
 */
void vuart_reset(struct vuart *v);
/*
 * One trapped access by @cell. Returns MMIO_HANDLED, MMIO_ERROR (wrong
 * size or alignment: the guest gets the fault) or VUART_NOT_MINE.
 */
#define VUART_NOT_MINE		1
int vuart_mmio(struct cell *cell, struct mmio_access *a);
u32 vuart_ris(const struct vuart *v);
/* Level of the interrupt line: some unmasked interrupt is raised. */
bool vuart_irq_level(const struct vuart *v);

#endif
