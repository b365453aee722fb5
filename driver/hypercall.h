/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hypercalls into the running hypervisor (ABI in <jailhouse/hypercall.h>).
 * Only valid while the hypervisor is enabled: the same call numbers mean
 * something else (even "jump to x1") to the Linux hyp stub. Callers hold
 * jh_hc_lock and check jh.enabled.
 *
 * The hypervisor may clobber x1-x18. The kernel is built with -ffixed-x18,
 * so x18 cannot be named as a clobber; it is saved on the stack instead.
 */
#ifndef _JH_DRIVER_HYPERCALL_H
#define _JH_DRIVER_HYPERCALL_H

#include <linux/stringify.h>
#include <jailhouse/hypercall.h>

static inline long jh_hypercall(unsigned long code, unsigned long arg1,
				unsigned long arg2)
{
	register unsigned long x0 asm("x0") = code;
	register unsigned long x1 asm("x1") = arg1;
	register unsigned long x2 asm("x2") = arg2;

	asm volatile("str	x18, [sp, #-16]!\n\t"
		     "hvc	#" __stringify(JH_HVC_IMM) "\n\t"
		     "ldr	x18, [sp], #16"
		     : "+r" (x0), "+r" (x1), "+r" (x2)
		     :
		     : "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10",
		       "x11", "x12", "x13", "x14", "x15", "x16", "x17",
		       "memory", "cc");
	return (long)x0;
}

#endif
