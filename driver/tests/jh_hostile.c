// SPDX-License-Identifier: GPL-2.0
/*
 * jh_hostile: a test-only kernel module for the root cell that issues
 * hostile hypercalls and PSCI calls straight to the hypervisor, around the
 * driver: bad cell IDs, IDs and call codes with high bits set (they must
 * not alias valid ones), config addresses in hypervisor memory, in device
 * memory, in a running cell or wrapping around, huge and tiny sizes,
 * misaligned and page-straddling configs, corrupt configs, a config that
 * would steal a CPU Linux still runs, disable while a cell exists,
 * CPU_ON of a cell's CPU, and hyp-stub calls that would hand over EL2.
 *
 * Each check prints "jh_hostile: PASS name" or "jh_hostile: FAIL name ...",
 * then "jh_hostile: DONE passed=P failed=F". Load it only while the
 * hypervisor is enabled and a non-root cell exists (enabled=1 says so):
 * the Linux hyp stub reads the same calls as "jump to x1".
 *
 *   insmod jh_hostile.ko enabled=1 config=NAME cell=ID cell_ram=ADDR
 *   cell_comm=ADDR cell_mpidr=MPIDR
 * NAME: a cell config under /lib/firmware whose CPUs Linux still runs.
 *
 * Partial disable (no cells): a raw DISABLE on CPU leave_cpu only, then
 * from CPU stay_cpu (still in the hypervisor) a CELL_CREATE of NAME (whose
 * CPUs Linux has offlined, so it would otherwise succeed) and a PSCI
 * CPU_ON of off_mpidr (offlined by Linux) must both be refused, nothing
 * created. Finish with "jailhouse disable" (it skips CPUs that left).
 *
 *   insmod jh_hostile.ko enabled=1 partial_disable=1 config=NAME
 *   leave_cpu=1 stay_cpu=0 off_mpidr=3
 *
 * Foreign SPI mode (spi=INTID, before the cell exists): take a root SPI
 * nobody uses, give it a handler, and route it (GICD_IROUTER, through the
 * hypervisor's emulation) to the CPU with MPIDR spi_mpidr, which a cell
 * is about to get. The module stays loaded; once the cell runs,
 * "echo N > /sys/module/jh_hostile/parameters/pend" pends the SPI N times
 * (GICD_ISPENDR) and checks it is routed to root's CPU 0 and that root's
 * handler got every one (the cell must see none: its inmate reports).
 *
 *   insmod jh_hostile.ko enabled=1 spi=INTID spi_mpidr=MPIDR
 */
#include <linux/delay.h>
#include <linux/firmware.h>
#include <linux/gfp.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/irq.h>
#include <linux/irqdomain.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/slab.h>
#include <jailhouse/config.h>
#include "hypercall.h"

#define HV_BASE		0x70000000UL	/* qemu-arm64.yaml */
#define HV_SIZE		0x400000UL
#define UART_BASE	0x09000000UL
#define GICD_BASE	0x08000000UL
#define NO_MEMORY	0x90000000UL	/* nothing there on QEMU virt */

/* The Linux hyp stub: HVC_SOFT_RESTART jumps to x1 at EL2. */
#define STUB_SOFT_RESTART	1
#define STUB_ERR		0xbadca11UL
#define SMCCC_NOT_SUPPORTED	(-1L)
#define PSCI_INVALID_PARAMS	(-2L)
#define PSCI_DENIED		(-3L)
#define PSCI_CPU_ON_64		0xc4000003UL

#define GICD_SIZE		0x10000
#define GICD_ISPENDR		0x0200
#define GICD_IROUTER		0x6000
#define IROUTER_AFF_MASK	0xff00ffffffULL
#define ROOT_CPU0_AFF		0x0	/* CPU 0 (always root's) on QEMU virt */
#define SPI_WAIT_MS		500

static bool enabled;
static char *config = "jh-hostile.cell";
static ulong cell = 1, cell_ram, cell_comm, cell_mpidr = 2;
module_param(enabled, bool, 0444);
module_param(config, charp, 0444);
module_param(cell, ulong, 0444);
module_param(cell_ram, ulong, 0444);
module_param(cell_comm, ulong, 0444);
module_param(cell_mpidr, ulong, 0444);
static bool partial_disable;
static uint leave_cpu = 1, stay_cpu;
static ulong off_mpidr = 3;
module_param(partial_disable, bool, 0444);
module_param(leave_cpu, uint, 0444);
module_param(stay_cpu, uint, 0444);
module_param(off_mpidr, ulong, 0444);

static uint spi;
static ulong spi_mpidr = 2;
module_param(spi, uint, 0444);
module_param(spi_mpidr, ulong, 0444);

static unsigned int passed, failed;

static void expect(const char *name, long got, long want)
{
	if (got == want) {
		pr_info("jh_hostile: PASS %s\n", name);
		passed++;
	} else {
		pr_info("jh_hostile: FAIL %s got %ld expected %ld\n", name,
			got, want);
		failed++;
	}
}

static long hc(unsigned long code, unsigned long a1, unsigned long a2)
{
	return jh_hypercall(code, a1, a2);
}

/* hvc with another immediate, or the stub's #0. */
static long hvc_imm0(unsigned long x0, unsigned long x1)
{
	register unsigned long r0 asm("x0") = x0;
	register unsigned long r1 asm("x1") = x1;

	asm volatile("str	x18, [sp, #-16]!\n\t"
		     "hvc	#0\n\t"
		     "ldr	x18, [sp], #16"
		     : "+r" (r0), "+r" (r1) :
		     : "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10",
		       "x11", "x12", "x13", "x14", "x15", "x16", "x17",
		       "memory", "cc");
	return (long)r0;
}

static long hvc_imm1234(unsigned long x0)
{
	register unsigned long r0 asm("x0") = x0;

	asm volatile("str	x18, [sp, #-16]!\n\t"
		     "hvc	#0x1234\n\t"
		     "ldr	x18, [sp], #16"
		     : "+r" (r0) :
		     : "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9",
		       "x10", "x11", "x12", "x13", "x14", "x15", "x16", "x17",
		       "memory", "cc");
	return (long)r0;
}

static long smc3(unsigned long fn, unsigned long a1, unsigned long a2,
		 unsigned long a3)
{
	register unsigned long r0 asm("x0") = fn;
	register unsigned long r1 asm("x1") = a1;
	register unsigned long r2 asm("x2") = a2;
	register unsigned long r3 asm("x3") = a3;

	asm volatile("str	x18, [sp, #-16]!\n\t"
		     "smc	#0\n\t"
		     "ldr	x18, [sp], #16"
		     : "+r" (r0), "+r" (r1), "+r" (r2), "+r" (r3) :
		     : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11",
		       "x12", "x13", "x14", "x15", "x16", "x17",
		       "memory", "cc");
	return (long)r0;
}

/* IDs and codes: unknown ones are refused, high bits never alias. */
static void ids_and_codes(void)
{
	static const unsigned long ops[] = {
		JH_HC_CELL_START, JH_HC_CELL_SET_LOADABLE,
		JH_HC_CELL_SHUTDOWN, JH_HC_CELL_DESTROY,
	};
	static const char *const names[] = {
		"start", "set_loadable", "shutdown", "destroy",
	};
	char name[48];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ops); i++) {
		snprintf(name, sizeof(name), "%s_root", names[i]);
		expect(name, hc(ops[i], 0, 0), -EINVAL);
		snprintf(name, sizeof(name), "%s_id_99", names[i]);
		expect(name, hc(ops[i], 99, 0), -ENOENT);
		snprintf(name, sizeof(name), "%s_id_minus1", names[i]);
		expect(name, hc(ops[i], ~0UL, 0), -ENOENT);
		snprintf(name, sizeof(name), "%s_id_high_bits", names[i]);
		expect(name, hc(ops[i], (1UL << 32) | cell, 0), -ENOENT);
		snprintf(name, sizeof(name), "%s_code_high_bits", names[i]);
		expect(name, hc((1UL << 32) | ops[i], cell, 0), -ENOSYS);
	}
	expect("get_state_id_99", hc(JH_HC_CELL_GET_STATE, 99, 0), -ENOENT);
	expect("get_state_id_high_bits",
	       hc(JH_HC_CELL_GET_STATE, (1UL << 32) | cell, 0), -ENOENT);
	/* A cell's console ring: only cells with an emulated UART have one. */
	expect("get_console_root", hc(JH_HC_CELL_GET_CONSOLE, 0, 0), -ENODEV);
	expect("get_console_no_uart", hc(JH_HC_CELL_GET_CONSOLE, cell, 0),
	       -ENODEV);
	expect("get_console_id_99", hc(JH_HC_CELL_GET_CONSOLE, 99, 0), -ENOENT);
	expect("get_console_id_high_bits",
	       hc(JH_HC_CELL_GET_CONSOLE, (1UL << 32) | cell, 0), -ENOENT);
	/* LINK_INFO: root's links end before the table's limit. */
	expect("link_info_past_last", hc(JH_HC_LINK_INFO, JH_MAX_LINKS, 0),
	       -ENOENT);
	expect("link_info_high_bits", hc(JH_HC_LINK_INFO, 1UL << 32, 0),
	       -ENOENT);
	expect("code_13", hc(13, 0, 0), -ENOSYS);
	expect("code_minus1", hc(~0UL, 0, 0), -ENOSYS);
	expect("guest_panic_from_root", hc(JH_HC_GUEST_PANIC, 0, 0), -ENOSYS);
	expect("hv_info_99", hc(JH_HC_HV_GET_INFO, 99, 0), -EINVAL);
	expect("hv_info_high_bits",
	       hc(JH_HC_HV_GET_INFO, (1UL << 32) | JH_INFO_NUM_CELLS, 0),
	       -EINVAL);
	expect("cpu_info_cpu_999", hc(JH_HC_CPU_GET_INFO, 999, 0), -EINVAL);
	expect("cpu_info_cpu_high_bits",
	       hc(JH_HC_CPU_GET_INFO, 1UL << 32, 0), -EINVAL);
	expect("cpu_info_type_5000", hc(JH_HC_CPU_GET_INFO, 0, 5000), -EINVAL);
	expect("cpu_info_stat_past_end",
	       hc(JH_HC_CPU_GET_INFO, 0,
		  JH_CPU_INFO_STAT_BASE + JH_CPU_STAT_COUNT), -EINVAL);
	expect("disable_with_cell", hc(JH_HC_DISABLE, 0, 0), -ENOTEMPTY);
}

/* CELL_CREATE with addresses and sizes that must never be read. */
static void create_addresses(unsigned long good)
{
	static const struct {
		const char *name;
		unsigned long ipa, size;
		long want;
	} c[] = {
		{ "create_size_0", 0, 0, -ENODATA },
		{ "create_size_23", 0, 23, -ENODATA },
		{ "create_size_huge", 0, 1UL << 40, -ENODATA },
		{ "create_size_minus1", 0, ~0UL, -ENODATA },
		{ "create_size_over_max", 0, JH_CONFIG_MAX_SIZE + 1, -ENODATA },
		{ "create_hv_memory", HV_BASE, 4096, -EFAULT },
		{ "create_hv_memory_end", HV_BASE + HV_SIZE - 256, 4096, -EFAULT },
		{ "create_hv_memory_below", HV_BASE - 256, 4096, -EFAULT },
		{ "create_wraps", ~0UL - 255, 4096, -EFAULT },
		{ "create_uart", UART_BASE, 4096, -EFAULT },
		{ "create_gicd", GICD_BASE, 4096, -EFAULT },
		{ "create_no_memory", NO_MEMORY, 4096, -EFAULT },
		{ "create_ipa_high_bits", 1UL << 52, 4096, -EFAULT },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(c); i++)
		expect(c[i].name, hc(JH_HC_CELL_CREATE,
				     c[i].ipa ? c[i].ipa : good, c[i].size),
		       c[i].want);
	if (cell_ram)
		expect("create_in_running_cell_ram",
		       hc(JH_HC_CELL_CREATE, cell_ram, 4096), -EFAULT);
	if (cell_comm)
		expect("create_in_running_cell_comm",
		       hc(JH_HC_CELL_CREATE, cell_comm, 4096), -EFAULT);
}

/* CELL_CREATE with config contents: corrupt, truncated, or placed oddly,
 * and one that would take a CPU Linux still runs. */
static void create_contents(u8 *page, const struct firmware *fw)
{
	size_t n = fw->size;

	memset(page, 0, 2 * PAGE_SIZE);
	expect("create_zeros", hc(JH_HC_CELL_CREATE, virt_to_phys(page), n),
	       -ENOEXEC);
	memcpy(page, fw->data, n);
	expect("create_truncated",
	       hc(JH_HC_CELL_CREATE, virt_to_phys(page), n - 1), -ENODATA);
	page[n - 1] ^= 0x5a;
	expect("create_bad_checksum",
	       hc(JH_HC_CELL_CREATE, virt_to_phys(page), n), -EBADMSG);
	memcpy(page, fw->data, n);
	expect("create_cpu_linux_runs",
	       hc(JH_HC_CELL_CREATE, virt_to_phys(page), n), -EBUSY);
	memcpy(page + 1, fw->data, n);
	expect("create_misaligned",
	       hc(JH_HC_CELL_CREATE, virt_to_phys(page + 1), n), -EBUSY);
	memcpy(page + PAGE_SIZE - 40, fw->data, n);
	expect("create_straddles_pages",
	       hc(JH_HC_CELL_CREATE, virt_to_phys(page + PAGE_SIZE - 40), n),
	       -EBUSY);
}

/* PSCI and hyp-stub calls root must not get through. */
static void psci_and_stub(void)
{
	expect("psci_cpu_on_cell_cpu",
	       smc3(PSCI_CPU_ON_64, cell_mpidr, cell_ram, 0),
	       PSCI_INVALID_PARAMS);
	expect("psci_cpu_on_no_cpu",
	       smc3(PSCI_CPU_ON_64, 0xff00ffUL, 0, 0), PSCI_INVALID_PARAMS);
	expect("stub_soft_restart", hvc_imm0(STUB_SOFT_RESTART, HV_BASE),
	       STUB_ERR);
	expect("stub_set_vectors", hvc_imm0(0, HV_BASE), STUB_ERR);
	expect("hvc_other_immediate", hvc_imm1234(JH_HC_CELL_DESTROY),
	       SMCCC_NOT_SUPPORTED);
}

/* One call on a chosen CPU: code 0-10 a hypercall, PSCI_CPU_ON an SMC. */
struct cpu_call {
	unsigned long code, a1, a2;
	long ret;
};

static void cpu_call_here(void *data)
{
	struct cpu_call *c = data;

	if (c->code == PSCI_CPU_ON_64)
		c->ret = smc3(c->code, c->a1, c->a2, 0);
	else
		c->ret = hc(c->code, c->a1, c->a2);
}

static long call_on(unsigned int cpu, unsigned long code, unsigned long a1,
		    unsigned long a2)
{
	struct cpu_call c = { code, a1, a2, -EIO };
	int err = smp_call_function_single(cpu, cpu_call_here, &c, 1);

	return err ? err : c.ret;
}

static void partial(const u8 *page, size_t size)
{
	long pool = call_on(stay_cpu, JH_HC_HV_GET_INFO,
			    JH_INFO_MEM_POOL_USED, 0);

	expect("pd_no_cells", call_on(stay_cpu, JH_HC_HV_GET_INFO,
				      JH_INFO_NUM_CELLS, 0), 1);
	expect("pd_leave_one_cpu", call_on(leave_cpu, JH_HC_DISABLE, 0, 0), 0);
	expect("pd_create_refused",
	       call_on(stay_cpu, JH_HC_CELL_CREATE, virt_to_phys(page), size),
	       -ESHUTDOWN);
	expect("pd_start_refused", call_on(stay_cpu, JH_HC_CELL_START, 1, 0),
	       -ESHUTDOWN);
	expect("pd_cpu_on_refused",
	       call_on(stay_cpu, PSCI_CPU_ON_64, off_mpidr, 0), PSCI_DENIED);
	expect("pd_still_no_cells", call_on(stay_cpu, JH_HC_HV_GET_INFO,
					    JH_INFO_NUM_CELLS, 0), 1);
	expect("pd_pool_unchanged", call_on(stay_cpu, JH_HC_HV_GET_INFO,
					    JH_INFO_MEM_POOL_USED, 0), pool);
	/* The CPU that left runs the hyp stub again. */
	expect("pd_left_cpu_is_out",
	       call_on(leave_cpu, JH_HC_HV_GET_INFO, JH_INFO_NUM_CELLS, 0),
	       STUB_ERR);
}

/* ---- foreign SPI mode ---- */

static void __iomem *gicd;
static unsigned int spi_virq;
static atomic_t spi_seen = ATOMIC_INIT(0);

static irqreturn_t spi_handler(int irq, void *data)
{
	atomic_inc(&spi_seen);
	return IRQ_HANDLED;
}

static u64 spi_route(void)
{
	return readq_relaxed(gicd + GICD_IROUTER + spi * 8);
}

/* A Linux IRQ for GIC SPI @spi, edge triggered (a software pend sticks). */
static int spi_map(void)
{
	struct irq_fwspec fw = { .param_count = 3 };
	struct device_node *np = of_find_compatible_node(NULL, NULL,
							 "arm,gic-v3");

	if (!np)
		return -ENODEV;
	fw.fwnode = of_node_to_fwnode(np);
	fw.param[0] = 0;		/* GIC_SPI */
	fw.param[1] = spi - 32;
	fw.param[2] = IRQ_TYPE_EDGE_RISING;
	spi_virq = irq_create_fwspec_mapping(&fw);
	of_node_put(np);
	if (!spi_virq)
		return -EINVAL;
	return request_irq(spi_virq, spi_handler, 0, "jh_hostile_spi", NULL);
}

static int spi_setup(void)
{
	int err;

	if (spi < 32 || spi >= 1020) {
		pr_err("jh_hostile: spi=%u is not an SPI\n", spi);
		return -EINVAL;
	}
	gicd = ioremap(GICD_BASE, GICD_SIZE);
	if (!gicd)
		return -ENOMEM;
	err = spi_map();
	if (err) {
		pr_err("jh_hostile: cannot request SPI %u: %d\n", spi, err);
		if (spi_virq)
			irq_dispose_mapping(spi_virq);
		iounmap(gicd);
		return err;
	}
	/* Behind Linux's back, as a hostile or buggy root could. */
	writeq_relaxed(spi_mpidr, gicd + GICD_IROUTER + spi * 8);
	expect("spi_routed_to_cell_cpu", spi_route() & IROUTER_AFF_MASK,
	       spi_mpidr);
	pr_info("jh_hostile: DONE passed=%u failed=%u\n", passed, failed);
	return 0;
}

/* "pend" parameter: pend the SPI N times, root must take each one. */
static int spi_pend(const char *val, const struct kernel_param *kp)
{
	unsigned int n, count, i;
	int before;

	if (!gicd || kstrtouint(val, 0, &count) || !count || count > 100)
		return -EINVAL;
	passed = failed = 0;
	expect("spi_route_moved_to_root", spi_route(), ROOT_CPU0_AFF);
	for (n = 0; n < count; n++) {
		before = atomic_read(&spi_seen);
		writel_relaxed(BIT(spi % 32), gicd + GICD_ISPENDR + spi / 32 * 4);
		for (i = 0; i < SPI_WAIT_MS && atomic_read(&spi_seen) == before;
		     i++)
			msleep(1);
	}
	expect("spi_root_got_every_one", atomic_read(&spi_seen), count);
	expect("spi_route_stays_root", spi_route(), ROOT_CPU0_AFF);
	pr_info("jh_hostile: DONE passed=%u failed=%u\n", passed, failed);
	return 0;
}

static const struct kernel_param_ops spi_pend_ops = { .set = spi_pend };
module_param_cb(pend, &spi_pend_ops, NULL, 0200);

static int __init jh_hostile_init(void)
{
	const struct firmware *fw;
	long cells, pool;
	u8 *page;
	int err;

	if (!enabled) {
		pr_err("jh_hostile: load with enabled=1, only while the hypervisor runs\n");
		return -EINVAL;
	}
	if (spi)
		return spi_setup();
	cells = hc(JH_HC_HV_GET_INFO, JH_INFO_NUM_CELLS, 0);
	pool = hc(JH_HC_HV_GET_INFO, JH_INFO_MEM_POOL_USED, 0);
	if (partial_disable && cells != 1) {
		pr_err("jh_hostile: partial_disable needs no cells (have %ld)\n",
		       cells - 1);
		return -EINVAL;
	}
	if (!partial_disable && cells < 2) {
		pr_err("jh_hostile: needs a non-root cell (have %ld)\n", cells);
		return -EINVAL;
	}
	err = request_firmware(&fw, config, NULL);
	if (err) {
		pr_err("jh_hostile: cannot load /lib/firmware/%s: %d\n", config,
		       err);
		return err;
	}
	page = (u8 *)__get_free_pages(GFP_KERNEL, 1);
	if (!page || fw->size < 64 || fw->size > PAGE_SIZE) {
		pr_err("jh_hostile: no buffer, or config size %zu\n", fw->size);
		release_firmware(fw);
		if (page)
			free_pages((unsigned long)page, 1);
		return -EINVAL;
	}
	memcpy(page, fw->data, fw->size);
	if (partial_disable) {
		partial(page, fw->size);
		goto out;
	}
	ids_and_codes();
	create_addresses(virt_to_phys(page));
	create_contents(page, fw);
	psci_and_stub();
	expect("cells_unchanged", hc(JH_HC_HV_GET_INFO, JH_INFO_NUM_CELLS, 0),
	       cells);
	expect("pool_unchanged", hc(JH_HC_HV_GET_INFO, JH_INFO_MEM_POOL_USED, 0),
	       pool);
	expect("cell_state_running", hc(JH_HC_CELL_GET_STATE, cell, 0),
	       JH_CELL_STATE_RUNNING);
out:
	free_pages((unsigned long)page, 1);
	release_firmware(fw);
	pr_info("jh_hostile: DONE passed=%u failed=%u\n", passed, failed);
	return 0;
}

static void __exit jh_hostile_exit(void)
{
	if (!gicd)
		return;
	free_irq(spi_virq, NULL);
	irq_dispose_mapping(spi_virq);
	iounmap(gicd);
}

module_init(jh_hostile_init);
module_exit(jh_hostile_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Jailhouse test: hostile hypercalls from the root cell");
