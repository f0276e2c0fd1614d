/*
 * shbad.c - a firmware that loops on a semihosting call the host lacks
 *
 * For rproc-sim's --timeout and its warnings: the call (0x1ff, of the range
 * the specification leaves to applications) fails with -1 every time, and
 * the firmware tries again forever, as one that polls SYS_CLOCK on a host
 * without it does.  The host must stop it at its deadline and say so
 * without a warning per call.
 */
#include "semihost.h"

#define SH_OP_UNKNOWN	0x1ff

int main(void)
{
	for (;;)
		sh_call(SH_OP_UNKNOWN, 0);
}
