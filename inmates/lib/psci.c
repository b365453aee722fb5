// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * PSCI through the SMCCC HVC conduit (hvc #0) and the hypervisor's own
 * calls (hvc #0x4a48). Bare QEMU virt without EL2 implements PSCI on
 * hvc itself; inside a cell the hypervisor handles both.
 */
#include <jailhouse/hypercall.h>
#include "internal.h"

long psci_call(u32 fn, u64 a1, u64 a2, u64 a3)
{
	register u64 x0 asm("x0") = fn;
	register u64 x1 asm("x1") = a1;
	register u64 x2 asm("x2") = a2;
	register u64 x3 asm("x3") = a3;

	/* SMCCC 1.0 lets the callee clobber x4-x17. */
	asm volatile("hvc #0"
		     : "+r" (x0), "+r" (x1), "+r" (x2), "+r" (x3)
		     : : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11",
		       "x12", "x13", "x14", "x15", "x16", "x17", "memory");
	/* Every PSCI result fits a 32-bit signed value (w0). */
	return (long)(s32)x0;
}

long jh_hypercall(u64 code, u64 a1, u64 a2, u64 a3)
{
	register u64 x0 asm("x0") = code;
	register u64 x1 asm("x1") = a1;
	register u64 x2 asm("x2") = a2;
	register u64 x3 asm("x3") = a3;

	asm volatile("hvc %[imm]"
		     : "+r" (x0), "+r" (x1), "+r" (x2), "+r" (x3)
		     : [imm] "i" (JH_HVC_IMM)
		     : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11",
		       "x12", "x13", "x14", "x15", "x16", "x17", "memory");
	return (long)x0;
}

long psci_affinity_info(u64 mpidr)
{
	return psci_call(PSCI_AFFINITY_INFO, mpidr, 0, 0);
}
