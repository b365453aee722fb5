/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CPU take-over and hand-back (setup.c): entered from entry.S, and from
 * the trap code when a CPU leaves the hypervisor.
 */
#ifndef _ASM_SETUP_H
#define _ASM_SETUP_H

#include <hv/types.h>

struct per_cpu;
struct trap_context;

/* From hv_entry with the MMU on; returns to the stub's caller. */
int arch_warm_cpu_init(unsigned int cpu_id, u64 stub_vbar);
/* From hv_cold_entry with the MMU on. */
void __noreturn arch_cold_cpu_init(unsigned int cpu_id);
/* Give the CPU back to Linux. */
void __noreturn arch_cpu_leave(struct per_cpu *cpu, struct trap_context *ctx);

#endif
