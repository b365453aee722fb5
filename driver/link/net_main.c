// SPDX-License-Identifier: GPL-2.0
/*
 * jailhouse_net.ko: a virtual Ethernet (jhnetN) over every two-peer
 * inter-cell link whose name starts with "net", in root and in Linux cells
 * alike. This file is the netdev and module glue: finding the links,
 * mapping them, up and down; the protocol is net_ring.c.
 */
#include <linux/etherdevice.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/log2.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/platform_device.h>
#include <linux/random.h>
#include "net.h"

static struct jhnet *jhnet_devs[JHNET_MAX_DEVS];

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
