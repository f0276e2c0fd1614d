/*
 * format.h - the printf subset of the test firmware
 *
 * Conversions: %s %d %u %x %c %%, no flags, widths or length modifiers;
 * anything else is copied as it stands, so a mistake shows in the output
 * instead of reading a wrong argument.  int and unsigned int are 32 bits
 * on every CPU of the kit.
 */
#ifndef FW_FORMAT_H
#define FW_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

/* longest line tr_printf() and sh_printf() emit, NUL included */
#define FMT_LINE_MAX		128

/*
 * Format into @buf (@size > 0), truncating; @buf is always NUL-terminated.
 * Returns the length written, without the NUL.
 */
int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

#endif /* FW_FORMAT_H */
