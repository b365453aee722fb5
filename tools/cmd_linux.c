// SPDX-License-Identifier: GPL-2.0
/*
 * jailhouse cell linux CELL.cell KERNEL [-i INITRD] [-c CMDLINE] [-d DTB]
 *                      [-w OUT.dtb] [-n]
 *
 * Boots a stock arm64 Linux Image in a cell. Guest memory layout, in the
 * loadable RAM region that holds the cell's entry (Documentation/
 * linux-cells.md):
 *   entry            trampoline: x0 = DTB, x1..x3 = 0, branch to the kernel
 *   RAM + 64 KiB     the DTB (up to the kernel's 2 MiB slot)
 *   RAM 2 MiB-aligned + 2 MiB + text_offset: the Image (image_size bytes)
 *   next 2 MiB boundary after the Image: the initrd
 * The hypervisor starts the boot CPU at entry with the MMU off and x0 =
 * comm region; Linux wants x0 = DTB, hence the trampoline.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <jailhouse/config.h>
#include <jailhouse/ioctl.h>
#include "jailhouse.h"
#include "linux_cell.h"

#define LC_CMD		"cell linux"
#define LC_SZ_2M	0x200000ULL
#define LC_DTB_OFFSET	0x10000ULL
#define LC_TRAMP_WORDS	10
#define LC_HDR_SIZE	64
#define LC_BOOTARGS_LEN	2048

struct lc_args {
	const char *config, *kernel, *initrd, *cmdline, *dtb_in, *dtb_out;
	bool dry_run;
};

struct lc_file {
	void *data;
	size_t size;
};

struct lc_layout {
	uint64_t ram_base, ram_end;
	uint64_t entry, dtb, kernel, kernel_end, initrd;
};

static const char **lc_value_slot(struct lc_args *a, int key)
{
	switch (key) {
	case 'i': return &a->initrd;
	case 'c': return &a->cmdline;
	case 'd': return &a->dtb_in;
	case 'w': return &a->dtb_out;
	default: return NULL;
	}
}

static int lc_parse_args(const struct jh_command *cmd, int argc, char **argv,
			 struct lc_args *a)
{
	struct jh_arg av[JH_MAX_ARGS];
	int n, i, status, pos = 0;

	memset(a, 0, sizeof(*a));
	if (!jh_parse(cmd, argc, argv, av, &n, &status))
		return status;
	for (i = 0; i < n; i++) {
		if (av[i].key == 'n')
			a->dry_run = true;
		else if (av[i].key != JH_ARG_POS)
			*lc_value_slot(a, av[i].key) = av[i].val;
		else if (pos < 2)
			*(pos++ ? &a->kernel : &a->config) = av[i].val;
		else
			return jh_usage_error(cmd, "extra argument '%s'",
					      av[i].val);
	}
	if (pos < 2)
		return jh_usage_error(cmd, "missing %s",
				      pos ? "KERNEL" : "CELL.cell");
	return JH_GO_ON;
}

/* The cell config, checked as far as this tool relies on it. */
static const struct jh_cell_config *lc_check_config(const struct lc_file *f,
						    const char *path)
{
	const struct jh_cell_config *cfg = f->data;

	if (f->size < sizeof(*cfg) ||
	    memcmp(cfg->hdr.magic, JH_CONFIG_MAGIC, JH_CONFIG_MAGIC_LEN) ||
	    cfg->hdr.kind != JH_CONFIG_KIND_CELL ||
	    cfg->hdr.revision != JH_CONFIG_REVISION ||
	    cfg->cell.num_memory_regions > JH_MAX_MEM_REGIONS ||
	    cfg->cell.num_irq_ranges > JH_MAX_IRQ_RANGES ||
	    cfg->cell.num_links > JH_MAX_LINKS ||
	    jh_cell_desc_size(&cfg->cell) > f->size - sizeof(cfg->hdr)) {
		fprintf(stderr, "jailhouse " LC_CMD ": %s: not a revision %d cell config; hint: build it with jailhouse config build\n",
			path, JH_CONFIG_REVISION);
		return NULL;
	}
	return cfg;
}

static uint64_t lc_le64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* An uncompressed arm64 Image: 0, or -EINVAL after saying what it is. */
static int lc_check_kernel(const struct lc_file *k, const char *path)
{
	const uint8_t *h = k->data;

	if (k->size >= 2 && h[0] == 0x1f && h[1] == 0x8b) {
		fprintf(stderr, "jailhouse " LC_CMD ": %s is gzip-compressed; hint: zcat %s > Image\n",
			path, path);
		return -EINVAL;
	}
	if (k->size >= 8 && !memcmp(h, "MZ", 2) && !memcmp(h + 4, "zimg", 4)) {
		fprintf(stderr, "jailhouse " LC_CMD ": %s is an EFI zboot image; hint: extract the Image from its payload (see Documentation/linux-cells.md)\n",
			path);
		return -EINVAL;
	}
	if (k->size < LC_HDR_SIZE || memcmp(h + 56, "ARM\x64", 4)) {
		fprintf(stderr, "jailhouse " LC_CMD ": %s is not an arm64 Linux Image (no \"ARM\\x64\" magic at offset 56)\n",
			path);
		return -EINVAL;
	}
	return 0;
}

static bool lc_is_ram(const struct jh_memory_region *r)
{
	return (r->flags & (JH_MEM_READ | JH_MEM_WRITE)) ==
		(JH_MEM_READ | JH_MEM_WRITE) &&
	       !(r->flags & (JH_MEM_IO | JH_MEM_COMM_REGION));
}

/* Memory nodes and the boot RAM (the loadable region holding entry). */
static int lc_cell_memory(const struct jh_cell_desc *c, struct lc_params *p,
			  struct lc_layout *l)
{
	const struct jh_memory_region *r = jh_cell_regions(c);
	bool found = false;

	p->nmem = 0;
	for (unsigned int i = 0; i < c->num_memory_regions; i++, r++) {
		if (!lc_is_ram(r) || p->nmem >= LC_MAX_MEM)
			continue;
		p->mem_base[p->nmem] = r->virt_start;
		p->mem_size[p->nmem++] = r->size;
		if ((r->flags & JH_MEM_LOADABLE) && c->entry >= r->virt_start &&
		    c->entry - r->virt_start < r->size) {
			l->ram_base = r->virt_start;
			l->ram_end = r->virt_start + r->size;
			found = true;
		}
	}
	if (!found) {
		fprintf(stderr, "jailhouse " LC_CMD ": the cell's entry 0x%llx is in no loadable RAM region\n",
			(unsigned long long)c->entry);
		return -EINVAL;
	}
	return 0;
}

static uint64_t lc_align(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

/* Where everything goes; -ENOSPC if it does not fit. */
static int lc_place(const struct jh_cell_desc *c, const struct lc_file *k,
		    const struct lc_file *initrd, struct lc_layout *l)
{
	const uint8_t *h = k->data;
	uint64_t text_offset = lc_le64(h + 8), image_size = lc_le64(h + 16);

	/* Kernels before 3.17 leave image_size 0 and mean 0x80000. */
	if (!image_size)
		text_offset = 0x80000;
	if (image_size < k->size)
		image_size = k->size;
	l->entry = c->entry;
	l->dtb = l->ram_base + LC_DTB_OFFSET;
	l->kernel = lc_align(l->ram_base, LC_SZ_2M) + LC_SZ_2M + text_offset;
	l->kernel_end = l->kernel + image_size;
	l->initrd = lc_align(l->kernel_end, LC_SZ_2M);
	if (l->entry + LC_TRAMP_WORDS * 4 > l->dtb) {
		fprintf(stderr, "jailhouse " LC_CMD ": the entry 0x%llx must lie in the first %llu KiB of its RAM region for the trampoline\n",
			(unsigned long long)l->entry, LC_DTB_OFFSET / 1024);
		return -EINVAL;
	}
	if (l->initrd + (initrd->data ? initrd->size : 0) > l->ram_end) {
		fprintf(stderr, "jailhouse " LC_CMD ": kernel and initrd need up to 0x%llx, the RAM region ends at 0x%llx\n",
			(unsigned long long)(l->initrd + initrd->size),
			(unsigned long long)l->ram_end);
		return -ENOSPC;
	}
	return 0;
}

/* ldr x0, =dtb; ldr x4, =kernel; mov x1..x3, xzr; br x4; the literals. */
static void lc_trampoline(const struct lc_layout *l, uint32_t *t)
{
	t[0] = 0x580000c0;	/* ldr x0, #24 */
	t[1] = 0x580000e4;	/* ldr x4, #28 (offset 32) */
	t[2] = 0xaa1f03e1;	/* mov x1, xzr */
	t[3] = 0xaa1f03e2;	/* mov x2, xzr */
	t[4] = 0xaa1f03e3;	/* mov x3, xzr */
	t[5] = 0xd61f0080;	/* br x4 */
	t[6] = (uint32_t)l->dtb;
	t[7] = l->dtb >> 32;
	t[8] = (uint32_t)l->kernel;
	t[9] = l->kernel >> 32;
}

static void lc_uart_params(const struct jh_cell_desc *c, struct lc_params *p)
{
	p->uart_base = c->uart_base;
	p->uart_irq = c->uart_irq;
}

static void lc_bootargs(char *buf, size_t len, const struct lc_params *p,
			const char *extra)
{
	size_t n = 0;

	buf[0] = '\0';
	if (p->uart_base)
		n = snprintf(buf, len, "console=ttyAMA0 earlycon=pl011,mmio32,0x%llx",
			     (unsigned long long)p->uart_base);
	if (extra && n < len)
		snprintf(buf + n, len - n, "%s%s", n ? " " : "", extra);
}

static int lc_write_file(const char *path, const void *data, size_t size)
{
	FILE *f = fopen(path, "we");
	bool ok = f && fwrite(data, 1, size, f) == size;

	if (f && fclose(f))
		ok = false;
	if (!ok) {
		fprintf(stderr, "jailhouse " LC_CMD ": cannot write %s: %s\n",
			path, strerror(errno));
		return -EIO;
	}
	return 0;
}

static const char *lc_dt_base(void)
{
	const char *dt = getenv("JAILHOUSE_DT");

	return dt && *dt ? dt : "/proc/device-tree";
}

/* The cell's DTB, generated or patched from -d: 0 or -errno. */
static int lc_build_dtb(const struct lc_args *a, const struct jh_cell_desc *c,
			struct lc_params *p, const struct lc_layout *l,
			struct lc_file *dtb)
{
	struct lc_file in = { NULL, 0 };
	long size;

	if (lc_read_root_dt(lc_dt_base(), c, p) ||
	    lc_read_root_virtio(lc_dt_base(), c, p))
		return -EINVAL;
	if (a->dtb_in) {
		in.data = jh_read_file(LC_CMD, a->dtb_in, LC_SZ_2M, &in.size);
		if (!in.data)
			return -EINVAL;
		size = lc_patch_dtb(p, in.data, in.size, &dtb->data);
		free(in.data);
	} else {
		size = lc_make_dtb(p, &dtb->data);
	}
	if (size < 0 && size != -ECANCELED) {	/* else said already */
		fprintf(stderr, "jailhouse " LC_CMD ": cannot build the device tree: %s%s\n",
			strerror(-size), a->dtb_in ? " (is -d a valid DTB?)" : "");
	}
	if (size < 0)
		return (int)size;
	dtb->size = size;
	if (l->dtb + dtb->size > l->kernel - (l->kernel % LC_SZ_2M)) {
		fprintf(stderr, "jailhouse " LC_CMD ": the device tree (%zu bytes) overlaps the kernel\n",
			dtb->size);
		return -ENOSPC;
	}
	return 0;
}

static void lc_print_layout(const struct lc_layout *l,
			    const struct lc_file *dtb,
			    const struct lc_file *kernel,
			    const struct lc_file *initrd)
{
	printf("entry  0x%llx (trampoline)\n", (unsigned long long)l->entry);
	printf("dtb    0x%llx (%zu bytes)\n", (unsigned long long)l->dtb,
	       dtb->size);
	printf("kernel 0x%llx (%zu bytes, image_size to 0x%llx)\n",
	       (unsigned long long)l->kernel, kernel->size,
	       (unsigned long long)l->kernel_end);
	if (initrd->data)
		printf("initrd 0x%llx (%zu bytes)\n",
		       (unsigned long long)l->initrd, initrd->size);
}

/* Create the cell unless it exists: its ID, or -1 after the report. */
static int lc_create(const struct lc_file *cfg_file,
		     const struct jh_cell_config *cfg)
{
	char name[JH_CELL_NAME_LEN + 1];
	struct jh_ioctl_buf req;
	unsigned int id;

	snprintf(name, sizeof(name), "%.*s", JH_CELL_NAME_LEN, cfg->cell.name);
	if (!jh_cell_find(name, &id))
		return (int)id;
	req.addr = (uintptr_t)cfg_file->data;
	req.size = cfg_file->size;
	return jh_cell_ioctl(LC_CMD, JH_IOCTL_CELL_CREATE, &req);
}

static void lc_image(struct jh_ioctl_image *img, const void *data,
		     size_t size, uint64_t target)
{
	img->source = (uintptr_t)data;
	img->size = size;
	img->target = target;
}

static int lc_boot(const struct lc_file *cfg_file,
		   const struct jh_cell_config *cfg, const struct lc_layout *l,
		   const struct lc_file *files)
{
	struct jh_ioctl_image img[4];
	struct jh_ioctl_cell_load req;
	uint32_t tramp[LC_TRAMP_WORDS];
	int id = lc_create(cfg_file, cfg);
	__u32 arg;

	if (id < 0)
		return -1;
	lc_trampoline(l, tramp);
	lc_image(&img[0], tramp, sizeof(tramp), l->entry);
	lc_image(&img[1], files[0].data, files[0].size, l->dtb);
	lc_image(&img[2], files[1].data, files[1].size, l->kernel);
	lc_image(&img[3], files[2].data, files[2].size, l->initrd);
	req.id = id;
	req.num_images = files[2].data ? 4 : 3;
	req.images = (uintptr_t)img;
	if (jh_cell_ioctl(LC_CMD, JH_IOCTL_CELL_LOAD, &req) < 0)
		return -1;
	arg = id;
	if (jh_cell_ioctl(LC_CMD, JH_IOCTL_CELL_START, &arg) < 0)
		return -1;
	printf("Started Linux in cell \"%.*s\" (ID %d)\n",
	       (int)strnlen(cfg->cell.name, JH_CELL_NAME_LEN), cfg->cell.name,
	       id);
	return 0;
}

/* files[]: 0 DTB, 1 kernel, 2 initrd. */
static int lc_run(const struct lc_args *a, const struct lc_file *cfg_file,
		  struct lc_file *files)
{
	const struct jh_cell_config *cfg = lc_check_config(cfg_file, a->config);
	char bootargs[LC_BOOTARGS_LEN];
	struct lc_params *p;
	struct lc_layout l;
	int ret = -EINVAL;

	if (!cfg)
		return -EINVAL;
	p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	files[1].data = jh_read_image(LC_CMD, a->kernel, &files[1].size);
	if (a->initrd)
		files[2].data = jh_read_image(LC_CMD, a->initrd,
					      &files[2].size);
	if (!files[1].data || (a->initrd && !files[2].data) ||
	    lc_check_kernel(&files[1], a->kernel) ||
	    lc_cell_memory(&cfg->cell, p, &l) ||
	    lc_place(&cfg->cell, &files[1], &files[2], &l))
		goto out;
	lc_uart_params(&cfg->cell, p);
	lc_bootargs(bootargs, sizeof(bootargs), p, a->cmdline);
	p->bootargs = bootargs;
	p->initrd_start = l.initrd;
	p->initrd_end = files[2].data ? l.initrd + files[2].size : 0;
	ret = lc_build_dtb(a, &cfg->cell, p, &l, &files[0]);
	if (!ret && a->dtb_out)
		ret = lc_write_file(a->dtb_out, files[0].data, files[0].size);
	if (ret)
		goto out;
	lc_print_layout(&l, &files[0], &files[1], &files[2]);
	if (!a->dry_run)
		ret = lc_boot(cfg_file, cfg, &l, files);
out:
	free(p);
	return ret;
}

int jh_cell_linux(const struct jh_command *cmd, int argc, char **argv)
{
	struct lc_file cfg_file = { NULL, 0 }, files[3];
	struct lc_args a;
	int ret = lc_parse_args(cmd, argc, argv, &a);

	if (ret != JH_GO_ON)
		return ret;
	memset(files, 0, sizeof(files));
	cfg_file.data = jh_read_file(LC_CMD, a.config, JH_CONFIG_MAX_SIZE,
				     &cfg_file.size);
	if (!cfg_file.data)
		return JH_EXIT_FAIL;
	ret = lc_run(&a, &cfg_file, files);
	for (int i = 0; i < 3; i++)
		free(files[i].data);
	free(cfg_file.data);
	return ret ? JH_EXIT_FAIL : JH_EXIT_OK;
}
