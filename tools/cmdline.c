// SPDX-License-Identifier: GPL-2.0
/*
 * Command line parsing from the command table (cmdline.h): getopt_long
 * with our own messages, --help on every command, verb dispatch.
 */
#include <getopt.h>
#include <stdarg.h>
#include <string.h>
#include "cmdline.h"
#include "jailhouse.h"

/*
 * Options of one command, --help and the terminator included; a table
 * with more loses its last ones, which test_cli_table.py would notice
 * (every completed option must be accepted).
 */
#define JH_MAX_OPTS	16
#define JH_KEY_HELP	'h'

static const struct jh_opt jh_help_opt = {
	"help", JH_KEY_HELP, NULL, "show this help and exit"
};

static const char *jh_cmd_name(const struct jh_command *cmd)
{
	const char *space = strrchr(cmd->path, ' ');

	return space ? space + 1 : cmd->path;
}

static void jh_print_usage(FILE *out, const struct jh_command *cmd)
{
	fprintf(out, "Usage: jailhouse%s%s%s%s\n", cmd->path[0] ? " " : "",
		cmd->path, cmd->args[0] ? " " : "", cmd->args);
}

__attribute__((format(printf, 2, 3)))
int jh_usage_error(const struct jh_command *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "jailhouse%s%s: ", cmd->path[0] ? " " : "", cmd->path);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	jh_print_usage(stderr, cmd);
	return JH_EXIT_USAGE;
}

static void jh_print_opt(FILE *out, const struct jh_opt *o)
{
	char left[64], shrt[8] = "    ";

	if (o->key < 256)
		snprintf(shrt, sizeof(shrt), "-%c, ", o->key);
	snprintf(left, sizeof(left), "%s--%s%s%s", shrt, o->name,
		 o->arg ? " " : "", o->arg ? o->arg : "");
	fprintf(out, "  %-26s %s\n", left, o->help);
}

static void jh_print_subs(FILE *out, const struct jh_command *cmd)
{
	const struct jh_command *s;
	char left[128];

	fprintf(out, "\nCommands:\n");
	for (s = cmd->subs; s->path; s++) {
		snprintf(left, sizeof(left), "%s%s%s", jh_cmd_name(s),
			 s->args[0] ? " " : "", s->args);
		if (strlen(left) <= 26)
			fprintf(out, "  %-26s %s\n", left, s->help);
		else
			fprintf(out, "  %s\n      %s\n", left, s->help);
	}
}

void jh_print_help(FILE *out, const struct jh_command *cmd)
{
	const struct jh_opt *o;

	jh_print_usage(out, cmd);
	fprintf(out, "\n%s\n", cmd->help);
	if (cmd->subs)
		jh_print_subs(out, cmd);
	fprintf(out, "\nOptions:\n");
	for (o = cmd->opts; o && o->name; o++)
		jh_print_opt(out, o);
	jh_print_opt(out, &jh_help_opt);
	if (cmd->notes)
		fprintf(out, "\n%s\n", cmd->notes);
	fprintf(out, "\nExit status: %d success, %d the operation failed, %d usage error or\nmissing prerequisite (Documentation/cli.md).\n",
		JH_EXIT_OK, JH_EXIT_FAIL, JH_EXIT_USAGE);
}

static void jh_add_getopt(const struct jh_opt *o, struct option *lo,
			  char *shorts)
{
	lo->name = o->name;
	lo->has_arg = o->arg ? required_argument : no_argument;
	lo->flag = NULL;
	lo->val = o->key;
	if (o->key < 256) {
		shorts += strlen(shorts);
		*shorts++ = o->key;
		if (o->arg)
			*shorts++ = ':';
		*shorts = '\0';
	}
}

/*
 * getopt_long tables of @cmd. "-" keeps positional arguments in order
 * (load pairs each IMAGE with the -a after it); ":" reports a missing
 * value apart from an unknown option.
 */
static void jh_build_getopt(const struct jh_command *cmd, struct option *lo,
			    char *shorts)
{
	const struct jh_opt *o;
	int n = 0;

	strcpy(shorts, "-:");
	for (o = cmd->opts; o && o->name && n < JH_MAX_OPTS - 2; o++)
		jh_add_getopt(o, &lo[n++], shorts);
	jh_add_getopt(&jh_help_opt, &lo[n++], shorts);
	memset(&lo[n], 0, sizeof(lo[n]));
}

static const struct jh_opt *jh_opt_by_key(const struct jh_command *cmd,
					  int key)
{
	const struct jh_opt *o;

	for (o = cmd->opts; o && o->name; o++)
		if (o->key == key)
			return o;
	return NULL;
}

/* The option that getopt refused, as the user typed it. */
static const char *jh_bad_opt_text(char **argv, char *buf, size_t len)
{
	const char *typed = argv[optind - 1];

	if (optopt && optopt < 256 && strncmp(typed, "--", 2)) {
		snprintf(buf, len, "-%c", optopt);
		return buf;
	}
	snprintf(buf, len, "%.*s", (int)strcspn(typed, "="), typed);
	return buf;
}

static int jh_parse_refusal(const struct jh_command *cmd, int c, char **argv)
{
	const struct jh_opt *o;
	char text[64];

	jh_bad_opt_text(argv, text, sizeof(text));
	if (c == '?')
		return jh_usage_error(cmd, "unknown option '%s'", text);
	o = jh_opt_by_key(cmd, optopt);
	return jh_usage_error(cmd, "%s needs a value (%s)", text,
			      o && o->arg ? o->arg : "?");
}

static void jh_record(struct jh_arg *a, int key, int longidx,
		      const struct option *lo, char *val)
{
	a->key = key;
	a->val = val;
	if (key == JH_ARG_POS)
		a->opt[0] = '\0';
	else if (longidx >= 0)
		snprintf(a->opt, sizeof(a->opt), "--%s", lo[longidx].name);
	else
		snprintf(a->opt, sizeof(a->opt), "-%c", key);
}

bool jh_parse(const struct jh_command *cmd, int argc, char **argv,
	      struct jh_arg *out, int *n, int *status)
{
	struct option lo[JH_MAX_OPTS];
	char shorts[2 * JH_MAX_OPTS + 3];
	int c, idx;

	jh_build_getopt(cmd, lo, shorts);
	opterr = 0;
	optind = 0;	/* glibc: start over, also its internal state */
	*n = 0;
	for (idx = -1; (c = getopt_long(argc, argv, shorts, lo, &idx)) != -1;
	     idx = -1) {
		if (c == JH_KEY_HELP) {
			jh_print_help(stdout, cmd);
			*status = JH_EXIT_OK;
			return false;
		}
		if (c == '?' || c == ':') {
			*status = jh_parse_refusal(cmd, c, argv);
			return false;
		}
		if (*n == JH_MAX_ARGS)
			break;
		jh_record(&out[(*n)++], c, idx, lo, optarg);
	}
	/* after "--": all positional */
	for (; optind < argc && *n < JH_MAX_ARGS; optind++)
		jh_record(&out[(*n)++], JH_ARG_POS, -1, lo, argv[optind]);
	if (c != -1 || optind < argc) {
		*status = jh_usage_error(cmd, "more than %d arguments",
					 JH_MAX_ARGS);
		return false;
	}
	return true;
}

static const struct jh_command *jh_find_sub(const struct jh_command *cmd,
					    const char *word)
{
	const struct jh_command *s;

	for (s = cmd->subs; s && s->path; s++)
		if (!strcmp(jh_cmd_name(s), word))
			return s;
	return NULL;
}

int jh_dispatch(const struct jh_command *cmd, int argc, char **argv)
{
	const struct jh_command *sub;

	if (argc < 2) {
		jh_print_help(stderr, cmd);
		return JH_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "help")) {
		jh_print_help(stdout, cmd);
		return JH_EXIT_OK;
	}
	sub = jh_find_sub(cmd, argv[1]);
	if (!sub) {
		fprintf(stderr, "jailhouse%s%s: unknown command '%s' (try jailhouse%s%s --help)\n\n",
			cmd->path[0] ? " " : "", cmd->path, argv[1],
			cmd->path[0] ? " " : "", cmd->path);
		jh_print_help(stderr, cmd);
		return JH_EXIT_USAGE;
	}
	if (sub->subs)
		return jh_dispatch(sub, argc - 1, argv + 1);
	return sub->run(sub, argc - 1, argv + 1);
}

/* Exported for the completion walk (complete.c). */
const struct jh_command *jh_cmd_sub(const struct jh_command *cmd,
				    const char *word)
{
	return jh_find_sub(cmd, word);
}

const char *jh_cmd_word(const struct jh_command *cmd)
{
	return jh_cmd_name(cmd);
}
