// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* EL1 virtual timer (CNTV_*), interrupt PPI 27. */
#include "internal.h"

#define CNTV_CTL_ENABLE		(1U << 0)
#define NSEC_PER_SEC		1000000000ULL
#define USEC_PER_SEC		1000000ULL

u64 timer_frequency(void)
{
	volatile struct jh_comm_region *comm = comm_region();
	u64 f = sysreg_read(cntfrq_el0) & 0xffffffff;

	if (!f && comm)
		f = comm->timer_frequency;
	return f ? f : 62500000;	/* QEMU virt's, better than nothing */
}

/* Split so that ticks * 10^9 cannot overflow (no 128-bit division). */
static u64 scale(u64 v, u64 mul, u64 div)
{
	return (v / div) * mul + (v % div) * mul / div;
}

u64 timer_ticks_to_ns(u64 ticks)
{
	return scale(ticks, NSEC_PER_SEC, timer_frequency());
}

u64 timer_us_to_ticks(u64 us)
{
	return scale(us, timer_frequency(), USEC_PER_SEC);
}

void timer_set_cval(u64 cval)
{
	sysreg_write(cntv_cval_el0, cval);
	sysreg_write(cntv_ctl_el0, CNTV_CTL_ENABLE);
	isb();
}

u64 timer_get_cval(void)
{
	return sysreg_read(cntv_cval_el0);
}

void timer_stop(void)
{
	sysreg_write(cntv_ctl_el0, 0);
	isb();
}

void timer_irq_init(irq_handler_t handler)
{
	irq_set_handler(PPI_VTIMER, handler);
	irq_enable_intid(PPI_VTIMER);
}

void delay_us(u64 us)
{
	u64 end = timer_ticks() + timer_us_to_ticks(us);

	while (timer_ticks() < end)
		cpu_relax();
}
