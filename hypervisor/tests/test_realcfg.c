// SPDX-License-Identifier: GPL-2.0
/*
 * Validates the configs the build produced (make configs) with the
 * hypervisor's own validator. JH_REAL_CONFIGS lists the files; an empty
 * list or a missing file is a failure, not a skip.
 */
#include "test.h"
#include "cfgbuild.h"
#include <hv/config.h>

static u64 buf64[JH_CONFIG_MAX_SIZE / 8 + 1];

static void check_file(const char *path)
{
	const struct jh_system_config *sys = (const void *)buf64;
	const struct jh_cell_config *cell = (const void *)buf64;
	size_t size;
	FILE *f;
	int err;

	f = fopen(path, "rb");
	if (!f)
		fail_msg("%s: cannot open", path);
	size = fread(buf64, 1, sizeof(buf64), f);
	fclose(f);
	assert_true(size >= sizeof(struct jh_config_header));
	assert_int_equal(sys->hdr.total_size, size);
	fake_uart_reset();
	if (sys->hdr.kind == JH_CONFIG_KIND_SYSTEM) {
		err = config_check_system(buf64, size,
					  sys->sys.hypervisor_memory.phys_start,
					  CFG_MAX_CPUS);
	} else {
		err = config_check_header(buf64, size, JH_CONFIG_KIND_CELL);
		if (!err)
			err = config_check_cell_desc(&cell->cell, size -
						sizeof(cell->hdr), NULL,
						CFG_MAX_CPUS);
	}
	if (err)
		fail_msg("%s: rejected with %d: %s", path, err, fake_uart);
	printf("%s: valid (%zu bytes)\n", path, size);
}

static void test_real_configs(void **state)
{
	const char *list = getenv("JH_REAL_CONFIGS");
	char *copy, *path, *save;
	int n = 0;

	(void)state;
	if (!list || !*list)
		fail_msg("JH_REAL_CONFIGS is empty: run 'make configs' first");
	copy = strdup(list);
	for (path = strtok_r(copy, " ", &save); path;
	     path = strtok_r(NULL, " ", &save), n++)
		check_file(path);
	free(copy);
	assert_true(n > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_configs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
