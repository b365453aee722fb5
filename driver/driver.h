/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal interfaces of jailhouse.ko. One global instance: there is one
 * hypervisor per machine.
 */
#ifndef _JH_DRIVER_H
#define _JH_DRIVER_H

#include <linux/cpumask.h>
#include <linux/firmware.h>
#include <linux/kobject.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include <jailhouse/config.h>
#include <jailhouse/console.h>
#include <jailhouse/header.h>

#define JH_FIRMWARE_NAME	"jailhouse.bin"
#define JH_LAST_ERROR_LEN	256

struct jh_cell {
	struct kobject kobj;
	unsigned int id;
	char name[JH_CELL_NAME_LEN];
	cpumask_t cpus;
};

struct jh_state {
	bool enabled;
	const struct firmware *fw;
	phys_addr_t hv_phys;
	u64 hv_size;
	struct jh_cell *root_cell;
	/* Last console ring mapping; survives disable until the next enable. */
	void *ring_map;
};

/*
 * jh_lock serialises ioctls and console reads. jh_hc_lock guards
 * jh.enabled and every hypercall; sysfs show() takes only jh_hc_lock, so
 * removing a sysfs node under jh_lock cannot deadlock with a reader.
 * Order: jh_lock, then jh_hc_lock.
 */
extern struct mutex jh_lock;
extern struct mutex jh_hc_lock;
extern struct jh_state jh;
extern struct device *jh_root_dev;

/* error.c: every refusal goes through here (pr_err + last_error). */
__printf(2, 3) int jh_refuse(int err, const char *fmt, ...);
void jh_clear_error(void);
ssize_t jh_show_error(char *buf);

/* el2.c */
int jh_el2_check(void);
int jh_enter_cpus(phys_addr_t hv_phys, u64 entry_offset);
int jh_leave_cpus(const struct cpumask *cpus, unsigned int *failed_cpu);
int jh_hc_result(long ret);

/* config.c */
int jh_config_check(const struct jh_system_config *cfg, size_t size);
int jh_config_check_cpus(const struct jh_cell_desc *cell);
u32 jh_crc32_zeroed(const void *buf, size_t len, size_t field_off);

/* firmware.c */
int jh_image_check(const struct firmware *fw);

/* cache.c */
void jh_clean_dcache_poc(void *addr, size_t size);

/* console.c */
int jh_console_map(phys_addr_t phys, u64 size);
void jh_console_unmap(void);
ssize_t jh_console_read(char __user *buf, size_t count, loff_t *pos);

/* sysfs.c */
int jh_sysfs_init(void);
void jh_sysfs_exit(void);
int jh_cell_add(const struct jh_cell_desc *desc, unsigned int id);
void jh_cell_remove(void);

/* enable.c / disable.c */
int jh_cmd_enable(const void __user *arg);
int jh_cmd_disable(void);

#endif
