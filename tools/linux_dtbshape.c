// SPDX-License-Identifier: GPL-2.0
/*
 * The shape of a device tree given with -d, checked token by token while
 * it is copied: tokens the reader accepts one by one can still make a
 * tree that Linux misreads, and the copy would pass it on. Refused,
 * saying why: anything before or after the one root node (or a missing
 * root), a node with an empty name or one containing '/', a property
 * after a subnode (libfdt, which Linux uses on the DTB, stops looking for
 * a node's properties at its first subnode), nesting deeper than
 * LC_DS_MAX_DEPTH (the copy tracks each level).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "fdt.h"
#include "linux_cell.h"

#define LC_DS_MSG	"jailhouse cell linux: -d DTB: "

void lc_ds_init(struct lc_ds *ds)
{
	memset(ds, 0, sizeof(*ds));
}

static int lc_ds_refuse(const char *why)
{
	fprintf(stderr, LC_DS_MSG "%s; hint: check it with dtc -I dtb -O dts\n",
		why);
	return -ECANCELED;
}

static int lc_ds_begin(struct lc_ds *ds, const char *name)
{
	if (ds->depth == 0 && *name)
		return lc_ds_refuse("the first node is not the root node (its name is not empty)");
	if (ds->depth > 0 && (!*name || strchr(name, '/')))
		return lc_ds_refuse("a node name is empty or has a '/'");
	if (ds->depth == LC_DS_MAX_DEPTH)
		return lc_ds_refuse("nodes nested deeper than " LC_DS_MAX_DEPTH_STR);
	if (ds->depth > 0)
		ds->subnode[ds->depth] = true;
	ds->depth++;
	ds->subnode[ds->depth] = false;
	return 0;
}

int lc_ds_token(struct lc_ds *ds, const struct fdt_token *t)
{
	if (ds->root_done)
		return lc_ds_refuse("a token after the end of the root node");
	switch (t->type) {
	case FDT_BEGIN_NODE:
		return lc_ds_begin(ds, t->name);
	case FDT_END_NODE:
		if (ds->depth == 0)
			return lc_ds_refuse("a node ends before the root node begins");
		ds->root_done = --ds->depth == 0;
		return 0;
	case FDT_PROP:
		if (ds->depth == 0)
			return lc_ds_refuse("a property outside the root node");
		if (ds->subnode[ds->depth]) {
			fprintf(stderr, LC_DS_MSG "property '%s' after a subnode of its node; ",
				t->name);
			return lc_ds_refuse("Linux would not see it");
		}
		return 0;
	}
	return 0;
}

int lc_ds_end(const struct lc_ds *ds)
{
	if (!ds->root_done)
		return lc_ds_refuse(ds->depth ? "the structure block ends inside a node" :
				    "there is no root node");
	return 0;
}
