/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Cells' interrupts on a GICv3, on top of the hardware driver (gicv3.h)
 * and the register emulation (vgic.h), which never call back up:
 *   irqchip.c       which SPIs a cell owns, taking them from root on
 *                   create and giving them back, foreign SPIs, doorbells
 *   irqchip_mmio.c  guest accesses to the GICD/GICR frames
 *   irqchip_cpu.c   a CPU's interrupts: taking them at EL2, injecting
 *                   them through list registers, virtual SGIs
 */
#ifndef _ASM_IRQCHIP_H
#define _ASM_IRQCHIP_H

#include <hv/arch.h>
#include <hv/mmio.h>
#include <hv/types.h>
#include <asm/vgic.h>

struct per_cpu;

/* Runs once, MMU off (GICv3 machines only). */
void irqchip_init(u64 gicd, u64 gicr, unsigned int maint_irq);

void irqchip_cpu_init(struct per_cpu *cpu);
/* Fresh interrupt state for a guest start. */
void irqchip_cpu_reset(struct per_cpu *cpu);
/* The CPU stops running guest code: nothing of the guest stays active. */
void irqchip_cpu_quiesce(struct per_cpu *cpu);
/* The CPU leaves the hypervisor (destroy, disable). */
void irqchip_cpu_exit(struct per_cpu *cpu);
/* Make @cpu look at its requests (the hypervisor's SGI). */
void irqchip_cpu_kick(struct per_cpu *cpu);

void irqchip_handle_irq(struct per_cpu *cpu);
/* A trapped ICC_SGI1R_EL1 write of a cell CPU. */
void irqchip_guest_sgi(struct per_cpu *cpu, u64 sgir);
/* MMIO_HANDLED, MMIO_ERROR, or GIC_MMIO_NOT_MINE for other addresses. */
#define GIC_MMIO_NOT_MINE	1
int irqchip_mmio(struct per_cpu *cpu, struct mmio_access *a);
/*
 * The emulated UART's virtual SPI on @cpu follows the UART's level: put
 * into a list register (no HW bit, EOI maintenance) while asserted and
 * enabled, withdrawn while still only pending once it drops.
 */
void irqchip_vuart_update(struct per_cpu *cpu);

/* ---- shared by the irqchip*.c files only ---- */

/* The emulation's view of the machine and of the cells. */
extern struct vgic_ops irqchip_vgic;
/* Serialises the emulation and every SPI changing hands. */
extern spinlock_t irqchip_lock;
/* The CPU whose redistributor is @frame, if it is in a cell. */
struct per_cpu *irqchip_frame_cpu(unsigned int frame);
/* A CPU of a cell took SPI @intid it does not own: hand it to root. */
void irqchip_foreign_spi(struct per_cpu *cpu, unsigned int intid);
/* Post virtual SGIs (bit per INTID) from @cpu to @target of its cell and
 * make @target deliver the enabled ones (also those held back before). */
void irqchip_post_sgis(struct per_cpu *cpu, struct per_cpu *target, u32 sgis);

#endif
