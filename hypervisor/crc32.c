// SPDX-License-Identifier: GPL-2.0
/* Bitwise CRC-32: no table, configs are checked once per operation. */
#include <hv/crc32.h>

u32 crc32(u32 crc, const void *buf, size_t len)
{
	const u8 *p = buf;
	unsigned int bit;

	crc = ~crc;
	while (len--) {
		crc ^= *p++;
		for (bit = 0; bit < 8; bit++)
			crc = (crc >> 1) ^ (0xedb88320 & -(crc & 1));
	}
	return ~crc;
}
