/* SPDX-License-Identifier: GPL-2.0 */
/* "jailhouse cell linux": what the layout and device tree code share. */
#ifndef _JH_TOOLS_LINUX_CELL_H
#define _JH_TOOLS_LINUX_CELL_H

#include <stdbool.h>
#include <stdint.h>
#include <jailhouse/config.h>

#define LC_MAX_CPUS		JH_MAX_CPUS
#define LC_MAX_MEM		16
#define LC_MAX_DEVS		8

/* A virtio-mmio transport of the cell (guest address, root's interrupt). */
struct lc_virtio {
	uint64_t base, size;
	uint32_t irq[3];		/* GIC specifier: SPI, number, flags */
	bool dma_coherent;
};

/* What the cell's device tree describes, all guest addresses. */
struct lc_params {
	unsigned int ncpus;
	uint32_t mpidr[LC_MAX_CPUS];	/* of each cell CPU, boot CPU first */
	unsigned int cpu_frame[LC_MAX_CPUS]; /* its GICR frame index */
	unsigned int machine_cpus;	/* CPUs (GICR frames) of the machine */
	uint64_t gicd, gicr;		/* GICR: first frame of CPU 0 */
	unsigned int nmem;
	uint64_t mem_base[LC_MAX_MEM], mem_size[LC_MAX_MEM];
	uint64_t uart_base;		/* 0: none */
	uint32_t uart_irq;		/* INTID */
	const char *bootargs;
	uint64_t initrd_start, initrd_end;	/* end 0: no initrd */
	unsigned int nvirtio;
	struct lc_virtio virtio[LC_MAX_DEVS];
};

/* The cell's DTB (malloc'ed) in *@blob: its size or -errno. */
long lc_make_dtb(const struct lc_params *p, void **blob);
/*
 * @in with /chosen's bootargs and initrd replaced and the cell's
 * virtio-mmio transports checked or added (struct lc_dv): size or
 * -errno; -ECANCELED when refused after saying why.
 */
long lc_patch_dtb(const struct lc_params *p, const void *in, size_t size,
		  void **blob);

struct fdt_writer;
struct fdt_token;
/* The node of transport @v, as the generated tree has it. */
void lc_write_virtio(struct fdt_writer *w, const struct lc_virtio *v);

/* What a -d tree says about virtio-mmio (linux_dtbvirtio.c). */
struct lc_dv {
	const struct lc_params *p;
	bool present[LC_MAX_DEVS];	/* transport i has a good node */
	uint32_t addr_cells, size_cells;	/* of / */
	bool irq_parent;		/* / has interrupt-parent */
	bool refused;
	/* The child of / being copied. */
	char node[64], below[64];
	bool is_virtio;
	const void *reg, *irq;
	uint32_t reg_len, irq_len;
};

void lc_dv_init(struct lc_dv *dv, const struct lc_params *p);
/* Each input token, @depth the nodes open before it: 0 or -ECANCELED. */
int lc_dv_token(struct lc_dv *dv, const struct fdt_token *t, int depth);
/* At the end of /: nodes for the transports not present, or -ECANCELED. */
int lc_dv_add_missing(struct lc_dv *dv, struct fdt_writer *w);
/* The shape of a -d tree (linux_dtbshape.c). */
#define LC_DS_MAX_DEPTH		32
#define LC_DS_MAX_DEPTH_STR	"32"
struct lc_ds {
	int depth;			/* nodes open */
	bool root_done;
	bool subnode[LC_DS_MAX_DEPTH + 1];	/* per depth: one came */
};

void lc_ds_init(struct lc_ds *ds);
/* Each input token, before it is copied: 0 or -ECANCELED (said why). */
int lc_ds_token(struct lc_ds *ds, const struct fdt_token *t);
/* At FDT_END: 0 or -ECANCELED (said why). */
int lc_ds_end(const struct lc_ds *ds);

/* The root's view of the machine from its device tree at @dt_base. */
int lc_read_root_dt(const char *dt_base, const struct jh_cell_desc *cell,
		    struct lc_params *p);

/* Helpers of linux_rootdt.c that linux_virtio.c shares. */
int lc_read_cells(const char *path, uint32_t *cells, int max);
bool lc_node_compatible(const char *base, const char *node,
			const char *compat);
/*
 * The cell's virtio-mmio transports: each I/O region of @cell at the
 * address of a "virtio,mmio" node of root's device tree. 0 or -errno.
 */
int lc_read_root_virtio(const char *dt_base, const struct jh_cell_desc *cell,
			struct lc_params *p);

#endif
