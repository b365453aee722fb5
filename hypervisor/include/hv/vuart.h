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
#include <jailhouse/pl011.h>

struct cell;

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
