/*
 * mailbox.h - driver for the rproc-sim mailbox
 *
 * A 4 KiB block of 32-bit little-endian registers at the same device
 * address on every CPU of the kit:
 *
 *   0x00 STATUS  bit 0: a host->core message is pending
 *   0x04 RX      read: pops the next host->core message (0 if none)
 *   0x08 TX      write: sends a core->host message
 *   0x0c ID      reads MBOX_ID_MAGIC, "MBX1"
 *
 * rproc-sim wakes a core sleeping in wfi when a host message arrives and
 * lets wfi fall through while one is pending, so "check STATUS, wfi if
 * nothing is pending" loses no message (mbox_idle()).
 */
#ifndef FW_MAILBOX_H
#define FW_MAILBOX_H

#include <stdbool.h>
#include <stdint.h>

#define MBOX_BASE		0x3f000000u
#define MBOX_SIZE		0x1000u

#define MBOX_STATUS		0x00
#define MBOX_RX			0x04
#define MBOX_TX			0x08
#define MBOX_ID			0x0c

#define MBOX_STATUS_RX_PENDING	(1u << 0)
#define MBOX_ID_MAGIC		0x3158424du	/* "MBX1" in memory order */

bool mbox_present(void);
bool mbox_pending(void);
uint32_t mbox_recv(void);
void mbox_send(uint32_t v);
void mbox_idle(void);

#endif /* FW_MAILBOX_H */
