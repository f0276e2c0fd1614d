// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A minimal PLIC at QEMU virt's 0xc000000, so that virt firmware that
 * enables, claims and completes its external interrupts works:
 *   +0x000000 + 4*n            priority of source n (3 bits, 0: never)
 *   +0x001000 + 4*w            pending, 32 sources a word (read only)
 *   +0x002000 + 0x80*c + 4*w   enable of context c
 *   +0x200000 + 0x1000*c       threshold of context c (3 bits)
 *   +0x200004 + 0x1000*c       claim (read) / complete (write)
 * Contexts as virt numbers them: 0 is hart 0's M-mode (its output is MEIP),
 * 1 its S-mode (kept, but drives nothing: no S-mode interrupts here).
 *
 * The mailbox (12) is a level, high while host->core messages wait: it is
 * pending while high and not claimed, as the PLIC's level gateway has it
 * (after the complete, a level still high is pending again). The UART (10)
 * is pending as QEMU's PLIC (7.2) keeps it: set or cleared by the UART's
 * signals, which its register accesses make as QEMU's serial does, and
 * cleared by a claim; so after a complete it is pending again only once
 * the UART signals (a THR write, say), not merely because its level stays
 * high. A firmware that works on both, and on hardware, services the UART
 * before the complete. Ties of priority go to the lowest source number.
 */
#include <errno.h>

#include "log.h"
#include "sim-riscv.h"

#define PLIC_PENDING		0x001000
#define PLIC_ENABLE		0x002000
#define PLIC_ENABLE_STRIDE	0x80
#define PLIC_CONTEXT		0x200000
#define PLIC_CONTEXT_STRIDE	0x1000
#define PLIC_PRIO_MASK		7

static bool bit(const uint32_t *w, unsigned int n)
{
	return w[n / 32] & (1u << (n % 32));
}

static void bit_set(uint32_t *w, unsigned int n, bool on)
{
	if (on)
		w[n / 32] |= 1u << (n % 32);
	else
		w[n / 32] &= ~(1u << (n % 32));
}

void rv_plic_signal(struct sim_rv *rv, unsigned int src, bool level)
{
	bit_set(rv->plic.latched, src, level);
}

/* The pending register: the UART's latch, the mailbox's level unclaimed */
static uint32_t plic_pending_word(struct sim_rv *rv, unsigned int w)
{
	uint32_t v = rv->plic.latched[w];

	if (RV_IRQ_MAILBOX / 32 == w && !bit(rv->plic.claimed, RV_IRQ_MAILBOX) &&
	    sim_mailbox_pending(rv->s))
		v |= 1u << (RV_IRQ_MAILBOX % 32);
	return v;
}

/* The source context ctx would claim, or 0. */
static unsigned int plic_best(struct sim_rv *rv, unsigned int ctx)
{
	struct rv_plic *p = &rv->plic;
	unsigned int w, n, best = 0;
	uint32_t best_prio = p->threshold[ctx];

	for (w = 0; w < RV_PLIC_WORDS; w++) {
		uint32_t cand = plic_pending_word(rv, w) & ~p->claimed[w] & p->enable[ctx][w];

		for (n = w * 32; cand; n++, cand >>= 1)
			if ((cand & 1) && p->prio[n] > best_prio) {
				best = n;
				best_prio = p->prio[n];
			}
	}
	return best;
}

uint64_t rv_plic_mip(struct sim_rv *rv)
{
	return plic_best(rv, 0) ? 1ull << RV_IRQ_MEI : 0;
}

static uint64_t plic_read(uc_engine *uc, uint64_t off, unsigned int size, void *user)
{
	struct sim_rv *rv = user;
	struct rv_plic *p = &rv->plic;
	unsigned int ctx, n;

	off &= ~3ull;	/* 32-bit registers */
	if (off < 4 * RV_PLIC_SOURCES)
		return p->prio[off / 4];
	if (off >= PLIC_PENDING && off < PLIC_PENDING + 4 * RV_PLIC_WORDS)
		return plic_pending_word(rv, (off - PLIC_PENDING) / 4);
	if (off >= PLIC_ENABLE && off < PLIC_ENABLE + PLIC_ENABLE_STRIDE * RV_PLIC_CONTEXTS) {
		ctx = (off - PLIC_ENABLE) / PLIC_ENABLE_STRIDE;
		n = (off - PLIC_ENABLE) % PLIC_ENABLE_STRIDE / 4;
		return n < RV_PLIC_WORDS ? p->enable[ctx][n] : 0;
	}
	if (off >= PLIC_CONTEXT && off < PLIC_CONTEXT + PLIC_CONTEXT_STRIDE * RV_PLIC_CONTEXTS) {
		ctx = (off - PLIC_CONTEXT) / PLIC_CONTEXT_STRIDE;
		switch ((off - PLIC_CONTEXT) % PLIC_CONTEXT_STRIDE) {
		case 0:
			return p->threshold[ctx];
		case 4:
			n = plic_best(rv, ctx);
			if (n) {
				bit_set(p->latched, n, false);
				bit_set(p->claimed, n, true);
				sim_riscv_update(rv);
			}
			return n;
		}
	}
	return 0;
}

static void plic_write(uc_engine *uc, uint64_t off, unsigned int size, uint64_t value,
		       void *user)
{
	struct sim_rv *rv = user;
	struct rv_plic *p = &rv->plic;
	uint32_t v = (uint32_t)value;
	unsigned int ctx, n;

	off &= ~3ull;
	if (off < 4 * RV_PLIC_SOURCES) {
		if (off)	/* source 0 does not exist */
			p->prio[off / 4] = v & PLIC_PRIO_MASK;
	} else if (off >= PLIC_ENABLE &&
		   off < PLIC_ENABLE + PLIC_ENABLE_STRIDE * RV_PLIC_CONTEXTS) {
		ctx = (off - PLIC_ENABLE) / PLIC_ENABLE_STRIDE;
		n = (off - PLIC_ENABLE) % PLIC_ENABLE_STRIDE / 4;
		if (n < RV_PLIC_WORDS)
			p->enable[ctx][n] = n ? v : v & ~1u;
	} else if (off >= PLIC_CONTEXT &&
		   off < PLIC_CONTEXT + PLIC_CONTEXT_STRIDE * RV_PLIC_CONTEXTS) {
		ctx = (off - PLIC_CONTEXT) / PLIC_CONTEXT_STRIDE;
		switch ((off - PLIC_CONTEXT) % PLIC_CONTEXT_STRIDE) {
		case 0:
			p->threshold[ctx] = v & PLIC_PRIO_MASK;
			break;
		case 4:
			/* complete: the source may be pending again */
			if (v && v < RV_PLIC_SOURCES)
				p->claimed[v / 32] &= ~(1u << (v % 32));
			break;
		default:
			return;
		}
	} else {
		return;	/* pending is read only */
	}
	sim_riscv_update(rv);
}

void rv_plic_reset(struct sim_rv *rv)
{
	rv->plic = (struct rv_plic){ 0 };
}

int rv_plic_map(struct sim_rv *rv)
{
	int err;

	err = sim_memory_device_map(rv->s, "PLIC", RV_PLIC_BASE, RV_PLIC_SIZE, plic_read,
				    plic_write, rv);
	if (err < 0)
		return err;
	rv_plic_reset(rv);
	return 0;
}
