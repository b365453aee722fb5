// SPDX-License-Identifier: GPL-2.0
/* jailhouse cell ...: placeholder until cells exist. */
#include <stdio.h>
#include "jailhouse.h"

int jh_cmd_cell(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "jailhouse cell: not implemented yet\n");
	return JH_EXIT_USAGE;
}
