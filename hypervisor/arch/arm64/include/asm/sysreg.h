/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ASM_SYSREG_H
#define _ASM_SYSREG_H

#define SCTLR_EL2_M		(1 << 0)
#define SCTLR_EL2_A		(1 << 1)
#define SCTLR_EL2_C		(1 << 2)
#define SCTLR_EL2_SA		(1 << 3)
#define SCTLR_EL2_I		(1 << 12)
#define SCTLR_EL2_RES1		0x30c50830

#define HCR_VM			(1UL << 0)
#define HCR_SWIO		(1UL << 1)
#define HCR_FMO			(1UL << 3)
#define HCR_IMO			(1UL << 4)
#define HCR_AMO			(1UL << 5)
#define HCR_TSC			(1UL << 19)
#define HCR_RW			(1UL << 31)

#define MAIR_ATTR_NORMAL	0	/* index: normal write-back */
#define MAIR_ATTR_DEVICE	1	/* index: device nGnRE */
#define MAIR_EL2_VALUE		0x04ff

/* TCR_EL2: 48-bit VA, 4K granule, write-back walks, inner shareable. */
#define TCR_EL2_BASE		((1UL << 31) | (1UL << 23) | (3 << 12) | \
				 (1 << 10) | (1 << 8) | 16)
#define TCR_PS_SHIFT		16

#define VTCR_RES1		(1UL << 31)
#define VTCR_BASE		((3 << 12) | (1 << 10) | (1 << 8))
#define VTCR_SL0_SHIFT		6
#define VTCR_PS_SHIFT		16

#define ESR_EC_SHIFT		26
#define ESR_EC(esr)		(((esr) >> ESR_EC_SHIFT) & 0x3f)
#define ESR_ISS(esr)		((esr) & 0x1ffffff)

#define EC_UNKNOWN		0x00
#define EC_WFX			0x01
#define EC_HVC64		0x16
#define EC_SMC64		0x17
#define EC_SYS64		0x18
#define EC_IABT_LOW		0x20
#define EC_DABT_LOW		0x24
#define EC_MAX			0x3f

#define SPSR_EL1H_MASKED	0x3c5	/* EL1h, D A I F masked */

#ifndef __ASSEMBLY__
#define read_sysreg(r) ({						\
	unsigned long __v;						\
	asm volatile("mrs %0, " #r : "=r" (__v));			\
	__v; })
#define write_sysreg(v, r)						\
	asm volatile("msr " #r ", %0" : : "r" ((unsigned long)(v)))
#define isb()		asm volatile("isb" ::: "memory")
#define dsb(opt)	asm volatile("dsb " #opt ::: "memory")
#define wfe()		asm volatile("wfe" ::: "memory")
#define sev()		asm volatile("sev" ::: "memory")
#endif

#endif
