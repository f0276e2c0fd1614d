/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The Cortex-M4 system of rproc-sim: exceptions as ARMv7-M takes them
 * (sim-armv7m.c), the System Control Space with NVIC, SCB, SysTick and the
 * FP control registers (sim-armv7m-scs.c), and the CMSDK APB UART of QEMU's
 * mps2-an385/an386 (sim-uart-cmsdk.c).
 *
 * Unicorn runs the M-profile instructions but takes no exception itself: it
 * has no NVIC, hands svc and exception returns to UC_HOOK_INTR instead of
 * QEMU's arm_v7m_cpu_do_interrupt, and never checks CPACR (its
 * fp_exception_el() is a stub). What the architecture does there is done
 * here.
 */
#ifndef SIM_ARMV7M_H
#define SIM_ARMV7M_H

#include "sim.h"

/* exception numbers */
#define M_EXC_RESET		1
#define M_EXC_NMI		2
#define M_EXC_HARDFAULT		3
#define M_EXC_MEMMANAGE		4
#define M_EXC_BUSFAULT		5
#define M_EXC_USAGEFAULT	6
#define M_EXC_SVC		11
#define M_EXC_DEBUGMON		12
#define M_EXC_PENDSV		14
#define M_EXC_SYSTICK		15
#define M_EXC_IRQ0		16
/* external interrupts, as QEMU's mps2-an385/an386 NVIC (num-irq 32) */
#define M_NUM_IRQ		32
#define M_NUM_EXC		(M_EXC_IRQ0 + M_NUM_IRQ)

/* the board's interrupt lines (QEMU mps2-an386 numbering) */
#define M_IRQ_UART0_RX		0
#define M_IRQ_UART0_TX		1
#define M_IRQ_UART_OVF		12
#define M_IRQ_MAILBOX		31	/* rproc-sim's mailbox; unconnected on QEMU's board */

/* sim-irq.c lines of the devices */
#define M_LINE_SYSTICK		(SIM_LINE_ARCH + 0)
#define M_LINE_UART0_TX		(SIM_LINE_ARCH + 1)

/* Unicorn's exception numbers, as QEMU raises them (target/arm/cpu.h) */
#define M_EXCP_SWI		2
#define M_EXCP_EXCEPTION_EXIT	8

#define M_SCS_BASE		0xe000e000u
#define M_PPB_BASE		0xe0000000u
#define M_PPB_SIZE		0x00100000u
#define M_UART0_BASE		0x40004000u
#define M_UART_SIZE		0x1000u

/* CFSR bits rproc-sim sets */
#define M_CFSR_NOCP		(1u << 19)

#define M_FP_HOOKS_MAX		64
#define M_FP_NEW_MAX		16

struct m_uart {
	uint32_t state, ctrl, intstatus, bauddiv;
	uint8_t txbuf;
};

struct armv7m {
	struct sim *s;
	/* the NVIC's view of every exception */
	uint8_t prio[M_NUM_EXC];	/* as written; 8 bits, as QEMU's NVIC */
	bool enabled[M_NUM_EXC];
	bool pending[M_NUM_EXC];
	bool active[M_NUM_EXC];
	uint64_t lines_seen;		/* sim_irq_lines at the last sample */

	/* SCB */
	uint32_t vtor, prigroup, scr, ccr, shcsr;
	uint32_t cfsr, hfsr, mmfar, bfar;
	uint32_t cpacr, fpccr, fpcar, fpdscr, actlr;
	bool reset_requested;		/* AIRCR.SYSRESETREQ: reset between runs */

	/* SysTick: counts host time at M_SYSTICK_HZ (CLKSOURCE 1) or 1 MHz */
	uint32_t syst_csr, syst_rvr;
	uint32_t syst_cvr;		/* the count while it stands */
	double syst_base;		/* sim_now() when the count was at RVR */
	uint64_t syst_wraps;		/* wraps seen by the last CSR read */
	uint64_t syst_taken;		/* wraps turned into a pending SysTick */
	int syst_timer;

	/* FP instructions trap until CPACR grants CP10 and CP11 */
	uc_hook fp_hooks[M_FP_HOOKS_MAX];
	uint64_t fp_addrs[M_FP_HOOKS_MAX];	/* the instruction of each hook */
	size_t n_fp_hooks;
	uint64_t fp_new[M_FP_NEW_MAX];		/* found in new blocks, to hook */
	size_t n_fp_new;
	bool fp_granted;		/* the hooks are off */
	bool fp_changed;		/* CPACR written or FP found: redo between runs */

	/* DWT: the cycle counter alone, in host time at 25 MHz */
	uint32_t dwt_ctrl, dwt_cyccnt;
	double dwt_base;

	struct m_uart uart;

	/* unmodelled SCS/PPB accesses: warned about, then counted */
	unsigned long scs_unmodelled;
};

/* sim-armv7m.c */
static inline struct armv7m *m_get(struct sim *s)
{
	return s->arch_priv;
}
int armv7m_devices_map(struct sim *s);
void armv7m_devices_unmap(struct sim *s);
int armv7m_irq_take(struct sim *s);
bool armv7m_irq_pending(struct sim *s);
bool armv7m_irq_takeable(struct sim *s);
bool armv7m_trap_take(struct sim *s, uint32_t intno, uint64_t pc);
/*
 * The group priority the core runs at now (256: thread mode, nothing
 * masks); without_primask: as if PRIMASK were clear (what wfi wakes for).
 */
int armv7m_exec_prio(struct armv7m *m, bool without_primask);
int armv7m_exc_prio(struct armv7m *m, unsigned int exc);
/* Ask the run loop to look at the pending state (from an MMIO callback). */
void armv7m_recheck(struct armv7m *m);

/* sim-armv7m-scs.c */
int armv7m_scs_map(struct sim *s);
void armv7m_systick_reset(struct armv7m *m);
/* The SysTick line fired: a pending exception if TICKINT; re-arm. */
void armv7m_systick_fire(struct armv7m *m);
/* The FP hooks as CPACR says: on (trap) or off. Between runs only. */
int armv7m_fp_update(struct armv7m *m);

/* sim-uart-cmsdk.c */
int m_uart_map(struct sim *s);

#endif
