/*
 * rv-uart.c - the NS16550A UART of QEMU's virt board, polled and by interrupt
 *
 * RISC-V only (QEMU virt and rproc-sim). Sets the UART up as drivers do
 * (divisor latch, 8N1, FIFOs), writes "uart: hello\n" polling LSR.THRE,
 * then "uart: interrupt-driven\n" one byte per "THR empty" interrupt: the
 * UART is PLIC source 10 (priority 1, context 0, threshold 0), IER.ETBEI
 * raises it, the handler claims, reads IIR, writes the next byte (or
 * turns ETBEI off at the end) and completes. Then "uart: done\n" through
 * semihosting, which must come after the UART's lines on the same
 * stdout. Exits 0; 1 if an interrupt was not the UART's THR empty; an
 * unexpected trap exits 4.
 */
#include <stdint.h>

#include "riscv-virt.h"
#include "semihost.h"

static const char *volatile tx_next;
static volatile unsigned int tx_done, bad_irqs;

static void uart_init(void)
{
	UART_IER = 0;
	UART_LCR = UART_LCR_DLAB;
	UART_THR = 1;		/* DLL: divisor 1 */
	UART_IER = 0;		/* DLM */
	UART_LCR = UART_LCR_8N1;
	UART_FCR = 0x07;	/* FIFOs on and cleared */
}

static void uart_puts(const char *s)
{
	for (; *s; s++) {
		while (!(UART_LSR & UART_LSR_THRE))
			;
		UART_THR = (uint8_t)*s;
	}
}

unsigned long rv_trap(unsigned long mcause, unsigned long mepc)
{
	uint32_t id;
	uint8_t iir;

	if (mcause != (MCAUSE_IRQ | IRQ_MEI)) {
		sh_printf("uart: unexpected trap, mcause 0x%x\n", (unsigned int)mcause);
		sh_exit(4);
	}
	id = PLIC_CLAIM(0);
	iir = UART_IIR;
	if (id != PLIC_SRC_UART || (iir & UART_IIR_ID) != UART_IIR_THRE) {
		bad_irqs++;
		sh_printf("uart: claim %u iir 0x%x\n", (unsigned int)id, iir);
		UART_IER = 0;
		tx_done = 1;
	} else if (*tx_next) {
		UART_THR = (uint8_t)*tx_next;
		tx_next = tx_next + 1;
	} else {
		UART_IER = 0;
		tx_done = 1;
	}
	if (id)
		PLIC_CLAIM(0) = id;
	return mepc;
}

int main(void)
{
	uart_init();
	uart_puts("uart: hello\n");

	tx_next = "uart: interrupt-driven\n";
	csr_write(mtvec, rv_trap_direct);
	PLIC_PRIORITY(PLIC_SRC_UART) = 1;
	PLIC_THRESHOLD(0) = 0;
	PLIC_ENABLE(0, PLIC_SRC_UART / 32) = 1u << (PLIC_SRC_UART % 32);
	csr_set(mie, MIE_MEIE);
	csr_set(mstatus, MSTATUS_MIE);
	UART_IER = UART_IER_ETBEI;
	rv_wait_for(&tx_done, 1);
	csr_clear(mstatus, MSTATUS_MIE);
	csr_clear(mie, MIE_MEIE);
	if (bad_irqs) {
		sh_puts("uart: an interrupt that was not THR empty\n");
		return 1;
	}
	sh_puts("uart: done\n");
	return 0;
}
