/*
 * rv-mbirq.c - rproc-sim's mailbox as a machine external interrupt
 *
 * For rproc-sim only (QEMU has no mailbox): idle's protocol, interrupt
 * driven. The mailbox is PLIC source 12; the image gives it priority 1,
 * enables it for context 0 (hart 0, M-mode) with threshold 0, sets
 * mie.MEIE and mstatus.MIE with a vectored mtvec, prints
 * "mbirq: waiting\n" and sleeps in wfi. Each external interrupt (entry 11)
 * claims (which must say 12), answers every waiting message with the count
 * so far, and completes. After the message 0xffffffff it prints
 * "mbirq: <n> doorbells, claims ok\n" (n without that last one; "claims
 * wrong" if a claim was not 12 or an interrupt came with nothing to
 * read) and exits with n & 0xff. Without a mailbox: "mbirq: no mailbox\n",
 * exit 2.
 */
#include <stdint.h>

#include "mailbox.h"
#include "riscv-virt.h"
#include "semihost.h"
#include "trace.h"

#define MBIRQ_STOP	0xffffffffu

static volatile unsigned int count, bad_claims, stop;

void rv_vector(unsigned long cause)
{
	uint32_t id = PLIC_CLAIM(0);
	unsigned int got = 0;

	if (cause != IRQ_MEI || id != PLIC_SRC_MAILBOX)
		bad_claims++;
	while (mbox_pending()) {
		uint32_t v = mbox_recv();

		got++;
		count++;
		tr_printf("mbirq: doorbell %u\n", count);
		mbox_send(count);
		if (v == MBIRQ_STOP)
			stop = 1;
	}
	if (!got)
		bad_claims++;
	PLIC_CLAIM(0) = id;
}

unsigned long rv_trap(unsigned long mcause, unsigned long mepc)
{
	sh_printf("mbirq: unexpected trap, mcause 0x%x\n", (unsigned int)mcause);
	sh_exit(4);
	return mepc;
}

int main(void)
{
	if (!mbox_present()) {
		sh_puts("mbirq: no mailbox\n");
		return 2;
	}
	csr_write(mtvec, (unsigned long)rv_vectors | MTVEC_VECTORED);
	PLIC_PRIORITY(PLIC_SRC_MAILBOX) = 1;
	PLIC_THRESHOLD(0) = 0;
	PLIC_ENABLE(0, PLIC_SRC_MAILBOX / 32) = 1u << (PLIC_SRC_MAILBOX % 32);
	csr_set(mie, MIE_MEIE);
	sh_puts("mbirq: waiting\n");
	csr_set(mstatus, MSTATUS_MIE);
	rv_wait_for(&stop, 1);
	csr_clear(mstatus, MSTATUS_MIE);
	sh_printf("mbirq: %u doorbells, claims %s\n", count - 1, bad_claims ? "wrong" : "ok");
	return (int)((count - 1) & 0xff);
}
