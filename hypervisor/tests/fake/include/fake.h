/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test-side view of the fake architecture (fake/arch.c) and of the core
 * functions that the host build renames (fake/include/host_rename.h).
 * Include after the C library headers and before any hv/ header.
 */
#ifndef _FAKE_H
#define _FAKE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
/* hv/types.h defines NULL itself; clang's spelling differs from it. */
#undef NULL
#include <hv/types.h>
#include <hv/paging.h>

/* Core functions under their host names. */
void *hv_memcpy(void *dst, const void *src, size_t n);
void *hv_memset(void *s, int c, size_t n);
int hv_memcmp(const void *a, const void *b, size_t n);
size_t hv_strnlen(const char *s, size_t max);
int hv_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int hv_snprintf(char *buf, size_t size, const char *fmt, ...);

/* Everything arch_console_putc emitted since the last fake_uart_reset. */
extern char fake_uart[];
extern size_t fake_uart_len;
void fake_uart_reset(void);

/*
 * Fake page-table entry: bit 0 valid, bit 1 table (levels 0-2 only),
 * bits 2-5 PAGE_* flags, bits 12-51 address. Blocks at levels 1 and 2.
 */
#define FAKE_PTE_VALID		0x1ULL
#define FAKE_PTE_TABLE		0x2ULL
#define FAKE_PTE_FLAGS_SHIFT	2
#define FAKE_PTE_ADDR_MASK	0x000ffffffffff000ULL
extern const struct paging_format fake_format;

/* spin_lock() calls so far: which paths take no lock at all. */
extern unsigned long fake_lock_count;

/* Knobs of the fake arch hooks and what they saw. */
extern unsigned int fake_s2_root_level, fake_s2_root_pages;
extern int fake_init_early_ret, fake_cpu_init_ret;
extern unsigned int fake_init_early_calls, fake_cpu_init_calls;
extern unsigned int fake_current_cpu;

/*
 * Fake hypervisor memory: FAKE_CORE_SIZE bytes of "image" (hv_header,
 * __core_end at its end), then the per-CPU areas (__percpu_start), then
 * room for the config and the pool.
 */
#define FAKE_HV_MEM_SIZE	(8UL << 20)
#define FAKE_CORE_SIZE		(64UL << 10)
#define FAKE_MAX_CPUS		8
extern u8 fake_hv_memory[];

/* SPIs arch_irq_pend() made pending (link doorbells). */
#define FAKE_PEND_MAX		64
extern u32 fake_pended[FAKE_PEND_MAX];
extern unsigned int fake_pend_count;

/*
 * cell_self_stop() and cpu_park() never return. With fake_cpu_exit set,
 * they come back to it by longjmp, fake_cpu_exited saying how: the CPU
 * entered the guest, or parked (this_cpu() waits for a request).
 */
#define FAKE_EXIT_GUEST		1
#define FAKE_EXIT_PARKED	2
extern jmp_buf *fake_cpu_exit;
extern int fake_cpu_exited;

/* Cells and CPU control (fake/arch.c). */
extern unsigned int fake_cell_init_calls, fake_cell_exit_calls;
extern unsigned int fake_tlb_flushes, fake_kicks, fake_power_ons;
extern unsigned int fake_icache_invals;
extern int fake_cell_init_ret;
extern u64 fake_emulated_base, fake_emulated_size, fake_counter;
extern bool fake_cpus_unresponsive;
extern int fake_power_on_ret;

/* Hypervisor identity mappings (by page) and the temporary window. */
bool fake_hv_mapped(u64 phys);
extern unsigned int fake_temp_maps;
extern u64 fake_temp_bytes;
void fake_hv_reset(void);

/* arch_mmio_read/write: the last access, the value reads return. */
struct fake_mmio {
	u64 phys, value;
	unsigned int size;
	bool is_write;
};
extern struct fake_mmio fake_mmio_last;
extern u64 fake_mmio_value;
extern unsigned int fake_mmio_count;
extern bool fake_mmio_nodev;		/* the bus fails every access */

/* Pool over a fresh page-aligned heap buffer of @pages pages, as mem_pool. */
void fake_pool_setup(unsigned long pages);
void fake_pool_teardown(void);

#endif
