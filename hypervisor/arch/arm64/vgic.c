// SPDX-License-Identifier: GPL-2.0
/*
 * GICv3 distributor and redistributor emulation.
 *
 * The GICD and GICR frames are absent from every cell's stage 2, so each
 * guest access lands here. Per-interrupt registers are described by one
 * small table per register block (distributor, redistributor SGI_base):
 * for every access we compute the mask of the bits that belong to
 * interrupts the cell owns, and only those bits are read or written.
 * Everything the table does not describe reads as zero and ignores
 * writes. Serialising accesses (for read-modify-write) is the caller's job.
 *
 * Hardware access and every ownership question go through the caller's
 * struct vgic_ops: this file depends on nothing but its own header.
 */
#include <hv/types.h>
#include <hv/mmio.h>
#include <asm/vgic.h>

/* INTID field of GICD_SETSPI_NSR / GICD_CLRSPI_NSR. */
#define GICD_SPI_INTID_MASK	0x1fff

/* Access sizes a register accepts, as a mask of BIT(size in bytes). */
#define SZ_4			BIT(4)
#define SZ_1_4			(BIT(1) | BIT(4))
#define SZ_4_8			(BIT(4) | BIT(8))

enum vgic_kind {
	VGIC_SETCLR,	/* IS* / IC*: write value & mask */
	VGIC_RW,	/* plain fields: write-through or read-modify-write */
	VGIC_RO,	/* group setup: guests read owned bits, never write */
	VGIC_ROUTE,	/* IROUTER: RW, but only to a CPU of the cell */
	VGIC_ID,	/* control/identification: read-only pass-through */
	VGIC_SPI,	/* SETSPI/CLRSPI: write an owned INTID through */
};

struct vgic_reg {
	u32 start;	/* offset in the block */
	u32 len;	/* bytes */
	u8 bits;	/* bits per interrupt, 0 for non-array registers */
	u8 first;	/* INTID of the first field at @start */
	u8 kind;	/* enum vgic_kind */
	u16 sizes;	/* accepted access sizes (SZ_*) */
};

#define IRQ_REG(start, len, bits, kind, sizes) \
	{ start, len, bits, 0, VGIC_##kind, sizes }
#define BIT_REG(start, kind)	IRQ_REG(start, 0x80, 1, kind, SZ_4)

/* Arrays over INTIDs 0..1023; the entries of INTIDs 0..31 are never owned. */
static const struct vgic_reg vgic_dist_regs[] = {
	IRQ_REG(0x0000, 0x10, 0, ID, SZ_4),	/* CTLR TYPER IIDR TYPER2 */
	IRQ_REG(GICD_SETSPI_NSR, 4, 0, SPI, SZ_4),
	IRQ_REG(GICD_CLRSPI_NSR, 4, 0, SPI, SZ_4),
	BIT_REG(0x0080, RO),			/* IGROUPR */
	BIT_REG(0x0100, SETCLR),		/* ISENABLER */
	BIT_REG(0x0180, SETCLR),		/* ICENABLER */
	BIT_REG(0x0200, SETCLR),		/* ISPENDR */
	BIT_REG(0x0280, SETCLR),		/* ICPENDR */
	BIT_REG(0x0300, SETCLR),		/* ISACTIVER */
	BIT_REG(0x0380, SETCLR),		/* ICACTIVER */
	IRQ_REG(0x0400, 0x400, 8, RW, SZ_1_4),	/* IPRIORITYR */
	IRQ_REG(0x0c00, 0x100, 2, RW, SZ_4),	/* ICFGR */
	BIT_REG(0x0d00, RO),			/* IGRPMODR */
	IRQ_REG(0x0e00, 0x100, 2, RO, SZ_4),	/* NSACR */
	IRQ_REG(0x6000, 0x2000, 64, ROUTE, SZ_4_8), /* IROUTER */
	IRQ_REG(0xffd0, 0x30, 0, ID, SZ_4),	/* ID registers */
};

/* SGI_base of a redistributor: the same arrays for INTIDs 0..31. */
static const struct vgic_reg vgic_sgi_regs[] = {
	IRQ_REG(0x0080, 4, 1, RO, SZ_4),	/* IGROUPR0 */
	IRQ_REG(0x0100, 4, 1, SETCLR, SZ_4),	/* ISENABLER0 */
	IRQ_REG(0x0180, 4, 1, SETCLR, SZ_4),	/* ICENABLER0 */
	IRQ_REG(0x0200, 4, 1, SETCLR, SZ_4),	/* ISPENDR0 */
	IRQ_REG(0x0280, 4, 1, SETCLR, SZ_4),	/* ICPENDR0 */
	IRQ_REG(0x0300, 4, 1, SETCLR, SZ_4),	/* ISACTIVER0 */
	IRQ_REG(0x0380, 4, 1, SETCLR, SZ_4),	/* ICACTIVER0 */
	IRQ_REG(0x0400, 0x20, 8, RW, SZ_1_4),	/* IPRIORITYR0-7 */
	IRQ_REG(0x0c00, 4, 2, RO, SZ_4),	/* ICFGR0: SGIs are fixed */
	{ 0x0c04, 4, 2, 16, VGIC_RW, SZ_4 },	/* ICFGR1: INTIDs 16..31 */
	IRQ_REG(0x0d00, 4, 1, RO, SZ_4),	/* IGRPMODR0 */
	IRQ_REG(0x0e00, 4, 2, RO, SZ_4),	/* NSACR */
};

/* Who is accessing which register block. */
struct vgic_ctx {
	const struct vgic_ops *ops;
	const struct cell *cell;
	bool redist;		/* SGI_base of redistributor @frame */
	bool own_frame;		/* ... which belongs to @cell */
	unsigned int frame;
};

static bool vgic_owns(const struct vgic_ctx *ctx, unsigned int intid)
{
	if (intid == VGIC_SGI_HV || intid == ctx->ops->maint_irq)
		return false;
	if (ctx->redist)
		return ctx->own_frame && intid < 32;
	return intid >= 32 && intid < VGIC_MAX_IRQS &&
		ctx->ops->owns_spi(ctx->cell, intid);
}

static u64 vgic_phys_read(const struct vgic_ctx *ctx, u32 off,
			  unsigned int size)
{
	if (ctx->redist)
		return ctx->ops->redist_read(ctx->frame, GICR_SGI_BASE + off,
					     size);
	return ctx->ops->dist_read(off, size);
}

static void vgic_phys_write(const struct vgic_ctx *ctx, u32 off, u64 value,
			    unsigned int size)
{
	if (ctx->redist)
		ctx->ops->redist_write(ctx->frame, GICR_SGI_BASE + off, value,
				       size);
	else
		ctx->ops->dist_write(off, value, size);
}

static u64 vgic_size_mask(unsigned int size)
{
	return size == 8 ? ~0ULL : (1ULL << (size * 8)) - 1;
}

/* Bits of an access at @off that belong to interrupts the cell owns. */
static u64 vgic_owned_mask(const struct vgic_ctx *ctx,
			   const struct vgic_reg *reg, u32 off,
			   unsigned int size)
{
	unsigned int width = size * 8, step = MIN(reg->bits, width), bit;
	u64 first = (u64)(off - reg->start) * 8 + reg->first * reg->bits;
	u64 field = step == 64 ? ~0ULL : (1ULL << step) - 1;
	u64 mask = 0;

	for (bit = 0; bit < width; bit += step)
		if (vgic_owns(ctx, (first + bit) / reg->bits))
			mask |= field << bit;
	return mask;
}

/* Write the owned bits only, preserving the others in the hardware. */
static void vgic_write_masked(const struct vgic_ctx *ctx, u32 off, u64 value,
			      u64 mask, unsigned int size)
{
	if (!mask)
		return;
	if (mask != vgic_size_mask(size))
		value = (vgic_phys_read(ctx, off, size) & ~mask) |
			(value & mask);
	vgic_phys_write(ctx, off, value, size);
}

/*
 * An interrupt may be routed only to a CPU of the cell, and never with
 * the 1-of-N mode, which could deliver it to a CPU of another cell. A
 * half-register write is validated as the full value it produces.
 */
static void vgic_route_write(const struct vgic_ctx *ctx, u32 off, u64 value,
			     unsigned int size)
{
	u32 irq_off = off & ~7U;
	u64 route = value;

	if (size == 4 && (off & 4))
		route = (value << 32) | vgic_phys_read(ctx, irq_off, 4);
	else if (size == 4)
		route = (vgic_phys_read(ctx, irq_off + 4, 4) << 32) | value;

	if (route & GICD_IROUTER_IRM)
		return;
	if (!ctx->ops->has_cpu(ctx->cell, route & GICD_IROUTER_AFF_MASK))
		return;
	vgic_phys_write(ctx, off, value, size);
}

static void vgic_reg_write(const struct vgic_ctx *ctx,
			   const struct vgic_reg *reg, u32 off, u64 value,
			   unsigned int size)
{
	u64 mask = reg->bits ? vgic_owned_mask(ctx, reg, off, size) : 0;

	switch (reg->kind) {
	case VGIC_SETCLR:
		if (mask)
			vgic_phys_write(ctx, off, value & mask, size);
		break;
	case VGIC_RW:
		vgic_write_masked(ctx, off, value, mask, size);
		break;
	case VGIC_ROUTE:
		if (mask)
			vgic_route_write(ctx, off, value, size);
		break;
	case VGIC_SPI:
		value &= GICD_SPI_INTID_MASK;
		if (vgic_owns(ctx, value))
			vgic_phys_write(ctx, off, value, size);
		break;
	default:	/* VGIC_RO, VGIC_ID */
		break;
	}
}

static u64 vgic_reg_read(const struct vgic_ctx *ctx,
			 const struct vgic_reg *reg, u32 off, unsigned int size)
{
	u64 mask;

	if (reg->kind == VGIC_ID && !ctx->redist && off == GICD_TYPER &&
	    !ctx->ops->is_root(ctx->cell))
		return vgic_phys_read(ctx, off, size) & ~GICD_TYPER_LPIS;
	if (reg->kind == VGIC_ID)
		return vgic_phys_read(ctx, off, size);
	if (!reg->bits)
		return 0;	/* write-only */
	mask = vgic_owned_mask(ctx, reg, off, size);
	return mask ? vgic_phys_read(ctx, off, size) & mask : 0;
}

static const struct vgic_reg *vgic_find_reg(const struct vgic_reg *regs,
					    unsigned int count, u32 off)
{
	unsigned int n;

	for (n = 0; n < count; n++)
		if (off >= regs[n].start && off - regs[n].start < regs[n].len)
			return &regs[n];
	return NULL;
}

static int vgic_raz_wi(struct mmio_access *a)
{
	if (!a->is_write)
		a->value = 0;
	return MMIO_HANDLED;
}

/* One access to a block described by @regs; unknown offsets are RAZ/WI. */
static int vgic_block_access(const struct vgic_ctx *ctx,
			     const struct vgic_reg *regs, unsigned int count,
			     u32 off, struct mmio_access *a)
{
	const struct vgic_reg *reg = vgic_find_reg(regs, count, off);

	if (!reg)
		return a->size == 4 ? vgic_raz_wi(a) : MMIO_ERROR;
	if (!(reg->sizes & BIT(a->size)))
		return MMIO_ERROR;
	if (a->is_write)
		vgic_reg_write(ctx, reg, off,
			       a->value & vgic_size_mask(a->size), a->size);
	else
		a->value = vgic_reg_read(ctx, reg, off, a->size);
	return MMIO_HANDLED;
}

static bool vgic_access_valid(const struct mmio_access *a)
{
	return (a->size == 1 || a->size == 2 || a->size == 4 ||
		a->size == 8) && IS_ALIGNED(a->addr, a->size);
}

int vgic_dist_access(const struct vgic_ops *ops, const struct cell *cell,
		     u64 gicd_base, struct mmio_access *a)
{
	struct vgic_ctx ctx = { .ops = ops, .cell = cell };
	u64 off = a->addr - gicd_base;

	if (!vgic_access_valid(a))
		return MMIO_ERROR;
	if (a->addr < gicd_base || off >= GICD_SIZE)
		return vgic_raz_wi(a);
	return vgic_block_access(&ctx, vgic_dist_regs,
				 ARRAY_SIZE(vgic_dist_regs), off, a);
}

/* RD_base registers that are 64 bits wide (the rest are 32-bit only). */
static bool vgic_rd_reg_is_64bit(u32 off)
{
	switch (off) {
	case 0x08:	/* TYPER */
	case 0x40:	/* SETLPIR */
	case 0x48:	/* CLRLPIR */
	case 0x70:	/* PROPBASER */
	case 0x78:	/* PENDBASER */
	case 0xa0:	/* INVLPIR */
	case 0xb0:	/* INVALLR */
		return true;
	default:
		return false;
	}
}

/* Identification a foreign cell needs to find its own redistributors. */
static bool vgic_rd_reg_public(u32 off)
{
	return off == GICR_IIDR || off == GICR_TYPER ||
		off == GICR_TYPER + 4 || off == GICR_PIDR2;
}

/*
 * What a non-root cell reads of RD_base. LPIs stay root's: the LPI
 * property and pending tables are in root's memory, so their base
 * registers would hand the cell root's physical addresses, and the LPI
 * support bits would invite it to use tables it cannot have.
 */
static u64 vgic_rd_read(const struct vgic_ctx *ctx, u32 off, unsigned int size)
{
	u64 value = ctx->ops->redist_read(ctx->frame, off, size);

	if (ctx->ops->is_root(ctx->cell))
		return value;
	switch (off) {
	case GICR_CTLR:
		return value & ~(u64)GICR_CTLR_ENABLE_LPIS;
	case GICR_TYPER:
		return value & ~(u64)(GICR_TYPER_PLPIS | GICR_TYPER_DIRECTLPI);
	case GICR_PROPBASER:
	case GICR_PROPBASER + 4:
	case GICR_PENDBASER:
	case GICR_PENDBASER + 4:
		return 0;
	default:
		return value;
	}
}

/*
 * RD_base: the cell's own frame reads through (minus LPI state); only
 * the root cell may write it (Linux programs LPIs and WAKER when it
 * brings a CPU online).
 */
static int vgic_rd_access(const struct vgic_ctx *ctx, u32 off,
			  struct mmio_access *a)
{
	if (a->size != 4 && !(a->size == 8 && vgic_rd_reg_is_64bit(off)))
		return MMIO_ERROR;
	if (a->is_write) {
		if (ctx->own_frame && ctx->ops->is_root(ctx->cell))
			ctx->ops->redist_write(ctx->frame, off,
					       a->value &
					       vgic_size_mask(a->size),
					       a->size);
		return MMIO_HANDLED;
	}
	if (ctx->own_frame || vgic_rd_reg_public(off))
		a->value = vgic_rd_read(ctx, off, a->size);
	else
		a->value = 0;
	return MMIO_HANDLED;
}

int vgic_redist_access(const struct vgic_ops *ops, const struct cell *cell,
		       u64 gicr_base, struct mmio_access *a)
{
	struct vgic_ctx ctx = { .ops = ops, .cell = cell, .redist = true };
	u64 rel = a->addr - gicr_base;
	u32 off = rel % GICR_FRAME_SIZE;

	if (!vgic_access_valid(a))
		return MMIO_ERROR;
	if (a->addr < gicr_base || rel / GICR_FRAME_SIZE >= ops->num_frames)
		return vgic_raz_wi(a);

	ctx.frame = rel / GICR_FRAME_SIZE;
	ctx.own_frame = ops->frame_owner(ctx.frame) == cell;
	if (off < GICR_SGI_BASE)
		return vgic_rd_access(&ctx, off, a);
	/* In a foreign frame every mask is empty: RAZ/WI after size checks. */
	return vgic_block_access(&ctx, vgic_sgi_regs,
				 ARRAY_SIZE(vgic_sgi_regs),
				 off - GICR_SGI_BASE, a);
}

/* ---- interrupts arriving where they do not belong ---- */

bool vgic_irq_is_cells(const struct vgic_ops *ops, const struct cell *cell,
		       unsigned int intid)
{
	if (intid == VGIC_SGI_HV || intid == ops->maint_irq)
		return false;
	if (intid < 32)
		return intid >= 16;	/* PPIs of the CPU that took them */
	return intid < VGIC_MAX_IRQS && ops->owns_spi(cell, intid);
}

/*
 * The acknowledge consumed the pending state (of an edge or a software
 * pended interrupt): set it again so root still gets it. A level
 * interrupt that is still asserted may thus reach root's handler once
 * more than needed, never more than once per arrival on the cell CPU,
 * which after the new route cannot happen again.
 */
void vgic_spi_to_root(const struct vgic_ops *ops, unsigned int intid,
		      u64 root_aff)
{
	if (intid < 32 || intid >= VGIC_MAX_IRQS)
		return;
	ops->dist_write(GICD_IROUTER + intid * 8,
			root_aff & GICD_IROUTER_AFF_MASK, 8);
	ops->dist_write(GICD_ISPENDR + intid / 32 * 4, 1U << (intid % 32), 4);
}

unsigned int vgic_retarget_foreign(const struct vgic_ops *ops,
				   const struct cell *cell, u64 root_aff)
{
	unsigned int lines = GICD_TYPER_LINES(ops->dist_read(GICD_TYPER, 4));
	unsigned int n, moved = 0;
	u64 route;

	for (n = 32; n < lines && n < VGIC_MAX_IRQS; n++) {
		if (ops->owns_spi(cell, n))
			continue;
		route = ops->dist_read(GICD_IROUTER + n * 8, 8);
		if (!(route & GICD_IROUTER_IRM) &&
		    !ops->has_cpu(cell, route & GICD_IROUTER_AFF_MASK))
			continue;
		ops->dist_write(GICD_IROUTER + n * 8,
				root_aff & GICD_IROUTER_AFF_MASK, 8);
		moved++;
	}
	return moved;
}
