// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Console output: the hypervisor's debug console (one hypercall per
 * character), a PL011 the cell owns, or QEMU virt's PL011 when bare.
 * Whole printk() calls are serialised between CPUs.
 */
#include <jailhouse/config.h>
#include <jailhouse/hypercall.h>
#include <jailhouse/pl011.h>
#include "internal.h"

enum console_kind { CONSOLE_NONE, CONSOLE_HVC, CONSOLE_PL011 };

static enum console_kind console_kind;
static u64 pl011_base;

static struct bakery_lock console_bakery;
/* Owner CPU + 1 (0: free) and nesting depth, so that an exception taken
 * while printing can still print. */
static volatile u32 console_owner;
static unsigned int console_depth;

void console_init(void)
{
	volatile struct jh_comm_region *comm = comm_region();

	if (!comm) {
		console_kind = CONSOLE_PL011;
		pl011_base = BARE_UART_BASE;
	} else if (comm->flags & JH_CELL_CONSOLE_WRITE) {
		console_kind = CONSOLE_HVC;
	} else if (comm->console_type == JH_CONSOLE_PL011 &&
		   comm->console_base) {
		console_kind = CONSOLE_PL011;
		pl011_base = comm->console_base;
	} else {
		console_kind = CONSOLE_NONE;
	}
}

static void pl011_putc(char c)
{
	while (mmio_read32(pl011_base + PL011_FR) & PL011_FR_TXFF)
		cpu_relax();
	mmio_write32(pl011_base + PL011_DR, (u8)c);
}

void console_putc(char c)
{
	switch (console_kind) {
	case CONSOLE_HVC:
		jh_hypercall(JH_HC_DEBUG_CONSOLE_PUTC, (u8)c, 0, 0);
		break;
	case CONSOLE_PL011:
		if (c == '\n')
			pl011_putc('\r');
		pl011_putc(c);
		break;
	default:
		break;
	}
}

static u64 console_lock(void)
{
	u64 daif = sysreg_read(daif);
	u32 me = this_cpu() + 1;

	irq_disable();
	if (READ_ONCE(console_owner) != me) {
		bakery_lock(&console_bakery);
		WRITE_ONCE(console_owner, me);
	}
	console_depth++;
	return daif;
}

static void console_unlock(u64 daif)
{
	if (--console_depth == 0) {
		WRITE_ONCE(console_owner, 0);
		bakery_unlock(&console_bakery);
	}
	sysreg_write(daif, daif);
}

void console_puts(const char *s)
{
	u64 flags = console_lock();

	while (*s)
		console_putc(*s++);
	console_unlock(flags);
}

static void putc_cb(void *ctx, char c)
{
	(void)ctx;
	console_putc(c);
}

int vprintk(const char *fmt, va_list ap)
{
	u64 flags = console_lock();
	int n = format_cb(putc_cb, NULL, fmt, ap);

	console_unlock(flags);
	return n;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}
