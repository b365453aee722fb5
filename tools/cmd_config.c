// SPDX-License-Identifier: GPL-2.0
/*
 * jailhouse config ...: runs the Python config tool installed beside this
 * binary, "<dir of /proc/self/exe>/jailhouse-config ARGS".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "jailhouse.h"

#define JH_NEED_PYTHON "jailhouse config needs Python 3 with PyYAML and jsonschema; run it on a host, or install python3-yaml python3-jsonschema"

static int jh_have_python3(void)
{
	const char *path = getenv("PATH");
	char dir[PATH_MAX], file[PATH_MAX + 16];
	const char *p, *end;
	size_t len;

	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (p = path; *p; p = *end ? end + 1 : end) {
		end = strchrnul(p, ':');
		len = end - p;
		if (!len || len >= sizeof(dir))
			continue;
		memcpy(dir, p, len);
		dir[len] = '\0';
		snprintf(file, sizeof(file), "%s/python3", dir);
		if (!access(file, X_OK))
			return 1;
	}
	return 0;
}

static int jh_tool_path(char *buf, size_t len)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *slash;

	if (n < 0)
		return -1;
	self[n] = '\0';
	slash = strrchr(self, '/');
	if (!slash)
		return -1;
	*slash = '\0';
	if ((size_t)snprintf(buf, len, "%s/jailhouse-config", self) >= len)
		return -1;
	return 0;
}

/*
 * Every config verb runs the Python tool with the whole command line:
 * it parses and checks its own options. The table below only names them
 * for --help and the completion (tests/test_completion.py checks the
 * tool accepts each one).
 */
int jh_cmd_config(const struct jh_command *cmd, int argc, char **argv)
{
	char tool[PATH_MAX];
	char **args;
	int i;

	if (!jh_have_python3() || access("/usr/bin/env", X_OK)) {
		fprintf(stderr, "%s\n", JH_NEED_PYTHON);
		return JH_EXIT_USAGE;
	}
	if (jh_tool_path(tool, sizeof(tool)) || access(tool, R_OK)) {
		fprintf(stderr,
			"jailhouse config: %s not found; hint: install jailhouse-config next to the jailhouse binary\n",
			tool);
		return JH_EXIT_USAGE;
	}
	(void)cmd;
	args = calloc(argc + 4, sizeof(*args));
	if (!args)
		return JH_EXIT_FAIL;
	args[0] = "env";
	args[1] = "python3";
	args[2] = tool;
	for (i = 0; i < argc; i++)	/* argv[0]: the verb */
		args[i + 3] = argv[i];
	execv("/usr/bin/env", args);
	fprintf(stderr, "jailhouse config: cannot run python3: %s; %s\n",
		strerror(errno), JH_NEED_PYTHON);
	free(args);
	return JH_EXIT_USAGE;
}

static const struct jh_opt jh_build_opts[] = {
	{ "output", 'o', "OUT.cell", "where to write (default IN.cell)" },
	{ NULL }
};

static const struct jh_opt jh_create_opts[] = {
	{ "dtb", 256, "FILE", "read a device tree blob" },
	{ "root", 257, "DIR", "root of a running system (default /)" },
	{ "mem-hv", 258, "SIZE", "hypervisor memory (default 4M)" },
	{ "mem-inmates", 259, "SIZE", "memory left for cells" },
	{ "output", 'o', "OUT.yaml", "where to write" },
	{ NULL }
};

const struct jh_command jh_config_cmds[] = {
	{ "config build", "IN.yaml [-o OUT.cell]",
	  "compile YAML into a binary .cell", NULL, jh_build_opts, NULL,
	  jh_cmd_config },
	{ "config show", "FILE", "print a .cell (or .yaml) as YAML", NULL, NULL,
	  NULL, jh_cmd_config },
	{ "config check", "SYSTEM CELL...",
	  "check a system config and cells", NULL, NULL, NULL, jh_cmd_config },
	{ "config create", "[--dtb FILE | --root DIR] [-o OUT.yaml]",
	  "write a system config for this machine (arm64)", NULL,
	  jh_create_opts, NULL, jh_cmd_config },
	{ NULL },
};
