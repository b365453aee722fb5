/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Fixed-width types for the shared ABI. The kernel brings its own; everyone
 * else (hypervisor, tools, inmates, host tests) gets identical definitions,
 * which C11 allows to repeat, so including <linux/types.h> as well is fine.
 */
#ifndef _JAILHOUSE_TYPES_H
#define _JAILHOUSE_TYPES_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
typedef unsigned char __u8;
typedef unsigned short __u16;
typedef unsigned int __u32;
typedef unsigned long long __u64;
typedef signed char __s8;
typedef short __s16;
typedef int __s32;
typedef long long __s64;
#endif

#endif
