// SPDX-License-Identifier: GPL-2.0
/* The early code runs with the MMU off, where unaligned accesses fault:
 * only naturally aligned words are used, bytes for the rest. */
#include <hv/string.h>

void *memcpy(void *dst, const void *src, size_t n)
{
	u8 *d = dst;
	const u8 *s = src;

	while (n--)
		*d++ = *s++;
	return dst;
}

void *memset(void *s, int c, size_t n)
{
	u64 word = 0x0101010101010101ULL * (u8)c;
	u8 *p = s;

	while (n && ((u64)p & 7)) {
		*p++ = (u8)c;
		n--;
	}
	/* Page tables and pool pages: 8 bytes a store. */
	for (; n >= 8; n -= 8, p += 8)
		*(volatile u64 *)p = word;
	while (n--)
		*p++ = (u8)c;
	return s;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const u8 *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}
