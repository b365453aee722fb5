// SPDX-License-Identifier: GPL-2.0
#include "test.h"

static void test_memcpy(void **state)
{
	char dst[16];

	(void)state;
	memset(dst, 'x', sizeof(dst));
	assert_ptr_equal(hv_memcpy(dst + 1, "hello", 5), dst + 1);
	assert_memory_equal(dst, "xhellox", 7);
	assert_ptr_equal(hv_memcpy(dst, "abc", 0), dst);
	assert_int_equal(dst[0], 'x');
}

static void test_memset(void **state)
{
	unsigned char buf[9] = { 0 };

	(void)state;
	assert_ptr_equal(hv_memset(buf + 1, 0x1ab, 7), buf + 1);
	assert_int_equal(buf[0], 0);
	assert_int_equal(buf[1], 0xab);
	assert_int_equal(buf[7], 0xab);
	assert_int_equal(buf[8], 0);
}

static void test_memcmp(void **state)
{
	(void)state;
	assert_int_equal(hv_memcmp("abc", "abc", 3), 0);
	assert_true(hv_memcmp("abc", "abd", 3) < 0);
	assert_true(hv_memcmp("abd", "abc", 3) > 0);
	/* Bytes compare unsigned, like the C library. */
	assert_true(hv_memcmp("\x80", "\x01", 1) > 0);
	assert_int_equal(hv_memcmp("x", "y", 0), 0);
}

static void test_strnlen(void **state)
{
	char unterminated[4] = { 'a', 'b', 'c', 'd' };

	(void)state;
	assert_int_equal(hv_strnlen("", 10), 0);
	assert_int_equal(hv_strnlen("abc", 10), 3);
	assert_int_equal(hv_strnlen("abc", 2), 2);
	/* Never reads past max (ASan would catch it). */
	assert_int_equal(hv_strnlen(unterminated, 4), 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memcpy),
		cmocka_unit_test(test_memset),
		cmocka_unit_test(test_memcmp),
		cmocka_unit_test(test_strnlen),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
