// SPDX-License-Identifier: GPL-2.0
/*
 * Clean + invalidate to the Point of Coherency. The hypervisor starts with
 * its MMU and caches off, so the image and config must be in memory, not
 * only in the data cache; the kernel's PoC helpers are not exported.
 */
#include <linux/types.h>
#include "driver.h"

static unsigned long jh_dcache_line_size(void)
{
	unsigned long ctr;

	asm volatile("mrs %0, ctr_el0" : "=r" (ctr));
	/* CTR_EL0.DminLine, bits 19:16: log2 of the line size in words. */
	return 4UL << ((ctr >> 16) & 0xf);
}

void jh_clean_dcache_poc(void *addr, size_t size)
{
	unsigned long line = jh_dcache_line_size();
	unsigned long p = (unsigned long)addr & ~(line - 1);
	unsigned long end = (unsigned long)addr + size;

	for (; p < end; p += line)
		asm volatile("dc civac, %0" : : "r" (p) : "memory");
	/* Instructions too: EL2 fetches the image from memory. */
	asm volatile("dsb sy\n\tic ialluis\n\tdsb ish\n\tisb" : : : "memory");
}
