/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Bare-metal inmate library: everything a small AArch64 EL1 program needs
 * to run inside a cell (or bare on QEMU virt): console, command line,
 * PSCI/SMP, GICv3 interrupts, the EL1 virtual timer, the comm region and a
 * tiny test API. The boot protocol is described in inmates/README.md.
 *
 * An inmate defines inmate_main(); it runs on the boot CPU (index 0) with
 * the console, the GIC and the exception vectors set up and IRQs masked.
 */
#ifndef _INMATE_H
#define _INMATE_H

#define INMATE_MAX_CPUS		8
#define INMATE_STACK_SIZE	4096
#define INMATE_CMDLINE_OFFSET	0x1000
#define INMATE_CMDLINE_SIZE	256

/* Bare QEMU virt (no hypervisor). */
#define BARE_UART_BASE		0x09000000UL
#define BARE_GICD_BASE		0x08000000UL
#define BARE_GICR_BASE		0x080a0000UL
#define BARE_DEFAULT_CPUS	2

/* MPIDR_EL1 affinity fields Aff3 (39:32), Aff2..Aff0 (23:0). */
#define MPIDR_AFF_MASK		0xff00ffffffUL

#ifndef __ASSEMBLY__

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <jailhouse/comm.h>

typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;
typedef __s32 s32;
typedef __s64 s64;

#define __noreturn	__attribute__((noreturn))
#define __printf(a, b)	__attribute__((format(printf, a, b)))
#define __aligned(x)	__attribute__((aligned(x)))
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define READ_ONCE(x)	(*(const volatile typeof(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile typeof(x) *)&(x) = (v))

/* ---- the inmate's own entry point ---- */
void inmate_main(void);

/* ---- CPU primitives ---- */
#define sysreg_read(r) ({ u64 __v; \
	asm volatile("mrs %0, " #r : "=r" (__v)); __v; })
#define sysreg_write(r, v) \
	asm volatile("msr " #r ", %0" : : "r" ((u64)(v)) : "memory")

static inline void isb(void) { asm volatile("isb" : : : "memory"); }
static inline void dsb_sy(void) { asm volatile("dsb sy" : : : "memory"); }
static inline void dmb_sy(void) { asm volatile("dmb sy" : : : "memory"); }
static inline void sev(void) { asm volatile("sev" : : : "memory"); }
static inline void wfe(void) { asm volatile("wfe" : : : "memory"); }
static inline void wfi(void) { asm volatile("wfi" : : : "memory"); }
/* In spin loops: a hint on hardware, lets QEMU switch vCPUs under -icount. */
static inline void cpu_relax(void) { asm volatile("yield" : : : "memory"); }
static inline void irq_enable(void) { asm volatile("msr daifclr, #2; isb" : : : "memory"); }
static inline void irq_disable(void) { asm volatile("msr daifset, #2" : : : "memory"); }

/*
 * Wait for an interrupt with IRQs masked (so a wake-up between checking a
 * condition and sleeping is not lost), let the handler run, mask again.
 * Use: irq_disable(); while (!cond) cpu_sleep(); irq_enable();
 */
static inline void cpu_sleep(void)
{
	asm volatile("wfi; msr daifclr, #2; isb; msr daifset, #2" : : : "memory");
}

/* MMIO; with the MMU off every data access is Device-nGnRnE anyway. */
static inline u32 mmio_read32(u64 addr) { return *(volatile u32 *)addr; }
static inline void mmio_write32(u64 addr, u32 v) { *(volatile u32 *)addr = v; }
static inline u64 mmio_read64(u64 addr) { return *(volatile u64 *)addr; }
static inline void mmio_write64(u64 addr, u64 v) { *(volatile u64 *)addr = v; }

/* ---- CPUs (index 0 is the boot CPU) ---- */
unsigned int this_cpu(void);		/* index of the calling CPU */
unsigned int num_cpus(void);		/* CPUs of the cell / bare machine */
u64 cpu_mpidr(unsigned int cpu);	/* affinity bits of CPU @cpu */
void __noreturn inmate_halt(void);	/* IRQs off, wfi forever */
/*
 * End of the program: bare it powers the machine off (QEMU exits); in a
 * cell the CPU waits for (and accepts) a shutdown request.
 */
void __noreturn inmate_finish(void);
bool inmate_is_bare(void);

/* ---- console ---- */
void console_putc(char c);
void console_puts(const char *s);
int printk(const char *fmt, ...) __printf(1, 2);
int vprintk(const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

/* ---- locks (no exclusives: they need not work with the MMU off) ---- */
struct bakery_lock {
	volatile u32 choosing[INMATE_MAX_CPUS];
	volatile u32 number[INMATE_MAX_CPUS];
};
void bakery_lock(struct bakery_lock *l);
void bakery_unlock(struct bakery_lock *l);

/* ---- command line (image offset 0x1000) ---- */
const char *cmdline_get(void);
long cmdline_parse_int(const char *key, long def);
bool cmdline_parse_bool(const char *key, bool def);
/* Copies the value into @buf (NUL-terminated); returns false if absent. */
bool cmdline_parse_str(const char *key, char *buf, size_t size);

/* ---- PSCI through hvc #0 (SMCCC) ---- */
#define PSCI_VERSION		0x84000000U
#define PSCI_CPU_OFF		0x84000002U
#define PSCI_CPU_ON		0xc4000003U
#define PSCI_AFFINITY_INFO	0xc4000004U
#define PSCI_SYSTEM_OFF		0x84000008U
#define PSCI_SYSTEM_RESET	0x84000009U
#define PSCI_FEATURES		0x8400000aU

#define PSCI_SUCCESS		0
#define PSCI_NOT_SUPPORTED	(-1)
#define PSCI_INVALID_PARAMS	(-2)
#define PSCI_DENIED		(-3)
#define PSCI_ALREADY_ON		(-4)
#define PSCI_ON_PENDING		(-5)
#define PSCI_INTERNAL_FAILURE	(-6)

#define PSCI_AFF_ON		0
#define PSCI_AFF_OFF		1
#define PSCI_AFF_ON_PENDING	2

long psci_call(u32 fn, u64 a1, u64 a2, u64 a3);
static inline long psci_version(void) { return psci_call(PSCI_VERSION, 0, 0, 0); }
long psci_affinity_info(u64 mpidr);

/*
 * Start CPU @cpu (index into the CPU list) with PSCI CPU_ON; it sets up
 * its stack, vectors and GIC CPU interface, then runs @fn(cpu, arg).
 * When @fn returns the CPU turns itself off (CPU_OFF). Returns the PSCI
 * result. smp_wait_online() waits (bounded, @timeout_us) until it runs.
 */
typedef void (*cpu_fn_t)(unsigned int cpu, void *arg);
long smp_cpu_on(unsigned int cpu, cpu_fn_t fn, void *arg);
bool smp_wait_online(unsigned int cpu, u64 timeout_us);
bool smp_cpu_online(unsigned int cpu);
void __noreturn smp_cpu_off(void);	/* PSCI CPU_OFF for the caller */

/* ---- GICv3 and interrupts ---- */
#define IRQ_MAX			1020
#define SGI_HALT		14	/* library's "halt now" SGI */
#define SGI_RESERVED_HV		15	/* the hypervisor's, never use */
#define PPI_VTIMER		27

typedef void (*irq_handler_t)(unsigned int intid);
void irq_set_handler(unsigned int intid, irq_handler_t handler);
/* Enable @intid at the GIC (SGI/PPI: for the calling CPU; SPI: routed
 * to the calling CPU). */
void irq_enable_intid(unsigned int intid);
void irq_disable_intid(unsigned int intid);
/* Send SGI @intid (0..14) to CPU index @cpu. */
void gic_send_sgi(unsigned int intid, unsigned int cpu);
/* CNTVCT_EL0 read first thing in the IRQ vector of the current IRQ. */
u64 irq_entry_timestamp(void);
/* Interrupts handled by this CPU so far. */
u64 irq_count(void);

/* ---- EL1 virtual timer ---- */
u64 timer_frequency(void);
static inline u64 timer_ticks(void)
{
	isb();
	return sysreg_read(cntvct_el0);
}
u64 timer_ticks_to_ns(u64 ticks);
u64 timer_us_to_ticks(u64 us);
/* Fire PPI 27 at absolute counter value @cval (enables the timer). */
void timer_set_cval(u64 cval);
u64 timer_get_cval(void);
void timer_stop(void);
/* Registers @handler for the timer PPI and enables it on this CPU. */
void timer_irq_init(irq_handler_t handler);
void delay_us(u64 us);

/* ---- comm region (NULL when booted bare) ---- */
volatile struct jh_comm_region *comm_region(void);
bool comm_shutdown_requested(void);
void comm_reply(u32 reply);		/* JH_REPLY_* */
void comm_set_locked(bool locked);
/*
 * Answer a pending shutdown request: with the lock held, deny it and
 * return; otherwise reply OK and halt every CPU (never returns).
 */
void comm_poll(void);
/*
 * Idle forever: sleep with wfi, answer shutdown requests. Arms a 10 ms
 * poll timer on this CPU if @poll (for apps that use no timer).
 */
void __noreturn comm_idle(bool poll);

/* ---- EL0 runs (user mode, AArch64 or AArch32) ---- */
#define SPSR_EL0T		0x0	/* AArch64 EL0 */
#define SPSR_A32_USR		0x10	/* AArch32 user mode */
#define SPSR_T32		0x20	/* AArch32: Thumb state */
struct el0_regs {
	u64 x[15];		/* in: x0-x14 (r0-r14); out: as EL0 left them */
	u64 pc, spsr;		/* in: where and how (SPSR_EL1 format) */
	u64 esr, elr, far;	/* out: the exception that ended the run */
	u64 saved[14];		/* private: caller's x19-x30, sp, DAIF */
};
/*
 * Run at EL0 until its first synchronous exception (SVC, undefined
 * instruction, abort), which returns here; interrupts taken at EL0 are
 * handled as usual and EL0 resumes. One run at a time per CPU.
 */
void el0_run(struct el0_regs *r);

/* ---- hypercalls ---- */
/* hvc #JH_HVC_IMM, x0 = code (JH_HC_*), result in x0. */
long jh_hypercall(u64 code, u64 a1, u64 a2, u64 a3);

/* ---- string ---- */
void *memset(void *s, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);

/* ---- test API (output parsed by the cell test harness) ---- */
void test_init(const char *suite);
bool test_check(bool ok, const char *name, const char *fmt, ...) __printf(3, 4);
void test_skip(const char *name, const char *fmt, ...) __printf(2, 3);
/* Prints "CELLTEST DONE <suite> passed=N failed=M"; returns failed. */
int test_done(void);
#define TEST_CHECK(cond, name, ...) test_check(!!(cond), name, __VA_ARGS__)

#endif /* !__ASSEMBLY__ */
#endif
