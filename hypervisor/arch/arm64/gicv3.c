// SPDX-License-Identifier: GPL-2.0
/*
 * GICv3 hardware driver: the only code that touches GIC registers, the
 * distributor and redistributor frames by MMIO and the CPU interface by
 * system registers. A small register-level API; which interrupt belongs
 * to which cell is decided above it (irqchip*.c), never here.
 */
#include <hv/types.h>
#include <asm/gicv3.h>
#include <asm/sysreg.h>

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

#define MAX_FRAMES		64
#define MAX_LRS			16	/* ICH_LR0..15_EL2 */

static u64 gicd_base, gicr_base;
static unsigned int num_frames;
static u64 frame_aff[MAX_FRAMES];	/* MPIDR affinity of each frame */

/* ---- distributor and redistributor frames ---- */

static u64 mmio_read(u64 addr, unsigned int size)
{
	switch (size) {
	case 1: return *(volatile u8 *)addr;
	case 2: return *(volatile u16 *)addr;
	case 4: return *(volatile u32 *)addr;
	default: return *(volatile u64 *)addr;
	}
}

static void mmio_write(u64 addr, u64 value, unsigned int size)
{
	switch (size) {
	case 1: *(volatile u8 *)addr = value; break;
	case 2: *(volatile u16 *)addr = value; break;
	case 4: *(volatile u32 *)addr = value; break;
	default: *(volatile u64 *)addr = value; break;
	}
}

u64 gicv3_dist_read(u32 off, unsigned int size)
{
	return mmio_read(gicd_base + off, size);
}

void gicv3_dist_write(u32 off, u64 value, unsigned int size)
{
	mmio_write(gicd_base + off, value, size);
}

static u64 frame_addr(unsigned int frame, u32 off)
{
	return gicr_base + (u64)frame * GICR_FRAME_SIZE + off;
}

u64 gicv3_redist_read(unsigned int frame, u32 off, unsigned int size)
{
	return mmio_read(frame_addr(frame, off), size);
}

void gicv3_redist_write(unsigned int frame, u32 off, u64 value,
			unsigned int size)
{
	mmio_write(frame_addr(frame, off), value, size);
}

/* GICR_TYPER[63:32] is Aff3.Aff2.Aff1.Aff0; make it MPIDR-shaped. */
static u64 typer_to_mpidr(u64 typer)
{
	u64 aff = typer >> 32;

	return (aff & 0xffffff) | ((aff >> 24) & 0xff) << 32;
}

void gicv3_init(u64 gicd, u64 gicr)
{
	u64 typer;

	gicd_base = gicd;
	gicr_base = gicr;
	for (num_frames = 0; num_frames < MAX_FRAMES;) {
		typer = gicv3_redist_read(num_frames, GICR_TYPER, 8);
		frame_aff[num_frames++] = typer_to_mpidr(typer);
		if (typer & GICR_TYPER_LAST)
			break;
	}
}

bool gicv3_present(void)
{
	return gicd_base != 0;
}

u64 gicv3_gicd_base(void)
{
	return gicd_base;
}

u64 gicv3_gicr_base(void)
{
	return gicr_base;
}

u64 gicv3_gicr_size(void)
{
	return (u64)num_frames * GICR_FRAME_SIZE;
}

unsigned int gicv3_num_frames(void)
{
	return num_frames;
}

u64 gicv3_frame_mpidr(unsigned int frame)
{
	return frame_aff[frame];
}

unsigned int gicv3_frame_of(u64 mpidr)
{
	unsigned int n;

	for (n = 0; n < num_frames; n++)
		if (frame_aff[n] == (mpidr & GICD_IROUTER_AFF_MASK))
			return n;
	return num_frames;
}

/* ---- physical CPU interface ---- */

void gicv3_cpu_if_enable(void)
{
	write_sysreg(0xf, ICC_SRE_EL2);		/* SRE, DFB, DIB, Enable */
	isb();
}

void gicv3_cpu_if_take_all(void)
{
	write_sysreg(ICC_CTLR_EOIMODE, ICC_CTLR_EL1);
	write_sysreg(0xff, ICC_PMR_EL1);
	write_sysreg(0, ICC_BPR1_EL1);
	write_sysreg(1, ICC_IGRPEN1_EL1);
}

u32 gicv3_ack(void)
{
	return read_sysreg(ICC_IAR1_EL1);
}

void gicv3_eoi(u32 iar)
{
	write_sysreg(iar, ICC_EOIR1_EL1);
}

void gicv3_deactivate(u32 intid)
{
	write_sysreg(intid, ICC_DIR_EL1);
}

void gicv3_send_sgi(u64 mpidr, unsigned int intid)
{
	u64 aff0 = mpidr & 0xff;
	u64 sgir = ((mpidr >> 32) & 0xff) << 48 | ((mpidr >> 16) & 0xff) << 32 |
		   ((mpidr >> 8) & 0xff) << 16 | (aff0 >> 4) << 44 |
		   (u64)intid << 24 | 1UL << (aff0 & 0xf);

	dsb(ish);
	write_sysreg(sgir, ICC_SGI1R_EL1);
	isb();
}

bool gicv3_sgir_targets(u64 sgir, u64 mpidr)
{
	u64 aff0 = mpidr & 0xff;

	return ((sgir >> 48) & 0xff) == ((mpidr >> 32) & 0xff) &&
	       ((sgir >> 32) & 0xff) == ((mpidr >> 16) & 0xff) &&
	       ((sgir >> 16) & 0xff) == ((mpidr >> 8) & 0xff) &&
	       ((sgir >> 44) & 0xf) == aff0 >> 4 &&
	       (sgir & (1UL << (aff0 & 0xf)));
}

/* ---- virtual CPU interface ---- */

unsigned int gicv3_num_lrs(void)
{
	unsigned int n = (read_sysreg(ICH_VTR_EL2) & 0x1f) + 1;

	return n > MAX_LRS ? MAX_LRS : n;
}

/* The list registers are separate encodings: one case per register. */
#define LR_CASE(n, crm, op2, v, wr)					\
	case n:								\
		if (wr)							\
			write_sysreg(v, S3_4_C12_##crm##_##op2);	\
		else							\
			v = read_sysreg(S3_4_C12_##crm##_##op2);	\
		break

static u64 lr_access(unsigned int n, u64 v, bool wr)
{
	switch (n) {
	LR_CASE(0, C12, 0, v, wr); LR_CASE(1, C12, 1, v, wr);
	LR_CASE(2, C12, 2, v, wr); LR_CASE(3, C12, 3, v, wr);
	LR_CASE(4, C12, 4, v, wr); LR_CASE(5, C12, 5, v, wr);
	LR_CASE(6, C12, 6, v, wr); LR_CASE(7, C12, 7, v, wr);
	LR_CASE(8, C13, 0, v, wr); LR_CASE(9, C13, 1, v, wr);
	LR_CASE(10, C13, 2, v, wr); LR_CASE(11, C13, 3, v, wr);
	LR_CASE(12, C13, 4, v, wr); LR_CASE(13, C13, 5, v, wr);
	LR_CASE(14, C13, 6, v, wr); LR_CASE(15, C13, 7, v, wr);
	}
	return v;
}

u64 gicv3_lr_read(unsigned int n)
{
	return lr_access(n, 0, false);
}

void gicv3_lr_write(unsigned int n, u64 value)
{
	lr_access(n, value, true);
}

u64 gicv3_lr_empty(void)
{
	return read_sysreg(ICH_ELRSR_EL2);
}

u64 gicv3_lr_eoi(void)
{
	return read_sysreg(ICH_EISR_EL2);
}

void gicv3_vif_enable(bool on)
{
	write_sysreg(on ? ICH_HCR_EN : 0, ICH_HCR_EL2);
}

void gicv3_vif_underflow_irq(bool on)
{
	u64 hcr = read_sysreg(ICH_HCR_EL2);

	write_sysreg(on ? hcr | ICH_HCR_UIE : hcr & ~ICH_HCR_UIE, ICH_HCR_EL2);
}

void gicv3_vif_clear_prios(void)
{
	write_sysreg(0, ICH_AP0R0_EL2);
	write_sysreg(0, ICH_AP1R0_EL2);
}

void gicv3_vif_clear_vmcr(void)
{
	write_sysreg(0, ICH_VMCR_EL2);
}
