/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Input format of the link / sub-page MMIO fuzzer (fuzz_link.c), shared
 * with its seed generator (mkcorpus_link.c).
 *
 * A sequence of steps, each an op byte (modulo FL_OP_COUNT) and its
 * argument bytes. An access takes FL_ACCESS_ARGS bytes:
 *   flags   bits 1:0 who (0 root, 1-3 the cells), bit 2 write,
 *           bits 4:3 log2 of the width (1, 2, 4, 8 bytes),
 *           bits 7:5 area (FL_AREA_*), where the offset applies
 *   offset  16 bit, little-endian
 *   value   32 bit, little-endian (8-byte writes repeat it)
 * Life-cycle ops take one byte: the cell, 1 + byte % 3.
 */
#ifndef _FUZZ_LINK_H
#define _FUZZ_LINK_H

enum fl_op {
	FL_OP_ACCESS,
	FL_OP_ACCESS2,		/* accesses twice as likely */
	FL_OP_CREATE,
	FL_OP_START,
	FL_OP_FAIL,		/* cell_mark_failed(), like a FATAL trap */
	FL_OP_SHUTDOWN,		/* of a failed cell: no comm handshake */
	FL_OP_DESTROY,
	FL_OP_COUNT
};

#define FL_ACCESS_ARGS	7
#define FL_CELLS	3	/* besides root; all on link pp0 */

enum fl_area {
	FL_AREA_REG,		/* own register page + offset % 4 KiB */
	FL_AREA_REG_AROUND,	/* own page - 2 KiB + offset % 8 KiB */
	FL_AREA_REG_OTHER,	/* the next member's page + offset % 4 KiB */
	FL_AREA_REG_WORD,	/* own page, register (offset % 16) * 4, 32 bit */
	FL_AREA_WIN,		/* own window - 256 + offset % (size + 512) */
	FL_AREA_WIN_PAGE,	/* own window's page + offset % 4 KiB */
	FL_AREA_WIN_AROUND,	/* window page - 2 KiB + offset % 8 KiB */
	FL_AREA_RAW,		/* own register page + (s16)offset */
};

#endif
