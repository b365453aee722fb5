// SPDX-License-Identifier: GPL-2.0
/*
 * Console ring (include/jailhouse/console.h): the hypervisor writes, the
 * root cell reads without locks. Every byte written here is a function of
 * its absolute position, so a reader can check each byte it gets.
 */
#include <pthread.h>
#include <time.h>

#include "test.h"
#include <hv/console.h>

static char pattern(u64 pos)
{
	return (char)('!' + pos % 89);
}

/* One ring at a time; static so a failed assertion leaks nothing. */
static union {
	struct jh_console_ring ring;
	u8 bytes[sizeof(struct jh_console_ring) + 4096];
} ring_mem;

static struct jh_console_ring *ring_new(u32 size)
{
	assert_true(size <= 4096);
	memset(&ring_mem, 0, sizeof(ring_mem));
	ring_mem.ring.size = size;
	return &ring_mem.ring;
}

static void write_pattern(struct jh_console_ring *ring, size_t n)
{
	char tmp[8192];
	u64 head = ring->head;
	size_t i;

	assert_true(n <= sizeof(tmp));
	for (i = 0; i < n; i++)
		tmp[i] = pattern(head + i);
	console_ring_write(ring, tmp, n);
	assert_int_equal(ring->head, head + n);
}

/* Read and check that every byte matches its position. */
static size_t read_check(const struct jh_console_ring *ring, u64 *pos,
			 size_t size)
{
	char buf[8192];
	size_t n, i;
	u64 start;

	assert_true(size <= sizeof(buf));
	n = console_ring_read(ring, pos, buf, size);
	start = *pos - n;
	for (i = 0; i < n; i++)
		assert_int_equal(buf[i], pattern(start + i));
	return n;
}

static void test_read_what_was_written(void **state)
{
	struct jh_console_ring *ring = ring_new(64);
	char buf[64];
	u64 pos = 0;

	(void)state;
	console_ring_write(ring, "hello", 5);
	assert_int_equal(console_ring_read(ring, &pos, buf, sizeof(buf)), 5);
	assert_memory_equal(buf, "hello", 5);
	assert_int_equal(pos, 5);
	/* Nothing new: nothing read, position kept. */
	assert_int_equal(console_ring_read(ring, &pos, buf, sizeof(buf)), 0);
	assert_int_equal(pos, 5);
	console_ring_write(ring, ", world", 7);
	assert_int_equal(console_ring_read(ring, &pos, buf, sizeof(buf)), 7);
	assert_memory_equal(buf, ", world", 7);
	assert_int_equal(pos, 12);
}

static void test_wrap_around(void **state)
{
	struct jh_console_ring *ring = ring_new(16);
	u64 pos = 0;
	int round;

	(void)state;
	/* 10-byte writes against 16 bytes of ring: every write but the
	 * first few straddles the end of buf. */
	for (round = 0; round < 20; round++) {
		write_pattern(ring, 10);
		assert_int_equal(read_check(ring, &pos, 64), 10);
		assert_int_equal(pos, ring->head);
	}
	assert_int_equal(ring->head, 200);
}

static void test_small_reader_buffer(void **state)
{
	struct jh_console_ring *ring = ring_new(32);
	u64 pos = 0;

	(void)state;
	write_pattern(ring, 30);
	assert_int_equal(read_check(ring, &pos, 4), 4);
	assert_int_equal(pos, 4);
	assert_int_equal(read_check(ring, &pos, 20), 20);
	assert_int_equal(pos, 24);
	assert_int_equal(read_check(ring, &pos, 20), 6);
	assert_int_equal(pos, 30);
}

static void test_overrun_drops_oldest(void **state)
{
	struct jh_console_ring *ring = ring_new(16);
	u64 pos = 0;

	(void)state;
	write_pattern(ring, 40);
	/* Reader at 0 is 40 behind: only the newest 16 bytes exist. */
	assert_int_equal(read_check(ring, &pos, 64), 16);
	assert_int_equal(pos, 40);
	/* Behind by exactly the size: nothing is lost. */
	write_pattern(ring, 16);
	assert_int_equal(read_check(ring, &pos, 64), 16);
	assert_int_equal(pos, 56);
	/* Behind by size + 1: one byte lost. */
	write_pattern(ring, 17);
	assert_int_equal(read_check(ring, &pos, 64), 16);
	assert_int_equal(pos, 73);
}

static void test_single_write_larger_than_ring(void **state)
{
	struct jh_console_ring *ring = ring_new(8);
	u64 pos = 0;

	(void)state;
	write_pattern(ring, 21);
	assert_int_equal(read_check(ring, &pos, 64), 8);
	assert_int_equal(pos, 21);
}

static void test_position_beyond_head(void **state)
{
	struct jh_console_ring *ring = ring_new(16);
	u64 pos = 1000;

	(void)state;
	write_pattern(ring, 5);
	/* A position from the future (stale reader state) restarts at the
	 * oldest byte still present. */
	assert_int_equal(read_check(ring, &pos, 64), 5);
	assert_int_equal(pos, 5);
}

static void test_head_monotonic(void **state)
{
	struct jh_console_ring *ring = ring_new(16);
	u64 last = 0;
	size_t n;

	(void)state;
	for (n = 0; n < 50; n++) {
		write_pattern(ring, n % 23);
		assert_true(ring->head >= last);
		assert_int_equal(ring->head, last + n % 23);
		last = ring->head;
	}
}

static void test_console_write_uart_crlf(void **state)
{
	u64 pos = hv_console_ring->head;
	char buf[16];

	(void)state;
	fake_uart_reset();
	console_write("a\nb\n", 4);
	assert_string_equal(fake_uart, "a\r\nb\r\n");
	/* The ring keeps the bytes as written. */
	assert_int_equal(console_ring_read(hv_console_ring, &pos, buf,
					   sizeof(buf)), 4);
	assert_memory_equal(buf, "a\nb\n", 4);
}

/*
 * A reader racing a writer may only ever return bytes equal to what was
 * written at their position. The writer overwrites the oldest slots before
 * it publishes the new head, so a reader that is a full ring behind copies
 * slots that are being rewritten: those must be dropped.
 */
#define RACE_RING	256
#define RACE_CHUNK	200

static struct jh_console_ring *race_ring;
static volatile int race_stop;

static void *race_writer(void *arg)
{
	char chunk[RACE_CHUNK];
	u64 head;
	size_t i;

	(void)arg;
	while (!race_stop) {
		head = race_ring->head;
		for (i = 0; i < RACE_CHUNK; i++)
			chunk[i] = pattern(head + i);
		console_ring_write(race_ring, chunk, RACE_CHUNK);
	}
	return NULL;
}

static void test_concurrent_reader_sees_no_torn_bytes(void **state)
{
	struct timespec t0, now;
	char buf[RACE_RING];
	unsigned long bad = 0, reads = 0;
	pthread_t writer;
	size_t n, i;
	u64 pos = 0, start;

	(void)state;
	race_ring = ring_new(RACE_RING);
	race_stop = 0;
	assert_int_equal(pthread_create(&writer, NULL, race_writer, NULL), 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		n = console_ring_read(race_ring, &pos, buf, sizeof(buf));
		start = pos - n;
		for (i = 0; i < n; i++)
			bad += buf[i] != pattern(start + i);
		reads++;
		clock_gettime(CLOCK_MONOTONIC, &now);
	} while (now.tv_sec - t0.tv_sec < 1 && !bad);
	race_stop = 1;
	pthread_join(writer, NULL);
	if (bad)
		print_error("%lu torn byte(s) after %lu reads\n", bad, reads);
	assert_int_equal(bad, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_what_was_written),
		cmocka_unit_test(test_wrap_around),
		cmocka_unit_test(test_small_reader_buffer),
		cmocka_unit_test(test_overrun_drops_oldest),
		cmocka_unit_test(test_single_write_larger_than_ring),
		cmocka_unit_test(test_position_beyond_head),
		cmocka_unit_test(test_head_monotonic),
		cmocka_unit_test(test_console_write_uart_crlf),
		cmocka_unit_test(test_concurrent_reader_sees_no_torn_bytes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
