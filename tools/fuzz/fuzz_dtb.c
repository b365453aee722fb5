// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for the -d path of "jailhouse cell linux": a user's
 * DTB patched for a cell (lc_patch_dtb in tools/linux_dtb.c, the
 * virtio-mmio checks of tools/linux_dtbvirtio.c, the reader and writer of
 * tools/fdt.c), all linked from the CLI's own sources.
 *
 * Input: byte 0 picks the cell (fuzz_dtb_params()), the rest is the DTB.
 * Invariants, checked by a reader of its own (not fdt.c's, whose bugs it
 * must catch): the patch either fails with -EINVAL/-ENOMEM/-E2BIG (the
 * caller prints why) or -ECANCELED after printing a message, or returns
 * a tree that is structurally a DTB (fuzz_dtb_check.c) with one /chosen
 * carrying the cell's bootargs and initrd, and a virtio-mmio child of /
 * at each of the cell's transports. The generated tree (lc_make_dtb) of
 * each cell is checked once for its cpus, memory and virtio nodes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz_dtb.h"

#define FUZZ_BOOTARGS	"console=ttyAMA0 root=/dev/vda"

/* Cells like configs/qemu-arm64-linux{,-virtio}.yaml on QEMU virt. */
void fuzz_dtb_params(uint8_t sel, struct lc_params *p)
{
	static const struct lc_virtio vio[2] = {
		{ 0x0a003e00, 0x200, { 0, 47, 1 }, true },
		{ 0x0a003c00, 0x200, { 0, 46, 4 }, false },
	};

	memset(p, 0, sizeof(*p));
	p->ncpus = 2;
	p->mpidr[0] = 2;
	p->mpidr[1] = 3;
	p->cpu_frame[0] = 2;
	p->cpu_frame[1] = 3;
	p->machine_cpus = 4;
	p->gicd = 0x08000000;
	p->gicr = 0x080a0000;
	p->nmem = 1;
	p->mem_base[0] = 0x78000000;
	p->mem_size[0] = 0x08000000;
	/* Bits 0-1: plain, one transport, two, plain without UART. */
	p->nvirtio = (sel & 3) == 3 ? 0 : sel & 3;
	memcpy(p->virtio, vio, sizeof(vio));
	if ((sel & 3) != 3) {
		p->uart_base = 0x09000000;
		p->uart_irq = 44;
	}
	/* Bit 2: an initrd; bit 3: empty bootargs. */
	if (sel & 4) {
		p->initrd_start = 0x7a000000;
		p->initrd_end = 0x7a001388;
	}
	p->bootargs = sel & 8 ? "" : FUZZ_BOOTARGS;
}

static void fuzz_dtb_fail(const char *what, long ret)
{
	fprintf(stderr, "INVARIANT: %s (ret %ld)\n", what, ret);
	abort();
}

/* The generated tree of cell @sel, once per cell. */
static void fuzz_dtb_generated(uint8_t sel, const struct lc_params *p)
{
	static bool done[16];
	const char *why;
	void *blob;
	long ret;

	if (done[sel & 15])
		return;
	done[sel & 15] = true;
	ret = lc_make_dtb(p, &blob);
	if (ret < 0)
		fuzz_dtb_fail("lc_make_dtb failed", ret);
	why = fuzz_dtb_check(blob, ret, p, true);
	if (why)
		fuzz_dtb_fail(why, ret);
	free(blob);
}

/* lc_patch_dtb with stderr caught: its result, what it printed in *@msg. */
static long fuzz_dtb_patch(const struct lc_params *p, const uint8_t *in,
			   size_t size, void **blob, size_t *msg)
{
	FILE *saved = stderr, *mem;
	char *buf = NULL;
	size_t len = 0;
	long ret;

	mem = open_memstream(&buf, &len);
	if (!mem)
		abort();
	stderr = mem;
	ret = lc_patch_dtb(p, in, size, blob);
	stderr = saved;
	fclose(mem);
	*msg = len;
	free(buf);
	return ret;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lc_params p;
	const char *why;
	uint8_t *in;
	void *blob;
	size_t msg;
	long ret;

	if (size < 1)
		return 0;
	fuzz_dtb_params(data[0], &p);
	fuzz_dtb_generated(data[0], &p);
	/* An exact-size copy: ASan sees any read past the file's end. */
	in = malloc(size - 1 ? size - 1 : 1);
	if (!in)
		return 0;
	memcpy(in, data + 1, size - 1);
	ret = fuzz_dtb_patch(&p, in, size - 1, &blob, &msg);
	free(in);
	if (ret == -ECANCELED && !msg)
		fuzz_dtb_fail("refused without a message", ret);
	if (ret < 0 && ret != -ECANCELED && ret != -EINVAL &&
	    ret != -ENOMEM && ret != -E2BIG)
		fuzz_dtb_fail("unexpected error", ret);
	if (ret < 0)
		return 0;
	why = fuzz_dtb_check(blob, ret, &p, false);
	if (why)
		fuzz_dtb_fail(why, ret);
	free(blob);
	return 0;
}
