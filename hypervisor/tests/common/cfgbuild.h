/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Builds config binaries (include/jailhouse/config.h) in memory for the
 * tests and the fuzz corpus, with a CRC-32 of its own so a broken core
 * crc32() cannot hide behind a matching broken builder.
 */
#ifndef _CFGBUILD_H
#define _CFGBUILD_H

#include "fake.h"
#include <jailhouse/config.h>

#define CFG_HV_BASE		0x70000000ULL
#define CFG_HV_SIZE		(4ULL << 20)
#define CFG_MAX_CPUS		4
#define CFG_BUF_SIZE		(64 * 1024)

/* zlib-compatible CRC-32, table driven. */
u32 ref_crc32(u32 crc, const void *buf, size_t len);

/*
 * A valid system config like configs/qemu-arm64.yaml with @nregions root
 * regions and @nirqs irq ranges; returns total_size.
 */
u32 cfg_make_system(void *buf, u64 hv_base, u64 hv_size,
		    unsigned int nregions, unsigned int nirqs);
/* A valid cell config (one CPU, RAM, comm page, UART); returns total_size. */
u32 cfg_make_cell(void *buf, unsigned int nregions, unsigned int nirqs);
/* Recompute the checksum after a test changed a field. */
void cfg_seal(void *buf);

struct jh_memory_region *cfg_region(struct jh_cell_desc *cell, unsigned int n);
struct jh_irq_range *cfg_irq(struct jh_cell_desc *cell, unsigned int n);

#endif
