/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-CPU areas follow the hypervisor core in memory, one PERCPU_SIZE
 * slot per logical CPU: data at the bottom, the stack growing down from
 * the top. The entry code finds its slot from the CPU ID alone.
 */
#ifndef _HV_PERCPU_H
#define _HV_PERCPU_H

#define PERCPU_SIZE		(4 * 4096)
#define PERCPU_STACK_TOP	PERCPU_SIZE

#ifndef __ASSEMBLY__
#include <hv/types.h>
#include <jailhouse/hypercall.h>
#include <asm/percpu.h>

struct cell;

enum cpu_state {
	CPU_OFF = 0,		/* powered off or never entered */
	CPU_RUNNING,		/* running guest code */
	CPU_FAILED,		/* waiting at EL2 after a fatal guest fault */
	CPU_PARKED,		/* waiting at EL2 for a start request */
};

#define CONSOLE_LINE_LEN	120

struct per_cpu {
	unsigned int cpu_id;
	volatile enum cpu_state state;
	u64 mpidr;
	struct cell *cell;
	/* Control requests (hv/control.h), posted by another CPU. */
	volatile u32 request;
	u64 req_pc, req_arg;
	u64 stats[JH_CPU_STAT_COUNT];
	/* Guest console output, flushed a line at a time. */
	char line[CONSOLE_LINE_LEN];
	unsigned int line_len;
	struct arch_per_cpu arch;
};

_Static_assert(sizeof(struct per_cpu) <= PERCPU_SIZE / 4, "per_cpu too big");

struct per_cpu *per_cpu(unsigned int cpu);
struct per_cpu *this_cpu(void);
extern unsigned int hv_max_cpus;

/*
 * The CPU whose MPIDR is @mpidr, compared on the bits the architecture
 * says identify a CPU (ARCH_MPIDR_ID_MASK, asm/percpu.h), so a guest's
 * value with flag bits set still matches. cell_cpu_by_mpidr() looks only
 * at the CPUs of @cell; cpu_by_mpidr() at every CPU that belongs to a
 * cell (the others have not entered and hold no MPIDR yet). NULL if none.
 */
struct per_cpu *cell_cpu_by_mpidr(const struct cell *cell, u64 mpidr);
struct per_cpu *cpu_by_mpidr(u64 mpidr);

#endif
#endif
