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
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include <jailhouse/config.h>
#include <jailhouse/console.h>
#include <jailhouse/header.h>

#define JH_FIRMWARE_NAME	"jailhouse.bin"
#define JH_LAST_ERROR_LEN	256

struct jh_stats_dir;

/*
 * A cell as the driver knows it. The root cell (ID 0) is jh.root_cell;
 * the others are on jh_cells. Both are only added and removed under
 * jh_lock. The root cell's cpus change as cells take and return CPUs:
 * that happens under jh_hc_lock too, so sysfs readers (which take only
 * jh_hc_lock) see a consistent mask.
 */
struct jh_cell {
	struct kobject kobj;
	struct list_head entry;		/* jh_cells (non-root cells) */
	unsigned int id;
	char name[JH_CELL_NAME_LEN];
	cpumask_t cpus;
	cpumask_t cpus_taken;		/* CPUs this driver offlined in Linux */
	struct jh_cell_config *config;	/* non-root: copy, for CELL_LOAD */
	bool published;			/* kobject is in sysfs */
	struct jh_stats_dir *stats;	/* statistics/ */
	struct jh_stats_dir **cpu_stats; /* statistics/cpu<N>, [nr_cpu_ids] */
	void *console_map;		/* the cell's console ring, or NULL */
	bool console_file;		/* cells/<id>/console exists */
};

struct jh_state {
	bool enabled;
	const struct firmware *fw;
	phys_addr_t hv_phys;
	u64 hv_size;
	struct jh_cell *root_cell;
	/* Copy of the enabled system config (vmalloc), for cell checks. */
	const struct jh_system_config *sys_config;
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
extern struct list_head jh_cells;

/* error.c: every refusal goes through here (pr_err + last_error). */
__printf(2, 3) int jh_refuse(int err, const char *fmt, ...);
void jh_clear_error(void);
ssize_t jh_show_error(char *buf);

/* el2.c */
int jh_el2_check(void);
int jh_enter_cpus(phys_addr_t hv_phys, u64 entry_offset);
int jh_leave_cpus(const struct cpumask *cpus, unsigned int *failed_cpu);
int jh_hc_result(long ret);
long jh_mgmt_hypercall(unsigned long code, unsigned long arg1,
		       unsigned long arg2);
long jh_hc_value(long ret);

/* config.c */
int jh_config_check(const struct jh_system_config *cfg, size_t size);
int jh_config_check_cpus(const struct jh_cell_desc *cell);
u32 jh_crc32_zeroed(const void *buf, size_t len, size_t field_off);
int jh_cell_config_check(const struct jh_cell_config *cfg, size_t size);
void jh_config_keep(const struct jh_system_config *cfg);
void jh_config_drop(void);

/* firmware.c */
int jh_image_check(const struct firmware *fw);

/* cache.c */
void jh_clean_dcache_poc(void *addr, size_t size);

/* console.c */
int jh_console_map(phys_addr_t phys, u64 size);
void jh_console_unmap(void);
ssize_t jh_console_read(char __user *buf, size_t count, loff_t *pos);
size_t jh_ring_read(const struct jh_console_ring *ring, u32 size,
		    char *kbuf, size_t max, u64 *start);
/* A cell's console ring (emulated UART): map it, sysfs file, unmap. */
int jh_cell_console_add(struct jh_cell *cell);
void jh_cell_console_remove(struct jh_cell *cell);

/* sysfs.c */
int jh_sysfs_init(void);
void jh_sysfs_exit(void);
struct jh_cell *jh_cell_new(const struct jh_cell_desc *desc, unsigned int id);
int jh_cell_publish(struct jh_cell *cell);
void jh_cell_free(struct jh_cell *cell);
int jh_cell_sync_cpu_stats(struct jh_cell *cell);
int jh_cell_add(const struct jh_cell_desc *desc, unsigned int id);
void jh_cell_remove(void);

/* enable.c / disable.c */
int jh_cmd_enable(const void __user *arg);
int jh_cmd_disable(void);

/* cell.c: the cell ioctls; callers hold jh_lock. */
int jh_cmd_cell_create(const void __user *arg);
int jh_cmd_cell_load(const void __user *arg);
int jh_cmd_cell_start(const void __user *arg);
int jh_cmd_cell_shutdown(const void __user *arg);
int jh_cmd_cell_destroy(const void __user *arg);

#endif
