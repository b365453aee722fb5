// SPDX-License-Identifier: GPL-2.0
/*
 * Hypervisor console: every message goes into the ring that the root cell
 * can read, and to the debug UART if the system config names one. A lock
 * keeps lines from different CPUs whole.
 */
#include <hv/arch.h>
#include <hv/cell.h>
#include <hv/console.h>
#include <hv/errno.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/string.h>

static spinlock_t console_lock;

void console_ring_write(struct jh_console_ring *ring, const char *s, size_t n)
{
	u64 head = ring->head;
	size_t i;

	if (!ring->size)
		return;
	if (n > ring->size)	/* only the tail of a huge write survives */
		s += n - ring->size, head += n - ring->size, n = ring->size;
	/* Announce which old bytes are about to be overwritten. */
	WRITE_ONCE(ring->pending, (u32)n);
	__atomic_thread_fence(__ATOMIC_RELEASE);
	for (i = 0; i < n; i++)
		ring->buf[(head + i) % ring->size] = s[i];
	__atomic_store_n(&ring->head, head + n, __ATOMIC_RELEASE);
	__atomic_store_n(&ring->pending, 0, __ATOMIC_RELEASE);
}

size_t console_ring_read(const struct jh_console_ring *ring, u64 *pos,
			 char *buf, size_t size)
{
	u64 head = __atomic_load_n(&ring->head, __ATOMIC_ACQUIRE);
	u64 start = *pos, n, i, floor, lost;
	u32 pending;

	if (start > head || head - start > ring->size)
		start = head - (head > ring->size ? ring->size : head);
	n = head - start;
	if (n > size)
		n = size;
	for (i = 0; i < n; i++)
		buf[i] = ring->buf[(start + i) % ring->size];
	/* Bytes a writer overtook (or is overtaking) while we copied are stale. */
	pending = __atomic_load_n(&ring->pending, __ATOMIC_ACQUIRE);
	head = __atomic_load_n(&ring->head, __ATOMIC_ACQUIRE);
	floor = head + pending > ring->size ? head + pending - ring->size : 0;
	if (start < floor) {
		lost = floor - start < n ? floor - start : n;
		for (i = 0; i < n - lost; i++)
			buf[i] = buf[i + lost];
		n -= lost;
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

/* Flush @cpu's guest line as "[cell] text". */
static void guest_line_flush(struct per_cpu *cpu)
{
	char buf[CONSOLE_LINE_LEN + JH_CELL_NAME_LEN + 4];
	size_t n = snprintf(buf, JH_CELL_NAME_LEN + 4, "[%s] ",
			    cpu->cell->desc->name);

	memcpy(buf + n, cpu->line, cpu->line_len);
	n += cpu->line_len;
	buf[n++] = '\n';
	console_write(buf, n);
	cpu->line_len = 0;
}

long console_guest_putc(struct per_cpu *cpu, u64 c)
{
	if (!(cpu->cell->desc->flags & JH_CELL_CONSOLE_WRITE))
		return -EPERM;
	if (c == '\n' || cpu->line_len == CONSOLE_LINE_LEN) {
		guest_line_flush(cpu);
		if (c == '\n')
			return 0;
	}
	if (c != '\r')
		cpu->line[cpu->line_len++] = (c >= 0x20 && c < 0x7f) ? c : '?';
	return 0;
}
