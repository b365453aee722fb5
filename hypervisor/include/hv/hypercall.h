/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HV_HYPERCALL_H
#define _HV_HYPERCALL_H

#include <hv/types.h>

struct per_cpu;

/*
 * Handle hypercall @code from @cpu. Sets *leave when the CPU must return
 * to its guest without the hypervisor (disable).
 */
long hypercall(struct per_cpu *cpu, u64 code, u64 arg1, u64 arg2,
	       bool *leave);

#endif
