// SPDX-License-Identifier: GPL-2.0
/*
 * Writes the seed corpus of the config fuzzer: valid system and cell
 * configs from common/cfgbuild.c plus one seed per error class.
 * Usage: mkcorpus DIR
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mkcorpus.h"
#include "fake.h"
#include "cfgbuild.h"

static u64 buf64[CFG_BUF_SIZE / 8];
static u8 *const buf = (u8 *)buf64;
static struct jh_system_config *const sys = (void *)buf64;
static const char *dir;

static void save(const char *name, size_t size)
{
	mkcorpus_write(dir, name, buf, size);
}

static u32 base_sys(void)
{
	return cfg_make_system(buf, CFG_HV_BASE, CFG_HV_SIZE, 5, 2);
}

int main(int argc, char **argv)
{
	u32 size;

	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	dir = argv[1];
	save("system-valid", base_sys());
	save("system-no-regions", cfg_make_system(buf, CFG_HV_BASE,
						  CFG_HV_SIZE, 0, 0));
	save("system-16-regions", cfg_make_system(buf, CFG_HV_BASE,
						  CFG_HV_SIZE, 16, 8));
	save("cell-valid", cfg_make_cell(buf, 3, 1));
	save("cell-minimal", cfg_make_cell(buf, 0, 0));

	size = base_sys();
	save("system-truncated", size - 8);
	size = base_sys();
	buf[0] = 'X';
	save("system-bad-magic", size);
	size = base_sys();
	sys->hdr.checksum ^= 0x1000;
	save("system-bad-checksum", size);
	size = base_sys();
	sys->root_cell.num_memory_regions = 0x7fffffff;
	cfg_seal(buf);
	save("system-huge-count", size);
	size = base_sys();
	cfg_region(&sys->root_cell, 1)->phys_start = CFG_HV_BASE;
	cfg_region(&sys->root_cell, 1)->virt_start = CFG_HV_BASE;
	cfg_seal(buf);
	save("system-overlap-hv", size);
	size = base_sys();
	cfg_region(&sys->root_cell, 2)->size = 0xfffffffffffff000ULL;
	cfg_seal(buf);
	save("system-region-wraps", size);
	size = base_sys();
	cfg_irq(&sys->root_cell, 0)->first = 1019;
	cfg_irq(&sys->root_cell, 0)->count = 2;
	cfg_seal(buf);
	save("system-irq-range", size);
	/* Rejected today; one mutation of count away from 2^32 wrap-around. */
	size = base_sys();
	cfg_irq(&sys->root_cell, 1)->first = 0xfffffe00;
	cfg_irq(&sys->root_cell, 1)->count = 8;
	cfg_seal(buf);
	save("system-irq-high", size);
	size = base_sys();
	sys->root_cell.cpus[3] = 1ULL << 63;
	cfg_seal(buf);
	save("system-cpu-255", size);
	return 0;
}
