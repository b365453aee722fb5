// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for the config validator. Each input is checked as a
 * system config and as a cell config, once as given and once with its
 * checksum repaired so mutations reach the checks behind the CRC. The
 * input sits in a heap block of exactly its size: any read past the end is
 * an ASan report.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake.h"
#include "cfgbuild.h"
#include <hv/config.h>
#include <jailhouse/errno.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every refusal must use one of the config errnos. */
static int check_result(int err)
{
	switch (-err) {
	case 0:
	case JH_ENODATA:
	case JH_ENOEXEC:
	case JH_EPROTO:
	case JH_EXDEV:
	case JH_EBADMSG:
	case JH_EINVAL:
	case JH_ERANGE:
	case JH_EADDRNOTAVAIL:
	/* Rules of the shared validator (include/jailhouse/config_check.h):
	 * hypervisor memory too small, interrupts, Linux RAM, DMA masters. */
	case JH_ENOMEM:
	case JH_EBUSY:
	case JH_EADDRINUSE:
	case JH_EPERM:
	/* Links: unknown link name, a name or link used twice. */
	case JH_ENOENT:
	case JH_EEXIST:
		return err;
	default:
		abort();
	}
}

/*
 * An accepted cell must really be valid: recheck with 64-bit arithmetic
 * so that a check that overflows shows up as a finding, not just crashes.
 */
static void __noreturn accepted_invalid(const char *what, unsigned int n)
{
	fprintf(stderr, "fuzz_config: validator accepted invalid %s %u\n",
		what, n);
	abort();
}

static void oracle(const struct jh_cell_desc *cell)
{
	const struct jh_memory_region *r = jh_cell_regions(cell);
	const struct jh_irq_range *irq = jh_cell_irqs(cell);
	unsigned int n;

	for (n = 0; n < cell->num_memory_regions; n++)
		if (!r[n].size || r[n].size > (1ULL << 48) ||
		    r[n].phys_start > (1ULL << 48) - r[n].size ||
		    r[n].virt_start > (1ULL << 48) - r[n].size ||
		    (r[n].flags & ~(u64)JH_MEM_VALID_FLAGS))
			accepted_invalid("memory region", n);
	for (n = 0; n < cell->num_irq_ranges; n++)
		if (irq[n].first < 32 || !irq[n].count ||
		    (u64)irq[n].first + irq[n].count > 1020)
			accepted_invalid("irq range", n);
}

/* An accepted system's link table, rechecked in 64 bits. */
static void link_oracle(const struct jh_system_config *cfg)
{
	const struct jh_link *l = jh_system_links(cfg);
	unsigned int n;
	u64 total;

	for (n = 0; n < cfg->sys.num_links; n++) {
		total = 0x1000 + l[n].rw_size + l[n].max_peers * l[n].out_size;
		if (l[n].max_peers < 2 || l[n].max_peers > 16 || l[n].flags ||
		    ((l[n].phys_start | l[n].rw_size | l[n].out_size) & 0xfff) ||
		    l[n].rw_size > (1ULL << 48) || l[n].out_size > (1ULL << 48) ||
		    l[n].phys_start > (1ULL << 48) - total ||
		    !l[n].name[0] || l[n].name[JH_LINK_NAME_LEN - 1])
			accepted_invalid("link", n);
	}
}

static int check_cell_config(const u8 *buf, size_t size)
{
	const struct jh_cell_config *cfg = (const void *)buf;
	int err = config_check_header(buf, size, JH_CONFIG_KIND_CELL);

	if (err)
		return err;
	if (cfg->hdr.total_size < sizeof(*cfg))
		return -JH_ENODATA;
	err = config_check_cell_desc(&cfg->cell, cfg->hdr.total_size -
				sizeof(cfg->hdr), NULL, CFG_MAX_CPUS);
	if (!err)
		oracle(&cfg->cell);
	return err;
}

static void check_all(const u8 *buf, size_t size)
{
	const struct jh_system_config *cfg = (const void *)buf;
	u64 hv_base = CFG_HV_BASE;

	fake_uart_reset();
	/* Let the base match when the file names one, to get further. */
	if (size >= sizeof(cfg->hdr) + sizeof(cfg->sys))
		hv_base = cfg->sys.hypervisor_memory.phys_start;
	if (!check_result(config_check_system(buf, size, hv_base,
					      CFG_MAX_CPUS))) {
		oracle(&cfg->root_cell);
		link_oracle(cfg);
	}
	check_result(config_check_system(buf, size, hv_base, JH_MAX_CPUS));
	check_result(check_cell_config(buf, size));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jh_config_header *hdr;
	u8 *buf;

	if (size > JH_CONFIG_MAX_SIZE + 4096)
		return 0;
	buf = malloc(size ? size : 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	check_all(buf, size);

	hdr = (void *)buf;
	if (size >= sizeof(*hdr) && hdr->total_size >= sizeof(*hdr) &&
	    hdr->total_size <= size) {
		hdr->checksum = 0;
		hdr->checksum = ref_crc32(0, buf, hdr->total_size);
		check_all(buf, size);
	}
	free(buf);
	return 0;
}
