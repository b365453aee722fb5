// SPDX-License-Identifier: GPL-2.0
/*
 * Device register accesses on behalf of a guest (sub-page windows). Each
 * is one load or store of the guest's width: a device may act on the
 * width (virtio-mmio config space takes byte accesses, its registers
 * 32-bit ones), so the compiler must not pick it.
 */
#include <hv/arch.h>

u64 arch_mmio_read(u64 phys, unsigned int size)
{
	volatile void *p = (volatile void *)phys;
	u64 v;

	switch (size) {
	case 1:
		asm volatile("ldrb %w0, [%1]" : "=r"(v) : "r"(p) : "memory");
		break;
	case 2:
		asm volatile("ldrh %w0, [%1]" : "=r"(v) : "r"(p) : "memory");
		break;
	case 4:
		asm volatile("ldr %w0, [%1]" : "=r"(v) : "r"(p) : "memory");
		break;
	default:
		asm volatile("ldr %0, [%1]" : "=r"(v) : "r"(p) : "memory");
	}
	return v;
}

void arch_mmio_write(u64 phys, unsigned int size, u64 value)
{
	volatile void *p = (volatile void *)phys;

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
}
