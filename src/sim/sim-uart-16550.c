// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The NS16550A UART of QEMU's virt board at 0x10000000 (byte registers,
 * reg-shift 0), enough for the drivers firmware has (polled and
 * interrupt-driven transmit):
 *   0 RBR (read) / THR (write); DLL while LCR.DLAB
 *   1 IER (4 bits); DLM while LCR.DLAB
 *   2 IIR (read) / FCR (write)
 *   3 LCR  4 MCR  5 LSR  6 MSR  7 SCR
 * A byte written to THR goes out at once: LSR always has THRE and TEMT, and
 * with IER.ETBEI the "THR empty" interrupt is pending (IIR 0x02) until IIR
 * is read or THR written, as QEMU's serial does. There is no input: RBR
 * reads 0 and LSR.DR stays clear. The interrupt is PLIC source 10, told
 * after the accesses QEMU's serial signals it on (sim-plic.c).
 *
 * Output goes to the console (sim_uart_putc: rproc-sim's stdout, or
 * --uart FILE) at once, so that on stdout it interleaves with
 * semihosting's writes in the order the firmware made them.
 */
#include <errno.h>

#include "log.h"
#include "sim-riscv.h"

#define UART_RBR	0
#define UART_IER	1
#define UART_IIR	2
#define UART_LCR	3
#define UART_MCR	4
#define UART_LSR	5
#define UART_MSR	6
#define UART_SCR	7

#define IER_ERBFI	0x01	/* receive data available */
#define IER_ETBEI	0x02	/* THR empty */
#define IIR_NONE	0x01
#define IIR_THRE	0x02
#define IIR_RDA		0x04
#define IIR_FIFO	0xc0
#define FCR_FIFO_EN	0x01
#define LCR_DLAB	0x80
#define LSR_THRE	0x20
#define LSR_TEMT	0x40
#define MSR_DCD_DSR_CTS	0xb0	/* a modem that is there, as QEMU says */

bool rv_uart_irq(struct sim_rv *rv)
{
	struct rv_uart *u = &rv->uart;

	return (u->ier & IER_ETBEI) && u->thr_ipending;
}

/* Tell the PLIC the level, where QEMU's serial calls serial_update_irq */
static void uart_signal(struct sim_rv *rv)
{
	rv_plic_signal(rv, RV_IRQ_UART, rv_uart_irq(rv));
	sim_riscv_update(rv);
}

static uint64_t uart_read(uc_engine *uc, uint64_t off, unsigned int size, void *user)
{
	struct sim_rv *rv = user;
	struct rv_uart *u = &rv->uart;
	uint8_t v = 0;

	switch (off) {
	case UART_RBR:
		if (u->lcr & LCR_DLAB) {
			v = u->dll;
			break;
		}
		uart_signal(rv);
		break;
	case UART_IER:
		v = u->lcr & LCR_DLAB ? u->dlm : u->ier;
		break;
	case UART_IIR:
		v = IIR_NONE;
		if (rv_uart_irq(rv)) {
			v = IIR_THRE;
			u->thr_ipending = false;	/* reading it is the acknowledge */
			uart_signal(rv);
		}
		if (u->fcr & FCR_FIFO_EN)
			v |= IIR_FIFO;
		break;
	case UART_LCR:
		v = u->lcr;
		break;
	case UART_MCR:
		v = u->mcr;
		break;
	case UART_LSR:
		v = LSR_THRE | LSR_TEMT;
		break;
	case UART_MSR:
		v = MSR_DCD_DSR_CTS;
		break;
	case UART_SCR:
		v = u->scr;
		break;
	}
	return v;
}

static void uart_write(uc_engine *uc, uint64_t off, unsigned int size, uint64_t value,
		       void *user)
{
	struct sim_rv *rv = user;
	struct rv_uart *u = &rv->uart;
	uint8_t v = (uint8_t)value;

	switch (off) {
	case UART_RBR:
		if (u->lcr & LCR_DLAB) {
			u->dll = v;
			return;
		}
		sim_uart_putc(rv->s, v);
		u->thr_ipending = true;	/* sent: THR is empty again */
		break;
	case UART_IER:
		if (u->lcr & LCR_DLAB) {
			u->dlm = v;
			return;
		}
		/* enabling ETBEI with THR empty raises it at once */
		if ((v & IER_ETBEI) && !(u->ier & IER_ETBEI))
			u->thr_ipending = true;
		u->ier = v & 0x0f;
		break;
	case UART_IIR:
		u->fcr = v & 0xc9;	/* FIFO enable, DMA mode, trigger level */
		break;
	case UART_LCR:
		u->lcr = v;
		return;
	case UART_MCR:
		u->mcr = v & 0x1f;
		return;
	case UART_SCR:
		u->scr = v;
		return;
	default:
		return;	/* LSR and MSR are read only */
	}
	uart_signal(rv);
}

void rv_uart_reset(struct sim_rv *rv)
{
	struct rv_uart *u = &rv->uart;

	u->ier = u->lcr = u->scr = u->fcr = u->dlm = 0;
	u->mcr = 0x08;		/* OUT2, as QEMU resets it */
	u->dll = 0x0c;		/* 9600 baud from 1.8432 MHz */
	u->thr_ipending = false;
}

int rv_uart_map(struct sim_rv *rv)
{
	int err;

	err = sim_memory_device_map(rv->s, "NS16550A UART", RV_UART_BASE, RV_UART_MAP,
				    uart_read, uart_write, rv);
	if (err < 0)
		return err;
	rv_uart_reset(rv);
	return 0;
}
