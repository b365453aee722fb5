/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inter-cell links (<jailhouse/link.h>, Documentation/links.md): shared
 * memory mapped per member with per-section permissions, a trapped
 * register page and doorbell SPIs. Joining and leaving happen under the
 * management lock; register accesses from any CPU take the link lock.
 */
#ifndef _HV_LINK_H
#define _HV_LINK_H

#include <hv/arch.h>
#include <hv/mmio.h>
#include <hv/types.h>
#include <jailhouse/config.h>
#include <jailhouse/link.h>

struct cell;

/* A cell's membership in a link; registers as the cell sees them. */
struct link_peer {
	struct cell *cell;			/* NULL: free */
	const struct jh_link_member *cfg;	/* in the cell's config */
	u32 int_ctrl;
	u32 state;
};

struct link {
	const struct jh_link *cfg;		/* system table entry */
	u32 *states;				/* hypervisor's view */
	struct link_peer *peers[JH_LINK_MAX_PEERS];
	unsigned int members;
	u64 dropped;
};

/* link.c, for link_mmio.c: all under link_lock. */
extern struct link links[JH_MAX_LINKS];
extern struct link_peer link_peers[][JH_MAX_LINKS];
extern spinlock_t link_lock;
/* Raise the doorbell of every member but @except whose INT_CTRL is on. */
void link_notify_others(struct link *l, const struct link_peer *except);
/* Raise @peer's doorbell, or drop and count it. */
void link_ring(struct link *l, u32 peer);
/* Count a dropped doorbell: on the link and on the CPU that rang. */
void link_drop(struct link *l);

/* Enable: the system links and root's memberships (MMU still off). */
int link_init(void);
/* Enable, MMU on: zero the memory of the links root joined. */
void link_enable(void);
/*
 * Create: resolve the cell's memberships (-ENOENT unknown link, -EBUSY
 * peer taken or an SPI of the cell is root's doorbell) and map the link
 * memory into its stage 2. Nothing is
 * recorded: on failure the caller destroys the stage 2 and that is all.
 */
int link_cell_map(struct cell *cell);
/* Create, past the point of failure: the cell becomes a member. */
void link_cell_join(struct cell *cell);
/* The cell stopped or failed: its state entries go to 0, peers hear it. */
void link_cell_down(struct cell *cell);
/*
 * The cell starts after a stop or failure (the peers heard of it then):
 * its registers are at their reset values, no doorbell. A running cell
 * restarting goes through link_cell_down() instead.
 */
void link_cell_reset(struct cell *cell);
/* Destroy: down, then no longer a member. */
void link_cell_leave(struct cell *cell);
/* LINK_INFO hypercall: IPA of register page @index, or -ENOENT. */
long link_info(const struct cell *cell, u64 index);
/* Doorbells dropped on link @n (peer absent or its INT_CTRL off). */
u64 link_dropped(unsigned int n);

/*
 * One trapped access by @cell: MMIO_HANDLED, MMIO_ERROR (not an aligned
 * 32-bit access: the cell is faulted) or LINK_NOT_MINE.
 */
#define LINK_NOT_MINE		1
int link_mmio(struct cell *cell, struct mmio_access *a);

#endif
