// SPDX-License-Identifier: GPL-2.0
/*
 * Minimal formatter: %c %s %d %i %u %x %p with l/ll, width, '0' flag and
 * '-'. Enough for the hypervisor's messages, small enough to audit.
 */
#include <hv/printk.h>
#include <hv/console.h>
#include <hv/string.h>

struct out {
	char *buf;
	size_t size, len;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void put_num(struct out *o, u64 v, unsigned int base, bool neg,
		    int width, char pad, bool left)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	width -= n + neg;
	/* The sign goes before zero padding but after space padding. */
	if (neg && pad == '0')
		put(o, '-');
	while (!left && width-- > 0)
		put(o, pad);
	if (neg && pad != '0')
		put(o, '-');
	while (n)
		put(o, tmp[--n]);
	while (left && width-- > 0)
		put(o, ' ');
}

static u64 get_arg(va_list *ap, int lng, bool sgn)
{
	if (lng >= 1)
		return sgn ? (u64)va_arg(*ap, long) : va_arg(*ap, unsigned long);
	return sgn ? (u64)(s64)va_arg(*ap, int) : va_arg(*ap, unsigned int);
}

static const char *fmt_one(struct out *o, const char *f, va_list *ap)
{
	char pad = ' ';
	int width = 0, lng = 0, left = 0;
	const char *s;
	s64 sv;

	if (*f == '-') {
		left = 1;
		f++;
	}
	if (*f == '0') {
		f++;
		if (!left)
			pad = '0';
	}
	while (*f >= '0' && *f <= '9')
		width = width * 10 + (*f++ - '0');
	while (*f == 'l') {
		lng++;
		f++;
	}
	switch (*f) {
	case 'c':
		put(o, (char)va_arg(*ap, int));
		break;
	case 's':
		s = va_arg(*ap, const char *);
		if (!s)
			s = "(null)";
		width -= (int)strnlen(s, 256);
		while (!left && width-- > 0)
			put(o, ' ');
		while (*s)
			put(o, *s++);
		while (left && width-- > 0)
			put(o, ' ');
		break;
	case 'd':
	case 'i':
		sv = (s64)get_arg(ap, lng, true);
		put_num(o, sv < 0 ? -(u64)sv : (u64)sv, 10, sv < 0, width, pad,
			left);
		break;
	case 'u':
		put_num(o, get_arg(ap, lng, false), 10, false, width, pad, left);
		break;
	case 'x':
		put_num(o, get_arg(ap, lng, false), 16, false, width, pad, left);
		break;
	case 'p':
		put(o, '0');
		put(o, 'x');
		put_num(o, (u64)va_arg(*ap, void *), 16, false, 16, '0', false);
		break;
	case '%':
		put(o, '%');
		break;
	default:
		put(o, '%');
		if (*f)
			put(o, *f);
		else
			return f;
	}
	return f + 1;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { .buf = buf, .size = size, .len = 0 };
	va_list args;

	va_copy(args, ap);
	while (*fmt) {
		if (*fmt != '%')
			put(&o, *fmt++);
		else
			fmt = fmt_one(&o, fmt + 1, &args);
	}
	va_end(args);
	if (size)
		buf[o.len < size ? o.len : size - 1] = 0;
	return (int)o.len;
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

void printk(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(buf))
		n = sizeof(buf) - 1;
	console_write(buf, (size_t)n);
}
