// SPDX-License-Identifier: GPL-2.0
/*
 * jailhouse_net.ko: a virtual Ethernet (jhnetN) over every two-peer
 * inter-cell link whose name starts with "net", in root and in Linux cells
 * alike. Protocol ("Virtual network" in Documentation/links.md): each peer
 * transmits into a ring in its own output section and receives from the
 * peer's; the doorbell says "look at the rings"; the state table says who
 * is there. Nothing the peer writes is trusted: a bad length or index
 * takes the carrier down until the peer starts over with a new token.
 */
#include <linux/etherdevice.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/log2.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/platform_device.h>
#include <linux/random.h>
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

static struct jhnet *jhnet_devs[JHNET_MAX_DEVS];

static struct jhnet_hdr *jhnet_hdr(struct jhnet *jn, u32 peer)
{
	return jn->shm + jh_link_out_offset(jn->link.rw_size,
					    jn->link.out_size, peer);
}

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

static netdev_tx_t jhnet_xmit(struct sk_buff *skb, struct net_device *ndev)
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

static int jhnet_poll(struct napi_struct *napi, int budget)
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

static irqreturn_t jhnet_irq(int irq, void *data)
{
	struct jhnet *jn = data;

	napi_schedule(&jn->napi);
	return IRQ_HANDLED;
}

static int jhnet_open(struct net_device *ndev)
{
	struct jhnet *jn = netdev_priv(ndev);
	struct jhnet_hdr *own = jhnet_hdr(jn, jn->link.id);
	int err;

	err = request_irq(jn->link.irq, jhnet_irq, 0, ndev->name, jn);
	if (err) {
		netdev_err(ndev, "cannot request irq %d: %d\n", jn->link.irq,
			   err);
		return err;
	}
	jn->irq_requested = true;
	memset(own, 0, sizeof(*own));
	jn->peer_token = 0;
	jn->peer_bad = false;
	jn->up = false;
	jn->token = get_random_u32() | 1;
	napi_enable(&jn->napi);
	jh_link_wr(&jn->link, JH_LINK_REG_INT_CTRL, JH_LINK_INT_ENABLE);
	/* Header reset before the state that tells the peer to look. */
	wmb();
	jh_link_wr(&jn->link, JH_LINK_REG_STATE, jn->token);
	napi_schedule(&jn->napi);
	return 0;
}

static int jhnet_stop(struct net_device *ndev)
{
	struct jhnet *jn = netdev_priv(ndev);

	jh_link_wr(&jn->link, JH_LINK_REG_STATE, 0);
	jh_link_wr(&jn->link, JH_LINK_REG_INT_CTRL, 0);
	free_irq(jn->link.irq, jn);
	jn->irq_requested = false;
	napi_disable(&jn->napi);
	netif_carrier_off(ndev);
	jn->up = false;
	return 0;
}

static const struct net_device_ops jhnet_ops = {
	.ndo_open = jhnet_open,
	.ndo_stop = jhnet_stop,
	.ndo_start_xmit = jhnet_xmit,
	.ndo_set_mac_address = eth_mac_addr,
	.ndo_validate_addr = eth_validate_addr,
};

static int jhnet_check(struct jhnet *jn)
{
	struct jh_link *l = &jn->link;
	u64 slots = l->out_size / JHNET_SLOT_SIZE;

	if (l->max_peers != 2 || slots < 1 + JHNET_MIN_SLOTS) {
		pr_err("jailhouse_net: link %s: needs 2 peers and %u KiB outputs (has %u, %llu KiB)\n",
		       l->name, (1 + JHNET_MIN_SLOTS) * JHNET_SLOT_SIZE / 1024,
		       l->max_peers, l->out_size / 1024);
		return -EINVAL;
	}
	jn->peer = 1 - l->id;
	jn->nslots = rounddown_pow_of_two(min_t(u64, slots - 1, 1u << 16));
	return 0;
}

static int jhnet_map(struct jhnet *jn)
{
	struct jh_link *l = &jn->link;

	jn->shm = memremap(l->shm_phys, l->total_size, MEMREMAP_WB);
	if (!jn->shm) {
		pr_err("jailhouse_net: link %s: cannot map memory at %pa\n",
		       l->name, &l->shm_phys);
		return -ENOMEM;
	}
	return 0;
}

static int jhnet_register(struct jhnet *jn)
{
	int err;

	jn->pdev = platform_device_register_simple("jailhouse-net",
						   jn->link.index, NULL, 0);
	if (IS_ERR(jn->pdev)) {
		err = PTR_ERR(jn->pdev);
		jn->pdev = NULL;
		return err;
	}
	SET_NETDEV_DEV(jn->ndev, &jn->pdev->dev);
	netif_napi_add(jn->ndev, &jn->napi, jhnet_poll);
	netif_carrier_off(jn->ndev);
	err = register_netdev(jn->ndev);
	if (err) {
		pr_err("jailhouse_net: link %s: register_netdev: %d\n",
		       jn->link.name, err);
		netif_napi_del(&jn->napi);
		return err;
	}
	jn->registered = true;
	return 0;
}

static void jhnet_free(struct jhnet *jn)
{
	struct net_device *ndev = jn->ndev;

	if (jn->registered) {
		unregister_netdev(ndev);
		netif_napi_del(&jn->napi);
	}
	if (jn->pdev)
		platform_device_unregister(jn->pdev);
	if (jn->shm)
		memunmap(jn->shm);
	jh_link_close(&jn->link);
	free_netdev(ndev);
}

static struct jhnet *jhnet_alloc(void)
{
	struct net_device *ndev;
	struct jhnet *jn;

	ndev = alloc_netdev(sizeof(*jn), "jhnet%d", NET_NAME_ENUM,
			    ether_setup);
	if (!ndev)
		return NULL;
	jn = netdev_priv(ndev);
	jn->ndev = ndev;
	ndev->netdev_ops = &jhnet_ops;
	ndev->min_mtu = ETH_MIN_MTU;
	ndev->max_mtu = JHNET_SLOT_DATA - ETH_HLEN;
	eth_hw_addr_random(ndev);
	return jn;
}

/* Link @index: 1 when a jhnet was added, 0 when skipped, or an error. */
static int jhnet_add(unsigned int index, unsigned int slot)
{
	struct jhnet *jn = jhnet_alloc();
	int err;

	if (!jn)
		return -ENOMEM;
	err = jh_link_open(&jn->link, index);
	if (!err && strncmp(jn->link.name, "net", 3))
		err = 1;
	if (!err)
		err = jhnet_check(jn);
	if (!err)
		err = jh_link_map_irq(&jn->link);
	if (!err)
		err = jhnet_map(jn);
	if (!err)
		err = jhnet_register(jn);
	if (err) {
		jhnet_free(jn);
		return err > 0 ? 0 : err;
	}
	jhnet_devs[slot] = jn;
	netdev_info(jn->ndev, "link %s: peer %u of 2, irq %u, %u slots\n",
		    jn->link.name, jn->link.id, jn->link.intid, jn->nslots);
	return 1;
}

static void jhnet_remove_all(void)
{
	unsigned int n;

	for (n = 0; n < JHNET_MAX_DEVS; n++) {
		if (jhnet_devs[n])
			jhnet_free(jhnet_devs[n]);
		jhnet_devs[n] = NULL;
	}
}

static int __init jhnet_init(void)
{
	unsigned int index, slot = 0;
	int ret = 0;

	for (index = 0; index < JH_LINK_INDEX_LIMIT && slot < JHNET_MAX_DEVS;
	     index++) {
		ret = jhnet_add(index, slot);
		if (ret < 0)
			break;
		slot += ret;
	}
	if (ret == -ENOENT)
		return 0;
	if (ret == -ENODEV)
		pr_err("jailhouse_net: no Jailhouse hypervisor (enable it first)\n");
	else if (ret >= 0)
		pr_err("jailhouse_net: too many links\n");
	jhnet_remove_all();
	return ret < 0 ? ret : -E2BIG;
}

static void __exit jhnet_exit(void)
{
	jhnet_remove_all();
}

module_init(jhnet_init);
module_exit(jhnet_exit);
MODULE_DESCRIPTION("Jailhouse inter-cell links as virtual Ethernet");
MODULE_LICENSE("GPL");
