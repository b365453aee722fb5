/* SPDX-License-Identifier: GPL-2.0 */
/*
 * GICv3 distributor and redistributor emulation. Every cell, root
 * included, reaches the GICD and GICR frames only through it: a cell sees
 * and configures only the interrupts it owns (SPIs in its irq bitmap,
 * SGIs/PPIs of its own CPUs), never the hypervisor's own (VGIC_SGI_HV,
 * the maintenance interrupt).
 *
 * The emulation is pure: the physical registers and every question about
 * cells come in through struct vgic_ops, so vgic.c calls no other code
 * and builds as it is into the host unit tests and fuzzer.
 */
#ifndef _ASM_VGIC_H
#define _ASM_VGIC_H

#include <hv/mmio.h>
#include <hv/types.h>
#include <asm/gic_regs.h>

struct cell;

#define VGIC_MAX_IRQS		1020
#define VGIC_SGI_HV		15	/* hypervisor's management SGI */
#define VGIC_MAINT_IRQ_DEFAULT	25

struct vgic_ops {
	/* Physical registers, offsets inside the frame (as gicv3.h). */
	u64 (*dist_read)(u32 off, unsigned int size);
	void (*dist_write)(u32 off, u64 value, unsigned int size);
	u64 (*redist_read)(unsigned int frame, u32 off, unsigned int size);
	void (*redist_write)(unsigned int frame, u32 off, u64 value,
			     unsigned int size);
	/* Does @cell own SPI @intid (>= 32)? */
	bool (*owns_spi)(const struct cell *cell, unsigned int intid);
	/* Has @cell a CPU with affinity @aff (MPIDR-shaped, as IROUTER)? */
	bool (*has_cpu)(const struct cell *cell, u64 aff);
	/* The cell owning redistributor frame @frame, or NULL. */
	const struct cell *(*frame_owner)(unsigned int frame);
	/* Is @cell the root cell (more rights on its own redistributors)? */
	bool (*is_root)(const struct cell *cell);
	unsigned int num_frames;	/* redistributor frames */
	unsigned int maint_irq;		/* the hypervisor's maintenance PPI */
};

/*
 * Emulate one access by @cell. @a->addr is an absolute address inside the
 * distributor (gicd_base + offset) or redistributor region. Returns
 * MMIO_HANDLED or MMIO_ERROR (bad size or alignment). Callers serialise.
 */
int vgic_dist_access(const struct vgic_ops *ops, const struct cell *cell,
		     u64 gicd_base, struct mmio_access *a);
int vgic_redist_access(const struct vgic_ops *ops, const struct cell *cell,
		       u64 gicr_base, struct mmio_access *a);

/*
 * Foreign interrupts. A CPU of @cell took @intid: is it the cell's to
 * see (a PPI of its own CPU, an SPI it owns)? If not, vgic_spi_to_root()
 * routes the SPI to root's CPU @root_aff and makes it pending again, so
 * root loses nothing and the cell CPU never sees it again. On create,
 * vgic_retarget_foreign() moves every SPI the cell does not own but
 * which is routed to one of its CPUs (or 1-of-N) to @root_aff; it returns
 * how many it moved. Callers serialise with the emulation.
 */
bool vgic_irq_is_cells(const struct vgic_ops *ops, const struct cell *cell,
		       unsigned int intid);
void vgic_spi_to_root(const struct vgic_ops *ops, unsigned int intid,
		      u64 root_aff);
unsigned int vgic_retarget_foreign(const struct vgic_ops *ops,
				   const struct cell *cell, u64 root_aff);

#endif
