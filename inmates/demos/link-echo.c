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
 * With the MMU off the link memory is accessed as Device memory: fine on
 * QEMU (no caches modelled); see Documentation/links.md.
 */
#include <inmate.h>
#include <jailhouse/hypercall.h>
#include <jailhouse/link.h>

#define POLL_US		10000
#define ECHO_HDR	16
#define ECHO_SEQ	0x0
#define ECHO_LEN	0x4
#define ECHO_TARGET	0x8	/* request: peer ID that answers */
#define ECHO_CRC	0x8	/* answer: CRC-32 of the request data */

static u64 regs, shm, out_size, rw_size;
static u32 my_id, intid;
static volatile u64 doorbells;

static u32 reg_rd(u32 off)
{
	return mmio_read32(regs + off);
}

static void reg_wr(u32 off, u32 val)
{
	mmio_write32(regs + off, val);
}

static u64 out_base(u32 peer)
{
	return shm + jh_link_out_offset(rw_size, out_size, peer);
}

/* CRC-32 (IEEE 802.3, reflected, as zlib and busybox crc32). */
static u32 crc32_byte(u32 crc, u8 byte)
{
	unsigned int bit;

	crc ^= byte;
	for (bit = 0; bit < 8; bit++)
		crc = (crc >> 1) ^ (0xedb88320U & -(crc & 1));
	return crc;
}

/* Byte by byte from Device memory: aligned 32-bit loads, then shifts. */
static u32 echo_copy_crc(u64 src, u64 dst, u32 len)
{
	u32 crc = 0xffffffffU, word = 0, n;

	for (n = 0; n < len; n++) {
		if (!(n & 3)) {
			word = mmio_read32(src + n);
			mmio_write32(dst + n, word);
		}
		crc = crc32_byte(crc, (word >> ((n & 3) * 8)) & 0xff);
	}
	return ~crc;
}

static void doorbell_irq(unsigned int id)
{
	(void)id;
	doorbells++;
}

static void poll_irq(unsigned int id)
{
	(void)id;
	timer_set_cval(timer_ticks() + timer_us_to_ticks(POLL_US));
}

/* Answers the request if it is new; returns its sequence number. */
static u32 echo_answer(u32 last)
{
	u64 req = out_base(0), ans = out_base(my_id);
	u32 seq = mmio_read32(req + ECHO_SEQ);
	u32 len = mmio_read32(req + ECHO_LEN);
	u32 crc;

	if (!seq || seq == last || mmio_read32(req + ECHO_TARGET) != my_id)
		return last;
	if (len > out_size - ECHO_HDR) {
		mmio_write32(ans + ECHO_LEN, 0xffffffffU);
		crc = 0;
	} else {
		crc = echo_copy_crc(req + ECHO_HDR, ans + ECHO_HDR, len);
		mmio_write32(ans + ECHO_LEN, len);
	}
	mmio_write32(ans + ECHO_CRC, crc);
	/* The answer before its sequence number, that before the doorbell. */
	dsb_sy();
	mmio_write32(ans + ECHO_SEQ, seq);
	dsb_sy();
	reg_wr(JH_LINK_REG_DOORBELL, JH_LINK_DOORBELL(0, 0));
	return seq;
}

static bool link_open(void)
{
	long reg = jh_hypercall(JH_HC_LINK_INFO, 0, 0, 0);

	if (reg <= 0) {
		printk("link-echo: no link (LINK_INFO: %ld)\n", reg);
		return false;
	}
	regs = reg;
	my_id = reg_rd(JH_LINK_REG_ID);
	intid = reg_rd(JH_LINK_REG_IRQ);
	shm = reg_rd(JH_LINK_REG_SHM_LO) |
		((u64)reg_rd(JH_LINK_REG_SHM_HI) << 32);
	rw_size = reg_rd(JH_LINK_REG_RW_SIZE);
	out_size = reg_rd(JH_LINK_REG_OUT_SIZE);
	if (!my_id || out_size < 2 * ECHO_HDR || intid < 32 || intid >= IRQ_MAX) {
		printk("link-echo: unusable link: peer %u, out_size %llu, irq %u\n",
		       my_id, out_size, intid);
		return false;
	}
	return true;
}

void inmate_main(void)
{
	u32 last = 0;
	u64 seen = 0;

	if (!link_open())
		inmate_finish();
	irq_set_handler(intid, doorbell_irq);
	irq_enable_intid(intid);
	timer_irq_init(poll_irq);
	poll_irq(0);
	/* Whatever a previous user left is not a request. */
	last = mmio_read32(out_base(0) + ECHO_SEQ);
	reg_wr(JH_LINK_REG_INT_CTRL, JH_LINK_INT_ENABLE);
	reg_wr(JH_LINK_REG_STATE, 1);
	printk("link-echo: ready, peer %u, irq %u\n", my_id, intid);
	irq_disable();
	for (;;) {
		comm_poll();
		/* Only a doorbell makes it look: the test relies on that. */
		if (doorbells == seen) {
			cpu_sleep();
			continue;
		}
		seen = doorbells;
		last = echo_answer(last);
	}
}
