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

/* Long-only option keys (above any short letter). */
enum { JH_OPT_NAME = 256, JH_OPT_JSON };

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

/*
 * CELL (name or numeric ID; @by_name: --name, a name even if all digits)
 * to an ID; -1 after printing why not.
 */
static int jh_cell_resolve(const char *cmd, const char *cell, bool by_name,
			   unsigned int *id)
{
	char dir[JH_PATH_LEN], name[JH_VALUE_LEN];
	unsigned int *ids;
	int n, i, found = -1;

	if (!by_name && jh_parse_id(cell, id))
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

/* ---- selecting a cell: CELL or --name NAME ---- */

struct jh_cell_sel {
	const char *cell;
	bool by_name;		/* --name: a name even if it is all digits */
};

static int jh_take_cell(const struct jh_command *cmd, const struct jh_arg *a,
			struct jh_cell_sel *sel)
{
	if (sel->cell)
		return jh_usage_error(cmd, a->key == JH_OPT_NAME ?
				      "--name given, but the cell is already named" :
				      "too many arguments");
	sel->cell = a->val;
	sel->by_name = a->key == JH_OPT_NAME;
	return 0;
}

/*
 * The command line of a verb that takes a cell and flags: the cell in
 * @sel, --json and -f set *json and *follow (a verb without them in its
 * table never sees them: getopt refused them already).
 */
static int jh_parse_cell_only(const struct jh_command *cmd, int argc,
			      char **argv, struct jh_cell_sel *sel,
			      bool *json, bool *follow)
{
	struct jh_arg av[JH_MAX_ARGS];
	int n, i, status, err = 0;

	memset(sel, 0, sizeof(*sel));
	if (!jh_parse(cmd, argc, argv, av, &n, &status))
		return status;
	for (i = 0; i < n && !err; i++) {
		if (av[i].key == JH_OPT_JSON)
			*json = true;
		else if (av[i].key == 'f')
			*follow = true;
		else
			err = jh_take_cell(cmd, &av[i], sel);
	}
	if (!err && !sel->cell)
		err = jh_usage_error(cmd, "missing CELL");
	return err ? err : JH_GO_ON;
}

/* ---- create ---- */

static int jh_cell_create(const struct jh_command *cmd, int argc,
			  char **argv)
{
	const struct jh_cell_config *cfg;
	struct jh_arg av[JH_MAX_ARGS];
	struct jh_ioctl_buf req;
	int id, n, status;
	size_t size;
	void *data;

	if (!jh_parse(cmd, argc, argv, av, &n, &status))
		return status;
	if (n != 1)
		return jh_usage_error(cmd, n < 1 ? "missing CELL.cell" :
				      "too many arguments");
	data = jh_read_file("cell create", av[0].val, JH_CONFIG_MAX_SIZE,
			    &size);
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
	struct jh_cell_sel sel;
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
static int jh_load_check_pending(const struct jh_command *cmd,
				 const struct jh_load_item *cur)
{
	if (cur && cur->string && !cur->has_addr)
		return jh_usage_error(cmd,
				      "-s \"%s\" needs -a ADDR right after it",
				      cur->string);
	return 0;
}

static int jh_load_new_item(const struct jh_command *cmd,
			    struct jh_load_args *args,
			    struct jh_load_item **cur)
{
	int err = jh_load_check_pending(cmd, *cur);

	if (err)
		return err;
	if (args->count == JH_MAX_LOAD_IMAGES)
		return jh_usage_error(cmd,
				      "at most %d images and strings per load",
				      JH_MAX_LOAD_IMAGES);
	*cur = &args->items[args->count++];
	memset(*cur, 0, sizeof(**cur));
	return 0;
}

static int jh_load_address(const struct jh_command *cmd,
			   struct jh_load_item *cur, const struct jh_arg *a)
{
	if (!cur)
		return jh_usage_error(cmd,
				      "%s ADDR must follow an IMAGE or -s STRING",
				      a->opt);
	if (cur->has_addr)
		return jh_usage_error(cmd,
				      "%s \"%s\" has two addresses (%s given twice)",
				      cur->file ? "IMAGE" : "-s",
				      cur->file ? cur->file : cur->string,
				      a->opt);
	if (jh_parse_addr(a->val, &cur->addr))
		return jh_usage_error(cmd,
				      "invalid address '%s' (decimal, 0x hex or 0 octal)",
				      a->val);
	cur->has_addr = true;
	return 0;
}

static int jh_load_item(const struct jh_command *cmd,
			struct jh_load_args *args, struct jh_load_item **cur,
			const struct jh_arg *a)
{
	int err;

	if (a->key == 'a')
		return jh_load_address(cmd, *cur, a);
	if (a->key == JH_OPT_NAME)
		return jh_take_cell(cmd, a, &args->sel);
	err = jh_load_new_item(cmd, args, cur);
	if (err)
		return err;
	if (a->key == 's')
		(*cur)->string = a->val;
	else
		(*cur)->file = a->val;
	return 0;
}

/* { CELL | --name NAME } { IMAGE | -s STRING } [-a ADDR] ... */
static int jh_load_parse(const struct jh_command *cmd, int argc, char **argv,
			 struct jh_load_args *args)
{
	struct jh_load_item *cur = NULL;
	struct jh_arg av[JH_MAX_ARGS];
	int n, i, status, err = 0;

	memset(args, 0, sizeof(*args));
	if (!jh_parse(cmd, argc, argv, av, &n, &status))
		return status;
	if (n && (av[0].key == JH_ARG_POS || av[0].key == JH_OPT_NAME))
		err = jh_take_cell(cmd, &av[0], &args->sel);
	else
		err = jh_usage_error(cmd, "missing CELL");
	for (i = 1; i < n && !err; i++)
		err = jh_load_item(cmd, args, &cur, &av[i]);
	if (!err)
		err = jh_load_check_pending(cmd, cur);
	if (!err && !args->count)
		err = jh_usage_error(cmd, "missing IMAGE or -s STRING");
	return err ? err : JH_GO_ON;
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

static int jh_cell_load(const struct jh_command *cmd, int argc, char **argv)
{
	struct jh_ioctl_image images[JH_MAX_LOAD_IMAGES];
	void *bufs[JH_MAX_LOAD_IMAGES] = { NULL };
	struct jh_ioctl_cell_load req;
	struct jh_load_args args;
	unsigned int id, i;
	int ret;

	ret = jh_load_parse(cmd, argc, argv, &args);
	if (ret != JH_GO_ON)
		return ret;
	if (jh_cell_resolve("cell load", args.sel.cell, args.sel.by_name, &id))
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

static int jh_cell_by_id(const struct jh_command *cmd, int argc, char **argv,
			 unsigned long request)
{
	struct jh_cell_sel sel;
	bool unused = false;
	char what[32];
	unsigned int id;
	__u32 arg;
	int err;

	err = jh_parse_cell_only(cmd, argc, argv, &sel, &unused, &unused);
	if (err != JH_GO_ON)
		return err;
	snprintf(what, sizeof(what), "%s", cmd->path);
	if (jh_cell_resolve(what, sel.cell, sel.by_name, &id))
		return JH_EXIT_FAIL;
	arg = id;
	return jh_cell_ioctl(what, request, &arg) < 0 ? JH_EXIT_FAIL :
						       JH_EXIT_OK;
}

static int jh_cell_start(const struct jh_command *cmd, int argc, char **argv)
{
	return jh_cell_by_id(cmd, argc, argv, JH_IOCTL_CELL_START);
}

static int jh_cell_shutdown(const struct jh_command *cmd, int argc,
			    char **argv)
{
	return jh_cell_by_id(cmd, argc, argv, JH_IOCTL_CELL_SHUTDOWN);
}

static int jh_cell_destroy(const struct jh_command *cmd, int argc,
			   char **argv)
{
	return jh_cell_by_id(cmd, argc, argv, JH_IOCTL_CELL_DESTROY);
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

/* One cell of `cell list --json`; unreadable values are null. */
static void jh_list_json_row(unsigned int id, bool first, int *err)
{
	static const char *const keys[] = {
		"name", "state", "cpus_assigned_list", "cpus_failed_list",
	};
	char val[JH_VALUE_LEN];
	size_t k;
	int ret;

	printf("%s\n  {\"id\": %u", first ? "" : ",", id);
	for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		printf(", \"%s\": ", keys[k]);
		ret = jh_cell_attr(id, keys[k], val, sizeof(val));
		if (ret && !*err)
			*err = -ret;
		if (ret)
			fputs("null", stdout);
		else
			jh_json_string(stdout, val);
	}
	putchar('}');
}

static int jh_list_parse(const struct jh_command *cmd, int argc, char **argv,
			 bool *json)
{
	struct jh_arg av[JH_MAX_ARGS];
	int n, i, status;

	if (!jh_parse(cmd, argc, argv, av, &n, &status))
		return status;
	for (i = 0; i < n; i++) {
		if (av[i].key != JH_OPT_JSON)
			return jh_usage_error(cmd, "too many arguments");
		*json = true;
	}
	return JH_GO_ON;
}

static int jh_cell_list(const struct jh_command *cmd, int argc, char **argv)
{
	char dir[JH_PATH_LEN], line[128];
	bool json = false;
	unsigned int *ids;
	int n, i, err;

	err = jh_list_parse(cmd, argc, argv, &json);
	if (err != JH_GO_ON)
		return err;
	err = 0;	/* from here: the first unreadable value's errno */
	jh_cells_dir(dir, sizeof(dir));
	n = jh_scan_numbered(dir, "", &ids);
	if (n < 0) {
		fprintf(stderr,
			"jailhouse cell list: cannot read %s: %s; hint: is jailhouse.ko loaded? (insmod jailhouse.ko)\n",
			dir, strerror(-n));
		return JH_EXIT_FAIL;
	}
	if (json) {
		putchar('[');
		for (i = 0; i < n; i++)
			jh_list_json_row(ids[i], !i, &err);
		printf("%s]\n", n ? "\n" : "");
	} else {
		snprintf(line, sizeof(line), "%-7s %-23s %-17s %-23s %s", "ID",
			 "Name", "State", "Assigned CPUs", "Failed CPUs");
		jh_print_trimmed(line);
		for (i = 0; i < n; i++)
			jh_list_row(ids[i], &err);
	}
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

#define JH_DB_DROPPED	"doorbells_dropped"

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

static void jh_stats_head(const char *title, const unsigned int *cpus, int n)
{
	char head[24];
	int i;

	printf("%-14s", title);
	for (i = 0; i < n; i++) {
		snprintf(head, sizeof(head), "CPU %u", cpus[i]);
		printf(" %12s", head);
	}
	printf(" %14s\n", "Total");
}

static void jh_stats_row(unsigned int id, const unsigned int *cpus, int n,
			 const char *file, const char *label, int *err)
{
	char val[JH_VALUE_LEN];
	int i;

	printf("%-14s", label);
	for (i = 0; i < n; i++)
		printf(" %12s", jh_stat_value(id, cpus[i], file, val,
					      sizeof(val), err));
	printf(" %14s\n", jh_stat_value(id, -1, file, val, sizeof(val), err));
}

/* Exits by reason, then the link doorbells the cell rang in vain. */
static void jh_stats_table(unsigned int id, const unsigned int *cpus, int n,
			   int *err)
{
	size_t r;

	jh_stats_head("Exit reason", cpus, n);
	for (r = 0; r < sizeof(jh_stat_rows) / sizeof(jh_stat_rows[0]); r++)
		jh_stats_row(id, cpus, n, jh_stat_rows[r].file,
			     jh_stat_rows[r].label, err);
	putchar('\n');
	jh_stats_head("Link doorbells", cpus, n);
	jh_stats_row(id, cpus, n, JH_DB_DROPPED, "dropped", err);
}

/* One counter as a JSON number, null if unreadable. */
static void jh_stats_json_value(unsigned int id, int cpu, const char *file,
				int *err)
{
	char val[JH_VALUE_LEN], rel[64];
	int ret;

	if (cpu < 0)
		snprintf(rel, sizeof(rel), "statistics/%s", file);
	else
		snprintf(rel, sizeof(rel), "statistics/cpu%d/%s", cpu, file);
	ret = jh_cell_attr(id, rel, val, sizeof(val));
	if (ret)
		fputs("null", stdout);
	if (!ret && !jh_json_number(stdout, val))
		ret = -EINVAL;
	if (ret && !*err)
		*err = -ret;
}

/* One object of counters: {"total": N, "hvc": N, ...}. */
static void jh_stats_json_set(unsigned int id, int cpu, int *err)
{
	size_t r;

	putchar('{');
	for (r = 0; r < sizeof(jh_stat_rows) / sizeof(jh_stat_rows[0]); r++) {
		printf("%s\"%s\": ", r ? ", " : "", jh_stat_rows[r].label);
		jh_stats_json_value(id, cpu, jh_stat_rows[r].file, err);
	}
	putchar('}');
}

static void jh_stats_json(unsigned int id, const char *name,
			  const unsigned int *cpus, int n, int *err)
{
	int i;

	printf("{\"id\": %u, \"name\": ", id);
	jh_json_string(stdout, name);
	printf(",\n \"exits\": ");
	jh_stats_json_set(id, -1, err);
	printf(",\n \"" JH_DB_DROPPED "\": ");
	jh_stats_json_value(id, -1, JH_DB_DROPPED, err);
	printf(",\n \"cpus\": {");
	for (i = 0; i < n; i++) {
		printf("%s\n  \"%u\": ", i ? "," : "", cpus[i]);
		jh_stats_json_set(id, cpus[i], err);
	}
	printf("%s}}\n", n ? "\n " : "");
}

static int jh_cell_stats(const struct jh_command *cmd, int argc, char **argv)
{
	char name[JH_VALUE_LEN], dir[JH_PATH_LEN];
	struct jh_cell_sel sel;
	unsigned int id, *cpus;
	bool json = false, unused = false;
	int n, err;

	err = jh_parse_cell_only(cmd, argc, argv, &sel, &json, &unused);
	if (err != JH_GO_ON)
		return err;
	err = 0;	/* from here: the first unreadable counter's errno */
	if (jh_cell_resolve("cell stats", sel.cell, sel.by_name, &id))
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
	if (json) {
		jh_stats_json(id, name, cpus, n, &err);
	} else {
		printf("Cell \"%s\" (ID %u): hypervisor exits by reason\n\n",
		       name, id);
		jh_stats_table(id, cpus, n, &err);
	}
	free(cpus);
	if (err)
		fprintf(stderr, "jailhouse cell stats: some counters could not be read (?): %s\n",
			strerror(err));
	return err ? JH_EXIT_FAIL : JH_EXIT_OK;
}

/* ---- console ---- */

static int jh_cell_console(const struct jh_command *cmd, int argc,
			   char **argv)
{
	bool follow = false, unused = false;
	char path[JH_PATH_LEN];
	struct jh_cell_sel sel;
	unsigned int id;
	int fd, ret;

	ret = jh_parse_cell_only(cmd, argc, argv, &sel, &unused, &follow);
	if (ret != JH_GO_ON)
		return ret;
	if (jh_cell_resolve("cell console", sel.cell, sel.by_name, &id))
		return JH_EXIT_FAIL;
	snprintf(path, sizeof(path), "%s/cells/%u/console", jh_sysfs_base(),
		 id);
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, errno == ENOENT ?
			"jailhouse cell console: cell %s has no console (%s missing); hint: only cells with a uart in their config have one\n" :
			"jailhouse cell console: cell %s: %s: %s\n",
			sel.cell, path, strerror(errno));
		return JH_EXIT_FAIL;
	}
	ret = jh_console_copy(fd, "cell console", path, follow);
	close(fd);
	return ret;
}

/* ---- the table ---- */

static const struct jh_opt jh_opt_name = {
	"name", JH_OPT_NAME, "NAME",
	"the cell named NAME (also when NAME is all digits)"
};
static const struct jh_opt jh_opt_json = {
	"json", JH_OPT_JSON, NULL, "print JSON instead of a table"
};

static const struct jh_opt jh_cell_opts[] = { jh_opt_name, { NULL } };
static const struct jh_opt jh_list_opts[] = { jh_opt_json, { NULL } };
static const struct jh_opt jh_stats_opts[] = {
	jh_opt_name, jh_opt_json, { NULL }
};
static const struct jh_opt jh_console_opts[] = {
	jh_opt_name,
	{ "follow", 'f', NULL, "keep printing until interrupted" },
	{ NULL }
};
static const struct jh_opt jh_load_opts[] = {
	jh_opt_name,
	{ "address", 'a', "ADDR",
	  "guest address of the IMAGE or STRING before it (default 0)" },
	{ "string", 's', "STRING", "copy STRING (and its NUL) instead of a file" },
	{ NULL }
};
static const struct jh_opt jh_linux_opts[] = {
	{ "initrd", 'i', "INITRD", "load INITRD after the kernel" },
	{ "cmdline", 'c', "CMDLINE", "kernel command line (bootargs)" },
	{ "dtb", 'd', "DTB", "start from DTB instead of a generated tree" },
	{ "write-dtb", 'w', "OUT.dtb", "also write the cell's device tree here" },
	{ "dry-run", 'n', NULL, "check and print the layout, change nothing" },
	{ NULL }
};

#define JH_STR2(x)	#x
#define JH_STR(x)	JH_STR2(x)
#define JH_CELL_NOTES \
	"CELL is a cell name or numeric ID (see 'jailhouse cell list'); --name NAME\n" \
	"takes NAME as a name even if it is all digits."

const struct jh_command jh_cell_cmds[] = {
	{ "cell create", "CELL.cell",
	  "create a cell from its compiled config; its CPUs leave Linux",
	  NULL, NULL, NULL, jh_cell_create },
	{ "cell load", "CELL IMAGE [-a ADDR] [-s STRING -a ADDR]...",
	  "stop the cell and copy images and strings into its memory",
	  JH_CELL_NOTES "\nEach IMAGE file goes to the guest address of the -a ADDR after it\n"
	  "(default 0); -s STRING copies STRING and its terminating NUL to the\n"
	  "address of the -a ADDR that must follow it. At most "
	  JH_STR(JH_MAX_LOAD_IMAGES) " per load.",
	  jh_load_opts, NULL, jh_cell_load },
	{ "cell start", "CELL", "start the cell at its entry point",
	  JH_CELL_NOTES, jh_cell_opts, NULL, jh_cell_start },
	{ "cell linux", "CELL.cell KERNEL [-i INITRD] [-c CMDLINE] [-d DTB] [-w OUT.dtb] [-n]",
	  "boot an arm64 Linux Image in the cell (created if needed)",
	  "See Documentation/linux-cells.md.", jh_linux_opts, NULL,
	  jh_cell_linux },
	{ "cell shutdown", "CELL", "ask the cell to stop (it may refuse)",
	  JH_CELL_NOTES, jh_cell_opts, NULL, jh_cell_shutdown },
	{ "cell destroy", "CELL",
	  "stop the cell and give its CPUs and memory back to Linux",
	  JH_CELL_NOTES, jh_cell_opts, NULL, jh_cell_destroy },
	{ "cell list", "", "list cells: ID, name, state, assigned and failed CPUs",
	  NULL, jh_list_opts, NULL, jh_cell_list },
	{ "cell stats", "CELL",
	  "show the cell's hypervisor exits per CPU and total",
	  JH_CELL_NOTES, jh_stats_opts, NULL, jh_cell_stats },
	{ "cell console", "CELL [-f]",
	  "print what the cell wrote to its emulated UART (-f: keep following)",
	  JH_CELL_NOTES, jh_console_opts, NULL, jh_cell_console },
	{ NULL },
};
