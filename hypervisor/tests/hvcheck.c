// SPDX-License-Identifier: GPL-2.0
/*
 * hvcheck FILE: run the hypervisor's own config validator (built for the
 * host) on a binary config, as enable would. Prints "valid" and exits 0,
 * or prints the errno and the hypervisor's message and exits 1. Used by
 * tools/tests/test_hv_validator.py on the compiled bad-config corpus.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <hv/config.h>
#include "fake.h"

static unsigned long long buf64[JH_CONFIG_MAX_SIZE / 8];

int main(int argc, char **argv)
{
	const struct jh_system_config *sys = (const void *)buf64;
	const struct jh_cell_config *cell = (const void *)buf64;
	size_t size;
	FILE *f;
	int err;

	if (argc != 2 || !(f = fopen(argv[1], "rb"))) {
		fprintf(stderr, "usage: hvcheck FILE\n");
		return 2;
	}
	size = fread(buf64, 1, sizeof(buf64), f);
	fclose(f);
	fake_uart_reset();
	if (size >= sizeof(sys->hdr) && sys->hdr.kind == JH_CONFIG_KIND_CELL) {
		err = config_check_header(buf64, size, JH_CONFIG_KIND_CELL);
		if (!err)
			err = config_check_cell(&cell->cell, size - sizeof(cell->hdr),
						(void *)0, 256);
	} else {
		err = config_check_system(buf64, size, size >= sizeof(*sys) ?
					  sys->sys.hypervisor_memory.phys_start : 0,
					  256);
	}
	if (!err) {
		printf("valid\n");
		return 0;
	}
	printf("rejected %d: %s", err, fake_uart);
	return 1;
}
