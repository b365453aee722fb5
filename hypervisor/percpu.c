// SPDX-License-Identifier: GPL-2.0
#include <hv/percpu.h>

extern u8 __percpu_start[];

unsigned int hv_max_cpus;

struct per_cpu *per_cpu(unsigned int cpu)
{
	return (struct per_cpu *)(__percpu_start + (u64)cpu * PERCPU_SIZE);
}
