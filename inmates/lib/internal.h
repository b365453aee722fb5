/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Library-internal interfaces between the files of inmates/lib. */
#ifndef _INMATE_INTERNAL_H
#define _INMATE_INTERNAL_H

#include <inmate.h>

/* Affinity of each CPU index; read by the secondary entry code. */
extern u64 inmate_cpu_mpidr[INMATE_MAX_CPUS];
extern unsigned int inmate_num_cpus;

void console_init(void);
void cmdline_init(void);
void gic_init(void);
void gic_cpu_init(void);
void smp_init(void);
void comm_init(u64 comm_addr);
void comm_check(void);

/* printf-style formatting to a per-character callback; returns chars. */
int format_cb(void (*out)(void *ctx, char c), void *ctx, const char *fmt,
	      va_list ap);

/* Halt this CPU because another one answered a shutdown request. */
void __noreturn inmate_halt_all(void);
void inmate_halt_sgi(unsigned int intid);

/* Called from entry.S. */
void inmate_boot(u64 comm_addr);
void inmate_secondary(unsigned int cpu);
void irq_handle(u64 timestamp);
extern struct el0_regs *el0_active[INMATE_MAX_CPUS];
void __noreturn exception_unhandled(u64 vector, u64 esr, u64 elr, u64 far,
				    u64 spsr);

#endif
