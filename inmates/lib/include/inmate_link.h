/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Inter-cell links from an inmate (Documentation/links.md, "Inmate API"):
 * find a link with the LINK_INFO hypercall, read its geometry from the
 * register page, reach the state table, the R/W section and the output
 * sections, ring a peer's doorbell and wait for one's own.
 *
 * The link memory is accessed as the inmate accesses all memory (MMU
 * off: Device-nGnRnE), so what one peer writes the other reads without
 * cache maintenance; use aligned accesses (memcpy/memset of the library
 * are byte loops, which is fine).
 */
#ifndef _INMATE_LINK_H
#define _INMATE_LINK_H

#include <inmate.h>
#include <jailhouse/link.h>

struct inmate_link {
	u64 regs;		/* IPA of the register page */
	u64 shm;		/* IPA of the link memory */
	u32 id;			/* our peer ID */
	u32 max_peers;
	u32 irq;		/* our doorbell SPI */
	u64 rw_size, out_size;
	char name[JH_LINK_REG_NAME_LEN + 1];
	volatile u64 doorbells;	/* doorbell interrupts taken so far */
	u64 seen;		/* doorbells link_wait() consumed */
};

/*
 * Open link @index of this cell: geometry from the registers, doorbell
 * SPI routed to the calling CPU with a handler, INT_CTRL on. IRQs must be
 * unmasked (irq_enable()) for link_wait() to see doorbells. Returns 0 or
 * the negative errno of LINK_INFO (-ENOENT: no such link).
 */
int link_open(unsigned int index, struct inmate_link *l);

u32 link_reg_read(const struct inmate_link *l, u32 off);
void link_reg_write(const struct inmate_link *l, u32 off, u32 value);

/* The sections of the link memory (<jailhouse/link.h> layout). */
static inline volatile u32 *link_state_table(const struct inmate_link *l)
{
	return (volatile u32 *)l->shm;
}

static inline volatile u8 *link_rw(const struct inmate_link *l)
{
	return (volatile u8 *)(l->shm + jh_link_rw_offset());
}

static inline volatile u8 *link_peer_out(const struct inmate_link *l,
					 u32 peer)
{
	return (volatile u8 *)(l->shm + jh_link_out_offset(l->rw_size,
							    l->out_size,
							    peer));
}

static inline volatile u8 *link_out(const struct inmate_link *l)
{
	return link_peer_out(l, l->id);
}

/* Ring @peer's doorbell (dropped if it is absent or has INT_CTRL off). */
void link_notify(const struct inmate_link *l, u32 peer);
/*
 * Wait up to @timeout_us for a doorbell not consumed yet; true if one
 * came (several rung while we were busy count as one).
 */
bool link_wait(struct inmate_link *l, u64 timeout_us);
/* A peer's state from the state table (0: absent, stopped or failed). */
u32 link_peer_state(const struct inmate_link *l, u32 peer);
/* Our own state: the state table entry follows, the peers get an irq. */
void link_set_state(const struct inmate_link *l, u32 state);

/* CRC-32 (IEEE) of @len bytes, e.g. to check what crossed a link. */
u32 link_crc32(const volatile u8 *buf, size_t len);

#endif
