/*
 * mboxirq.c - the mailbox taken by interrupt (NVIC line 31)
 *
 * For rproc-sim only (QEMU's board has no mailbox). main only sleeps
 * (cpsid i; wfi; cpsie i): the interrupt handler reads every message,
 * answers each with its count, and the message 0xffffffff ends the run:
 * "mboxirq: <n> doorbells in exception <IPSR>\n", exit n & 0xff (n not
 * counting the last). A core that never takes the interrupt never answers.
 */
#include <stdint.h>

#include "armv7m.h"
#include "mailbox.h"
#include "semihost.h"

#define MBOXIRQ_STOP	0xffffffffu

static vector_t vectors[VTOR_ENTRIES] VTOR_ALIGN;
static volatile unsigned int count;
static volatile int status = -1;
static volatile uint32_t isr_ipsr;

static void mbox_isr(void)
{
	uint32_t ipsr;

	__asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
	isr_ipsr = ipsr;
	while (mbox_pending()) {
		uint32_t v = mbox_recv();

		mbox_send(++count);
		if (v == MBOXIRQ_STOP)
			status = (int)((count - 1) & 0xff);
	}
}

int main(void)
{
	if (!mbox_present()) {
		sh_puts("mboxirq: no mailbox\n");
		return 2;
	}
	vtor_init(vectors);
	vectors[EXC_IRQ(IRQ_MAILBOX)] = mbox_isr;
	vtor_set(vectors);
	NVIC_IPR(IRQ_MAILBOX) = 0x80;
	NVIC_ISER = 1u << IRQ_MAILBOX;
	sh_puts("mboxirq: waiting\n");
	for (;;) {
		irq_disable();
		if (status < 0)
			wfi();
		irq_enable();
		if (status >= 0)
			break;
	}
	sh_printf("mboxirq: %u doorbells in exception %u\n", count - 1, (unsigned int)isr_ipsr);
	return status;
}
