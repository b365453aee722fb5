/* SPDX-License-Identifier: GPL-2.0 */
/* Bitmaps of unsigned long words; bit n lives in word n / 64. */
#ifndef _HV_BITMAP_H
#define _HV_BITMAP_H

#include <hv/types.h>

#define BITMAP_WORDS(bits)	(((bits) + BITS_PER_LONG - 1) / BITS_PER_LONG)

static inline bool test_bit(unsigned long nr, const u64 *map)
{
	return (map[nr / BITS_PER_LONG] >> (nr % BITS_PER_LONG)) & 1;
}

static inline void set_bit(unsigned long nr, u64 *map)
{
	map[nr / BITS_PER_LONG] |= 1ULL << (nr % BITS_PER_LONG);
}

static inline void clear_bit(unsigned long nr, u64 *map)
{
	map[nr / BITS_PER_LONG] &= ~(1ULL << (nr % BITS_PER_LONG));
}

/* First set bit at or after @start, or @bits if none. */
unsigned long find_next_bit(const u64 *map, unsigned long bits,
			    unsigned long start);
/* First clear bit at or after @start, or @bits if none. */
unsigned long find_next_zero_bit(const u64 *map, unsigned long bits,
				 unsigned long start);
unsigned long bitmap_weight(const u64 *map, unsigned long bits);

#define for_each_set_bit(bit, map, bits)				\
	for ((bit) = find_next_bit((map), (bits), 0); (bit) < (bits);	\
	     (bit) = find_next_bit((map), (bits), (bit) + 1))

#endif
