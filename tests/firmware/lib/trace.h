/*
 * trace.h - the trace buffer of the test firmware
 *
 * trace_buf is the buffer the RSC_TRACE entry of the resource table
 * (rsc-trace.S) announces; the host reads it as a NUL-terminated string
 * (Linux: debugfs remoteproc/<n>/trace0).  Text is appended until the
 * buffer is full, then further text is dropped: the host sees the start
 * of the log, never a torn mix of old and new.
 */
#ifndef FW_TRACE_H
#define FW_TRACE_H

/* size announced by the RSC_TRACE entry; also used by rsc-trace.S */
#define TRACE_LEN		1024

#ifndef __ASSEMBLER__

#include <stdbool.h>
#include <stddef.h>

extern char trace_buf[TRACE_LEN];

void tr_write(const char *s, size_t len);
void tr_puts(const char *s);
__attribute__((format(printf, 1, 2))) int tr_printf(const char *fmt, ...);

/* also copy everything tr_printf() writes to semihosting stdout */
void tr_echo(bool on);

#endif /* !__ASSEMBLER__ */

#endif /* FW_TRACE_H */
