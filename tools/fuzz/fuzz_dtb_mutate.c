// SPDX-License-Identifier: GPL-2.0
/*
 * Token-level mutations for fuzz_dtb: byte flips alone almost never turn
 * a well formed tree into one with a property after a subnode, a second
 * root or an unclosed node, since that takes whole tokens moved with the
 * header sizes kept right. Half the time one token of the structure block
 * is deleted, duplicated, moved or a new one inserted, and the header's
 * sizes and strings offset are fixed up; otherwise libFuzzer's own
 * mutations run.
 */
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include "fuzz_dtb.h"
#include "../fdt.h"

#define MAX_TOKENS	512

static uint32_t get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return ntohl(v);
}

static void put32(uint8_t *p, uint32_t v)
{
	v = htonl(v);
	memcpy(p, &v, 4);
}

/* Token start offsets in the structure block (@n of them, @tok[n] end). */
static unsigned int split(const uint8_t *dt, uint32_t len, uint32_t *tok)
{
	uint32_t o = 0, step, n;
	unsigned int i = 0;

	while (o + 4 <= len && i < MAX_TOKENS) {
		tok[i++] = o;
		switch (get32(dt + o)) {
		case FDT_BEGIN_NODE:
			n = strnlen((const char *)dt + o + 4, len - o - 4);
			step = 4 + ((n + 4) & ~3u);
			break;
		case FDT_PROP:
			if (o + 12 > len)
				return i - 1;
			step = 12 + ((get32(dt + o + 4) + 3) & ~3u);
			break;
		default:
			step = 4;
		}
		if (step > len - o)
			return i - 1;
		o += step;
	}
	tok[i] = o;
	return i;
}

/* @dtb with its structure block replaced by @dt; 0 if it does not fit. */
static size_t rebuild(uint8_t *dtb, size_t max,
		      const uint8_t *dt, uint32_t dt_len)
{
	uint32_t off_dt = get32(dtb + 8), off_str = get32(dtb + 12);
	uint32_t str_len = get32(dtb + 32);
	uint8_t *str = malloc(str_len ? str_len : 1);
	size_t total = (size_t)off_dt + dt_len + str_len;

	if (!str || total > max) {
		free(str);
		return 0;
	}
	memcpy(str, dtb + off_str, str_len);
	memcpy(dtb + off_dt, dt, dt_len);
	memcpy(dtb + off_dt + dt_len, str, str_len);
	free(str);
	put32(dtb + 4, total);
	put32(dtb + 12, off_dt + dt_len);
	put32(dtb + 36, dt_len);
	return total;
}

/* One token-level change of @dtb (a sane header, room for @max): new
 * size or 0. */
static size_t mutate_tokens(uint8_t *dtb, size_t max, unsigned int r)
{
	static const uint8_t extra[][8] = {
		{ 0, 0, 0, FDT_BEGIN_NODE, 'x', 0, 0, 0 },
		{ 0, 0, 0, FDT_END_NODE },
		{ 0, 0, 0, FDT_END },
		{ 0, 0, 0, FDT_BEGIN_NODE, 0, 0, 0, 0 },
	};
	static const uint32_t extra_len[] = { 8, 4, 4, 8 };
	uint32_t tok[MAX_TOKENS + 1], off_dt = get32(dtb + 8);
	uint32_t dt_len = get32(dtb + 36), len, i, j, out_len = 0;
	unsigned int n;
	uint8_t *out;
	size_t ret;

	n = split(dtb + off_dt, dt_len, tok);
	if (!n)
		return 0;
	out = malloc(2 * (size_t)dt_len + 16);
	if (!out)
		return 0;
	i = (r >> 2) % n;
	j = (r >> 12) % (n + 1);
	len = tok[i + 1] - tok[i];
	for (uint32_t k = 0; k <= n; k++) {
		/* Op 1 duplicates token i at j, 2 moves it there, 3 inserts. */
		if (k == j && (r & 3) == 1) {
			memcpy(out + out_len, dtb + off_dt + tok[i], len);
			out_len += len;
		} else if (k == j && (r & 3) == 3) {
			len = extra_len[(r >> 20) & 3];
			memcpy(out + out_len, extra[(r >> 20) & 3], len);
			out_len += len;
		}
		if (k == j && (r & 3) == 2 && i != k) {
			memcpy(out + out_len, dtb + off_dt + tok[i], len);
			out_len += len;
		}
		if (k == n || (k == i && (r & 3) != 1 && (r & 3) != 3))
			continue;	/* ops 0 and 2 drop it here */
		memcpy(out + out_len, dtb + off_dt + tok[k],
		       tok[k + 1] - tok[k]);
		out_len += tok[k + 1] - tok[k];
	}
	ret = rebuild(dtb, max, out, out_len);
	free(out);
	return ret;
}

static bool sane_header(const uint8_t *dtb, size_t size)
{
	uint64_t off_dt, off_str;

	if (size < 40 || get32(dtb) != FDT_MAGIC)
		return false;
	off_dt = get32(dtb + 8);
	off_str = get32(dtb + 12);
	return off_dt % 4 == 0 && off_dt + get32(dtb + 36) <= size &&
	       off_str + get32(dtb + 32) <= size && get32(dtb + 36) < 65536;
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size,
			       unsigned int seed)
{
	size_t n;

	if (size > 1 && seed & 1 && sane_header(data + 1, size - 1)) {
		n = mutate_tokens(data + 1, max_size - 1, seed >> 1);
		if (n)
			return n + 1;
	}
	return LLVMFuzzerMutate(data, size, max_size);
}
