// SPDX-License-Identifier: GPL-2.0
/*
 * Enable sequence. The driver enters CPUs one at a time through the Linux
 * hyp stub (include/jailhouse/header.h); nothing waits for other CPUs, so
 * the sequence also works when vCPUs run one after another (QEMU -icount).
 * The first CPU validates the config, sets up the page pool, the
 * hypervisor's own page tables and the root cell.
 */
#include <hv/arch.h>
#include <hv/bitmap.h>
#include <hv/cell.h>
#include <hv/config.h>
#include <hv/console.h>
#include <hv/errno.h>
#include <hv/link.h>
#include <hv/percpu.h>
#include <hv/pool.h>
#include <hv/printk.h>
#include <hv/setup.h>
#include <jailhouse/header.h>

extern u8 __core_end[];

const struct jh_system_config *system_config;
static bool hv_initialized, hv_enabled, hv_disabling;
static unsigned int cpus_entered;
static int init_error;

static int layout_check(u64 hv_base)
{
	u64 percpu_end = hv_header.core_size +
			 (u64)hv_header.max_cpus * PERCPU_SIZE;

	if (!hv_header.max_cpus || hv_header.max_cpus > JH_MAX_CPUS ||
	    hv_header.config_offset < percpu_end ||
	    !IS_ALIGNED(hv_header.config_offset, PAGE_SIZE) ||
	    (u64)__core_end - hv_base != hv_header.core_size) {
		printk("hypervisor: bad layout (max_cpus %u, config at 0x%llx)\n",
		       hv_header.max_cpus, hv_header.config_offset);
		return trace_error(-EINVAL);
	}
	return 0;
}

static int pool_setup(u64 hv_base)
{
	const struct jh_memory_region *hv =
		&system_config->sys.hypervisor_memory;
	u64 start = ALIGN_UP(hv_header.config_offset +
			     system_config->hdr.total_size, PAGE_SIZE);

	if (start + 16 * PAGE_SIZE > hv->size) {
		printk("hypervisor: memory of 0x%llx bytes too small\n",
		       hv->size);
		return trace_error(-ENOMEM);
	}
	return pool_init(&mem_pool, hv_base + start, hv->size - start);
}

static int global_init(u64 hv_base)
{
	const void *cfg = (const void *)(hv_base + hv_header.config_offset);
	int err;

	console_init();
	printk("\nJailhouse-class partitioning hypervisor, ABI %u, at 0x%llx\n",
	       JH_ABI_VERSION, hv_base);
	err = layout_check(hv_base);
	if (err)
		return err;
	hv_max_cpus = hv_header.max_cpus;
	err = config_check_system(cfg, JH_CONFIG_MAX_SIZE, hv_base,
				  hv_max_cpus);
	if (err)
		return err;
	system_config = cfg;
	err = pool_setup(hv_base);
	if (!err)
		err = arch_init_early(&system_config->sys);
	if (!err)
		err = cell_init_root(&system_config->root_cell);
	if (!err)
		err = link_init();
	if (err)
		printk("hypervisor: setup failed: %d\n", err);
	return err;
}

int hv_early_init(unsigned int cpu, u64 hv_base)
{
	if (cpu >= hv_header.max_cpus)
		return -EINVAL;
	if (!hv_initialized && !init_error) {
		init_error = global_init(hv_base);
		hv_initialized = !init_error;
	}
	if (init_error)
		return init_error;
	if (!cell_owns_cpu(&root_cell, cpu)) {
		printk("hypervisor: CPU %u is not in the root cell\n", cpu);
		return -EINVAL;
	}
	return 0;
}

/*
 * A CPU enters: warm from the driver (root cell) or cold through PSCI
 * CPU_ON for the cell that owns it (cpu->cell is already set then).
 */
int hv_cpu_init(unsigned int cpu_id)
{
	struct per_cpu *cpu = per_cpu(cpu_id);
	int err;

	cpu->cpu_id = cpu_id;
	if (!hv_enabled)
		cpu->cell = &root_cell;
	err = arch_cpu_init(cpu);
	if (err)
		return err;
	cpu->state = CPU_RUNNING;
	__atomic_add_fetch(&cpus_entered, 1, __ATOMIC_SEQ_CST);
	if (cpu->cell == &root_cell)
		printk("CPU %u entered (MPIDR 0x%llx)\n", cpu_id, cpu->mpidr);
	if (!hv_enabled &&
	    cpus_entered == bitmap_weight(root_cell.cpus, hv_max_cpus)) {
		hv_enabled = true;
		link_enable();
		printk("hypervisor enabled: root cell \"%s\", pool %lu/%lu "
		       "pages used\n", root_cell.desc->name, mem_pool.used,
		       mem_pool.pages);
	}
	return 0;
}

void hv_cpu_leave(struct per_cpu *cpu)
{
	cpu->state = CPU_OFF;
	if (__atomic_sub_fetch(&cpus_entered, 1, __ATOMIC_SEQ_CST) == 0) {
		hv_enabled = false;
		__atomic_store_n(&hv_disabling, false, __ATOMIC_SEQ_CST);
		printk("hypervisor disabled\n");
	}
}

/*
 * The first DISABLE commits the hypervisor to going away: the CPUs that
 * already left cannot come back, so nothing may start that would need
 * them (a cell, a root CPU). Caller holds the management lock.
 */
void hv_begin_disable(void)
{
	__atomic_store_n(&hv_disabling, true, __ATOMIC_SEQ_CST);
}

bool hv_is_disabling(void)
{
	return __atomic_load_n(&hv_disabling, __ATOMIC_SEQ_CST);
}
