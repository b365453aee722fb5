/* SPDX-License-Identifier: GPL-2.0 */
/*
 * GICv3 hardware driver: the distributor and redistributor frames and the
 * CPU interface (ICC_*, ICH_* system registers). It knows registers and
 * CPUs by MPIDR, nothing about cells; who may do what is irqchip.c's.
 */
#ifndef _ASM_GICV3_H
#define _ASM_GICV3_H

#include <hv/types.h>
#include <asm/gic_regs.h>

/* Runs once, MMU off: records the frames and which CPU owns each. */
void gicv3_init(u64 gicd, u64 gicr);
/* False on GICv2 machines (gicv3_init never ran). */
bool gicv3_present(void);
u64 gicv3_gicd_base(void);
u64 gicv3_gicr_base(void);
u64 gicv3_gicr_size(void);
unsigned int gicv3_num_frames(void);
/* MPIDR (affinity fields) of the CPU owning redistributor @frame. */
u64 gicv3_frame_mpidr(unsigned int frame);
/* Frame of the redistributor of the CPU with @mpidr (or frames count). */
unsigned int gicv3_frame_of(u64 mpidr);

/* Distributor and redistributor registers; @off is inside the frame. */
u64 gicv3_dist_read(u32 off, unsigned int size);
void gicv3_dist_write(u32 off, u64 value, unsigned int size);
u64 gicv3_redist_read(unsigned int frame, u32 off, unsigned int size);
void gicv3_redist_write(unsigned int frame, u32 off, u64 value,
			unsigned int size);

/* List register fields (ICH_LR<n>_EL2). */
#define ICH_LR_PENDING		(1UL << 62)
#define ICH_LR_ACTIVE		(1UL << 63)
#define ICH_LR_HW		(1UL << 61)
#define ICH_LR_GROUP1		(1UL << 60)
#define ICH_LR_EOI		(1UL << 41)	/* maintenance on EOI */
#define ICH_LR_PRIO_SHIFT	48
#define ICH_LR_PINTID_SHIFT	32
#define ICH_LR_PRIO_DEFAULT	0xa0UL

/* Physical CPU interface of the calling CPU. */
void gicv3_cpu_if_enable(void);		/* system register access at EL2 */
/* Take every interrupt at EL2: EOImode 1, all priorities, group 1 on. */
void gicv3_cpu_if_take_all(void);
u32 gicv3_ack(void);			/* ICC_IAR1_EL1 */
void gicv3_eoi(u32 iar);		/* priority drop only (EOImode 1) */
void gicv3_deactivate(u32 intid);
void gicv3_send_sgi(u64 mpidr, unsigned int intid);
/* Does an ICC_SGI1R_EL1 value @sgir name the CPU with @mpidr? */
bool gicv3_sgir_targets(u64 sgir, u64 mpidr);

/* Virtual CPU interface (list registers) of the calling CPU. */
unsigned int gicv3_num_lrs(void);
u64 gicv3_lr_read(unsigned int n);
void gicv3_lr_write(unsigned int n, u64 value);
u64 gicv3_lr_empty(void);		/* ICH_ELRSR_EL2 */
u64 gicv3_lr_eoi(void);			/* ICH_EISR_EL2 */
void gicv3_vif_enable(bool on);		/* ICH_HCR_EL2.En (all else off) */
/* Maintenance interrupt once the list registers hold at most one. */
void gicv3_vif_underflow_irq(bool on);
/* No active priorities and the guest's VMCR state cleared. */
void gicv3_vif_clear_prios(void);
void gicv3_vif_clear_vmcr(void);

#endif
