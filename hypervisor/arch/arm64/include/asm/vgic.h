/* SPDX-License-Identifier: GPL-2.0 */
/*
 * GICv3 distributor and redistributor emulation. Every cell, root
 * included, reaches the GICD and GICR frames only through these handlers:
 * a cell sees and configures only the interrupts it owns (SPIs in its
 * irq bitmap, SGIs/PPIs of its own CPUs), never the hypervisor's own
 * (VGIC_SGI_HV, the maintenance interrupt).
 */
#ifndef _ASM_VGIC_H
#define _ASM_VGIC_H

#include <hv/mmio.h>
#include <hv/types.h>

struct cell;
struct per_cpu;

#define GICD_SIZE		0x10000
#define GICR_FRAME_SIZE		0x20000	/* RD_base + SGI_base (GICv3) */
#define GICR_SGI_BASE		0x10000
#define VGIC_MAX_IRQS		1020
#define VGIC_SGI_HV		15	/* hypervisor's management SGI */
#define VGIC_MAINT_IRQ_DEFAULT	25

/* Physical register access (real MMIO on arm64, a fake in unit tests). */
u64 gicd_read(u32 offset, unsigned int size);
void gicd_write(u32 offset, u64 value, unsigned int size);
u64 gicr_read(unsigned int frame, u32 offset, unsigned int size);
void gicr_write(unsigned int frame, u32 offset, u64 value, unsigned int size);

/* Ownership queries the emulation relies on (provided by the arm64 glue). */
bool vgic_cell_owns_spi(const struct cell *cell, unsigned int intid);
/* The CPU of @cell whose MPIDR affinity is @aff (Aff3.Aff2.Aff1.Aff0 as in
 * GICD_IROUTER bits 39:32, 23:16, 15:8, 7:0), or NULL. */
struct per_cpu *vgic_cell_cpu_by_affinity(const struct cell *cell, u64 aff);
/* The cell owning redistributor frame @frame, or NULL (no such CPU). */
struct cell *vgic_frame_owner(unsigned int frame);
/* Number of redistributor frames found at init, maintenance INTID. */
extern unsigned int vgic_num_frames;
extern unsigned int vgic_maint_irq;
/* Is @cell the root cell (more rights on its own redistributors)? */
bool vgic_cell_is_root(const struct cell *cell);

/*
 * Emulate one access by @cell. @a->addr is an absolute address inside the
 * distributor (gicd_base + offset) or redistributor region. Returns
 * MMIO_HANDLED or MMIO_ERROR (bad size or alignment).
 */
int vgic_dist_access(struct cell *cell, u64 gicd_base, struct mmio_access *a);
int vgic_redist_access(struct cell *cell, u64 gicr_base,
		       struct mmio_access *a);

/*
 * Foreign interrupts. A CPU of @cell took @intid: is it the cell's to
 * see (a PPI of its own CPU, an SPI it owns)? If not, vgic_spi_to_root()
 * routes the SPI to root's CPU @root_aff and makes it pending again, so
 * root loses nothing and the cell CPU never sees it again. On create,
 * vgic_retarget_foreign() moves every SPI the cell does not own but
 * which is routed to one of its CPUs (or 1-of-N) to @root_aff; it returns
 * how many it moved. Callers serialise with the emulation.
 */
bool vgic_irq_is_cells(const struct cell *cell, unsigned int intid);
void vgic_spi_to_root(unsigned int intid, u64 root_aff);
unsigned int vgic_retarget_foreign(const struct cell *cell, u64 root_aff);

#endif
