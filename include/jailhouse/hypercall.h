/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Hypercalls: "hvc #JH_HVC_IMM" with x0 = code, x1.. = arguments;
 * the result comes back in x0: >= 0 on success, negative errno on failure.
 * hvc #0 stays the Linux hyp-stub call space and is refused once enabled.
 */
#ifndef _JAILHOUSE_HYPERCALL_H
#define _JAILHOUSE_HYPERCALL_H

#define JH_HVC_IMM			0x4a48

#define JH_HC_DISABLE			0
#define JH_HC_CELL_CREATE		1	/* x1: config IPA, x2: size */
#define JH_HC_CELL_START		2	/* x1: cell id */
#define JH_HC_CELL_SET_LOADABLE		3	/* x1: cell id */
#define JH_HC_CELL_DESTROY		4	/* x1: cell id */
#define JH_HC_HV_GET_INFO		5	/* x1: JH_INFO_* */
#define JH_HC_CELL_GET_STATE		6	/* x1: cell id */
#define JH_HC_CPU_GET_INFO		7	/* x1: cpu, x2: JH_CPU_INFO_* */
#define JH_HC_DEBUG_CONSOLE_PUTC	8	/* x1: character */
#define JH_HC_CELL_SHUTDOWN		9	/* x1: cell id */

#define JH_INFO_MEM_POOL_SIZE		0	/* pages */
#define JH_INFO_MEM_POOL_USED		1	/* pages */
#define JH_INFO_REMAP_POOL_SIZE		2
#define JH_INFO_REMAP_POOL_USED		3
#define JH_INFO_NUM_CELLS		4

#define JH_CPU_INFO_STATE		0
#define JH_CPU_INFO_STAT_BASE		1000	/* + JH_CPU_STAT_* */

#define JH_CPU_STATE_RUNNING		0
#define JH_CPU_STATE_FAILED		2

/* Per-CPU exit counters, indices for JH_CPU_INFO_STAT_BASE + n. */
#define JH_CPU_STAT_EXITS_TOTAL		0
#define JH_CPU_STAT_EXITS_HVC		1
#define JH_CPU_STAT_EXITS_SMC		2
#define JH_CPU_STAT_EXITS_PSCI		3
#define JH_CPU_STAT_EXITS_MMIO		4
#define JH_CPU_STAT_EXITS_SYSREG	5
#define JH_CPU_STAT_EXITS_IRQ		6
#define JH_CPU_STAT_EXITS_OTHER		7
#define JH_CPU_STAT_COUNT		8

#endif
