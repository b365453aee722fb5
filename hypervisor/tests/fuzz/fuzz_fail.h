/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A broken invariant in a fuzzer: say which, show the hypervisor console
 * of this input and abort, so libFuzzer keeps the input as a crash.
 */
#ifndef _FUZZ_FAIL_H
#define _FUZZ_FAIL_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "fake.h"

static inline void __attribute__((format(printf, 2, 3), noreturn))
fuzz_fail(const char *fuzzer, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: INVARIANT VIOLATED: ", fuzzer);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n--- hypervisor console of this input ---\n%s\n",
		fake_uart);
	abort();
}

#endif
