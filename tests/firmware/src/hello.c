/*
 * hello.c - the smallest useful test firmware
 *
 * Writes "hello\n" into the trace buffer that the resource table
 * (hello-rsc.S) announces, then returns to crt0, which idles.
 *
 * It deliberately owns initialized data, read-only data and zeroed data,
 * so that loaders meet a segment with memsz > filesz and, in hello-lma, a
 * .data image whose load address differs from its run address (crt0 copies
 * it; if it did not, hello_magic would be wrong and the trace says so).
 */
#include <stdint.h>

#include "rsc_table.h"
#include "hello.h"

/* .bss: the host reads this through the RSC_TRACE entry */
char trace_buf[HELLO_TRACE_LEN];

/* .rodata */
static const char greeting[] = "hello\n";

/* .data: volatile so the check below really reads memory */
volatile uint32_t hello_magic = HELLO_MAGIC;

/* .data: next free byte of the trace buffer */
static char *trace_wr = trace_buf;

static void trace_puts(const char *s)
{
	/* keep the last byte: the buffer stays a NUL-terminated string */
	while (*s && trace_wr < trace_buf + sizeof(trace_buf) - 1)
		*trace_wr++ = *s++;
}

int main(void)
{
	if (hello_magic != HELLO_MAGIC)
		trace_puts("bad .data\n");
	else
		trace_puts(greeting);
	return 0;
}
