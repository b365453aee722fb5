/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HV_CONSOLE_H
#define _HV_CONSOLE_H

#include <hv/types.h>
#include <jailhouse/console.h>

/* Append to the ring (the driver reads it through a read-only mapping). */
void console_ring_write(struct jh_console_ring *ring, const char *s, size_t n);
/* Copy bytes from absolute position *pos; returns bytes copied, updates *pos. */
size_t console_ring_read(const struct jh_console_ring *ring, u64 *pos,
			 char *buf, size_t size);
void console_write(const char *s, size_t n);
void console_init(void);
struct per_cpu;
/* JH_HC_DEBUG_CONSOLE_PUTC: buffered per CPU, printed a line at a time. */
long console_guest_putc(struct per_cpu *cpu, u64 c);

extern struct jh_console_ring *const hv_console_ring;

#endif
