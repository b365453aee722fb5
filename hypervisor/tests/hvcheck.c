// SPDX-License-Identifier: GPL-2.0
/*
 * hvcheck SYSTEM [CELL]: run the hypervisor's config validator (built for
 * the host) as enable and cell create would: the system config on its own,
 * then the cell config against it. The runtime facts are taken as the
 * configs want them: the hypervisor runs where the system config says and
 * has per-CPU areas for every CPU (JH_MAX_CPUS); no other cell exists.
 * Prints "valid" (exit 0) or "rejected ERRNO: MESSAGE" (exit 1).
 *
 * hvcheck --batch reads "SYSTEM [CELL]" lines from stdin and prints one
 * verdict line each (messages joined on one line), for
 * tools/tests/test_differential.py, which compares thousands of configs
 * with jailhouse-config check.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <hv/config.h>
#include <hv/printk.h>
#include <jailhouse/errno.h>
#include "fake.h"

static unsigned long long sys64[JH_CONFIG_MAX_SIZE / 8];
static unsigned long long cell64[JH_CONFIG_MAX_SIZE / 8];

static size_t load(const char *path, void *buf)
{
	size_t size;
	FILE *f = fopen(path, "rb");

	if (!f)
		return (size_t)-1;
	size = fread(buf, 1, JH_CONFIG_MAX_SIZE, f);
	fclose(f);
	return size;
}

/* The cell check of cell_create(), minus what needs running cells. */
static int check_cell(size_t size)
{
	const struct jh_cell_config *cell = (const void *)cell64;
	int err = config_check_header(cell64, size, JH_CONFIG_KIND_CELL);

	if (!err && cell->hdr.total_size < sizeof(*cell)) {
		printk("cell create: config size out of range\n");
		err = -JH_ENODATA;
	}
	if (!err)
		err = config_check_cell((const void *)sys64, &cell->cell,
					cell->hdr.total_size - sizeof(cell->hdr),
					JH_MAX_CPUS);
	return err;
}

static int check(const char *sys_path, const char *cell_path)
{
	const struct jh_system_config *sys = (const void *)sys64;
	size_t size = load(sys_path, sys64);
	int err;

	if (size == (size_t)-1)
		return 2;
	fake_uart_reset();
	err = config_check_system(sys64, size, size >= sizeof(*sys) ?
				  sys->sys.hypervisor_memory.phys_start : 0,
				  JH_MAX_CPUS);
	if (!err && cell_path) {
		size = load(cell_path, cell64);
		if (size == (size_t)-1)
			return 2;
		err = check_cell(size);
	}
	return err;
}

/* One line: the messages with their newlines turned into "; ". */
static void verdict(int err)
{
	char *p;

	if (!err) {
		printf("valid\n");
		return;
	}
	for (p = fake_uart; *p; p++)
		if (*p == '\n' && p[1])
			*p = ';';
	printf("rejected %d: %s%s", err, fake_uart,
	       strchr(fake_uart, '\n') ? "" : "\n");
}

static int batch(void)
{
	char line[4096], *sys_path, *cell_path, *save;
	int err;

	while (fgets(line, sizeof(line), stdin)) {
		sys_path = strtok_r(line, " \n", &save);
		cell_path = strtok_r((char *)0, " \n", &save);
		if (!sys_path)
			continue;
		err = check(sys_path, cell_path);
		if (err == 2) {
			printf("unreadable\n");
			continue;
		}
		verdict(err);
		fflush(stdout);
	}
	return 0;
}

int main(int argc, char **argv)
{
	int err;

	if (argc == 2 && !strcmp(argv[1], "--batch"))
		return batch();
	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: hvcheck SYSTEM [CELL] | hvcheck --batch\n");
		return 2;
	}
	err = check(argv[1], argc == 3 ? argv[2] : (char *)0);
	if (err == 2) {
		fprintf(stderr, "hvcheck: cannot read a config\n");
		return 2;
	}
	verdict(err);
	return err ? 1 : 0;
}
