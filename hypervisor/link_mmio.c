// SPDX-License-Identifier: GPL-2.0
/*
 * The register page of a link member (offsets in <jailhouse/link.h>):
 * not mapped, every access traps here. Aligned 32-bit accesses only;
 * anything else faults the cell like an access to nothing. Writes to
 * read-only registers are ignored, unknown offsets read 0, so a guest
 * probing the page learns nothing it could not read from its config.
 */
#include <hv/cell.h>
#include <hv/link.h>

/* The membership whose register page holds @addr, or NULL. */
static struct link_peer *peer_at(const struct cell *cell, u64 addr)
{
	const struct jh_link_member *m = jh_cell_links(cell->desc);
	unsigned int n;

	for (n = 0; n < cell->desc->num_links; n++)
		if (addr - m[n].reg_ipa < JH_LINK_REG_SIZE &&
		    link_peers[cell->id][n].cell == cell)
			return &link_peers[cell->id][n];
	return NULL;
}

static struct link *link_of_peer(const struct link_peer *p)
{
	unsigned int n;

	for (n = 0; n < JH_MAX_LINKS; n++)
		if (links[n].cfg && links[n].peers[p->cfg->peer_id] == p)
			return &links[n];
	return NULL;
}

static u32 name_word(const struct jh_link_member *m, u64 off)
{
	const char *s = &m->name[off - JH_LINK_REG_NAME];

	/* Little-endian like every register: byte 0 is the first char. */
	return (u32)(u8)s[0] | (u32)(u8)s[1] << 8 | (u32)(u8)s[2] << 16 |
	       (u32)(u8)s[3] << 24;
}

static u32 reg_read(const struct link *l, const struct link_peer *p, u64 off)
{
	const struct jh_link_member *m = p->cfg;

	switch (off) {
	case JH_LINK_REG_ID:
		return m->peer_id;
	case JH_LINK_REG_MAX_PEERS:
		return l->cfg->max_peers;
	case JH_LINK_REG_INT_CTRL:
		return p->int_ctrl;
	case JH_LINK_REG_STATE:
		return p->state;
	case JH_LINK_REG_IRQ:
		return m->irq;
	case JH_LINK_REG_SHM_LO:
		return (u32)m->shm_ipa;
	case JH_LINK_REG_SHM_HI:
		return (u32)(m->shm_ipa >> 32);
	case JH_LINK_REG_RW_SIZE:
		return (u32)l->cfg->rw_size;
	case JH_LINK_REG_OUT_SIZE:
		return (u32)l->cfg->out_size;
	}
	if (off >= JH_LINK_REG_NAME &&
	    off < JH_LINK_REG_NAME + JH_LINK_REG_NAME_LEN)
		return name_word(m, off);
	return 0;	/* DOORBELL is write-only; the rest is reserved */
}

static void reg_write(struct link *l, struct link_peer *p, u64 off, u32 v)
{
	switch (off) {
	case JH_LINK_REG_INT_CTRL:
		p->int_ctrl = v & JH_LINK_INT_ENABLE;
		break;
	case JH_LINK_REG_DOORBELL:
		/* Vector 0 is the only one: others are dropped too. */
		if (v & 0xffff)
			link_drop(l);
		else
			link_ring(l, v >> 16);
		break;
	case JH_LINK_REG_STATE:
		p->state = v;
		WRITE_ONCE(l->states[p->cfg->peer_id], v);
		/* The table is read by the peers before their irq fires. */
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		link_notify_others(l, p);
		break;
	}
}

/*
 * Is @addr in one of the register pages @cell's config names? Read
 * without link_lock: the memberships of a cell come from its config,
 * which does not change while the cell exists (root's neither), so an
 * address outside them is never the cell's whatever joins or leaves on
 * other CPUs. Other trapped accesses (a UART) take no global lock.
 */
static bool in_member_page(const struct cell *cell, u64 addr)
{
	const struct jh_link_member *m = jh_cell_links(cell->desc);
	unsigned int n;

	for (n = 0; n < cell->desc->num_links; n++)
		if (addr - m[n].reg_ipa < JH_LINK_REG_SIZE)
			return true;
	return false;
}

int link_mmio(struct cell *cell, struct mmio_access *a)
{
	struct link_peer *p;
	struct link *l;
	u64 off;

	if (!in_member_page(cell, a->addr))
		return LINK_NOT_MINE;
	spin_lock(&link_lock);
	p = peer_at(cell, a->addr);
	if (!p) {
		spin_unlock(&link_lock);
		return LINK_NOT_MINE;
	}
	off = a->addr - p->cfg->reg_ipa;
	if (a->size != 4 || (off & 3)) {
		spin_unlock(&link_lock);
		return MMIO_ERROR;
	}
	l = link_of_peer(p);
	if (a->is_write)
		reg_write(l, p, off, (u32)a->value);
	else
		a->value = reg_read(l, p, off);
	spin_unlock(&link_lock);
	return MMIO_HANDLED;
}
