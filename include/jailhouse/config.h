/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Binary configuration format, revision 4. Produced by tools/jh_config.py
 * from YAML, consumed by the driver and validated again by the hypervisor.
 * All fields little-endian, every structure naturally aligned with explicit
 * padding. Documented byte by byte in Documentation/config-format.md.
 *
 * File layout:
 *   system config: jh_config_header, jh_system (hypervisor memory, console,
 *                  platform, link count), jh_cell_desc (the root cell),
 *                  then the root cell's memory regions, irq ranges and
 *                  link memberships, then the system link table.
 *   cell config:   jh_config_header, jh_cell_desc, regions, irq ranges,
 *                  link memberships.
 */
#ifndef _JAILHOUSE_CONFIG_H
#define _JAILHOUSE_CONFIG_H

#include <jailhouse/types.h>

#define JH_CONFIG_MAGIC		"JHCONFIG"
#define JH_CONFIG_MAGIC_LEN	8
#define JH_CONFIG_REVISION	4

#define JH_ARCH_ARM64		1

#define JH_CONFIG_KIND_SYSTEM	1
#define JH_CONFIG_KIND_CELL	2

#define JH_CELL_NAME_LEN	32
#define JH_MAX_CPUS		256
#define JH_CPU_SET_WORDS	(JH_MAX_CPUS / 64)

/* Upper bounds that keep every size computation far from overflow. */
#define JH_CONFIG_MAX_SIZE	(1024 * 1024)
#define JH_MAX_MEM_REGIONS	256
#define JH_MAX_IRQ_RANGES	64
#define JH_MAX_LINKS		16	/* per cell and per system */

#define JH_LINK_NAME_LEN	16

struct jh_config_header {
	char magic[JH_CONFIG_MAGIC_LEN];	/* "JHCONFIG" */
	__u16 revision;		/* JH_CONFIG_REVISION */
	__u16 arch;		/* JH_ARCH_* */
	__u16 kind;		/* JH_CONFIG_KIND_* */
	__u16 reserved;		/* 0 */
	__u32 total_size;	/* bytes of the whole file */
	__u32 checksum;		/* CRC-32 (IEEE) of the file, this field 0 */
};

/* Memory region flags. */
#define JH_MEM_READ		0x0001
#define JH_MEM_WRITE		0x0002
#define JH_MEM_EXECUTE		0x0004
#define JH_MEM_DMA		0x0008	/* I/O: the device is a DMA master */
#define JH_MEM_IO		0x0010	/* device memory (MMIO) */
#define JH_MEM_COMM_REGION	0x0020	/* the cell's communication page */
#define JH_MEM_LOADABLE		0x0040	/* root may load it while cell is stopped */
#define JH_MEM_ROOTSHARED	0x0080	/* stays mapped in root too */
#define JH_MEM_VALID_FLAGS	0x00ff

struct jh_memory_region {
	__u64 phys_start;
	__u64 virt_start;	/* guest physical address (IPA) */
	__u64 size;
	__u64 flags;		/* JH_MEM_* */
};

struct jh_irq_range {
	__u32 first;		/* first interrupt ID (INTID) */
	__u32 count;
};

/* Cell flags. */
#define JH_CELL_CONSOLE_WRITE	0x0001	/* may print to the hypervisor console */
/*
 * PSCI SYSTEM_RESET from the cell stops it (shut down, like SYSTEM_OFF)
 * instead of restarting it: for kernels that overwrote their own image.
 */
#define JH_CELL_RESET_STOPS	0x0002
#define JH_CELL_VALID_FLAGS	0x0003

struct jh_cell_desc {
	char name[JH_CELL_NAME_LEN];	/* NUL-terminated, NUL-padded */
	__u64 cpus[JH_CPU_SET_WORDS];	/* logical CPU IDs (Linux numbering) */
	__u32 flags;			/* JH_CELL_* */
	__u32 num_memory_regions;
	__u32 num_irq_ranges;
	__u32 shutdown_timeout_ms;	/* 0: hypervisor default */
	__u64 entry;			/* IPA where the cell's CPUs start */
	__u64 comm_region;		/* IPA of the comm page, 0: none */
	__u64 uart_base;		/* IPA of an emulated PL011, 0: none */
	__u32 uart_irq;			/* its SPI (one of the cell's) */
	__u32 num_links;		/* jh_link_member entries */
};

/*
 * Inter-cell links (<jailhouse/link.h>, Documentation/links.md). The
 * system config holds the table of links; cells join them by name.
 */
struct jh_link {
	char name[JH_LINK_NAME_LEN];	/* NUL-terminated, NUL-padded, unique */
	__u64 phys_start;	/* page aligned, outside root RAM regions and
				 * hypervisor memory */
	__u64 rw_size;		/* page multiple, may be 0 */
	__u64 out_size;		/* page multiple, may be 0 */
	__u32 max_peers;	/* 2..JH_LINK_MAX_PEERS */
	__u32 flags;		/* 0 */
};

struct jh_link_member {
	char name[JH_LINK_NAME_LEN];	/* a link of the system table */
	__u64 shm_ipa;		/* guest address of the link memory (page
				 * aligned); root: equal to phys_start */
	__u64 reg_ipa;		/* guest address of the 4 KiB register page,
				 * overlapping no region of the cell */
	__u32 peer_id;		/* < max_peers, unique per link */
	__u32 irq;		/* doorbell SPI INTID */
};

#define JH_CONSOLE_NONE		0
#define JH_CONSOLE_PL011	1

struct jh_console {
	__u32 type;		/* JH_CONSOLE_* */
	__u32 flags;		/* 0 */
	__u64 address;		/* physical MMIO base */
	__u64 size;
};

struct jh_platform {
	__u32 gic_version;	/* 2 or 3 */
	__u32 maintenance_irq;	/* INTID, 25 on QEMU virt */
	__u64 gicd_base;
	__u64 gicr_base;	/* GICv3 redistributors, 0 on GICv2 */
	__u64 gicc_base;	/* GICv2 CPU interface, 0 on GICv3 */
	__u64 gich_base;	/* GICv2 hypervisor interface */
	__u64 gicv_base;	/* GICv2 virtual CPU interface */
	__u64 gits_base;	/* GICv3 ITS (a DMA master), 0: none */
	__u64 gits_size;	/* bytes, 0 when gits_base is 0 */
};

struct jh_system {
	struct jh_memory_region hypervisor_memory; /* virt_start, flags: 0 */
	struct jh_console console;
	struct jh_platform platform;
	__u32 num_links;	/* jh_link entries of the system table */
	__u32 reserved;		/* 0 */
};

struct jh_system_config {
	struct jh_config_header hdr;
	struct jh_system sys;
	struct jh_cell_desc root_cell;
	/*
	 * root cell regions, irq ranges and link members follow, then the
	 * system link table (jh_system_links())
	 */
};

struct jh_cell_config {
	struct jh_config_header hdr;
	struct jh_cell_desc cell;
	/* regions, irq ranges and link members follow */
};

_Static_assert(sizeof(struct jh_config_header) == 24, "ABI");
_Static_assert(sizeof(struct jh_memory_region) == 32, "ABI");
_Static_assert(sizeof(struct jh_irq_range) == 8, "ABI");
_Static_assert(sizeof(struct jh_cell_desc) == 112, "ABI");
_Static_assert(sizeof(struct jh_console) == 24, "ABI");
_Static_assert(sizeof(struct jh_platform) == 64, "ABI");
_Static_assert(sizeof(struct jh_system) == 128, "ABI");
_Static_assert(sizeof(struct jh_system_config) == 264, "ABI");
_Static_assert(sizeof(struct jh_link) == 48, "ABI");
_Static_assert(sizeof(struct jh_link_member) == 40, "ABI");
_Static_assert(sizeof(struct jh_cell_config) == 136, "ABI");

static inline const struct jh_memory_region *
jh_cell_regions(const struct jh_cell_desc *cell)
{
	return (const struct jh_memory_region *)(cell + 1);
}

static inline const struct jh_irq_range *
jh_cell_irqs(const struct jh_cell_desc *cell)
{
	return (const struct jh_irq_range *)(jh_cell_regions(cell) +
					     cell->num_memory_regions);
}

static inline const struct jh_link_member *
jh_cell_links(const struct jh_cell_desc *cell)
{
	return (const struct jh_link_member *)(jh_cell_irqs(cell) +
					       cell->num_irq_ranges);
}

/* Bytes the cell descriptor plus its arrays take. */
static inline __u64 jh_cell_desc_size(const struct jh_cell_desc *cell)
{
	return sizeof(*cell) +
	       (__u64)cell->num_memory_regions * sizeof(struct jh_memory_region) +
	       (__u64)cell->num_irq_ranges * sizeof(struct jh_irq_range) +
	       (__u64)cell->num_links * sizeof(struct jh_link_member);
}

/* The system link table, after the root cell's arrays. */
static inline const struct jh_link *
jh_system_links(const struct jh_system_config *cfg)
{
	return (const struct jh_link *)((const char *)&cfg->root_cell +
					jh_cell_desc_size(&cfg->root_cell));
}

#endif
