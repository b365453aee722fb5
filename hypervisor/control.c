// SPDX-License-Identifier: GPL-2.0
/*
 * CPU control requests. A request is a word in the target's per_cpu; the
 * target takes it with a compare-and-swap, so a newer request posted
 * meanwhile is never lost. Everybody who waits sleeps in arch_wait_event()
 * and every state change is followed by arch_send_event().
 */
#include <hv/arch.h>
#include <hv/cell.h>
#include <hv/control.h>
#include <hv/errno.h>
#include <hv/percpu.h>
#include <hv/printk.h>

void cpu_request(struct per_cpu *cpu, enum cpu_request req, u64 pc, u64 arg)
{
	cpu->req_pc = pc;
	cpu->req_arg = arg;
	__atomic_store_n(&cpu->request, req, __ATOMIC_SEQ_CST);
	if (READ_ONCE(cpu->state) == CPU_RUNNING)
		arch_cpu_kick(cpu);
	arch_send_event();
}

int cpu_start(struct per_cpu *cpu, u64 pc, u64 arg)
{
	bool off = READ_ONCE(cpu->state) == CPU_OFF;
	u32 req = REQ_START;
	int ret;

	cpu_request(cpu, REQ_START, pc, arg);
	if (!off)
		return 0;
	ret = arch_cpu_power_on(cpu);
	if (!ret)
		return 0;
	/*
	 * It never came up, so it will never take the start: withdraw it.
	 * A start left posted on a CPU that is off would make every later
	 * stop wait for an answer that cannot come (an undestroyable cell).
	 */
	__atomic_compare_exchange_n(&cpu->request, &req, REQ_NONE, false,
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	printk("CPU %u: firmware did not start it (PSCI %d)\n", cpu->cpu_id,
	       ret);
	return trace_error(-EAGAIN);
}

static bool cpu_stopped(const struct per_cpu *cpu, enum cpu_request req)
{
	enum cpu_state state = READ_ONCE(cpu->state);

	if (__atomic_load_n(&cpu->request, __ATOMIC_ACQUIRE) != REQ_NONE)
		return false;
	return req == REQ_POWER_OFF ? state == CPU_OFF : state != CPU_RUNNING;
}

static int cpu_wait_stopped(struct per_cpu *cpu, enum cpu_request req,
			    u64 deadline)
{
	while (!cpu_stopped(cpu, req)) {
		if (arch_counter() > deadline) {
			printk("CPU %u does not respond (state %d, request "
			       "%u)\n", cpu->cpu_id, cpu->state, cpu->request);
			return trace_error(-ETIMEDOUT);
		}
		arch_wait_event();
	}
	return 0;
}

int cpus_stop(struct cell *cell, enum cpu_request req,
	      const struct per_cpu *except)
{
	u64 deadline = arch_counter() + arch_counter_freq();
	unsigned long n;
	int err = 0, ret;

	for_each_cell_cpu(n, cell) {
		struct per_cpu *cpu = per_cpu(n);

		/* Off and not on its way up: nothing to stop. */
		if (cpu == except ||
		    (READ_ONCE(cpu->state) == CPU_OFF &&
		     __atomic_load_n(&cpu->request, __ATOMIC_ACQUIRE) ==
		     REQ_NONE))
			continue;
		cpu_request(cpu, req, 0, 0);
	}
	for_each_cell_cpu(n, cell) {
		if (per_cpu(n) == except)
			continue;
		ret = cpu_wait_stopped(per_cpu(n), req, deadline);
		if (ret)
			err = ret;
	}
	return err;
}

int cell_stop_cpus(struct cell *cell, enum cpu_request req)
{
	int err;

	spin_lock(&cell->lock);
	cell->stopping = true;
	spin_unlock(&cell->lock);
	err = cpus_stop(cell, req, NULL);
	spin_lock(&cell->lock);
	cell->stopping = false;
	spin_unlock(&cell->lock);
	return err;
}

static bool take_request(struct per_cpu *cpu, u32 req)
{
	return __atomic_compare_exchange_n(&cpu->request, &req, REQ_NONE,
					   false, __ATOMIC_SEQ_CST,
					   __ATOMIC_SEQ_CST);
}

void __noreturn cpu_park(struct per_cpu *cpu)
{
	u32 req;

	arch_cpu_quiesce(cpu);
	if (cpu->state != CPU_FAILED)
		WRITE_ONCE(cpu->state, CPU_PARKED);
	arch_send_event();
	for (;;) {
		req = __atomic_load_n(&cpu->request, __ATOMIC_ACQUIRE);
		if (req == REQ_START) {
			u64 pc = cpu->req_pc, arg = cpu->req_arg;

			WRITE_ONCE(cpu->state, CPU_RUNNING);
			if (take_request(cpu, req)) {
				arch_send_event();
				arch_cpu_enter_guest(cpu, pc, arg);
			}
			WRITE_ONCE(cpu->state, CPU_PARKED);
			continue;
		}
		if (req == REQ_POWER_OFF) {
			WRITE_ONCE(cpu->state, CPU_OFF);
			if (take_request(cpu, req)) {
				arch_send_event();
				arch_cpu_power_off(cpu);
			}
			WRITE_ONCE(cpu->state, CPU_PARKED);
			continue;
		}
		if (req == REQ_STOP && take_request(cpu, req))
			arch_send_event();
		arch_wait_event();
	}
}

void cpu_check_requests(struct per_cpu *cpu)
{
	if (__atomic_load_n(&cpu->request, __ATOMIC_ACQUIRE) != REQ_NONE)
		cpu_park(cpu);
}
