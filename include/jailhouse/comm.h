/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Communication region: one page of the cell's memory (the region with
 * JH_MEM_COMM_REGION, at guest address jh_cell_desc.comm_region) that the
 * hypervisor fills in before the cell starts and reads while it runs.
 *
 * Inmate boot protocol: the cell's first CPU starts at jh_cell_desc.entry
 * in AArch64 EL1h, MMU and caches off, DAIF masked, x0 = guest address of
 * this page (0 if the cell has none), all other registers 0. Further CPUs
 * start through PSCI CPU_ON (x0 = the context argument).
 *
 * Shutdown: the hypervisor sets msg_to_cell = JH_MSG_SHUTDOWN_REQUEST;
 * the cell answers in reply_from_cell with JH_REPLY_SHUTDOWN_OK (then it
 * is stopped) or JH_REPLY_SHUTDOWN_DENIED. While `locked` is non-zero the
 * hypervisor refuses shutdown requests without asking the cell. No answer
 * within the config's shutdown_timeout_ms marks the cell failed.
 */
#ifndef _JAILHOUSE_COMM_H
#define _JAILHOUSE_COMM_H

#include <jailhouse/types.h>

#define JH_COMM_SIGNATURE	"JHCOMM01"
#define JH_COMM_REVISION	1
#define JH_COMM_MAX_CPUS	16

#define JH_MSG_NONE			0
#define JH_MSG_SHUTDOWN_REQUEST		1

#define JH_REPLY_NONE			0
#define JH_REPLY_SHUTDOWN_OK		1
#define JH_REPLY_SHUTDOWN_DENIED	2

struct jh_comm_region {
	char signature[8];		/* JH_COMM_SIGNATURE */
	__u32 revision;			/* JH_COMM_REVISION */
	__u32 cell_id;
	volatile __u32 cell_state;	/* hypervisor: JH_CELL_STATE_* */
	volatile __u32 msg_to_cell;	/* hypervisor: JH_MSG_* */
	volatile __u32 reply_from_cell;	/* cell: JH_REPLY_* */
	volatile __u32 locked;		/* cell: non-zero refuses shutdown */
	__u32 flags;			/* JH_CELL_* of the config */
	__u32 num_cpus;			/* entries used in cpu_mpidr */
	__u64 cpu_mpidr[JH_COMM_MAX_CPUS]; /* first one is the boot CPU */
	__u32 gic_version;		/* 2 or 3 */
	__u32 console_type;		/* JH_CONSOLE_* usable directly, or 0 */
	__u64 gicd_base;		/* guest addresses of the GIC */
	__u64 gicr_base;
	__u64 console_base;		/* PL011 if the cell has it mapped */
	__u64 timer_frequency;		/* CNTFRQ_EL0, Hz */
};

_Static_assert(sizeof(struct jh_comm_region) == 208, "ABI");

#endif
