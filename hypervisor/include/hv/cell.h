/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Cells: the root cell (id 0, the Linux that enabled us) and up to
 * MAX_CELLS - 1 others. Everything a cell owns — CPUs, memory, SPIs — was
 * taken from the root cell on create and goes back to it on destroy.
 */
#ifndef _HV_CELL_H
#define _HV_CELL_H

#include <hv/arch.h>
#include <hv/bitmap.h>
#include <hv/paging.h>
#include <hv/types.h>
#include <jailhouse/comm.h>
#include <jailhouse/config.h>
#include <asm/cell.h>

#define MAX_CELLS		16
#define NUM_INTIDS		1024
#define SHUTDOWN_TIMEOUT_MS	1000	/* when the config says 0 */

struct vuart;

struct cell {
	unsigned int id;
	const struct jh_cell_desc *desc;	/* inside the validated config */
	u64 cpus[JH_CPU_SET_WORDS];
	u64 irqs[BITMAP_WORDS(NUM_INTIDS)];	/* owned SPIs */
	struct page_table s2;			/* guest-physical -> physical */
	u32 state;				/* JH_CELL_STATE_* */
	struct jh_comm_region *comm;		/* hypervisor's view, or NULL */
	bool loadable_mapped;			/* loadable regions in root */
	bool shutdown_pending;
	u64 shutdown_deadline;			/* arch_counter() value */
	bool stopping;				/* management stops CPUs */
	spinlock_t lock;			/* stopping, CPU start requests */
	void *config;				/* pool copy (not for root) */
	unsigned long config_pages;
	struct vuart *vuart;			/* emulated PL011 or NULL */
	struct arch_cell arch;
};

extern struct cell root_cell;
extern struct cell *cells[MAX_CELLS];

int cell_init_root(const struct jh_cell_desc *desc);
bool cell_owns_cpu(const struct cell *cell, unsigned int cpu);
bool cell_owns_irq(const struct cell *cell, unsigned int intid);
struct cell *cell_by_id(u64 id);
unsigned int cell_count(void);
/* Config region flags (JH_MEM_*) as generic page flags. */
unsigned long cell_region_flags(u64 jh_flags);
/* The root region that contains [phys, phys + size), or NULL. */
const struct jh_memory_region *cell_root_region(u64 phys, u64 size);
/* The non-root cell owning @phys (reports only, unlocked), or NULL. */
struct cell *cell_owning_phys(u64 phys);

/* cell_create.c */
long cell_create(u64 config_ipa, u64 size);
/* cell_mgmt.c: management hypercalls (root cell, under the mgmt lock) */
long cell_start(struct cell *cell);
long cell_set_loadable(struct cell *cell);
long cell_shutdown(struct cell *cell);
long cell_destroy(struct cell *cell);
long cell_get_state(const struct cell *cell);
/* A CPU of @cell hit a fatal fault: the cell is failed. */
void cell_mark_failed(struct cell *cell);
/* Cell-initiated (PSCI SYSTEM_OFF / SYSTEM_RESET on a cell CPU). */
void __noreturn cell_self_stop(struct per_cpu *cpu, bool restart);
/* Map the config's regions into a new cell's stage 2. */
int cell_paging_init(struct cell *cell);
/* Fill the comm region for a (re)start and publish the state. */
void cell_comm_reset(struct cell *cell);
void cell_set_state(struct cell *cell, u32 state);
/* Zero [phys, +size) through the temporary window; bytes done. */
u64 cell_scrub_range(u64 phys, u64 size);
/* Root gets [phys, +size) of cell region @r back with its own flags. */
int cell_root_map(const struct jh_memory_region *r);
void cell_unmap_comm(struct cell *cell);
/* Destroy's last step: CPUs are off; all resources go back to root. */
void cell_release(struct cell *cell);

#define for_each_cell_cpu(cpu, cell) \
	for_each_set_bit(cpu, (cell)->cpus, hv_max_cpus)

#define for_each_cell(c, i) \
	for ((i) = 0; (i) < MAX_CELLS; (i)++) \
		if (((c) = cells[i]) != NULL)

#endif
