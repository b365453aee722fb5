// SPDX-License-Identifier: GPL-2.0
/*
 * jailhouse: command line front end of the hypervisor driver.
 * Subcommands are listed in jh_commands; adding one is one table line and
 * one function.
 */
#include <stdio.h>
#include <string.h>
#include "jailhouse.h"
#include "jh_version.h"

static int jh_cmd_help(int argc, char **argv);

const struct jh_command jh_commands[] = {
	{ "enable", "SYSTEM.cell", "hand the machine to the hypervisor",
	  jh_cmd_enable },
	{ "disable", "", "return the machine to Linux", jh_cmd_disable },
	{ "console", "[-f]", "print the hypervisor console (-f: follow)",
	  jh_cmd_console },
	{ "cell", "COMMAND ...",
	  "create/load/start/linux/shutdown/destroy/list/stats/console cells",
	  jh_cmd_cell },
	{ "config", "...", "build and check configs (Python tool)",
	  jh_cmd_config },
	{ "help", "", "show this help", jh_cmd_help },
	{ NULL, NULL, NULL, NULL },
};

static void jh_usage(FILE *out)
{
	const struct jh_command *c;

	fprintf(out, "Usage: jailhouse COMMAND [ARGS]\n\nCommands:\n");
	for (c = jh_commands; c->name; c++)
		fprintf(out, "  %-8s %-12s %s\n", c->name, c->args, c->help);
}

static int jh_cmd_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	jh_usage(stdout);
	return JH_EXIT_OK;
}

int main(int argc, char **argv)
{
	const struct jh_command *c;

	if (argc < 2) {
		jh_usage(stderr);
		return JH_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return jh_cmd_help(argc - 1, argv + 1);
	/* The driver refuses an image of another version: this names ours. */
	if (!strcmp(argv[1], "--version")) {
		printf("jailhouse %s\n", JH_VERSION);
		return JH_EXIT_OK;
	}
	for (c = jh_commands; c->name; c++)
		if (!strcmp(argv[1], c->name))
			return c->run(argc - 1, argv + 1);
	fprintf(stderr, "jailhouse: unknown command '%s' (try jailhouse --help)\n",
		argv[1]);
	return JH_EXIT_USAGE;
}
