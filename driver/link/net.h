/* SPDX-License-Identifier: GPL-2.0 */
/*
 * jailhouse_net.ko internals: the per-link device and the ring layout of
 * Documentation/links.md "Virtual network". net_ring.c speaks the
 * protocol, net_main.c is the netdev and module glue.
 */
#ifndef _JH_DRIVER_NET_H
#define _JH_DRIVER_NET_H

#include <linux/netdevice.h>
#include <linux/platform_device.h>
#include "jh_link.h"

#define JHNET_SLOT_SIZE		2048
#define JHNET_SLOT_DATA		(JHNET_SLOT_SIZE - 8)
#define JHNET_MIN_SLOTS		4
/* As many as a cell can have links (JH_MAX_LINKS). */
#define JHNET_MAX_DEVS		16

/* Start of each output section, written by its owner only. */
struct jhnet_hdr {
	__u32 peer_token;	/* the peer's token this side synced to */
	__u32 tx_head;		/* frames written into own ring */
	__u32 rx_tail;		/* frames consumed from the peer's ring */
	__u32 tx_stopped;	/* 1: own ring full, ring when consuming */
};

struct jhnet_slot {
	__u32 len;
	__u32 reserved;
	__u8 data[JHNET_SLOT_DATA];
};

struct jhnet {
	struct jh_link link;
	struct platform_device *pdev;
	struct net_device *ndev;
	struct napi_struct napi;
	void *shm;
	u32 peer;
	u32 nslots;
	u32 token;		/* own STATE value while up */
	u32 peer_token;		/* peer state last synced to */
	bool peer_bad;		/* protocol error: wait for a new token */
	bool up;		/* both sides synced: rings in use */
	bool irq_requested;
	bool registered;
};

static inline struct jhnet_hdr *jhnet_hdr(struct jhnet *jn, u32 peer)
{
	return jn->shm + jh_link_out_offset(jn->link.rw_size,
					    jn->link.out_size, peer);
}

netdev_tx_t jhnet_xmit(struct sk_buff *skb, struct net_device *ndev);
int jhnet_poll(struct napi_struct *napi, int budget);

#endif
