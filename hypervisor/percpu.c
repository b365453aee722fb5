// SPDX-License-Identifier: GPL-2.0
#include <hv/cell.h>
#include <hv/percpu.h>

extern u8 __percpu_start[];

unsigned int hv_max_cpus;

struct per_cpu *per_cpu(unsigned int cpu)
{
	return (struct per_cpu *)(__percpu_start + (u64)cpu * PERCPU_SIZE);
}

struct per_cpu *cell_cpu_by_mpidr(const struct cell *cell, u64 mpidr)
{
	unsigned long n;

	for_each_cell_cpu(n, cell)
		if (per_cpu(n)->mpidr == (mpidr & ARCH_MPIDR_ID_MASK))
			return per_cpu(n);
	return NULL;
}

struct per_cpu *cpu_by_mpidr(u64 mpidr)
{
	unsigned int n;

	for (n = 0; n < hv_max_cpus; n++)
		if (per_cpu(n)->cell &&
		    per_cpu(n)->mpidr == (mpidr & ARCH_MPIDR_ID_MASK))
			return per_cpu(n);
	return NULL;
}
