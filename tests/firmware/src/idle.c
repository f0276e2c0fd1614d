/*
 * idle.c - a firmware that sleeps until the host rings, and answers
 *
 * For rproc-sim only (QEMU has no mailbox).  Prints "idle: waiting\n",
 * then for every host->core message: counts it, logs the count in the
 * trace buffer and acknowledges it by sending the count back.  The
 * message 0xffffffff ends the run: the firmware prints
 * "idle: <n> doorbells\n", n not counting that last message, and exits
 * with n & 0xff.
 */
#include <stdint.h>

#include "mailbox.h"
#include "semihost.h"
#include "trace.h"

#define IDLE_STOP	0xffffffffu

/* Returns the exit status once the stop message came, else -1. */
static int idle_handle(unsigned int *count)
{
	uint32_t v = mbox_recv();

	++*count;
	tr_printf("idle: doorbell %u\n", *count);
	mbox_send(*count);
	if (v != IDLE_STOP)
		return -1;
	sh_printf("idle: %u doorbells\n", *count - 1);
	return (int)((*count - 1) & 0xff);
}

int main(void)
{
	unsigned int count = 0;
	int status;

	if (!mbox_present()) {
		sh_puts("idle: no mailbox\n");
		return 2;
	}
	sh_puts("idle: waiting\n");
	for (;;) {
		while (mbox_pending()) {
			status = idle_handle(&count);
			if (status >= 0)
				return status;
		}
		mbox_idle();
	}
}
