// SPDX-License-Identifier: GPL-2.0
#include "test.h"
#include "cfgbuild.h"
#include <hv/crc32.h>

static void test_known_vectors(void **state)
{
	(void)state;
	assert_int_equal(crc32(0, "123456789", 9), 0xcbf43926);
	assert_int_equal(crc32(0, "", 0), 0);
	assert_int_equal(crc32(0, "a", 1), 0xe8b7be43);
	assert_int_equal(crc32(0, "The quick brown fox jumps over the lazy dog",
			       43), 0x414fa339);
}

static void test_continuation(void **state)
{
	(void)state;
	/* Feeding in pieces equals one pass (config_crc relies on it). */
	assert_int_equal(crc32(crc32(0, "1234", 4), "56789", 5), 0xcbf43926);
	assert_int_equal(crc32(crc32(crc32(0, "12", 2), "", 0), "3456789", 7),
			 0xcbf43926);
}

static void test_matches_table_crc(void **state)
{
	u8 buf[4099];
	size_t n;

	(void)state;
	srand(42);
	for (n = 0; n < sizeof(buf); n++)
		buf[n] = (u8)rand();
	for (n = 0; n < sizeof(buf); n += 97)
		assert_int_equal(crc32(0, buf, n), ref_crc32(0, buf, n));
	assert_int_equal(crc32(0, buf, sizeof(buf)),
			 ref_crc32(0, buf, sizeof(buf)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_vectors),
		cmocka_unit_test(test_continuation),
		cmocka_unit_test(test_matches_table_crc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
