// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Test reporting in a fixed, grep-able format:
 *   CELLTEST PASS <suite>.<name>
 *   CELLTEST FAIL <suite>.<name>: <detail>
 *   CELLTEST SKIP <suite>.<name>: <why>
 *   CELLTEST DONE <suite> passed=N failed=M
 */
#include "internal.h"

static const char *test_suite = "unnamed";
static unsigned int test_passed, test_failed, test_skipped;

void test_init(const char *suite)
{
	test_suite = suite;
	test_passed = test_failed = test_skipped = 0;
}

bool test_check(bool ok, const char *name, const char *fmt, ...)
{
	char detail[160];
	va_list ap;

	if (ok) {
		test_passed++;
		printk("CELLTEST PASS %s.%s\n", test_suite, name);
		return true;
	}
	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	test_failed++;
	printk("CELLTEST FAIL %s.%s: %s\n", test_suite, name, detail);
	return false;
}

void test_skip(const char *name, const char *fmt, ...)
{
	char why[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	test_skipped++;
	printk("CELLTEST SKIP %s.%s: %s\n", test_suite, name, why);
}

int test_done(void)
{
	printk("CELLTEST DONE %s passed=%u failed=%u\n", test_suite,
	       test_passed, test_failed);
	return test_failed;
}
