/*
 * echo-irq.c - echo taking its doorbells by interrupt (Cortex-M, NVIC 31)
 *
 * Linked with echo.c and the rpmsg library (echo-irq-interp.elf): the
 * mailbox interrupt handler reads every doorbell and notes that the host
 * rang; rpmsg_wait() only sleeps until it did (cpsid i; wfi; cpsie i: a
 * doorbell between the look and wfi keeps the interrupt pending, and wfi
 * returns for it). Nothing else reads the mailbox, so a core that does not
 * take the interrupt never sees the host.
 */
#include <stdbool.h>

#include "armv7m.h"
#include "mailbox.h"
#include "rpmsg.h"
#include "trace.h"

static vector_t vectors[VTOR_ENTRIES] VTOR_ALIGN;
static volatile bool rang;
static volatile unsigned int irqs;

static void echo_mbox_isr(void)
{
	while (mbox_pending())
		mbox_recv();
	irqs++;
	rang = true;
}

void echo_setup(void)
{
	vtor_init(vectors);
	vectors[EXC_IRQ(IRQ_MAILBOX)] = echo_mbox_isr;
	vtor_set(vectors);
	NVIC_IPR(IRQ_MAILBOX) = 0x80;
	NVIC_ISER = 1u << IRQ_MAILBOX;
	tr_printf("echo: doorbells by interrupt (NVIC line %u)\n", IRQ_MAILBOX);
}

void rpmsg_wait(void)
{
	irq_disable();
	if (!rang)
		wfi();
	rang = false;
	irq_enable();
}
