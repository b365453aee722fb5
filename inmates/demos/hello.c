// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * hello: every CPU of the cell says hello, then the boot CPU prints a
 * heartbeat every period_ms (default 500) from the virtual timer
 * interrupt, sleeping in wfi in between, and answers shutdown requests.
 * The timer also wakes it at least every 100 ms to look at the comm
 * region, so long periods do not delay the shutdown answer.
 * Command line: period_ms=N, ticks=N (stop after N ticks; 0: never).
 */
#include <inmate.h>

#define POLL_US		100000

static u64 period, poll, next_tick;
static volatile u64 ticks;
static volatile u32 greeted[INMATE_MAX_CPUS];

/* Ticks stay on a fixed grid; poll wake-ups fall in between. */
static void timer_irq(unsigned int intid)
{
	u64 cval = timer_get_cval(), next;

	(void)intid;
	if (cval >= next_tick) {
		ticks++;
		next_tick += period;
	}
	next = cval + poll;
	timer_set_cval(next < next_tick ? next : next_tick);
}

static void say_hello(unsigned int cpu)
{
	printk("Hello from CPU %u (MPIDR 0x%llx)\n", cpu,
	       sysreg_read(mpidr_el1) & MPIDR_AFF_MASK);
	WRITE_ONCE(greeted[cpu], 1);
	dsb_sy();
}

static void secondary(unsigned int cpu, void *arg)
{
	(void)arg;
	say_hello(cpu);
	comm_idle(false);
}

static void start_secondaries(void)
{
	unsigned int cpu;
	u64 end;
	long ret;

	for (cpu = 1; cpu < num_cpus(); cpu++) {
		ret = smp_cpu_on(cpu, secondary, NULL);
		if (ret != PSCI_SUCCESS) {
			printk("hello: CPU_ON of CPU %u (MPIDR 0x%llx) failed: %ld\n",
			       cpu, cpu_mpidr(cpu), ret);
			continue;
		}
		/* One greeting after the other, in CPU order. */
		end = timer_ticks() + timer_us_to_ticks(1000000);
		while (!READ_ONCE(greeted[cpu]) && timer_ticks() < end)
			cpu_relax();
		if (!READ_ONCE(greeted[cpu]))
			printk("hello: CPU %u did not say hello\n", cpu);
	}
}

void inmate_main(void)
{
	long period_ms = cmdline_parse_int("period_ms", 500);
	long max_ticks = cmdline_parse_int("ticks", 0);
	/* lock: hold the comm-region lock (shutdown refused);
	 * deaf: never answer shutdown requests (the hypervisor times out). */
	bool deaf = cmdline_parse_int("deaf", 0);
	u64 seen = 0;

	if (cmdline_parse_int("lock", 0)) {
		comm_set_locked(true);
		printk("hello: holding the lock\n");
	}

	if (period_ms < 1)
		period_ms = 1;
	say_hello(0);
	start_secondaries();

	period = timer_us_to_ticks(period_ms * 1000);
	poll = timer_us_to_ticks(POLL_US);
	next_tick = timer_ticks() + period;
	timer_irq_init(timer_irq);
	timer_set_cval(next_tick - period + (poll < period ? poll : period));

	irq_disable();
	while (!max_ticks || (long)seen < max_ticks) {
		if (!deaf)
			comm_poll();
		cpu_sleep();
		if (ticks != seen) {
			seen = ticks;
			printk("hello: tick %llu\n", seen);
		}
	}
	timer_stop();
	inmate_finish();
}
