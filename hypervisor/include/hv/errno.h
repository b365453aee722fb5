/* SPDX-License-Identifier: GPL-2.0 */
/* Negative errno values shared with the driver (include/jailhouse/errno.h). */
#ifndef _HV_ERRNO_H
#define _HV_ERRNO_H

#include <jailhouse/errno.h>

#define EPERM		JH_EPERM
#define ENOENT		JH_ENOENT
#define ESRCH		JH_ESRCH
#define ENOEXEC		JH_ENOEXEC
#define ENOMEM		JH_ENOMEM
#define EBUSY		JH_EBUSY
#define EXDEV		JH_EXDEV
#define ENODEV		JH_ENODEV
#define EINVAL		JH_EINVAL
#define ERANGE		JH_ERANGE
#define ENOSYS		JH_ENOSYS
#define ENODATA		JH_ENODATA
#define EPROTO		JH_EPROTO
#define EBADMSG		JH_EBADMSG
#define EADDRNOTAVAIL	JH_EADDRNOTAVAIL
#define EADDRINUSE	JH_EADDRINUSE
#define EEXIST		JH_EEXIST
#define ENOSPC		JH_ENOSPC
#define ETIMEDOUT	JH_ETIMEDOUT
#define EFAULT		JH_EFAULT
#define ENOTEMPTY	JH_ENOTEMPTY
#define EOPNOTSUPP	JH_EOPNOTSUPP
#define ESHUTDOWN	JH_ESHUTDOWN
#define EAGAIN		JH_EAGAIN

#endif
