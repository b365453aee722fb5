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
#include <hv/printk.h>
#include <hv/string.h>

#define ADDR_LIMIT	(1ULL << 48)

bool regions_overlap(u64 a_start, u64 a_size, u64 b_start, u64 b_size)
{
	return a_start < b_start + b_size && b_start < a_start + a_size;
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

static int check_region(const struct jh_memory_region *r, unsigned int n,
			const struct jh_memory_region *hv)
{
	if (!r->size || !IS_ALIGNED(r->phys_start | r->virt_start | r->size,
				    PAGE_SIZE)) {
		printk("config: region %u (0x%llx, size 0x%llx) empty or not "
		       "page aligned\n", n, r->phys_start, r->size);
		return trace_error(-ERANGE);
	}
	if (r->phys_start + r->size < r->phys_start ||
	    r->phys_start + r->size > ADDR_LIMIT ||
	    r->virt_start + r->size < r->virt_start ||
	    r->virt_start + r->size > ADDR_LIMIT) {
		printk("config: region %u (0x%llx, size 0x%llx) exceeds the "
		       "address space\n", n, r->phys_start, r->size);
		return trace_error(-ERANGE);
	}
	if (r->flags & ~(u64)JH_MEM_VALID_FLAGS) {
		printk("config: region %u has unknown flags 0x%llx\n", n,
		       r->flags & ~(u64)JH_MEM_VALID_FLAGS);
		return trace_error(-EINVAL);
	}
	if (hv && regions_overlap(r->phys_start, r->size, hv->phys_start,
				  hv->size)) {
		printk("config: region %u (0x%llx, size 0x%llx) overlaps "
		       "hypervisor memory (0x%llx, size 0x%llx)\n", n,
		       r->phys_start, r->size, hv->phys_start, hv->size);
		return trace_error(-EADDRNOTAVAIL);
	}
	return 0;
}

static int check_irqs(const struct jh_cell_desc *cell)
{
	const struct jh_irq_range *irq = jh_cell_irqs(cell);
	unsigned int n;

	for (n = 0; n < cell->num_irq_ranges; n++, irq++) {
		if (!irq->count || irq->first < 32 || irq->count > 988 ||
		    (u64)irq->first + irq->count > 1020) {
			printk("config: irq range %u (%u, count %u) invalid: "
			       "SPIs are 32..1019\n", n, irq->first,
			       irq->count);
			return trace_error(-EINVAL);
		}
	}
	return 0;
}

int config_check_cell(const struct jh_cell_desc *cell, u64 avail,
		      const struct jh_memory_region *hv, unsigned int max_cpus)
{
	const struct jh_memory_region *r;
	unsigned int n;
	int err;

	if (avail < sizeof(*cell) ||
	    cell->num_memory_regions > JH_MAX_MEM_REGIONS ||
	    cell->num_irq_ranges > JH_MAX_IRQ_RANGES ||
	    jh_cell_desc_size(cell) != avail) {
		printk("config: cell arrays do not match the file size\n");
		return trace_error(-ENODATA);
	}
	if (!strnlen(cell->name, JH_CELL_NAME_LEN) ||
	    strnlen(cell->name, JH_CELL_NAME_LEN) == JH_CELL_NAME_LEN) {
		printk("config: cell name empty or not terminated\n");
		return trace_error(-EINVAL);
	}
	if (cell->flags & ~(u32)JH_CELL_VALID_FLAGS) {
		printk("config: cell has unknown flags 0x%x\n", cell->flags);
		return trace_error(-EINVAL);
	}
	if (find_next_bit(cell->cpus, JH_MAX_CPUS, 0) >= JH_MAX_CPUS ||
	    find_next_bit(cell->cpus, JH_MAX_CPUS, max_cpus) < JH_MAX_CPUS) {
		printk("config: cell CPU set empty or beyond CPU %u\n",
		       max_cpus - 1);
		return trace_error(-EINVAL);
	}
	r = jh_cell_regions(cell);
	for (n = 0; n < cell->num_memory_regions; n++) {
		err = check_region(&r[n], n, hv);
		if (err)
			return err;
	}
	return check_irqs(cell);
}

/* The ITS frames are 64 KiB each; only a GICv3 has one. */
static int check_its(const struct jh_platform *gic)
{
	u64 base = gic->gits_base, size = gic->gits_size;

	if (!base && !size)
		return 0;
	if (gic->gic_version != 3 || !base || !size ||
	    !IS_ALIGNED(base | size, 0x10000) || base + size < base ||
	    base + size > ADDR_LIMIT) {
		printk("config: GIC ITS at 0x%llx size 0x%llx invalid\n",
		       base, size);
		return trace_error(-EINVAL);
	}
	return 0;
}

static int check_system(const struct jh_system *sys, u64 hv_base)
{
	const struct jh_memory_region *hv = &sys->hypervisor_memory;

	if (hv->phys_start != hv_base || !hv->size ||
	    !IS_ALIGNED(hv->size, PAGE_SIZE) || hv->size > ADDR_LIMIT) {
		printk("config: hypervisor memory 0x%llx size 0x%llx, but the "
		       "hypervisor runs at 0x%llx\n", hv->phys_start, hv->size,
		       hv_base);
		return trace_error(-EINVAL);
	}
	if (sys->console.type > JH_CONSOLE_PL011 ||
	    (sys->console.type && (!sys->console.address ||
	     !IS_ALIGNED(sys->console.address, PAGE_SIZE)))) {
		printk("config: debug console type %u at 0x%llx invalid\n",
		       sys->console.type, sys->console.address);
		return trace_error(-EINVAL);
	}
	if ((sys->platform.gic_version != 2 && sys->platform.gic_version != 3) ||
	    !sys->platform.gicd_base ||
	    (sys->platform.gic_version == 3 && !sys->platform.gicr_base) ||
	    !IS_ALIGNED(sys->platform.gicd_base | sys->platform.gicr_base,
			PAGE_SIZE)) {
		printk("config: GIC version %u at 0x%llx invalid\n",
		       sys->platform.gic_version, sys->platform.gicd_base);
		return trace_error(-EINVAL);
	}
	return check_its(&sys->platform);
}

static int check_root_regions(const struct jh_cell_desc *cell)
{
	const struct jh_memory_region *r = jh_cell_regions(cell);
	unsigned int n, m;

	for (n = 0; n < cell->num_memory_regions; n++) {
		if (r[n].phys_start != r[n].virt_start) {
			printk("config: root region %u must be identity "
			       "mapped (virt == phys)\n", n);
			return trace_error(-EINVAL);
		}
		for (m = 0; m < n; m++) {
			if (regions_overlap(r[n].phys_start, r[n].size,
					    r[m].phys_start, r[m].size)) {
				printk("config: root regions %u and %u "
				       "overlap\n", m, n);
				return trace_error(-EINVAL);
			}
		}
	}
	return 0;
}

int config_check_system(const void *buf, u64 size, u64 hv_base,
			unsigned int max_cpus)
{
	const struct jh_system_config *cfg = buf;
	u64 fixed = sizeof(cfg->hdr) + sizeof(cfg->sys);
	int err;

	err = config_check_header(buf, size, JH_CONFIG_KIND_SYSTEM);
	if (err)
		return err;
	if (cfg->hdr.total_size < sizeof(*cfg)) {
		printk("config: truncated system config\n");
		return trace_error(-ENODATA);
	}
	err = check_system(&cfg->sys, hv_base);
	if (err)
		return err;
	err = config_check_cell(&cfg->root_cell, cfg->hdr.total_size - fixed,
				&cfg->sys.hypervisor_memory, max_cpus);
	if (err)
		return err;
	return check_root_regions(&cfg->root_cell);
}
