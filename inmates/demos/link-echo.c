// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * link-echo: answers echo requests of peer 0 (root, tools/link/jh-linktest)
 * on the cell's first inter-cell link (LINK_INFO index 0), protocol in
 * Documentation/links.md "Echo protocol": on each doorbell it reads the
 * request in peer 0's output section and, when it is new and addressed to
 * this peer, writes the sequence number, the CRC-32 of the data and a copy
 * of the data into its own output section, then rings peer 0.
 * A request that does not fit is answered with len 0xffffffff.
 * It looks at requests only when a doorbell came (so an echo that works
 * proves the doorbells work); nothing the requester writes stops the loop.
 * Built on the inmate link API (inmate_link.h); it sleeps in wfi between
 * doorbells instead of link_wait()'s spin, woken every 10 ms to answer
 * shutdown requests.
 */
#include <inmate.h>
#include <inmate_link.h>

#define POLL_US		10000
#define ECHO_HDR	16
#define ECHO_SEQ	0	/* 32-bit words */
#define ECHO_LEN	1
#define ECHO_TARGET	2	/* request: peer ID that answers */
#define ECHO_CRC	2	/* answer: CRC-32 of the request data */

static struct inmate_link link;

static void poll_irq(unsigned int id)
{
	(void)id;
	timer_set_cval(timer_ticks() + timer_us_to_ticks(POLL_US));
}

/* Answers the request if it is new; returns its sequence number. */
static u32 echo_answer(u32 last)
{
	volatile u8 *req = link_peer_out(&link, 0), *ans = link_out(&link);
	volatile u32 *rq = (volatile u32 *)req, *an = (volatile u32 *)ans;
	u32 seq = rq[ECHO_SEQ], len = rq[ECHO_LEN];

	if (!seq || seq == last || rq[ECHO_TARGET] != link.id)
		return last;
	if (len > link.out_size - ECHO_HDR) {
		an[ECHO_LEN] = 0xffffffffU;
		an[ECHO_CRC] = 0;
	} else {
		memcpy((void *)(ans + ECHO_HDR), (const void *)(req + ECHO_HDR),
		       len);
		an[ECHO_LEN] = len;
		an[ECHO_CRC] = link_crc32(req + ECHO_HDR, len);
	}
	/* The answer before its sequence number (link_notify orders the
	 * doorbell after both). */
	dsb_sy();
	an[ECHO_SEQ] = seq;
	link_notify(&link, 0);
	return seq;
}

void inmate_main(void)
{
	int err = link_open(0, &link);
	u32 last;

	if (err || !link.id || link.out_size < 2 * ECHO_HDR) {
		printk("link-echo: no usable link (%d, peer %u, out_size %llu)\n",
		       err, link.id, link.out_size);
		inmate_finish();
	}
	timer_irq_init(poll_irq);
	poll_irq(0);
	/* Whatever a previous user left is not a request. */
	last = ((volatile u32 *)link_peer_out(&link, 0))[ECHO_SEQ];
	link_set_state(&link, 1);
	printk("link-echo: ready, peer %u, irq %u\n", link.id, link.irq);
	irq_disable();
	for (;;) {
		comm_poll();
		/* Only a doorbell makes it look: the test relies on that. */
		if (READ_ONCE(link.doorbells) == link.seen) {
			cpu_sleep();
			continue;
		}
		link.seen = READ_ONCE(link.doorbells);
		last = echo_answer(last);
	}
}
