/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Header at offset 0 of the hypervisor image (jailhouse.bin). The driver
 * checks it, copies the image to the start of the hypervisor memory region
 * and fills in the fields marked "driver".
 *
 * Hypervisor memory layout (offsets from hypervisor_memory.phys_start):
 *   [0, core_size)                       image, then zeroed bss
 *   [core_size, + max_cpus*percpu_size)  per-CPU areas (stacks, state)
 *   [config_offset, + config size)       copy of the system config
 *   [page after config, end of region)   page pool
 */
#ifndef _JAILHOUSE_HEADER_H
#define _JAILHOUSE_HEADER_H

#include <jailhouse/types.h>

#define JH_HV_MAGIC		"JHHYPERV"
#define JH_HV_MAGIC_LEN		8
#define JH_ABI_VERSION		2
#define JH_PAGE_SIZE		4096
/* Room for the release string (VERSION, or git describe), NUL included. */
#define JH_VERSION_LEN		32

struct jh_hv_header {
	char magic[JH_HV_MAGIC_LEN];	/* "JHHYPERV" */
	__u32 abi_version;		/* JH_ABI_VERSION */
	__u32 header_size;		/* sizeof(struct jh_hv_header) */
	__u64 image_size;		/* bytes of the file */
	__u64 core_size;		/* image + bss, page aligned */
	__u64 percpu_size;		/* bytes per CPU, page aligned */
	__u64 entry_offset;		/* EL2 entry point, from image start */
	__u64 console_offset;		/* console ring (page aligned) */
	__u64 console_size;		/* bytes, page multiple */
	__u32 image_checksum;		/* CRC-32 of the file, this field 0 */
	__u32 max_cpus;			/* driver: number of per-CPU areas */
	__u64 config_offset;		/* driver: where the system config is */
	/*
	 * Release the image was built from, NUL padded. The driver refuses
	 * an image from another release even when the ABI matches: the pair
	 * is tested together, nothing else is.
	 */
	char version[JH_VERSION_LEN];
};

_Static_assert(sizeof(struct jh_hv_header) == 112, "ABI");

/*
 * Entry protocol (per CPU, one CPU at a time, from the Linux hyp stub):
 *   hvc #0 with x0 = 1 (HVC_SOFT_RESTART), x1 = physical entry address,
 *   x2 = logical CPU ID, x3 = physical base of hypervisor memory, x4 = 0.
 * The stub branches to the entry at EL2 (MMU off) with x0 = CPU ID,
 * x1 = base, x2 = 0, while ELR_EL2/SPSR_EL2 still hold the caller's return
 * state. The hypervisor returns to the caller with x0 = 0 or a negative
 * errno; x19-x30 and SP_EL1 are preserved, x1-x18 are clobbered.
 * The first CPU to enter performs global initialisation.
 */
#define JH_ENTRY_STUB_SOFT_RESTART	1
#define JH_HVC_STUB_ERR			0xbadca11

#endif
