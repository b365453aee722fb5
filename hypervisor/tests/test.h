/* SPDX-License-Identifier: GPL-2.0 */
/* Common includes of the test programs, in the order cmocka needs. */
#ifndef _TEST_H
#define _TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake.h"
#include <jailhouse/errno.h>

#endif
