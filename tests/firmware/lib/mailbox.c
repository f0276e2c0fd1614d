/*
 * mailbox.c - driver for the rproc-sim mailbox (register map in mailbox.h)
 */
#include "mailbox.h"

/* the registers are little-endian whatever the core's byte order */
static inline uint32_t mbox_le32(uint32_t v)
{
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	return __builtin_bswap32(v);
#else
	return v;
#endif
}

static inline volatile uint32_t *mbox_reg(unsigned int off)
{
	return (volatile uint32_t *)(uintptr_t)(MBOX_BASE + off);
}

static inline uint32_t mbox_read(unsigned int off)
{
	return mbox_le32(*mbox_reg(off));
}

static inline void mbox_write(unsigned int off, uint32_t v)
{
	*mbox_reg(off) = mbox_le32(v);
}

/* Where there is no mailbox (QEMU) the read faults or returns junk. */
bool mbox_present(void)
{
	return mbox_read(MBOX_ID) == MBOX_ID_MAGIC;
}

bool mbox_pending(void)
{
	return mbox_read(MBOX_STATUS) & MBOX_STATUS_RX_PENDING;
}

uint32_t mbox_recv(void)
{
	return mbox_read(MBOX_RX);
}

void mbox_send(uint32_t v)
{
	mbox_write(MBOX_TX, v);
}

/*
 * Sleep until the host sends something.  STATUS is read right before wfi:
 * a message that arrived since the caller last looked is handled now, and
 * one arriving between the read and wfi makes wfi return at once (the
 * simulator treats a pending message as a wake-up event).
 */
void mbox_idle(void)
{
	if (!mbox_pending())
		__asm__ volatile("wfi" ::: "memory");
}
