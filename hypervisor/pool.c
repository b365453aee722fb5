// SPDX-License-Identifier: GPL-2.0
#include <hv/bitmap.h>
#include <hv/errno.h>
#include <hv/pool.h>
#include <hv/string.h>

struct page_pool mem_pool;

int pool_init(struct page_pool *pool, u64 base, u64 size)
{
	unsigned long pages = size / PAGE_SIZE, map_pages, n;

	if (!IS_ALIGNED(base, PAGE_SIZE) || pages < 2)
		return -ENOMEM;
	map_pages = ALIGN_UP(BITMAP_WORDS(pages) * sizeof(u64), PAGE_SIZE) /
		    PAGE_SIZE;
	if (map_pages >= pages)
		return -ENOMEM;
	pool->base = base;
	pool->pages = pages;
	pool->bitmap = (u64 *)base;
	memset(pool->bitmap, 0, map_pages * PAGE_SIZE);
	/* The bitmap lives in the pool's first pages: mark them used. */
	for (n = 0; n < map_pages; n++)
		set_bit(n, pool->bitmap);
	pool->used = map_pages;
	return 0;
}

static bool range_free(const struct page_pool *pool, unsigned long start,
		       unsigned long num)
{
	unsigned long n;

	for (n = start; n < start + num; n++)
		if (test_bit(n, pool->bitmap))
			return false;
	return true;
}

void *pool_alloc(struct page_pool *pool, unsigned long num, unsigned long align)
{
	unsigned long first = pool->base / PAGE_SIZE, start = 0, n;

	if (!num || num > pool->pages || !align || (align & (align - 1)))
		return NULL;
	for (;;) {
		start = find_next_zero_bit(pool->bitmap, pool->pages, start);
		/* Align the physical page number, not the pool index. */
		start = ALIGN_UP(first + start, align) - first;
		if (start > pool->pages - num)
			return NULL;
		if (range_free(pool, start, num))
			break;
		start++;
	}
	for (n = start; n < start + num; n++)
		set_bit(n, pool->bitmap);
	pool->used += num;
	return memset((void *)(pool->base + start * PAGE_SIZE), 0,
		      num * PAGE_SIZE);
}

void pool_free(struct page_pool *pool, void *addr, unsigned long num)
{
	unsigned long first = ((u64)addr - pool->base) / PAGE_SIZE, n;

	for (n = first; n < first + num && n < pool->pages; n++) {
		if (test_bit(n, pool->bitmap)) {
			clear_bit(n, pool->bitmap);
			pool->used--;
		}
	}
}
