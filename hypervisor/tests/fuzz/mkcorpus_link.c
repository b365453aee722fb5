// SPDX-License-Identifier: GPL-2.0
/*
 * Writes the seed corpus of fuzz_link (format: fuzz_link.h): cells
 * coming and going on the link, every register read and written, the
 * doorbells rung with the receiver enabled, disabled or gone, accesses of
 * every width at the edges of the register pages and of the windows.
 * Usage: mkcorpus_link DIR
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mkcorpus.h"
#include "fuzz_link.h"

#define MAX_LEN		8192

enum { W1, W2, W4, W8 };

static unsigned char buf[MAX_LEN];
static size_t len;
static const char *dir;

static void put(unsigned char b)
{
	if (len >= MAX_LEN)
		abort();
	buf[len++] = b;
}

/* A life-cycle op on cell @cell (1-3). */
static void life(enum fl_op op, unsigned int cell)
{
	put(op);
	put(cell - 1);
}

static void acc(unsigned int who, int write, unsigned int width,
		enum fl_area area, unsigned int off, unsigned int val)
{
	put(FL_OP_ACCESS);
	put(who | (write ? 4 : 0) | width << 3 | area << 5);
	put(off & 0xff);
	put(off >> 8);
	put(val & 0xff);
	put(val >> 8 & 0xff);
	put(val >> 16 & 0xff);
	put(val >> 24);
}

static void reg_w(unsigned int who, unsigned int reg, unsigned int val)
{
	acc(who, 1, W4, FL_AREA_REG_WORD, reg / 4, val);
}

static void save(const char *name)
{
	mkcorpus_write(dir, name, buf, len);
	len = 0;
}

/* All three cells running on the link, INT_CTRL on everywhere. */
static void all_up(void)
{
	unsigned int c;

	for (c = 1; c <= FL_CELLS; c++) {
		life(FL_OP_CREATE, c);
		life(FL_OP_START, c);
	}
	for (c = 0; c <= FL_CELLS; c++)
		reg_w(c, 0x08, 1);
}

static void registers(void)
{
	unsigned int c, r;

	all_up();
	for (c = 0; c <= FL_CELLS; c++)
		for (r = 0; r < 16; r++)
			acc(c, 0, W4, FL_AREA_REG_WORD, r, 0);
	for (c = 0; c <= FL_CELLS; c++)
		for (r = 0; r < 16; r++)
			acc(c, 1, W4, FL_AREA_REG_WORD, r, 0x5a5a0000 + r);
	save("registers");
}

static void doorbells(void)
{
	unsigned int c, t;

	all_up();
	for (c = 0; c <= FL_CELLS; c++)
		for (t = 0; t <= FL_CELLS + 1; t++)
			reg_w(c, 0x0c, t << 16 | (t == 2));
	reg_w(2, 0x08, 0);
	reg_w(1, 0x0c, 2 << 16);
	life(FL_OP_FAIL, 3);
	reg_w(1, 0x0c, 3 << 16);
	life(FL_OP_SHUTDOWN, 3);
	life(FL_OP_DESTROY, 2);
	reg_w(1, 0x0c, 2 << 16);
	reg_w(0, 0x0c, 0xffffU << 16);
	save("doorbells");
}

/*
 * Receivers with INT_CTRL on that do not run: created but not started,
 * failed, shut down (an access in flight when the cell stopped).
 */
static void doorbells_stopped(void)
{
	life(FL_OP_CREATE, 1);
	life(FL_OP_START, 1);
	life(FL_OP_CREATE, 2);
	life(FL_OP_CREATE, 3);
	life(FL_OP_START, 3);
	reg_w(2, 0x08, 1);
	reg_w(1, 0x0c, 2 << 16);
	reg_w(1, 0x10, 7);
	life(FL_OP_FAIL, 3);
	reg_w(3, 0x08, 1);
	reg_w(0, 0x0c, 3 << 16);
	reg_w(1, 0x10, 8);
	life(FL_OP_SHUTDOWN, 3);
	reg_w(3, 0x08, 1);
	reg_w(1, 0x0c, 3 << 16);
	life(FL_OP_START, 2);
	reg_w(1, 0x0c, 2 << 16);
	save("doorbells-stopped");
}

static void states(void)
{
	all_up();
	reg_w(1, 0x10, 0x11111111);
	reg_w(2, 0x10, 0x22222222);
	life(FL_OP_FAIL, 1);
	life(FL_OP_START, 1);
	reg_w(1, 0x10, 1);
	life(FL_OP_DESTROY, 2);
	life(FL_OP_CREATE, 2);
	life(FL_OP_CREATE, 2);
	reg_w(0, 0x10, 0xffffffff);
	save("states");
}

/* Every width at the first, last and next-to-last bytes of the pages. */
static void edges(enum fl_area area, unsigned int span, const char *name)
{
	static const unsigned int offs[] = { 0, 1, 2, 3, 4, 6, 0xffc, 0xffe,
		0xfff, 0x7fc, 0x7ff, 0x800, 0x17fc, 0x17fe, 0x1800, 0x1ffc };
	unsigned int c, w, n;

	all_up();
	for (c = 0; c <= FL_CELLS; c++)
		for (w = W1; w <= W8; w++)
			for (n = 0; n < sizeof(offs) / sizeof(offs[0]); n++) {
				if (offs[n] >= span)
					continue;
				acc(c, n & 1, w, area, offs[n], 0x1000 + n);
				acc(c, !(n & 1), w, area, offs[n], 0x2000 + n);
			}
	save(name);
}

/* Windows: the bytes around each edge, every width, as cells come and go. */
static void windows(void)
{
	unsigned int c, w, off;

	all_up();
	for (c = 0; c <= FL_CELLS; c++)
		for (w = W1; w <= W8; w++)
			for (off = 0xf8; off < 0x108; off++) {
				acc(c, off & 1, w, FL_AREA_WIN, off, off);
				acc(c, 0, w, FL_AREA_WIN, off + 0x200, off);
			}
	life(FL_OP_DESTROY, 1);
	for (w = W1; w <= W8; w++)
		for (off = 0x1f8; off < 0x208; off += 4)
			acc(0, 1, w, FL_AREA_WIN_PAGE, off, off);
	save("windows");
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	dir = argv[1];
	registers();
	doorbells();
	doorbells_stopped();
	states();
	edges(FL_AREA_REG, 0x1000, "reg-edges");
	edges(FL_AREA_REG_AROUND, 0x2000, "reg-around");
	edges(FL_AREA_REG_OTHER, 0x1000, "reg-other");
	edges(FL_AREA_WIN_PAGE, 0x1000, "win-page");
	edges(FL_AREA_WIN_AROUND, 0x2000, "win-around");
	windows();
	return 0;
}
