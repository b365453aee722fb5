/* SPDX-License-Identifier: GPL-2.0 */
/* The seed generators' one way to write a seed: @dir/@name, or exit 1. */
#ifndef _MKCORPUS_H
#define _MKCORPUS_H

#include <stdio.h>
#include <stdlib.h>

static inline void mkcorpus_write(const char *dir, const char *name,
				  const void *p, size_t size)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(p, 1, size, f) != size || fclose(f)) {
		perror(path);
		exit(1);
	}
}

#endif
