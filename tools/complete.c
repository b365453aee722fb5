// SPDX-License-Identifier: GPL-2.0
/*
 * jailhouse --complete-words WORD...: what may follow the words typed so
 * far, from the command table, for the bash completion. One candidate a
 * line: a verb, or an option followed by a tab and its value placeholder;
 * a single "=PLACEHOLDER" line when the last word wants a value. Not in
 * --help: it is an interface to the completion script only.
 */
#include <stdio.h>
#include <string.h>
#include "cmdline.h"
#include "jailhouse.h"

/* The option of @cmd that @word names, if it takes a value. */
static const struct jh_opt *jh_valued_opt(const struct jh_command *cmd,
					  const char *word)
{
	const struct jh_opt *o;

	for (o = cmd->opts; o && o->name; o++) {
		if (!o->arg)
			continue;
		if (!strncmp(word, "--", 2) && !strcmp(word + 2, o->name))
			return o;
		if (o->key < 256 && word[0] == '-' && word[1] == o->key &&
		    !word[2])
			return o;
	}
	return NULL;
}

static void jh_print_candidates(const struct jh_command *cmd, bool verbs)
{
	const struct jh_command *s;
	const struct jh_opt *o;

	for (s = cmd->subs; verbs && s && s->path; s++)
		printf("%s\n", jh_cmd_word(s));
	for (o = cmd->opts; o && o->name; o++) {
		printf("--%s\t%s\n", o->name, o->arg ? o->arg : "");
		if (o->key < 256)
			printf("-%c\t%s\n", o->key, o->arg ? o->arg : "");
	}
	printf("--help\t\n-h\t\n");
}

int jh_complete_words(int argc, char **argv)
{
	const struct jh_command *cmd = &jh_root_cmd, *sub;
	const struct jh_opt *last = NULL;
	bool in_args = false;
	int i;

	for (i = 1; i < argc; i++) {
		sub = in_args ? NULL : jh_cmd_sub(cmd, argv[i]);
		if (sub) {
			cmd = sub;
			continue;
		}
		in_args = true;
		last = jh_valued_opt(cmd, argv[i]);
		if (last && i + 1 < argc) {
			i++;	/* its value */
			last = NULL;
		}
	}
	if (last)
		printf("=%s\n", last->arg);
	else
		jh_print_candidates(cmd, !in_args);
	return JH_EXIT_OK;
}
