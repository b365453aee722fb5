// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * cell-link: what a link member may not do, and a doorbell flood. Each
 * mode but flood ends with the cell failed by the hypervisor (FATAL on
 * its console, naming this cell); the scenario checks the verdict and
 * that the other peer and root go on.
 *   mode=out_write   write peer `peer`'s output section (read-only here)
 *   mode=state_write write the state table (read-only for everybody)
 *   mode=reg8 / reg64 / unaligned  register page access of the wrong
 *                    size or alignment (only aligned 32-bit is allowed)
 *   mode=flood       ring `peer` as fast as the trap allows, for ever;
 *                    prints "cell-link: rung <n>" every 10000 doorbells
 */
#include <inmate_link.h>

static struct inmate_link link;

static void __noreturn flood(u32 peer)
{
	unsigned long n = 0;

	link_set_state(&link, 1);
	for (;;) {
		link_notify(&link, peer);
		if (!(++n % 10000)) {
			printk("cell-link: rung %lu\n", n);
			comm_poll();
		}
	}
}

void inmate_main(void)
{
	u32 peer = cmdline_parse_int("peer", 0);
	char mode[16] = "";
	int err;

	cmdline_parse_str("mode", mode, sizeof(mode));
	err = link_open(0, &link);
	if (err) {
		printk("cell-link: link_open: %d\n", err);
		comm_idle(true);
	}
	printk("cell-link: %s, peer %u of link %s\n", mode, link.id,
	       link.name);
	if (!strcmp(mode, "flood"))
		flood(peer);
	if (!strcmp(mode, "out_write"))
		*link_peer_out(&link, peer) = 0x5a;
	else if (!strcmp(mode, "state_write"))
		link_state_table(&link)[link.id] = 7;
	else if (!strcmp(mode, "reg8"))
		(void)*(volatile u8 *)(link.regs + JH_LINK_REG_ID);
	else if (!strcmp(mode, "reg64"))
		(void)*(volatile u64 *)(link.regs + JH_LINK_REG_ID);
	else if (!strcmp(mode, "unaligned"))
		(void)*(volatile u32 *)(link.regs + JH_LINK_REG_ID + 2);
	printk("cell-link: %s: still running, nothing stopped it\n", mode);
	comm_idle(true);
}
