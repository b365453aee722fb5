/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Input format of the GICv3 emulation fuzzer (fuzz_vgic.c), shared with
 * its seed generator (mkcorpus_vgic.c).
 *
 * A 16-byte header describes the world, then FV_ACCESS_LEN-byte records
 * describe guest accesses, all little-endian:
 *
 *   header[0]   redistributor frames: 1 + value % FV_MAX_FRAMES
 *   header[1]   maintenance PPI: 16 + value % 16
 *   header[2-3] owner cell of frame n (CPU n): bits 2n+1:2n
 *   header[4]   bit n: CPU n does not exist (frame n has no owner)
 *   header[5-13] three SPI ranges overriding the base layout, 3 bytes
 *               each: first = 32 + (b0 | (b1 & 3) << 8) % 988,
 *               owner = (b1 >> 2) % 5 (4: nobody), count = b2
 *   header[14]  base layout of SPI owners (value % 4): FV_LAYOUT_*
 *   header[15]  unused
 *
 *   record[0]   bits 1:0 accessing cell (0 = root), bit 2 redistributor,
 *               bit 3 write, bit 4 address below the base,
 *               bits 7:5 size: fv_sizes[] (includes invalid sizes)
 *   record[1-4] offset from the GICD / GICR base (GICD: & 0x1ffff,
 *               GICR: & 0x1fffff), or distance below it (bit 4)
 *   record[5-12] value written
 *
 * CPU n has affinity Aff3.Aff2.Aff1.Aff0 = (n == 7).0.(n / 4).(n % 4).
 */
#ifndef _FUZZ_VGIC_H
#define _FUZZ_VGIC_H

#define FV_MAX_FRAMES	8
#define FV_CELLS	4
#define FV_NOBODY	4
#define FV_HEADER_LEN	16
#define FV_ACCESS_LEN	13

#define FV_LAYOUT_MIXED		0	/* owner (i ^ i / 8) % 5 */
#define FV_LAYOUT_WORDS		1	/* owner (i / 32) % 5 */
#define FV_LAYOUT_ALTERNATE	2	/* even: root, odd: cell 1 */
#define FV_LAYOUT_NOBODY	3

#define FV_CELL(b)	((b) & 3)
#define FV_REDIST	0x04
#define FV_WRITE	0x08
#define FV_BELOW	0x10
#define FV_SIZE_SHIFT	5

/* Index (record bits 7:5) -> access size in bytes. */
#define FV_SIZES	{ 4, 1, 2, 8, 0, 3, 16, 4 }

#endif
