// SPDX-License-Identifier: GPL-2.0
/*
 * Config validator: configs are untrusted input. Each error class must
 * come back with its errno and a message naming the problem.
 */
#include "test.h"
#include "cfgbuild.h"
#include <hv/config.h>

static u64 buf64[CFG_BUF_SIZE / 8];
static u8 *const buf = (u8 *)buf64;
static struct jh_system_config *const sys = (void *)buf64;
static struct jh_cell_config *const cell = (void *)buf64;
static u32 size;

static int check_sys(void)
{
	return config_check_system(buf, size, CFG_HV_BASE, CFG_MAX_CPUS);
}

/* A cell config is checked as the cell-create path will. */
static int check_cell(void)
{
	int err = config_check_header(buf, size, JH_CONFIG_KIND_CELL);

	if (err)
		return err;
	if (cell->hdr.total_size < sizeof(*cell))
		return -JH_ENODATA;
	return config_check_cell_desc(&cell->cell, cell->hdr.total_size -
				 sizeof(cell->hdr), NULL, CFG_MAX_CPUS);
}

static void make_sys(void)
{
	size = cfg_make_system(buf, CFG_HV_BASE, CFG_HV_SIZE, 5, 2);
	fake_uart_reset();
}

/* Change a field, reseal, expect @err and @msg on the console. */
#define EXPECT_SYS(err, msg) do {					\
	cfg_seal(buf);							\
	fake_uart_reset();						\
	assert_int_equal(check_sys(), (err));				\
	assert_non_null(strstr(fake_uart, (msg)));			\
	make_sys();							\
} while (0)

#define EXPECT_CELL(err, msg) do {					\
	cfg_seal(buf);							\
	fake_uart_reset();						\
	assert_int_equal(check_cell(), (err));				\
	assert_non_null(strstr(fake_uart, (msg)));			\
	size = cfg_make_cell(buf, 3, 1);				\
} while (0)

#define ROOT_REGION(n)	cfg_region(&sys->root_cell, (n))

static void test_valid_system(void **state)
{
	unsigned int nr, ni;

	(void)state;
	/* From 3 regions on: the root cell must map its GIC and console. */
	for (nr = 3; nr < 42; nr += 13) {
		for (ni = 0; ni < 5; ni += 2) {
			size = cfg_make_system(buf, CFG_HV_BASE, CFG_HV_SIZE,
					       nr, ni);
			assert_int_equal(size, 264 + nr * 32 + ni * 8);
			assert_int_equal(check_sys(), 0);
		}
	}
	/* The largest config the limits allow. */
	size = cfg_make_system(buf, CFG_HV_BASE, CFG_HV_SIZE,
			       JH_MAX_MEM_REGIONS, JH_MAX_IRQ_RANGES);
	assert_int_equal(check_sys(), 0);
	/* Trailing bytes past total_size are ignored. */
	make_sys();
	assert_int_equal(config_check_system(buf, size + 100, CFG_HV_BASE,
					     CFG_MAX_CPUS), 0);
}

static void test_valid_cell(void **state)
{
	(void)state;
	size = cfg_make_cell(buf, 3, 1);
	assert_int_equal(size, 136 + 3 * 32 + 8);
	assert_int_equal(check_cell(), 0);
	size = cfg_make_cell(buf, 0, 0);
	assert_int_equal(check_cell(), 0);
}

static void test_truncated(void **state)
{
	(void)state;
	make_sys();
	assert_int_equal(config_check_system(buf, 0, CFG_HV_BASE, 4),
			 -JH_ENODATA);
	assert_int_equal(config_check_system(buf, 23, CFG_HV_BASE, 4),
			 -JH_ENODATA);
	assert_int_equal(config_check_system(buf, size - 1, CFG_HV_BASE, 4),
			 -JH_ENODATA);
	assert_non_null(strstr(fake_uart, "truncated"));
	/* total_size below the header, above the limit. */
	sys->hdr.total_size = 20;
	assert_int_equal(config_check_system(buf, size, CFG_HV_BASE, 4),
			 -JH_ENODATA);
	sys->hdr.total_size = JH_CONFIG_MAX_SIZE + 8;
	assert_int_equal(config_check_system(buf, JH_CONFIG_MAX_SIZE + 16,
					     CFG_HV_BASE, 4), -JH_ENODATA);
	make_sys();
	/* Whole header, checksum fine, but no room for jh_system. */
	sys->hdr.total_size = 200;
	size = 200;
	EXPECT_SYS(-JH_ENODATA, "truncated system config");
}

static void test_arrays_must_match_size(void **state)
{
	(void)state;
	make_sys();
	sys->root_cell.num_memory_regions++;
	EXPECT_SYS(-JH_ENODATA, "do not match");
	sys->root_cell.num_irq_ranges--;
	EXPECT_SYS(-JH_ENODATA, "do not match");
	sys->root_cell.num_irq_ranges++;
	EXPECT_SYS(-JH_ENODATA, "do not match");
	/* Counts that would overflow a 32-bit size computation. */
	sys->root_cell.num_memory_regions = 0x08000000;
	EXPECT_SYS(-JH_ENODATA, "do not match");
	sys->root_cell.num_irq_ranges = 0xffffffff;
	EXPECT_SYS(-JH_ENODATA, "do not match");
	/* More regions than allowed, even with a matching size. */
	size = cfg_make_system(buf, CFG_HV_BASE, CFG_HV_SIZE,
			       JH_MAX_MEM_REGIONS + 1, 0);
	fake_uart_reset();
	assert_int_equal(check_sys(), -JH_ENODATA);
	size = cfg_make_system(buf, CFG_HV_BASE, CFG_HV_SIZE, 1,
			       JH_MAX_IRQ_RANGES + 1);
	assert_int_equal(check_sys(), -JH_ENODATA);
	/* config_check_cell with fewer bytes than a descriptor. */
	make_sys();
	assert_int_equal(config_check_cell_desc(&sys->root_cell, 95, NULL, 4),
			 -JH_ENODATA);
}

static void test_header_errors(void **state)
{
	(void)state;
	make_sys();
	sys->hdr.magic[0] = 'X';
	EXPECT_SYS(-JH_ENOEXEC, "magic");
	sys->hdr.revision = 1;
	EXPECT_SYS(-JH_EPROTO, "revision 1");
	sys->hdr.revision = 2;
	EXPECT_SYS(-JH_EPROTO, "revision 2");
	sys->hdr.revision = 3;
	EXPECT_SYS(-JH_EPROTO, "revision 3");
	sys->hdr.revision = 5;
	EXPECT_SYS(-JH_EPROTO, "revision 5");
	sys->hdr.revision = 0;
	EXPECT_SYS(-JH_EPROTO, "revision 0");
	sys->hdr.arch = 2;
	EXPECT_SYS(-JH_EXDEV, "architecture 2");
	sys->hdr.kind = JH_CONFIG_KIND_CELL;
	EXPECT_SYS(-JH_EINVAL, "expected kind 1");
	sys->hdr.reserved = 1;
	EXPECT_SYS(-JH_EINVAL, "kind");
	/* Magic is checked first, even with everything else wrong. */
	memset(buf, 0xff, 24);
	assert_int_equal(check_sys(), -JH_ENOEXEC);
}

static void test_checksum(void **state)
{
	unsigned int off;

	(void)state;
	make_sys();
	/* Any flipped bit anywhere in the file is caught. */
	for (off = 24; off < size; off += 7) {
		buf[off] ^= 0x10;
		fake_uart_reset();
		assert_int_equal(check_sys(), -JH_EBADMSG);
		assert_non_null(strstr(fake_uart, "checksum"));
		buf[off] ^= 0x10;
	}
	sys->hdr.checksum ^= 1;
	assert_int_equal(check_sys(), -JH_EBADMSG);
	make_sys();
	/* The checksum covers total_size bytes, not the buffer. */
	buf[size] = 0x5a;
	assert_int_equal(config_check_system(buf, size + 1, CFG_HV_BASE,
					     CFG_MAX_CPUS), 0);
}

static void test_overlap_with_hypervisor(void **state)
{
	(void)state;
	make_sys();
	ROOT_REGION(3)->phys_start = CFG_HV_BASE;
	ROOT_REGION(3)->virt_start = CFG_HV_BASE;
	EXPECT_SYS(-JH_EADDRNOTAVAIL, "overlaps hypervisor memory");
	/* Ending one page into the hypervisor. */
	ROOT_REGION(3)->phys_start = CFG_HV_BASE - 0xf000;
	ROOT_REGION(3)->virt_start = CFG_HV_BASE - 0xf000;
	EXPECT_SYS(-JH_EADDRNOTAVAIL, "region 3");
	/* Starting at its last page. */
	ROOT_REGION(3)->phys_start = CFG_HV_BASE + CFG_HV_SIZE - 0x1000;
	ROOT_REGION(3)->virt_start = CFG_HV_BASE + CFG_HV_SIZE - 0x1000;
	EXPECT_SYS(-JH_EADDRNOTAVAIL, "overlaps");
	/* Covering it entirely. */
	ROOT_REGION(0)->phys_start = 0;
	ROOT_REGION(0)->virt_start = 0;
	ROOT_REGION(0)->size = 4 * CFG_HV_BASE;
	EXPECT_SYS(-JH_EADDRNOTAVAIL, "overlaps");
	/* Adjacent on both sides is fine: RAM (region 0) ends at the base. */
	ROOT_REGION(4)->phys_start = CFG_HV_BASE + CFG_HV_SIZE;
	ROOT_REGION(4)->virt_start = CFG_HV_BASE + CFG_HV_SIZE;
	cfg_seal(buf);
	assert_int_equal(check_sys(), 0);
}

/* Root regions overlapping each other are refused. */
static void test_root_regions_overlap(void **state)
{
	(void)state;
	make_sys();
	ROOT_REGION(3)->phys_start = 0x40000000 + 0x100000;
	ROOT_REGION(3)->virt_start = 0x40000000 + 0x100000;
	EXPECT_SYS(-JH_EINVAL, "regions 0 and 3 overlap");
}

/* GICv3 needs its redistributors. */
static void test_gicv3_without_gicr(void **state)
{
	struct jh_system_config *sys;

	(void)state;
	make_sys();
	sys = (struct jh_system_config *)buf;
	sys->sys.platform.gic_version = 3;
	sys->sys.platform.gicr_base = 0;
	EXPECT_SYS(-JH_EINVAL, "GIC version 3");
}

static void test_region_range(void **state)
{
	(void)state;
	make_sys();
	ROOT_REGION(1)->phys_start += 0x800;
	ROOT_REGION(1)->virt_start += 0x800;
	EXPECT_SYS(-JH_ERANGE, "not page aligned");
	ROOT_REGION(2)->size = 0x1001;
	EXPECT_SYS(-JH_ERANGE, "region 2");
	ROOT_REGION(2)->size = 0;
	EXPECT_SYS(-JH_ERANGE, "empty");
	/* phys + size wraps around. */
	ROOT_REGION(4)->phys_start = 0xfffffffffff00000ULL;
	ROOT_REGION(4)->virt_start = 0xfffffffffff00000ULL;
	ROOT_REGION(4)->size = 0x200000;
	EXPECT_SYS(-JH_ERANGE, "exceeds the address space");
	/* Beyond 48 bits. */
	ROOT_REGION(4)->phys_start = 1ULL << 48;
	ROOT_REGION(4)->virt_start = 1ULL << 48;
	EXPECT_SYS(-JH_ERANGE, "exceeds");
	ROOT_REGION(4)->phys_start = (1ULL << 48) - 0x1000;
	ROOT_REGION(4)->virt_start = (1ULL << 48) - 0x1000;
	ROOT_REGION(4)->size = 0x2000;
	EXPECT_SYS(-JH_ERANGE, "exceeds");
	/* Ending exactly at 2^48 is fine. */
	ROOT_REGION(4)->phys_start = (1ULL << 48) - 0x1000;
	ROOT_REGION(4)->virt_start = (1ULL << 48) - 0x1000;
	ROOT_REGION(4)->size = 0x1000;
	cfg_seal(buf);
	assert_int_equal(check_sys(), 0);
}

static void test_cell_errors(void **state)
{
	(void)state;
	make_sys();
	ROOT_REGION(0)->flags |= 0x100;
	EXPECT_SYS(-JH_EINVAL, "unknown flags 0x100");
	sys->root_cell.flags = 4;
	EXPECT_SYS(-JH_EINVAL, "cell has unknown flags");
	sys->root_cell.cpus[0] = 0;
	EXPECT_SYS(-JH_EINVAL, "CPU set empty");
	sys->root_cell.cpus[0] = 0x1f;		/* CPU 4 of 4 */
	EXPECT_SYS(-JH_EINVAL, "beyond CPU 3");
	sys->root_cell.cpus[3] = 1ULL << 63;	/* CPU 255 */
	EXPECT_SYS(-JH_EINVAL, "beyond");
	ROOT_REGION(1)->virt_start += 0x1000;
	EXPECT_SYS(-JH_EINVAL, "identity");
	memset(sys->root_cell.name, 0, JH_CELL_NAME_LEN);
	EXPECT_SYS(-JH_EINVAL, "name");
	memset(sys->root_cell.name, 'a', JH_CELL_NAME_LEN);
	EXPECT_SYS(-JH_EINVAL, "not terminated");
	/* 31 characters and the terminator is the longest name. */
	memset(sys->root_cell.name, 'a', JH_CELL_NAME_LEN - 1);
	cfg_seal(buf);
	assert_int_equal(check_sys(), 0);
	/* The last valid CPU (with CPU 0, which root always has). */
	make_sys();
	sys->root_cell.cpus[0] = 0x9;
	cfg_seal(buf);
	assert_int_equal(check_sys(), 0);
}

static void test_irq_ranges(void **state)
{
	struct jh_irq_range *irq;

	(void)state;
	make_sys();
	irq = cfg_irq(&sys->root_cell, 1);
	irq->first = 31;
	EXPECT_SYS(-JH_EINVAL, "irq range 1");
	irq = cfg_irq(&sys->root_cell, 1);
	irq->count = 0;
	EXPECT_SYS(-JH_EINVAL, "SPIs are 32..1019");
	irq = cfg_irq(&sys->root_cell, 0);
	irq->first = 1000;
	irq->count = 21;
	EXPECT_SYS(-JH_EINVAL, "irq range 0");
	irq = cfg_irq(&sys->root_cell, 0);
	irq->first = 32;
	irq->count = 989;
	EXPECT_SYS(-JH_EINVAL, "irq range 0");
	/* The edges: 32..1019 exactly. */
	irq = cfg_irq(&sys->root_cell, 0);
	irq->first = 32;
	irq->count = 987;
	cfg_irq(&sys->root_cell, 1)->first = 1019;
	cfg_irq(&sys->root_cell, 1)->count = 1;
	cfg_seal(buf);
	assert_int_equal(check_sys(), 0);
}

/* first + count must not wrap around 2^32 into the valid range. */
static void test_irq_range_wraparound(void **state)
{
	struct jh_irq_range *irq;

	(void)state;
	make_sys();
	irq = cfg_irq(&sys->root_cell, 0);
	irq->first = 0xffffff00;
	irq->count = 0x100;
	EXPECT_SYS(-JH_EINVAL, "irq range 0");
}

static void test_system_errors(void **state)
{
	(void)state;
	assert_int_equal(config_check_system(buf, size, CFG_HV_BASE + 0x1000,
					     CFG_MAX_CPUS), -JH_EINVAL);
	make_sys();
	fake_uart_reset();
	assert_int_equal(config_check_system(buf, size, CFG_HV_BASE + 0x1000,
					     CFG_MAX_CPUS), -JH_EINVAL);
	assert_non_null(strstr(fake_uart, "hypervisor runs at 0x70001000"));
	sys->sys.hypervisor_memory.size = 0;
	EXPECT_SYS(-JH_EINVAL, "hypervisor memory");
	sys->sys.hypervisor_memory.size = CFG_HV_SIZE + 0x800;
	EXPECT_SYS(-JH_EINVAL, "hypervisor memory");
	sys->sys.console.type = 2;
	EXPECT_SYS(-JH_EINVAL, "debug console type 2");
	sys->sys.console.address = 0;
	EXPECT_SYS(-JH_EINVAL, "debug console");
	sys->sys.console.address = 0x09000800;
	EXPECT_SYS(-JH_EINVAL, "debug console");
	sys->sys.platform.gic_version = 4;
	EXPECT_SYS(-JH_EINVAL, "GIC version 4");
	sys->sys.platform.gicd_base = 0;
	EXPECT_SYS(-JH_EINVAL, "GIC");
	sys->sys.platform.gicr_base = 0x080a0100;
	EXPECT_SYS(-JH_EINVAL, "GIC");
	/* The ITS: 64 KiB aligned, both or neither of base and size. */
	make_sys();
	sys->sys.platform.gits_base = 0x08081000;
	EXPECT_SYS(-JH_EINVAL, "GIC ITS at 0x8081000");
	sys->sys.platform.gits_base = 0x08080000;
	sys->sys.platform.gits_size = 0;
	EXPECT_SYS(-JH_EINVAL, "GIC ITS");
	sys->sys.platform.gits_size = 0x18000;
	EXPECT_SYS(-JH_EINVAL, "GIC ITS");
	sys->sys.platform.gits_base = 0xffffffffffff0000ULL;
	sys->sys.platform.gits_size = 0x20000;
	EXPECT_SYS(-JH_EINVAL, "GIC ITS");
	sys->sys.platform.gits_base = 0;
	EXPECT_SYS(-JH_EINVAL, "GIC ITS");
	sys->sys.platform.gits_base = 0;	/* no ITS is fine */
	sys->sys.platform.gits_size = 0;
	cfg_seal(buf);
	assert_int_equal(check_sys(), 0);
	make_sys();
	sys->sys.platform.gicr_base = 0;
	sys->sys.platform.gic_version = 2;
	sys->sys.platform.gicc_base = 0x08010000;
	sys->sys.platform.gich_base = 0x08030000;
	sys->sys.platform.gicv_base = 0x08040000;
	EXPECT_SYS(-JH_EINVAL, "GIC ITS");
	/* No console at all is valid; so is GICv2. */
	sys->sys.console.type = JH_CONSOLE_NONE;
	sys->sys.console.address = 0;
	sys->sys.platform.gic_version = 2;
	sys->sys.platform.gicr_base = 0;
	sys->sys.platform.gicc_base = 0x08010000;
	sys->sys.platform.gich_base = 0x08030000;
	sys->sys.platform.gicv_base = 0x08040000;
	sys->sys.platform.gits_base = 0;
	sys->sys.platform.gits_size = 0;
	cfg_seal(buf);
	assert_int_equal(check_sys(), 0);
}

static void test_cell_config(void **state)
{
	(void)state;
	size = cfg_make_cell(buf, 3, 1);
	/* A system config is not a cell config and vice versa. */
	assert_int_equal(config_check_system(buf, size, CFG_HV_BASE,
					     CFG_MAX_CPUS), -JH_EINVAL);
	make_sys();
	assert_int_equal(check_cell(), -JH_EINVAL);
	size = cfg_make_cell(buf, 3, 1);
	cell->cell.num_memory_regions = 4;
	EXPECT_CELL(-JH_ENODATA, "do not match");
	cfg_region(&cell->cell, 2)->flags = 0x400;
	EXPECT_CELL(-JH_EINVAL, "unknown flags");
	cfg_region(&cell->cell, 0)->virt_start = 0x800;
	EXPECT_CELL(-JH_ERANGE, "region 0");
	cell->cell.cpus[0] = 0x10;
	EXPECT_CELL(-JH_EINVAL, "beyond CPU 3");
	/* Non-root cells need not be identity mapped. */
	cfg_region(&cell->cell, 1)->virt_start = 0x200000;
	cfg_seal(buf);
	assert_int_equal(check_cell(), 0);
}

static void test_regions_overlap(void **state)
{
	(void)state;
	assert_true(regions_overlap(0x1000, 0x1000, 0x1000, 0x1000));
	assert_true(regions_overlap(0x1000, 0x2000, 0x2000, 0x1000));
	assert_true(regions_overlap(0x2000, 0x1000, 0x1000, 0x2000));
	assert_false(regions_overlap(0x1000, 0x1000, 0x2000, 0x1000));
	assert_false(regions_overlap(0x2000, 0x1000, 0x1000, 0x1000));
	assert_false(regions_overlap(0x1000, 0, 0x1000, 0x1000));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_system),
		cmocka_unit_test(test_valid_cell),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_arrays_must_match_size),
		cmocka_unit_test(test_header_errors),
		cmocka_unit_test(test_checksum),
		cmocka_unit_test(test_overlap_with_hypervisor),
		cmocka_unit_test(test_root_regions_overlap),
		cmocka_unit_test(test_gicv3_without_gicr),
		cmocka_unit_test(test_region_range),
		cmocka_unit_test(test_cell_errors),
		cmocka_unit_test(test_irq_ranges),
		cmocka_unit_test(test_irq_range_wraparound),
		cmocka_unit_test(test_system_errors),
		cmocka_unit_test(test_cell_config),
		cmocka_unit_test(test_regions_overlap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
