// SPDX-License-Identifier: GPL-2.0
/*
 * Generic page tables with the fake entry format of fake/arch.c. Tables
 * come from mem_pool, so pool usage tells how many tables exist.
 */
#include "test.h"
#include <hv/paging.h>
#include <hv/pool.h>

#define G	(1ULL << 30)
#define M2	(2ULL << 20)
#define K4	0x1000ULL
#define RW	(PAGE_READ | PAGE_WRITE)

static struct page_table pt;
static unsigned long baseline;		/* pool pages used before create */

static int setup(void **state)
{
	(void)state;
	fake_pool_setup(2048);
	baseline = mem_pool.used;
	memset(&pt, 0, sizeof(pt));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fake_pool_teardown();
	return 0;
}

/* Leaf entry for @virt and its level, or 0 if unmapped. */
static pte_t walk(u64 virt, unsigned int *level)
{
	unsigned int lvl = pt.root_level;
	unsigned int entries = PTES_PER_TABLE * pt.root_pages;
	const pte_t *table = pt.root;
	pte_t pte;

	for (;;) {
		pte = table[(virt >> paging_level_shift(lvl)) & (entries - 1)];
		if (!(pte & FAKE_PTE_VALID))
			return 0;
		if (lvl == 3 || !(pte & FAKE_PTE_TABLE))
			break;
		table = (const pte_t *)(pte & FAKE_PTE_ADDR_MASK);
		lvl++;
		entries = PTES_PER_TABLE;
	}
	*level = lvl;
	return pte;
}

static unsigned int leaf_level(u64 virt)
{
	unsigned int level = 99;

	assert_true(walk(virt, &level) != 0);
	return level;
}

static void assert_maps(u64 virt, u64 phys, unsigned long flags)
{
	unsigned long got_flags = 0;
	u64 got = 0;

	assert_true(paging_lookup(&pt, virt, &got, &got_flags));
	assert_int_equal(got, phys);
	assert_int_equal(got_flags, flags);
}

static void assert_unmapped(u64 virt)
{
	u64 got;

	assert_false(paging_lookup(&pt, virt, &got, NULL));
}

static void create(unsigned int root_level, unsigned int root_pages)
{
	assert_int_equal(paging_create(&pt, &fake_format, root_level,
				       root_pages), 0);
	assert_int_equal(mem_pool.used, baseline + root_pages);
	assert_int_equal(paging_count_tables(&pt), root_pages);
}

static void test_create_destroy(void **state)
{
	(void)state;
	create(0, 1);
	assert_non_null(pt.root);
	assert_unmapped(0);
	paging_destroy(&pt);
	assert_null(pt.root);
	assert_int_equal(mem_pool.used, baseline);
	/* Concatenated roots are aligned to their size. */
	create(1, 2);
	assert_int_equal((u64)pt.root % (2 * PAGE_SIZE), 0);
	paging_destroy(&pt);
	assert_int_equal(mem_pool.used, baseline);
}

static void test_gib_blocks(void **state)
{
	(void)state;
	create(0, 1);
	assert_int_equal(paging_map(&pt, G, G, 2 * G, RW), 0);
	/* Root + one level-1 table holding two 1 GiB blocks. */
	assert_int_equal(paging_count_tables(&pt), 2);
	assert_int_equal(mem_pool.used, baseline + 2);
	assert_int_equal(leaf_level(G), 1);
	assert_int_equal(leaf_level(2 * G + 5 * M2), 1);
	assert_maps(G, G, RW);
	assert_maps(3 * G - 1, 3 * G - 1, RW);
	assert_maps(G + 0x12345, G + 0x12345, RW);
	assert_unmapped(G - 1);
	assert_unmapped(3 * G);
	paging_destroy(&pt);
	assert_int_equal(mem_pool.used, baseline);

	/* Level-1 root: the blocks go straight into the root. */
	create(1, 1);
	assert_int_equal(paging_map(&pt, G, 5 * G, 2 * G, PAGE_READ), 0);
	assert_int_equal(paging_count_tables(&pt), 1);
	assert_maps(G, 5 * G, PAGE_READ);
	assert_maps(3 * G - K4, 7 * G - K4, PAGE_READ);
	paging_destroy(&pt);
}

static void test_mixed_blocks(void **state)
{
	u64 start = 0x1ff000, size = 2 * M2 + 2 * K4;

	(void)state;
	create(1, 1);
	/* 4K page, two 2M blocks, 4K page. */
	assert_int_equal(paging_map(&pt, start, start + G, size,
				    PAGE_READ | PAGE_EXEC), 0);
	assert_int_equal(leaf_level(start), 3);
	assert_int_equal(leaf_level(0x200000), 2);
	assert_int_equal(leaf_level(0x400000), 2);
	assert_int_equal(leaf_level(0x600000), 3);
	/* Root, one level-2 table, two level-3 tables. */
	assert_int_equal(paging_count_tables(&pt), 4);
	assert_int_equal(mem_pool.used, baseline + 4);
	assert_maps(start, start + G, PAGE_READ | PAGE_EXEC);
	assert_maps(start + size - 1, start + size - 1 + G,
		    PAGE_READ | PAGE_EXEC);
	assert_unmapped(start - 1);
	assert_unmapped(start + size);
	paging_destroy(&pt);
	assert_int_equal(mem_pool.used, baseline);
}

static void test_misaligned_phys_uses_pages(void **state)
{
	(void)state;
	create(1, 1);
	/* virt is 2M aligned, phys is not: only 4K pages fit. */
	assert_int_equal(paging_map(&pt, M2, M2 + K4, M2, RW), 0);
	assert_int_equal(leaf_level(M2), 3);
	assert_int_equal(leaf_level(2 * M2 - K4), 3);
	assert_int_equal(paging_count_tables(&pt), 3);
	assert_maps(M2 + 0x10, M2 + K4 + 0x10, RW);
	assert_maps(2 * M2 - 1, 2 * M2 + K4 - 1, RW);
	paging_destroy(&pt);
}

static void test_device_flags(void **state)
{
	(void)state;
	create(1, 1);
	assert_int_equal(paging_map(&pt, 0x09000000, 0x09000000, K4,
				    RW | PAGE_DEVICE), 0);
	assert_maps(0x09000000, 0x09000000, RW | PAGE_DEVICE);
	paging_destroy(&pt);
}

static void test_unmap_splits_block(void **state)
{
	(void)state;
	create(1, 1);
	assert_int_equal(paging_map(&pt, G, 3 * G, G, RW), 0);
	assert_int_equal(paging_count_tables(&pt), 1);
	assert_int_equal(paging_unmap(&pt, G + M2, K4), 0);
	/* The block became 511 x 2M + 511 x 4K around the hole. */
	assert_int_equal(paging_count_tables(&pt), 3);
	assert_unmapped(G + M2);
	assert_unmapped(G + M2 + K4 - 1);
	assert_maps(G + M2 + K4, 3 * G + M2 + K4, RW);
	assert_maps(G + M2 - 1, 3 * G + M2 - 1, RW);
	assert_maps(G, 3 * G, RW);
	assert_maps(2 * G - 1, 4 * G - 1, RW);
	assert_int_equal(leaf_level(G), 2);
	assert_int_equal(leaf_level(G + 2 * M2), 2);
	assert_int_equal(leaf_level(G + M2 + K4), 3);

	/* Unmapping the rest frees every table below the root. */
	assert_int_equal(paging_unmap(&pt, G, G), 0);
	assert_int_equal(paging_count_tables(&pt), 1);
	assert_int_equal(mem_pool.used, baseline + 1);
	assert_unmapped(G);
	paging_destroy(&pt);
	assert_int_equal(mem_pool.used, baseline);
}

static void test_unmap_in_pieces_returns_to_baseline(void **state)
{
	u64 start = 0x1ff000, size = 2 * M2 + 2 * K4;

	(void)state;
	create(0, 1);
	assert_int_equal(paging_map(&pt, start, start, size, RW), 0);
	assert_int_equal(paging_map(&pt, 8 * G, 8 * G, G + M2, RW), 0);
	assert_int_equal(paging_unmap(&pt, start, K4), 0);
	assert_int_equal(paging_unmap(&pt, 0x300000, 0x180000), 0);
	assert_maps(0x2ff000, 0x2ff000, RW);
	assert_unmapped(0x300000);
	assert_maps(0x480000, 0x480000, RW);
	assert_int_equal(paging_unmap(&pt, 0, 2 * G), 0);
	assert_int_equal(paging_unmap(&pt, 8 * G, G + M2), 0);
	assert_int_equal(paging_count_tables(&pt), 1);
	assert_int_equal(mem_pool.used, baseline + 1);
	/* Unmapping nothing is fine and changes nothing. */
	assert_int_equal(paging_unmap(&pt, 100 * G, G), 0);
	assert_int_equal(mem_pool.used, baseline + 1);
	paging_destroy(&pt);
	assert_int_equal(mem_pool.used, baseline);
}

static void test_remap_replaces(void **state)
{
	(void)state;
	create(1, 1);
	assert_int_equal(paging_map(&pt, 0, 0x10000000, M2, RW), 0);
	assert_int_equal(paging_map(&pt, 0x5000, 0x20005000, K4, PAGE_READ), 0);
	assert_maps(0x5000, 0x20005000, PAGE_READ);
	assert_maps(0x6000, 0x10006000, RW);
	assert_int_equal(paging_count_tables(&pt), 3);
	/* A 2M block over the page table frees that table. */
	assert_int_equal(paging_map(&pt, 0, 0x40000000, M2, RW), 0);
	assert_int_equal(paging_count_tables(&pt), 2);
	assert_int_equal(mem_pool.used, baseline + 2);
	assert_maps(0x5000, 0x40005000, RW);
	paging_destroy(&pt);
	assert_int_equal(mem_pool.used, baseline);
}

/* Cell create takes a hole out of a root block; destroy puts it back. */
static void test_remap_hole_merges_back(void **state)
{
	unsigned long used;

	(void)state;
	create(1, 1);
	assert_int_equal(paging_map(&pt, G, G, G, RW), 0);
	used = mem_pool.used;
	assert_int_equal(paging_unmap(&pt, G + 3 * M2 + 16 * K4, 4 * K4), 0);
	assert_int_equal(paging_count_tables(&pt), 3);
	assert_int_equal(paging_map(&pt, G + 3 * M2 + 16 * K4,
				    G + 3 * M2 + 16 * K4, 4 * K4, RW), 0);
	assert_int_equal(paging_count_tables(&pt), 1);
	assert_int_equal(leaf_level(G + 5 * M2), 1);
	assert_int_equal(mem_pool.used, used);
	/* Different flags or a shifted address must not merge. */
	assert_int_equal(paging_unmap(&pt, G, K4), 0);
	assert_int_equal(paging_map(&pt, G, G, K4, PAGE_READ), 0);
	assert_int_equal(paging_count_tables(&pt), 3);
	assert_int_equal(paging_map(&pt, G, 5 * G, K4, RW), 0);
	assert_int_equal(paging_count_tables(&pt), 3);
	assert_int_equal(paging_map(&pt, G, G, K4, RW), 0);
	assert_int_equal(paging_count_tables(&pt), 1);
	assert_int_equal(mem_pool.used, used);
	paging_destroy(&pt);
	assert_int_equal(mem_pool.used, baseline);
}

static void test_invalid_arguments(void **state)
{
	(void)state;
	create(1, 1);
	assert_int_equal(paging_map(&pt, 0x800, 0, K4, RW), -JH_EINVAL);
	assert_int_equal(paging_map(&pt, 0, 0x800, K4, RW), -JH_EINVAL);
	assert_int_equal(paging_map(&pt, 0, 0, 0x800, RW), -JH_EINVAL);
	assert_int_equal(paging_map(&pt, 0, 0, 0, RW), -JH_EINVAL);
	assert_int_equal(paging_map(&pt, ~0ULL - K4 + 1, 0, 2 * K4, RW),
			 -JH_EINVAL);
	/* A level-1 root covers 512 GiB. */
	assert_int_equal(paging_map(&pt, 512 * G, 0, K4, RW), -JH_EINVAL);
	assert_int_equal(paging_map(&pt, 511 * G, 0, G + K4, RW), -JH_EINVAL);
	assert_int_equal(paging_map(&pt, 512 * G - K4, 0, K4, RW), 0);
	assert_maps(512 * G - 1, K4 - 1, RW);
	assert_false(paging_lookup(&pt, 512 * G, NULL, NULL));
	assert_false(paging_lookup(&pt, ~0ULL, NULL, NULL));
	assert_int_equal(paging_unmap(&pt, 0x800, K4), -JH_EINVAL);
	assert_int_equal(paging_unmap(&pt, 0, 0), -JH_EINVAL);
	assert_int_equal(paging_unmap(&pt, 512 * G, K4), -JH_EINVAL);
	assert_int_equal(paging_unmap(&pt, ~0ULL - K4 + 1, 2 * K4),
			 -JH_EINVAL);
	paging_destroy(&pt);
	assert_int_equal(mem_pool.used, baseline);
}

static void test_concatenated_root(void **state)
{
	(void)state;
	create(1, 2);
	/* 1 TiB of input space: the second root page holds 512G..1T. */
	assert_int_equal(paging_map(&pt, 512 * G, G, G, RW), 0);
	assert_int_equal(paging_map(&pt, 1024 * G - M2, 0, M2, PAGE_READ), 0);
	assert_int_equal(pt.root[512] & FAKE_PTE_ADDR_MASK, G);
	assert_maps(512 * G + 7, G + 7, RW);
	assert_maps(1024 * G - 1, M2 - 1, PAGE_READ);
	assert_unmapped(0);
	assert_unmapped(511 * G);
	assert_int_equal(paging_map(&pt, 1024 * G, 0, K4, RW), -JH_EINVAL);
	assert_int_equal(paging_unmap(&pt, 512 * G + K4, K4), 0);
	assert_unmapped(512 * G + K4);
	assert_maps(512 * G + 2 * K4, G + 2 * K4, RW);
	assert_int_equal(paging_count_tables(&pt), 2 + 1 + 1 + 1);
	paging_destroy(&pt);
	assert_int_equal(mem_pool.used, baseline);
}

static void test_out_of_memory(void **state)
{
	(void)state;
	fake_pool_teardown();
	fake_pool_setup(4);	/* bitmap + root + 2 tables */
	baseline = mem_pool.used;
	create(1, 1);
	/* Needs a level-2 and two level-3 tables: one too many. */
	assert_int_equal(paging_map(&pt, 0x1ff000, 0x1ff000, M2 + 2 * K4, RW),
			 -JH_ENOMEM);
	assert_int_equal(paging_unmap(&pt, 0, G), 0);
	assert_int_equal(mem_pool.used, baseline + 1);
	paging_destroy(&pt);
	assert_int_equal(mem_pool.used, baseline);
}

/*
 * Random maps and unmaps in a 16 MiB window against a per-page model; at
 * the end the tables must be gone again.
 */
#define WIN_PAGES	4096

static void test_random_against_model(void **state)
{
	static u64 model[WIN_PAGES];	/* phys | flags << 1 | 1, 0: none */
	u64 base = 5 * G, phys, got;
	unsigned long flags, got_flags;
	unsigned int op, first, num, n;

	(void)state;
	srand(1234);
	memset(model, 0, sizeof(model));
	create(1, 1);
	for (op = 0; op < 400; op++) {
		if (rand() % 3) {
			first = rand() % WIN_PAGES;
			num = 1 + rand() % (WIN_PAGES - first);
		} else {
			first = (rand() % 8) * 512;
			num = 512 * (1 + rand() % ((WIN_PAGES - first) / 512));
		}
		if (rand() % 2) {
			phys = (u64)(rand() % 64) * (rand() % 2 ? M2 : K4);
			flags = 1 + rand() % 15;
			assert_int_equal(paging_map(&pt, base + first * K4,
						    phys, num * K4, flags), 0);
			for (n = 0; n < num; n++)
				model[first + n] = (phys + n * K4) |
						   flags << 1 | 1;
		} else {
			assert_int_equal(paging_unmap(&pt, base + first * K4,
						      num * K4), 0);
			for (n = 0; n < num; n++)
				model[first + n] = 0;
		}
		for (n = 0; n < WIN_PAGES; n += 1 + rand() % 7) {
			bool mapped = paging_lookup(&pt, base + n * K4 + 8,
						    &got, &got_flags);

			assert_int_equal(mapped, model[n] & 1);
			if (mapped) {
				assert_int_equal(got, (model[n] & PAGE_MASK) + 8);
				assert_int_equal(got_flags,
						 (model[n] & 0xfff) >> 1);
			}
		}
	}
	assert_int_equal(paging_unmap(&pt, base, WIN_PAGES * K4), 0);
	assert_int_equal(paging_count_tables(&pt), 1);
	assert_int_equal(mem_pool.used, baseline + 1);
	paging_destroy(&pt);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_create_destroy),
		T(test_gib_blocks),
		T(test_mixed_blocks),
		T(test_misaligned_phys_uses_pages),
		T(test_device_flags),
		T(test_unmap_splits_block),
		T(test_unmap_in_pieces_returns_to_baseline),
		T(test_remap_replaces),
		T(test_remap_hole_merges_back),
		T(test_invalid_arguments),
		T(test_concatenated_root),
		T(test_out_of_memory),
		T(test_random_against_model),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
