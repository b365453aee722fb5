/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The command table of the jailhouse CLI. Parsing (getopt_long), --help,
 * usage errors and the bash completion words all come from it, so a verb
 * or option exists in all of them or in none.
 */
#ifndef _JH_TOOLS_CMDLINE_H
#define _JH_TOOLS_CMDLINE_H

#include <stdbool.h>
#include <stdio.h>

/* Key of a positional argument in struct jh_arg. */
#define JH_ARG_POS	1
/*
 * What a command's own parse helper returns to say "parsed, go on";
 * anything else is the exit status (0 after --help).
 */
#define JH_GO_ON	(-1)
/* Options and arguments one command line may have. */
#define JH_MAX_ARGS	64

struct jh_opt {
	const char *name;	/* long option without "--"; NULL ends a list */
	int key;		/* its short letter, or >= 256: long only */
	const char *arg;	/* value placeholder; NULL: takes no value */
	const char *help;
};

struct jh_command {
	const char *path;	/* "cell load": the words that select it */
	const char *args;	/* positional arguments, for the usage line */
	const char *help;
	const char *notes;	/* more help text, or NULL */
	const struct jh_opt *opts;	/* may be NULL */
	const struct jh_command *subs;	/* verbs below it, NULL-terminated */
	/* argv[0] is the command's own word; subs-only commands have none */
	int (*run)(const struct jh_command *cmd, int argc, char **argv);
};

/* One option or positional argument, in command line order. */
struct jh_arg {
	int key;		/* JH_ARG_POS or jh_opt.key */
	char opt[24];		/* "-a" or "--address", for messages */
	char *val;		/* positional text or option value */
};

extern const struct jh_command jh_root_cmd;

/*
 * Parse argv[1..] of @cmd into @out (room for JH_MAX_ARGS), order kept.
 * true: go on with *n entries. false: stop with exit status *status
 * (--help printed the help: 0; a bad option printed why: 2).
 */
bool jh_parse(const struct jh_command *cmd, int argc, char **argv,
	      struct jh_arg *out, int *n, int *status);

/* "jailhouse PATH: message" and the usage line on stderr; returns 2. */
__attribute__((format(printf, 2, 3)))
int jh_usage_error(const struct jh_command *cmd, const char *fmt, ...);

void jh_print_help(FILE *out, const struct jh_command *cmd);
/* Run argv[0]'s verb of a command that has subs (or print its help). */
int jh_dispatch(const struct jh_command *cmd, int argc, char **argv);
const struct jh_command *jh_cmd_sub(const struct jh_command *cmd,
				    const char *word);
const char *jh_cmd_word(const struct jh_command *cmd);
/* Hidden --complete-words: verbs and options valid after @words. */
int jh_complete_words(int argc, char **argv);

#endif
