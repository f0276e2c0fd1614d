/*
 * hello.c - the smallest useful test firmware
 *
 * Writes "hello\n" into the trace buffer that the resource table
 * (lib/rsc-trace.S) announces and on the semihosting console, then
 * returns 0 to crt0, which exits with it through semihosting.
 *
 * It deliberately owns initialized data, read-only data and zeroed data,
 * so that loaders meet a segment with memsz > filesz and, in hello-lma, a
 * .data image whose load address differs from its run address (crt0 copies
 * it; if it did not, hello_magic would be wrong and the output says so).
 */
#include <stdint.h>

#include "hello.h"
#include "semihost.h"
#include "trace.h"

/* .rodata */
static const char greeting[] = "hello\n";

/* .data: volatile so the check below really reads memory */
volatile uint32_t hello_magic = HELLO_MAGIC;

int main(void)
{
	const char *msg = greeting;

	if (hello_magic != HELLO_MAGIC)
		msg = "hello: bad .data\n";
	tr_puts(msg);
	sh_puts(msg);
	return msg == greeting ? 0 : 1;
}
