/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small flattened device tree (DTB, version 17) writer and reader for
 * "jailhouse cell linux": no libfdt, so the CLI stays one static binary.
 */
#ifndef _JH_TOOLS_FDT_H
#define _JH_TOOLS_FDT_H

#include <stddef.h>
#include <stdint.h>

#define FDT_MAGIC		0xd00dfeed
#define FDT_BEGIN_NODE		1
#define FDT_END_NODE		2
#define FDT_PROP		3
#define FDT_NOP			4
#define FDT_END			9

struct fdt_writer {
	uint8_t *dt;		/* structure block */
	size_t dt_len, dt_cap;
	char *str;		/* strings block */
	size_t str_len, str_cap;
	int depth;
	int err;		/* first -errno, sticky */
};

void fdt_init(struct fdt_writer *w);
void fdt_free(struct fdt_writer *w);
void fdt_begin_node(struct fdt_writer *w, const char *name);
void fdt_end_node(struct fdt_writer *w);
void fdt_prop(struct fdt_writer *w, const char *name, const void *data,
	      size_t len);
void fdt_prop_u32(struct fdt_writer *w, const char *name, uint32_t v);
void fdt_prop_str(struct fdt_writer *w, const char *name, const char *s);
/* @n big-endian cells from host-order @cells. */
void fdt_prop_cells(struct fdt_writer *w, const char *name,
		    const uint32_t *cells, size_t n);
/* Finished blob (malloc'ed) in *@blob: its size, or -errno. */
long fdt_finish(struct fdt_writer *w, void **blob);

/* Reading: one token of a blob the caller checked with fdt_check(). */
struct fdt_token {
	uint32_t type;		/* FDT_BEGIN_NODE, FDT_END_NODE, FDT_PROP */
	const char *name;	/* node or property name */
	const void *data;	/* property value */
	uint32_t len;
};

/* 0 if @blob is a DTB whose blocks lie within @size, else -EINVAL. */
int fdt_check(const void *blob, size_t size);
/* Next token at *@off (advanced): 1, 0 at FDT_END, -EINVAL if malformed. */
int fdt_next(const void *blob, size_t size, size_t *off,
	     struct fdt_token *tok);

#endif
