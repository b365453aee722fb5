// SPDX-License-Identifier: GPL-2.0
#include <sys/wait.h>
#include <unistd.h>

#include "test.h"
#include <hv/pool.h>

#define MAX_POOL_PAGES	70000

/*
 * Backing store, 64 KiB aligned: alignment within the pool and physical
 * alignment agree up to 16 pages unless a test offsets the base.
 */
static u8 *mem;

static int setup(void **state)
{
	(void)state;
	mem = aligned_alloc(16 * PAGE_SIZE, (MAX_POOL_PAGES + 16) * PAGE_SIZE);
	if (!mem)
		return -1;
	memset(mem, 0xaa, (MAX_POOL_PAGES + 16) * PAGE_SIZE);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(mem);
	return 0;
}

static unsigned long page_index(const struct page_pool *pool, void *p)
{
	return ((u64)p - pool->base) / PAGE_SIZE;
}

static void test_init_sizes(void **state)
{
	struct page_pool pool;

	(void)state;
	assert_int_equal(pool_init(&pool, (u64)mem, 100 * PAGE_SIZE), 0);
	assert_int_equal(pool.base, (u64)mem);
	assert_int_equal(pool.pages, 100);
	/* One bitmap page, accounted as used and marked in the bitmap. */
	assert_int_equal(pool.used, 1);
	assert_ptr_equal(pool.bitmap, mem);
	assert_true(pool.bitmap[0] & 1);
	assert_int_equal(pool.bitmap[0] & ~1ULL, 0);

	/* A partial page at the end is not managed. */
	assert_int_equal(pool_init(&pool, (u64)mem, 100 * PAGE_SIZE + 123), 0);
	assert_int_equal(pool.pages, 100);

	/* 32768 pages need exactly one page of bitmap, one more needs two. */
	assert_int_equal(pool_init(&pool, (u64)mem, 32768 * PAGE_SIZE), 0);
	assert_int_equal(pool.used, 1);
	assert_int_equal(pool_init(&pool, (u64)mem, 32769 * PAGE_SIZE), 0);
	assert_int_equal(pool.used, 2);
	assert_int_equal(pool.bitmap[0] & 3, 3);
	assert_int_equal(pool_init(&pool, (u64)mem, 65537 * PAGE_SIZE), 0);
	assert_int_equal(pool.used, 3);
}

static void test_init_rejects(void **state)
{
	struct page_pool pool;

	(void)state;
	assert_int_equal(pool_init(&pool, (u64)mem + 8, 100 * PAGE_SIZE),
			 -JH_ENOMEM);
	assert_int_equal(pool_init(&pool, (u64)mem, PAGE_SIZE), -JH_ENOMEM);
	assert_int_equal(pool_init(&pool, (u64)mem, 0), -JH_ENOMEM);
	/* Two pages: one for the bitmap, one to hand out. */
	assert_int_equal(pool_init(&pool, (u64)mem, 2 * PAGE_SIZE), 0);
	assert_non_null(pool_alloc(&pool, 1, 1));
	assert_null(pool_alloc(&pool, 1, 1));
}

static void test_alloc_zeroed_and_inside(void **state)
{
	struct page_pool pool;
	u8 *p, *q;
	unsigned long n;

	(void)state;
	assert_int_equal(pool_init(&pool, (u64)mem, 64 * PAGE_SIZE), 0);
	p = pool_alloc(&pool, 3, 1);
	assert_non_null(p);
	/* First fit right after the bitmap page. */
	assert_int_equal(page_index(&pool, p), 1);
	assert_int_equal((u64)p % PAGE_SIZE, 0);
	for (n = 0; n < 3 * PAGE_SIZE; n++)
		assert_int_equal(p[n], 0);
	/* The page after the allocation was not touched. */
	assert_int_equal(p[3 * PAGE_SIZE], 0xaa);
	assert_int_equal(pool.used, 4);
	memset(p, 0x55, 3 * PAGE_SIZE);
	pool_free(&pool, p, 3);
	assert_int_equal(pool.used, 1);
	/* Reused memory comes back zeroed. */
	q = pool_alloc(&pool, 1, 1);
	assert_ptr_equal(q, p);
	for (n = 0; n < PAGE_SIZE; n++)
		assert_int_equal(q[n], 0);
}

static void test_alignment(void **state)
{
	struct page_pool pool;
	void *a, *b, *c;

	(void)state;
	assert_int_equal(pool_init(&pool, (u64)mem, 64 * PAGE_SIZE), 0);
	a = pool_alloc(&pool, 1, 1);
	assert_int_equal(page_index(&pool, a), 1);
	b = pool_alloc(&pool, 2, 4);
	assert_non_null(b);
	assert_int_equal(page_index(&pool, b), 4);
	/* The gap before b is still usable. */
	c = pool_alloc(&pool, 2, 1);
	assert_int_equal(page_index(&pool, c), 2);
	c = pool_alloc(&pool, 1, 16);
	assert_int_equal(page_index(&pool, c), 16);
	/* Not a power of two, zero pages, zero alignment. */
	assert_null(pool_alloc(&pool, 1, 3));
	assert_null(pool_alloc(&pool, 0, 1));
	assert_null(pool_alloc(&pool, 1, 0));
	assert_int_equal(pool.used, 1 + 1 + 2 + 2 + 1);
}

/*
 * Concatenated stage-2 roots must be aligned to their size in physical
 * memory; the pool base is only page aligned (it follows the config).
 */
static void test_alignment_is_absolute(void **state)
{
	struct page_pool pool;
	u64 base = (u64)mem + PAGE_SIZE;	/* odd page address */
	void *p;

	(void)state;
	assert_int_equal(pool_init(&pool, base, 64 * PAGE_SIZE), 0);
	p = pool_alloc(&pool, 2, 2);
	assert_non_null(p);
	assert_int_equal((u64)p % (2 * PAGE_SIZE), 0);
}

static void test_exhaustion_and_baseline(void **state)
{
	static void *pages[1024];
	struct page_pool pool;
	unsigned long n = 0, k;

	(void)state;
	assert_int_equal(pool_init(&pool, (u64)mem, 1000 * PAGE_SIZE), 0);
	assert_null(pool_alloc(&pool, 1000, 1));
	assert_null(pool_alloc(&pool, 1000000, 1));
	while ((pages[n] = pool_alloc(&pool, 1, 1)))
		n++;
	assert_int_equal(n, 999);
	assert_int_equal(pool.used, 1000);
	/* Every page handed out once. */
	for (k = 0; k < n; k++)
		assert_int_equal(page_index(&pool, pages[k]), k + 1);
	for (k = 0; k < n; k += 2)
		pool_free(&pool, pages[k], 1);
	assert_int_equal(pool.used, 1000 - 500);
	/* Only isolated pages left: no two contiguous. */
	assert_null(pool_alloc(&pool, 2, 1));
	for (k = 1; k < n; k += 2)
		pool_free(&pool, pages[k], 1);
	assert_int_equal(pool.used, 1);
	assert_non_null(pool_alloc(&pool, 999, 1));
	assert_int_equal(pool.used, 1000);
}

static void test_free_is_idempotent(void **state)
{
	struct page_pool pool;
	void *p;

	(void)state;
	assert_int_equal(pool_init(&pool, (u64)mem, 16 * PAGE_SIZE), 0);
	p = pool_alloc(&pool, 2, 1);
	pool_free(&pool, p, 2);
	pool_free(&pool, p, 2);
	assert_int_equal(pool.used, 1);
	/* Freeing past the end of the pool stops at the end. */
	p = pool_alloc(&pool, 1, 8);
	assert_int_equal(page_index(&pool, p), 8);
	pool_free(&pool, p, 100);
	assert_int_equal(pool.used, 1);
}

/*
 * A page count so large that start + num wraps must fail cleanly. Run in
 * a child: the failure mode is a wild memset.
 */
static void test_huge_count_rejected(void **state)
{
	struct page_pool pool;
	int status;
	pid_t pid;

	(void)state;
	assert_int_equal(pool_init(&pool, (u64)mem, 16 * PAGE_SIZE), 0);
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		void *p = pool_alloc(&pool, ~0UL, 1);

		_exit(p == NULL && pool.used == 1 ? 0 : 1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_sizes),
		cmocka_unit_test(test_init_rejects),
		cmocka_unit_test(test_alloc_zeroed_and_inside),
		cmocka_unit_test(test_alignment),
		cmocka_unit_test(test_alignment_is_absolute),
		cmocka_unit_test(test_exhaustion_and_baseline),
		cmocka_unit_test(test_free_is_idempotent),
		cmocka_unit_test(test_huge_count_rejected),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
