// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Boot CPU and secondary CPU bring-up in C, the CPU list and the ways a
 * program ends.
 */
#include "internal.h"

u8 inmate_stacks[INMATE_MAX_CPUS][INMATE_STACK_SIZE] __aligned(16);
u64 inmate_cpu_mpidr[INMATE_MAX_CPUS];
unsigned int inmate_num_cpus;

/* Per CPU: what smp_cpu_on() asked it to run, and whether it runs. */
static cpu_fn_t cpu_fn[INMATE_MAX_CPUS];
static void *cpu_arg[INMATE_MAX_CPUS];
static volatile u32 cpu_online[INMATE_MAX_CPUS];

static u64 own_affinity(void)
{
	u64 mpidr = sysreg_read(mpidr_el1);

	return mpidr & MPIDR_AFF_MASK;
}

unsigned int this_cpu(void)
{
	return (unsigned int)sysreg_read(tpidr_el1);
}

unsigned int num_cpus(void)
{
	return inmate_num_cpus;
}

u64 cpu_mpidr(unsigned int cpu)
{
	return cpu < inmate_num_cpus ? inmate_cpu_mpidr[cpu] : ~0ULL;
}

bool inmate_is_bare(void)
{
	return !comm_region();
}

/*
 * CPU list: the comm region's in a cell (boot CPU first), else Aff0 =
 * 0..N-1 next to our own affinity on bare QEMU virt.
 */
static void cpus_init(void)
{
	volatile struct jh_comm_region *comm = comm_region();
	unsigned int n, i;

	if (comm) {
		n = comm->num_cpus;
		if (n > INMATE_MAX_CPUS) {
			printk("inmate: comm region lists %u CPUs, using %u\n",
			       n, INMATE_MAX_CPUS);
			n = INMATE_MAX_CPUS;
		}
		for (i = 0; i < n; i++)
			inmate_cpu_mpidr[i] = comm->cpu_mpidr[i] & MPIDR_AFF_MASK;
		if (n == 0)
			n = 1;
	} else {
		long want = cmdline_parse_int("cpus", BARE_DEFAULT_CPUS);

		n = want < 1 ? 1 : want > INMATE_MAX_CPUS ?
			INMATE_MAX_CPUS : (unsigned int)want;
		for (i = 0; i < n; i++)
			inmate_cpu_mpidr[i] = (own_affinity() & ~0xffUL) | i;
	}
	if (inmate_cpu_mpidr[0] != own_affinity())
		printk("inmate: boot CPU MPIDR 0x%llx is not the first listed (0x%llx)\n",
		       own_affinity(), inmate_cpu_mpidr[0]);
	inmate_cpu_mpidr[0] = own_affinity();
	inmate_num_cpus = n;
	cpu_online[0] = 1;
	dsb_sy();
}

void inmate_boot(u64 comm_addr)
{
	comm_init(comm_addr);
	console_init();
	comm_check();
	cmdline_init();
	cpus_init();
	gic_init();
	gic_cpu_init();
	inmate_main();
	inmate_finish();
}

void inmate_secondary(unsigned int cpu)
{
	gic_cpu_init();
	WRITE_ONCE(cpu_online[cpu], 1);
	dsb_sy();
	sev();
	if (cpu_fn[cpu])
		cpu_fn[cpu](cpu, cpu_arg[cpu]);
	smp_cpu_off();
}

long smp_cpu_on(unsigned int cpu, cpu_fn_t fn, void *arg)
{
	extern char inmate_secondary_entry[];

	if (cpu == 0 || cpu >= inmate_num_cpus)
		return PSCI_INVALID_PARAMS;
	/* A running CPU keeps its job; PSCI will say ALREADY_ON. */
	if (!smp_cpu_online(cpu)) {
		cpu_fn[cpu] = fn;
		cpu_arg[cpu] = arg;
	}
	/* The new CPU reads the table and fn with its MMU off: make the
	 * stores complete before it can start. */
	dsb_sy();
	return psci_call(PSCI_CPU_ON, inmate_cpu_mpidr[cpu],
			 (u64)inmate_secondary_entry, cpu);
}

bool smp_cpu_online(unsigned int cpu)
{
	return cpu < INMATE_MAX_CPUS && READ_ONCE(cpu_online[cpu]);
}

bool smp_wait_online(unsigned int cpu, u64 timeout_us)
{
	u64 end = timer_ticks() + timer_us_to_ticks(timeout_us);

	while (!smp_cpu_online(cpu)) {
		if (timer_ticks() > end)
			return false;
		cpu_relax();
	}
	return true;
}

void __noreturn smp_cpu_off(void)
{
	irq_disable();
	WRITE_ONCE(cpu_online[this_cpu()], 0);
	dsb_sy();
	psci_call(PSCI_CPU_OFF, 0, 0, 0);
	printk("inmate: CPU %u: PSCI CPU_OFF returned\n", this_cpu());
	inmate_halt();
}

void __noreturn inmate_halt(void)
{
	irq_disable();
	for (;;)
		wfi();
}

void __noreturn inmate_finish(void)
{
	if (inmate_is_bare()) {
		printk("inmate: done, powering off\n");
		psci_call(PSCI_SYSTEM_OFF, 0, 0, 0);
		inmate_halt();
	}
	comm_idle(true);
}
