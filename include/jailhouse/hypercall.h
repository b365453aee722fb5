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
/*
 * Management calls: root cell only, others get -EPERM.
 *
 * CELL_CREATE: x1 = guest-physical address of a cell config in root
 *   memory, x2 = its size. The cell's CPUs must be owned by root and off
 *   (Linux offlined them). Returns the new cell ID (> 0). The cell starts
 *   "shut down" with its loadable regions mapped into root.
 * CELL_START: stops the cell's CPUs if needed, unmaps its loadable regions
 *   from root, resets the comm region and starts the cell's first CPU at
 *   the entry point. The other CPUs wait for PSCI CPU_ON from the cell.
 * CELL_SET_LOADABLE: stops the cell (no questions asked) and maps its
 *   loadable regions into root; state becomes "shut down".
 * CELL_SHUTDOWN: polite stop. Returns 0 when the cell is shut down,
 *   JH_SHUTDOWN_PENDING when the request was posted to the comm region and
 *   the caller should ask again, -EBUSY if the cell refused or holds its
 *   lock, -ETIMEDOUT if it did not answer within its shutdown timeout (it
 *   is then stopped and marked failed). Cells without a comm region stop
 *   at once.
 * CELL_DESTROY: stops the cell, powers its CPUs off and gives CPUs,
 *   memory and interrupts back to root exactly as they were.
 */
#define JH_HC_CELL_CREATE		1	/* x1: config IPA, x2: size */
#define JH_HC_CELL_START		2	/* x1: cell id */
#define JH_HC_CELL_SET_LOADABLE		3	/* x1: cell id */
#define JH_HC_CELL_DESTROY		4	/* x1: cell id */
#define JH_HC_HV_GET_INFO		5	/* x1: JH_INFO_* */
#define JH_HC_CELL_GET_STATE		6	/* x1: cell id -> JH_CELL_STATE_* */
#define JH_HC_CPU_GET_INFO		7	/* x1: cpu, x2: JH_CPU_INFO_* */
#define JH_HC_DEBUG_CONSOLE_PUTC	8	/* x1: character (any cell with
						 * JH_CELL_CONSOLE_WRITE) */
#define JH_HC_CELL_SHUTDOWN		9	/* x1: cell id */
/*
 * GUEST_PANIC (non-root cells): x1 = ESR, x2 = ELR, x3 = FAR of an
 * exception the guest could not handle. The hypervisor dumps it, parks
 * the calling CPU and marks the cell failed. Never returns.
 */
#define JH_HC_GUEST_PANIC		10
/*
 * CELL_GET_CONSOLE (root): x1 = cell id -> physical address of the
 * cell's console ring (<jailhouse/console.h>, JH_CELL_CONSOLE_SIZE bytes
 * with its header), mapped read-only into root while the cell exists;
 * -ENOENT: no such cell, -ENODEV: the cell has no emulated UART.
 */
#define JH_HC_CELL_GET_CONSOLE		11
/*
 * LINK_INFO (any cell, root included): x1 = index (0, 1, ...) into the
 * calling cell's links (<jailhouse/link.h>) -> IPA of that link's
 * register page, from which everything else is read; -ENOENT past the
 * last link.
 */
#define JH_HC_LINK_INFO			12

#define JH_SHUTDOWN_PENDING		1

/* Cell states (CELL_GET_STATE, comm region cell_state). */
#define JH_CELL_STATE_RUNNING		0
#define JH_CELL_STATE_RUNNING_LOCKED	1
#define JH_CELL_STATE_SHUT_DOWN		2
#define JH_CELL_STATE_FAILED		3

#define JH_INFO_MEM_POOL_SIZE		0	/* pages */
#define JH_INFO_MEM_POOL_USED		1	/* pages */
#define JH_INFO_REMAP_POOL_SIZE		2
#define JH_INFO_REMAP_POOL_USED		3
#define JH_INFO_NUM_CELLS		4

#define JH_CPU_INFO_STATE		0
#define JH_CPU_INFO_STAT_BASE		1000	/* + JH_CPU_STAT_* */

#define JH_CPU_STATE_RUNNING		0
#define JH_CPU_STATE_OFF		1	/* off or waiting for start */
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
#define JH_CPU_STAT_EXITS_MAINTENANCE	8	/* GIC maintenance IRQs */
#define JH_CPU_STAT_EXITS_SGI		9	/* SGIs sent by the guest */
#define JH_CPU_STAT_IRQS_FOREIGN	10	/* SPIs of others, sent to root */
/*
 * Link doorbells rung on this CPU that reached no one (peer absent, not
 * running or INT_CTRL off, vector not 0): a sender whose peer does not
 * listen sees it in its own cell's statistics.
 */
#define JH_CPU_STAT_DOORBELLS_DROPPED	11
#define JH_CPU_STAT_COUNT		12

#endif
