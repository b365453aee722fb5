/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ASM_GICV3_H
#define _ASM_GICV3_H

#include <hv/types.h>

/* CPU interface system registers (GICv3 architecture, Arm IHI 0069). */
#define ICC_IAR1_EL1		S3_0_C12_C12_0
#define ICC_EOIR1_EL1		S3_0_C12_C12_1
#define ICC_BPR1_EL1		S3_0_C12_C12_3
#define ICC_CTLR_EL1		S3_0_C12_C12_4
#define ICC_IGRPEN1_EL1		S3_0_C12_C12_7
#define ICC_DIR_EL1		S3_0_C12_C11_1
#define ICC_SGI1R_EL1		S3_0_C12_C11_5
#define ICC_PMR_EL1		S3_0_C4_C6_0
#define ICC_SRE_EL2		S3_4_C12_C9_5
#define ICH_AP0R0_EL2		S3_4_C12_C8_0
#define ICH_AP1R0_EL2		S3_4_C12_C9_0
#define ICH_HCR_EL2		S3_4_C12_C11_0
#define ICH_VTR_EL2		S3_4_C12_C11_1
#define ICH_ELRSR_EL2		S3_4_C12_C11_5
#define ICH_VMCR_EL2		S3_4_C12_C11_7
#define ICH_EISR_EL2		S3_4_C12_C11_3

#define ICC_CTLR_EOIMODE	(1UL << 1)
#define ICH_HCR_EN		(1UL << 0)
#define ICH_HCR_UIE		(1UL << 1)

#define ICH_LR_PENDING		(1UL << 62)
#define ICH_LR_ACTIVE		(1UL << 63)
#define ICH_LR_HW		(1UL << 61)
#define ICH_LR_GROUP1		(1UL << 60)
#define ICH_LR_EOI		(1UL << 41)	/* maintenance on EOI */
#define ICH_LR_PRIO_SHIFT	48
#define ICH_LR_PINTID_SHIFT	32
#define ICH_LR_PRIO_DEFAULT	0xa0UL

/* Redistributor SGI_base registers the hypervisor itself uses. */
#define GICR_ISENABLER0		0x100
#define GICR_ICENABLER0		0x180
#define GICR_ISPENDR0		0x200
#define GICR_ICPENDR0		0x280
#define GICR_ICACTIVER0		0x380
#define GICR_IPRIORITYR		0x400
#define GICR_ICFGR1		0xc04
#define GICR_TYPER		0x8
#define GICR_TYPER_LAST		(1UL << 4)
#define GICD_ICENABLER		0x180
#define GICD_ISENABLER		0x100
#define GICD_ISPENDR		0x200
#define GICD_ICPENDR		0x280
#define GICD_ICACTIVER		0x380
#define GICD_IROUTER		0x6000
#define GICD_IPRIORITYR		0x400
#define GICD_ICFGR		0xc00

struct per_cpu;
struct cell;

void gicv3_init(u64 gicd, u64 gicr, unsigned int maint_irq);
void gicv3_cpu_init(struct per_cpu *cpu);
void gicv3_cpu_reset(struct per_cpu *cpu);
void gicv3_cpu_quiesce(struct per_cpu *cpu);
void gicv3_cpu_exit(struct per_cpu *cpu);
void gicv3_handle_irq(struct per_cpu *cpu);
void gicv3_foreign_spi(struct per_cpu *cpu, unsigned int intid);
void gicv3_send_sgi(const struct per_cpu *target, unsigned int intid);
/* Post virtual SGIs (bit per INTID) from @cpu to @target of its cell and
 * make @target deliver the enabled ones (also those held back before). */
void gicv3_post_sgis(struct per_cpu *cpu, struct per_cpu *target, u32 sgis);
/* A trapped ICC_SGI1R_EL1 write of a cell CPU. */
void gicv3_guest_sgi(struct per_cpu *cpu, u64 sgir);
struct mmio_access;
/* MMIO_HANDLED, MMIO_ERROR, or GIC_MMIO_NOT_MINE for other addresses. */
#define GIC_MMIO_NOT_MINE	1
int gicv3_mmio(struct per_cpu *cpu, struct mmio_access *a);
/*
 * The emulated UART's virtual SPI on @cpu follows the UART's level: put
 * into a list register (no HW bit, EOI maintenance) while asserted and
 * enabled, withdrawn while still only pending once it drops.
 */
void gicv3_vuart_update(struct per_cpu *cpu);
/* Frame of the redistributor of the CPU with @mpidr (or frames count). */
unsigned int gicv3_frame_of(u64 mpidr);
u64 gicv3_gicr_size(void);

#endif
