// SPDX-License-Identifier: GPL-2.0
/*
 * The image header (first bytes of jailhouse.bin) and the console ring,
 * which gets its own pages so the root cell can map them read-only.
 */
#include <hv/console.h>
#include <hv/percpu.h>
#include <hv/setup.h>
#include <jailhouse/header.h>
#include <jh_version.h>

_Static_assert(sizeof(JH_VERSION) <= JH_VERSION_LEN,
	       "release string too long for the image header");

#define CONSOLE_PAGES	4

extern u8 __image_start[], __image_end[], __core_end[], hv_entry[];

struct jh_hv_header hv_header __section(".header") = {
	.magic = JH_HV_MAGIC,
	.abi_version = JH_ABI_VERSION,
	.header_size = sizeof(struct jh_hv_header),
	/* image_size, core_size, entry_offset, console_offset: see the
	 * linker script, which fills them in through the symbols below. */
	.percpu_size = PERCPU_SIZE,
	.console_size = CONSOLE_PAGES * 4096,
	.version = JH_VERSION,
};

static union {
	struct jh_console_ring ring;
	u8 bytes[CONSOLE_PAGES * 4096];
} console_pages __section(".console") __aligned(4096);

struct jh_console_ring *const hv_console_ring = &console_pages.ring;

/* The ring lives in bss (not in the file): size it before the first print. */
void console_init(void)
{
	console_pages.ring.size = sizeof(console_pages) -
				  sizeof(struct jh_console_ring);
}
