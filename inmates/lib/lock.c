// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Lamport's bakery lock. With the MMU off all data accesses are Device
 * memory, where exclusive load/store need not work, so the lock uses
 * plain loads and stores ordered by barriers. Waiters sleep in wfe; the
 * side that changes state issues sev.
 */
#include "internal.h"

void bakery_lock(struct bakery_lock *l)
{
	unsigned int me = this_cpu(), j;
	u32 max = 0, mine, nj;

	l->choosing[me] = 1;
	dmb_sy();
	for (j = 0; j < INMATE_MAX_CPUS; j++)
		if (l->number[j] > max)
			max = l->number[j];
	mine = max + 1;
	l->number[me] = mine;
	dmb_sy();
	l->choosing[me] = 0;
	dsb_sy();
	sev();

	for (j = 0; j < INMATE_MAX_CPUS; j++) {
		if (j == me)
			continue;
		while (l->choosing[j])
			wfe();
		for (;;) {
			nj = l->number[j];
			if (!nj || nj > mine || (nj == mine && j > me))
				break;
			wfe();
		}
	}
	dmb_sy();
}

void bakery_unlock(struct bakery_lock *l)
{
	dmb_sy();
	l->number[this_cpu()] = 0;
	dsb_sy();
	sev();
}
