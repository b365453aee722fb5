// SPDX-License-Identifier: GPL-2.0
/*
 * Hypervisor console: every message goes into the ring that the root cell
 * can read, and to the debug UART if the system config names one. A lock
 * keeps lines from different CPUs whole.
 */
#include <hv/arch.h>
#include <hv/console.h>

static spinlock_t console_lock;

void console_ring_write(struct jh_console_ring *ring, const char *s, size_t n)
{
	u64 head = ring->head;
	size_t i;

	if (!ring->size)
		return;
	for (i = 0; i < n; i++)
		ring->buf[(head + i) % ring->size] = s[i];
	/* Publish the bytes before the new head (reader uses acquire). */
	__atomic_store_n(&ring->head, head + n, __ATOMIC_RELEASE);
}

size_t console_ring_read(const struct jh_console_ring *ring, u64 *pos,
			 char *buf, size_t size)
{
	u64 head = __atomic_load_n(&ring->head, __ATOMIC_ACQUIRE);
	u64 start = *pos, n, i;

	if (head - start > ring->size || start > head)
		start = head - (head > ring->size ? ring->size : head);
	n = head - start;
	if (n > size)
		n = size;
	for (i = 0; i < n; i++)
		buf[i] = ring->buf[(start + i) % ring->size];
	/* Bytes the writer overtook while we copied are stale: drop them. */
	head = __atomic_load_n(&ring->head, __ATOMIC_ACQUIRE);
	if (head > ring->size && start < head - ring->size) {
		u64 lost = head - ring->size - start;

		if (lost >= n)
			n = 0;
		else
			for (i = 0; i < n - lost; i++)
				buf[i] = buf[i + lost];
		n = n > lost ? n - lost : 0;
		start += lost;
	}
	*pos = start + n;
	return n;
}

void console_write(const char *s, size_t n)
{
	size_t i;

	spin_lock(&console_lock);
	console_ring_write(hv_console_ring, s, n);
	for (i = 0; i < n; i++) {
		if (s[i] == '\n')
			arch_console_putc('\r');
		arch_console_putc(s[i]);
	}
	spin_unlock(&console_lock);
}
