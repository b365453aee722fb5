// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* cell-cpustate-dirty: the first run of cell-cpustate (see there). */
#define CPUSTATE_DIRTY 1
#include "cell-cpustate.c"
