/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The configs the cell-level tests (test_cell_life.c, test_link.c) and
 * the cell fuzzer (fuzz/fuzz_cell.c) run against, built in one place on
 * top of cfgbuild: a root cell whose RAM is host memory, and cells with
 * loadable RAM at guest address 0, a comm page and one interrupt range.
 * Tests change single fields afterwards and reseal with cfg_seal().
 */
#ifndef _FAKE_CONFIG_H
#define _FAKE_CONFIG_H

#include "cfgbuild.h"

/* Where every fake cell finds its comm page. */
#define FAKE_COMM_IPA		0x80000000ULL
/* Root RAM that is spare, not Linux's (no execute): cells may take it. */
#define FAKE_SPARE_RAM		(JH_MEM_READ | JH_MEM_WRITE | JH_MEM_DMA)
/* Size of a fake cell's RAM (guest 0, loadable). */
#define FAKE_CELL_RAM_SIZE	(1ULL << 20)

struct fake_system {
	u64 hv_base, hv_size;
	unsigned int nregions;	/* root regions, cfgbuild's layout */
	u64 ram, ram_size;	/* root region 0: host memory */
	u64 ram_flags;
	u32 irq_first, irq_count;	/* root's one interrupt range */
};

struct fake_cell {
	const char *name;
	u64 cpus;			/* bitmap, CPUs 0-63 */
	u64 ram, comm;			/* host addresses */
	u32 irq_first, irq_count;
	u32 flags;			/* JH_CELL_* */
	u32 shutdown_timeout_ms;
	unsigned int extra_regions;	/* zeroed, after RAM and comm page */
	unsigned int links;		/* zeroed jh_link_member entries */
};

/*
 * cfgbuild's system config (CFG_BUF_SIZE bytes at @buf) with root's RAM
 * and interrupt range as @spec says; sealed. Returns the root cell.
 */
struct jh_cell_desc *fake_system_config(void *buf,
					const struct fake_system *spec);

/*
 * A cell config in the page at @cfg: region 0 is its RAM, region 1 the
 * comm page at FAKE_COMM_IPA, then @spec->extra_regions, then the
 * interrupt range and @spec->links members; sealed. Returns the cell.
 */
struct jh_cell_desc *fake_cell_config(struct jh_cell_config *cfg,
				      const struct fake_cell *spec);

/* @m: member of link @name, its sections at @shm, registers at @regs. */
void fake_link_member(struct jh_link_member *m, const char *name, u64 shm,
		      u64 regs, u32 peer, u32 irq);

/* @l: link @name at host address @phys, one page of R/W and of output. */
void fake_link(struct jh_link *l, const char *name, u64 phys, u32 max_peers);

#endif
