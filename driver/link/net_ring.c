// SPDX-License-Identifier: GPL-2.0
/*
 * The jailhouse_net ring protocol (Documentation/links.md "Virtual
 * network"): each peer transmits into a ring in its own output section
 * and receives from the peer's; the doorbell says "look at the rings";
 * the state table says who is there. Nothing the peer writes is trusted:
 * a bad length drops the frame, a bad index takes the carrier down until
 * the peer starts over with a new token.
 */
#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include "net.h"

static struct jhnet_slot *jhnet_slot(struct jhnet *jn, u32 peer, u32 n)
{
	return (void *)jhnet_hdr(jn, peer) +
		(u64)(1 + (n & (jn->nslots - 1))) * JHNET_SLOT_SIZE;
}

static u32 jhnet_peer_state(struct jhnet *jn)
{
	const __u32 *table = jn->shm;

	return READ_ONCE(table[jn->peer]);
}

static void jhnet_kick(struct jhnet *jn)
{
	jh_link_wr(&jn->link, JH_LINK_REG_DOORBELL,
		   JH_LINK_DOORBELL(jn->peer, 0));
}

static u32 jhnet_tx_used(struct jhnet *jn)
{
	struct jhnet_hdr *own = jhnet_hdr(jn, jn->link.id);
	struct jhnet_hdr *peer = jhnet_hdr(jn, jn->peer);

	return own->tx_head - READ_ONCE(peer->rx_tail);
}

/* Space for one more frame; a peer index beyond the ring reads as full. */
static bool jhnet_tx_room(struct jhnet *jn)
{
	return jhnet_tx_used(jn) < jn->nslots;
}

static void jhnet_tx_drop(struct jhnet *jn, struct sk_buff *skb)
{
	jn->ndev->stats.tx_dropped++;
	dev_kfree_skb_any(skb);
}

/* Full ring: stop, then look again (the peer may have just consumed). */
static void jhnet_tx_stop(struct jhnet *jn)
{
	struct jhnet_hdr *own = jhnet_hdr(jn, jn->link.id);

	netif_stop_queue(jn->ndev);
	WRITE_ONCE(own->tx_stopped, 1);
	smp_mb();
	if (jhnet_tx_room(jn)) {
		WRITE_ONCE(own->tx_stopped, 0);
		netif_wake_queue(jn->ndev);
	}
}

netdev_tx_t jhnet_xmit(struct sk_buff *skb, struct net_device *ndev)
{
	struct jhnet *jn = netdev_priv(ndev);
	struct jhnet_hdr *own = jhnet_hdr(jn, jn->link.id);
	struct jhnet_slot *slot;

	if (!jn->up || skb->len > JHNET_SLOT_DATA || !jhnet_tx_room(jn)) {
		jhnet_tx_drop(jn, skb);
		return NETDEV_TX_OK;
	}
	slot = jhnet_slot(jn, jn->link.id, own->tx_head);
	skb_copy_bits(skb, 0, slot->data, skb->len);
	WRITE_ONCE(slot->len, skb->len);
	/* The frame before the index that publishes it. */
	smp_wmb();
	WRITE_ONCE(own->tx_head, own->tx_head + 1);
	ndev->stats.tx_packets++;
	ndev->stats.tx_bytes += skb->len;
	dev_consume_skb_any(skb);
	if (!jhnet_tx_room(jn))
		jhnet_tx_stop(jn);
	if (!netdev_xmit_more() || netif_queue_stopped(ndev))
		jhnet_kick(jn);
	return NETDEV_TX_OK;
}

static void jhnet_protocol_error(struct jhnet *jn, const char *what, u32 val)
{
	/* A hostile peer can repeat this at will: keep the log readable. */
	if (net_ratelimit())
		netdev_err(jn->ndev, "peer %u: %s %u, link down until it restarts\n",
			   jn->peer, what, val);
	jn->ndev->stats.rx_errors++;
	jn->peer_bad = true;
	jn->up = false;
	netif_carrier_off(jn->ndev);
}

static void jhnet_rx_one(struct jhnet *jn, u32 n)
{
	struct jhnet_slot *slot = jhnet_slot(jn, jn->peer, n);
	u32 len = READ_ONCE(slot->len);
	struct sk_buff *skb;

	if (len < ETH_HLEN || len > JHNET_SLOT_DATA) {
		jn->ndev->stats.rx_length_errors++;
		jn->ndev->stats.rx_errors++;
		return;
	}
	skb = napi_alloc_skb(&jn->napi, len);
	if (!skb) {
		jn->ndev->stats.rx_dropped++;
		return;
	}
	memcpy(skb_put(skb, len), slot->data, len);
	skb->protocol = eth_type_trans(skb, jn->ndev);
	jn->ndev->stats.rx_packets++;
	jn->ndev->stats.rx_bytes += len;
	napi_gro_receive(&jn->napi, skb);
}

/* Frames the peer published and this side has not read yet. */
static u32 jhnet_rx_pending(struct jhnet *jn)
{
	struct jhnet_hdr *own = jhnet_hdr(jn, jn->link.id);
	struct jhnet_hdr *peer = jhnet_hdr(jn, jn->peer);

	return READ_ONCE(peer->tx_head) - own->rx_tail;
}

static int jhnet_rx(struct jhnet *jn, int budget)
{
	struct jhnet_hdr *own = jhnet_hdr(jn, jn->link.id);
	struct jhnet_hdr *peer = jhnet_hdr(jn, jn->peer);
	u32 pending = jhnet_rx_pending(jn);
	int done = 0;

	if (pending > jn->nslots) {
		jhnet_protocol_error(jn, "ring index", pending);
		return 0;
	}
	/* The index before the frames it publishes. */
	smp_rmb();
	while (done < budget && pending--) {
		jhnet_rx_one(jn, own->rx_tail);
		/* The frame copied out before the slot is handed back. */
		smp_store_release(&own->rx_tail, own->rx_tail + 1);
		done++;
	}
	smp_mb();
	if (done && READ_ONCE(peer->tx_stopped))
		jhnet_kick(jn);
	return done;
}

/* Own ring back to empty; under the tx lock, xmit may run meanwhile. */
static void jhnet_reset_rings(struct jhnet *jn)
{
	struct jhnet_hdr *own = jhnet_hdr(jn, jn->link.id);

	netif_tx_lock(jn->ndev);
	jn->up = false;
	WRITE_ONCE(own->tx_head, 0);
	WRITE_ONCE(own->rx_tail, 0);
	WRITE_ONCE(own->tx_stopped, 0);
	netif_tx_unlock(jn->ndev);
}

/*
 * A new peer token (or 0: peer gone) means the peer started over: reset
 * own ring, then say so by echoing its token. Up once each side echoes
 * the other's token: neither reads a ring the other has not reset.
 */
static void jhnet_sync(struct jhnet *jn)
{
	struct jhnet_hdr *own = jhnet_hdr(jn, jn->link.id);
	struct jhnet_hdr *peer = jhnet_hdr(jn, jn->peer);
	u32 state = jhnet_peer_state(jn);
	bool up;

	if (state != jn->peer_token) {
		netif_carrier_off(jn->ndev);
		jhnet_reset_rings(jn);
		smp_wmb();
		WRITE_ONCE(own->peer_token, state);
		jn->peer_token = state;
		jn->peer_bad = false;
		if (state)
			jhnet_kick(jn);
	}
	smp_rmb();
	up = state && !jn->peer_bad &&
		READ_ONCE(peer->peer_token) == jn->token;
	if (up == jn->up)
		return;
	if (!up) {
		jhnet_reset_rings(jn);
		netif_carrier_off(jn->ndev);
		return;
	}
	jn->up = true;
	netif_carrier_on(jn->ndev);
	netif_wake_queue(jn->ndev);
}

static void jhnet_tx_wake(struct jhnet *jn)
{
	struct jhnet_hdr *own = jhnet_hdr(jn, jn->link.id);

	if (!netif_queue_stopped(jn->ndev) || !jhnet_tx_room(jn))
		return;
	WRITE_ONCE(own->tx_stopped, 0);
	netif_wake_queue(jn->ndev);
}

int jhnet_poll(struct napi_struct *napi, int budget)
{
	struct jhnet *jn = container_of(napi, struct jhnet, napi);
	int done = 0;

	jhnet_sync(jn);
	if (jn->up) {
		done = jhnet_rx(jn, budget);
		jhnet_tx_wake(jn);
	}
	if (done >= budget)
		return budget;
	napi_complete_done(napi, done);
	/* A doorbell between the last look and completing would be lost. */
	if ((jn->up && jhnet_rx_pending(jn)) ||
	    jhnet_peer_state(jn) != jn->peer_token)
		napi_schedule(napi);
	return done;
}
