/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ASM_PSCI_H
#define _ASM_PSCI_H

#include <hv/types.h>

struct per_cpu;
struct trap_context;
struct cell;

#define PSCI_VERSION			0x84000000
#define PSCI_CPU_SUSPEND_32		0x84000001
#define PSCI_CPU_SUSPEND_64		0xc4000001
#define PSCI_CPU_OFF			0x84000002
#define PSCI_CPU_ON_32			0x84000003
#define PSCI_CPU_ON_64			0xc4000003
#define PSCI_AFFINITY_INFO_32		0x84000004
#define PSCI_AFFINITY_INFO_64		0xc4000004
#define PSCI_MIGRATE_INFO_TYPE		0x84000006
#define PSCI_SYSTEM_OFF			0x84000008
#define PSCI_SYSTEM_RESET		0x84000009
#define PSCI_FEATURES			0x8400000a

#define PSCI_SUCCESS			0
#define PSCI_NOT_SUPPORTED		((u64)-1)
#define PSCI_INVALID_PARAMETERS		((u64)-2)
#define PSCI_DENIED			((u64)-3)
#define PSCI_INTERNAL_FAILURE		((u64)-6)
#define PSCI_ALREADY_ON			((u64)-4)
#define PSCI_ON_PENDING			((u64)-5)

#define PSCI_AFFINITY_ON		0
#define PSCI_AFFINITY_OFF		1
#define PSCI_AFFINITY_ON_PENDING	2

#define SMCCC_OWNER(fn)			(((fn) >> 24) & 0x3f)
#define SMCCC_OWNER_ARCH		0
#define SMCCC_OWNER_SIP			2
#define SMCCC_OWNER_OEM			3
#define SMCCC_OWNER_STANDARD		4

void psci_handle(struct per_cpu *cpu, struct trap_context *ctx);
/* PSCI of non-root cells (psci_cell.c). */
void psci_cell(struct per_cpu *cpu, struct trap_context *ctx, u64 fn);
u64 smc_call(u64 fn, u64 a1, u64 a2, u64 a3, u64 *res);

#endif
