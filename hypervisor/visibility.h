/* SPDX-License-Identifier: GPL-2.0 */
/* Included before every file: all symbols are local to the image, so the
 * compiler uses PC-relative addressing instead of GOT entries. */
#pragma GCC visibility push(hidden)
