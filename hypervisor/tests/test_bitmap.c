// SPDX-License-Identifier: GPL-2.0
#include "test.h"
#include <hv/bitmap.h>

#define BITS 200

static void test_set_clear_test(void **state)
{
	u64 map[BITMAP_WORDS(BITS)] = { 0 };

	(void)state;
	assert_int_equal(BITMAP_WORDS(BITS), 4);
	set_bit(0, map);
	set_bit(63, map);
	set_bit(64, map);
	set_bit(199, map);
	assert_true(test_bit(0, map));
	assert_true(test_bit(63, map));
	assert_true(test_bit(64, map));
	assert_true(test_bit(199, map));
	assert_false(test_bit(1, map));
	assert_false(test_bit(65, map));
	assert_int_equal(map[0], 0x8000000000000001ULL);
	assert_int_equal(map[1], 1);
	assert_int_equal(map[3], 1ULL << (199 - 192));
	clear_bit(63, map);
	assert_false(test_bit(63, map));
	assert_int_equal(map[0], 1);
}

static void test_find_next_bit(void **state)
{
	u64 map[BITMAP_WORDS(BITS)] = { 0 };

	(void)state;
	assert_int_equal(find_next_bit(map, BITS, 0), BITS);
	set_bit(5, map);
	set_bit(130, map);
	assert_int_equal(find_next_bit(map, BITS, 0), 5);
	assert_int_equal(find_next_bit(map, BITS, 5), 5);
	assert_int_equal(find_next_bit(map, BITS, 6), 130);
	assert_int_equal(find_next_bit(map, BITS, 131), BITS);
	assert_int_equal(find_next_bit(map, BITS, BITS), BITS);
	/* Bits beyond @bits are not reported. */
	assert_int_equal(find_next_bit(map, 100, 6), 100);
}

static void test_find_next_zero_bit(void **state)
{
	u64 map[BITMAP_WORDS(BITS)];

	(void)state;
	memset(map, 0xff, sizeof(map));
	assert_int_equal(find_next_zero_bit(map, BITS, 0), BITS);
	clear_bit(64, map);
	clear_bit(150, map);
	assert_int_equal(find_next_zero_bit(map, BITS, 0), 64);
	assert_int_equal(find_next_zero_bit(map, BITS, 64), 64);
	assert_int_equal(find_next_zero_bit(map, BITS, 65), 150);
	/* A start in the middle of a full word must not skip past it. */
	map[1] = ~0ULL;
	assert_int_equal(find_next_zero_bit(map, BITS, 3), 150);
	clear_bit(199, map);
	assert_int_equal(find_next_zero_bit(map, BITS, 151), 199);
	assert_int_equal(find_next_zero_bit(map, 199, 151), 199);
	memset(map, 0, sizeof(map));
	assert_int_equal(find_next_zero_bit(map, BITS, 77), 77);
}

static void test_weight_and_iterate(void **state)
{
	u64 map[BITMAP_WORDS(BITS)] = { 0 };
	unsigned long bit, seen[8], n = 0;

	(void)state;
	assert_int_equal(bitmap_weight(map, BITS), 0);
	set_bit(1, map);
	set_bit(64, map);
	set_bit(65, map);
	set_bit(198, map);
	assert_int_equal(bitmap_weight(map, BITS), 4);
	assert_int_equal(bitmap_weight(map, 65), 2);
	for_each_set_bit(bit, map, BITS)
		seen[n++] = bit;
	assert_int_equal(n, 4);
	assert_int_equal(seen[0], 1);
	assert_int_equal(seen[1], 64);
	assert_int_equal(seen[2], 65);
	assert_int_equal(seen[3], 198);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_set_clear_test),
		cmocka_unit_test(test_find_next_bit),
		cmocka_unit_test(test_find_next_zero_bit),
		cmocka_unit_test(test_weight_and_iterate),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
