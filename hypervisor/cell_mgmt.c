// SPDX-License-Identifier: GPL-2.0
/*
 * Cell life cycle after create: start, stop for loading, polite shutdown
 * through the comm region, destroy, and the stops a cell asks for itself
 * (PSCI SYSTEM_OFF / SYSTEM_RESET). Management calls run on a root CPU
 * under the management lock; they never wait for a cell without a
 * deadline.
 */
#include <hv/arch.h>
#include <hv/cell.h>
#include <hv/control.h>
#include <hv/errno.h>
#include <hv/link.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/setup.h>
#include <hv/string.h>
#include <hv/vuart.h>

void cell_set_state(struct cell *cell, u32 state)
{
	cell->state = state;
	if (cell->comm)
		WRITE_ONCE(cell->comm->cell_state, state);
	/* Link peers learn that the cell stopped (state entries 0). */
	if (state == JH_CELL_STATE_SHUT_DOWN || state == JH_CELL_STATE_FAILED)
		link_cell_down(cell);
}

void cell_mark_failed(struct cell *cell)
{
	cell_set_state(cell, JH_CELL_STATE_FAILED);
}

long cell_get_state(const struct cell *cell)
{
	if (cell->state == JH_CELL_STATE_RUNNING && cell->comm &&
	    READ_ONCE(cell->comm->locked))
		return JH_CELL_STATE_RUNNING_LOCKED;
	return cell->state;
}

/* The guest address at which the cell sees the debug UART, if it does. */
static u64 console_in_cell(const struct cell *cell)
{
	const struct jh_console *con = &system_config->sys.console;
	const struct jh_memory_region *r = jh_cell_regions(cell->desc);
	unsigned int n;

	for (n = 0; n < cell->desc->num_memory_regions; n++, r++)
		if ((r->flags & JH_MEM_IO) && con->type != JH_CONSOLE_NONE &&
		    con->address - r->phys_start < r->size)
			return r->virt_start + (con->address - r->phys_start);
	return 0;
}

void cell_comm_reset(struct cell *cell)
{
	const struct jh_platform *gic = &system_config->sys.platform;
	struct jh_comm_region *comm = cell->comm;
	unsigned long n;

	if (!comm)
		return;
	memset(comm, 0, PAGE_SIZE);
	memcpy(comm->signature, JH_COMM_SIGNATURE, sizeof(comm->signature));
	comm->revision = JH_COMM_REVISION;
	comm->cell_id = cell->id;
	comm->flags = cell->desc->flags;
	for_each_cell_cpu(n, cell)
		if (comm->num_cpus < JH_COMM_MAX_CPUS)
			comm->cpu_mpidr[comm->num_cpus++] = per_cpu(n)->mpidr;
	comm->gic_version = gic->gic_version;
	comm->gicd_base = gic->gicd_base;
	comm->gicr_base = gic->gicr_base;
	comm->console_base = console_in_cell(cell);
	if (comm->console_base)
		comm->console_type = system_config->sys.console.type;
	comm->timer_frequency = arch_counter_freq();
	comm->cell_state = cell->state;
}

/*
 * Loadable regions go to root (@map) or come back to the cell. Every
 * region is handled every time, so a call that failed half-way (out of
 * pool pages) is completed by the next one; unmapping keeps root's tables,
 * so mapping back never needs memory.
 */
static int map_loadable(struct cell *cell, bool map)
{
	const struct jh_memory_region *r = jh_cell_regions(cell->desc);
	unsigned int n;
	int err = 0, ret;

	for (n = 0; n < cell->desc->num_memory_regions; n++, r++) {
		if (!(r->flags & JH_MEM_LOADABLE) ||
		    (r->flags & JH_MEM_ROOTSHARED))
			continue;
		ret = map ? cell_root_map(r) :
			    paging_unmap_keep(&root_cell.s2, r->phys_start,
					      r->size);
		if (ret)
			err = ret;
	}
	arch_cell_tlb_flush(&root_cell);
	cell->loadable_mapped = map && !err;
	return err;
}

/*
 * The cell's link registers go to their reset values before its
 * interrupts are reset, so that no doorbell of the previous run stays
 * pending. A cell restarted while running (its own SYSTEM_RESET, or a
 * start without a stop) never told its peers it went: they get their
 * doorbell now. A stopped or failed cell rang them when it went down.
 */
static void reset_links(struct cell *cell)
{
	if (cell->state == JH_CELL_STATE_RUNNING)
		link_cell_down(cell);
	else
		link_cell_reset(cell);
}

static unsigned int boot_cpu(const struct cell *cell)
{
	return find_next_bit(cell->cpus, hv_max_cpus, 0);
}

long cell_start(struct cell *cell)
{
	int err = cell_stop_cpus(cell, REQ_STOP);

	if (err)
		return err;
	cell->shutdown_pending = false;
	err = map_loadable(cell, false);
	if (err)
		return err;
	reset_links(cell);
	arch_cell_reset_irqs(cell);
	if (cell->vuart)
		vuart_reset(cell->vuart);
	/* Nothing of a previous run may linger in the TLBs... */
	arch_cell_tlb_flush(cell);
	/* ...nor stale instructions of the image root just loaded. */
	arch_icache_invalidate();
	cell_set_state(cell, JH_CELL_STATE_RUNNING);
	cell_comm_reset(cell);
	/* Announce first: the cell may print before we return. */
	printk("Started cell \"%s\" at counter %llu\n", cell->desc->name,
	       arch_counter());
	err = cpu_start(per_cpu(boot_cpu(cell)), cell->desc->entry,
			cell->desc->comm_region);
	if (err) {
		/* Nothing runs: say so, and stay stoppable (destroy works). */
		printk("cell %s: its boot CPU did not come up: failed\n",
		       cell->desc->name);
		cell_set_state(cell, JH_CELL_STATE_FAILED);
	}
	return err;
}

long cell_set_loadable(struct cell *cell)
{
	int err = cell_stop_cpus(cell, REQ_STOP);

	if (err)
		return err;
	cell->shutdown_pending = false;
	cell_set_state(cell, JH_CELL_STATE_SHUT_DOWN);
	return map_loadable(cell, true);
}

static long stop_now(struct cell *cell, u32 state)
{
	int err = cell_stop_cpus(cell, REQ_STOP);

	cell->shutdown_pending = false;
	if (cell->comm)
		WRITE_ONCE(cell->comm->msg_to_cell, JH_MSG_NONE);
	cell_set_state(cell, err ? JH_CELL_STATE_FAILED : state);
	if (!err && state == JH_CELL_STATE_SHUT_DOWN)
		err = map_loadable(cell, true);
	return err;
}

static long shutdown_request(struct cell *cell)
{
	struct jh_comm_region *comm = cell->comm;
	u32 ms = cell->desc->shutdown_timeout_ms ?: SHUTDOWN_TIMEOUT_MS;

	if (READ_ONCE(comm->locked)) {
		printk("cell %s holds its lock: shutdown refused\n",
		       cell->desc->name);
		return trace_error(-EBUSY);
	}
	WRITE_ONCE(comm->reply_from_cell, JH_REPLY_NONE);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	WRITE_ONCE(comm->msg_to_cell, JH_MSG_SHUTDOWN_REQUEST);
	cell->shutdown_deadline = arch_counter() +
				  arch_counter_freq() * ms / 1000;
	cell->shutdown_pending = true;
	return JH_SHUTDOWN_PENDING;
}

static long shutdown_poll(struct cell *cell)
{
	u32 reply = READ_ONCE(cell->comm->reply_from_cell);

	if (reply == JH_REPLY_SHUTDOWN_OK)
		return stop_now(cell, JH_CELL_STATE_SHUT_DOWN);
	if (reply == JH_REPLY_SHUTDOWN_DENIED) {
		cell->shutdown_pending = false;
		WRITE_ONCE(cell->comm->msg_to_cell, JH_MSG_NONE);
		printk("cell %s refused to shut down\n", cell->desc->name);
		return trace_error(-EBUSY);
	}
	if (arch_counter() < cell->shutdown_deadline)
		return JH_SHUTDOWN_PENDING;
	printk("cell %s did not answer the shutdown request: failed\n",
	       cell->desc->name);
	stop_now(cell, JH_CELL_STATE_FAILED);
	return trace_error(-ETIMEDOUT);
}

long cell_shutdown(struct cell *cell)
{
	if (cell->state == JH_CELL_STATE_SHUT_DOWN)
		return 0;
	if (cell->state == JH_CELL_STATE_FAILED || !cell->comm)
		return stop_now(cell, JH_CELL_STATE_SHUT_DOWN);
	if (!cell->shutdown_pending)
		return shutdown_request(cell);
	return shutdown_poll(cell);
}

long cell_destroy(struct cell *cell)
{
	int err = cell_stop_cpus(cell, REQ_POWER_OFF);

	if (err) {
		cell_mark_failed(cell);
		return err;
	}
	cell_release(cell);
	return 0;
}

/* Stop the other CPUs of this CPU's cell; false if management is busy
 * with the cell (it stops us too, so just park). */
static bool stop_siblings(struct per_cpu *cpu)
{
	return !cpus_stop(cpu->cell, REQ_STOP, cpu) &&
	       !READ_ONCE(cpu->cell->stopping);
}

void __noreturn cell_self_stop(struct per_cpu *cpu, bool restart)
{
	struct cell *cell = cpu->cell;
	unsigned int boot;

	if (READ_ONCE(cell->stopping) || !stop_siblings(cpu))
		cpu_park(cpu);
	printk("cell %s: %s requested by CPU %u%s\n", cell->desc->name,
	       restart ? "reset" : "power off", cpu->cpu_id,
	       restart && (cell->desc->flags & JH_CELL_RESET_STOPS) ?
	       ", stopping it (reset_stops)" : "");
	/* A kernel that overwrote its own image cannot be re-entered. */
	if (!restart || (cell->desc->flags & JH_CELL_RESET_STOPS)) {
		cell_set_state(cell, JH_CELL_STATE_SHUT_DOWN);
		cpu_park(cpu);
	}
	reset_links(cell);
	arch_cell_reset_irqs(cell);
	if (cell->vuart)
		vuart_reset(cell->vuart);
	arch_icache_invalidate();
	cell_set_state(cell, JH_CELL_STATE_RUNNING);
	cell_comm_reset(cell);
	boot = boot_cpu(cell);
	spin_lock(&cell->lock);
	if (!cell->stopping && boot != cpu->cpu_id &&
	    cpu_start(per_cpu(boot), cell->desc->entry,
		      cell->desc->comm_region))
		cell_set_state(cell, JH_CELL_STATE_FAILED);
	spin_unlock(&cell->lock);
	if (boot == cpu->cpu_id && !READ_ONCE(cell->stopping)) {
		arch_cpu_quiesce(cpu);
		arch_cpu_enter_guest(cpu, cell->desc->entry,
				     cell->desc->comm_region);
	}
	cpu_park(cpu);
}
