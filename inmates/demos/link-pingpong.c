// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * link-pingpong: two cells on one inter-cell link (link 0 of each).
 * role=ping sends `trips` (default 1000) messages of varying length with
 * a CRC-32 through its output section and rings the peer; role=pong
 * checks each, echoes it through its own output section and rings back;
 * ping checks the echo. Both report as suite link-ping / link-pong.
 *
 * Afterwards pong keeps watching: it prints "link-pong: alive <n>" every
 * 500 ms (progress under a doorbell flood) and "link-pong: peer <p> down"
 * when the ping peer's state entry goes to 0 with a doorbell (it was
 * destroyed or failed). Ping idles after its report.
 * Command line: role=ping|pong, peer=<peer ID of the other side>,
 * trips=N, len=N (ping: every message carries N data bytes instead of
 * varying lengths, so that make bench times a fixed-size doorbell round
 * trip; the average is printed in counter ticks and ns).
 */
#include <inmate_link.h>
#include <jailhouse/errno.h>
#include <jailhouse/hypercall.h>

#define WAIT_US		5000000
#define HDR_SIZE	16
#define STATE_UP	1

/* Each output section starts with this header; data follows. */
struct msg {
	u32 seq;	/* written last: the message is complete */
	u32 len;
	u32 crc;
	u32 pad;
};

static struct inmate_link link;
static u32 peer;
static u32 fixed_len;	/* 0: lengths vary with the sequence number */

static volatile struct msg *msg_of(u32 id)
{
	return (volatile struct msg *)link_peer_out(&link, id);
}

static volatile u8 *data_of(u32 id)
{
	return link_peer_out(&link, id) + HDR_SIZE;
}

/* Publish a message: data and header first, sequence number last. */
static void publish(u32 seq, u32 len)
{
	volatile struct msg *m = msg_of(link.id);

	m->len = len;
	m->crc = link_crc32(data_of(link.id), len);
	dsb_sy();
	m->seq = seq;
	link_notify(&link, peer);
}

/* Until the peer's output carries @seq (doorbells may coalesce). */
static bool wait_seq(u32 seq)
{
	u64 end = timer_ticks() + timer_us_to_ticks(WAIT_US);

	while (msg_of(peer)->seq != seq) {
		if (timer_ticks() >= end)
			return false;
		link_wait(&link, 1000);
		comm_poll();
	}
	dsb_sy();
	return true;
}

static bool wait_peer_up(void)
{
	u64 end = timer_ticks() + timer_us_to_ticks(WAIT_US * 4);

	while (link_peer_state(&link, peer) != STATE_UP) {
		if (timer_ticks() >= end)
			return false;
		link_wait(&link, 1000);
		comm_poll();
	}
	return true;
}

static void check_registers(void)
{
	u32 id = link.id;

	TEST_CHECK(link.max_peers >= 2 && id < link.max_peers, "regs_id",
		   "ID %u MAX_PEERS %u", id, link.max_peers);
	TEST_CHECK(!strcmp(link.name, "pp0"), "regs_name", "name '%s'",
		   link.name);
	TEST_CHECK(link.out_size >= 0x1000 && link.shm, "regs_geometry",
		   "shm 0x%llx out_size 0x%llx", link.shm, link.out_size);
	/* Read-only registers ignore writes. */
	link_reg_write(&link, JH_LINK_REG_ID, id + 5);
	link_reg_write(&link, JH_LINK_REG_IRQ, 33);
	TEST_CHECK(link_reg_read(&link, JH_LINK_REG_ID) == id &&
		   link_reg_read(&link, JH_LINK_REG_IRQ) == link.irq,
		   "regs_ro_ignored", "ID %u IRQ %u after writes",
		   link_reg_read(&link, JH_LINK_REG_ID),
		   link_reg_read(&link, JH_LINK_REG_IRQ));
	TEST_CHECK(jh_hypercall(JH_HC_LINK_INFO, 1, 0, 0) == -JH_ENOENT,
		   "info_past_last", "LINK_INFO(1) = %ld",
		   jh_hypercall(JH_HC_LINK_INFO, 1, 0, 0));
	link_set_state(&link, STATE_UP);
	TEST_CHECK(link_peer_state(&link, id) == STATE_UP &&
		   link_reg_read(&link, JH_LINK_REG_STATE) == STATE_UP,
		   "state_mirrored", "table %u register %u",
		   link_peer_state(&link, id),
		   link_reg_read(&link, JH_LINK_REG_STATE));
}

static u32 fill(u32 seq, u64 *rng)
{
	u32 len = fixed_len ? fixed_len :
		  1 + (seq * 97) % (link.out_size - HDR_SIZE);
	volatile u8 *d = data_of(link.id);
	u32 n;

	for (n = 0; n < len; n++) {
		*rng = *rng * 6364136223846793005ULL + 1442695040888963407ULL;
		d[n] = (u8)(*rng >> 56);
	}
	return len;
}

static void ping(u32 trips)
{
	u32 seq, len, bad = 0, lost = 0;
	u64 rng = 42, t0, ticks;

	TEST_CHECK(wait_peer_up(), "peer_up", "peer %u state %u", peer,
		   link_peer_state(&link, peer));
	t0 = timer_ticks();
	for (seq = 1; seq <= trips && lost < 3; seq++) {
		len = fill(seq, &rng);
		publish(seq, len);
		if (!wait_seq(seq)) {
			lost++;
			printk("link-ping: no echo of %u\n", seq);
			continue;
		}
		if (msg_of(peer)->len != len ||
		    msg_of(peer)->crc != msg_of(link.id)->crc ||
		    link_crc32(data_of(peer), len) != msg_of(link.id)->crc)
			bad++;
	}
	ticks = timer_ticks() - t0;
	TEST_CHECK(!lost && !bad && seq == trips + 1, "round_trips",
		   "%u of %u trips, %u lost, %u bad CRC", seq - 1, trips, lost,
		   bad);
	printk("link-ping: %u round trips in %llu us\n", trips,
	       timer_ticks_to_ns(ticks) / 1000);
	/* Milli-ticks: one round trip is only a few ticks under -icount. */
	if (trips)
		printk("link-ping: round trip len %u avg %llu mticks %llu ns\n",
		       fixed_len, ticks * 1000 / trips,
		       timer_ticks_to_ns(ticks) / trips);
}

static void pong(u32 trips)
{
	u32 seq, len, bad = 0, lost = 0;

	TEST_CHECK(wait_peer_up(), "peer_up", "peer %u state %u", peer,
		   link_peer_state(&link, peer));
	for (seq = 1; seq <= trips && lost < 3; seq++) {
		if (!wait_seq(seq)) {
			lost++;
			continue;
		}
		len = msg_of(peer)->len;
		if (len > link.out_size - HDR_SIZE ||
		    link_crc32(data_of(peer), len) != msg_of(peer)->crc) {
			bad++;
			len = 0;
		}
		memcpy((void *)data_of(link.id), (const void *)data_of(peer),
		       len);
		publish(seq, len);
	}
	TEST_CHECK(!lost && !bad, "round_trips", "%u lost, %u bad CRC",
		   lost, bad);
}

/* Progress lines, and the ping peer going away. */
static void __noreturn watch(void)
{
	u64 period = timer_us_to_ticks(500000), next = timer_ticks() + period;
	u32 was = link_peer_state(&link, peer), now;
	unsigned long alive = 0;
	bool rung;

	for (;;) {
		rung = link_wait(&link, 10000);
		now = link_peer_state(&link, peer);
		/* The entry may be read between its write and the irq. */
		if (was && !now && !rung)
			rung = link_wait(&link, 1000000);
		if (was && !now)
			printk("link-pong: peer %u down (state 0, doorbell %s)\n",
			       peer, rung ? "seen" : "missing");
		was = now;
		if (timer_ticks() >= next) {
			printk("link-pong: alive %lu\n", ++alive);
			next += period;
		}
		comm_poll();
	}
}

void inmate_main(void)
{
	char role[8] = "";
	u32 trips = cmdline_parse_int("trips", 1000);
	int err;

	cmdline_parse_str("role", role, sizeof(role));
	peer = cmdline_parse_int("peer", 0);
	fixed_len = cmdline_parse_int("len", 0);
	test_init(!strcmp(role, "ping") ? "link-ping" : "link-pong");
	err = link_open(0, &link);
	if (!TEST_CHECK(!err, "open", "link_open: %d", err)) {
		test_done();
		comm_idle(true);
	}
	if (fixed_len > link.out_size - HDR_SIZE) {
		printk("link-pingpong: len %u over the %llu data bytes of an output section, lengths vary instead\n",
		       fixed_len, link.out_size - HDR_SIZE);
		fixed_len = 0;
	}
	irq_enable();
	printk("link-pingpong: %s, peer %u of %u on %s, irq %u\n", role,
	       link.id, link.max_peers, link.name, link.irq);
	check_registers();
	if (!strcmp(role, "ping"))
		ping(trips);
	else
		pong(trips);
	test_done();
	if (strcmp(role, "ping"))
		watch();
	comm_idle(true);
}
