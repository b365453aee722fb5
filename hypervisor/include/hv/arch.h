/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the generic core needs from an architecture. Each architecture
 * implements these in hypervisor/arch/<arch>/; the host unit tests use a
 * fake implementation.
 */
#ifndef _HV_ARCH_H
#define _HV_ARCH_H

#include <hv/types.h>

struct cell;
struct per_cpu;
struct page_table;
struct jh_system;

/* Simple spinlock; waiters sleep in WFE (or the arch equivalent). */
typedef struct { volatile u32 owner, next; } spinlock_t;
void spin_lock(spinlock_t *lock);
void spin_unlock(spinlock_t *lock);

/* Global setup on the first CPU, MMU still off: hypervisor page tables. */
int arch_init_early(const struct jh_system *sys);
/* Stage-2 (guest-physical) translation for a cell; map with paging_map. */
int arch_cell_paging_create(struct cell *cell);
/* Per-CPU: take over the CPU for @cell; returns 0 or negative errno. */
int arch_cpu_init(struct per_cpu *cpu);
/* Emit one character on the debug UART, if there is one. */
void arch_console_putc(char c);

/*
 * Cells. arch_cell_init runs after the config's regions are mapped (the
 * arch removes what it emulates, e.g. the interrupt controller) and takes
 * the cell's interrupts from root; arch_cell_exit gives them back.
 * Both run on a root CPU under the management lock.
 */
int arch_cell_init(struct cell *cell);
void arch_cell_exit(struct cell *cell);
/* Interrupts of a (re)starting cell: disabled, nothing pending. */
void arch_cell_reset_irqs(struct cell *cell);
/*
 * Make SPI @intid pending at the distributor, wherever it is routed: a
 * link doorbell. Root (or the cell owning the SPI) takes it as any
 * device interrupt, with no exit for root.
 */
void arch_irq_pend(u32 intid);
/* Does [phys, +size) touch a device the hypervisor emulates? */
bool arch_region_emulated(u64 phys, u64 size);
/* Forget stage-2 translations of @cell on every CPU. */
void arch_cell_tlb_flush(struct cell *cell);
/*
 * Invalidate the instruction caches of all CPUs: root wrote a cell's
 * image through its data side, stale instructions must not run.
 */
void arch_icache_invalidate(void);
/*
 * Map [phys, +size) into the hypervisor (identity) / remove it again.
 * Only for what the hypervisor keeps using (comm pages): a passing look
 * at memory goes through the temporary window, because removing an
 * identity mapping would also remove it for whoever else relies on it.
 */
int arch_hv_map(u64 phys, u64 size, unsigned long flags);
void arch_hv_unmap(u64 phys, u64 size);
/*
 * Temporary window: [phys, +size) at a fixed hypervisor address range no
 * identity mapping may use, so unmapping never takes away anything else.
 * One mapping at a time (callers hold the management lock); a request
 * must fit the window: (phys % HV_TEMP_SLOT) + size <= 2 * HV_TEMP_SLOT,
 * which any size up to HV_TEMP_SLOT does. Mapping never allocates;
 * aligned 2 MiB pieces become blocks. Returns the address of @phys, NULL
 * if the request does not fit. Unmap writes the data back to memory, so
 * an observer with caches off (a cell's MMU-off start, /dev/mem) sees it.
 */
#define HV_TEMP_SLOT		(2UL << 20)
void *arch_hv_temp_map(u64 phys, u64 size, unsigned long flags);
void arch_hv_temp_unmap(void *virt, u64 size);

/*
 * One device register access of @size (1, 2, 4 or 8) bytes at physical
 * @phys, which arch_hv_map() mapped as device memory: a single load or
 * store of exactly that width, as the guest's own would have been.
 * Returns 0, or -EFAULT if the bus failed it (no device answers at
 * @phys): the fault is caught, not the hypervisor's, and a failed read
 * stores 0 in *@value.
 */
int arch_mmio_read(u64 phys, unsigned int size, u64 *value);
int arch_mmio_write(u64 phys, unsigned int size, u64 value);

/* CPU control (see hv/control.h). */
void arch_cpu_kick(struct per_cpu *cpu);	/* running guest -> EL2 */
int arch_cpu_power_on(struct per_cpu *cpu);	/* firmware CPU_ON */
void __noreturn arch_cpu_enter_guest(struct per_cpu *cpu, u64 pc, u64 arg);
void __noreturn arch_cpu_power_off(struct per_cpu *cpu);
void arch_cpu_quiesce(struct per_cpu *cpu);	/* guest interrupts off */
void arch_wait_event(void);
void arch_send_event(void);
u64 arch_counter(void);				/* free-running ticks */
u64 arch_counter_freq(void);			/* ticks per second */

#endif
