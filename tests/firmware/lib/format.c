/*
 * format.c - a printf subset small enough to read at a glance
 *
 * The firmware has no C library; this is what tr_printf() and sh_printf()
 * format with.  See format.h for the conversions.
 */
#include <stdint.h>

#include "format.h"

struct fmt_out {
	char *buf;
	size_t size;	/* room, the NUL included */
	size_t len;
};

static void fmt_putc(struct fmt_out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len++] = c;
}

static void fmt_puts(struct fmt_out *o, const char *s)
{
	if (!s)
		s = "(null)";
	while (*s)
		fmt_putc(o, *s++);
}

/* Digits are produced backwards into a buffer wide enough for 2^32 - 1. */
static void fmt_unsigned(struct fmt_out *o, uint32_t v, unsigned int base)
{
	static const char digits[] = "0123456789abcdef";
	char tmp[10];
	int n = 0;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	while (n)
		fmt_putc(o, tmp[--n]);
}

/* Negated as unsigned, so INT32_MIN prints right. */
static void fmt_signed(struct fmt_out *o, int32_t v)
{
	if (v < 0) {
		fmt_putc(o, '-');
		fmt_unsigned(o, 0u - (uint32_t)v, 10);
	} else {
		fmt_unsigned(o, (uint32_t)v, 10);
	}
}

/* One conversion; returns 0 if @c is not one we know. */
static int fmt_convert(struct fmt_out *o, char c, va_list *ap)
{
	switch (c) {
	case 's':
		fmt_puts(o, va_arg(*ap, const char *));
		return 1;
	case 'd':
		fmt_signed(o, va_arg(*ap, int));
		return 1;
	case 'u':
		fmt_unsigned(o, va_arg(*ap, unsigned int), 10);
		return 1;
	case 'x':
		fmt_unsigned(o, va_arg(*ap, unsigned int), 16);
		return 1;
	case 'c':
		fmt_putc(o, (char)va_arg(*ap, int));
		return 1;
	case '%':
		fmt_putc(o, '%');
		return 1;
	}
	return 0;
}

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct fmt_out o = { .buf = buf, .size = size, .len = 0 };
	va_list args;

	/* a copy, so it can be passed by address on every ABI */
	va_copy(args, ap);
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			fmt_putc(&o, *fmt);
			continue;
		}
		if (!fmt[1]) {
			fmt_putc(&o, '%');
			break;
		}
		fmt++;
		if (!fmt_convert(&o, *fmt, &args)) {
			fmt_putc(&o, '%');
			fmt_putc(&o, *fmt);
		}
	}
	va_end(args);
	buf[o.len] = '\0';
	return (int)o.len;
}
