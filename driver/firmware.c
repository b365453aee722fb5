// SPDX-License-Identifier: GPL-2.0
/*
 * Checks of the hypervisor image (jailhouse.bin) header before a byte of
 * it is copied. Every problem is -ELIBBAD (the file is not a usable image)
 * except a well-formed image of another release, which is -ENOPKG: the
 * matching package (jailhouse-firmware of the module's version) is missing.
 */
#include <linux/errno.h>
#include <linux/firmware.h>
#include <linux/stddef.h>
#include <linux/string.h>
#include "driver.h"

#define JH_MAX_CORE_SIZE	(64ULL << 20)
#define JH_MAX_PERCPU_SIZE	(1ULL << 20)
#define JH_HINT_IMAGE		"hint: reinstall /lib/firmware/" JH_FIRMWARE_NAME " from the same build as the driver"

static bool jh_page_aligned(u64 v)
{
	return !(v & (JH_PAGE_SIZE - 1));
}

static int jh_image_bad(const char *what)
{
	return jh_refuse(-ELIBBAD, "hypervisor image %s: %s; " JH_HINT_IMAGE,
			 JH_FIRMWARE_NAME, what);
}

static int jh_check_layout(const struct jh_hv_header *h)
{
	if (!jh_page_aligned(h->core_size) || h->core_size < h->image_size ||
	    h->core_size > JH_MAX_CORE_SIZE)
		return jh_image_bad("core_size is misaligned, smaller than the image or too large");
	if (!h->percpu_size || !jh_page_aligned(h->percpu_size) ||
	    h->percpu_size > JH_MAX_PERCPU_SIZE)
		return jh_image_bad("percpu_size is zero, misaligned or too large");
	if (h->entry_offset < h->header_size ||
	    h->entry_offset >= h->image_size || h->entry_offset % 4)
		return jh_image_bad("entry_offset is outside the image or misaligned");
	if (!h->console_size || !jh_page_aligned(h->console_offset) ||
	    !jh_page_aligned(h->console_size) ||
	    h->console_offset > h->core_size ||
	    h->console_size > h->core_size - h->console_offset ||
	    h->console_size <= sizeof(struct jh_console_ring))
		return jh_image_bad("console ring is misaligned or outside the core");
	return 0;
}

/*
 * Checked after the checksum, so the message names a real build and not
 * random bytes. Another release may keep the same header ABI and still
 * differ in what it expects from the driver: only matched pairs are tested.
 */
static int jh_check_version(const struct jh_hv_header *h)
{
	if (strnlen(h->version, JH_VERSION_LEN) == JH_VERSION_LEN)
		return jh_image_bad("version string is not terminated");
	if (strcmp(h->version, JH_VERSION))
		return jh_refuse(-ENOPKG,
				 "hypervisor image %s is version %s, driver is version %s; " JH_HINT_IMAGE,
				 JH_FIRMWARE_NAME, h->version, JH_VERSION);
	return 0;
}

int jh_image_check(const struct firmware *fw)
{
	const struct jh_hv_header *h = (const void *)fw->data;
	u32 crc;

	if (fw->size < sizeof(*h))
		return jh_image_bad("file is shorter than its header");
	if (memcmp(h->magic, JH_HV_MAGIC, JH_HV_MAGIC_LEN))
		return jh_image_bad("no JHHYPERV magic");
	if (h->abi_version != JH_ABI_VERSION)
		return jh_refuse(-ELIBBAD,
				 "hypervisor image ABI version %u, driver speaks %u; " JH_HINT_IMAGE,
				 h->abi_version, JH_ABI_VERSION);
	if (h->header_size != sizeof(*h))
		return jh_image_bad("header_size does not match this driver");
	if (h->image_size != fw->size)
		return jh_refuse(-ELIBBAD,
				 "hypervisor image says %llu bytes, file has %zu; " JH_HINT_IMAGE,
				 h->image_size, fw->size);
	crc = jh_crc32_zeroed(fw->data, fw->size,
			      offsetof(struct jh_hv_header, image_checksum));
	if (crc != h->image_checksum)
		return jh_refuse(-ELIBBAD,
				 "hypervisor image checksum %#010x does not match its contents (%#010x); " JH_HINT_IMAGE,
				 h->image_checksum, crc);
	return jh_check_version(h) ?: jh_check_layout(h);
}
