/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Helpers shared by the in-cell test inmates (one suite per inmate):
 * raw GIC MMIO, raw SGIs to any affinity, per-CPU interrupt counters and
 * a helper job loop on the cell's second CPU.
 *
 * MMIO here goes through single ldr/str instructions without writeback:
 * the hypervisor emulates the GIC from the data-abort syndrome, which a
 * post-indexed access (what gcc may emit for a loop over volatile
 * pointers) does not provide, and such an access kills the cell.
 */
#ifndef _CELLTEST_H
#define _CELLTEST_H

#include <inmate.h>

#define CT_TIMEOUT_US		1000000
/* How long an interrupt that must not arrive gets to show up anyway. */
#define CT_QUIET_US		20000

#define GICD_CTLR		0x0000
#define GICD_TYPER		0x0004
#define GICD_IIDR		0x0008
#define GICD_SETSPI_NSR		0x0040
#define GICD_IGROUPR		0x0080
#define GICD_ISENABLER		0x0100
#define GICD_ICENABLER		0x0180
#define GICD_ISPENDR		0x0200
#define GICD_ICPENDR		0x0280
#define GICD_ISACTIVER		0x0300
#define GICD_ICACTIVER		0x0380
#define GICD_IPRIORITYR		0x0400
#define GICD_IROUTER		0x6000
#define GICD_IROUTER_IRM	(1ULL << 31)
#define GICD_PIDR2		0xffe8

#define GICR_FRAME		0x20000
#define GICR_CTLR		0x0000
#define GICR_IIDR		0x0004
#define GICR_TYPER		0x0008
#define GICR_TYPER_LAST		(1ULL << 4)
#define GICR_WAKER		0x0014
#define GICR_PROPBASER		0x0070
#define GICR_PENDBASER		0x0078
#define GICR_PIDR2		0xffe8
#define GICR_SGI		0x10000
#define GICR_MAX_FRAMES		64

#define CT_HV_SGI		15	/* the hypervisor's SGI */
#define CT_HV_MAINT		25	/* GIC maintenance PPI */
#define CT_MAX_INTID		64	/* counters cover SGIs, PPIs, SPIs < 64 */

static inline u32 ct_read32(u64 addr)
{
	u32 v;

	asm volatile("ldr %w0, [%1]" : "=r" (v) : "r" (addr) : "memory");
	return v;
}

static inline u64 ct_read64(u64 addr)
{
	u64 v;

	asm volatile("ldr %0, [%1]" : "=r" (v) : "r" (addr) : "memory");
	return v;
}

static inline u8 ct_read8(u64 addr)
{
	u32 v;

	asm volatile("ldrb %w0, [%1]" : "=r" (v) : "r" (addr) : "memory");
	return (u8)v;
}

static inline void ct_write32(u64 addr, u32 v)
{
	asm volatile("str %w0, [%1]" : : "r" (v), "r" (addr) : "memory");
}

static inline void ct_write64(u64 addr, u64 v)
{
	asm volatile("str %0, [%1]" : : "r" (v), "r" (addr) : "memory");
}

static inline void ct_write8(u64 addr, u8 v)
{
	asm volatile("strb %w0, [%1]" : : "r" ((u32)v), "r" (addr) : "memory");
}

static inline u64 ct_gicd(void)
{
	volatile struct jh_comm_region *comm = comm_region();

	return comm ? comm->gicd_base : BARE_GICD_BASE;
}

static inline u64 ct_gicr(void)
{
	volatile struct jh_comm_region *comm = comm_region();

	return comm ? comm->gicr_base : BARE_GICR_BASE;
}

/* GICR_TYPER[63:32] holds Aff3.Aff2.Aff1.Aff0; MPIDR has Aff3 at 39:32. */
static inline u64 ct_typer_aff(u64 typer)
{
	u64 aff = typer >> 32;

	return (aff & 0xffffff) | ((aff >> 24) & 0xff) << 32;
}

/* Redistributor frame of affinity @mpidr, or 0 if there is none. */
static inline u64 ct_frame_of(u64 mpidr)
{
	u64 frame = ct_gicr(), typer;
	unsigned int i;

	for (i = 0; i < GICR_MAX_FRAMES; i++, frame += GICR_FRAME) {
		typer = ct_read64(frame + GICR_TYPER);
		if (ct_typer_aff(typer) == (mpidr & MPIDR_AFF_MASK))
			return frame;
		if (typer & GICR_TYPER_LAST)
			break;
	}
	return 0;
}

/* ICC_SGI1R_EL1 value for SGI @intid to the single affinity @mpidr. */
static inline u64 ct_sgi1r(unsigned int intid, u64 mpidr)
{
	u64 aff0 = mpidr & 0xff;

	return ((mpidr >> 32) & 0xff) << 48 | ((mpidr >> 16) & 0xff) << 32 |
	       (aff0 / 16) << 44 | (u64)(intid & 0xf) << 24 |
	       ((mpidr >> 8) & 0xff) << 16 | 1ULL << (aff0 % 16);
}

/* Write ICC_SGI1R_EL1 as is: any target, even outside the cell. */
static inline void ct_sgi_raw(u64 sgi1r)
{
	dsb_sy();
	sysreg_write(icc_sgi1r_el1, sgi1r);
	isb();
}

/* Interrupts seen per CPU index and INTID (ct_count_irq handler). */
static volatile u32 ct_seen[INMATE_MAX_CPUS][CT_MAX_INTID] __attribute__((unused));

static inline void ct_count_irq(unsigned int intid)
{
	if (intid < CT_MAX_INTID)
		ct_seen[this_cpu()][intid]++;
}

static inline u32 ct_seen_total(unsigned int cpu)
{
	u32 n = 0;
	unsigned int i;

	for (i = 0; i < CT_MAX_INTID; i++)
		n += ct_seen[cpu][i];
	return n;
}

/* Wait until *@p >= @want (bounded); true if it got there. */
static inline bool ct_wait_at_least(volatile u32 *p, u32 want, u64 us)
{
	u64 end = timer_ticks() + timer_us_to_ticks(us);

	while (*p < want) {
		if (timer_ticks() > end)
			return false;
		cpu_relax();
	}
	return true;
}

/* Spin for @us with IRQs unmasked, so that pending interrupts are taken. */
static inline void ct_irq_window(u64 us)
{
	irq_enable();
	delay_us(us);
	irq_disable();
}

/*
 * Like ct_irq_window(), but for an interrupt a host timer raises: wait up
 * to CT_TIMEOUT_US for *@p to reach @want, then CT_QUIET_US more for any
 * extra arrival. Under TCG the guest's timer follows host wall time and
 * QEMU's timer thread may be starved on a loaded host, so a fixed 20 ms
 * window was seen closing before the interrupt came.
 */
static inline void ct_irq_window_until(volatile u32 *p, u32 want)
{
	irq_enable();
	ct_wait_at_least(p, want, CT_TIMEOUT_US);
	delay_us(CT_QUIET_US);
	irq_disable();
}

/*
 * Helper CPU (index 1): runs jobs posted by CPU 0 and otherwise spins with
 * IRQs unmasked, so that interrupts aimed at it are handled at once.
 */
typedef void (*ct_job_t)(void);

static volatile ct_job_t ct_job __attribute__((unused));
static volatile u32 ct_job_done __attribute__((unused));
static volatile u32 ct_helper_quit __attribute__((unused));
static volatile u32 ct_helper_up __attribute__((unused));

static inline void ct_helper_loop(unsigned int cpu, void *arg)
{
	ct_job_t job;

	(void)cpu;
	(void)arg;
	WRITE_ONCE(ct_helper_up, 1);
	irq_enable();
	while (!READ_ONCE(ct_helper_quit)) {
		job = READ_ONCE(ct_job);
		if (job) {
			job();
			WRITE_ONCE(ct_job, NULL);
			dsb_sy();
			WRITE_ONCE(ct_job_done, ct_job_done + 1);
			dsb_sy();
		}
		cpu_relax();
	}
	irq_disable();
	WRITE_ONCE(ct_helper_up, 0);
	dsb_sy();
	/* Returning turns the CPU off (PSCI CPU_OFF). */
}

/* Start CPU 1 in the helper loop; returns the PSCI result (or -99 when
 * it did not come up within a second). */
static inline long ct_helper_start(void)
{
	long ret;

	WRITE_ONCE(ct_helper_quit, 0);
	WRITE_ONCE(ct_helper_up, 0);
	ret = smp_cpu_on(1, ct_helper_loop, NULL);
	if (ret != PSCI_SUCCESS)
		return ret;
	return ct_wait_at_least(&ct_helper_up, 1, CT_TIMEOUT_US) ? 0 : -99;
}

/* Run @job on the helper CPU and wait for it; false on timeout. */
static inline bool ct_helper_run(ct_job_t job)
{
	u32 done = READ_ONCE(ct_job_done);

	dsb_sy();
	WRITE_ONCE(ct_job, job);
	dsb_sy();
	sev();
	return ct_wait_at_least(&ct_job_done, done + 1, CT_TIMEOUT_US);
}

static inline void ct_helper_stop(void)
{
	WRITE_ONCE(ct_helper_quit, 1);
	dsb_sy();
	sev();
}

/* Poll AFFINITY_INFO until it says @want, for up to a second. */
static inline long ct_wait_affinity(u64 mpidr, long want)
{
	u64 end = timer_ticks() + timer_us_to_ticks(CT_TIMEOUT_US);
	long state;

	do {
		state = psci_affinity_info(mpidr);
		if (state == want)
			break;
		delay_us(100);
	} while (timer_ticks() < end);
	return state;
}

#endif
