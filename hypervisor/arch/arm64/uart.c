// SPDX-License-Identifier: GPL-2.0
/* PL011 output. The root Linux drives the same UART; we only transmit. */
#include <hv/arch.h>
#include <hv/setup.h>
#include <jailhouse/config.h>
#include <jailhouse/pl011.h>

void arch_console_putc(char c)
{
	volatile u32 *base;
	unsigned int spins = 100000;

	if (!system_config ||
	    system_config->sys.console.type != JH_CONSOLE_PL011)
		return;
	base = (volatile u32 *)system_config->sys.console.address;
	/* Bounded wait: a wedged UART must not hang the hypervisor. */
	while ((base[PL011_FR / 4] & PL011_FR_TXFF) && --spins)
		;
	base[PL011_DR / 4] = (u8)c;
}
