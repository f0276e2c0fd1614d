// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The CLINT of QEMU's virt board (SiFive's layout, QEMU's ACLINT MTIMER and
 * MSWI at 0x2000000), for hart 0:
 *   +0x0000 msip      bit 0 is MSIP: a machine software interrupt
 *   +0x4000 mtimecmp  64 bits: MTIP while mtime >= mtimecmp
 *   +0xbff8 mtime     64 bits, 10 MHz (virt's timebase-frequency)
 * Any access size; a 64-bit register is also two 32-bit halves, as RV32
 * firmware writes it. Other harts' registers read 0 and ignore writes.
 *
 * mtime counts host time (CLOCK_MONOTONIC) from the core's reset, as
 * QEMU's counts QEMU_CLOCK_VIRTUAL without -icount; a write moves it. As in
 * QEMU, MTIP stays low after reset until firmware first writes mtimecmp
 * (which resets to 0). A deadline ahead arms a sim-irq.c timer, whose line
 * stops the core at that time so that irq_take sees MTIP.
 */
#include <errno.h>

#include "log.h"
#include "sim-riscv.h"

#define CLINT_MSIP		0x0000
#define CLINT_MTIMECMP		0x4000
#define CLINT_MTIME		0xbff8

/* further out than this, a deadline is as good as never */
#define CLINT_FAR_S		(1e6)

static uint64_t reg_get(uint64_t reg, unsigned int off, unsigned int size)
{
	uint64_t v = reg >> (8 * off);

	return size >= 8 ? v : v & ((1ull << (8 * size)) - 1);
}

static uint64_t reg_put(uint64_t reg, unsigned int off, unsigned int size, uint64_t v)
{
	uint64_t mask = size >= 8 ? ~0ull : ((1ull << (8 * size)) - 1);

	return (reg & ~(mask << (8 * off))) | ((v & mask) << (8 * off));
}

static uint64_t clint_ticks(struct rv_clint *c, double now)
{
	double t = (now - c->t0) * RV_MTIME_HZ;

	return (t > 0 ? (uint64_t)t : 0) + c->mtime_off;
}

uint64_t rv_clint_mtime(struct sim_rv *rv)
{
	return clint_ticks(&rv->clint, sim_now());
}

/* Arm the timer for mtimecmp, or cancel it when MTIP cannot rise. */
static void clint_timer_arm(struct sim_rv *rv, double now)
{
	struct rv_clint *c = &rv->clint;
	uint64_t ticks = clint_ticks(c, now);
	double when = 0;

	if (c->armed && c->mtimecmp > ticks) {
		double ahead = (double)(c->mtimecmp - ticks) / RV_MTIME_HZ;

		if (ahead < CLINT_FAR_S)
			when = now + ahead;
	}
	/* only a change: each set wakes the timer thread */
	if (when != c->when) {
		c->when = when;
		sim_irq_timer_set(rv->s, c->timer, when);
	}
}

uint64_t rv_clint_mip(struct sim_rv *rv)
{
	struct rv_clint *c = &rv->clint;
	double now = sim_now();
	uint64_t mip = 0;

	if (c->msip & 1)
		mip |= 1ull << RV_IRQ_MSI;
	if (c->armed && clint_ticks(c, now) >= c->mtimecmp)
		mip |= 1ull << RV_IRQ_MTI;
	else
		clint_timer_arm(rv, now);
	return mip;
}

static uint64_t clint_read(uc_engine *uc, uint64_t off, unsigned int size, void *user)
{
	struct sim_rv *rv = user;
	struct rv_clint *c = &rv->clint;

	if (off < 4)
		return reg_get(c->msip, off, size);
	if (off >= CLINT_MTIMECMP && off < CLINT_MTIMECMP + 8)
		return reg_get(c->mtimecmp, off - CLINT_MTIMECMP, size);
	if (off >= CLINT_MTIME && off < CLINT_MTIME + 8)
		return reg_get(rv_clint_mtime(rv), off - CLINT_MTIME, size);
	return 0;
}

static void clint_write(uc_engine *uc, uint64_t off, unsigned int size, uint64_t value,
			void *user)
{
	struct sim_rv *rv = user;
	struct rv_clint *c = &rv->clint;
	double now = sim_now();

	if (off < 4) {
		c->msip = (uint32_t)reg_put(c->msip, off, size, value) & 1;
	} else if (off >= CLINT_MTIMECMP && off < CLINT_MTIMECMP + 8) {
		c->mtimecmp = reg_put(c->mtimecmp, off - CLINT_MTIMECMP, size, value);
		c->armed = true;
		clint_timer_arm(rv, now);
	} else if (off >= CLINT_MTIME && off < CLINT_MTIME + 8) {
		uint64_t t = reg_put(clint_ticks(c, now), off - CLINT_MTIME, size, value);

		c->mtime_off += t - clint_ticks(c, now);
		clint_timer_arm(rv, now);
	} else {
		return;
	}
	sim_riscv_update(rv);
}

void rv_clint_reset(struct sim_rv *rv)
{
	struct rv_clint *c = &rv->clint;

	c->msip = 0;
	c->mtimecmp = 0;
	c->armed = false;
	c->t0 = sim_now();
	c->mtime_off = 0;
	c->when = 0;
	sim_irq_timer_set(rv->s, c->timer, 0);
}

int rv_clint_map(struct sim_rv *rv, bool mmio)
{
	int err;

	rv->clint.timer = sim_irq_timer_new(rv->s, RV_LINE_MTIMER);
	if (rv->clint.timer < 0)
		return rv->clint.timer;
	err = mmio ? sim_memory_device_map(rv->s, "CLINT", RV_CLINT_BASE, RV_CLINT_SIZE,
					   clint_read, clint_write, rv) : 0;
	if (err < 0)
		return err;
	rv_clint_reset(rv);
	return 0;
}
