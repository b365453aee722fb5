// SPDX-License-Identifier: GPL-2.0
/*
 * Device register accesses on behalf of a guest (sub-page windows). Each
 * is one load or store of the guest's width: a device may act on the
 * width (virtio-mmio config space takes byte accesses, its registers
 * 32-bit ones), so the compiler must not pick it.
 *
 * The address comes from a config, and no config can know whether a
 * device answers there: where none does, the bus reports an error, taken
 * at EL2 as a synchronous external abort (QEMU virt) or, on hardware that
 * reports write errors late, as an SError. Either would otherwise be a
 * hypervisor fault and park the CPU, so each access runs with a per-CPU
 * flag set that arch_mmio_fault() (the EL2 fault vector) checks: it
 * abandons the access, and the accessor returns -EFAULT. For an SError to
 * be taken here rather than by the guest later, the access runs with
 * SErrors routed to EL2 (HCR_EL2.AMO: root's CPUs route them to EL1) and
 * unmasked (PSTATE.A), and a DSB and ISB wait for the bus's answer before
 * the flag drops. An SError the guest itself caused just before would be
 * taken too and counted as this access's: such a guest gets an abort for
 * an access that may have worked, never a hypervisor fault.
 */
#include <hv/arch.h>
#include <hv/errno.h>
#include <hv/percpu.h>
#include <asm/sysreg.h>
#include <asm/trap.h>

/* ESR_EL2 of a fault at EL2 (Arm ARM D17.2.37). */
#define EC_DABT_CUR		0x25
#define EC_SERROR		0x2f
#define DFSC_MASK		0x3f
#define DFSC_SEA		0x10	/* synchronous external abort */

static u64 dev_access_begin(struct arch_per_cpu *a)
{
	u64 hcr = read_sysreg(hcr_el2);

	a->dev_fault = false;
	a->dev_access = true;
	write_sysreg(hcr | HCR_AMO, hcr_el2);
	asm volatile("isb; msr daifclr, #4" : : : "memory");
	return hcr;
}

static int dev_access_end(struct arch_per_cpu *a, u64 hcr)
{
	asm volatile("dsb sy; isb; msr daifset, #4" : : : "memory");
	write_sysreg(hcr, hcr_el2);
	asm volatile("isb" : : : "memory");
	a->dev_access = false;
	return a->dev_fault ? -EFAULT : 0;
}

int arch_mmio_read(u64 phys, unsigned int size, u64 *value)
{
	struct arch_per_cpu *a = &this_cpu()->arch;
	volatile void *p = (volatile void *)phys;
	u64 hcr = dev_access_begin(a), v = 0;

	switch (size) {
	case 1:
		asm volatile("ldrb %w0, [%1]" : "+r"(v) : "r"(p) : "memory");
		break;
	case 2:
		asm volatile("ldrh %w0, [%1]" : "+r"(v) : "r"(p) : "memory");
		break;
	case 4:
		asm volatile("ldr %w0, [%1]" : "+r"(v) : "r"(p) : "memory");
		break;
	default:
		asm volatile("ldr %0, [%1]" : "+r"(v) : "r"(p) : "memory");
	}
	*value = v;
	return dev_access_end(a, hcr);
}

int arch_mmio_write(u64 phys, unsigned int size, u64 value)
{
	struct arch_per_cpu *a = &this_cpu()->arch;
	volatile void *p = (volatile void *)phys;
	u64 hcr = dev_access_begin(a);

	switch (size) {
	case 1:
		asm volatile("strb %w0, [%1]" : : "r"(value), "r"(p) : "memory");
		break;
	case 2:
		asm volatile("strh %w0, [%1]" : : "r"(value), "r"(p) : "memory");
		break;
	case 4:
		asm volatile("str %w0, [%1]" : : "r"(value), "r"(p) : "memory");
		break;
	default:
		asm volatile("str %0, [%1]" : : "r"(value), "r"(p) : "memory");
	}
	return dev_access_end(a, hcr);
}

bool arch_mmio_fault(struct trap_context *ctx)
{
	u64 esr = read_sysreg(esr_el2);
	bool sea = ESR_EC(esr) == EC_DABT_CUR &&
		   (esr & DFSC_MASK) == DFSC_SEA;
	struct arch_per_cpu *a;

	/* Anything else is still our bug (and may come before TPIDR_EL2). */
	if (!sea && ESR_EC(esr) != EC_SERROR)
		return false;
	a = &this_cpu()->arch;
	if (!a->dev_access)
		return false;
	if (sea)
		ctx->elr += 4;	/* the load or store: abandoned */
	a->dev_fault = true;
	return true;
}
