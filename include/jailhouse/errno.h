/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Which errno each refusal of "enable"/"disable" uses. Values are Linux
 * errno numbers (asm-generic), identical on arm64 and x86-64, so the
 * hypervisor, driver and CLI agree without libc.
 */
#ifndef _JAILHOUSE_ERRNO_H
#define _JAILHOUSE_ERRNO_H

#define JH_ENOENT	2	/* hypervisor image missing */
#define JH_ENOEXEC	8	/* config: wrong magic */
#define JH_ENOMEM	12	/* pool exhausted / region too small */
#define JH_EBUSY	16	/* EL2 owned by someone else (KVM) */
#define JH_EXDEV	18	/* config: wrong architecture */
#define JH_ENODEV	19	/* no EL2 / kernel not booted at EL2 */
#define JH_EINVAL	22	/* config: invalid field (generic) */
#define JH_ERANGE	34	/* config: region invalid / misaligned */
#define JH_ESRCH	3	/* disable while not enabled */
#define JH_ENODATA	61	/* config truncated */
#define JH_EPROTO	71	/* config: wrong revision */
#define JH_EBADMSG	74	/* config: bad checksum */
#define JH_ELIBBAD	80	/* hypervisor image corrupt */
#define JH_ENOPKG	65	/* hypervisor image of another release */
#define JH_EOPNOTSUPP	95	/* kernel itself runs at EL2 (VHE) */
#define JH_EADDRINUSE	98	/* hypervisor memory overlaps Linux RAM */
#define JH_EADDRNOTAVAIL 99	/* config region overlaps hypervisor */
#define JH_EALREADY	114	/* enable while enabled */
#define JH_EPERM	1	/* caller not allowed (non-root cell) */
#define JH_ENOSYS	38	/* unknown hypercall */
#define JH_EEXIST	17	/* cell name already in use */
#define JH_ENOSPC	28	/* no free cell slot */
#define JH_ETIMEDOUT	110	/* cell did not answer a shutdown request */
#define JH_EFAULT	14	/* hypercall argument outside root memory */
#define JH_ENOTEMPTY	39	/* disable while cells exist */
#define JH_ESHUTDOWN	108	/* management after disable began */
#define JH_EAGAIN	11	/* a cell CPU did not come up (firmware CPU_ON) */

#endif
