// SPDX-License-Identifier: GPL-2.0
/*
 * virtio-mmio transports of a Linux cell, described from root's device
 * tree: the cell's config says which window it owns (usually a subpage
 * region), root's DT what sits there (compatible, interrupt, whether it
 * is DMA-coherent). The node the cell sees has the window's guest
 * address and root's interrupt, which must be one of the cell's SPIs.
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "linux_cell.h"

#define LC_PATH_LEN	4096
#define GIC_SPI		0

static bool lc_owns_spi(const struct jh_cell_desc *cell, uint32_t intid)
{
	const struct jh_irq_range *r = jh_cell_irqs(cell);

	for (unsigned int n = 0; n < cell->num_irq_ranges; n++, r++)
		if (intid >= r->first && intid - r->first < r->count)
			return true;
	return false;
}

/* The root node named "<anything>@<phys in hex>", into @name. */
static bool lc_node_at(const char *base, uint64_t phys, char *name,
		       size_t len)
{
	struct dirent *e;
	const char *at;
	bool found = false;
	DIR *d = opendir(base);

	if (!d)
		return false;
	while (!found && (e = readdir(d))) {
		at = strchr(e->d_name, '@');
		if (!at || strtoull(at + 1, NULL, 16) != phys)
			continue;
		found = lc_node_compatible(base, e->d_name, "virtio,mmio");
		if (found)
			snprintf(name, len, "%s", e->d_name);
	}
	closedir(d);
	return found;
}

static int lc_virtio_node(const char *base, const char *node,
			  const struct jh_cell_desc *cell,
			  const struct jh_memory_region *r,
			  struct lc_virtio *v)
{
	char path[LC_PATH_LEN];

	snprintf(path, sizeof(path), "%s/%s/interrupts", base, node);
	if (lc_read_cells(path, v->irq, 3) != 3 || v->irq[0] != GIC_SPI) {
		fprintf(stderr, "jailhouse cell linux: %s/%s has no GIC SPI in 'interrupts'\n",
			base, node);
		return -EINVAL;
	}
	if (!lc_owns_spi(cell, v->irq[1] + 32)) {
		fprintf(stderr, "jailhouse cell linux: %s (0x%" PRIx64 ") uses interrupt %u, which is not one of the cell's; hint: add {first: %u, count: 1} to its irqs\n",
			node, (uint64_t)r->phys_start, v->irq[1] + 32,
			v->irq[1] + 32);
		return -EINVAL;
	}
	snprintf(path, sizeof(path), "%s/%s/dma-coherent", base, node);
	v->dma_coherent = !access(path, F_OK);
	v->base = r->virt_start;
	v->size = r->size;
	return 0;
}

int lc_read_root_virtio(const char *dt_base, const struct jh_cell_desc *cell,
			struct lc_params *p)
{
	const struct jh_memory_region *r = jh_cell_regions(cell);
	char node[256];
	int ret;

	p->nvirtio = 0;
	for (unsigned int n = 0; n < cell->num_memory_regions; n++, r++) {
		if (!(r->flags & JH_MEM_IO) ||
		    !lc_node_at(dt_base, r->phys_start, node, sizeof(node)))
			continue;
		if (p->nvirtio == LC_MAX_DEVS) {
			fprintf(stderr, "jailhouse cell linux: more than %d virtio-mmio transports\n",
				LC_MAX_DEVS);
			return -E2BIG;
		}
		ret = lc_virtio_node(dt_base, node, cell, r,
				     &p->virtio[p->nvirtio]);
		if (ret)
			return ret;
		p->nvirtio++;
	}
	return 0;
}
