/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HV_PRINTK_H
#define _HV_PRINTK_H

#include <hv/types.h>
#include <stdarg.h>

void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Errors carry their origin when the hypervisor is built with
 * CONFIG_DEBUG=1: "error -22 at config.c:42". Use as `return trace_error(-EINVAL);`.
 */
#ifdef CONFIG_DEBUG
#define trace_error(code) \
	({ printk("  error %d at %s:%d\n", (int)(code), __FILE__, __LINE__); (code); })
#else
#define trace_error(code) (code)
#endif

#endif
