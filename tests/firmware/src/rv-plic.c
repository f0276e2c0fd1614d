/*
 * rv-plic.c - the PLIC's gateway, priorities, threshold and claim/complete
 *
 * RISC-V only (QEMU virt and rproc-sim), polled: interrupts stay off
 * (mstatus.MIE and mie clear). The NS16550A is the source (10) whose level
 * the image controls: IER.ETBEI raises it (THR is empty), reading IIR
 * lowers it. Each step prints what context 0 (hart 0, M-mode) sees:
 * the source's pending bit, and what a claim returns with priority 0
 * (never), with the priority not above the threshold, and above it; then
 * pending after the claim, a second claim, pending after the complete
 * (the level is still high), and after the level goes low. Prints one line
 * per step and exits 0; the lines are the result (sim-qemu.sh compares
 * them with QEMU's).
 */
#include <stdint.h>

#include "riscv-virt.h"
#include "semihost.h"

static unsigned int pending(void)
{
	return (PLIC_PENDING(PLIC_SRC_UART / 32) >> (PLIC_SRC_UART % 32)) & 1;
}

int main(void)
{
	uint32_t id;

	UART_IER = 0;
	PLIC_PRIORITY(PLIC_SRC_UART) = 0;
	PLIC_THRESHOLD(0) = 0;
	PLIC_ENABLE(0, PLIC_SRC_UART / 32) = 1u << (PLIC_SRC_UART % 32);
	sh_printf("plic: level low: pending %u\n", pending());

	UART_IER = UART_IER_ETBEI;
	sh_printf("plic: level high: pending %u\n", pending());
	sh_printf("plic: priority 0: claim %u\n", (unsigned int)PLIC_CLAIM(0));
	PLIC_PRIORITY(PLIC_SRC_UART) = 2;
	PLIC_THRESHOLD(0) = 2;
	sh_printf("plic: priority 2, threshold 2: claim %u\n", (unsigned int)PLIC_CLAIM(0));
	PLIC_THRESHOLD(0) = 1;
	sh_printf("plic: priority %u, threshold %u\n", (unsigned int)PLIC_PRIORITY(PLIC_SRC_UART),
		  (unsigned int)PLIC_THRESHOLD(0));
	id = PLIC_CLAIM(0);
	sh_printf("plic: priority 2, threshold 1: claim %u\n", (unsigned int)id);
	sh_printf("plic: claimed: pending %u, claim again %u\n", pending(),
		  (unsigned int)PLIC_CLAIM(0));
	PLIC_CLAIM(0) = id;
	sh_printf("plic: completed, level high: pending %u\n", pending());
	(void)UART_IIR;	/* the THR-empty interrupt's acknowledge */
	sh_printf("plic: level low: pending %u, claim %u\n", pending(),
		  (unsigned int)PLIC_CLAIM(0));
	UART_IER = 0;
	PLIC_ENABLE(0, PLIC_SRC_UART / 32) = 0;
	return 0;
}
