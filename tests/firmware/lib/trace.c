/*
 * trace.c - append text to the trace buffer, optionally echoed to the
 * semihosting console
 */
#include <stdarg.h>

#include "format.h"
#include "semihost.h"
#include "trace.h"

/* .bss: the host reads this through the RSC_TRACE entry */
char trace_buf[TRACE_LEN];

/* next free byte; an index, so the buffer needs no .data pointer */
static size_t trace_len;
static bool trace_echo;

void tr_write(const char *s, size_t len)
{
	/* keep the last byte: the buffer stays a NUL-terminated string */
	while (len-- && trace_len < sizeof(trace_buf) - 1)
		trace_buf[trace_len++] = *s++;
}

void tr_puts(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	tr_write(s, n);
}

void tr_echo(bool on)
{
	trace_echo = on;
}

int tr_printf(const char *fmt, ...)
{
	char buf[FMT_LINE_MAX];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	tr_write(buf, (size_t)n);
	if (trace_echo && sh_stdout() >= 0)
		sh_write(sh_stdout(), buf, (size_t)n);
	return n;
}
