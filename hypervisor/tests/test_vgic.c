// SPDX-License-Identifier: GPL-2.0
/*
 * GICv3 distributor/redistributor emulation (arch/arm64/vgic.c) against a
 * fake register file: one GICD and four GICR frames in host memory. The
 * fake models the set/clear register pairs and SETSPI/CLRSPI so tests see
 * the resulting hardware state, and logs every physical write.
 *
 * Ownership: "root" owns SPIs 32..63, the even SPIs of 96..127 and
 * frames (CPUs) 0-1; "cell" owns SPIs 64..95, the odd SPIs of 96..127 and
 * frames 2-3. The interleaved word 96..127 mixes owners at every field
 * width (1, 2, 8 bits). CPU n has affinity 0.0.0.n.
 */
#include "test.h"
#include <asm/vgic.h>

#define GICD_BASE	0x08000000ULL
#define GICR_BASE	0x080a0000ULL
#define NR_FRAMES	4

#define ISENABLER	0x100
#define ICENABLER	0x180
#define ISPENDR		0x200
#define IPRIORITYR	0x400
#define ICFGR		0xc00
#define IROUTER(n)	(0x6000 + 8 * (n))
#define GICR_CTLR	0x0000
#define GICR_TYPER	0x0008
#define GICR_WAKER	0x0014
#define GICR_PROPBASER	0x0070
#define SGI(off)	(GICR_SGI_BASE + (off))

/* ------------------------------------------------------------------ fakes */

struct cell {
	const char *name;
	unsigned int spi_first, spi_last;	/* contiguous SPIs */
	unsigned int parity;			/* of its SPIs in 96..127 */
	unsigned int frame_first, frame_last;
	bool root;
};

static struct cell root = { "root", 32, 63, 0, 0, 1, true };
static struct cell guest = { "cell", 64, 95, 1, 2, 3, false };

static u8 gicd_regs[GICD_SIZE];
static u8 gicr_regs[NR_FRAMES][GICR_FRAME_SIZE];

struct phys_write {
	int frame;		/* -1: distributor */
	u32 off;
	u64 value;
	unsigned int size;
};

static struct phys_write wlog[64];
static unsigned int nr_writes;

static bool fake_owns_spi(const struct cell *cell, unsigned int intid)
{
	if (intid >= 96 && intid < 128)
		return intid % 2 == cell->parity;
	return intid >= cell->spi_first && intid <= cell->spi_last;
}

static bool fake_has_cpu(const struct cell *cell, u64 aff)
{
	return aff >= cell->frame_first && aff <= cell->frame_last;
}

static const struct cell *fake_frame_owner(unsigned int frame)
{
	assert_true(frame < NR_FRAMES);
	return frame <= root.frame_last ? &root : &guest;
}

static bool fake_is_root(const struct cell *cell)
{
	return cell->root;
}

static void check_phys(u32 off, unsigned int size, u32 limit)
{
	assert_true(size == 1 || size == 2 || size == 4 || size == 8);
	assert_true(off % size == 0);
	assert_true(off + size <= limit);
}

static u64 load(const u8 *p, unsigned int size)
{
	u64 v = 0;

	memcpy(&v, p, size);	/* little-endian host */
	return v;
}

static void store(u8 *p, u64 v, unsigned int size)
{
	memcpy(p, &v, size);
}

/* Set/clear pairs (0x100/0x180 ...) keep their state at the set offset. */
static bool is_setclr(u32 off)
{
	return off >= 0x100 && off < 0x400;
}

static u64 block_read(const u8 *blk, u32 off, unsigned int size)
{
	return load(blk + (is_setclr(off) ? off & ~0x80U : off), size);
}

static void block_write(u8 *blk, bool dist, u32 off, u64 v, unsigned int size)
{
	u8 *state = blk + (off & ~0x80U);
	u32 intid = v & 0x1fff;

	if (is_setclr(off))
		store(state, off & 0x80 ? load(state, size) & ~v :
		      load(state, size) | v, size);
	else if (dist && (off == 0x40 || off == 0x48))
		block_write(blk, true, off == 0x40 ? ISPENDR + intid / 32 * 4 :
			    ISPENDR + 0x80 + intid / 32 * 4,
			    1U << (intid % 32), 4);
	else
		store(blk + off, v, size);
}

static void log_write(int frame, u32 off, u64 value, unsigned int size)
{
	assert_true(nr_writes < ARRAY_SIZE(wlog));
	wlog[nr_writes++] = (struct phys_write){ frame, off, value, size };
}

static u64 gicd_read(u32 offset, unsigned int size)
{
	check_phys(offset, size, GICD_SIZE);
	return block_read(gicd_regs, offset, size);
}

static void gicd_write(u32 offset, u64 value, unsigned int size)
{
	check_phys(offset, size, GICD_SIZE);
	log_write(-1, offset, value, size);
	block_write(gicd_regs, true, offset, value, size);
}

static u64 gicr_read(unsigned int frame, u32 offset, unsigned int size)
{
	assert_true(frame < NR_FRAMES);
	check_phys(offset, size, GICR_FRAME_SIZE);
	if (offset < GICR_SGI_BASE)
		return load(gicr_regs[frame] + offset, size);
	return block_read(gicr_regs[frame] + GICR_SGI_BASE,
			  offset - GICR_SGI_BASE, size);
}

static void gicr_write(unsigned int frame, u32 offset, u64 value,
		       unsigned int size)
{
	assert_true(frame < NR_FRAMES);
	check_phys(offset, size, GICR_FRAME_SIZE);
	log_write(frame, offset, value, size);
	if (offset < GICR_SGI_BASE)
		store(gicr_regs[frame] + offset, value, size);
	else
		block_write(gicr_regs[frame] + GICR_SGI_BASE, false,
			    offset - GICR_SGI_BASE, value, size);
}

/* All the emulation knows of the machine and the cells. */
static struct vgic_ops ops = {
	.dist_read = gicd_read,
	.dist_write = gicd_write,
	.redist_read = gicr_read,
	.redist_write = gicr_write,
	.owns_spi = fake_owns_spi,
	.has_cpu = fake_has_cpu,
	.frame_owner = fake_frame_owner,
	.is_root = fake_is_root,
	.num_frames = NR_FRAMES,
};

/* Raw hardware state, bypassing the emulation and the write log. */
static u64 hw_d(u32 off, unsigned int size)
{
	return load(gicd_regs + off, size);
}

static void set_hw_d(u32 off, u64 v, unsigned int size)
{
	store(gicd_regs + off, v, size);
}

static u64 hw_r(unsigned int frame, u32 off, unsigned int size)
{
	return load(gicr_regs[frame] + off, size);
}

static void set_hw_r(unsigned int frame, u32 off, u64 v, unsigned int size)
{
	store(gicr_regs[frame] + off, v, size);
}

/* ------------------------------------------------------- guest accesses */

#define POISON	0x5a5a5a5a5a5a5a5aULL

static int try_access(struct cell *c, bool dist, u64 addr, u64 *value,
		      unsigned int size, bool write)
{
	struct mmio_access a = {
		.addr = addr, .value = write ? *value : POISON,
		.size = size, .is_write = write,
	};
	int ret = dist ? vgic_dist_access(&ops, c, GICD_BASE, &a) :
			 vgic_redist_access(&ops, c, GICR_BASE, &a);

	if (!write)
		*value = a.value;
	return ret;
}

static u64 dread(struct cell *c, u32 off, unsigned int size)
{
	u64 v;

	assert_int_equal(try_access(c, true, GICD_BASE + off, &v, size, false),
			 MMIO_HANDLED);
	return v;
}

static void dwrite(struct cell *c, u32 off, u64 v, unsigned int size)
{
	assert_int_equal(try_access(c, true, GICD_BASE + off, &v, size, true),
			 MMIO_HANDLED);
}

static int dtry(struct cell *c, u32 off, unsigned int size, bool write)
{
	u64 v = 0;

	return try_access(c, true, GICD_BASE + off, &v, size, write);
}

static u64 frame_addr(unsigned int frame, u32 off)
{
	return GICR_BASE + (u64)frame * GICR_FRAME_SIZE + off;
}

static u64 rread(struct cell *c, unsigned int frame, u32 off,
		 unsigned int size)
{
	u64 v;

	assert_int_equal(try_access(c, false, frame_addr(frame, off), &v, size,
				    false), MMIO_HANDLED);
	return v;
}

static void rwrite(struct cell *c, unsigned int frame, u32 off, u64 v,
		   unsigned int size)
{
	assert_int_equal(try_access(c, false, frame_addr(frame, off), &v, size,
				    true), MMIO_HANDLED);
}

static int rtry(struct cell *c, unsigned int frame, u32 off,
		unsigned int size, bool write)
{
	u64 v = 0;

	return try_access(c, false, frame_addr(frame, off), &v, size, write);
}

static int setup(void **state)
{
	(void)state;
	memset(gicd_regs, 0, sizeof(gicd_regs));
	memset(gicr_regs, 0, sizeof(gicr_regs));
	nr_writes = 0;
	ops.maint_irq = VGIC_MAINT_IRQ_DEFAULT;
	ops.owns_spi = fake_owns_spi;
	return 0;
}

/* ------------------------------------------------------------ distributor */

#define ODD_BITS	0xaaaaaaaaULL	/* "cell" in word 96..127 */
#define EVEN_BITS	0x55555555ULL	/* "root" in word 96..127 */

/* Enable, pending and active pairs on a word of interleaved ownership. */
static void test_setclr_mixed_word(void **state)
{
	static const u32 pairs[] = { 0x100, 0x200, 0x300 };
	unsigned int n;
	u32 set;

	(void)state;
	for (n = 0; n < ARRAY_SIZE(pairs); n++) {
		set = pairs[n] + 12;		/* INTIDs 96..127 */
		set_hw_d(set, 0, 4);
		nr_writes = 0;
		dwrite(&guest, set, 0xffffffff, 4);
		assert_int_equal(hw_d(set, 4), ODD_BITS);
		assert_int_equal(nr_writes, 1);
		assert_int_equal(wlog[0].value, ODD_BITS);
		assert_int_equal(wlog[0].size, 4);

		dwrite(&root, set, 0xffffffff, 4);
		assert_int_equal(hw_d(set, 4), 0xffffffff);
		assert_int_equal(dread(&guest, set, 4), ODD_BITS);
		assert_int_equal(dread(&root, set + 0x80, 4), EVEN_BITS);

		dwrite(&guest, set + 0x80, 0xffffffff, 4);
		assert_int_equal(hw_d(set, 4), EVEN_BITS);
		dwrite(&root, set + 0x80, 0x1, 4);
		assert_int_equal(hw_d(set, 4), EVEN_BITS & ~1ULL);
	}
}

/* Whole words of one owner; the first word (INTIDs 0..31) is RAZ/WI. */
static void test_setclr_whole_words(void **state)
{
	(void)state;
	set_hw_d(ISENABLER + 4, 0xffffffff, 4);	/* 32..63: root */
	set_hw_d(ISENABLER + 8, 0xffffffff, 4);	/* 64..95: cell */
	set_hw_d(ISENABLER, 0xffffffff, 4);		/* 0..31 */
	assert_int_equal(dread(&root, ISENABLER + 4, 4), 0xffffffff);
	assert_int_equal(dread(&root, ISENABLER + 8, 4), 0);
	assert_int_equal(dread(&guest, ICENABLER + 8, 4), 0xffffffff);
	assert_int_equal(dread(&root, ISENABLER, 4), 0);
	assert_int_equal(dread(&root, ISENABLER + 0x10, 4), 0); /* 128.. */

	dwrite(&root, ICENABLER + 8, 0xffffffff, 4);
	dwrite(&root, ICENABLER, 0xffffffff, 4);
	dwrite(&guest, ICENABLER + 0x10, 0xffffffff, 4);
	assert_int_equal(nr_writes, 0);
	assert_int_equal(hw_d(ISENABLER + 8, 4), 0xffffffff);

	dwrite(&guest, ICENABLER + 8, 0x0000ff00, 4);
	assert_int_equal(hw_d(ISENABLER + 8, 4), 0xffff00ff);
}

/* IGROUPR, IGRPMODR, NSACR: owned bits readable, writes never reach. */
static void test_group_regs_read_only(void **state)
{
	(void)state;
	set_hw_d(0x080 + 12, 0xffffffff, 4);
	set_hw_d(0xd00 + 12, 0xffffffff, 4);
	set_hw_d(0xe00 + 96 / 4, 0xffffffff, 4);	/* NSACR 96..111 */
	dwrite(&guest, 0x080 + 12, 0, 4);
	dwrite(&root, 0x080 + 4, 0, 4);
	dwrite(&guest, 0xd00 + 12, 0, 4);
	dwrite(&guest, 0xe00 + 96 / 4, 0, 4);
	assert_int_equal(nr_writes, 0);
	assert_int_equal(dread(&guest, 0x080 + 12, 4), ODD_BITS);
	assert_int_equal(dread(&root, 0xd00 + 12, 4), EVEN_BITS);
	assert_int_equal(dread(&guest, 0xe00 + 96 / 4, 4), 0xccccccccULL);
	assert_int_equal(dread(&root, 0xe00 + 96 / 4, 4), 0x33333333ULL);
}

static void test_priority_byte(void **state)
{
	(void)state;
	set_hw_d(IPRIORITYR + 96, 0x11223344, 4);
	dwrite(&guest, IPRIORITYR + 97, 0xa0, 1);
	assert_int_equal(nr_writes, 1);
	assert_int_equal(wlog[0].size, 1);
	assert_int_equal(hw_d(IPRIORITYR + 96, 4), 0x1122a044);

	dwrite(&guest, IPRIORITYR + 96, 0xa0, 1);	/* root's */
	dwrite(&root, IPRIORITYR + 5, 0xa0, 1);		/* INTID 5 */
	assert_int_equal(nr_writes, 1);
	assert_int_equal(dread(&guest, IPRIORITYR + 96, 1), 0);
	assert_int_equal(dread(&root, IPRIORITYR + 96, 1), 0x44);
	assert_int_equal(dread(&guest, IPRIORITYR + 99, 1), 0x11);
}

static void test_priority_word(void **state)
{
	(void)state;
	set_hw_d(IPRIORITYR + 96, 0x11223344, 4);
	dwrite(&guest, IPRIORITYR + 96, 0xaabbccdd, 4);
	assert_int_equal(hw_d(IPRIORITYR + 96, 4), 0xaa22cc44);
	assert_int_equal(dread(&guest, IPRIORITYR + 96, 4), 0xaa00cc00);
	assert_int_equal(dread(&root, IPRIORITYR + 96, 4), 0x00220044);

	/* All four owned: one write-through, no read-modify-write. */
	nr_writes = 0;
	dwrite(&root, IPRIORITYR + 32, 0xa0a0a0a0, 4);
	assert_int_equal(nr_writes, 1);
	assert_int_equal(wlog[0].off, IPRIORITYR + 32);
	assert_int_equal(wlog[0].size, 4);
	assert_int_equal(hw_d(IPRIORITYR + 32, 4), 0xa0a0a0a0);

	dwrite(&guest, IPRIORITYR + 32, 0, 4);
	dwrite(&root, IPRIORITYR + 28, 0, 4);		/* PPIs */
	assert_int_equal(nr_writes, 1);
	assert_int_equal(dtry(&root, IPRIORITYR + 32, 2, false), MMIO_ERROR);
	assert_int_equal(dtry(&root, IPRIORITYR + 32, 8, true), MMIO_ERROR);
}

static void test_icfgr_fields(void **state)
{
	u32 off = ICFGR + 96 / 4;			/* INTIDs 96..111 */

	(void)state;
	set_hw_d(off, 0x00000000, 4);
	dwrite(&guest, off, 0xffffffff, 4);
	assert_int_equal(hw_d(off, 4), 0xccccccccULL);
	dwrite(&root, off, 0x22222222, 4);
	assert_int_equal(hw_d(off, 4), 0xeeeeeeeeULL);
	assert_int_equal(dread(&root, off, 4), 0x22222222);
	assert_int_equal(dread(&guest, off, 4), 0xccccccccULL);

	set_hw_d(ICFGR + 4, 0xffffffff, 4);		/* PPIs */
	dwrite(&root, ICFGR + 4, 0, 4);
	assert_int_equal(hw_d(ICFGR + 4, 4), 0xffffffff);
	assert_int_equal(dread(&root, ICFGR + 4, 4), 0);
	assert_int_equal(dtry(&guest, off, 1, true), MMIO_ERROR);
}

/* IROUTER(64): the cell's SPI; its CPUs are 2 and 3. */
static void test_irouter_64bit(void **state)
{
	u32 off = IROUTER(64);

	(void)state;
	dwrite(&guest, off, 2, 8);
	assert_int_equal(hw_d(off, 8), 2);
	assert_int_equal(dread(&guest, off, 8), 2);
	assert_int_equal(nr_writes, 1);
	assert_int_equal(wlog[0].size, 8);

	dwrite(&guest, off, 0, 8);			/* root's CPU 0 */
	dwrite(&guest, off, 1ULL << 31 | 3, 8);		/* 1-of-N */
	dwrite(&guest, off, 1ULL << 32 | 3, 8);		/* Aff3 = 1 */
	dwrite(&root, off, 0, 8);			/* not root's SPI */
	assert_int_equal(nr_writes, 1);
	assert_int_equal(hw_d(off, 8), 2);
	assert_int_equal(dread(&root, off, 8), 0);

	dwrite(&root, IROUTER(32), 1, 8);
	assert_int_equal(hw_d(IROUTER(32), 8), 1);
	set_hw_d(IROUTER(5), 0x3, 8);		/* none for INTIDs < 32 */
	assert_int_equal(dread(&root, IROUTER(5), 8), 0);
	dwrite(&root, IROUTER(5), 0, 8);
	assert_int_equal(hw_d(IROUTER(5), 8), 3);
}

static void test_irouter_32bit(void **state)
{
	u32 off = IROUTER(97);

	(void)state;
	dwrite(&guest, off, 3, 4);
	assert_int_equal(hw_d(off, 8), 3);
	assert_int_equal(wlog[0].size, 4);
	dwrite(&guest, off + 4, 1, 4);		/* Aff3 = 1: nobody */
	dwrite(&guest, off, 1ULL << 31 | 2, 4);
	dwrite(&guest, off, 1, 4);			/* root's CPU */
	dwrite(&root, off, 0, 4);
	assert_int_equal(hw_d(off, 8), 3);
	assert_int_equal(nr_writes, 1);
	dwrite(&guest, off + 4, 0, 4);		/* stays on CPU 3 */
	assert_int_equal(nr_writes, 2);

	/* The upper half is checked together with the current lower one. */
	set_hw_d(off, 1ULL << 31, 8);
	dwrite(&guest, off + 4, 0, 4);
	assert_int_equal(nr_writes, 2);
	assert_int_equal(dread(&guest, off, 4), 1ULL << 31);
	assert_int_equal(dread(&guest, off + 4, 4), 0);

	assert_int_equal(dtry(&guest, off, 2, true), MMIO_ERROR);
	assert_int_equal(dtry(&guest, off, 1, false), MMIO_ERROR);
	assert_int_equal(dtry(&guest, off + 4, 8, true), MMIO_ERROR);
}

static void test_setspi_clrspi(void **state)
{
	(void)state;
	dwrite(&guest, 0x40, 70, 4);
	assert_int_equal(hw_d(ISPENDR + 8, 4), 1U << 6);
	dwrite(&guest, 0x40, 40, 4);			/* root's */
	dwrite(&guest, 0x40, 15, 4);			/* an SGI */
	dwrite(&guest, 0x40, 1023, 4);
	assert_int_equal(nr_writes, 1);
	assert_int_equal(hw_d(ISPENDR + 4, 4), 0);
	dwrite(&root, 0x40, 40, 4);
	assert_int_equal(hw_d(ISPENDR + 4, 4), 1U << 8);

	dwrite(&root, 0x48, 70, 4);
	assert_int_equal(hw_d(ISPENDR + 8, 4), 1U << 6);
	dwrite(&guest, 0x48, 70, 4);
	assert_int_equal(hw_d(ISPENDR + 8, 4), 0);
	assert_int_equal(nr_writes, 3);
	assert_int_equal(dread(&guest, 0x40, 4), 0);
	assert_int_equal(dtry(&guest, 0x40, 8, true), MMIO_ERROR);
}

static void test_ctlr_and_id(void **state)
{
	(void)state;
	set_hw_d(0x0, 0x37, 4);				/* CTLR */
	set_hw_d(0x4, 0x0037ff3f, 4);			/* TYPER */
	set_hw_d(0xffe8, 0x3b, 4);			/* PIDR2 */
	set_hw_d(0x10, 0x5, 4);				/* STATUSR */
	dwrite(&root, 0x0, 0, 4);
	dwrite(&root, 0x4, 0, 4);
	dwrite(&root, 0xffe8, 0, 4);
	dwrite(&root, 0x10, 0, 4);
	dwrite(&root, 0xf00, 0x01000001, 4);		/* SGIR */
	dwrite(&root, 0x800 + 64, 0x01010101, 4);	/* ITARGETSR */
	dwrite(&root, 0x5000, 1, 4);
	assert_int_equal(nr_writes, 0);
	assert_int_equal(hw_d(0x0, 4), 0x37);
	assert_int_equal(dread(&guest, 0x0, 4), 0x37);
	assert_int_equal(dread(&guest, 0x4, 4), 0x0037ff3f & ~BIT(17));
	assert_int_equal(dread(&root, 0x4, 4), 0x0037ff3f);
	assert_int_equal(dread(&guest, 0xffe8, 4), 0x3b);
	assert_int_equal(dread(&root, 0x10, 4), 0);
	assert_int_equal(dread(&root, 0x5000, 4), 0);
	assert_int_equal(dtry(&root, 0x0, 8, false), MMIO_ERROR);
	assert_int_equal(dtry(&root, 0x800 + 64, 1, false), MMIO_ERROR);
}

static void test_dist_bad_access(void **state)
{
	static const u32 bit_regs[] = {
		0x080, 0x100, 0x180, 0x200, 0x280, 0x300, 0x380, 0xd00, 0xe00,
	};
	unsigned int n;

	(void)state;
	for (n = 0; n < ARRAY_SIZE(bit_regs); n++) {
		assert_int_equal(dtry(&root, bit_regs[n] + 4, 1, true),
				 MMIO_ERROR);
		assert_int_equal(dtry(&root, bit_regs[n] + 4, 2, false),
				 MMIO_ERROR);
		assert_int_equal(dtry(&root, bit_regs[n] + 8, 8, false),
				 MMIO_ERROR);
		assert_int_equal(dtry(&root, bit_regs[n] + 6, 4, true),
				 MMIO_ERROR);
	}
	assert_int_equal(dtry(&root, IPRIORITYR + 34, 4, true), MMIO_ERROR);
	assert_int_equal(dtry(&root, 0x0, 3, false), MMIO_ERROR);
	assert_int_equal(dtry(&root, 0x0, 16, false), MMIO_ERROR);
	assert_int_equal(nr_writes, 0);
}

/* -------------------------------------------------------- redistributor */

#define PROTECTED	(BIT(VGIC_SGI_HV) | BIT(VGIC_MAINT_IRQ_DEFAULT))

static void test_hv_irqs_protected(void **state)
{
	(void)state;
	set_hw_r(0, SGI(ISENABLER), PROTECTED | BIT(27) | BIT(1), 4);
	assert_int_equal(rread(&root, 0, SGI(ISENABLER), 4), BIT(27) | BIT(1));
	rwrite(&root, 0, SGI(ICENABLER), 0xffffffff, 4);
	assert_int_equal(hw_r(0, SGI(ISENABLER), 4), PROTECTED);
	assert_int_equal(wlog[0].value, 0xffffffff & ~PROTECTED);
	rwrite(&guest, 2, SGI(ISENABLER), 0xffffffff, 4);
	assert_int_equal(hw_r(2, SGI(ISENABLER), 4), 0xffffffff & ~PROTECTED);

	/* Priority of SGI 15 (byte 3 of word 12..15) and PPI 25. */
	set_hw_r(0, SGI(IPRIORITYR + 12), 0x80808080, 4);
	set_hw_r(0, SGI(IPRIORITYR + 24), 0x80808080, 4);
	rwrite(&root, 0, SGI(IPRIORITYR + 15), 0, 1);
	assert_int_equal(rread(&root, 0, SGI(IPRIORITYR + 15), 1), 0);
	rwrite(&root, 0, SGI(IPRIORITYR + 12), 0xa0a0a0a0, 4);
	rwrite(&root, 0, SGI(IPRIORITYR + 24), 0xa0a0a0a0, 4);
	assert_int_equal(hw_r(0, SGI(IPRIORITYR + 12), 4), 0x80a0a0a0);
	assert_int_equal(hw_r(0, SGI(IPRIORITYR + 24), 4), 0xa0a080a0);
	assert_int_equal(rread(&root, 0, SGI(IPRIORITYR + 12), 4), 0x00a0a0a0);

	/* ICFGR1: field of PPI 25 (bits 19:18) kept; ICFGR0 read-only. */
	set_hw_r(0, SGI(ICFGR + 4), 0xffffffff, 4);
	rwrite(&root, 0, SGI(ICFGR + 4), 0, 4);
	assert_int_equal(hw_r(0, SGI(ICFGR + 4), 4), 3U << 18);
	set_hw_r(0, SGI(ICFGR), 0xaaaaaaaa, 4);
	rwrite(&root, 0, SGI(ICFGR), 0, 4);
	assert_int_equal(hw_r(0, SGI(ICFGR), 4), 0xaaaaaaaa);
	assert_int_equal(rread(&root, 0, SGI(ICFGR), 4), 0x2aaaaaaa);

	/* Nothing reaches them through the distributor either. */
	set_hw_d(ISENABLER, PROTECTED, 4);
	dwrite(&root, ICENABLER, 0xffffffff, 4);
	assert_int_equal(hw_d(ISENABLER, 4), PROTECTED);
}

/* The maintenance interrupt is whatever the platform reports. */
static void test_maint_irq_variable(void **state)
{
	(void)state;
	ops.maint_irq = 20;
	set_hw_r(1, SGI(ISENABLER), 0, 4);
	rwrite(&root, 1, SGI(ISENABLER), 0xffffffff, 4);
	assert_int_equal(hw_r(1, SGI(ISENABLER), 4),
			 0xffffffff & ~(BIT(15) | BIT(20)));
}

static void test_foreign_frame(void **state)
{
	(void)state;
	set_hw_r(1, GICR_TYPER, 0x100000110ULL, 8);
	set_hw_r(1, 0x4, 0x0300043b, 4);		/* IIDR */
	set_hw_r(1, 0xffe8, 0x3b, 4);			/* PIDR2 */
	set_hw_r(1, GICR_WAKER, 0x4, 4);
	set_hw_r(1, GICR_PROPBASER, 0x12345678, 8);
	set_hw_r(1, SGI(ISENABLER), 0xffff, 4);
	set_hw_r(1, SGI(IPRIORITYR), 0xa0a0a0a0, 4);

	assert_int_equal(rread(&guest, 1, GICR_TYPER, 8), 0x100000110ULL);
	assert_int_equal(rread(&guest, 1, GICR_TYPER, 4), 0x110);
	assert_int_equal(rread(&guest, 1, GICR_TYPER + 4, 4), 1);
	assert_int_equal(rread(&guest, 1, 0x4, 4), 0x0300043b);
	assert_int_equal(rread(&guest, 1, 0xffe8, 4), 0x3b);
	assert_int_equal(rread(&guest, 1, GICR_WAKER, 4), 0);
	assert_int_equal(rread(&guest, 1, GICR_PROPBASER, 8), 0);
	assert_int_equal(rread(&guest, 1, SGI(ISENABLER), 4), 0);
	assert_int_equal(rread(&guest, 1, SGI(IPRIORITYR), 1), 0);

	rwrite(&guest, 1, GICR_WAKER, 0, 4);
	rwrite(&guest, 1, GICR_CTLR, 1, 4);
	rwrite(&guest, 1, GICR_PROPBASER, 0, 8);
	rwrite(&guest, 1, SGI(ICENABLER), 0xffffffff, 4);
	rwrite(&guest, 1, SGI(IPRIORITYR), 0, 4);
	rwrite(&root, 3, GICR_WAKER, 0, 4);		/* root, foreign */
	assert_int_equal(nr_writes, 0);
	assert_int_equal(hw_r(1, GICR_WAKER, 4), 0x4);
	assert_int_equal(hw_r(1, SGI(ISENABLER), 4), 0xffff);
	assert_int_equal(rtry(&guest, 1, 0x2, 4, false), MMIO_ERROR);
}

static void test_own_rd_base(void **state)
{
	(void)state;
	set_hw_r(1, GICR_WAKER, 0x6, 4);
	set_hw_r(2, GICR_WAKER, 0x6, 4);

	rwrite(&root, 1, GICR_WAKER, 0x0, 4);
	rwrite(&root, 1, GICR_PROPBASER, 0x40000000078fULL, 8);
	assert_int_equal(hw_r(1, GICR_WAKER, 4), 0);
	assert_int_equal(hw_r(1, GICR_PROPBASER, 8), 0x40000000078fULL);
	assert_int_equal(rread(&root, 1, GICR_PROPBASER, 8), 0x40000000078fULL);
	assert_int_equal(nr_writes, 2);

	rwrite(&guest, 2, GICR_WAKER, 0x0, 4);
	rwrite(&guest, 2, GICR_PROPBASER, 0x1000, 8);
	assert_int_equal(nr_writes, 2);
	assert_int_equal(rread(&guest, 2, GICR_WAKER, 4), 0x6);
}

/*
 * LPIs are root's: a cell's own frame hides the property/pending table
 * bases (root physical addresses) and the LPI support bits, root's not.
 */
static void test_own_rd_lpis_hidden(void **state)
{
	static const u32 bases[] = { GICR_PROPBASER, GICR_PROPBASER + 8 };
	unsigned int n, f;

	(void)state;
	for (f = 1; f <= 2; f++) {
		set_hw_r(f, GICR_CTLR, 0x1, 4);			/* EnableLPIs */
		set_hw_r(f, GICR_TYPER, 0x200000119ULL, 8);	/* PLPIS DirectLPI */
		set_hw_r(f, GICR_PROPBASER, 0x4123456778fULL, 8);
		set_hw_r(f, GICR_PROPBASER + 8, 0x4234567800fULL, 8);
	}
	for (n = 0; n < ARRAY_SIZE(bases); n++) {
		assert_int_equal(rread(&guest, 2, bases[n], 8), 0);
		assert_int_equal(rread(&guest, 2, bases[n], 4), 0);
		assert_int_equal(rread(&guest, 2, bases[n] + 4, 4), 0);
		rwrite(&guest, 2, bases[n], 0x1000, 8);
		rwrite(&guest, 2, bases[n] + 4, 0x1, 4);
		assert_true(rread(&root, 1, bases[n], 8) == hw_r(1, bases[n], 8));
	}
	assert_int_equal(hw_r(2, GICR_PROPBASER, 8), 0x4123456778fULL);
	assert_int_equal(rread(&guest, 2, GICR_TYPER, 8), 0x200000110ULL);
	assert_int_equal(rread(&guest, 2, GICR_TYPER, 4), 0x110);
	assert_int_equal(rread(&guest, 1, GICR_TYPER, 8), 0x200000110ULL);
	assert_int_equal(rread(&guest, 2, GICR_CTLR, 4), 0);
	assert_int_equal(rread(&root, 1, GICR_TYPER, 8), 0x200000119ULL);
	assert_int_equal(rread(&root, 1, GICR_CTLR, 4), 1);
	assert_int_equal(rread(&root, 1, GICR_PROPBASER + 4, 4), 0x412);
	assert_int_equal(nr_writes, 0);
}

static void test_redist_bad_access(void **state)
{
	(void)state;
	assert_int_equal(rtry(&root, 0, GICR_CTLR, 1, false), MMIO_ERROR);
	assert_int_equal(rtry(&root, 0, GICR_CTLR, 2, true), MMIO_ERROR);
	assert_int_equal(rtry(&root, 0, 0x10, 8, true), MMIO_ERROR);
	assert_int_equal(rtry(&root, 0, GICR_TYPER + 4, 8, false), MMIO_ERROR);
	assert_int_equal(rtry(&root, 0, SGI(ISENABLER), 2, false), MMIO_ERROR);
	assert_int_equal(rtry(&root, 0, SGI(ISENABLER + 2), 4, false),
			 MMIO_ERROR);
	assert_int_equal(rtry(&root, 0, SGI(IPRIORITYR), 8, true), MMIO_ERROR);
	assert_int_equal(rtry(&guest, 0, SGI(ICFGR), 8, false), MMIO_ERROR);
	assert_int_equal(nr_writes, 0);
}

static void test_redist_other_offsets(void **state)
{
	(void)state;
	set_hw_r(2, SGI(0x0f80), 0xff, 4);
	set_hw_r(2, SGI(0x0104), 0xff, 4);	/* extended PPI enables */
	assert_int_equal(rread(&guest, 2, SGI(0x0f80), 4), 0);
	assert_int_equal(rread(&guest, 2, SGI(0x0104), 4), 0);
	rwrite(&guest, 2, SGI(0x0f80), 0, 4);
	rwrite(&guest, 2, SGI(0x0104), 0, 4);
	assert_int_equal(nr_writes, 0);
}

static void test_frame_out_of_range(void **state)
{
	u64 v = 0x1234;

	(void)state;
	assert_int_equal(rread(&root, NR_FRAMES, GICR_TYPER, 8), 0);
	assert_int_equal(rread(&root, NR_FRAMES + 7, SGI(ISENABLER), 4), 0);
	rwrite(&root, NR_FRAMES, GICR_WAKER, 0, 4);
	assert_int_equal(try_access(&root, false, GICR_BASE - 8, &v, 8, false),
			 MMIO_HANDLED);
	assert_int_equal(v, 0);
	assert_int_equal(nr_writes, 0);
}

/* ---------------------------------------------------- foreign interrupts */

static bool is_cells(unsigned int intid)
{
	return vgic_irq_is_cells(&ops, &guest, intid);
}

static void test_irq_is_cells(void **state)
{
	(void)state;
	assert_true(is_cells(27));	/* its CPU's timer */
	assert_true(is_cells(16));
	assert_true(is_cells(64));
	assert_true(is_cells(97));
	assert_false(is_cells(96));	/* root's */
	assert_false(is_cells(33));	/* root's UART */
	assert_false(is_cells(200));	/* nobody's */
	assert_false(is_cells(VGIC_SGI_HV));
	assert_false(is_cells(VGIC_MAINT_IRQ_DEFAULT));
	assert_false(is_cells(3));
	assert_false(is_cells(1020));
}

/* A foreign SPI taken on a cell CPU goes to root's CPU, pending again. */
static void test_spi_to_root(void **state)
{
	(void)state;
	set_hw_d(IROUTER(40), 2, 8);
	set_hw_d(ISPENDR + 4, 0, 4);
	/* Root's affinity 0 with IRM: IRM is never set. */
	vgic_spi_to_root(&ops, 40, 0x80000000ULL | 0x0);
	assert_int_equal(hw_d(IROUTER(40), 8), 0);
	assert_int_equal(hw_d(ISPENDR + 4, 4), BIT(40 - 32));
	nr_writes = 0;
	vgic_spi_to_root(&ops, 20, 0);
	vgic_spi_to_root(&ops, VGIC_MAX_IRQS, 0);
	assert_int_equal(nr_writes, 0);
}

/* On create: root's SPIs aimed at the cell's CPUs (or 1-of-N) move. */
static void test_retarget_foreign(void **state)
{
	(void)state;
	set_hw_d(0x4, 3, 4);			/* TYPER: 128 lines */
	set_hw_d(IROUTER(40), 2, 8);		/* root's, to a cell CPU */
	set_hw_d(IROUTER(41), 1, 8);		/* root's, to root */
	set_hw_d(IROUTER(96), 1ULL << 31, 8);	/* root's, 1-of-N */
	set_hw_d(IROUTER(70), 3, 8);		/* the cell's own */
	set_hw_d(IROUTER(97), 2, 8);		/* the cell's own */
	set_hw_d(IROUTER(127), 0x100000003ULL, 8); /* Aff3 1: nobody's CPU */
	set_hw_d(IROUTER(200), 2, 8);		/* beyond the lines */
	assert_int_equal(vgic_retarget_foreign(&ops, &guest, 1), 2);
	assert_int_equal(hw_d(IROUTER(40), 8), 1);
	assert_int_equal(hw_d(IROUTER(41), 8), 1);
	assert_int_equal(hw_d(IROUTER(96), 8), 1);
	assert_int_equal(hw_d(IROUTER(70), 8), 3);
	assert_int_equal(hw_d(IROUTER(97), 8), 2);
	assert_int_equal(hw_d(IROUTER(127), 8), 0x100000003ULL);
	assert_int_equal(hw_d(IROUTER(200), 8), 2);
	assert_int_equal(nr_writes, 2);
}

/*
 * Ownership is whatever the caller's policy says, asked on every access:
 * swap the policy and the same register word changes hands.
 */
static bool all_spis_guests(const struct cell *cell, unsigned int intid)
{
	return cell == &guest && intid >= 32;
}

static void test_policy_passed_in(void **state)
{
	(void)state;
	dwrite(&guest, ISENABLER + 4, 0xffffffff, 4);	/* 32..63: root's */
	assert_int_equal(hw_d(ISENABLER + 4, 4), 0);
	ops.owns_spi = all_spis_guests;
	dwrite(&guest, ISENABLER + 4, 0xffffffff, 4);
	assert_int_equal(hw_d(ISENABLER + 4, 4), 0xffffffff);
	assert_int_equal(dread(&root, ISENABLER + 4, 4), 0);
	assert_true(is_cells(33));
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, NULL)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_setclr_mixed_word),
		T(test_setclr_whole_words),
		T(test_group_regs_read_only),
		T(test_priority_byte),
		T(test_priority_word),
		T(test_icfgr_fields),
		T(test_irouter_64bit),
		T(test_irouter_32bit),
		T(test_setspi_clrspi),
		T(test_ctlr_and_id),
		T(test_dist_bad_access),
		T(test_hv_irqs_protected),
		T(test_maint_irq_variable),
		T(test_foreign_frame),
		T(test_own_rd_base),
		T(test_own_rd_lpis_hidden),
		T(test_redist_bad_access),
		T(test_redist_other_offsets),
		T(test_frame_out_of_range),
		T(test_irq_is_cells),
		T(test_spi_to_root),
		T(test_retarget_foreign),
		T(test_policy_passed_in),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
