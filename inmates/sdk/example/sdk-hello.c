// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * sdk-hello: the smallest inmate built outside the jailhouse tree, against
 * the installed SDK only (see Makefile here). It greets, prints the
 * command line it was loaded with, then idles answering shutdown requests.
 */
#include <inmate.h>

void inmate_main(void)
{
	char name[32];

	if (!cmdline_parse_str("name", name, sizeof(name)))
		snprintf(name, sizeof(name), "world");
	printk("sdk-hello: hello %s from CPU %u of %u\n", name, this_cpu(),
	       num_cpus());
	comm_idle(true);
}
