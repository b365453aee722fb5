// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * cell-scrub: memory remanence between cells (Documentation/isolation.md).
 * Command line "fill": write a pattern over the cell's RAM above the image
 * (from=0x20000 up to end=0x100000, the 1 MiB of cell-a and cell-b) and
 * over the tail of the comm page, which the comm protocol does not use,
 * and read it back. "check": a new cell on the same memory expects that
 * RAM to be zero. Root reads the destroyed cell's memory itself (the
 * hypervisor rewrites the comm page on every start, so only root can see
 * what a cell left there).
 */
#include <inmate.h>

#define PATTERN		0x5ca1ab1e0ddba115ULL
#define COMM_TAIL	0xf00	/* offset in the comm page, up to its end */
#define PAGE		0x1000

/* First word in [from, to) that is not @expect, or 0. */
static u64 first_other(u64 from, u64 to, u64 expect)
{
	volatile u64 *p;

	for (p = (volatile u64 *)from; (u64)p < to; p++)
		if (*p != expect)
			return (u64)p;
	return 0;
}

static void fill(u64 from, u64 to, u64 value)
{
	volatile u64 *p;

	for (p = (volatile u64 *)from; (u64)p < to; p++)
		*p = value;
	dsb_sy();
}

void inmate_main(void)
{
	u64 from = cmdline_parse_int("from", 0x20000);
	u64 to = cmdline_parse_int("end", 0x100000);
	u64 comm = (u64)comm_region(), bad;

	if (cmdline_parse_bool("fill", false)) {
		test_init("scrub-fill");
		fill(from, to, PATTERN);
		bad = first_other(from, to, PATTERN);
		TEST_CHECK(!bad, "ram_written", "0x%llx reads 0x%llx", bad,
			   bad ? *(volatile u64 *)bad : 0);
		TEST_CHECK(comm, "comm_present", "no comm region");
		if (comm) {
			fill(comm + COMM_TAIL, comm + PAGE, PATTERN);
			bad = first_other(comm + COMM_TAIL, comm + PAGE,
					  PATTERN);
			TEST_CHECK(!bad, "comm_written", "0x%llx", bad);
		}
	} else {
		test_init("scrub-check");
		bad = first_other(from, to, 0);
		TEST_CHECK(!bad, "ram_zero",
			   "0x%llx reads 0x%llx: the last cell's data", bad,
			   bad ? *(volatile u64 *)bad : 0);
	}
	test_done();
	inmate_finish();
}
