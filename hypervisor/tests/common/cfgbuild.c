// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include "cfgbuild.h"

u32 ref_crc32(u32 crc, const void *buf, size_t len)
{
	static u32 table[256];
	const u8 *p = buf;
	u32 c;
	int n, k;

	if (!table[1]) {
		for (n = 0; n < 256; n++) {
			c = (u32)n;
			for (k = 0; k < 8; k++)
				c = c & 1 ? 0xedb88320 ^ (c >> 1) : c >> 1;
			table[n] = c;
		}
	}
	crc = ~crc;
	while (len--)
		crc = table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

void cfg_seal(void *buf)
{
	struct jh_config_header *hdr = buf;

	hdr->checksum = 0;
	hdr->checksum = ref_crc32(0, buf, MIN(hdr->total_size, CFG_BUF_SIZE));
}

struct jh_memory_region *cfg_region(struct jh_cell_desc *cell, unsigned int n)
{
	return (struct jh_memory_region *)(cell + 1) + n;
}

struct jh_irq_range *cfg_irq(struct jh_cell_desc *cell, unsigned int n)
{
	return (struct jh_irq_range *)cfg_region(cell,
						 cell->num_memory_regions) + n;
}

static void header(struct jh_config_header *hdr, unsigned int kind)
{
	memcpy(hdr->magic, JH_CONFIG_MAGIC, JH_CONFIG_MAGIC_LEN);
	hdr->revision = JH_CONFIG_REVISION;
	hdr->arch = JH_ARCH_ARM64;
	hdr->kind = kind;
}

static void region(struct jh_memory_region *r, u64 phys, u64 virt, u64 size,
		   u64 flags)
{
	r->phys_start = phys;
	r->virt_start = virt;
	r->size = size;
	r->flags = flags;
}

/* Root regions: RAM, UART, GIC (distributor up to the redistributors of
 * 4 CPUs), then 64 KiB MMIO windows. */
static void root_region(struct jh_memory_region *r, unsigned int n)
{
	const u64 io = JH_MEM_READ | JH_MEM_WRITE | JH_MEM_IO;

	if (n == 0)
		region(r, 0x40000000, 0x40000000, 768ULL << 20,
		       JH_MEM_READ | JH_MEM_WRITE | JH_MEM_EXECUTE | JH_MEM_DMA);
	else if (n == 1)
		region(r, 0x09000000, 0x09000000, 0x1000, io);
	else if (n == 2)
		region(r, 0x08000000, 0x08000000, 0x120000, io);
	else
		region(r, 0x100000000ULL + n * 0x10000ULL,
		       0x100000000ULL + n * 0x10000ULL, 0x10000, io);
}

static u32 finish(void *buf, struct jh_cell_desc *cell, size_t fixed,
		  unsigned int nirqs)
{
	struct jh_config_header *hdr = buf;
	unsigned int n;

	for (n = 0; n < nirqs; n++) {
		cfg_irq(cell, n)->first = 32 + 8 * n;
		cfg_irq(cell, n)->count = 8;
	}
	hdr->total_size = (u32)(fixed + jh_cell_desc_size(cell) - sizeof(*cell));
	cfg_seal(buf);
	return hdr->total_size;
}

u32 cfg_make_system(void *buf, u64 hv_base, u64 hv_size,
		    unsigned int nregions, unsigned int nirqs)
{
	struct jh_system_config *cfg = buf;
	struct jh_system *sys = &cfg->sys;
	unsigned int n;

	memset(buf, 0, CFG_BUF_SIZE);
	header(&cfg->hdr, JH_CONFIG_KIND_SYSTEM);
	sys->hypervisor_memory.phys_start = hv_base;
	sys->hypervisor_memory.size = hv_size;
	sys->console.type = JH_CONSOLE_PL011;
	sys->console.address = 0x09000000;
	sys->console.size = 0x1000;
	sys->platform.gic_version = 3;
	sys->platform.maintenance_irq = 25;
	sys->platform.gicd_base = 0x08000000;
	sys->platform.gicr_base = 0x080a0000;
	sys->platform.gits_base = 0x08080000;
	sys->platform.gits_size = 0x20000;
	strcpy(cfg->root_cell.name, "qemu-virt");
	cfg->root_cell.cpus[0] = 0xf;
	cfg->root_cell.flags = JH_CELL_CONSOLE_WRITE;
	cfg->root_cell.num_memory_regions = nregions;
	cfg->root_cell.num_irq_ranges = nirqs;
	for (n = 0; n < nregions; n++)
		root_region(cfg_region(&cfg->root_cell, n), n);
	return finish(buf, &cfg->root_cell, sizeof(*cfg), nirqs);
}

u32 cfg_make_cell(void *buf, unsigned int nregions, unsigned int nirqs)
{
	struct jh_cell_config *cfg = buf;
	struct jh_cell_desc *cell = &cfg->cell;
	unsigned int n;

	memset(buf, 0, CFG_BUF_SIZE);
	header(&cfg->hdr, JH_CONFIG_KIND_CELL);
	strcpy(cell->name, "inmate-demo");
	cell->cpus[0] = 0x8;
	cell->num_memory_regions = nregions;
	cell->num_irq_ranges = nirqs;
	cell->comm_region = 0x80000000;
	for (n = 0; n < nregions; n++) {
		if (n == 0)
			region(cfg_region(cell, n), 0x70400000, 0, 0x100000,
			       JH_MEM_READ | JH_MEM_WRITE | JH_MEM_EXECUTE |
			       JH_MEM_LOADABLE);
		else if (n == 1)
			region(cfg_region(cell, n), 0x70500000, 0x80000000,
			       0x1000, JH_MEM_READ | JH_MEM_WRITE |
			       JH_MEM_COMM_REGION);
		else
			region(cfg_region(cell, n), 0x09000000 + n * 0x1000ULL,
			       0x09000000 + n * 0x1000ULL, 0x1000,
			       JH_MEM_READ | JH_MEM_WRITE | JH_MEM_IO);
	}
	return finish(buf, cell, sizeof(*cfg), nirqs);
}
