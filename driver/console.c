// SPDX-License-Identifier: GPL-2.0
/*
 * Hypervisor console: read() on /dev/jailhouse copies bytes out of the
 * console ring (<jailhouse/console.h>). The hypervisor keeps exactly those
 * pages mapped read-only into the root cell, so no hypercall is needed; the
 * mapping is kept after disable (and after a failed enable, which may have
 * printed why) until the next enable or module unload. f_pos is the
 * absolute ring position. Callers hold jh_lock.
 */
#include <linux/io.h>
#include <linux/minmax.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include "driver.h"

/* Upper bound of one read(): keeps the bounce buffer small. */
#define JH_CONSOLE_CHUNK	(16 * 1024)

static u64 jh_ring_bytes;

int jh_console_map(phys_addr_t phys, u64 size)
{
	void *map = memremap(phys, size, MEMREMAP_WB);

	if (!map)
		return jh_refuse(-ENOMEM,
				 "cannot map the console ring at %pa; hint: check hypervisor_memory",
				 &phys);
	jh_console_unmap();
	jh.ring_map = map;
	jh_ring_bytes = size;
	return 0;
}

void jh_console_unmap(void)
{
	if (jh.ring_map)
		memunmap(jh.ring_map);
	jh.ring_map = NULL;
	jh_ring_bytes = 0;
}

static void jh_ring_copy(char *dst, const struct jh_console_ring *ring,
			 u32 size, u64 pos, size_t n)
{
	size_t off = pos % size;
	size_t first = min_t(size_t, n, size - off);

	memcpy(dst, ring->buf + off, first);
	memcpy(dst + first, ring->buf, n - first);
}

/*
 * Copy [pos, pos + n) into @kbuf following the reader protocol; returns
 * the bytes still valid at the end of the copy, which start at *start.
 */
size_t jh_ring_read(const struct jh_console_ring *ring, u32 size,
		    char *kbuf, size_t max, u64 *start)
{
	u64 head, new_head, floor, pos = *start, lost;
	u32 pending;
	size_t n;

	head = smp_load_acquire(&ring->head);
	if (pos > head)		/* a new ring since this file was read */
		pos = 0;
	if (head - pos > size)	/* fell behind: oldest byte still there */
		pos = head - size;
	n = min_t(u64, max, head - pos);
	jh_ring_copy(kbuf, ring, size, pos, n);
	smp_rmb();		/* copy before reading pending and head */
	pending = READ_ONCE(ring->pending);
	smp_rmb();
	new_head = READ_ONCE(ring->head);
	/*
	 * Bytes below new_head + pending - size may have been overwritten
	 * meanwhile, including by a write still in progress.
	 */
	floor = new_head + pending > size ? new_head + pending - size : 0;
	lost = floor > pos ? floor - pos : 0;
	if (lost >= n) {
		*start = max_t(u64, pos + n, floor);
		return 0;
	}
	memmove(kbuf, kbuf + lost, n - lost);
	*start = pos + lost;
	return n - lost;
}

ssize_t jh_console_read(char __user *ubuf, size_t count, loff_t *ppos)
{
	const struct jh_console_ring *ring = jh.ring_map;
	size_t n = 0, max = min_t(size_t, count, JH_CONSOLE_CHUNK);
	int tries = 4;
	char *kbuf;
	u64 pos;
	u32 size;

	if (!ring || !max)
		return 0;
	size = READ_ONCE(ring->size);
	if (!size || size > jh_ring_bytes - sizeof(*ring))
		return -EIO;

	kbuf = kmalloc(max, GFP_KERNEL);
	if (!kbuf)
		return -ENOMEM;
	pos = *ppos;
	/* Retry while the writer overran everything we copied. */
	while (tries-- && !n) {
		n = jh_ring_read(ring, size, kbuf, max, &pos);
		if (!n && READ_ONCE(ring->head) <= pos)
			break;
	}
	if (n && copy_to_user(ubuf, kbuf, n)) {
		kfree(kbuf);
		return -EFAULT;
	}
	kfree(kbuf);
	*ppos = pos + n;
	return n;
}
