// SPDX-License-Identifier: GPL-2.0
/*
 * jailhouse cell COMMAND: create, load, start, shutdown, destroy, list,
 * stats. A cell is named by its name or its numeric ID; names are looked
 * up in <sysfs>/cells/<id>/name. Usage errors exit 2, failures 1.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <jailhouse/config.h>
#include <jailhouse/ioctl.h>
#include "jailhouse.h"

#define JH_PATH_LEN	4096
#define JH_VALUE_LEN	256

struct jh_subcmd {
	const char *name;
	const char *args;
	const char *help;
	int (*run)(int argc, char **argv);	/* argv[0] is the subcommand */
};

static const struct jh_subcmd *jh_find_subcmd(const char *name);

static void jh_subcmd_usage(FILE *out, const char *name)
{
	const struct jh_subcmd *c = jh_find_subcmd(name);

	fprintf(out, "Usage: jailhouse cell %s%s%s\n", name,
		c->args[0] ? " " : "", c->args);
}

/* "jailhouse cell SUB: message" and the usage line; exit status 2. */
__attribute__((format(printf, 2, 3)))
static int jh_usage_error(const char *sub, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "jailhouse cell %s: ", sub);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	jh_subcmd_usage(stderr, sub);
	return JH_EXIT_USAGE;
}

/* Decimal digits only, fitting in 32 bits. */
static bool jh_parse_id(const char *s, unsigned int *id)
{
	unsigned long long v;
	const char *p;

	if (!*s || strlen(s) > 10)
		return false;
	for (p = s; *p; p++)
		if (!isdigit((unsigned char)*p))
			return false;
	v = strtoull(s, NULL, 10);
	if (v > UINT32_MAX)
		return false;
	*id = v;
	return true;
}

static int jh_cmp_uint(const void *a, const void *b)
{
	unsigned int x = *(const unsigned int *)a, y = *(const unsigned int *)b;

	return x < y ? -1 : x > y;
}

/* Sorted numbers N of the entries PREFIX<N> in @dir: count or -errno. */
static int jh_scan_numbered(const char *dir, const char *prefix,
			    unsigned int **out)
{
	size_t plen = strlen(prefix), n = 0, cap = 0;
	unsigned int *v = NULL, *tmp, num;
	struct dirent *e;
	DIR *d = opendir(dir);

	if (!d)
		return -errno;
	while ((e = readdir(d))) {
		if (strncmp(e->d_name, prefix, plen) ||
		    !jh_parse_id(e->d_name + plen, &num))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			tmp = realloc(v, cap * sizeof(*v));
			if (!tmp) {
				free(v);
				closedir(d);
				return -ENOMEM;
			}
			v = tmp;
		}
		v[n++] = num;
	}
	closedir(d);
	if (n)
		qsort(v, n, sizeof(*v), jh_cmp_uint);
	*out = v;
	return (int)n;
}

static void jh_cells_dir(char *buf, size_t len)
{
	snprintf(buf, len, "%s/cells", jh_sysfs_base());
}

/* <sysfs>/cells/<id>/<file> into @buf: 0 or -errno. */
static int jh_cell_attr(unsigned int id, const char *file, char *buf,
			size_t len)
{
	char path[JH_PATH_LEN];

	snprintf(path, sizeof(path), "%s/cells/%u/%s", jh_sysfs_base(), id,
		 file);
	return jh_read_line(path, buf, len);
}

/* CELL (name or numeric ID) to an ID; -1 after printing why not. */
static int jh_cell_resolve(const char *cmd, const char *cell,
			   unsigned int *id)
{
	char dir[JH_PATH_LEN], name[JH_VALUE_LEN];
	unsigned int *ids;
	int n, i, found = -1;

	if (jh_parse_id(cell, id))
		return 0;
	jh_cells_dir(dir, sizeof(dir));
	n = jh_scan_numbered(dir, "", &ids);
	if (n < 0) {
		fprintf(stderr,
			"jailhouse %s: cannot look up cell \"%s\": %s: %s; hint: is jailhouse.ko loaded and the hypervisor enabled?\n",
			cmd, cell, dir, strerror(-n));
		return -1;
	}
	for (i = 0; i < n && found < 0; i++)
		if (!jh_cell_attr(ids[i], "name", name, sizeof(name)) &&
		    !strcmp(name, cell))
			found = i;
	if (found >= 0)
		*id = ids[found];
	else
		fprintf(stderr,
			"jailhouse %s: no cell named \"%s\"; hint: see 'jailhouse cell list'\n",
			cmd, cell);
	free(ids);
	return found >= 0 ? 0 : -1;
}

/* Quiet lookup of a cell by name: 0, -ENOENT, or -errno of the sysfs scan. */
int jh_cell_find(const char *name, unsigned int *id)
{
	char dir[JH_PATH_LEN], cname[JH_VALUE_LEN];
	unsigned int *ids;
	int n, i, ret = -ENOENT;

	jh_cells_dir(dir, sizeof(dir));
	n = jh_scan_numbered(dir, "", &ids);
	if (n < 0)
		return n;
	for (i = 0; i < n && ret; i++)
		if (!jh_cell_attr(ids[i], "name", cname, sizeof(cname)) &&
		    !strcmp(cname, name)) {
			*id = ids[i];
			ret = 0;
		}
	free(ids);
	return ret;
}

/* ioctl on /dev/jailhouse; its result, or -1 after the error report. */
int jh_cell_ioctl(const char *cmd, unsigned long request, void *arg)
{
	int fd = jh_open_device(cmd, O_RDWR);
	int ret;

	if (fd < 0)
		return -1;
	ret = ioctl(fd, request, arg);
	if (ret < 0)
		jh_report_ioctl_error(cmd, errno);
	close(fd);
	return ret;
}

/* ---- create ---- */

static int jh_cell_create(int argc, char **argv)
{
	const struct jh_cell_config *cfg;
	struct jh_ioctl_buf req;
	size_t size;
	void *data;
	int id;

	if (argc != 2)
		return jh_usage_error("create", argc < 2 ?
				      "missing CELL.cell" :
				      "too many arguments");
	data = jh_read_file("cell create", argv[1], JH_CONFIG_MAX_SIZE, &size);
	if (!data)
		return JH_EXIT_FAIL;
	req.addr = (uintptr_t)data;
	req.size = size;
	id = jh_cell_ioctl("cell create", JH_IOCTL_CELL_CREATE, &req);
	if (id >= 0 && size >= sizeof(*cfg)) {
		cfg = data;
		printf("Created cell \"%.*s\" (ID %d)\n",
		       (int)strnlen(cfg->cell.name, JH_CELL_NAME_LEN),
		       cfg->cell.name, id);
	}
	free(data);
	return id < 0 ? JH_EXIT_FAIL : JH_EXIT_OK;
}

/* ---- load ---- */

struct jh_load_item {
	const char *file;	/* an IMAGE file, or */
	const char *string;	/* -s STRING */
	unsigned long long addr;
	bool has_addr;
};

struct jh_load_args {
	const char *cell;
	struct jh_load_item items[JH_MAX_LOAD_IMAGES];
	unsigned int count;
};

static int jh_parse_addr(const char *s, unsigned long long *addr)
{
	char *end;

	if (!isdigit((unsigned char)s[0]))
		return -1;
	errno = 0;
	*addr = strtoull(s, &end, 0);
	return errno || *end ? -1 : 0;
}

/* A string must be followed by its -a before anything else comes. */
static int jh_load_check_pending(const struct jh_load_item *cur)
{
	if (cur && cur->string && !cur->has_addr)
		return jh_usage_error("load",
				      "-s \"%s\" needs -a ADDR right after it",
				      cur->string);
	return 0;
}

static int jh_load_new_item(struct jh_load_args *args,
			    struct jh_load_item **cur)
{
	int err = jh_load_check_pending(*cur);

	if (err)
		return err;
	if (args->count == JH_MAX_LOAD_IMAGES)
		return jh_usage_error("load",
				      "at most %d images and strings per load",
				      JH_MAX_LOAD_IMAGES);
	*cur = &args->items[args->count++];
	memset(*cur, 0, sizeof(**cur));
	return 0;
}

static int jh_load_address(struct jh_load_item *cur, const char *opt,
			   const char *value)
{
	if (!cur)
		return jh_usage_error("load",
				      "%s ADDR must follow an IMAGE or -s STRING",
				      opt);
	if (cur->has_addr)
		return jh_usage_error("load",
				      "%s \"%s\" has two addresses (%s given twice)",
				      cur->file ? "IMAGE" : "-s",
				      cur->file ? cur->file : cur->string, opt);
	if (!value)
		return jh_usage_error("load", "%s needs an address", opt);
	if (jh_parse_addr(value, &cur->addr))
		return jh_usage_error("load",
				      "invalid address '%s' (decimal, 0x hex or 0 octal)",
				      value);
	cur->has_addr = true;
	return 0;
}

static bool jh_is(const char *arg, const char *short_opt, const char *long_opt)
{
	return !strcmp(arg, short_opt) || !strcmp(arg, long_opt);
}

/* CELL { IMAGE | -s STRING } [-a ADDR] ... (Jailhouse's syntax). */
static int jh_load_parse(int argc, char **argv, struct jh_load_args *args)
{
	struct jh_load_item *cur = NULL;
	const char *a, *value;
	int i, err = 0;

	if (argc < 2)
		return jh_usage_error("load", "missing CELL");
	args->cell = argv[1];
	args->count = 0;
	for (i = 2; i < argc && !err; i++) {
		a = argv[i];
		value = i + 1 < argc ? argv[i + 1] : NULL;
		if (jh_is(a, "-a", "--address")) {
			err = jh_load_address(cur, a, value);
			i++;
		} else if (jh_is(a, "-s", "--string")) {
			if (!value)
				return jh_usage_error("load",
						      "%s needs a STRING", a);
			err = jh_load_new_item(args, &cur);
			if (!err)
				cur->string = value;
			i++;
		} else if (a[0] == '-' && a[1]) {
			err = jh_usage_error("load", "unknown option '%s'", a);
		} else {
			err = jh_load_new_item(args, &cur);
			if (!err)
				cur->file = a;
		}
	}
	if (!err)
		err = jh_load_check_pending(cur);
	if (!err && !args->count)
		err = jh_usage_error("load", "missing IMAGE or -s STRING");
	return err;
}

/* Read the files, fill @images; bufs[] gets what must be freed. */
static int jh_load_prepare(const struct jh_load_args *args,
			   struct jh_ioctl_image *images, void **bufs)
{
	const struct jh_load_item *it;
	unsigned int i;
	size_t size;

	for (i = 0; i < args->count; i++) {
		it = &args->items[i];
		if (it->file) {
			bufs[i] = jh_read_image("cell load", it->file, &size);
			if (!bufs[i])
				return -1;
			images[i].source = (uintptr_t)bufs[i];
			images[i].size = size;
		} else {
			images[i].source = (uintptr_t)it->string;
			images[i].size = strlen(it->string) + 1;
		}
		images[i].target = it->has_addr ? it->addr : 0;
	}
	return 0;
}

static int jh_cell_load(int argc, char **argv)
{
	struct jh_ioctl_image images[JH_MAX_LOAD_IMAGES];
	void *bufs[JH_MAX_LOAD_IMAGES] = { NULL };
	struct jh_ioctl_cell_load req;
	struct jh_load_args args;
	unsigned int id, i;
	int ret;

	ret = jh_load_parse(argc, argv, &args);
	if (ret)
		return ret;
	if (jh_cell_resolve("cell load", args.cell, &id))
		return JH_EXIT_FAIL;
	ret = jh_load_prepare(&args, images, bufs);
	if (!ret) {
		req.id = id;
		req.num_images = args.count;
		req.images = (uintptr_t)images;
		ret = jh_cell_ioctl("cell load", JH_IOCTL_CELL_LOAD, &req);
	}
	for (i = 0; i < args.count; i++)
		free(bufs[i]);
	return ret < 0 ? JH_EXIT_FAIL : JH_EXIT_OK;
}

/* ---- start, shutdown, destroy ---- */

static int jh_cell_by_id(int argc, char **argv, unsigned long request)
{
	char cmd[32];
	unsigned int id;
	__u32 arg;

	if (argc != 2)
		return jh_usage_error(argv[0], argc < 2 ? "missing CELL" :
				      "too many arguments");
	snprintf(cmd, sizeof(cmd), "cell %s", argv[0]);
	if (jh_cell_resolve(cmd, argv[1], &id))
		return JH_EXIT_FAIL;
	arg = id;
	return jh_cell_ioctl(cmd, request, &arg) < 0 ? JH_EXIT_FAIL :
						      JH_EXIT_OK;
}

static int jh_cell_start(int argc, char **argv)
{
	return jh_cell_by_id(argc, argv, JH_IOCTL_CELL_START);
}

static int jh_cell_shutdown(int argc, char **argv)
{
	return jh_cell_by_id(argc, argv, JH_IOCTL_CELL_SHUTDOWN);
}

static int jh_cell_destroy(int argc, char **argv)
{
	return jh_cell_by_id(argc, argv, JH_IOCTL_CELL_DESTROY);
}

/* ---- list ---- */

/* A sysfs value, or "?" (and the first error kept in *err). */
static const char *jh_attr_or_mark(unsigned int id, const char *file,
				   char *buf, size_t len, int *err)
{
	int ret = jh_cell_attr(id, file, buf, len);

	if (!ret)
		return buf;
	if (!*err)
		*err = -ret;
	return "?";
}

static void jh_print_trimmed(char *line)
{
	size_t n = strlen(line);

	while (n && line[n - 1] == ' ')
		line[--n] = '\0';
	puts(line);
}

static void jh_list_row(unsigned int id, int *err)
{
	char name[JH_VALUE_LEN], state[JH_VALUE_LEN];
	char cpus[JH_VALUE_LEN], failed[JH_VALUE_LEN];
	char line[4 * JH_VALUE_LEN + 64], ids[16];

	snprintf(ids, sizeof(ids), "%u", id);
	snprintf(line, sizeof(line), "%-7s %-23s %-17s %-23s %s", ids,
		 jh_attr_or_mark(id, "name", name, sizeof(name), err),
		 jh_attr_or_mark(id, "state", state, sizeof(state), err),
		 jh_attr_or_mark(id, "cpus_assigned_list", cpus, sizeof(cpus),
				 err),
		 jh_attr_or_mark(id, "cpus_failed_list", failed,
				 sizeof(failed), err));
	jh_print_trimmed(line);
}

static int jh_cell_list(int argc, char **argv)
{
	char dir[JH_PATH_LEN], line[128];
	unsigned int *ids;
	int n, i, err = 0;

	(void)argv;
	if (argc != 1)
		return jh_usage_error("list", "too many arguments");
	jh_cells_dir(dir, sizeof(dir));
	n = jh_scan_numbered(dir, "", &ids);
	if (n < 0) {
		fprintf(stderr,
			"jailhouse cell list: cannot read %s: %s; hint: is jailhouse.ko loaded? (insmod jailhouse.ko)\n",
			dir, strerror(-n));
		return JH_EXIT_FAIL;
	}
	snprintf(line, sizeof(line), "%-7s %-23s %-17s %-23s %s", "ID", "Name",
		 "State", "Assigned CPUs", "Failed CPUs");
	jh_print_trimmed(line);
	for (i = 0; i < n; i++)
		jh_list_row(ids[i], &err);
	free(ids);
	if (err)
		fprintf(stderr, "jailhouse cell list: some values could not be read (?): %s\n",
			strerror(err));
	return err ? JH_EXIT_FAIL : JH_EXIT_OK;
}

/* ---- stats ---- */

static const struct {
	const char *file;
	const char *label;
} jh_stat_rows[] = {
	{ "exits_total", "total" },
	{ "exits_hvc", "hvc" },
	{ "exits_smc", "smc" },
	{ "exits_psci", "psci" },
	{ "exits_mmio", "mmio" },
	{ "exits_sysreg", "sysreg" },
	{ "exits_irq", "irq" },
	{ "exits_maintenance", "maintenance" },
	{ "exits_sgi", "sgi" },
	{ "exits_other", "other" },
};

/* One counter: statistics/<file> or statistics/cpu<N>/<file>. */
static const char *jh_stat_value(unsigned int id, int cpu, const char *file,
				 char *buf, size_t len, int *err)
{
	char rel[64];

	if (cpu < 0)
		snprintf(rel, sizeof(rel), "statistics/%s", file);
	else
		snprintf(rel, sizeof(rel), "statistics/cpu%d/%s", cpu, file);
	return jh_attr_or_mark(id, rel, buf, len, err);
}

static void jh_stats_table(unsigned int id, const unsigned int *cpus, int n,
			   int *err)
{
	char val[JH_VALUE_LEN], head[24];
	size_t r;
	int i;

	printf("%-14s", "Exit reason");
	for (i = 0; i < n; i++) {
		snprintf(head, sizeof(head), "CPU %u", cpus[i]);
		printf(" %12s", head);
	}
	printf(" %14s\n", "Total");
	for (r = 0; r < sizeof(jh_stat_rows) / sizeof(jh_stat_rows[0]); r++) {
		printf("%-14s", jh_stat_rows[r].label);
		for (i = 0; i < n; i++)
			printf(" %12s", jh_stat_value(id, cpus[i],
						      jh_stat_rows[r].file, val,
						      sizeof(val), err));
		printf(" %14s\n", jh_stat_value(id, -1, jh_stat_rows[r].file,
						val, sizeof(val), err));
	}
}

static int jh_cell_stats(int argc, char **argv)
{
	char name[JH_VALUE_LEN], dir[JH_PATH_LEN];
	unsigned int id, *cpus;
	int n, err = 0;

	if (argc != 2)
		return jh_usage_error("stats", argc < 2 ? "missing CELL" :
				      "too many arguments");
	if (jh_cell_resolve("cell stats", argv[1], &id))
		return JH_EXIT_FAIL;
	if (jh_cell_attr(id, "name", name, sizeof(name))) {
		fprintf(stderr,
			"jailhouse cell stats: no cell with ID %u; hint: see 'jailhouse cell list'\n",
			id);
		return JH_EXIT_FAIL;
	}
	snprintf(dir, sizeof(dir), "%s/cells/%u/statistics", jh_sysfs_base(),
		 id);
	n = jh_scan_numbered(dir, "cpu", &cpus);
	if (n < 0) {
		fprintf(stderr,
			"jailhouse cell stats: cannot read %s: %s; hint: use jailhouse.ko from the same build\n",
			dir, strerror(-n));
		return JH_EXIT_FAIL;
	}
	printf("Cell \"%s\" (ID %u): hypervisor exits by reason\n\n", name, id);
	jh_stats_table(id, cpus, n, &err);
	free(cpus);
	if (err)
		fprintf(stderr, "jailhouse cell stats: some counters could not be read (?): %s\n",
			strerror(err));
	return err ? JH_EXIT_FAIL : JH_EXIT_OK;
}

/* ---- console ---- */

static int jh_cell_console(int argc, char **argv)
{
	char path[JH_PATH_LEN];
	unsigned int id;
	int follow = argc == 3 && (!strcmp(argv[2], "-f") ||
				   !strcmp(argv[2], "--follow"));
	int fd, ret;

	if (argc < 2 || argc > 3 || (argc == 3 && !follow))
		return jh_usage_error("console", argc < 2 ? "missing CELL" :
				      "only -f may follow CELL");
	if (jh_cell_resolve("cell console", argv[1], &id))
		return JH_EXIT_FAIL;
	snprintf(path, sizeof(path), "%s/cells/%u/console", jh_sysfs_base(),
		 id);
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, errno == ENOENT ?
			"jailhouse cell console: cell %s has no console (%s missing); hint: only cells with a uart in their config have one\n" :
			"jailhouse cell console: cell %s: %s: %s\n",
			argv[1], path, strerror(errno));
		return JH_EXIT_FAIL;
	}
	ret = jh_console_copy(fd, "cell console", path, follow);
	close(fd);
	return ret;
}

/* ---- dispatch ---- */

static const struct jh_subcmd jh_cell_cmds[] = {
	{ "create", "CELL.cell",
	  "create a cell from its compiled config; its CPUs leave Linux",
	  jh_cell_create },
	{ "load", "CELL IMAGE [-a ADDR] [-s STRING -a ADDR]...",
	  "stop the cell and copy images and strings into its memory",
	  jh_cell_load },
	{ "start", "CELL", "start the cell at its entry point", jh_cell_start },
	{ "linux", "CELL.cell KERNEL [-i INITRD] [-c CMDLINE] [-d DTB] [-w OUT.dtb] [-n]",
	  "boot an arm64 Linux Image in the cell (created if needed)",
	  jh_cell_linux },
	{ "shutdown", "CELL", "ask the cell to stop (it may refuse)",
	  jh_cell_shutdown },
	{ "destroy", "CELL",
	  "stop the cell and give its CPUs and memory back to Linux",
	  jh_cell_destroy },
	{ "list", "", "list cells: ID, name, state, assigned and failed CPUs",
	  jh_cell_list },
	{ "stats", "CELL", "show the cell's hypervisor exits per CPU and total",
	  jh_cell_stats },
	{ "console", "CELL [-f]",
	  "print what the cell wrote to its emulated UART (-f: keep following)",
	  jh_cell_console },
	{ NULL, NULL, NULL, NULL },
};

static const struct jh_subcmd *jh_find_subcmd(const char *name)
{
	const struct jh_subcmd *c;

	for (c = jh_cell_cmds; c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

static void jh_cell_usage(FILE *out)
{
	const struct jh_subcmd *c;

	fprintf(out, "Usage: jailhouse cell COMMAND [ARGS]\n\nCommands:\n");
	for (c = jh_cell_cmds; c->name; c++)
		fprintf(out, "  %s%s%s\n      %s\n", c->name,
			c->args[0] ? " " : "", c->args, c->help);
	fprintf(out,
		"\nCELL is a cell name or numeric ID (see 'jailhouse cell list').\n"
		"load: each IMAGE file goes to the guest address of the -a ADDR after it\n"
		"(default 0); -s STRING copies STRING and its terminating NUL to the\n"
		"address of the -a ADDR that must follow it. At most %d per load.\n",
		JH_MAX_LOAD_IMAGES);
}

static bool jh_is_help(const char *arg)
{
	return !strcmp(arg, "-h") || !strcmp(arg, "--help");
}

int jh_cmd_cell(int argc, char **argv)
{
	const struct jh_subcmd *c;

	if (argc < 2) {
		jh_cell_usage(stderr);
		return JH_EXIT_USAGE;
	}
	if (jh_is_help(argv[1]) || !strcmp(argv[1], "help")) {
		jh_cell_usage(stdout);
		return JH_EXIT_OK;
	}
	c = jh_find_subcmd(argv[1]);
	if (!c) {
		fprintf(stderr, "jailhouse cell: unknown command '%s'\n\n",
			argv[1]);
		jh_cell_usage(stderr);
		return JH_EXIT_USAGE;
	}
	if (argc == 3 && jh_is_help(argv[2])) {
		jh_subcmd_usage(stdout, c->name);
		printf("%s\n", c->help);
		return JH_EXIT_OK;
	}
	return c->run(argc - 1, argv + 1);
}
