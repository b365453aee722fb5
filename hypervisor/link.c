// SPDX-License-Identifier: GPL-2.0
/*
 * Inter-cell links: who is a member of which link, the link memory in
 * the members' stage 2, the state table and the doorbells. The register
 * page emulation is in link_mmio.c. The config validator already checked
 * shapes and names (config_check.h); what depends on which cells exist
 * (a peer ID taken) is checked here.
 */
#include <hv/bitmap.h>
#include <hv/cell.h>
#include <hv/errno.h>
#include <hv/link.h>
#include <hv/paging.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/setup.h>
#include <hv/string.h>
#include <jailhouse/hypercall.h>

struct link links[JH_MAX_LINKS];
/* [cell id][member index]: cell ids are slot numbers below MAX_CELLS. */
struct link_peer link_peers[MAX_CELLS][JH_MAX_LINKS];
spinlock_t link_lock;

static unsigned int num_links(void)
{
	return system_config->sys.num_links;
}

/* The system link a member names, or NULL. */
static struct link *link_of(const struct jh_link_member *m)
{
	unsigned int n;

	for (n = 0; n < num_links(); n++)
		if (!memcmp(links[n].cfg->name, m->name, JH_LINK_NAME_LEN))
			return &links[n];
	return NULL;
}

static u64 link_size(const struct jh_link *c)
{
	return jh_link_total_size(c->rw_size, c->out_size, c->max_peers);
}

/*
 * State table read-only, R/W section read-write, the member's own output
 * read-write, the other outputs read-only. Stage-2 permissions enforce
 * it: a write to a read-only part faults the writer and nobody else.
 */
static int map_member(struct cell *cell, const struct jh_link_member *m,
		      const struct jh_link *c)
{
	unsigned long rw = PAGE_READ | PAGE_WRITE;
	u64 off;
	u32 p;
	int err;

	err = paging_map(&cell->s2, m->shm_ipa, c->phys_start,
			 JH_LINK_STATE_SIZE, PAGE_READ);
	if (!err && c->rw_size)
		err = paging_map(&cell->s2, m->shm_ipa + jh_link_rw_offset(),
				 c->phys_start + jh_link_rw_offset(),
				 c->rw_size, rw);
	for (p = 0; !err && c->out_size && p < c->max_peers; p++) {
		off = jh_link_out_offset(c->rw_size, c->out_size, p);
		err = paging_map(&cell->s2, m->shm_ipa + off,
				 c->phys_start + off, c->out_size,
				 p == m->peer_id ? rw : PAGE_READ);
	}
	return err;
}

/*
 * Root's doorbells stay root's: a cell owning one of those SPIs would get
 * root's doorbells (pended at the distributor, routed to the owner).
 */
static int check_root_doorbells(const struct cell *cell)
{
	const struct jh_link_member *m = jh_cell_links(root_cell.desc);
	unsigned int n;

	if (cell == &root_cell)
		return 0;
	for (n = 0; n < root_cell.desc->num_links; n++)
		if (m[n].irq < NUM_INTIDS && test_bit(m[n].irq, cell->irqs)) {
			printk("cell %s: interrupt %u is root's doorbell of link %s\n",
			       cell->desc->name, m[n].irq, m[n].name);
			return trace_error(-EBUSY);
		}
	return 0;
}

int link_cell_map(struct cell *cell)
{
	const struct jh_link_member *m = jh_cell_links(cell->desc);
	unsigned int n;
	struct link *l;
	int err;

	err = check_root_doorbells(cell);
	if (err)
		return err;
	for (n = 0; n < cell->desc->num_links; n++) {
		l = link_of(&m[n]);
		if (!l) {
			printk("cell %s: link %s is not in the system config\n",
			       cell->desc->name, m[n].name);
			return trace_error(-ENOENT);
		}
		if (l->peers[m[n].peer_id]) {
			printk("cell %s: link %s: peer %u is cell %s\n",
			       cell->desc->name, m[n].name, m[n].peer_id,
			       l->peers[m[n].peer_id]->cell->desc->name);
			return trace_error(-EBUSY);
		}
	}
	for (n = 0; n < cell->desc->num_links; n++) {
		err = map_member(cell, &m[n], link_of(&m[n])->cfg);
		if (err)
			return err;
	}
	return 0;
}

/* No remanence between users: the first member finds zeroes. */
static void zero_link(const struct link *l)
{
	u64 size = link_size(l->cfg);

	if (cell_scrub_range(l->cfg->phys_start, size) != size)
		printk("link %s: not zeroed\n", l->cfg->name);
}

void link_cell_join(struct cell *cell)
{
	const struct jh_link_member *m = jh_cell_links(cell->desc);
	struct link_peer *p;
	unsigned int n;
	struct link *l;

	for (n = 0; n < cell->desc->num_links; n++) {
		l = link_of(&m[n]);
		/* Root joins at enable, MMU off: link_enable() zeroes. */
		if (!l->members && cell != &root_cell)
			zero_link(l);
		p = &link_peers[cell->id][n];
		spin_lock(&link_lock);
		p->cell = cell;
		p->cfg = &m[n];
		p->int_ctrl = 0;
		p->state = 0;
		WRITE_ONCE(l->states[m[n].peer_id], 0);
		l->peers[m[n].peer_id] = p;
		l->members++;
		spin_unlock(&link_lock);
	}
}

int link_init(void)
{
	const struct jh_link *c = jh_system_links(system_config);
	unsigned int n;
	int err;

	memset(links, 0, sizeof(links));
	memset(link_peers, 0, sizeof(link_peers));
	for (n = 0; n < num_links(); n++) {
		links[n].cfg = &c[n];
		/* Kept mapped: STATE writes come from any CPU, any time. */
		err = arch_hv_map(c[n].phys_start, JH_LINK_STATE_SIZE,
				  PAGE_DEFAULT);
		if (err)
			return err;
		links[n].states = (u32 *)c[n].phys_start;
	}
	err = link_cell_map(&root_cell);
	if (!err)
		link_cell_join(&root_cell);
	return err;
}

void link_enable(void)
{
	unsigned int n;

	for (n = 0; n < num_links(); n++)
		if (links[n].members)
			zero_link(&links[n]);
}

/*
 * Per CPU too, so that "cell stats" shows it to the sender: the per-link
 * count alone names no cell and is only printed when a member leaves.
 */
void link_drop(struct link *l)
{
	l->dropped++;
	this_cpu()->stats[JH_CPU_STAT_DOORBELLS_DROPPED]++;
}

void link_ring(struct link *l, u32 peer)
{
	struct link_peer *p = peer < l->cfg->max_peers ? l->peers[peer] : NULL;

	if (!p || !(p->int_ctrl & JH_LINK_INT_ENABLE) ||
	    p->cell->state != JH_CELL_STATE_RUNNING) {
		link_drop(l);
		return;
	}
	arch_irq_pend(p->cfg->irq);
}

void link_notify_others(struct link *l, const struct link_peer *except)
{
	u32 peer;

	for (peer = 0; peer < l->cfg->max_peers; peer++)
		if (l->peers[peer] && l->peers[peer] != except &&
		    (l->peers[peer]->int_ctrl & JH_LINK_INT_ENABLE))
			link_ring(l, peer);
}

/* Membership @n of @cell is down: state 0, the others are told. */
static void peer_down(struct cell *cell, unsigned int n)
{
	struct link_peer *p = &link_peers[cell->id][n];
	struct link *l = link_of(p->cfg);

	p->state = 0;
	p->int_ctrl = 0;
	WRITE_ONCE(l->states[p->cfg->peer_id], 0);
	link_notify_others(l, p);
}

void link_cell_down(struct cell *cell)
{
	unsigned int n;

	spin_lock(&link_lock);
	for (n = 0; n < cell->desc->num_links; n++)
		if (link_peers[cell->id][n].cell == cell)
			peer_down(cell, n);
	spin_unlock(&link_lock);
}

/* No irq: the peers heard of state 0 when the cell went down. */
void link_cell_reset(struct cell *cell)
{
	struct link_peer *p;
	unsigned int n;

	spin_lock(&link_lock);
	for (n = 0; n < cell->desc->num_links; n++) {
		p = &link_peers[cell->id][n];
		if (p->cell != cell)
			continue;
		p->state = 0;
		p->int_ctrl = 0;
		WRITE_ONCE(link_of(p->cfg)->states[p->cfg->peer_id], 0);
	}
	spin_unlock(&link_lock);
}

void link_cell_leave(struct cell *cell)
{
	struct link_peer *p;
	unsigned int n;
	struct link *l;

	spin_lock(&link_lock);
	for (n = 0; n < cell->desc->num_links; n++) {
		p = &link_peers[cell->id][n];
		if (p->cell != cell)
			continue;
		peer_down(cell, n);
		l = link_of(p->cfg);
		l->peers[p->cfg->peer_id] = NULL;
		l->members--;
		if (l->dropped)
			printk("link %s: %llu doorbells dropped so far\n",
			       l->cfg->name, l->dropped);
		memset(p, 0, sizeof(*p));
	}
	spin_unlock(&link_lock);
}

long link_info(const struct cell *cell, u64 index)
{
	if (index >= cell->desc->num_links)
		return -ENOENT;
	return jh_cell_links(cell->desc)[index].reg_ipa;
}

u64 link_dropped(unsigned int n)
{
	return n < JH_MAX_LINKS ? READ_ONCE(links[n].dropped) : 0;
}
