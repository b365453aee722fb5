// SPDX-License-Identifier: GPL-2.0
/* The bits of JSON output `cell list --json` and `cell stats --json` need. */
#include <ctype.h>
#include <stdio.h>
#include "jailhouse.h"

/*
 * Quote @s. Control characters and bytes >= 0x7f become \u00XX: a name
 * that is not UTF-8 still gives valid JSON.
 */
void jh_json_string(FILE *out, const char *s)
{
	const unsigned char *p;

	fputc('"', out);
	for (p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(out, "\\%c", *p);
		else if (*p < 0x20 || *p >= 0x7f)
			fprintf(out, "\\u%04x", *p);
		else
			fputc(*p, out);
	}
	fputc('"', out);
}

/* A sysfs counter: digits only become a number; anything else null. */
bool jh_json_number(FILE *out, const char *s)
{
	const char *p = s;

	while (isdigit((unsigned char)*p))
		p++;
	if (*p || p == s || p - s > 20) {
		fputs("null", out);
		return false;
	}
	fputs(s, out);
	return true;
}
