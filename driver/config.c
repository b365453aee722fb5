// SPDX-License-Identifier: GPL-2.0
/*
 * System config checks done before anything is touched. The hypervisor
 * validates the config again; these checks exist to refuse early with a
 * precise message while Linux can still print it.
 */
#include <linux/cpumask.h>
#include <linux/crc32.h>
#include <linux/errno.h>
#include <linux/ioport.h>
#include <linux/mm.h>
#include <linux/stddef.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include "driver.h"

/* The shared validator reports through jh_refuse (pr_err + last_error). */
#define JH_CC_REFUSE(err, fmt, ...) jh_refuse(err, fmt, ##__VA_ARGS__)
#include <jailhouse/config_check.h>

#define JH_HINT_REBUILD "hint: rebuild it with jailhouse config build"

/* zlib-compatible CRC-32 of @buf with the 4-byte field at @field_off as 0. */
u32 jh_crc32_zeroed(const void *buf, size_t len, size_t field_off)
{
	static const u8 zero[4];
	u32 crc = ~0U;

	crc = crc32_le(crc, buf, field_off);
	crc = crc32_le(crc, zero, sizeof(zero));
	crc = crc32_le(crc, buf + field_off + 4, len - field_off - 4);
	return ~crc;
}

static const char *jh_kind_name(unsigned int kind)
{
	return kind == JH_CONFIG_KIND_SYSTEM ? "system" : "cell";
}

static int jh_check_kind(unsigned int kind, unsigned int want)
{
	if (kind == want)
		return 0;
	if (want == JH_CONFIG_KIND_SYSTEM)
		return jh_refuse(-EINVAL,
				 "config kind %u is not a system config; hint: jailhouse enable takes the system config, cells are created with jailhouse cell create",
				 kind);
	return jh_refuse(-EINVAL,
			 "config kind %u is not a cell config; hint: jailhouse cell create takes a cell config, the system config goes to jailhouse enable",
			 kind);
}

/* Header of a config of @kind whose fixed part is @min_size bytes. */
static int jh_check_header(const struct jh_config_header *hdr, size_t size,
			   unsigned int kind, size_t min_size)
{
	u32 crc;

	if (memcmp(hdr->magic, JH_CONFIG_MAGIC, JH_CONFIG_MAGIC_LEN))
		return jh_refuse(-ENOEXEC,
				 "config has no JHCONFIG magic; hint: pass a compiled .cell file (jailhouse config build), not the YAML source");
	if (hdr->revision != JH_CONFIG_REVISION)
		return jh_refuse(-EPROTO,
				 "config revision %u, this driver reads revision %u; " JH_HINT_REBUILD,
				 hdr->revision, JH_CONFIG_REVISION);
	if (hdr->arch != JH_ARCH_ARM64)
		return jh_refuse(-EXDEV,
				 "config is for architecture %u, not arm64 (%u); hint: build the config for arm64",
				 hdr->arch, JH_ARCH_ARM64);
	if (jh_check_kind(hdr->kind, kind))
		return -EINVAL;
	if (hdr->total_size != size || size < min_size)
		return jh_refuse(-ENODATA,
				 "%s config truncated: header says %u bytes, file has %zu (minimum %zu); " JH_HINT_REBUILD,
				 jh_kind_name(kind), hdr->total_size, size,
				 min_size);
	crc = jh_crc32_zeroed(hdr, size,
			      offsetof(struct jh_config_header, checksum));
	if (crc != hdr->checksum)
		return jh_refuse(-EBADMSG,
				 "config checksum %#010x does not match its contents (%#010x), the file is corrupt; " JH_HINT_REBUILD,
				 hdr->checksum, crc);
	return 0;
}

/* Array sizes and name of a cell; @desc_off: the file's other bytes. */
static int jh_check_sizes(const struct jh_cell_desc *cell, size_t desc_off,
			  size_t size, const char *what)
{
	u64 need;

	if (cell->num_memory_regions > JH_MAX_MEM_REGIONS ||
	    cell->num_irq_ranges > JH_MAX_IRQ_RANGES ||
	    cell->num_links > JH_MAX_LINKS)
		return jh_refuse(-EINVAL,
				 "%s has %u memory regions, %u irq ranges and %u links (limits %u, %u, %u); hint: fix the %s",
				 what, cell->num_memory_regions,
				 cell->num_irq_ranges, cell->num_links,
				 JH_MAX_MEM_REGIONS, JH_MAX_IRQ_RANGES,
				 JH_MAX_LINKS, what);
	need = desc_off + jh_cell_desc_size(cell);
	if (need > size)
		return jh_refuse(-ENODATA,
				 "config truncated: %s arrays need %llu bytes, file has %zu; " JH_HINT_REBUILD,
				 what, need, size);
	if (need < size)
		return jh_refuse(-EINVAL,
				 "config has %llu stray bytes after the %s; " JH_HINT_REBUILD,
				 size - need, what);
	if (strnlen(cell->name, JH_CELL_NAME_LEN) == JH_CELL_NAME_LEN)
		return jh_refuse(-EINVAL,
				 "%s name is not NUL-terminated; " JH_HINT_REBUILD,
				 what);
	return 0;
}

/*
 * What only the running kernel knows: hypervisor memory must not be RAM
 * Linux uses. Everything the configs alone decide is in jh_cc_system().
 */
static int jh_check_memory(const struct jh_system_config *cfg)
{
	const struct jh_memory_region *hv = &cfg->sys.hypervisor_memory;

	if (region_intersects(hv->phys_start, hv->size, IORESOURCE_SYSTEM_RAM,
			      IORES_DESC_NONE) != REGION_DISJOINT)
		return jh_refuse(-EADDRINUSE,
				 "hypervisor memory %#llx-%#llx overlaps Linux System RAM; hint: boot with mem=768M or reserve the region",
				 hv->phys_start, hv->phys_start + hv->size - 1);
	return 0;
}

int jh_config_check(const struct jh_system_config *cfg, size_t size)
{
	int err;

	if (size < sizeof(struct jh_config_header))
		return jh_refuse(-ENODATA,
				 "config truncated: %zu bytes, smaller than its %zu-byte header; " JH_HINT_REBUILD,
				 size, sizeof(struct jh_config_header));
	err = jh_check_header(&cfg->hdr, size, JH_CONFIG_KIND_SYSTEM,
			      sizeof(struct jh_system_config));
	/* The system link table follows the root cell's arrays. */
	if (!err && cfg->sys.num_links > JH_MAX_LINKS)
		err = jh_refuse(-EINVAL,
				"config has %u links (limit %u); " JH_HINT_REBUILD,
				cfg->sys.num_links, JH_MAX_LINKS);
	if (!err)
		err = jh_check_sizes(&cfg->root_cell,
				     offsetof(struct jh_system_config, root_cell) +
				     cfg->sys.num_links * sizeof(struct jh_link),
				     size, "root cell");
	if (!err)
		err = jh_cc_system(cfg);
	if (!err)
		err = jh_check_memory(cfg);
	if (!err)
		err = jh_config_check_cpus(&cfg->root_cell);
	return err;
}

/* Keep the enabled system config: cell configs are checked against it. */
void jh_config_keep(const struct jh_system_config *cfg)
{
	jh_config_drop();
	jh.sys_config = cfg;
}

void jh_config_drop(void)
{
	vfree(jh.sys_config);
	jh.sys_config = NULL;
}

/*
 * A cell config (JH_IOCTL_CELL_CREATE) against the enabled system config.
 * CPU ownership, name clashes and Linux's own RAM depend on the running
 * system and are checked by the caller.
 */
int jh_cell_config_check(const struct jh_cell_config *cfg, size_t size)
{
	const struct jh_cell_desc *cell = &cfg->cell;
	int err;

	if (size < sizeof(struct jh_config_header))
		return jh_refuse(-ENODATA,
				 "config truncated: %zu bytes, smaller than its %zu-byte header; " JH_HINT_REBUILD,
				 size, sizeof(struct jh_config_header));
	err = jh_check_header(&cfg->hdr, size, JH_CONFIG_KIND_CELL,
			      sizeof(struct jh_cell_config));
	if (!err)
		err = jh_check_sizes(cell, offsetof(struct jh_cell_config, cell),
				     size, "cell");
	if (err)
		return err;
	if (!jh.sys_config)
		return jh_refuse(-ESRCH,
				 "hypervisor is not enabled; hint: run jailhouse enable first");
	return jh_cc_cell(jh.sys_config, cell, size - sizeof(cfg->hdr));
}

static bool jh_cell_has_cpu(const struct jh_cell_desc *cell, unsigned int cpu)
{
	return cell->cpus[cpu / 64] & (1ULL << (cpu % 64));
}

/* The root cell must own exactly the online CPUs. Caller may hold
 * cpus_read_lock to make the answer stick.
 */
int jh_config_check_cpus(const struct jh_cell_desc *cell)
{
	unsigned int cpu;
	bool online;

	for (cpu = 0; cpu < JH_MAX_CPUS; cpu++) {
		online = cpu < nr_cpu_ids && cpu_online(cpu);
		if (online && !jh_cell_has_cpu(cell, cpu))
			return jh_refuse(-EINVAL,
					 "CPU %u is online but not in the root cell; hint: the root cell's cpus must be exactly the online CPUs (%*pbl)",
					 cpu, cpumask_pr_args(cpu_online_mask));
		if (!online && jh_cell_has_cpu(cell, cpu))
			return jh_refuse(-EINVAL,
					 "root cell lists CPU %u, which is not online; hint: the root cell's cpus must be exactly the online CPUs (%*pbl)",
					 cpu, cpumask_pr_args(cpu_online_mask));
	}
	return 0;
}
