// SPDX-License-Identifier: GPL-2.0
#include <hv/bitmap.h>

unsigned long find_next_bit(const u64 *map, unsigned long bits,
			    unsigned long start)
{
	for (; start < bits; start++)
		if (test_bit(start, map))
			return start;
	return bits;
}

unsigned long find_next_zero_bit(const u64 *map, unsigned long bits,
				 unsigned long start)
{
	while (start < bits) {
		/* Skip full words quickly: pools have thousands of bits. */
		if (start % BITS_PER_LONG == 0 &&
		    map[start / BITS_PER_LONG] == ~0ULL) {
			start += BITS_PER_LONG;
			continue;
		}
		if (!test_bit(start, map))
			return start;
		start++;
	}
	return bits;
}

unsigned long bitmap_weight(const u64 *map, unsigned long bits)
{
	unsigned long n, weight = 0;

	for (n = 0; n < bits; n++)
		weight += test_bit(n, map);
	return weight;
}
