// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "fake_config.h"

struct jh_cell_desc *fake_system_config(void *buf,
					const struct fake_system *spec)
{
	struct jh_system_config *sys = buf;
	struct jh_cell_desc *root = &sys->root_cell;
	struct jh_memory_region *ram;

	cfg_make_system(buf, spec->hv_base, spec->hv_size, spec->nregions, 1);
	ram = cfg_region(root, 0);
	ram->phys_start = ram->virt_start = spec->ram;
	ram->size = spec->ram_size;
	ram->flags = spec->ram_flags;
	cfg_irq(root, 0)->first = spec->irq_first;
	cfg_irq(root, 0)->count = spec->irq_count;
	cfg_seal(buf);
	return root;
}

struct jh_cell_desc *fake_cell_config(struct jh_cell_config *cfg,
				      const struct fake_cell *spec)
{
	struct jh_cell_desc *c = &cfg->cell;

	memset(cfg, 0, 4096);
	memcpy(cfg->hdr.magic, JH_CONFIG_MAGIC, JH_CONFIG_MAGIC_LEN);
	cfg->hdr.revision = JH_CONFIG_REVISION;
	cfg->hdr.arch = JH_ARCH_ARM64;
	cfg->hdr.kind = JH_CONFIG_KIND_CELL;
	strcpy(c->name, spec->name);
	c->cpus[0] = spec->cpus;
	c->flags = spec->flags;
	c->shutdown_timeout_ms = spec->shutdown_timeout_ms;
	c->num_memory_regions = 2 + spec->extra_regions;
	c->num_irq_ranges = 1;
	c->num_links = spec->links;
	c->comm_region = FAKE_COMM_IPA;
	*cfg_region(c, 0) = (struct jh_memory_region){ spec->ram, 0,
		FAKE_CELL_RAM_SIZE, JH_MEM_READ | JH_MEM_WRITE |
		JH_MEM_EXECUTE | JH_MEM_LOADABLE };
	*cfg_region(c, 1) = (struct jh_memory_region){ spec->comm,
		FAKE_COMM_IPA, 4096, JH_MEM_READ | JH_MEM_WRITE |
		JH_MEM_COMM_REGION };
	cfg_irq(c, 0)->first = spec->irq_first;
	cfg_irq(c, 0)->count = spec->irq_count;
	cfg->hdr.total_size = (u32)(sizeof(*cfg) - sizeof(*c) +
				    jh_cell_desc_size(c));
	if (cfg->hdr.total_size > 4096)
		abort();	/* past the page cleared above */
	cfg_seal(cfg);
	return c;
}

void fake_link_member(struct jh_link_member *m, const char *name, u64 shm,
		      u64 regs, u32 peer, u32 irq)
{
	memset(m, 0, sizeof(*m));
	strcpy(m->name, name);
	m->shm_ipa = shm;
	m->reg_ipa = regs;
	m->peer_id = peer;
	m->irq = irq;
}

void fake_link(struct jh_link *l, const char *name, u64 phys, u32 max_peers)
{
	memset(l, 0, sizeof(*l));
	strcpy(l->name, name);
	l->phys_start = phys;
	l->rw_size = 0x1000;
	l->out_size = 0x1000;
	l->max_peers = max_peers;
}
