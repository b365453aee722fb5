/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Inter-cell links: shared memory plus doorbells, in the style of
 * ivshmem v2 but on plain MMIO (no PCI). Shared by the hypervisor, the
 * link drivers (root and Linux cells), the tools and the inmate library.
 * Documented byte by byte in Documentation/links.md.
 *
 * A link joins up to JH_LINK_MAX_PEERS cells. Each member cell sees:
 *
 *   a register page (4 KiB at its reg_ipa), trapped by the hypervisor;
 *   only aligned 32-bit accesses are accepted, anything else is a fault.
 *
 *   the link memory at its shm_ipa, laid out as
 *     state table   JH_LINK_STATE_SIZE bytes, read-only: __u32 state per peer
 *     R/W section   rw_size bytes, read-write for every peer
 *     output 0      out_size bytes, read-write for peer 0, read-only others
 *     ...
 *     output N-1    (N = max_peers)
 *   Every section starts page aligned; the memory is normal cacheable RAM.
 *
 *   one doorbell SPI (its irq), raised when a peer rings it or when a
 *   peer's state changes (a peer destroyed or failed: its state becomes 0).
 */
#ifndef _JAILHOUSE_LINK_H
#define _JAILHOUSE_LINK_H

#include <jailhouse/types.h>

#define JH_LINK_MAX_PEERS	16
#define JH_LINK_STATE_SIZE	0x1000
#define JH_LINK_REG_SIZE	0x1000

/* Register page offsets (all 32-bit). */
#define JH_LINK_REG_ID		0x00	/* RO: this cell's peer ID */
#define JH_LINK_REG_MAX_PEERS	0x04	/* RO */
#define JH_LINK_REG_INT_CTRL	0x08	/* RW: bit 0 enables the doorbell irq */
#define JH_LINK_REG_DOORBELL	0x0c	/* WO: peer ID in bits 31:16, vector
					 * (0, the only one) in bits 15:0 */
#define JH_LINK_REG_STATE	0x10	/* RW: own state, mirrored into the
					 * state table at [ID] */
#define JH_LINK_REG_IRQ		0x14	/* RO: doorbell INTID of this cell */
#define JH_LINK_REG_SHM_LO	0x18	/* RO: shm_ipa bits 31:0 */
#define JH_LINK_REG_SHM_HI	0x1c	/* RO: shm_ipa bits 63:32 */
#define JH_LINK_REG_RW_SIZE	0x20	/* RO: bytes */
#define JH_LINK_REG_OUT_SIZE	0x24	/* RO: bytes per peer */
#define JH_LINK_REG_NAME	0x28	/* RO: 16 bytes, NUL-padded link name */
#define JH_LINK_REG_NAME_LEN	16

#define JH_LINK_INT_ENABLE	0x1

#define JH_LINK_DOORBELL(peer, vector) \
	((((__u32)(peer) & 0xffff) << 16) | ((__u32)(vector) & 0xffff))

/* Byte offsets of the sections inside the link memory. */
static inline __u64 jh_link_rw_offset(void)
{
	return JH_LINK_STATE_SIZE;
}

static inline __u64 jh_link_out_offset(__u64 rw_size, __u64 out_size,
				       __u32 peer)
{
	return JH_LINK_STATE_SIZE + rw_size + (__u64)peer * out_size;
}

static inline __u64 jh_link_total_size(__u64 rw_size, __u64 out_size,
				       __u32 max_peers)
{
	return jh_link_out_offset(rw_size, out_size, max_peers);
}

#endif
