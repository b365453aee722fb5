/* SPDX-License-Identifier: GPL-2.0 */
/* The -d DTB fuzzer (fuzz_dtb.c) and its own structural DTB check. */
#ifndef _JH_TOOLS_FUZZ_DTB_H
#define _JH_TOOLS_FUZZ_DTB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "../linux_cell.h"

/* The cell that input byte @sel stands for. */
void fuzz_dtb_params(uint8_t sel, struct lc_params *p);
/*
 * NULL if @blob is a well formed DTB as lc_patch_dtb (@generated false)
 * or lc_make_dtb (true) must write it for @p, else what is wrong.
 */
const char *fuzz_dtb_check(const void *blob, size_t size,
			   const struct lc_params *p, bool generated);

/* libFuzzer's: its own mutations of @data, and our hook (fuzz_dtb_mutate.c). */
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size,
			       unsigned int seed);

#endif
