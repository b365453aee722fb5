// SPDX-License-Identifier: GPL-2.0
/*
 * Ticket lock. Waiters sleep in WFE; the owner's release store clears
 * their exclusive monitor, which wakes them (and QEMU treats WFE as a
 * yield, so vCPUs that run one at a time under -icount make progress).
 */
#include <hv/arch.h>

void spin_lock(spinlock_t *lock)
{
	u32 ticket = __atomic_fetch_add(&lock->next, 1, __ATOMIC_RELAXED);
	u32 owner;

	for (;;) {
		asm volatile("ldaxr %w0, [%1]" : "=r" (owner)
			     : "r" (&lock->owner) : "memory");
		if (owner == ticket)
			break;
		asm volatile("wfe" ::: "memory");
	}
}

void spin_unlock(spinlock_t *lock)
{
	__atomic_store_n(&lock->owner, lock->owner + 1, __ATOMIC_RELEASE);
}
