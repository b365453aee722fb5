/* SPDX-License-Identifier: GPL-2.0 */
/* Host stand-in for the architecture's per-CPU state. */
#ifndef _ASM_PERCPU_H
#define _ASM_PERCPU_H

#include <hv/types.h>

/* As on arm64: affinity fields only, flag bits ignored by lookups. */
#define ARCH_MPIDR_ID_MASK	0xff00ffffffUL

struct arch_per_cpu {
	u64 init_count;		/* times the fake arch_cpu_init ran */
};

#endif
