/*
 * shflood.c - a firmware that floods the host with semihosting SYS_WRITEC
 *
 * For rproc-sim's --timeout: one trap per character, forever, never an
 * idle instruction.  A simulator that checks its deadline only between
 * runs of the core, not in the semihosting hook, runs it forever.
 */
#include "semihost.h"

int main(void)
{
	for (;;)
		sh_writec('.');
}
