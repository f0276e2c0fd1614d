// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * UART0 of QEMU's mps2-an385/an386: the CMSDK APB UART (ARM DDI 0479C) at
 * 0x40004000, its TX interrupt on NVIC line 1. A byte written to DATA goes
 * to the console (s->uart_fd: rproc-sim's stdout, or --uart) at once, as
 * QEMU's model sends it; as there, nothing is sent while CTRL.TX_EN is
 * clear (TXFULL stays set, a second byte is an overrun). Sending sets
 * INTSTATUS.TX when CTRL.TX_INTEN is set. There is no input: RXFULL never
 * sets, and the RX and overrun interrupts (lines 0 and 12) never rise.
 */
#include <errno.h>
#include <unistd.h>

#include "log.h"
#include "sim-armv7m.h"

#define UART_DATA		0x000
#define UART_STATE		0x004
#define UART_CTRL		0x008
#define UART_INTSTATUS		0x00c
#define UART_BAUDDIV		0x010
#define UART_PID4		0xfd0
#define UART_CID3		0xffc

#define STATE_TXFULL		(1u << 0)
#define STATE_TXOVERRUN		(1u << 2)
#define STATE_RXOVERRUN		(1u << 3)
#define CTRL_TX_EN		(1u << 0)
#define CTRL_TX_INTEN		(1u << 2)
#define INT_TX			(1u << 0)
#define INT_TXO			(1u << 2)
#define INT_RXO			(1u << 3)

/* PID4-7, PID0-3, CID0-3 of the CMSDK APB UART */
static const uint8_t uart_id[12] = {
	0x04, 0x00, 0x00, 0x00, 0x21, 0xb8, 0x1b, 0x00, 0x0d, 0xf0, 0x05, 0xb1,
};

/* INTSTATUS's overrun bits follow STATE and CTRL; TX is the line's level. */
static void uart_update(struct armv7m *m)
{
	struct m_uart *u = &m->uart;

	u->intstatus &= ~(INT_TXO | INT_RXO);
	u->intstatus |= u->state & (u->ctrl >> 2) & (INT_TXO | INT_RXO);
	if (u->intstatus & INT_TX)
		sim_irq_raise(m->s, M_LINE_UART0_TX);
	else
		sim_irq_lower(m->s, M_LINE_UART0_TX);
}

static void uart_send(struct armv7m *m)
{
	struct m_uart *u = &m->uart;
	struct sim *s = m->s;

	if (!(u->ctrl & CTRL_TX_EN) || !(u->state & STATE_TXFULL))
		return;
	sim_uart_putc(s, u->txbuf);
	u->state &= ~STATE_TXFULL;
	if (u->ctrl & CTRL_TX_INTEN)
		u->intstatus |= INT_TX;
	uart_update(m);
}

static uint64_t uart_read(uc_engine *uc, uint64_t off, unsigned int size, void *user)
{
	struct armv7m *m = user;
	struct m_uart *u = &m->uart;

	switch (off) {
	case UART_DATA:
		return 0;	/* nothing is ever received */
	case UART_STATE:
		return u->state;
	case UART_CTRL:
		return u->ctrl;
	case UART_INTSTATUS:
		return u->intstatus;
	case UART_BAUDDIV:
		return u->bauddiv;
	}
	if (off >= UART_PID4 && off <= UART_CID3 && !(off & 3))
		return uart_id[(off - UART_PID4) / 4];
	return 0;
}

static void uart_write(uc_engine *uc, uint64_t off, unsigned int size, uint64_t value,
		       void *user)
{
	struct armv7m *m = user;
	struct m_uart *u = &m->uart;
	uint32_t v = (uint32_t)value;

	switch (off) {
	case UART_DATA:
		u->txbuf = (uint8_t)v;
		if (u->state & STATE_TXFULL) {
			u->state |= STATE_TXOVERRUN;
			uart_update(m);
		} else {
			u->state |= STATE_TXFULL;
			uart_send(m);
		}
		break;
	case UART_STATE:
		u->state &= ~(v & (STATE_TXOVERRUN | STATE_RXOVERRUN));
		uart_update(m);
		break;
	case UART_CTRL:
		u->ctrl = v & 0x7f;
		uart_update(m);
		break;
	case UART_INTSTATUS:
		u->state &= ~(v & (INT_TXO | INT_RXO));
		u->intstatus &= ~v;
		uart_update(m);
		break;
	case UART_BAUDDIV:
		u->bauddiv = v & 0xfffff;
		break;
	}
}

int m_uart_map(struct sim *s)
{
	return sim_memory_device_map(s, "cortex-m4: UART0", M_UART0_BASE, M_UART_SIZE,
				     uart_read, uart_write, m_get(s));
}
