// SPDX-License-Identifier: GPL-2.0
/*
 * Flattened device tree writer/reader (Devicetree Specification v0.4,
 * chapter 5). The writer appends tokens to a structure block and names to
 * a deduplicated strings block; fdt_finish() prepends the header and an
 * empty memory reservation map.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include "fdt.h"

#define FDT_HDR_SIZE	40
#define FDT_RSV_SIZE	16	/* the terminating empty entry */
#define FDT_VERSION	17
#define FDT_LAST_COMP	16

static int fdt_grow(void **buf, size_t *cap, size_t need)
{
	size_t n = *cap ? *cap : 1024;
	void *p;

	if (need <= *cap)
		return 0;
	while (n < need)
		n *= 2;
	p = realloc(*buf, n);
	if (!p)
		return -ENOMEM;
	*buf = p;
	*cap = n;
	return 0;
}

/* Append @len bytes and zero padding up to a 4-byte boundary. */
static void fdt_put(struct fdt_writer *w, const void *data, size_t len)
{
	size_t padded = (len + 3) & ~(size_t)3;

	if (w->err)
		return;
	w->err = fdt_grow((void **)&w->dt, &w->dt_cap, w->dt_len + padded);
	if (w->err)
		return;
	memcpy(w->dt + w->dt_len, data, len);
	memset(w->dt + w->dt_len + len, 0, padded - len);
	w->dt_len += padded;
}

static void fdt_put_u32(struct fdt_writer *w, uint32_t v)
{
	uint32_t be = htonl(v);

	fdt_put(w, &be, 4);
}

/* Offset of @name in the strings block, added if new. */
static uint32_t fdt_string(struct fdt_writer *w, const char *name)
{
	size_t len = strlen(name) + 1, off = 0;

	while (off < w->str_len) {
		if (!strcmp(w->str + off, name))
			return off;
		off += strlen(w->str + off) + 1;
	}
	if (w->err)
		return 0;
	w->err = fdt_grow((void **)&w->str, &w->str_cap, w->str_len + len);
	if (w->err)
		return 0;
	memcpy(w->str + w->str_len, name, len);
	w->str_len += len;
	return off;
}

void fdt_init(struct fdt_writer *w)
{
	memset(w, 0, sizeof(*w));
}

void fdt_free(struct fdt_writer *w)
{
	free(w->dt);
	free(w->str);
	fdt_init(w);
}

void fdt_begin_node(struct fdt_writer *w, const char *name)
{
	fdt_put_u32(w, FDT_BEGIN_NODE);
	fdt_put(w, name, strlen(name) + 1);
	w->depth++;
}

void fdt_end_node(struct fdt_writer *w)
{
	if (w->depth <= 0 && !w->err)
		w->err = -EINVAL;
	fdt_put_u32(w, FDT_END_NODE);
	w->depth--;
}

void fdt_prop(struct fdt_writer *w, const char *name, const void *data,
	      size_t len)
{
	uint32_t nameoff = fdt_string(w, name);

	if (len > UINT32_MAX && !w->err)
		w->err = -E2BIG;
	fdt_put_u32(w, FDT_PROP);
	fdt_put_u32(w, len);
	fdt_put_u32(w, nameoff);
	if (len)
		fdt_put(w, data, len);
}

void fdt_prop_u32(struct fdt_writer *w, const char *name, uint32_t v)
{
	fdt_prop_cells(w, name, &v, 1);
}

void fdt_prop_str(struct fdt_writer *w, const char *name, const char *s)
{
	fdt_prop(w, name, s, strlen(s) + 1);
}

void fdt_prop_cells(struct fdt_writer *w, const char *name,
		    const uint32_t *cells, size_t n)
{
	uint32_t *be = malloc(n * 4 + 1);
	size_t i;

	if (!be) {
		if (!w->err)
			w->err = -ENOMEM;
		return;
	}
	for (i = 0; i < n; i++)
		be[i] = htonl(cells[i]);
	fdt_prop(w, name, be, n * 4);
	free(be);
}

static void fdt_header_u32(uint8_t *hdr, unsigned int idx, uint32_t v)
{
	uint32_t be = htonl(v);

	memcpy(hdr + idx * 4, &be, 4);
}

long fdt_finish(struct fdt_writer *w, void **blob)
{
	size_t off_dt = FDT_HDR_SIZE + FDT_RSV_SIZE, total;
	uint8_t *out;

	if (!w->err && w->depth)
		w->err = -EINVAL;	/* unbalanced nodes */
	fdt_put_u32(w, FDT_END);
	if (w->err)
		return w->err;
	total = off_dt + w->dt_len + w->str_len;
	out = calloc(1, total);
	if (!out)
		return -ENOMEM;
	fdt_header_u32(out, 0, FDT_MAGIC);
	fdt_header_u32(out, 1, total);
	fdt_header_u32(out, 2, off_dt);			/* off_dt_struct */
	fdt_header_u32(out, 3, off_dt + w->dt_len);	/* off_dt_strings */
	fdt_header_u32(out, 4, FDT_HDR_SIZE);		/* off_mem_rsvmap */
	fdt_header_u32(out, 5, FDT_VERSION);
	fdt_header_u32(out, 6, FDT_LAST_COMP);
	fdt_header_u32(out, 7, 0);			/* boot_cpuid_phys */
	fdt_header_u32(out, 8, w->str_len);
	fdt_header_u32(out, 9, w->dt_len);
	memcpy(out + off_dt, w->dt, w->dt_len);
	/* A tree without properties has no strings block (w->str NULL). */
	if (w->str_len)
		memcpy(out + off_dt + w->dt_len, w->str, w->str_len);
	*blob = out;
	return total;
}

/* ---- reading ---- */

static uint32_t fdt_hdr(const void *blob, unsigned int idx)
{
	uint32_t be;

	memcpy(&be, (const uint8_t *)blob + idx * 4, 4);
	return ntohl(be);
}

int fdt_check(const void *blob, size_t size)
{
	uint32_t total, off_dt, dt_size, off_str, str_size;

	if (size < FDT_HDR_SIZE || fdt_hdr(blob, 0) != FDT_MAGIC ||
	    fdt_hdr(blob, 6) > FDT_VERSION || fdt_hdr(blob, 5) < FDT_LAST_COMP)
		return -EINVAL;
	total = fdt_hdr(blob, 1);
	off_dt = fdt_hdr(blob, 2);
	off_str = fdt_hdr(blob, 3);
	str_size = fdt_hdr(blob, 8);
	dt_size = fdt_hdr(blob, 9);
	if (total > size || off_dt > total || dt_size > total - off_dt ||
	    off_str > total || str_size > total - off_str || off_dt % 4)
		return -EINVAL;
	return 0;
}

static const char *fdt_str_at(const void *blob, uint32_t nameoff)
{
	const char *s = (const char *)blob + fdt_hdr(blob, 3);
	uint32_t size = fdt_hdr(blob, 8);

	if (nameoff >= size || !memchr(s + nameoff, 0, size - nameoff))
		return NULL;
	return s + nameoff;
}

int fdt_next(const void *blob, size_t size, size_t *off,
	     struct fdt_token *tok)
{
	const uint8_t *dt = (const uint8_t *)blob + fdt_hdr(blob, 2);
	size_t end = fdt_hdr(blob, 9), o = *off, n;
	uint32_t be[3];

	(void)size;
	do {
		if (o + 4 > end)
			return -EINVAL;
		memcpy(be, dt + o, 4);
		tok->type = ntohl(be[0]);
		o += 4;
	} while (tok->type == FDT_NOP);
	tok->name = NULL;
	tok->data = NULL;
	tok->len = 0;
	switch (tok->type) {
	case FDT_END:
		*off = o;
		return 0;
	case FDT_END_NODE:
		break;
	case FDT_BEGIN_NODE:
		n = strnlen((const char *)dt + o, end - o);
		if (o + n >= end)
			return -EINVAL;
		tok->name = (const char *)dt + o;
		o += (n + 1 + 3) & ~(size_t)3;
		break;
	case FDT_PROP:
		if (o + 8 > end)
			return -EINVAL;
		memcpy(be, dt + o, 8);
		tok->len = ntohl(be[0]);
		tok->name = fdt_str_at(blob, ntohl(be[1]));
		o += 8;
		if (!tok->name || tok->len > end - o)
			return -EINVAL;
		tok->data = dt + o;
		o += ((size_t)tok->len + 3) & ~(size_t)3;
		break;
	default:
		return -EINVAL;
	}
	*off = o;
	return 1;
}
