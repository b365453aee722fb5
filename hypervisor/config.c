// SPDX-License-Identifier: GPL-2.0
/*
 * Config validation. The driver checks configs too, but the hypervisor
 * trusts nobody: each check here prints what is wrong and returns the errno
 * the CLI explains (include/jailhouse/errno.h).
 */
#include <hv/bitmap.h>
#include <hv/config.h>
#include <hv/crc32.h>
#include <hv/errno.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/string.h>

#define JH_CC_REFUSE(err, fmt, ...) \
	({ printk(fmt "\n", ##__VA_ARGS__); trace_error(err); })
#include <jailhouse/config_check.h>

_Static_assert(PERCPU_SIZE == JH_HV_PERCPU_SIZE,
	       "config_check.h sizes hypervisor memory with JH_HV_PERCPU_SIZE");

bool regions_overlap(u64 a_start, u64 a_size, u64 b_start, u64 b_size)
{
	return jh_cc_overlap(a_start, a_size, b_start, b_size);
}

static u32 config_crc(const void *buf, u64 size)
{
	const struct jh_config_header *hdr = buf;
	const u32 zero = 0;
	u32 crc;
	u64 off = (const u8 *)&hdr->checksum - (const u8 *)buf;

	crc = crc32(0, buf, off);
	crc = crc32(crc, &zero, sizeof(zero));
	return crc32(crc, (const u8 *)buf + off + 4, size - off - 4);
}

int config_check_header(const void *buf, u64 size, unsigned int kind)
{
	const struct jh_config_header *hdr = buf;

	if (size < sizeof(*hdr)) {
		printk("config: truncated (%llu bytes, header needs %u)\n",
		       size, (unsigned int)sizeof(*hdr));
		return trace_error(-ENODATA);
	}
	if (memcmp(hdr->magic, JH_CONFIG_MAGIC, JH_CONFIG_MAGIC_LEN)) {
		printk("config: wrong magic, not a config file\n");
		return trace_error(-ENOEXEC);
	}
	if (hdr->revision != JH_CONFIG_REVISION) {
		printk("config: revision %u, expected %u\n", hdr->revision,
		       JH_CONFIG_REVISION);
		return trace_error(-EPROTO);
	}
	if (hdr->arch != JH_ARCH_ARM64) {
		printk("config: architecture %u, expected %u (arm64)\n",
		       hdr->arch, JH_ARCH_ARM64);
		return trace_error(-EXDEV);
	}
	if (hdr->total_size > size || hdr->total_size > JH_CONFIG_MAX_SIZE ||
	    hdr->total_size < sizeof(*hdr)) {
		printk("config: truncated (total_size %u, have %llu)\n",
		       hdr->total_size, size);
		return trace_error(-ENODATA);
	}
	if (config_crc(buf, hdr->total_size) != hdr->checksum) {
		printk("config: checksum mismatch\n");
		return trace_error(-EBADMSG);
	}
	if (hdr->kind != kind || hdr->reserved) {
		printk("config: kind %u (reserved %u), expected kind %u, "
		       "reserved 0\n", hdr->kind, hdr->reserved, kind);
		return trace_error(-EINVAL);
	}
	return 0;
}

/*
 * Rules that depend only on the configs live in the validator the driver
 * and the config tool's tests share; what is left here needs runtime
 * facts: where the hypervisor runs and how many per-CPU areas it has.
 */
static int check_cpu_limit(const struct jh_cell_desc *cell,
			   unsigned int max_cpus)
{
	if (find_next_bit(cell->cpus, JH_MAX_CPUS, max_cpus) < JH_MAX_CPUS) {
		printk("config: cell CPU set beyond CPU %u\n", max_cpus - 1);
		return trace_error(-EINVAL);
	}
	return 0;
}

int config_check_cell_desc(const struct jh_cell_desc *cell, u64 avail,
			   const struct jh_memory_region *hv,
			   unsigned int max_cpus)
{
	int err = jh_cc_desc(cell, avail, hv);

	return err ? err : check_cpu_limit(cell, max_cpus);
}

int config_check_cell(const struct jh_system_config *sys,
		      const struct jh_cell_desc *cell, u64 avail,
		      unsigned int max_cpus)
{
	int err = config_check_cell_desc(cell, avail, &sys->sys.hypervisor_memory,
					 max_cpus);

	return err ? err : jh_cc_cell(sys, cell, avail);
}

int config_check_system(const void *buf, u64 size, u64 hv_base,
			unsigned int max_cpus)
{
	const struct jh_system_config *cfg = buf;
	int err;

	err = config_check_header(buf, size, JH_CONFIG_KIND_SYSTEM);
	/* The CPU limit first: a CPU beyond it is the clearer message. */
	if (!err && cfg->hdr.total_size >= sizeof(*cfg))
		err = check_cpu_limit(&cfg->root_cell, max_cpus);
	if (!err)
		err = jh_cc_system(cfg);
	if (err)
		return err;
	if (cfg->sys.hypervisor_memory.phys_start != hv_base) {
		printk("config: hypervisor memory at 0x%llx, but the hypervisor "
		       "runs at 0x%llx\n", cfg->sys.hypervisor_memory.phys_start,
		       hv_base);
		return trace_error(-EINVAL);
	}
	return 0;
}
