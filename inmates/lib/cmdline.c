// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Command line: 256 bytes at image offset 0x1000, NUL-terminated, filled
 * by the host ("jailhouse cell load CELL img.bin -s 'k=v ...' -a 0x1000")
 * or patched into the file for bare runs. Whitespace-separated key=value
 * words; a key without '=' counts as a boolean true.
 */
#include "internal.h"

char inmate_cmdline[INMATE_CMDLINE_SIZE]
	__attribute__((section(".cmdline"), used)) = "";

void cmdline_init(void)
{
	inmate_cmdline[INMATE_CMDLINE_SIZE - 1] = '\0';
}

const char *cmdline_get(void)
{
	return inmate_cmdline;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * Value of @key, or NULL: points after '=' (or at the end of the word
 * for a bare key). *@len = length of the value.
 */
static const char *cmdline_find(const char *key, size_t *len)
{
	const char *p = inmate_cmdline;
	size_t klen = strlen(key);
	const char *val = NULL;

	while (*p) {
		const char *word = p;

		while (*p && !is_space(*p))
			p++;
		if ((size_t)(p - word) >= klen && !strncmp(word, key, klen) &&
		    (word[klen] == '=' || word + klen == p)) {
			/* The last occurrence wins, like a kernel command line. */
			val = word + klen + (word[klen] == '=');
			*len = p - val;
		}
		while (*p && is_space(*p))
			p++;
	}
	return val;
}

static bool parse_long(const char *s, size_t len, long *out)
{
	unsigned int base = 10;
	bool neg = false;
	u64 v = 0;
	size_t i = 0;

	if (len && s[0] == '-') {
		neg = true;
		i++;
	}
	if (len - i > 2 && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
		base = 16;
		i += 2;
	}
	if (i >= len)
		return false;
	for (; i < len; i++) {
		char c = s[i];
		unsigned int d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (base == 16 && c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (base == 16 && c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return false;
		v = v * base + d;
	}
	*out = neg ? -(long)v : (long)v;
	return true;
}

long cmdline_parse_int(const char *key, long def)
{
	size_t len = 0;
	const char *val = cmdline_find(key, &len);
	long v;

	if (!val)
		return def;
	if (!parse_long(val, len, &v)) {
		printk("inmate: cmdline: bad number for '%s', using %ld\n",
		       key, def);
		return def;
	}
	return v;
}

bool cmdline_parse_bool(const char *key, bool def)
{
	size_t len = 0;
	const char *val = cmdline_find(key, &len);

	if (!val)
		return def;
	if (len == 0)
		return true;
	return !(len == 1 && val[0] == '0') &&
	       !(len == 2 && !strncmp(val, "no", 2)) &&
	       !(len == 3 && !strncmp(val, "off", 3));
}

bool cmdline_parse_str(const char *key, char *buf, size_t size)
{
	size_t len = 0, i;
	const char *val = cmdline_find(key, &len);

	if (!val || !size)
		return false;
	for (i = 0; i < len && i + 1 < size; i++)
		buf[i] = val[i];
	buf[i] = '\0';
	return true;
}
