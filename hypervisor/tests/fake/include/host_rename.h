/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Forced into every core object built for the host: the core brings its
 * own memcpy/printf family, which must not replace the C library's inside
 * cmocka, libFuzzer and the sanitizer runtimes. Tests call them as hv_*.
 */
#define memcpy		hv_memcpy
#define memset		hv_memset
#define memcmp		hv_memcmp
#define strnlen		hv_strnlen
#define vsnprintf	hv_vsnprintf
#define snprintf	hv_snprintf
