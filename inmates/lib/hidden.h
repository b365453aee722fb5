/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Forced into every file: all symbols are local to the image, so the
 * compiler addresses them PC-relative instead of through a GOT. */
#pragma GCC visibility push(hidden)
