/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HV_CRC32_H
#define _HV_CRC32_H

#include <hv/types.h>

/* CRC-32 (IEEE 802.3, as zlib), continuing from @crc (start with 0). */
u32 crc32(u32 crc, const void *buf, size_t len);

#endif
