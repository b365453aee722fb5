// SPDX-License-Identifier: GPL-2.0
/*
 * Translation tables: EL2 stage 1 for the hypervisor itself (identity
 * map of its memory and the devices it drives) and the stage-2 format for
 * cells. Both use the generic builder in hypervisor/paging.c.
 */
#include <hv/arch.h>
#include <hv/cell.h>
#include <hv/errno.h>
#include <hv/paging.h>
#include <hv/printk.h>
#include <hv/string.h>
#include <asm/gicv3.h>
#include <asm/irqchip.h>
#include <asm/mmu.h>
#include <asm/sysreg.h>
#include <jailhouse/config.h>

#define PTE_VALID	(1UL << 0)
#define PTE_TABLE	(1UL << 1)	/* table, or page at level 3 */
#define PTE_AF		(1UL << 10)
#define PTE_SH_INNER	(3UL << 8)
#define PTE_XN		(1UL << 54)
#define PTE_ADDR_MASK	0x0000fffffffff000UL

/* Stage 1, EL2: AP[1] is RES1, AP[2] = read-only. */
#define S1_AP_RW	(1UL << 6)
#define S1_AP_RO	(3UL << 6)
#define S1_ATTR(i)	((u64)(i) << 2)

/* Stage 2: S2AP read/write, MemAttr normal WB or device nGnRE. */
#define S2_AP_R		(1UL << 6)
#define S2_AP_W		(1UL << 7)
#define S2_MEM_NORMAL	(0xfUL << 2)
#define S2_MEM_DEVICE	(0x1UL << 2)
#define S2_MEMATTR_MASK	(0xfUL << 2)

u64 hv_ttbr, hv_tcr;
static u64 vtcr_value;
static unsigned int s2_root_level, s2_root_pages;
static struct page_table hv_paging;

static bool block_ok(unsigned int level)
{
	return level == 1 || level == 2;
}

static bool is_valid(pte_t pte)
{
	return pte & PTE_VALID;
}

static bool is_table(pte_t pte, unsigned int level)
{
	return level < 3 && (pte & (PTE_VALID | PTE_TABLE)) ==
			    (PTE_VALID | PTE_TABLE);
}

static u64 pte_phys(pte_t pte, unsigned int level __unused)
{
	return pte & PTE_ADDR_MASK;
}

static pte_t table(u64 phys)
{
	return phys | PTE_VALID | PTE_TABLE;
}

static pte_t leaf_type(unsigned int level)
{
	return level == 3 ? PTE_VALID | PTE_TABLE : PTE_VALID;
}

static pte_t s1_leaf(unsigned int level, u64 phys, unsigned long flags)
{
	pte_t pte = phys | leaf_type(level) | PTE_AF | PTE_SH_INNER;

	pte |= (flags & PAGE_WRITE) ? S1_AP_RW : S1_AP_RO;
	pte |= S1_ATTR((flags & PAGE_DEVICE) ? MAIR_ATTR_DEVICE :
					       MAIR_ATTR_NORMAL);
	if (!(flags & PAGE_EXEC))
		pte |= PTE_XN;
	return pte;
}

static unsigned long s1_flags(pte_t pte)
{
	unsigned long flags = PAGE_READ;

	if ((pte & S1_AP_RO) == S1_AP_RW)
		flags |= PAGE_WRITE;
	if (!(pte & PTE_XN))
		flags |= PAGE_EXEC;
	if (pte & S1_ATTR(MAIR_ATTR_DEVICE))
		flags |= PAGE_DEVICE;
	return flags;
}

static pte_t s2_leaf(unsigned int level, u64 phys, unsigned long flags)
{
	pte_t pte = phys | leaf_type(level) | PTE_AF | PTE_SH_INNER;

	if (flags & PAGE_READ)
		pte |= S2_AP_R;
	if (flags & PAGE_WRITE)
		pte |= S2_AP_W;
	pte |= (flags & PAGE_DEVICE) ? S2_MEM_DEVICE : S2_MEM_NORMAL;
	if (!(flags & PAGE_EXEC) || (flags & PAGE_DEVICE))
		pte |= PTE_XN;
	return pte;
}

static unsigned long s2_flags(pte_t pte)
{
	unsigned long flags = 0;

	if (pte & S2_AP_R)
		flags |= PAGE_READ;
	if (pte & S2_AP_W)
		flags |= PAGE_WRITE;
	if (!(pte & PTE_XN))
		flags |= PAGE_EXEC;
	if ((pte & S2_MEMATTR_MASK) == S2_MEM_DEVICE)
		flags |= PAGE_DEVICE;
	return flags;
}

static const struct paging_format el2_format = {
	.block_ok = block_ok, .leaf = s1_leaf, .table = table,
	.is_valid = is_valid, .is_table = is_table, .phys = pte_phys,
	.flags = s1_flags,
};

static const struct paging_format s2_format = {
	.block_ok = block_ok, .leaf = s2_leaf, .table = table,
	.is_valid = is_valid, .is_table = is_table, .phys = pte_phys,
	.flags = s2_flags,
};


/* PARange encoding -> bits, as in ID_AA64MMFR0_EL1. */
static unsigned int pa_bits(unsigned int parange)
{
	static const unsigned char bits[] = { 32, 36, 40, 42, 44, 48, 52 };

	return parange < sizeof(bits) ? bits[parange] : 48;
}

/*
 * Stage-2 input size: as large as the physical range, at most 48 bits.
 * Above 40 bits the walk starts at level 0 (one root table); at 40 bits
 * it starts at level 1 with two concatenated root tables.
 */
static void s2_setup(unsigned int parange)
{
	unsigned int ps = parange > 5 ? 5 : parange, ipa = pa_bits(ps);
	unsigned int sl0;

	if (ipa > 40) {
		s2_root_level = 0;
		s2_root_pages = 1;
		sl0 = 2;
	} else {
		s2_root_level = 1;
		s2_root_pages = ipa == 40 ? 2 : 1;
		sl0 = 1;
	}
	vtcr_value = VTCR_RES1 | VTCR_BASE | (64 - ipa) |
		     ((u64)sl0 << VTCR_SL0_SHIFT) | ((u64)ps << VTCR_PS_SHIFT);
}

/*
 * The temporary window: the top 4 MiB of the 48-bit EL2 address space,
 * two 2 MiB slots reached through the last entry of the root table.
 * Identity mappings stay below TEMP_AREA (that entry's 512 GiB), so
 * unmapping the window never touches anything else. Its tables are
 * static: mapping never allocates and cannot fail for lack of memory.
 */
#define TEMP_AREA	((1UL << 48) - (1UL << 39))
#define TEMP_BASE	((1UL << 48) - 2 * HV_TEMP_SLOT)
#define TEMP_L2_FIRST	(PTES_PER_TABLE - 2)

static pte_t temp_l1[PTES_PER_TABLE] __aligned(PAGE_SIZE);
static pte_t temp_l2[PTES_PER_TABLE] __aligned(PAGE_SIZE);
static pte_t temp_l3[2][PTES_PER_TABLE] __aligned(PAGE_SIZE);
static bool temp_busy;

static int identity_map(u64 phys, u64 size, unsigned long flags)
{
	if (phys >= TEMP_AREA || size > TEMP_AREA - phys) {
		printk("hv map: 0x%llx (size 0x%llx) reaches the temporary "
		       "window at 0x%lx\n", phys, size, TEMP_AREA);
		return -ERANGE;
	}
	return paging_map(&hv_paging, phys, phys, size, flags);
}

static void temp_init(void)
{
	hv_paging.root[PTES_PER_TABLE - 1] = table((u64)temp_l1);
	temp_l1[PTES_PER_TABLE - 1] = table((u64)temp_l2);
}

static int map_devices(const struct jh_system *sys)
{
	const struct jh_platform *gic = &sys->platform;
	int err = 0;

	if (sys->console.type != JH_CONSOLE_NONE)
		err = identity_map(sys->console.address, PAGE_SIZE,
				   PAGE_DEFAULT | PAGE_DEVICE);
	if (!err && gic->gic_version == 3) {
		irqchip_init(gic->gicd_base, gic->gicr_base,
			     gic->maintenance_irq);
		err = identity_map(gic->gicd_base, GICD_SIZE,
				   PAGE_DEFAULT | PAGE_DEVICE);
		if (!err)
			err = identity_map(gic->gicr_base, gicv3_gicr_size(),
					   PAGE_DEFAULT | PAGE_DEVICE);
	}
	return err;
}

extern u8 __image_start[], __text_end[];

int arch_init_early(const struct jh_system *sys)
{
	unsigned int parange = read_sysreg(id_aa64mmfr0_el1) & 0xf;
	u64 start = (u64)__image_start, text_end = (u64)__text_end;
	u64 end = sys->hypervisor_memory.phys_start +
		  sys->hypervisor_memory.size;
	int err;

	err = paging_create(&hv_paging, &el2_format, 0, 1);
	if (err)
		return err;
	temp_init();
	err = identity_map(start, text_end - start, PAGE_READ | PAGE_EXEC);
	if (!err)
		err = identity_map(text_end, end - text_end, PAGE_DEFAULT);
	if (!err)
		err = map_devices(sys);
	if (err)
		return err;
	s2_setup(parange);
	hv_ttbr = (u64)hv_paging.root;
	hv_tcr = TCR_EL2_BASE | ((u64)(parange > 5 ? 5 : parange) << TCR_PS_SHIFT);
	/* CPUs brought up later read these with their MMU still off. */
	asm volatile("dc civac, %0" : : "r" (&hv_ttbr) : "memory");
	asm volatile("dc civac, %0" : : "r" (&hv_tcr) : "memory");
	dsb(sy);
	return 0;
}

int arch_cell_paging_create(struct cell *cell)
{
	return paging_create(&cell->s2, &s2_format, s2_root_level,
			     s2_root_pages);
}

u64 arch_vtcr(void)
{
	return vtcr_value;
}

u64 arch_vttbr(const struct cell *cell)
{
	return (u64)cell->s2.root | ((u64)(cell->id + 1) << 48);
}

void arch_icache_invalidate(void)
{
	/* The image's stores complete before the invalidation broadcasts. */
	asm volatile("dsb ish\n\tic ialluis\n\tdsb ish\n\tisb" : : : "memory");
}

void arch_cell_tlb_flush(struct cell *cell)
{
	u64 vttbr = read_sysreg(vttbr_el2);

	dsb(ishst);
	write_sysreg(arch_vttbr(cell), vttbr_el2);
	isb();
	asm volatile("tlbi vmalls12e1is\n dsb ish\n isb" ::: "memory");
	write_sysreg(vttbr, vttbr_el2);
	isb();
}

int arch_hv_map(u64 phys, u64 size, unsigned long flags)
{
	int err = identity_map(phys, size, flags);

	dsb(ishst);
	isb();
	return err;
}

void arch_hv_unmap(u64 phys, u64 size)
{
	paging_unmap(&hv_paging, phys, size);
	asm volatile("dsb ishst\n tlbi alle2is\n dsb ish\n isb" ::: "memory");
}

static bool temp_fits(u64 first, u64 end)
{
	return end > first && (first & (HV_TEMP_SLOT - 1)) + (end - first) <=
			      2 * HV_TEMP_SLOT;
}

/* Window addresses are congruent to physical ones modulo 2 MiB. */
void *arch_hv_temp_map(u64 phys, u64 size, unsigned long flags)
{
	u64 first = phys & PAGE_MASK, end = ALIGN_UP(phys + size, PAGE_SIZE);
	u64 va = TEMP_BASE + (first & (HV_TEMP_SLOT - 1)), pa, step;
	unsigned int slot;

	if (temp_busy || phys + size < phys || !temp_fits(first, end)) {
		printk("hv temp map: 0x%llx (size 0x%llx) refused%s\n", phys,
		       size, temp_busy ? ": window in use" : "");
		return NULL;
	}
	/* Never executable: the window only ever holds data. */
	flags &= ~PAGE_EXEC;
	temp_busy = true;
	for (pa = first; pa < end; pa += step) {
		slot = (va + pa - first - TEMP_BASE) / HV_TEMP_SLOT;
		if (IS_ALIGNED(pa, HV_TEMP_SLOT) && end - pa >= HV_TEMP_SLOT) {
			temp_l2[TEMP_L2_FIRST + slot] = s1_leaf(2, pa, flags);
			step = HV_TEMP_SLOT;
			continue;
		}
		temp_l2[TEMP_L2_FIRST + slot] = table((u64)temp_l3[slot]);
		temp_l3[slot][((va + pa - first) >> PAGE_SHIFT) & 511] =
			s1_leaf(3, pa, flags);
		step = PAGE_SIZE;
	}
	dsb(ish);
	isb();
	return (void *)(va + (phys & ~PAGE_MASK));
}

/* Clean and invalidate to the point of coherency. */
static void dcache_flush(u64 start, u64 size)
{
	u64 line = 4UL << ((read_sysreg(ctr_el0) >> 16) & 0xf);
	u64 p;

	for (p = start & ~(line - 1); p < start + size; p += line)
		asm volatile("dc civac, %0" : : "r" (p) : "memory");
	dsb(ish);
}

void arch_hv_temp_unmap(void *virt, u64 size)
{
	u64 va = (u64)virt;

	if (!temp_busy || va < TEMP_BASE || size > (1UL << 48) - va) {
		printk("hv temp unmap: 0x%llx not mapped\n", va);
		return;
	}
	/* Other observers may not go through the caches: write back. */
	dcache_flush(va, size);
	memset(temp_l3, 0, sizeof(temp_l3));
	temp_l2[TEMP_L2_FIRST] = 0;
	temp_l2[TEMP_L2_FIRST + 1] = 0;
	asm volatile("dsb ishst\n tlbi alle2is\n dsb ish\n isb" ::: "memory");
	temp_busy = false;
}
