// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Inter-cell links for inmates (include/inmate_link.h). The register page
 * takes aligned 32-bit accesses only: everything here goes through
 * link_reg_read/link_reg_write.
 */
#include <inmate_link.h>
#include <jailhouse/hypercall.h>

/* The links whose doorbell this CPU's handler counts, by SPI. */
#define LINK_MAX_OPEN	4
static struct inmate_link *open_links[LINK_MAX_OPEN];

u32 link_reg_read(const struct inmate_link *l, u32 off)
{
	return mmio_read32(l->regs + off);
}

void link_reg_write(const struct inmate_link *l, u32 off, u32 value)
{
	mmio_write32(l->regs + off, value);
}

static void link_irq(unsigned int intid)
{
	unsigned int n;

	for (n = 0; n < LINK_MAX_OPEN; n++)
		if (open_links[n] && open_links[n]->irq == intid)
			open_links[n]->doorbells++;
}

static void read_name(struct inmate_link *l)
{
	unsigned int n, i;
	u32 w;

	for (n = 0; n < JH_LINK_REG_NAME_LEN; n += 4) {
		w = link_reg_read(l, JH_LINK_REG_NAME + n);
		for (i = 0; i < 4; i++)
			l->name[n + i] = (char)(w >> (8 * i));
	}
	l->name[JH_LINK_REG_NAME_LEN] = 0;
}

int link_open(unsigned int index, struct inmate_link *l)
{
	long regs = jh_hypercall(JH_HC_LINK_INFO, index, 0, 0);
	unsigned int n;

	if (regs < 0)
		return (int)regs;
	memset(l, 0, sizeof(*l));
	l->regs = regs;
	l->id = link_reg_read(l, JH_LINK_REG_ID);
	l->max_peers = link_reg_read(l, JH_LINK_REG_MAX_PEERS);
	l->irq = link_reg_read(l, JH_LINK_REG_IRQ);
	l->shm = link_reg_read(l, JH_LINK_REG_SHM_LO) |
		 (u64)link_reg_read(l, JH_LINK_REG_SHM_HI) << 32;
	l->rw_size = link_reg_read(l, JH_LINK_REG_RW_SIZE);
	l->out_size = link_reg_read(l, JH_LINK_REG_OUT_SIZE);
	read_name(l);
	for (n = 0; n < LINK_MAX_OPEN; n++)
		if (!open_links[n] || open_links[n] == l) {
			open_links[n] = l;
			break;
		}
	irq_set_handler(l->irq, link_irq);
	irq_enable_intid(l->irq);
	link_reg_write(l, JH_LINK_REG_INT_CTRL, JH_LINK_INT_ENABLE);
	return 0;
}

void link_notify(const struct inmate_link *l, u32 peer)
{
	/* Our writes to the link memory land before the peer's irq. */
	dsb_sy();
	link_reg_write(l, JH_LINK_REG_DOORBELL, JH_LINK_DOORBELL(peer, 0));
}

bool link_wait(struct inmate_link *l, u64 timeout_us)
{
	u64 end = timer_ticks() + timer_us_to_ticks(timeout_us);

	while (READ_ONCE(l->doorbells) == l->seen) {
		if (timer_ticks() >= end)
			return false;
		cpu_relax();
	}
	l->seen = READ_ONCE(l->doorbells);
	dsb_sy();
	return true;
}

u32 link_peer_state(const struct inmate_link *l, u32 peer)
{
	return peer < l->max_peers ? link_state_table(l)[peer] : 0;
}

void link_set_state(const struct inmate_link *l, u32 state)
{
	dsb_sy();
	link_reg_write(l, JH_LINK_REG_STATE, state);
}

u32 link_crc32(const volatile u8 *buf, size_t len)
{
	u32 crc = 0xffffffff;
	unsigned int k;

	while (len--) {
		crc ^= *buf++;
		for (k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320 & -(crc & 1));
	}
	return ~crc;
}
