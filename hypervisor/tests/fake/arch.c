// SPDX-License-Identifier: GPL-2.0
/*
 * Fake architecture for the host unit tests and the fuzzer: everything
 * hv/arch.h asks for plus the linker-script symbols the core references.
 * Output and calls are recorded so tests can assert on them.
 */
#include <stdlib.h>
#include <string.h>

#include "fake.h"
#include <hv/arch.h>
#include <hv/cell.h>
#include <hv/console.h>
#include <hv/control.h>
#include <hv/errno.h>
#include <hv/paging.h>
#include <hv/percpu.h>
#include <hv/pool.h>
#include <hv/setup.h>
#include <jailhouse/config.h>
#include <jailhouse/header.h>

#define FAKE_UART_SIZE	(1 << 20)

char fake_uart[FAKE_UART_SIZE + 1];
size_t fake_uart_len;

unsigned int fake_s2_root_level = 1, fake_s2_root_pages = 2;
int fake_init_early_ret, fake_cpu_init_ret;
unsigned int fake_init_early_calls, fake_cpu_init_calls;
unsigned int fake_current_cpu;

/* Hypervisor memory: image, per-CPU areas, config, pool (see fake.h). */
u8 fake_hv_memory[FAKE_HV_MEM_SIZE] __aligned(4096);
__asm__(".globl __core_end\n"
	".set __core_end, fake_hv_memory + 0x10000\n"
	".globl __percpu_start\n"
	".set __percpu_start, fake_hv_memory + 0x10000\n");
_Static_assert(FAKE_CORE_SIZE == 0x10000, "keep the asm above in sync");

struct jh_hv_header hv_header = {
	.magic = JH_HV_MAGIC,
	.abi_version = JH_ABI_VERSION,
	.header_size = sizeof(struct jh_hv_header),
	.core_size = FAKE_CORE_SIZE,
	.percpu_size = PERCPU_SIZE,
	.max_cpus = FAKE_MAX_CPUS,
	.config_offset = FAKE_CORE_SIZE + FAKE_MAX_CPUS * PERCPU_SIZE,
};

static union {
	struct jh_console_ring ring;
	u8 bytes[4 * 4096];
} console_pages __aligned(4096) = {
	.ring = { .size = 4 * 4096 - sizeof(struct jh_console_ring) },
};

struct jh_console_ring *const hv_console_ring = &console_pages.ring;

/* As in header.c: the real ring lives in bss and is sized at setup. */
void console_init(void)
{
	console_pages.ring.size = sizeof(console_pages) -
				  sizeof(struct jh_console_ring);
}

void fake_uart_reset(void)
{
	fake_uart_len = 0;
	fake_uart[0] = 0;
}

void arch_console_putc(char c)
{
	if (fake_uart_len < FAKE_UART_SIZE) {
		fake_uart[fake_uart_len++] = c;
		fake_uart[fake_uart_len] = 0;
	}
}

unsigned long fake_lock_count;

/* Single-threaded tests: a lock taken twice is a deadlock on hardware. */
void spin_lock(spinlock_t *lock)
{
	if (lock->owner != lock->next)
		abort();
	lock->next++;
	fake_lock_count++;
}

void spin_unlock(spinlock_t *lock)
{
	lock->owner++;
}

static bool fake_block_ok(unsigned int level)
{
	return level == 1 || level == 2;
}

static pte_t fake_leaf(unsigned int level, u64 phys, unsigned long flags)
{
	(void)level;
	return (phys & FAKE_PTE_ADDR_MASK) |
	       ((u64)(flags & 0xf) << FAKE_PTE_FLAGS_SHIFT) | FAKE_PTE_VALID;
}

static pte_t fake_table(u64 phys)
{
	return (phys & FAKE_PTE_ADDR_MASK) | FAKE_PTE_TABLE | FAKE_PTE_VALID;
}

static bool fake_is_valid(pte_t pte)
{
	return pte & FAKE_PTE_VALID;
}

static bool fake_is_table(pte_t pte, unsigned int level)
{
	return level < 3 && (pte & (FAKE_PTE_VALID | FAKE_PTE_TABLE)) ==
			    (FAKE_PTE_VALID | FAKE_PTE_TABLE);
}

static u64 fake_phys(pte_t pte, unsigned int level)
{
	(void)level;
	return pte & FAKE_PTE_ADDR_MASK;
}

static unsigned long fake_flags(pte_t pte)
{
	return (pte >> FAKE_PTE_FLAGS_SHIFT) & 0xf;
}

const struct paging_format fake_format = {
	.block_ok = fake_block_ok, .leaf = fake_leaf, .table = fake_table,
	.is_valid = fake_is_valid, .is_table = fake_is_table,
	.phys = fake_phys, .flags = fake_flags,
};

int arch_init_early(const struct jh_system *sys)
{
	(void)sys;
	fake_init_early_calls++;
	return fake_init_early_ret;
}

int arch_cell_paging_create(struct cell *cell)
{
	return paging_create(&cell->s2, &fake_format, fake_s2_root_level,
			     fake_s2_root_pages);
}


int arch_cpu_init(struct per_cpu *cpu)
{
	fake_cpu_init_calls++;
	cpu->arch.init_count++;
	return fake_cpu_init_ret;
}

struct per_cpu *this_cpu(void)
{
	return per_cpu(fake_current_cpu);
}

static void *fake_pool_mem;

/*
 * Like the real pool, which starts at the page after the config, the base
 * is deliberately only page aligned: always an odd page.
 */
void fake_pool_setup(unsigned long pages)
{
	fake_pool_mem = aligned_alloc(2 * PAGE_SIZE,
				     (pages + 2) / 2 * 2 * PAGE_SIZE);
	if (!fake_pool_mem ||
	    pool_init(&mem_pool, (u64)fake_pool_mem + PAGE_SIZE,
		      pages * PAGE_SIZE))
		abort();
}

void fake_pool_teardown(void)
{
	free(fake_pool_mem);
	fake_pool_mem = NULL;
	memset(&mem_pool, 0, sizeof(mem_pool));
}

/* ---- cells and CPU control ---- */

unsigned int fake_cell_init_calls, fake_cell_exit_calls, fake_tlb_flushes;
unsigned int fake_kicks, fake_power_ons;
int fake_cell_init_ret;
u64 fake_emulated_base, fake_emulated_size;
u64 fake_counter;
bool fake_cpus_unresponsive;
int fake_power_on_ret;	/* PSCI result of the next firmware CPU_ON */

int arch_cell_init(struct cell *cell)
{
	fake_cell_init_calls++;
	cell->arch.init_count++;
	return fake_cell_init_ret;
}

void arch_cell_exit(struct cell *cell)
{
	(void)cell;
	fake_cell_exit_calls++;
}

void arch_cell_reset_irqs(struct cell *cell)
{
	(void)cell;
}

unsigned int fake_icache_invals;

void arch_icache_invalidate(void)
{
	fake_icache_invals++;
}

void arch_cell_tlb_flush(struct cell *cell)
{
	(void)cell;
	fake_tlb_flushes++;
}

bool arch_region_emulated(u64 phys, u64 size)
{
	return fake_emulated_size && phys < fake_emulated_base +
	       fake_emulated_size && fake_emulated_base < phys + size;
}

/*
 * Host addresses are mapped already; the identity mappings the core asks
 * for are recorded by page, so tests can check that what the hypervisor
 * still uses stays mapped (on hardware, an access there would be a
 * fault at EL2).
 */
#define FAKE_HV_PAGES	1024
static u64 fake_hv_pages[FAKE_HV_PAGES];
static unsigned int fake_hv_npages;

static int fake_hv_find(u64 page)
{
	unsigned int n;

	for (n = 0; n < fake_hv_npages; n++)
		if (fake_hv_pages[n] == page)
			return n;
	return -1;
}

bool fake_hv_mapped(u64 phys)
{
	return fake_hv_find(phys & PAGE_MASK) >= 0;
}

int arch_hv_map(u64 phys, u64 size, unsigned long flags)
{
	u64 page;

	(void)flags;
	for (page = phys & PAGE_MASK; page < phys + size; page += PAGE_SIZE) {
		if (fake_hv_find(page) >= 0)
			continue;
		if (fake_hv_npages == FAKE_HV_PAGES)
			return -ENOMEM;
		fake_hv_pages[fake_hv_npages++] = page;
	}
	return 0;
}

void arch_hv_unmap(u64 phys, u64 size)
{
	u64 page;
	int n;

	for (page = phys & PAGE_MASK; page < phys + size; page += PAGE_SIZE) {
		n = fake_hv_find(page);
		if (n >= 0)
			fake_hv_pages[n] = fake_hv_pages[--fake_hv_npages];
	}
}

/* The window: identity too, with the real one's rules enforced. */
unsigned int fake_temp_maps;
u64 fake_temp_bytes;
static bool fake_temp_busy;

void *arch_hv_temp_map(u64 phys, u64 size, unsigned long flags)
{
	u64 first = phys & PAGE_MASK, end = ALIGN_UP(phys + size, PAGE_SIZE);

	(void)flags;
	/* The core must never nest or overflow the window. */
	if (fake_temp_busy || end <= first ||
	    (first & (HV_TEMP_SLOT - 1)) + (end - first) > 2 * HV_TEMP_SLOT)
		abort();
	fake_temp_busy = true;
	fake_temp_maps++;
	fake_temp_bytes += size;
	return (void *)phys;
}

void arch_hv_temp_unmap(void *virt, u64 size)
{
	(void)virt;
	(void)size;
	if (!fake_temp_busy)
		abort();
	fake_temp_busy = false;
}

/*
 * Device accesses: the last one is recorded, reads return fake_mmio_value;
 * with fake_mmio_nodev set, the bus fails them as on real hardware where
 * no device answers (a read then stores 0, like the arm64 accessor).
 */
struct fake_mmio fake_mmio_last;
u64 fake_mmio_value;
unsigned int fake_mmio_count;
bool fake_mmio_nodev;

int arch_mmio_read(u64 phys, unsigned int size, u64 *value)
{
	fake_mmio_last = (struct fake_mmio){ phys, 0, size, false };
	fake_mmio_count++;
	*value = fake_mmio_nodev ? 0 : fake_mmio_value;
	return fake_mmio_nodev ? -EFAULT : 0;
}

int arch_mmio_write(u64 phys, unsigned int size, u64 value)
{
	fake_mmio_last = (struct fake_mmio){ phys, value, size, true };
	fake_mmio_count++;
	return fake_mmio_nodev ? -EFAULT : 0;
}

void fake_hv_reset(void)
{
	fake_hv_npages = 0;
	fake_temp_maps = 0;
	fake_temp_bytes = 0;
	fake_temp_busy = false;
}

/*
 * The other CPUs are simulated: whenever the core wakes or waits for
 * them, each takes its pending request the way cpu_park() would.
 */
static void fake_cpus_respond(void)
{
	unsigned int n;

	if (fake_cpus_unresponsive)
		return;
	for (n = 0; n < FAKE_MAX_CPUS; n++) {
		struct per_cpu *cpu = per_cpu(n);

		switch (cpu->request) {
		case REQ_STOP:
			if (cpu->state != CPU_FAILED)
				cpu->state = CPU_PARKED;
			break;
		case REQ_START:
			if (cpu->state == CPU_OFF)
				continue;	/* needs a power-on first */
			cpu->state = CPU_RUNNING;
			break;
		case REQ_POWER_OFF:
			cpu->state = CPU_OFF;
			break;
		default:
			continue;
		}
		cpu->request = REQ_NONE;
	}
}

void arch_cpu_kick(struct per_cpu *cpu)
{
	(void)cpu;
	fake_kicks++;
}

int arch_cpu_power_on(struct per_cpu *cpu)
{
	fake_power_ons++;
	if (fake_power_on_ret)
		return fake_power_on_ret;	/* stays off */
	if (cpu->request == REQ_START && !fake_cpus_unresponsive) {
		cpu->state = CPU_RUNNING;
		cpu->request = REQ_NONE;
	}
	return 0;
}

jmp_buf *fake_cpu_exit;
int fake_cpu_exited;

static void fake_exit_cpu(int how)
{
	fake_cpu_exited = how;
	longjmp(*fake_cpu_exit, 1);
}

void arch_cpu_enter_guest(struct per_cpu *cpu, u64 pc, u64 arg)
{
	(void)cpu;
	(void)pc;
	(void)arg;
	if (fake_cpu_exit)
		fake_exit_cpu(FAKE_EXIT_GUEST);
	abort();
}

void arch_cpu_power_off(struct per_cpu *cpu)
{
	(void)cpu;
	abort();
}

void arch_cpu_quiesce(struct per_cpu *cpu)
{
	(void)cpu;
}

void arch_wait_event(void)
{
	fake_counter += 10;
	fake_cpus_respond();
	/* Only cpu_park() waits on a parked CPU. */
	if (fake_cpu_exit && this_cpu()->state == CPU_PARKED)
		fake_exit_cpu(FAKE_EXIT_PARKED);
}

void arch_send_event(void)
{
	fake_cpus_respond();
}

u64 arch_counter(void)
{
	return fake_counter++;
}

u64 arch_counter_freq(void)
{
	return 1000;
}

/* Link doorbells: the SPIs made pending, in order. */
u32 fake_pended[FAKE_PEND_MAX];
unsigned int fake_pend_count;

void arch_irq_pend(u32 intid)
{
	if (fake_pend_count < FAKE_PEND_MAX)
		fake_pended[fake_pend_count] = intid;
	fake_pend_count++;
}
