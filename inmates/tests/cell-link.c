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
 *   mode=reset       STATE 0x1234, then PSCI SYSTEM_RESET when root rings;
 *                    the new run prints INT_CTRL, STATE and its state
 *                    table entry (all must be 0) and, when root rings
 *                    again, sets STATE 2 ("cell-link: up again")
 */
#include <inmate_link.h>
#include <jailhouse/hypercall.h>

#define RESET_STATE	0x1234
#define ROOT_WAIT_MS	60000

static struct inmate_link link;
/* Survives SYSTEM_RESET: the image is not reloaded and .data stays. */
static volatile u32 run = 1;

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

/* Until root rings our doorbell: true, or false after ROOT_WAIT_MS. */
static bool wait_root(void)
{
	unsigned int ms;

	for (ms = 0; ms < ROOT_WAIT_MS; ms += 100) {
		if (link_wait(&link, 100000))
			return true;
		comm_poll();
	}
	return false;
}

/*
 * The registers as the restart left them, read before link_open() sets
 * INT_CTRL again.
 */
static void print_reset_registers(void)
{
	long regs = jh_hypercall(JH_HC_LINK_INFO, 0, 0, 0);

	if (regs < 0)
		return;
	printk("cell-link: after reset INT_CTRL %u STATE %u\n",
	       *(volatile u32 *)(regs + JH_LINK_REG_INT_CTRL),
	       *(volatile u32 *)(regs + JH_LINK_REG_STATE));
}

static void __noreturn reset(void)
{
	bool rung;

	irq_enable();
	if (run == 1) {
		link_set_state(&link, RESET_STATE);
		printk("cell-link: state 0x%x set, waiting for root\n",
		       RESET_STATE);
		rung = wait_root();
		run = 2;
		printk("cell-link: resetting (doorbell %s)\n",
		       rung ? "seen" : "missing");
		psci_call(PSCI_SYSTEM_RESET, 0, 0, 0);
		printk("cell-link: SYSTEM_RESET returned\n");
		comm_idle(true);
	}
	printk("cell-link: table entry %u after reset, waiting for root\n",
	       link_peer_state(&link, link.id));
	rung = wait_root();
	link_set_state(&link, 2);
	printk("cell-link: up again (doorbell %s)\n", rung ? "seen" : "missing");
	comm_idle(true);
}

void inmate_main(void)
{
	u32 peer = cmdline_parse_int("peer", 0);
	char mode[16] = "";
	int err;

	cmdline_parse_str("mode", mode, sizeof(mode));
	if (run > 1)
		print_reset_registers();
	err = link_open(0, &link);
	if (err) {
		printk("cell-link: link_open: %d\n", err);
		comm_idle(true);
	}
	printk("cell-link: %s, peer %u of link %s\n", mode, link.id,
	       link.name);
	if (!strcmp(mode, "flood"))
		flood(peer);
	if (!strcmp(mode, "reset"))
		reset();
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
