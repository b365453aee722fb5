/* SPDX-License-Identifier: GPL-2.0 */
/*
 * GICv3 register map (Arm IHI 0069): frame sizes and register offsets.
 * Constants only, so both the driver (gicv3.c) and the emulation
 * (vgic.c) can use them without depending on each other.
 */
#ifndef _ASM_GIC_REGS_H
#define _ASM_GIC_REGS_H

#define GICD_SIZE		0x10000
#define GICR_FRAME_SIZE		0x20000	/* RD_base + SGI_base (GICv3) */
#define GICR_SGI_BASE		0x10000

/* Distributor. */
#define GICD_CTLR		0x0000
#define GICD_TYPER		0x0004
#define GICD_TYPER_LPIS		(1U << 17)
#define GICD_TYPER_LINES(t)	((((t) & 0x1f) + 1) * 32)
#define GICD_SETSPI_NSR		0x0040
#define GICD_CLRSPI_NSR		0x0048
#define GICD_ISENABLER		0x0100
#define GICD_ICENABLER		0x0180
#define GICD_ISPENDR		0x0200
#define GICD_ICPENDR		0x0280
#define GICD_ICACTIVER		0x0380
#define GICD_IPRIORITYR		0x0400
#define GICD_ICFGR		0x0c00
#define GICD_IROUTER		0x6000
#define GICD_IROUTER_IRM	(1ULL << 31)
/* Aff3 (39:32), Aff2 (23:16), Aff1 (15:8), Aff0 (7:0), as in MPIDR. */
#define GICD_IROUTER_AFF_MASK	0xff00ffffffULL

/* Redistributor RD_base. */
#define GICR_CTLR		0x0000
#define GICR_CTLR_ENABLE_LPIS	(1U << 0)
#define GICR_IIDR		0x0004
#define GICR_TYPER		0x0008
#define GICR_TYPER_PLPIS	(1U << 0)
#define GICR_TYPER_DIRECTLPI	(1U << 3)
#define GICR_TYPER_LAST		(1UL << 4)
#define GICR_PROPBASER		0x0070
#define GICR_PENDBASER		0x0078
#define GICR_PIDR2		0xffe8

/* Redistributor SGI_base (offsets inside it). */
#define GICR_ISENABLER0		0x0100
#define GICR_ICENABLER0		0x0180
#define GICR_ISPENDR0		0x0200
#define GICR_ICPENDR0		0x0280
#define GICR_ICACTIVER0		0x0380
#define GICR_IPRIORITYR		0x0400
#define GICR_ICFGR1		0x0c04

/* INTIDs 1020..1023 are special (spurious): no interrupt was taken. */
#define GIC_INTID_SPECIAL(id)	((id) >= 1020 && (id) <= 1023)

#endif
