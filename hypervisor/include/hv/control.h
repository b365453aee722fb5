/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CPU control: management asks a CPU to stop, start or power off by
 * posting a request in its per_cpu and waking it (kick if it runs guest
 * code, event if it waits at EL2). Waiting uses WFE-style events with a
 * timeout, never a blind spin, so it works when vCPUs run one at a time.
 */
#ifndef _HV_CONTROL_H
#define _HV_CONTROL_H

#include <hv/types.h>

struct per_cpu;
struct cell;

enum cpu_request {
	REQ_NONE = 0,
	REQ_STOP,		/* leave the guest, wait at EL2 */
	REQ_START,		/* (re)start the guest at req_pc */
	REQ_POWER_OFF,		/* leave the cell: firmware CPU_OFF */
};

/* Post @req to @cpu and wake it. */
void cpu_request(struct per_cpu *cpu, enum cpu_request req, u64 pc, u64 arg);
/* Start a CPU that is parked or off at @pc with x0 = @arg; -EAGAIN if it
 * was off and the firmware did not power it on (the start is withdrawn). */
int cpu_start(struct per_cpu *cpu, u64 pc, u64 arg);
/* Post @req (REQ_STOP or REQ_POWER_OFF) to every CPU of @cell but
 * @except and wait for them; 0 or -ETIMEDOUT if a CPU did not respond. */
int cpus_stop(struct cell *cell, enum cpu_request req,
	      const struct per_cpu *except);
/* The same for all CPUs, as management: CPU_ON inside the cell is
 * refused meanwhile. */
int cell_stop_cpus(struct cell *cell, enum cpu_request req);
/* This CPU stops running guest code: wait at EL2 for requests. */
void __noreturn cpu_park(struct per_cpu *cpu);
/* Called by the arch when a kick arrived or a trap ends: act on requests. */
void cpu_check_requests(struct per_cpu *cpu);

#endif
