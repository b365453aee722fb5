// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Minimal printf formatting: %d %i %u %x %X %p %s %c %%, the length
 * modifiers h, l, ll, z, flags '-' and '0', and a field width (number or
 * '*'). No floating point.
 */
#include "internal.h"

struct spec {
	bool left;
	bool zero;
	int width;
};

static int emit_padded(void (*out)(void *, char), void *ctx,
		       const struct spec *sp, const char *s, int len,
		       bool numeric)
{
	int pad = sp->width > len ? sp->width - len : 0;
	int n = 0;

	/* Zero padding goes after a sign. */
	if (numeric && sp->zero && !sp->left && *s == '-') {
		out(ctx, *s++);
		len--;
		n++;
	}
	if (!sp->left)
		for (; pad > 0; pad--, n++)
			out(ctx, numeric && sp->zero ? '0' : ' ');
	for (; len > 0; len--, n++)
		out(ctx, *s++);
	for (; pad > 0; pad--, n++)
		out(ctx, ' ');
	return n;
}

static int fmt_number(char *buf, u64 v, unsigned int base, bool neg,
		      bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int i = 0, n = 0;

	do {
		tmp[i++] = digits[v % base];
		v /= base;
	} while (v);
	if (neg)
		buf[n++] = '-';
	while (i > 0)
		buf[n++] = tmp[--i];
	return n;
}

int format_cb(void (*out)(void *ctx, char c), void *ctx, const char *fmt,
	      va_list ap)
{
	int count = 0;

	for (; *fmt; fmt++) {
		struct spec sp = { false, false, 0 };
		char buf[32];
		int lng = 0, len;
		const char *s;
		u64 v;

		if (*fmt != '%') {
			out(ctx, *fmt);
			count++;
			continue;
		}
		fmt++;
		for (;; fmt++) {
			if (*fmt == '-')
				sp.left = true;
			else if (*fmt == '0')
				sp.zero = true;
			else
				break;
		}
		if (*fmt == '*') {
			sp.width = va_arg(ap, int);
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			sp.width = sp.width * 10 + (*fmt++ - '0');
		for (;; fmt++) {
			if (*fmt == 'l' || *fmt == 'z')
				lng++;
			else if (*fmt != 'h')
				break;
		}

		switch (*fmt) {
		case 'd':
		case 'i': {
			s64 sv = lng ? va_arg(ap, s64) : va_arg(ap, int);

			v = sv < 0 ? -(u64)sv : (u64)sv;
			len = fmt_number(buf, v, 10, sv < 0, false);
			count += emit_padded(out, ctx, &sp, buf, len, true);
			break;
		}
		case 'u':
		case 'x':
		case 'X':
			v = lng ? va_arg(ap, u64) : va_arg(ap, unsigned int);
			len = fmt_number(buf, v, *fmt == 'u' ? 10 : 16, false,
					 *fmt == 'X');
			count += emit_padded(out, ctx, &sp, buf, len, true);
			break;
		case 'p':
			buf[0] = '0';
			buf[1] = 'x';
			len = 2 + fmt_number(buf + 2,
					     (u64)va_arg(ap, void *), 16,
					     false, false);
			count += emit_padded(out, ctx, &sp, buf, len, false);
			break;
		case 's':
			s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			count += emit_padded(out, ctx, &sp, s, strlen(s),
					     false);
			break;
		case 'c':
			buf[0] = (char)va_arg(ap, int);
			count += emit_padded(out, ctx, &sp, buf, 1, false);
			break;
		case '%':
			out(ctx, '%');
			count++;
			break;
		case '\0':
			return count;
		default:
			/* Unknown conversion: show it literally. */
			out(ctx, '%');
			out(ctx, *fmt);
			count += 2;
			break;
		}
	}
	return count;
}

struct buf_ctx {
	char *buf;
	size_t size;
	size_t pos;
};

static void buf_cb(void *ctx, char c)
{
	struct buf_ctx *b = ctx;

	if (b->pos + 1 < b->size)
		b->buf[b->pos] = c;
	b->pos++;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct buf_ctx b = { buf, size, 0 };
	int n = format_cb(buf_cb, &b, fmt, ap);

	if (size)
		buf[b.pos < size ? b.pos : size - 1] = '\0';
	return n;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
