/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HV_SETUP_H
#define _HV_SETUP_H

#include <hv/types.h>
#include <jailhouse/config.h>

struct per_cpu;
struct jh_hv_header;

extern const struct jh_system_config *system_config;
/* The image header (header.c); the driver has filled in its fields. */
extern struct jh_hv_header hv_header;

/* Entry, MMU off: global setup once, then checks for this CPU. */
int hv_early_init(unsigned int cpu, u64 hv_base);
/* Entry, MMU on: take over this CPU. */
int hv_cpu_init(unsigned int cpu);
/* This CPU returns to Linux (disable) or powers off. */
void hv_cpu_leave(struct per_cpu *cpu);
/* Disable has begun (first DISABLE accepted) until the last CPU left. */
void hv_begin_disable(void);
bool hv_is_disabling(void);

#endif
