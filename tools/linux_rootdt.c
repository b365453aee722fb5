// SPDX-License-Identifier: GPL-2.0
/*
 * What "jailhouse cell linux" learns from root's device tree
 * (/proc/device-tree, or JAILHOUSE_DT for tests): the MPIDR of each CPU
 * and the GIC addresses. Root Linux numbers its CPUs in device tree
 * order; on QEMU virt that is also the order of the redistributor frames.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include "linux_cell.h"

#define LC_PATH_LEN	4096
#define LC_MAX_CELLS	64

/* Big-endian cells of a property file: their number or -errno. */
int lc_read_cells(const char *path, uint32_t *cells, int max)
{
	FILE *f = fopen(path, "re");
	int n;

	if (!f)
		return -errno;
	n = fread(cells, 4, max, f);
	fclose(f);
	for (int i = 0; i < n; i++)
		cells[i] = ntohl(cells[i]);
	return n;
}

static uint64_t lc_cells_value(const uint32_t *c, int n)
{
	return n == 2 ? ((uint64_t)c[0] << 32 | c[1]) : c[0];
}

static int lc_cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* MPIDRs of all CPU nodes, sorted: their number or -errno. */
static int lc_root_cpus(const char *base, uint32_t *mpidr, int max)
{
	char path[LC_PATH_LEN];
	uint32_t cells[2];
	struct dirent *e;
	DIR *d;
	int n = 0, k;

	snprintf(path, sizeof(path), "%s/cpus", base);
	d = opendir(path);
	if (!d)
		return -errno;
	while ((e = readdir(d)) && n < max) {
		if (strncmp(e->d_name, "cpu@", 4))
			continue;
		snprintf(path, sizeof(path), "%s/cpus/%s/reg", base,
			 e->d_name);
		k = lc_read_cells(path, cells, 2);
		if (k == 1 || k == 2)
			mpidr[n++] = lc_cells_value(cells, k);
	}
	closedir(d);
	qsort(mpidr, n, sizeof(*mpidr), lc_cmp_u32);
	return n ? n : -ENOENT;
}

bool lc_node_compatible(const char *base, const char *node,
			const char *want)
{
	char path[LC_PATH_LEN], compat[256] = "";
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/%s/compatible", base, node);
	f = fopen(path, "re");
	if (!f)
		return false;
	n = fread(compat, 1, sizeof(compat) - 1, f);
	fclose(f);
	for (size_t i = 0; i < n; i += strlen(compat + i) + 1)
		if (!strcmp(compat + i, want))
			return true;
	return false;
}

static bool lc_is_gicv3(const char *base, const char *node)
{
	return lc_node_compatible(base, node, "arm,gic-v3");
}

/* GICD and GICR base from the arm,gic-v3 node (root: 2 address cells). */
static int lc_root_gic(const char *base, struct lc_params *p)
{
	char path[LC_PATH_LEN];
	uint32_t reg[LC_MAX_CELLS];
	struct dirent *e;
	int ret = -ENOENT;
	DIR *d = opendir(base);

	if (!d)
		return -errno;
	while ((e = readdir(d)) && ret == -ENOENT) {
		if (e->d_name[0] == '.' || !lc_is_gicv3(base, e->d_name))
			continue;
		snprintf(path, sizeof(path), "%s/%s/reg", base, e->d_name);
		if (lc_read_cells(path, reg, LC_MAX_CELLS) < 8) {
			ret = -EINVAL;
			break;
		}
		p->gicd = lc_cells_value(reg, 2);
		p->gicr = lc_cells_value(reg + 4, 2);
		ret = 0;
	}
	closedir(d);
	return ret;
}

static bool lc_cpu_in_cell(const struct jh_cell_desc *cell, unsigned int n)
{
	return n < JH_MAX_CPUS && (cell->cpus[n / 64] >> (n % 64)) & 1;
}

int lc_read_root_dt(const char *dt_base, const struct jh_cell_desc *cell,
		    struct lc_params *p)
{
	static uint32_t all[LC_MAX_CPUS];
	int n, ret;

	n = lc_root_cpus(dt_base, all, LC_MAX_CPUS);
	if (n < 0) {
		fprintf(stderr, "jailhouse cell linux: no CPUs in %s/cpus: %s\n",
			dt_base, strerror(-n));
		return n;
	}
	p->machine_cpus = n;
	p->ncpus = 0;
	for (int i = 0; i < JH_MAX_CPUS; i++) {
		if (!lc_cpu_in_cell(cell, i))
			continue;
		if (i >= n) {
			fprintf(stderr, "jailhouse cell linux: the cell's CPU %d is not in %s/cpus (%d CPUs)\n",
				i, dt_base, n);
			return -ERANGE;
		}
		p->cpu_frame[p->ncpus] = i;
		p->mpidr[p->ncpus++] = all[i];
	}
	ret = lc_root_gic(dt_base, p);
	if (ret)
		fprintf(stderr, "jailhouse cell linux: no usable arm,gic-v3 node in %s: %s; hint: Linux cells need GICv3\n",
			dt_base, strerror(-ret));
	return ret;
}
