/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * rproc-sim's RISC-V machine: machine-mode traps and the devices of QEMU's
 * virt board that firmware built for it expects (CLINT, PLIC, NS16550A),
 * at virt's addresses. One hart, hart 0, in M-mode.
 *
 * All state here is the core thread's: MMIO callbacks and the arch hooks
 * run on it. Other threads only raise sim-irq.c lines (the mailbox's, the
 * CLINT's timer), which stop the core so that irq_take looks.
 */
#ifndef SIM_RISCV_H
#define SIM_RISCV_H

#include <stdbool.h>
#include <stdint.h>

#include "sim.h"

/* QEMU virt's map (hw/riscv/virt.c, QEMU 7.2) */
#define RV_CLINT_BASE		0x02000000ull
#define RV_CLINT_SIZE		0x10000ull
#define RV_PLIC_BASE		0x0c000000ull
#define RV_PLIC_SIZE		0x600000ull
#define RV_TEST_BASE		0x00100000ull	/* sifive_test, the finisher */
#define RV_TEST_SIZE		0x1000ull
#define RV_UART_BASE		0x10000000ull
#define RV_UART_SIZE		0x100ull	/* virt's; Unicorn maps pages: */
#define RV_UART_MAP		0x1000ull	/* the rest of the page reads 0 */

/* PLIC sources: virt's UART0 is 10; the mailbox takes 12, free on virt */
#define RV_PLIC_SOURCES		96	/* 0 (none) to 95, as virt has */
#define RV_PLIC_WORDS		(RV_PLIC_SOURCES / 32)
#define RV_PLIC_CONTEXTS	2	/* hart 0: M-mode, S-mode */
#define RV_IRQ_UART		10
#define RV_IRQ_MAILBOX		12

/* mip/mie bits and interrupt causes of the privileged specification */
#define RV_IRQ_MSI		3
#define RV_IRQ_MTI		7
#define RV_IRQ_MEI		11

/* virt's timebase-frequency: mtime counts 10 MHz */
#define RV_MTIME_HZ		10000000.0

/* the sim-irq.c line of the CLINT's timer */
#define RV_LINE_MTIMER		SIM_LINE_ARCH

struct rv_clint {
	uint32_t msip;		/* hart 0's, bit 0 */
	uint64_t mtimecmp;
	bool armed;		/* mtimecmp written since reset: MTIP can rise */
	double t0;		/* sim_now() when mtime was 0 ... */
	uint64_t mtime_off;	/* ... plus what firmware wrote to mtime */
	int timer;		/* sim-irq.c timer id */
	double when;		/* its deadline, 0: none */
};

struct rv_plic {
	uint32_t prio[RV_PLIC_SOURCES];
	uint32_t enable[RV_PLIC_CONTEXTS][RV_PLIC_WORDS];
	uint32_t threshold[RV_PLIC_CONTEXTS];
	uint32_t claimed[RV_PLIC_WORDS];
	uint32_t latched[RV_PLIC_WORDS];	/* the UART's pending, as its signals left it */
};

struct rv_uart {
	uint8_t ier, lcr, mcr, scr, fcr, dll, dlm;
	bool thr_ipending;	/* "THR empty" interrupt, until IIR is read */
};

struct sim_rv {
	struct sim *s;
	unsigned int xlen;
	struct rv_clint clint;
	struct rv_plic plic;
	struct rv_uart uart;
};

static inline struct sim_rv *sim_rv(struct sim *s)
{
	return s->arch_priv;
}

/* sim-riscv.c: the arch hooks (struct sim_arch) */
int sim_riscv_devices_map(struct sim *s);
void sim_riscv_devices_unmap(struct sim *s);
int sim_riscv_irq_take(struct sim *s);
bool sim_riscv_irq_pending(struct sim *s);
bool sim_riscv_irq_takeable(struct sim *s);
bool sim_riscv_trap_take(struct sim *s, uint32_t intno, uint64_t pc);
/* A device changed an interrupt's level: have irq_take look if it matters. */
void sim_riscv_update(struct sim_rv *rv);

/* sim-clint.c */
void rv_clint_reset(struct sim_rv *rv);
/* the CLINT's state and timer; its registers mapped if mmio (else a memory is there) */
int rv_clint_map(struct sim_rv *rv, bool mmio);
uint64_t rv_clint_mtime(struct sim_rv *rv);
/* MTIP and MSIP as mip has them; arms the timer for a deadline ahead */
uint64_t rv_clint_mip(struct sim_rv *rv);

/* sim-plic.c */
void rv_plic_reset(struct sim_rv *rv);
int rv_plic_map(struct sim_rv *rv);
/* MEIP as mip has it: context 0 (hart 0, M-mode) has a source to claim */
uint64_t rv_plic_mip(struct sim_rv *rv);
/* A device model signals its level, as QEMU's qemu_set_irq() does */
void rv_plic_signal(struct sim_rv *rv, unsigned int src, bool level);

/* sim-uart-16550.c */
void rv_uart_reset(struct sim_rv *rv);
int rv_uart_map(struct sim_rv *rv);
bool rv_uart_irq(struct sim_rv *rv);

#endif
