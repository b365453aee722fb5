/* SPDX-License-Identifier: GPL-2.0 */
/* Shared declarations of the jailhouse CLI. */
#ifndef _JH_TOOLS_JAILHOUSE_H
#define _JH_TOOLS_JAILHOUSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/*
 * Default paths. JAILHOUSE_DEVICE and JAILHOUSE_SYSFS override them (the
 * tests point them at fake files; the bash completion reads the latter).
 */
#define JH_DEVICE		"/dev/jailhouse"
#define JH_SYSFS		"/sys/devices/jailhouse"

/* Largest image "jailhouse cell load" reads. */
#define JH_MAX_IMAGE_SIZE	(1UL << 30)

/* Exit statuses. */
#define JH_EXIT_OK		0
#define JH_EXIT_FAIL		1	/* the operation failed */
#define JH_EXIT_USAGE		2	/* bad command line / not available */

#include "cmdline.h"

/* Command tables below the root (jailhouse.c holds the root one). */
extern const struct jh_command jh_cell_cmds[];
extern const struct jh_command jh_config_cmds[];

int jh_cmd_enable(const struct jh_command *cmd, int argc, char **argv);
int jh_cmd_disable(const struct jh_command *cmd, int argc, char **argv);
int jh_cmd_console(const struct jh_command *cmd, int argc, char **argv);
/* Copy a console ring file to stdout; @follow: until SIGINT/SIGTERM. */
int jh_console_copy(int fd, const char *cmd, const char *path, int follow);
int jh_cmd_config(const struct jh_command *cmd, int argc, char **argv);

/* json.c: a JSON string literal; a decimal value as number, else null. */
void jh_json_string(FILE *out, const char *s);
bool jh_json_number(FILE *out, const char *s);

/* cmd_cell.c, for cmd_linux.c */
int jh_cell_find(const char *name, unsigned int *id);
int jh_cell_ioctl(const char *cmd, unsigned long request, void *arg);
int jh_cell_linux(const struct jh_command *cmd, int argc, char **argv);

/* device.c */
const char *jh_device_path(void);
const char *jh_sysfs_base(void);
int jh_open_device(const char *cmd, int flags);
void *jh_read_file(const char *cmd, const char *path, size_t max,
		   size_t *size);
void *jh_read_image(const char *cmd, const char *path, size_t *size);
int jh_read_line(const char *path, char *buf, size_t len);

/* errmsg.c: print the one-line report of a failed ioctl (errno @err). */
void jh_report_ioctl_error(const char *cmd, int err);
void jh_report_open_error(const char *cmd, int err);
const char *jh_errno_name(int err);

#endif
