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

/* Global setup on the first CPU, MMU still off: hypervisor page tables. */
int arch_init_early(const struct jh_system *sys);
/* Stage-2 (guest-physical) translation for a cell; map with paging_map. */
int arch_cell_paging_create(struct cell *cell);
/* Per-CPU: take over the CPU for @cell; returns 0 or negative errno. */
int arch_cpu_init(struct per_cpu *cpu);
/* Emit one character on the debug UART, if there is one. */
void arch_console_putc(char c);

/* Simple spinlock; waiters sleep in WFE (or the arch equivalent). */
typedef struct { volatile u32 owner, next; } spinlock_t;
void spin_lock(spinlock_t *lock);
void spin_unlock(spinlock_t *lock);

#endif
