/*
 * uart.c - mps2-an386's UART0 (CMSDK APB UART at 0x40004000) as a console
 *
 * "uart: hello\n" polled (TXFULL), then a line sent byte by byte from the
 * TX interrupt (NVIC line 1), the core in wfi meanwhile, then a polled
 * line counting the interrupts. QEMU: run with -serial stdio; rproc-sim
 * writes the UART to its stdout (or --uart FILE). Semihosting's ":tt"
 * (the last line) goes to stdout as well.
 */
#include <stdbool.h>
#include <stdint.h>

#include "armv7m.h"
#include "semihost.h"

#define UART_DATA	REG32(0x40004000)
#define UART_STATE	REG32(0x40004004)
#define UART_CTRL	REG32(0x40004008)
#define UART_INTSTATUS	REG32(0x4000400c)
#define UART_BAUDDIV	REG32(0x40004010)
#define STATE_TXFULL	(1u << 0)
#define CTRL_TX_EN	(1u << 0)
#define CTRL_TX_INTEN	(1u << 2)
#define INT_TX		(1u << 0)

static vector_t vectors[VTOR_ENTRIES] VTOR_ALIGN;
static const char irq_line[] = "uart: sent by interrupt\n";
static volatile unsigned int sent, irqs;

static void uart_putc(char c)
{
	while (UART_STATE & STATE_TXFULL)
		;
	UART_DATA = (uint8_t)c;
}

static void uart_puts(const char *s)
{
	while (*s)
		uart_putc(*s++);
}

static void uart_tx_isr(void)
{
	UART_INTSTATUS = INT_TX;
	irqs++;
	if (irq_line[sent])
		UART_DATA = (uint8_t)irq_line[sent++];
}

int main(void)
{
	char n[4];

	UART_BAUDDIV = 16;
	UART_CTRL = CTRL_TX_EN;
	uart_puts("uart: hello\n");

	vtor_init(vectors);
	vectors[EXC_IRQ(IRQ_UART0_TX)] = uart_tx_isr;
	vtor_set(vectors);
	NVIC_ISER = 1u << IRQ_UART0_TX;
	UART_CTRL = CTRL_TX_EN | CTRL_TX_INTEN;
	irq_disable();
	UART_DATA = (uint8_t)irq_line[sent++];
	while (irq_line[sent]) {
		wfi();		/* wakes for the pending TX interrupt */
		irq_enable();	/* taken here */
		irq_disable();
	}
	irq_enable();
	while (irqs < sizeof(irq_line) - 1)
		;
	UART_CTRL = CTRL_TX_EN;
	NVIC_ICER = 1u << IRQ_UART0_TX;
	n[0] = (char)('0' + irqs / 10);
	n[1] = (char)('0' + irqs % 10);
	n[2] = 0;
	uart_puts("uart: ");
	uart_puts(n);
	uart_puts(" tx interrupts\n");
	sh_puts("uart: done\n");
	return 0;
}
