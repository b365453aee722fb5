// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for the GICv3 distributor/redistributor emulation
 * (arch/arm64/vgic.c). The input describes a world (frames, owners of
 * CPUs and SPIs, maintenance PPI) and a sequence of guest accesses by
 * four cells, root included (format: fuzz_vgic.h). The physical GIC is a
 * fake register file that models the set/clear register pairs,
 * SETSPI/CLRSPI and the RES0 bits of IROUTER, and is filled with noise so
 * that leaks show.
 *
 * After every access, independently of vgic.c's own tables (the register
 * map below follows the GICv3 architecture):
 * - no bit of an interrupt the accessing cell does not own changed: SPIs
 *   of others or of nobody, SGIs/PPIs of other cells' redistributors, the
 *   hypervisor's SGI 15 and maintenance PPI anywhere; no GICD register
 *   outside the per-interrupt arrays changed; RD_base changed only in the
 *   root cell's own frames;
 * - every IROUTER the access changed routes to a CPU of the cell, never
 *   1-of-N;
 * - a read returns no bit of an interrupt the cell does not own, nothing
 *   of a foreign RD_base but its identification, no bits beyond its size;
 * - the hardware only sees accesses the GIC supports (size, alignment,
 *   width of the register, existing frame), and none at all for reads or
 *   refused accesses; invalid sizes and misaligned accesses are refused.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake.h"
#include "fuzz_vgic.h"
#include <asm/vgic.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define GICD_BASE		0x08000000ULL
#define GICR_BASE		0x080a0000ULL
#define NR_INTIDS		1024
#define FIRST_SPI		32
#define END_SPI			1020
#define IROUTER_OFF		0x6000
#define IROUTER_END		0x8000
#define IROUTER_IRM		(1ULL << 31)
#define IROUTER_AFF		0xff00ffffffULL
#define ISPENDR_OFF		0x0200
#define SETSPI			0x0040
#define CLRSPI			0x0048
#define MAX_DIRTY		4096

struct cell {
	unsigned int idx;
};

/* The machine of the current input (passed in through fv_ops). */
static unsigned int vgic_num_frames = 1;
static unsigned int vgic_maint_irq = VGIC_MAINT_IRQ_DEFAULT;

static struct cell fv_cells[FV_CELLS] = { { 0 }, { 1 }, { 2 }, { 3 } };
static u8 spi_owner[NR_INTIDS];		/* cell index or FV_NOBODY */
static u8 frame_owner[FV_MAX_FRAMES];	/* cell index or FV_NOBODY */

/* The hardware and the noise it is reset to before each input. */
static u8 gicd[GICD_SIZE], gicd_tmpl[GICD_SIZE];
static u8 gicr[FV_MAX_FRAMES][GICR_FRAME_SIZE];
static u8 gicr_tmpl[FV_MAX_FRAMES][GICR_FRAME_SIZE];

struct dirty {
	int frame;		/* -1: distributor */
	u32 off, size;
};

static struct dirty dirty[MAX_DIRTY];
static unsigned int nr_dirty;
static bool all_dirty = true;

/* The access in progress. */
static struct {
	bool active, write;
	unsigned int cell, nr_writes;
	u64 irouter_changed[NR_INTIDS / 64];
} cur;

/*
 * The oracle and the world setup loop over every interrupt for every
 * access: keep libFuzzer's comparison tracing out of them, it would be
 * most of the run time and says nothing about vgic.c.
 */
#define NO_COVERAGE	__attribute__((no_sanitize("coverage")))

/* For the report: the accesses of this input so far. */
static unsigned int access_no;

static void __attribute__((format(printf, 1, 2), noreturn))
fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "fuzz_vgic: INVARIANT VIOLATED (access %u, cell %u, "
		"%s): ", access_no, cur.cell, cur.write ? "write" : "read");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	abort();
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

static u64 size_mask(unsigned int size)
{
	return size >= 8 ? ~0ULL : (1ULL << (size * 8)) - 1;
}

static NO_COVERAGE u64 cpu_affinity(unsigned int cpu)
{
	return (cpu == 7 ? 1ULL << 32 : 0) | (cpu / 4) << 8 | (cpu % 4);
}

static NO_COVERAGE bool cpu_exists(unsigned int cpu)
{
	return cpu < vgic_num_frames && frame_owner[cpu] != FV_NOBODY;
}

/* ------------------------------- ownership (the policy passed in) */

static bool fv_owns_spi(const struct cell *cell, unsigned int intid)
{
	return intid >= FIRST_SPI && intid < NR_INTIDS &&
	       spi_owner[intid] == cell->idx;
}

static bool fv_has_cpu(const struct cell *cell, u64 aff)
{
	unsigned int n;

	for (n = 0; n < FV_MAX_FRAMES; n++)
		if (cpu_exists(n) && frame_owner[n] == cell->idx &&
		    cpu_affinity(n) == (aff & IROUTER_AFF))
			return true;
	return false;
}

static const struct cell *fv_frame_owner(unsigned int frame)
{
	if (!cpu_exists(frame))
		return NULL;
	return &fv_cells[frame_owner[frame]];
}

static bool fv_is_root(const struct cell *cell)
{
	return cell->idx == 0;
}

/* --------------------------------- the GICv3 register map (oracle) */

struct irq_array {
	u32 start, len;
	unsigned int bits;	/* per interrupt */
};

/* Distributor arrays over INTIDs 0..1023. */
static const struct irq_array dist_arrays[] = {
	{ 0x0080, 0x80, 1 },	/* IGROUPR */
	{ 0x0100, 0x80, 1 },	/* ISENABLER */
	{ 0x0180, 0x80, 1 },	/* ICENABLER */
	{ 0x0200, 0x80, 1 },	/* ISPENDR */
	{ 0x0280, 0x80, 1 },	/* ICPENDR */
	{ 0x0300, 0x80, 1 },	/* ISACTIVER */
	{ 0x0380, 0x80, 1 },	/* ICACTIVER */
	{ 0x0400, 0x400, 8 },	/* IPRIORITYR */
	{ 0x0800, 0x400, 8 },	/* ITARGETSR (legacy) */
	{ 0x0c00, 0x100, 2 },	/* ICFGR */
	{ 0x0d00, 0x80, 1 },	/* IGRPMODR */
	{ 0x0e00, 0x100, 2 },	/* NSACR */
	{ IROUTER_OFF, 0x2000, 64 },
};

/* Redistributor SGI_base arrays over INTIDs 0..31. */
static const struct irq_array sgi_arrays[] = {
	{ 0x0080, 4, 1 }, { 0x0100, 4, 1 }, { 0x0180, 4, 1 },
	{ 0x0200, 4, 1 }, { 0x0280, 4, 1 }, { 0x0300, 4, 1 },
	{ 0x0380, 4, 1 },
	{ 0x0400, 0x20, 8 },	/* IPRIORITYR0-7 */
	{ 0x0c00, 8, 2 },	/* ICFGR0-1 */
	{ 0x0d00, 4, 1 },	/* IGRPMODR0 */
	{ 0x0e00, 4, 2 },	/* NSACR: SGIs 0..15 */
};

/* INTID of bit @bit of the byte at @off, or -1: not an interrupt field. */
static NO_COVERAGE int array_intid(const struct irq_array *a,
				   unsigned int count, u32 off,
				   unsigned int bit)
{
	unsigned int n;

	for (n = 0; n < count; n++)
		if (off >= a[n].start && off - a[n].start < a[n].len)
			return ((off - a[n].start) * 8 + bit) / a[n].bits;
	return -1;
}

static NO_COVERAGE int dist_intid(u32 off, unsigned int bit)
{
	return array_intid(dist_arrays, ARRAY_SIZE(dist_arrays), off, bit);
}

static NO_COVERAGE int sgi_intid(u32 off, unsigned int bit)
{
	return array_intid(sgi_arrays, ARRAY_SIZE(sgi_arrays), off, bit);
}

static NO_COVERAGE bool hv_irq(int intid)
{
	return intid == VGIC_SGI_HV || intid == (int)vgic_maint_irq;
}

static NO_COVERAGE bool owns_frame(unsigned int cell, unsigned int frame)
{
	return cpu_exists(frame) && frame_owner[frame] == cell;
}

static NO_COVERAGE bool owns_spi(unsigned int cell, int intid)
{
	return intid >= FIRST_SPI && intid < END_SPI &&
	       spi_owner[intid] == cell;
}

/* May an access by @cell change bit @bit of byte @off of @frame? */
static NO_COVERAGE bool may_change(unsigned int cell, int frame, u32 off,
				   unsigned int bit)
{
	int intid;

	if (frame < 0)
		return owns_spi(cell, dist_intid(off, bit));
	if (!owns_frame(cell, frame))
		return false;
	if (off < GICR_SGI_BASE)
		return cell == 0;
	intid = sgi_intid(off - GICR_SGI_BASE, bit);
	return intid >= 0 && !hv_irq(intid);
}

/* What a foreign cell may read of an RD_base: identification only. */
static NO_COVERAGE bool rd_public(u32 off)
{
	return (off >= 0x0004 && off < 0x0010) || off >= 0xffd0;
}

/* May a read by @cell see bit @bit of byte @off of @frame? */
static NO_COVERAGE bool may_see(unsigned int cell, int frame, u32 off,
				unsigned int bit)
{
	int intid;

	if (frame < 0) {
		intid = dist_intid(off, bit);
		return intid < 0 || owns_spi(cell, intid);
	}
	if (off < GICR_SGI_BASE)
		return owns_frame(cell, frame) || rd_public(off);
	if (!owns_frame(cell, frame))
		return false;
	intid = sgi_intid(off - GICR_SGI_BASE, bit);
	return intid < 0 || !hv_irq(intid);
}

/* ------------------------------------------------------ fake hardware */

static bool rd_64bit(u32 off)
{
	return off == 0x08 || off == 0x40 || off == 0x48 || off == 0x70 ||
	       off == 0x78 || off == 0xa0 || off == 0xb0;
}

/* The GIC's access rules: which widths each register supports. */
static void check_phys(int frame, u32 off, unsigned int size, bool write)
{
	u32 limit = frame < 0 ? GICD_SIZE : GICR_FRAME_SIZE;

	if (!cur.active)
		fail("GIC accessed outside a guest access");
	if (write && !cur.write)
		fail("a guest read wrote GIC register 0x%x", off);
	if (frame >= (int)vgic_num_frames)
		fail("GICR frame %d does not exist", frame);
	if ((size != 1 && size != 4 && size != 8) || off % size ||
	    off + size > limit)
		fail("bad GIC access: frame %d offset 0x%x size %u", frame,
		     off, size);
	if (size == 1 && !(frame < 0 ? off >= 0x400 && off < 0xc00 :
			   off >= GICR_SGI_BASE + 0x400 &&
			   off < GICR_SGI_BASE + 0x420))
		fail("byte access to GIC register 0x%x (frame %d)", off,
		     frame);
	if (size == 8 && !(frame < 0 ? off >= IROUTER_OFF &&
			   off < IROUTER_END : rd_64bit(off)))
		fail("64-bit access to GIC register 0x%x (frame %d)", off,
		     frame);
}

static u8 *block(int frame)
{
	return frame < 0 ? gicd : gicr[frame];
}

/* Set/clear pairs keep their state at the set register. */
static bool is_setclr(int frame, u32 off)
{
	if (frame >= 0) {
		if (off < GICR_SGI_BASE)
			return false;
		off -= GICR_SGI_BASE;
	}
	return off >= 0x100 && off < 0x400;
}

static u64 gicd_read(u32 offset, unsigned int size)
{
	check_phys(-1, offset, size, false);
	if (offset == SETSPI || offset == CLRSPI)
		return 0;	/* write-only */
	return load(gicd + (is_setclr(-1, offset) ? offset & ~0x80U : offset),
		    size);
}

static u64 gicr_read(unsigned int frame, u32 offset, unsigned int size)
{
	check_phys(frame, offset, size, false);
	return load(gicr[frame] + (is_setclr(frame, offset) ?
				   offset & ~0x80U : offset), size);
}

static void mark_dirty(int frame, u32 off, unsigned int size)
{
	if (nr_dirty == MAX_DIRTY) {
		all_dirty = true;
		return;
	}
	dirty[nr_dirty++] = (struct dirty){ frame, off, size };
}

/* Apply a write to @size bytes of state at @off, then vet every change. */
static void change(int frame, u32 off, unsigned int size, u64 value)
{
	u8 *p = block(frame) + off;
	u64 old = load(p, size), diff;
	unsigned int bit;

	store(p, value, size);
	mark_dirty(frame, off, size);
	diff = old ^ load(p, size);
	for (bit = 0; bit < size * 8; bit++)
		if ((diff >> bit) & 1 &&
		    !may_change(cur.cell, frame, off + bit / 8, bit % 8))
			fail("changed bit %u of %s register 0x%x "
			     "(INTID %d)", bit % 8,
			     frame < 0 ? "GICD" : "GICR", off + bit / 8,
			     frame < 0 ? dist_intid(off + bit / 8, bit % 8) :
			     off >= GICR_SGI_BASE ?
			     sgi_intid(off + bit / 8 - GICR_SGI_BASE,
				       bit % 8) : -1);
	if (frame < 0 && off >= IROUTER_OFF && off < IROUTER_END) {
		bit = (off - IROUTER_OFF) / 8;
		cur.irouter_changed[bit / 64] |= 1ULL << (bit % 64);
	}
}

static void setclr_write(int frame, u32 off, u64 value, unsigned int size)
{
	u32 state = off & ~0x80U;
	u64 now = load(block(frame) + state, size);

	change(frame, state, size, off & 0x80 ? now & ~value : now | value);
}

static void gicd_write(u32 offset, u64 value, unsigned int size)
{
	u32 intid = value & 0x1fff;
	u32 reg = ISPENDR_OFF + intid / 32 * 4;

	check_phys(-1, offset, size, true);
	cur.nr_writes++;
	if (offset == SETSPI || offset == CLRSPI) {
		/* The GIC ignores INTIDs that are not SPIs. */
		if (intid >= FIRST_SPI && intid < END_SPI)
			setclr_write(-1, offset == SETSPI ? reg : reg + 0x80,
				     1ULL << (intid % 32), 4);
	} else if (is_setclr(-1, offset)) {
		setclr_write(-1, offset, value, size);
	} else if (offset >= IROUTER_OFF && offset < IROUTER_END) {
		/* Only Aff3..Aff0 and IRM are stored, the rest is RES0. */
		u64 keep = (IROUTER_AFF | IROUTER_IRM) >> (offset % 8 * 8);

		change(-1, offset, size, value & keep & size_mask(size));
	} else {
		change(-1, offset, size, value);
	}
}

static void gicr_write(unsigned int frame, u32 offset, u64 value,
		       unsigned int size)
{
	check_phys(frame, offset, size, true);
	cur.nr_writes++;
	if (is_setclr(frame, offset))
		setclr_write(frame, offset, value, size);
	else
		change(frame, offset, size, value);
}

/* Everything the emulation may use; the frame count and maintenance
 * INTID of the current input are copied in before each access. */
static struct vgic_ops fv_ops = {
	.dist_read = gicd_read,
	.dist_write = gicd_write,
	.redist_read = gicr_read,
	.redist_write = gicr_write,
	.owns_spi = fv_owns_spi,
	.has_cpu = fv_has_cpu,
	.frame_owner = fv_frame_owner,
	.is_root = fv_is_root,
};

/* ------------------------------------------------------------- world */

static u64 rng_state;

static u64 rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static NO_COVERAGE void fill(u8 *p, size_t size)
{
	size_t n;
	u64 v;

	for (n = 0; n < size; n += 8) {
		v = rng();
		memcpy(p + n, &v, 8);
	}
}

static NO_COVERAGE void reset_hardware(void)
{
	unsigned int n;

	if (!rng_state) {
		rng_state = 0x9e3779b97f4a7c15ULL;
		fill(gicd_tmpl, sizeof(gicd_tmpl));
		fill(&gicr_tmpl[0][0], sizeof(gicr_tmpl));
	}
	if (all_dirty) {
		memcpy(gicd, gicd_tmpl, sizeof(gicd));
		memcpy(gicr, gicr_tmpl, sizeof(gicr));
	} else {
		for (n = 0; n < nr_dirty; n++) {
			const struct dirty *d = &dirty[n];
			const u8 *tmpl = d->frame < 0 ? gicd_tmpl :
					 gicr_tmpl[d->frame];

			memcpy(block(d->frame) + d->off, tmpl + d->off,
			       d->size);
		}
	}
	nr_dirty = 0;
	all_dirty = false;
}

static NO_COVERAGE unsigned int base_owner(unsigned int layout,
					   unsigned int intid)
{
	switch (layout) {
	case FV_LAYOUT_MIXED:
		return (intid ^ intid / 8) % 5;
	case FV_LAYOUT_WORDS:
		return intid / 32 % 5;
	case FV_LAYOUT_ALTERNATE:
		return intid % 2;
	default:
		return FV_NOBODY;
	}
}

/* Boot-time routing: every SPI of a cell with CPUs on its first CPU. */
static NO_COVERAGE void route_spis(void)
{
	unsigned int intid, cpu;
	u64 route;

	for (intid = FIRST_SPI; intid < END_SPI; intid++) {
		route = 0;
		for (cpu = 0; cpu < FV_MAX_FRAMES; cpu++)
			if (owns_frame(spi_owner[intid], cpu)) {
				route = cpu_affinity(cpu);
				break;
			}
		store(gicd + IROUTER_OFF + intid * 8, route, 8);
		mark_dirty(-1, IROUTER_OFF + intid * 8, 8);
	}
	for (cpu = 0; cpu < vgic_num_frames; cpu++) {
		/* GICR_TYPER: affinity, processor number, Last. */
		store(gicr[cpu] + 0x8, (cpu_affinity(cpu) & 0xffffff) << 32 |
		      (cpu_affinity(cpu) >> 32) << 56 | cpu << 8 |
		      (cpu + 1 == vgic_num_frames ? 1 << 4 : 0), 8);
		mark_dirty(cpu, 0x8, 8);
	}
}

static NO_COVERAGE void setup_world(const u8 *h)
{
	unsigned int n, i, first, count, owner;

	reset_hardware();
	vgic_num_frames = 1 + h[0] % FV_MAX_FRAMES;
	vgic_maint_irq = 16 + h[1] % 16;
	for (n = 0; n < FV_MAX_FRAMES; n++) {
		frame_owner[n] = (h[2 + n / 4] >> (n % 4 * 2)) & 3;
		if (h[4] & (1U << n))
			frame_owner[n] = FV_NOBODY;
	}
	for (i = 0; i < NR_INTIDS; i++)
		spi_owner[i] = i < FIRST_SPI || i >= END_SPI ? FV_NOBODY :
			       base_owner(h[14] % 4, i);
	for (n = 0; n < 3; n++) {
		const u8 *r = h + 5 + 3 * n;

		first = FIRST_SPI + (r[0] | (r[1] & 3) << 8) % 988;
		owner = (r[1] >> 2) % 5;
		count = r[2];
		for (i = first; i < first + count && i < END_SPI; i++)
			spi_owner[i] = owner;
	}
	route_spis();
}

/* --------------------------------------------------------- accesses */

static NO_COVERAGE void check_routes(void)
{
	unsigned int intid, cpu;
	u64 route;

	for (intid = 0; intid < NR_INTIDS; intid++) {
		if (!cur.irouter_changed[intid / 64]) {
			intid |= 63;
			continue;
		}
		if (!(cur.irouter_changed[intid / 64] >> (intid % 64) & 1))
			continue;
		route = load(gicd + IROUTER_OFF + intid * 8, 8);
		if (route & IROUTER_IRM)
			fail("IROUTER of INTID %u set to 1-of-N", intid);
		for (cpu = 0; cpu < FV_MAX_FRAMES; cpu++)
			if (owns_frame(cur.cell, cpu) &&
			    cpu_affinity(cpu) == (route & IROUTER_AFF))
				break;
		if (cpu == FV_MAX_FRAMES)
			fail("IROUTER of INTID %u routes to 0x%llx, no CPU "
			     "of the cell", intid, (unsigned long long)route);
	}
}

/* A read returned @value from @size bytes at @off of @frame. */
static NO_COVERAGE void check_read(int frame, u32 off, unsigned int size,
				   u64 value)
{
	unsigned int bit;

	if (value & ~size_mask(size))
		fail("%u-byte read returned 0x%llx", size,
		     (unsigned long long)value);
	for (bit = 0; bit < size * 8; bit++)
		if ((value >> bit) & 1 &&
		    !may_see(cur.cell, frame, off + bit / 8, bit % 8))
			fail("read of %s frame %d offset 0x%x returned 0x%llx:"
			     " bit %u is not the cell's", frame < 0 ? "GICD" :
			     "GICR", frame, off, (unsigned long long)value,
			     bit);
}

static void one_access(const u8 *rec)
{
	static const unsigned int sizes[] = FV_SIZES;
	bool redist = rec[0] & FV_REDIST;
	u64 base = redist ? GICR_BASE : GICD_BASE;
	u64 dist = (u64)rec[1] | (u64)rec[2] << 8 | (u64)rec[3] << 16 |
		   (u64)rec[4] << 24;
	struct mmio_access a = { .is_write = rec[0] & FV_WRITE };
	u64 off, poison = 0xa5a5a5a5a5a5a5a5ULL;
	bool valid;
	int ret, frame;

	dist &= redist ? 0x1fffff : 0x1ffff;
	a.addr = rec[0] & FV_BELOW ? base - dist - 1 : base + dist;
	a.size = sizes[rec[0] >> FV_SIZE_SHIFT];
	memcpy(&a.value, rec + 5, 8);
	if (!a.is_write)
		a.value = poison;

	memset(&cur, 0, sizeof(cur));
	cur.cell = FV_CELL(rec[0]);
	cur.write = a.is_write;
	cur.active = true;
	fv_ops.num_frames = vgic_num_frames;
	fv_ops.maint_irq = vgic_maint_irq;
	ret = redist ? vgic_redist_access(&fv_ops, &fv_cells[cur.cell],
					  GICR_BASE, &a) :
		       vgic_dist_access(&fv_ops, &fv_cells[cur.cell], GICD_BASE,
					&a);
	cur.active = false;

	valid = (a.size == 1 || a.size == 2 || a.size == 4 || a.size == 8) &&
		a.addr % a.size == 0;
	if (ret != MMIO_HANDLED && ret != MMIO_ERROR)
		fail("handler returned %d", ret);
	if (!valid && ret != MMIO_ERROR)
		fail("accepted size %u at 0x%llx", a.size,
		     (unsigned long long)a.addr);
	if (ret == MMIO_ERROR) {
		if (cur.nr_writes)
			fail("refused access wrote the GIC");
		return;
	}
	if (a.is_write) {
		check_routes();
		return;
	}
	/* Outside the frames: read as zero. */
	off = a.addr - base;
	if (a.addr < base || off >= (redist ? (u64)vgic_num_frames *
				     GICR_FRAME_SIZE : GICD_SIZE)) {
		if (a.value)
			fail("read outside the GIC at 0x%llx returned 0x%llx",
			     (unsigned long long)a.addr,
			     (unsigned long long)a.value);
		return;
	}
	frame = redist ? (int)(off / GICR_FRAME_SIZE) : -1;
	check_read(frame, off % (redist ? GICR_FRAME_SIZE : GICD_SIZE),
		   a.size, a.value);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t n;

	if (size < FV_HEADER_LEN)
		return 0;
	access_no = 0;
	memset(&cur, 0, sizeof(cur));
	setup_world(data);
	for (n = FV_HEADER_LEN; n + FV_ACCESS_LEN <= size;
	     n += FV_ACCESS_LEN) {
		one_access(data + n);
		access_no++;
	}
	return 0;
}
