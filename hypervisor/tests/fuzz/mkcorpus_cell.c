// SPDX-License-Identifier: GPL-2.0
/*
 * Writes the seed corpus of fuzz_cell: valid cell configs for the world
 * of fuzz_cell.h with scripts that walk the life cycle (start, shutdown
 * answers, timeouts, unresponsive CPUs, refused second creates), shapes
 * that stress the page tables, and one config per refusal of create.
 * Usage: mkcorpus_cell DIR
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mkcorpus.h"
#include "fake.h"
#include "cfgbuild.h"
#include "fuzz_cell.h"

#define RWX	(JH_MEM_READ | JH_MEM_WRITE | JH_MEM_EXECUTE)
#define RW	(JH_MEM_READ | JH_MEM_WRITE)
#define COMM	0x80000000ULL

static u64 buf64[CFG_BUF_SIZE / 8];
static struct jh_cell_config *const cfg = (void *)buf64;
static struct jh_cell_desc *const cell = &cfg->cell;
static const char *dir;
static unsigned int nregions, nirqs, nlinks;
static struct jh_memory_region regions[JH_MAX_MEM_REGIONS];
static struct jh_irq_range irqs[JH_MAX_IRQ_RANGES];
static struct jh_link_member members[2];

static void begin(const char *name, u64 cpus)
{
	memset(buf64, 0, sizeof(buf64));
	memcpy(cfg->hdr.magic, JH_CONFIG_MAGIC, JH_CONFIG_MAGIC_LEN);
	cfg->hdr.revision = JH_CONFIG_REVISION;
	cfg->hdr.arch = JH_ARCH_ARM64;
	cfg->hdr.kind = JH_CONFIG_KIND_CELL;
	strcpy(cell->name, name);
	cell->cpus[0] = cpus;
	cell->flags = JH_CELL_CONSOLE_WRITE;
	cell->shutdown_timeout_ms = 100;
	nregions = nirqs = nlinks = 0;
}

static void region(u64 phys, u64 virt, u64 size, u64 flags)
{
	regions[nregions++] = (struct jh_memory_region){ phys, virt, size,
							 flags };
}

static void irq(u32 first, u32 count)
{
	irqs[nirqs++] = (struct jh_irq_range){ first, count };
}

/* A membership in link @name (fuzz_cell.h has fc0). */
static void link(const char *name, u32 peer, u32 irq)
{
	struct jh_link_member *m = &members[nlinks++];

	memset(m, 0, sizeof(*m));
	strcpy(m->name, name);
	m->shm_ipa = 0x90000000;
	m->reg_ipa = 0x90100000;
	m->peer_id = peer;
	m->irq = irq;
}

/* RAM at guest 0 from the inmate area, comm page behind it. */
static void standard(const char *name, u64 cpus, u64 ram)
{
	begin(name, cpus);
	cell->comm_region = COMM;
	region(ram, 0, 1UL << 20, RWX | JH_MEM_LOADABLE);
	region(ram + (1UL << 20), COMM, 4096, RW | JH_MEM_COMM_REGION);
	irq(40, 2);
}

/* Lay out the arrays, seal, and return the config size. */
static u32 finish(void)
{
	unsigned int n;

	cell->num_memory_regions = nregions;
	cell->num_irq_ranges = nirqs;
	cell->num_links = nlinks;
	for (n = 0; n < nregions; n++)
		*cfg_region(cell, n) = regions[n];
	for (n = 0; n < nirqs; n++)
		*cfg_irq(cell, n) = irqs[n];
	memcpy((struct jh_link_member *)jh_cell_links(cell), members,
	       nlinks * sizeof(members[0]));
	cfg->hdr.total_size = sizeof(*cfg) + jh_cell_desc_size(cell) -
			      sizeof(*cell);
	cfg_seal(cfg);
	return cfg->hdr.total_size;
}

static void save_bytes(const char *name, const void *p, size_t size)
{
	mkcorpus_write(dir, name, p, size);
}

/* The config followed by a script (see fuzz_cell.h). */
static void save(const char *name, const u8 *script, size_t len)
{
	u32 size = finish();

	if (len)
		memcpy((u8 *)buf64 + size, script, len);
	save_bytes(name, buf64, size + len);
}

#define SAVE(name, ...) do { \
	static const u8 s[] = { __VA_ARGS__ }; \
	save(name, s, sizeof(s)); \
} while (0)

static void le(u8 *p, u64 v, unsigned int bytes)
{
	while (bytes--) {
		*p++ = v;
		v >>= 8;
	}
}

static void lifecycles(void)
{
	u8 at[3 * 13 + 16];

	standard("basic", 0x4, 0x70800000);
	save("cell-basic", NULL, 0);
	SAVE("cell-shutdown-ok", FC_OP_START, FC_OP_GET_STATE,
	     FC_OP_SHUTDOWN, FC_OP_SHUTDOWN, FC_OP_REPLY_OK, FC_OP_SHUTDOWN,
	     FC_OP_GET_STATE, FC_OP_SET_LOADABLE, FC_OP_START,
	     FC_OP_DESTROY);
	SAVE("cell-shutdown-denied", FC_OP_START, FC_OP_SHUTDOWN,
	     FC_OP_REPLY_DENIED, FC_OP_SHUTDOWN, FC_OP_LOCK_TOGGLE,
	     FC_OP_GET_STATE, FC_OP_SHUTDOWN, FC_OP_LOCK_TOGGLE,
	     FC_OP_SHUTDOWN, FC_OP_TIME, FC_OP_SHUTDOWN, FC_OP_GET_STATE,
	     FC_OP_SET_LOADABLE, FC_OP_START, FC_OP_DESTROY);
	SAVE("cell-unresponsive", FC_OP_START, FC_OP_UNRESPONSIVE,
	     FC_OP_SHUTDOWN, FC_OP_TIME, FC_OP_SHUTDOWN, FC_OP_START,
	     FC_OP_DESTROY, FC_OP_GET_STATE, FC_OP_UNRESPONSIVE,
	     FC_OP_SET_LOADABLE, FC_OP_DESTROY);
	SAVE("cell-comm-garbage", FC_OP_START, FC_OP_COMM_WRITE, 5, 0xff,
	     0xff, 0xff, 0xff, FC_OP_COMM_WRITE, 6, 7, 0, 0, 0,
	     FC_OP_SHUTDOWN, FC_OP_COMM_WRITE, 4, 9, 0, 0, 0, FC_OP_SHUTDOWN,
	     FC_OP_DESTROY);
	SAVE("cell-second-create", FC_OP_CREATE_AGAIN, FC_OP_FROM_CELL,
	     FC_OP_START, FC_OP_CREATE_AGAIN, FC_OP_FROM_CELL,
	     FC_OP_DESTROY);

	/* Peer 2 of link fc0, doorbell on its own SPI 41. */
	standard("linked", 0x4, 0x70800000);
	link(FC_LINK_NAME, 2, 41);
	SAVE("cell-link", FC_OP_START, FC_OP_SHUTDOWN, FC_OP_REPLY_OK,
	     FC_OP_SHUTDOWN, FC_OP_CREATE_AGAIN, FC_OP_START, FC_OP_DESTROY);
	standard("linked", 0x4, 0x70800000);
	link(FC_LINK_NAME, 3, 40);
	SAVE("cell-link-pool", FC_OP_POOL, 3, FC_OP_START, FC_OP_DESTROY);

	/* Creates at other root addresses: resident's config, hv, a device. */
	at[0] = FC_OP_CREATE_AT;
	le(at + 1, FC_RES_CFG_ADDR, 8);
	le(at + 9, 4096, 4);
	at[13] = FC_OP_CREATE_AT;
	le(at + 14, FC_HV_BASE + 0x1000, 8);
	le(at + 22, 4096, 4);
	at[26] = FC_OP_CREATE_AT;
	le(at + 27, FC_UART, 8);
	le(at + 35, 4096, 4);
	at[39] = FC_OP_DESTROY;
	save("cell-create-at", at, 40);
}

static void shapes(void)
{
	unsigned int n;

	/* Two CPUs, unaligned RAM, device, memory shared with root and the
	 * resident, RAM taken from root's own, three SPI ranges. */
	begin("multi", 0xa);
	cell->comm_region = COMM;
	region(0x70a01000, 0, (2UL << 20) + 4096, RWX | JH_MEM_LOADABLE);
	region(0x70d00000, COMM, 4096, RW | JH_MEM_COMM_REGION);
	region(FC_UART, FC_UART, 4096, RW | JH_MEM_IO);
	region(FC_RES_SHARED, 0x90000000, 1UL << 20, RW | JH_MEM_ROOTSHARED);
	region(0x48000000, 0xa0000000, 4096, RW);
	region(0x70e00000, 0xb0000000, 2UL << 20,
	       RW | JH_MEM_LOADABLE | JH_MEM_ROOTSHARED);
	irq(40, 8);
	irq(100, 2);
	irq(287, 1);
	SAVE("cell-multi", FC_OP_START, FC_OP_SHUTDOWN, FC_OP_REPLY_OK,
	     FC_OP_SHUTDOWN, FC_OP_START, FC_OP_SET_LOADABLE, FC_OP_DESTROY);

	begin("no-comm", 0x8);
	cell->entry = 0x1000;
	region(0x71000000, 0, 64UL << 10, RWX);
	SAVE("cell-no-comm", FC_OP_START, FC_OP_SHUTDOWN, FC_OP_START,
	     FC_OP_SET_LOADABLE, FC_OP_DESTROY);

	/* Scattered pages: guest-contiguous, host every other page. */
	begin("pages", 0x2);
	for (n = 0; n < 48; n++)
		region(0x71400000 + 2 * n * 4096ULL, n * 4096ULL, 4096,
		       RWX | (n % 3 ? JH_MEM_LOADABLE : 0));
	irq(200, 16);
	SAVE("cell-pages", FC_OP_START, FC_OP_SET_LOADABLE, FC_OP_DESTROY);

	/* Loadable memory next to the resident's: root's table there
	 * empties on start, giving it back needs a pool page. */
	begin("pressure", 0x4);
	region(0x70800000, 0, 2UL << 20, RWX | JH_MEM_LOADABLE);
	region(FC_RES_COMM + 4096, 0x400000, (1UL << 20) - 4096,
	       RW | JH_MEM_LOADABLE);
	irq(60, 1);
	SAVE("cell-pool-pressure", FC_OP_START, FC_OP_POOL, 0,
	     FC_OP_SET_LOADABLE, FC_OP_POOL, 0, FC_OP_SET_LOADABLE,
	     FC_OP_START, FC_OP_DESTROY);

	/* Big blocks, from both root RAM regions. */
	begin("big", 0xe);
	region(0x74000000, 0x40000000, 64UL << 20, RWX | JH_MEM_LOADABLE);
	region(0x60000000, 0x80000000ULL, 128UL << 20, RW);
	cell->entry = 0x40000000;
	irq(32, 64);
	SAVE("cell-big", FC_OP_START, FC_OP_DESTROY);
}

/* One change to the basic cell that create refuses. */
static void refusal(const char *name, void (*change)(void))
{
	standard("refused", 0x4, 0x70800000);
	change();
	save(name, NULL, 0);
}

static void name_taken(void) { strcpy(cell->name, "resident"); }
static void cpu_taken(void) { cell->cpus[0] = 1ULL << FC_RES_CPU; }
static void cpu_zero(void) { cell->cpus[0] = 0x5; }
static void irq_taken(void) { irqs[0].first = FC_RES_IRQ_FIRST; }
static void irq_ppi(void) { irqs[0].first = 27; }
static void irq_unowned(void) { irqs[0].first = 300; }
static void on_hv(void) { regions[0].phys_start = FC_HV_BASE; }
static void on_gicr(void)
{
	region(FC_GICR + 0x20000, FC_GICR + 0x20000, 0x20000, RW | JH_MEM_IO);
}
static void on_gicd(void)
{
	region(FC_GICD, 0x20000000, 0x10000, RW | JH_MEM_IO);
}
static void on_resident(void) { regions[0].phys_start = FC_RES_RAM; }
static void outside_root(void) { regions[0].phys_start = 0x7ff00000; }
static void io_mismatch(void) { regions[0].flags |= JH_MEM_IO; }
static void comm_not_page(void) { regions[1].size = 8192; }
static void entry_outside(void) { cell->entry = 0x200000; }
static void self_overlap(void) { regions[1].virt_start = 0x1000; }

static void link_peer_taken(void) { link(FC_LINK_NAME, 1, 41); }
static void link_unknown(void) { link("nope", 2, 41); }
static void link_peer_range(void) { link(FC_LINK_NAME, FC_LINK_PEERS, 41); }
static void link_irq_unowned(void) { link(FC_LINK_NAME, 2, 60); }
static void link_on_ram(void)
{
	link(FC_LINK_NAME, 2, 41);
	members[0].shm_ipa = 0;
}
static void link_root_doorbell(void)
{
	link(FC_LINK_NAME, 2, 41);
	irq(FC_LINK_ROOT_IRQ, 1);
}
static void region_on_link(void) { regions[0].phys_start = FC_LINK_BASE; }

static void refusals(void)
{
	u32 size;

	refusal("refuse-name-taken", name_taken);
	refusal("refuse-cpu-taken", cpu_taken);
	refusal("refuse-cpu-zero", cpu_zero);
	refusal("refuse-irq-taken", irq_taken);
	refusal("refuse-irq-ppi", irq_ppi);
	refusal("refuse-irq-unowned", irq_unowned);
	refusal("refuse-on-hv", on_hv);
	refusal("refuse-on-gicr", on_gicr);
	refusal("refuse-on-gicd", on_gicd);
	refusal("refuse-on-resident", on_resident);
	refusal("refuse-outside-root", outside_root);
	refusal("refuse-io-mismatch", io_mismatch);
	refusal("refuse-comm-not-page", comm_not_page);
	refusal("refuse-entry-outside", entry_outside);
	refusal("refuse-self-overlap", self_overlap);
	refusal("refuse-link-peer-taken", link_peer_taken);
	refusal("refuse-link-unknown", link_unknown);
	refusal("refuse-link-peer-range", link_peer_range);
	refusal("refuse-link-irq-unowned", link_irq_unowned);
	refusal("refuse-link-on-ram", link_on_ram);
	refusal("refuse-link-root-doorbell", link_root_doorbell);
	refusal("refuse-region-on-link", region_on_link);

	standard("refused", 0x4, 0x70800000);
	size = finish();
	cfg->cell.flags ^= 1;
	save_bytes("refuse-bad-checksum", buf64, size);
	standard("refused", 0x4, 0x70800000);
	size = finish();
	save_bytes("refuse-truncated", buf64, size - 8);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	dir = argv[1];
	lifecycles();
	shapes();
	refusals();
	return 0;
}
