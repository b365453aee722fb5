// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Comm region (include/jailhouse/comm.h): shutdown requests, the lock,
 * and halting the whole cell once a shutdown was accepted.
 */
#include "internal.h"

#define POLL_PERIOD_US		10000

static volatile struct jh_comm_region *comm;
static volatile u32 halting;

void comm_init(u64 comm_addr)
{
	comm = (volatile struct jh_comm_region *)comm_addr;
}

void comm_check(void)
{
	const char *sig = JH_COMM_SIGNATURE;
	unsigned int i;

	if (!comm)
		return;
	for (i = 0; i < sizeof(comm->signature); i++)
		if (comm->signature[i] != sig[i])
			break;
	if (i < sizeof(comm->signature) || comm->revision != JH_COMM_REVISION)
		printk("inmate: comm region at %p: bad signature or revision %u\n",
		       (void *)comm, comm->revision);
}

volatile struct jh_comm_region *comm_region(void)
{
	return comm;
}

bool comm_shutdown_requested(void)
{
	return comm && comm->msg_to_cell == JH_MSG_SHUTDOWN_REQUEST;
}

void comm_reply(u32 reply)
{
	if (!comm)
		return;
	dsb_sy();
	comm->reply_from_cell = reply;
	dsb_sy();
}

void comm_set_locked(bool locked)
{
	if (!comm)
		return;
	comm->locked = locked;
	dsb_sy();
}

void __noreturn inmate_halt_all(void)
{
	inmate_halt();
}

void inmate_halt_sgi(unsigned int intid)
{
	(void)intid;
	if (READ_ONCE(halting))
		inmate_halt_all();
}

/*
 * A request is answered once: the hypervisor resets reply_from_cell to
 * JH_REPLY_NONE when it posts a new one, so a stale request left behind
 * after a denial does not shut us down later.
 */
void comm_poll(void)
{
	unsigned int cpu;

	if (!comm_shutdown_requested() ||
	    comm->reply_from_cell != JH_REPLY_NONE)
		return;
	if (comm->locked) {
		comm_reply(JH_REPLY_SHUTDOWN_DENIED);
		return;
	}
	printk("inmate: shutdown request accepted\n");
	irq_disable();
	WRITE_ONCE(halting, 1);
	for (cpu = 0; cpu < num_cpus(); cpu++)
		if (cpu != this_cpu() && smp_cpu_online(cpu))
			gic_send_sgi(SGI_HALT, cpu);
	comm_reply(JH_REPLY_SHUTDOWN_OK);
	inmate_halt_all();
}

static void poll_tick(unsigned int intid)
{
	(void)intid;
	timer_set_cval(timer_get_cval() + timer_us_to_ticks(POLL_PERIOD_US));
}

void __noreturn comm_idle(bool poll)
{
	if (poll && comm) {
		timer_irq_init(poll_tick);
		timer_set_cval(timer_ticks() + timer_us_to_ticks(POLL_PERIOD_US));
	}
	irq_disable();
	for (;;) {
		comm_poll();
		cpu_sleep();
	}
}
