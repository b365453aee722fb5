// SPDX-License-Identifier: GPL-2.0
/*
 * Writes the seed corpus of fuzz_vgic (format: fuzz_vgic.h): every cell
 * writing and reading each kind of distributor and redistributor
 * register, refused shapes of access, and a few world layouts.
 * Usage: mkcorpus_vgic DIR
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mkcorpus.h"
#include "fuzz_vgic.h"

#define MAX_LEN		4096
#define SGI(off)	(0x10000 + (off))

enum { SZ4, SZ1, SZ2, SZ8, SZ0, SZ3, SZ16 };

static unsigned char buf[MAX_LEN];
static size_t len;
static const char *dir;

/* 4 frames: 0-1 root, 2 cell 1, 3 cell 2; maintenance PPI 25. */
static const unsigned char std_header[FV_HEADER_LEN] = {
	3, 9, 0x90, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, FV_LAYOUT_MIXED, 0,
};

/* 8 frames (CPU 7 has Aff3 = 1), CPU 5 absent, cell 3 owns CPU 6,
 * maintenance PPI 20, word layout with three overriding SPI ranges. */
static const unsigned char wide_header[FV_HEADER_LEN] = {
	7, 4, 0x90, 0xe4, 0x20, 64, 0x04, 32, 100, 0x08, 16, 200, 0x0c, 8,
	FV_LAYOUT_WORDS, 0,
};

static void start(const unsigned char *header)
{
	memcpy(buf, header, FV_HEADER_LEN);
	len = FV_HEADER_LEN;
}

static void acc(unsigned int cell, int flags, unsigned int size,
		unsigned int off, unsigned long long value)
{
	unsigned char *r = buf + len;
	unsigned int n;

	if (len + FV_ACCESS_LEN > MAX_LEN) {
		fprintf(stderr, "mkcorpus_vgic: seed too long\n");
		exit(1);
	}
	r[0] = cell | flags | size << FV_SIZE_SHIFT;
	for (n = 0; n < 4; n++)
		r[1 + n] = off >> (8 * n);
	for (n = 0; n < 8; n++)
		r[5 + n] = value >> (8 * n);
	len += FV_ACCESS_LEN;
}

static void save(const char *name)
{
	mkcorpus_write(dir, name, buf, len);
}

/* Write, then read back, every distributor register kind. */
static void dist_regs(int rw, unsigned int first, unsigned int last)
{
	static const unsigned int bit_regs[] = {
		0x080, 0x100, 0x180, 0x200, 0x280, 0x300, 0x380, 0xd00,
	};
	unsigned int cell, n, word;

	for (cell = first; cell <= last; cell++) {
		for (n = 0; n < sizeof(bit_regs) / sizeof(bit_regs[0]); n++)
			for (word = 2; word < 4; word++)
				acc(cell, rw, SZ4, bit_regs[n] + 4 * word,
				    0xffffffff);
		for (n = 32; n < 48; n += 4) {
			acc(cell, rw, SZ4, 0x400 + n, 0xa0a0a0a0);
			acc(cell, rw, SZ1, 0x400 + n + 1, 0x80);
		}
		acc(cell, rw, SZ4, 0xc08, 0xffffffff);
		acc(cell, rw, SZ4, 0xe08, 0xffffffff);
		for (n = 64; n < 68; n++) {
			acc(cell, rw, SZ8, 0x6000 + 8 * n, n % 4);
			acc(cell, rw, SZ4, 0x6000 + 8 * n, 2);
			acc(cell, rw, SZ4, 0x6004 + 8 * n, 0);
		}
		acc(cell, rw, SZ8, 0x6000 + 8 * 70, 1ULL << 31);
		for (n = 30; n < 110; n += 8) {
			acc(cell, rw, SZ4, 0x40, n);
			acc(cell, rw, SZ4, 0x48, n);
		}
		acc(cell, rw, SZ4, 0x0, 0x37);
		acc(cell, rw, SZ4, 0x4, 0);
		acc(cell, rw, SZ4, 0xffe8, 0);
		acc(cell, rw, SZ4, 0x800 + 40, 0x01010101);
	}
}

static void redist_regs(int rw, unsigned int first, unsigned int last)
{
	unsigned int cell, frame;

	for (cell = first; cell <= last; cell++)
		for (frame = 0; frame < 5; frame++) {
			unsigned int f = frame * 0x20000;

			acc(cell, FV_REDIST | rw, SZ4, f + SGI(0x100),
			    0xffffffff);
			acc(cell, FV_REDIST | rw, SZ4, f + SGI(0x180),
			    0xffffffff);
			acc(cell, FV_REDIST | rw, SZ4, f + SGI(0x200), 0x8001);
			acc(cell, FV_REDIST | rw, SZ1, f + SGI(0x40f), 0);
			acc(cell, FV_REDIST | rw, SZ4, f + SGI(0x418),
			    0xa0a0a0a0);
			acc(cell, FV_REDIST | rw, SZ4, f + SGI(0xc04), 0);
			acc(cell, FV_REDIST | rw, SZ4, f + SGI(0xc00), 0);
			acc(cell, FV_REDIST | rw, SZ4, f + 0x14, 0);
			acc(cell, FV_REDIST | rw, SZ8, f + 0x70, 0x40000078f);
			acc(cell, FV_REDIST | rw, SZ8, f + 0x8, 0);
			acc(cell, FV_REDIST | rw, SZ4, f + 0xc, 0);
			acc(cell, FV_REDIST | rw, SZ4, f + 0x4, 0);
			acc(cell, FV_REDIST | rw, SZ4, f + 0xffe8, 0);
			acc(cell, FV_REDIST | rw, SZ4, f + 0x0, 1);
		}
}

static void bad_shapes(void)
{
	static const unsigned int sizes[] = { SZ1, SZ2, SZ8, SZ0, SZ3, SZ16 };
	unsigned int n;

	for (n = 0; n < sizeof(sizes) / sizeof(sizes[0]); n++) {
		acc(0, FV_WRITE, sizes[n], 0x104, 0xffffffff);
		acc(0, 0, sizes[n], 0x104, 0);
		acc(1, FV_WRITE, sizes[n], 0x6104, 0);
		acc(0, FV_REDIST | FV_WRITE, sizes[n], SGI(0x100), ~0ULL);
		acc(0, FV_REDIST, sizes[n], 0x14, 0);
	}
	acc(0, FV_WRITE, SZ4, 0x102, 0xffffffff);
	acc(0, FV_WRITE, SZ4, 0x422, 0xffffffff);
	acc(0, 0, SZ8, 0x6004, 0);
	acc(0, FV_BELOW, SZ4, 7, 0);
	acc(0, FV_BELOW | FV_WRITE, SZ8, 7, ~0ULL);
	acc(0, FV_REDIST | FV_BELOW, SZ8, 7, 0);
	acc(0, 0, SZ4, 0x10000, 0);
	acc(0, FV_REDIST | FV_WRITE, SZ4, 9 * 0x20000 + 0x14, 0);
	acc(0, FV_REDIST, SZ8, 9 * 0x20000 + 0x8, 0);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	dir = argv[1];
	start(std_header);
	dist_regs(FV_WRITE, 0, 1);
	dist_regs(0, 0, 1);
	save("vgic-dist-01");
	start(std_header);
	dist_regs(FV_WRITE, 2, 3);
	dist_regs(0, 2, 3);
	save("vgic-dist-23");
	start(std_header);
	redist_regs(FV_WRITE, 0, 1);
	redist_regs(0, 0, 1);
	save("vgic-redist-01");
	start(std_header);
	redist_regs(FV_WRITE, 2, 3);
	redist_regs(0, 2, 3);
	save("vgic-redist-23");
	start(std_header);
	bad_shapes();
	save("vgic-bad-shapes");
	start(wide_header);
	dist_regs(FV_WRITE, 0, 3);
	save("vgic-wide-dist");
	start(wide_header);
	redist_regs(FV_WRITE, 0, 1);
	redist_regs(0, 2, 3);
	save("vgic-wide-redist");
	start(wide_header);
	bad_shapes();
	dist_regs(0, 1, 2);
	save("vgic-wide-reads");
	return 0;
}
