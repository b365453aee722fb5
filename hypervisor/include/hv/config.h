/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Validation of configs handed to the hypervisor. Configs are untrusted:
 * every field is checked before use and errors name the offending item.
 */
#ifndef _HV_CONFIG_H
#define _HV_CONFIG_H

#include <hv/types.h>
#include <jailhouse/config.h>

/*
 * Check a system config of @size bytes. @hv_base is where the hypervisor
 * really runs, @max_cpus the number of per-CPU areas. Returns 0 or a
 * negative errno (see include/jailhouse/errno.h) after printing the cause.
 */
int config_check_system(const void *buf, u64 size, u64 hv_base,
			unsigned int max_cpus);
/* Header checks shared by system and cell configs. */
int config_check_header(const void *buf, u64 size, unsigned int kind);
/* The descriptor alone (@hv may be NULL): sizes, name, regions, irqs. */
int config_check_cell_desc(const struct jh_cell_desc *cell, u64 avail,
			   const struct jh_memory_region *hv,
			   unsigned int max_cpus);
/*
 * A cell descriptor (@avail bytes with its arrays) against the system
 * config: the shared rules (<jailhouse/config_check.h>) and the CPU limit.
 * Cell create adds what depends on the running cells.
 */
int config_check_cell(const struct jh_system_config *sys,
		      const struct jh_cell_desc *cell, u64 avail,
		      unsigned int max_cpus);

bool regions_overlap(u64 a_start, u64 a_size, u64 b_start, u64 b_size);

#endif
