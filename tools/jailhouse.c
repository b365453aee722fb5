// SPDX-License-Identifier: GPL-2.0
/*
 * jailhouse: command line front end of the hypervisor driver.
 * Every verb and option is a line of a command table (jh_root_cmd and the
 * tables it points to); parsing, --help and the bash completion words all
 * come from them.
 */
#include <stdio.h>
#include <string.h>
#include "jailhouse.h"
#include "version.h"

enum { JH_OPT_VERSION = 256 };

static const struct jh_opt jh_console_opts[] = {
	{ "follow", 'f', NULL, "keep printing until interrupted" },
	{ NULL }
};

static const struct jh_command jh_top_cmds[] = {
	{ "enable", "SYSTEM.cell", "hand the machine to the hypervisor",
	  NULL, NULL, NULL, jh_cmd_enable },
	{ "disable", "", "return the machine to Linux", NULL, NULL, NULL,
	  jh_cmd_disable },
	{ "console", "[-f]", "print the hypervisor console (-f: follow)",
	  NULL, jh_console_opts, NULL, jh_cmd_console },
	{ "cell", "COMMAND ...",
	  "create/load/start/linux/shutdown/destroy/list/stats/console cells",
	  "CELL is a cell name or numeric ID (see 'jailhouse cell list').\n"
	  "'jailhouse cell COMMAND --help' describes each command.",
	  NULL, jh_cell_cmds, NULL },
	{ "config", "COMMAND ...", "build and check configs (Python tool)",
	  NULL, NULL, jh_config_cmds, NULL },
	{ NULL },
};

static const struct jh_opt jh_root_opts[] = {
	{ "version", JH_OPT_VERSION, NULL, "print the release and exit" },
	{ NULL }
};

const struct jh_command jh_root_cmd = {
	"", "COMMAND [ARGS]", "Partition this machine with the jailhouse hypervisor.",
	"'jailhouse COMMAND --help' describes each command.", jh_root_opts,
	jh_top_cmds, NULL
};

int main(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "--version")) {
		if (argc > 2)
			return jh_usage_error(&jh_root_cmd,
					      "--version takes no arguments");
		printf("jailhouse %s\n", JH_VERSION);
		return JH_EXIT_OK;
	}
	if (argc >= 2 && !strcmp(argv[1], "--complete-words"))
		return jh_complete_words(argc - 1, argv + 1);
	return jh_dispatch(&jh_root_cmd, argc, argv);
}
