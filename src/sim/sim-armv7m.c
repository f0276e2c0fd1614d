// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Exceptions of the Cortex-M4 as ARMv7-M takes them (ARM DDI 0403E B1.5):
 * priorities with PRIGROUP, PRIMASK, BASEPRI and FAULTMASK; entry with the
 * 8-word frame (26 with the FP context when CONTROL.FPCA), 8-byte aligned
 * with xPSR bit 9, EXC_RETURN in LR, MSP in handler mode; return on a branch
 * to EXC_RETURN (QEMU raises EXCP_EXCEPTION_EXIT for it in handler mode),
 * tail-chaining into a pending exception instead of unstacking; svc as the
 * SVCall exception when it can be taken.
 *
 * Faults stay rproc-sim's reports (exit 126) as before: a firmware's
 * HardFault, MemManage, BusFault or UsageFault handler is never entered.
 * FP state is stacked when the exception is taken, as QEMU's mps2-an386 does
 * by default (FPCCR.LSPEN 0): lazy stacking is not modelled.
 *
 * CPACR: Unicorn runs FP instructions whatever CPACR says. Until CPACR grants
 * CP10 and CP11, every new translation block is looked at (a hook on
 * translation, not on execution) and an FP instruction in it gets a code
 * hook of its own: executing it is a no-coprocessor fault (UFSR.NOCP).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "sim-armv7m.h"

#define CONTROL_NPRIV		(1u << 0)
#define CONTROL_SPSEL		(1u << 1)
#define CONTROL_FPCA		(1u << 2)
#define XPSR_ALIGN		(1u << 9)
#define XPSR_T			(1u << 24)
#define XPSR_IPSR		0x1ffu
#define XPSR_KEEP		0xf80f0000u	/* NZCVQ and GE: what entry keeps */
#define EXC_RETURN_FTYPE	(1u << 4)	/* 1: basic frame, no FP context */
#define EXC_RETURN_THREAD	(1u << 3)
#define EXC_RETURN_PSP		(1u << 2)
#define CCR_NONBASETHRDENA	(1u << 0)
#define CCR_STKALIGN		(1u << 9)
#define SHCSR_MEMFAULTENA	(1u << 16)
#define SHCSR_BUSFAULTENA	(1u << 17)
#define SHCSR_USGFAULTENA	(1u << 18)

static uint32_t rd(struct sim *s, int reg)
{
	return (uint32_t)sim_reg_read(s, reg);
}

static void wr(struct sim *s, int reg, uint32_t v)
{
	sim_reg_write(s, reg, v);
}

/* A fault report, as hook_intr and hook_unmapped make them; stops the core. */
static void m_fault(struct armv7m *m, const char *cause, uint32_t pc, uint32_t addr,
		    bool has_addr)
{
	struct sim *s = m->s;

	if (s->stop != SIM_FAULT) {
		s->stop = SIM_FAULT;
		s->fault.cause = cause;
		s->fault.pc = pc & ~1u;
		s->fault.addr = has_addr ? addr : pc & ~1u;
		s->fault.has_addr = has_addr;
	}
	uc_emu_stop(s->uc);
}

/* --- priorities ----------------------------------------------------------- */

int armv7m_exc_prio(struct armv7m *m, unsigned int exc)
{
	switch (exc) {
	case M_EXC_RESET:
		return -3;
	case M_EXC_NMI:
		return -2;
	case M_EXC_HARDFAULT:
		return -1;
	}
	return m->prio[exc];
}

/* The group priority of a priority: what preemption compares. */
static int m_group(struct armv7m *m, int prio)
{
	if (prio < 0)
		return prio;
	return prio & ~((2 << m->prigroup) - 1) & 0xff;
}

int armv7m_exec_prio(struct armv7m *m, bool without_primask)
{
	struct sim *s = m->s;
	int p = 256, basepri;
	unsigned int i;

	for (i = 1; i < M_NUM_EXC; i++)
		if (m->active[i] && m_group(m, armv7m_exc_prio(m, i)) < p)
			p = m_group(m, armv7m_exc_prio(m, i));
	basepri = (int)(rd(s, UC_ARM_REG_BASEPRI) & 0xff);
	if (basepri && m_group(m, basepri) < p)
		p = m_group(m, basepri);
	if (!without_primask && (rd(s, UC_ARM_REG_PRIMASK) & 1) && p > 0)
		p = 0;
	if ((rd(s, UC_ARM_REG_FAULTMASK) & 1) && p > -1)
		p = -1;
	return p;
}

static bool m_exc_enabled(struct armv7m *m, unsigned int exc)
{
	switch (exc) {
	case M_EXC_MEMMANAGE:
		return m->shcsr & SHCSR_MEMFAULTENA;
	case M_EXC_BUSFAULT:
		return m->shcsr & SHCSR_BUSFAULTENA;
	case M_EXC_USAGEFAULT:
		return m->shcsr & SHCSR_USGFAULTENA;
	}
	return exc < M_EXC_IRQ0 || m->enabled[exc];
}

/* The pending exception to take first: lowest priority value, then number. */
static int m_pending_best(struct armv7m *m)
{
	int best = -1, best_prio = 1000;
	unsigned int i;

	for (i = 1; i < M_NUM_EXC; i++) {
		int p;

		if (!m->pending[i] || !m_exc_enabled(m, i))
			continue;
		p = armv7m_exc_prio(m, i);
		if (p < best_prio) {
			best = (int)i;
			best_prio = p;
		}
	}
	return best;
}

/* The exception that preempts now, or -1; also says if one waits masked. */
static int m_takeable(struct armv7m *m, bool *masked)
{
	int best = m_pending_best(m);

	*masked = false;
	if (best < 0)
		return -1;
	if (m_group(m, armv7m_exc_prio(m, (unsigned int)best)) < armv7m_exec_prio(m, false))
		return best;
	*masked = true;
	return -1;
}

/* --- mode and stacks ------------------------------------------------------ */

/*
 * Set xPSR (with IPSR: the mode), CONTROL and both stack pointers at once.
 * QEMU keeps the SP in use in r13 and the other in a bank, swapped only by
 * its own exception code and by a CONTROL.SPSEL write in thread mode;
 * Unicorn's IPSR write swaps nothing, and MSP, PSP and CONTROL writes are
 * ignored while unprivileged. So: privileged thread mode first, then SPSEL,
 * then the mode, then both stacks, then nPRIV; and the TB flags rebuilt
 * (handler mode and privilege are translation state), which Unicorn does on
 * an APSR_NZCV write.
 */
static void m_state_write(struct sim *s, uint32_t xpsr, uint32_t control, uint32_t msp,
			  uint32_t psp)
{
	uint32_t ipsr = rd(s, UC_ARM_REG_IPSR) & XPSR_IPSR;
	uint32_t ctl = rd(s, UC_ARM_REG_CONTROL);

	if (!ipsr && (ctl & CONTROL_NPRIV)) {
		wr(s, UC_ARM_REG_IPSR, M_EXC_HARDFAULT);	/* privileged, for a moment */
		ipsr = M_EXC_HARDFAULT;
	}
	if (ipsr) {
		wr(s, UC_ARM_REG_CONTROL, ctl & ~CONTROL_NPRIV);
		wr(s, UC_ARM_REG_IPSR, 0);
	}
	wr(s, UC_ARM_REG_CONTROL, control & ~CONTROL_NPRIV);
	wr(s, UC_ARM_REG_XPSR_NZCVQG, xpsr);
	wr(s, UC_ARM_REG_MSP, msp);
	wr(s, UC_ARM_REG_PSP, psp);
	wr(s, UC_ARM_REG_CONTROL, control);
	wr(s, UC_ARM_REG_APSR_NZCV, xpsr & 0xf0000000u);
}

static const int m_frame_regs[6] = {
	UC_ARM_REG_R0, UC_ARM_REG_R1, UC_ARM_REG_R2, UC_ARM_REG_R3,
	UC_ARM_REG_R12, UC_ARM_REG_LR,
};

/* The handler's address from the vector table; 0 when there is none. */
static uint32_t m_vector(struct armv7m *m, unsigned int exc)
{
	int err = 0;
	uint32_t v = (uint32_t)sim_memory_read_word(m->s, m->vtor + 4 * exc, &err);

	return err ? 0 : v;
}

/*
 * Enter exception exc (pending, takeable) from the current context, which
 * goes on at ret. PushStack and ExceptionTaken of B1.5.6. False: a fault
 * was reported.
 */
static bool m_exc_enter(struct armv7m *m, unsigned int exc, uint32_t ret)
{
	struct sim *s = m->s;
	uint32_t xpsr = rd(s, UC_ARM_REG_XPSR), control = rd(s, UC_ARM_REG_CONTROL);
	uint32_t msp = rd(s, UC_ARM_REG_MSP), psp = rd(s, UC_ARM_REG_PSP);
	bool handler = (xpsr & XPSR_IPSR) != 0;
	bool on_psp = !handler && (control & CONTROL_SPSEL);
	bool fp = control & CONTROL_FPCA;
	uint32_t sp = on_psp ? psp : msp, size = fp ? 0x68 : 0x20, frame, vec, excret;
	bool align = (m->ccr & CCR_STKALIGN) && (sp & 4);
	uint32_t w[26] = { 0 };
	unsigned int i;

	vec = m_vector(m, exc);
	if (!vec) {
		m_fault(m, exc == M_EXC_SVC ? "svc" : "no-vector", ret, m->vtor + 4 * exc, true);
		return false;
	}
	frame = (sp - size) & ((m->ccr & CCR_STKALIGN) ? ~7u : ~3u);
	for (i = 0; i < 6; i++)
		w[i] = rd(s, m_frame_regs[i]);
	w[6] = ret & ~1u;
	w[7] = (xpsr & ~XPSR_ALIGN) | (align ? XPSR_ALIGN : 0);
	if (fp) {
		for (i = 0; i < 16; i++)
			w[8 + i] = rd(s, UC_ARM_REG_S0 + (int)i);
		w[24] = rd(s, UC_ARM_REG_FPSCR);
	}
	if (uc_mem_write(s->uc, frame, w, size) != UC_ERR_OK) {
		m_fault(m, "stacking-error", ret, frame, true);
		return false;
	}
	if (on_psp)
		psp = frame;
	else
		msp = frame;
	excret = 0xffffffe1u | (fp ? 0 : EXC_RETURN_FTYPE) |
		 (handler ? 0 : EXC_RETURN_THREAD | (on_psp ? EXC_RETURN_PSP : 0));
	m->pending[exc] = false;
	m->active[exc] = true;
	wr(s, UC_ARM_REG_LR, excret);
	m_state_write(s, (xpsr & XPSR_KEEP) | ((vec & 1) ? XPSR_T : 0) | exc,
		      control & ~(CONTROL_SPSEL | CONTROL_FPCA), msp, psp);
	s->resume_at = vec;
	DBG("cortex-m4: exception %u taken, return to 0x%08x, LR 0x%08x", exc, ret, excret);
	return true;
}

/* The level of the line behind an exception, for re-pending it on return. */
static bool m_line_high(struct armv7m *m, unsigned int exc)
{
	uint64_t lines = sim_irq_lines(m->s);

	switch (exc) {
	case M_EXC_IRQ0 + M_IRQ_MAILBOX:
		return lines & (1ull << SIM_LINE_MAILBOX);
	case M_EXC_IRQ0 + M_IRQ_UART0_TX:
		return lines & (1ull << M_LINE_UART0_TX);
	}
	return false;
}

/* ExceptionReturn and PopStack of B1.5.8; false: a fault was reported. */
static bool m_exc_return(struct armv7m *m, uint32_t excret)
{
	struct sim *s = m->s;
	uint32_t xpsr = rd(s, UC_ARM_REG_XPSR), control = rd(s, UC_ARM_REG_CONTROL);
	uint32_t msp = rd(s, UC_ARM_REG_MSP), psp = rd(s, UC_ARM_REG_PSP);
	unsigned int exc = xpsr & XPSR_IPSR, others = 0, i;
	bool to_thread = excret & EXC_RETURN_THREAD, to_psp = excret & EXC_RETURN_PSP;
	bool fp = !(excret & EXC_RETURN_FTYPE);
	uint32_t w[26], size = fp ? 0x68 : 0x20, sp, ipsr, pc;
	int next;
	bool masked;

	excret |= 1;	/* QEMU's PC has bit 0 in the T flag */
	if ((excret & 0xffffffe0u) != 0xffffffe0u ||
	    ((excret & 0xf) != 0x1 && (excret & 0xf) != 0x9 && (excret & 0xf) != 0xd) ||
	    !exc || exc >= M_NUM_EXC || !m->active[exc]) {
		m_fault(m, "invalid-exception-return", rd(s, UC_ARM_REG_PC), excret, true);
		return false;
	}
	for (i = 1; i < M_NUM_EXC; i++)
		others += i != exc && m->active[i];
	if (to_thread && others && !(m->ccr & CCR_NONBASETHRDENA)) {
		m_fault(m, "invalid-exception-return", rd(s, UC_ARM_REG_PC), excret, true);
		return false;
	}
	m->active[exc] = false;
	if (exc != M_EXC_NMI)
		wr(s, UC_ARM_REG_FAULTMASK, 0);
	if (m_line_high(m, exc))
		m->pending[exc] = true;	/* a level still asserted */

	/* tail-chaining: the frame stays, the next handler returns through it */
	next = m_takeable(m, &masked);
	if (next >= 0) {
		uint32_t vec = m_vector(m, (unsigned int)next);

		if (!vec) {
			m_fault(m, "no-vector", rd(s, UC_ARM_REG_PC), m->vtor + 4 * (unsigned int)next,
				true);
			return false;
		}
		m->pending[next] = false;
		m->active[next] = true;
		wr(s, UC_ARM_REG_LR, excret);
		m_state_write(s, (xpsr & XPSR_KEEP) | ((vec & 1) ? XPSR_T : 0) | (unsigned int)next,
			      control & ~(CONTROL_SPSEL | CONTROL_FPCA), msp, psp);
		wr(s, UC_ARM_REG_PC, vec);
		DBG("cortex-m4: exception %u tail-chained after %u", next, exc);
		return true;
	}

	sp = to_thread && to_psp ? psp : msp;
	if (uc_mem_read(s->uc, sp, w, size) != UC_ERR_OK) {
		m_fault(m, "unstacking-error", rd(s, UC_ARM_REG_PC), sp, true);
		return false;
	}
	ipsr = w[7] & XPSR_IPSR;
	if (to_thread != !ipsr) {
		m_fault(m, "invalid-exception-return", rd(s, UC_ARM_REG_PC), excret, true);
		return false;
	}
	for (i = 0; i < 6; i++)
		wr(s, m_frame_regs[i], w[i]);
	if (fp) {
		for (i = 0; i < 16; i++)
			wr(s, UC_ARM_REG_S0 + (int)i, w[8 + i]);
		wr(s, UC_ARM_REG_FPSCR, w[24]);
	}
	sp += size;
	if ((m->ccr & CCR_STKALIGN) && (w[7] & XPSR_ALIGN))
		sp |= 4;
	if (to_thread && to_psp)
		psp = sp;
	else
		msp = sp;
	control &= ~(CONTROL_SPSEL | CONTROL_FPCA);
	control |= (to_thread && to_psp ? CONTROL_SPSEL : 0) | (fp ? CONTROL_FPCA : 0);
	m_state_write(s, w[7] & ~XPSR_ALIGN, control, msp, psp);
	pc = (w[6] & ~1u) | ((w[7] & XPSR_T) ? 1 : 0);
	wr(s, UC_ARM_REG_PC, pc);
	DBG("cortex-m4: exception %u returned to 0x%08x", exc, pc & ~1u);
	return true;
}

/* --- the run loop's hooks ---------------------------------------------------- */

void armv7m_recheck(struct armv7m *m)
{
	sim_irq_kick(m->s);
}

/* High lines into pending exceptions: an edge pends, as QEMU's NVIC does. */
static void m_lines_sample(struct armv7m *m)
{
	uint64_t now = sim_irq_lines(m->s), rise = now & ~m->lines_seen;

	m->lines_seen = now;
	if (rise & (1ull << SIM_LINE_MAILBOX))
		m->pending[M_EXC_IRQ0 + M_IRQ_MAILBOX] = true;
	if (rise & (1ull << M_LINE_UART0_TX))
		m->pending[M_EXC_IRQ0 + M_IRQ_UART0_TX] = true;
	if (now & (1ull << M_LINE_SYSTICK)) {
		sim_irq_lower(m->s, M_LINE_SYSTICK);
		m->lines_seen &= ~(1ull << M_LINE_SYSTICK);
		armv7m_systick_fire(m);
	}
}

/* AIRCR.SYSRESETREQ: the core and its system reset, the memories stay. */
static int m_reset(struct armv7m *m)
{
	struct sim *s = m->s;
	int err;

	INF("cortex-m4: system reset requested (AIRCR.SYSRESETREQ)");
	memset(m->prio, 0, sizeof(m->prio));
	memset(m->enabled, 0, sizeof(m->enabled));
	memset(m->pending, 0, sizeof(m->pending));
	memset(m->active, 0, sizeof(m->active));
	m->vtor = m->prigroup = m->scr = m->shcsr = 0;
	m->cfsr = m->hfsr = m->mmfar = m->bfar = 0;
	m->ccr = CCR_STKALIGN;
	m->cpacr = 0;
	m->fp_changed = true;
	m->reset_requested = false;
	memset(&m->uart, 0, sizeof(m->uart));
	sim_irq_lower(s, M_LINE_UART0_TX);
	armv7m_systick_reset(m);
	m_state_write(s, XPSR_T, 0, rd(s, UC_ARM_REG_MSP), 0);
	wr(s, UC_ARM_REG_PRIMASK, 0);
	wr(s, UC_ARM_REG_BASEPRI, 0);
	wr(s, UC_ARM_REG_FAULTMASK, 0);
	wr(s, UC_ARM_REG_LR, 0xffffffffu);
	err = s->arch->reset(s, 0);
	if (err < 0)
		return err;
	/* reset reads SP from the table into r13, which is MSP now */
	return 0;
}

int armv7m_irq_take(struct sim *s)
{
	struct armv7m *m = m_get(s);
	bool masked;
	int exc, err;

	if (!m)
		return 0;
	if (m->reset_requested) {
		err = m_reset(m);
		if (err < 0)
			return err;
	}
	if (m->fp_changed) {
		err = armv7m_fp_update(m);
		if (err < 0)
			return err;
	}
	m_lines_sample(m);
	exc = m_takeable(m, &masked);
	if (exc < 0)
		return masked ? 1 : 0;
	if (!m_exc_enter(m, (unsigned int)exc, (uint32_t)s->resume_at))
		return -EFAULT;
	/* another one may preempt this one at once: the next stop looks */
	exc = m_takeable(m, &masked);
	return exc >= 0 || masked ? 1 : 0;
}

bool armv7m_irq_pending(struct sim *s)
{
	struct armv7m *m = m_get(s);
	int best;

	if (!m)
		return false;
	m_lines_sample(m);
	/* wfi wakes for a pending exception that would preempt, PRIMASK or not */
	best = m_pending_best(m);
	return best >= 0 &&
	       m_group(m, armv7m_exc_prio(m, (unsigned int)best)) < armv7m_exec_prio(m, true);
}

bool armv7m_irq_takeable(struct sim *s)
{
	struct armv7m *m = m_get(s);
	bool masked;

	return m && m_takeable(m, &masked) >= 0;
}

bool armv7m_trap_take(struct sim *s, uint32_t intno, uint64_t pc)
{
	struct armv7m *m = m_get(s);

	if (!m)
		return false;
	switch (intno) {
	case M_EXCP_EXCEPTION_EXIT:
		if (!(rd(s, UC_ARM_REG_IPSR) & XPSR_IPSR))
			return false;
		m_exc_return(m, (uint32_t)pc);
		return true;
	case M_EXCP_SWI:
		/* SVCall preempts now, or it escalates: a fault for rproc-sim */
		m->pending[M_EXC_SVC] = true;
		if (m_group(m, armv7m_exc_prio(m, M_EXC_SVC)) >= armv7m_exec_prio(m, false) ||
		    !m_vector(m, M_EXC_SVC)) {
			m->pending[M_EXC_SVC] = false;
			return false;
		}
		if (m_exc_enter(m, M_EXC_SVC, (uint32_t)pc))
			wr(s, UC_ARM_REG_PC, (uint32_t)s->resume_at);
		return true;
	}
	return false;
}

/* --- FP instructions before CPACR grants them ----------------------------- */

static bool m_fp_granted(struct armv7m *m)
{
	unsigned int cp10 = (m->cpacr >> 20) & 3, cp11 = (m->cpacr >> 22) & 3;

	/* 01 privileged only, 11 full; unprivileged use under 01 is not checked */
	return (cp10 == 1 || cp10 == 3) && (cp11 == 1 || cp11 == 3);
}

/* A coprocessor 10/11 instruction (VFP: vldr, vmov, vadd, vmrs, ...)? */
static bool m_insn_is_fp(uint16_t hw1, uint16_t hw2)
{
	return (hw1 & 0xfc00) == 0xec00 && (hw2 & 0x0e00) == 0x0a00;
}

static bool m_insn_is_32(uint16_t hw1)
{
	return (hw1 >> 11) >= 0x1d;
}

static void hook_fp_insn(uc_engine *uc, uint64_t addr, uint32_t size, void *user)
{
	struct armv7m *m = user;

	if (m_fp_granted(m))
		return;	/* granted in this translation block: the hook goes at the stop */
	m->cfsr |= M_CFSR_NOCP;
	m_fault(m, "no-coprocessor", (uint32_t)addr, (uint32_t)addr, false);
}

static bool m_fp_hooked(struct armv7m *m, uint64_t addr)
{
	size_t i;

	for (i = 0; i < m->n_fp_hooks; i++)
		if (m->fp_addrs[i] == addr)
			return true;
	return false;
}

/*
 * A new translation block: an FP instruction in it is noted, and the core
 * stops before the block runs so that the stop adds its hook (and drops the
 * block: a hook added now would not be in it).
 */
static void hook_tb_new(uc_engine *uc, uc_tb *cur, uc_tb *prev, void *user)
{
	struct armv7m *m = user;
	uint64_t a, end = cur->pc + cur->size;

	if (m_fp_granted(m))
		return;
	for (a = cur->pc & ~1ull; a + 2 <= end;) {
		uint16_t hw[2] = { 0, 0 };

		if (sim_memory_read(m->s, a, hw, 4) < 0 && sim_memory_read(m->s, a, hw, 2) < 0)
			return;
		if (!m_insn_is_32(hw[0])) {
			a += 2;
			continue;
		}
		if (m_insn_is_fp(hw[0], hw[1]) && !m_fp_hooked(m, a) &&
		    m->n_fp_new < M_FP_NEW_MAX) {
			m->fp_new[m->n_fp_new++] = a;
			m->fp_changed = true;
			armv7m_recheck(m);
		}
		a += 4;
	}
}

int armv7m_fp_update(struct armv7m *m)
{
	struct sim *s = m->s;
	size_t i;

	m->fp_changed = false;
	if (m_fp_granted(m)) {
		if (!m->n_fp_hooks && m->fp_granted)
			return 0;
		for (i = 0; i < m->n_fp_hooks; i++) {
			uc_hook_del(s->uc, m->fp_hooks[i]);
			uc_ctl_remove_cache(s->uc, m->fp_addrs[i], m->fp_addrs[i] + 4);
		}
		m->n_fp_hooks = 0;
		m->n_fp_new = 0;
		m->fp_granted = true;
		DBG("cortex-m4: CPACR grants CP10/CP11: FP instructions run");
		return 0;
	}
	if (m->fp_granted) {
		/* revoked: blocks translated meanwhile are looked at again */
		m->fp_granted = false;
		uc_ctl_flush_tlb(s->uc);
		DBG("cortex-m4: CPACR revokes CP10/CP11: FP instructions fault");
	}
	for (i = 0; i < m->n_fp_new; i++) {
		uint64_t a = m->fp_new[i];

		if (m_fp_hooked(m, a))
			continue;
		if (m->n_fp_hooks == M_FP_HOOKS_MAX) {
			WRN("cortex-m4: more than %d FP instructions run before CPACR grants CP10/CP11: the others are not checked",
			    M_FP_HOOKS_MAX);
			break;
		}
		if (uc_hook_add(s->uc, &m->fp_hooks[m->n_fp_hooks], UC_HOOK_CODE, hook_fp_insn, m,
				a, a) != UC_ERR_OK) {
			ERR("cortex-m4: cannot hook the FP instruction at 0x%08llx",
			    (unsigned long long)a);
			return -EINVAL;
		}
		m->fp_addrs[m->n_fp_hooks++] = a;
		uc_ctl_remove_cache(s->uc, a, a + 4);
	}
	m->n_fp_new = 0;
	return 0;
}

/* --- devices ---------------------------------------------------------------- */

int armv7m_devices_map(struct sim *s)
{
	struct armv7m *m;
	uc_hook h;
	int err, uart;

	err = sim_memory_device_place(s, "cortex-m4's System Control Space (PPB)",
				      SIM_DEVICE_ARCH, M_PPB_BASE, M_PPB_SIZE);
	if (err < 0)
		return err;
	uart = sim_memory_device_place(s, "mps2-an386's UART0 (CMSDK APB UART)",
				       SIM_DEVICE_BOARD, M_UART0_BASE, M_UART_SIZE);
	m = calloc(1, sizeof(*m));
	if (!m)
		return -ENOMEM;
	m->s = s;
	m->ccr = CCR_STKALIGN;
	s->arch_priv = m;
	m->syst_timer = sim_irq_timer_new(s, M_LINE_SYSTICK);
	if (m->syst_timer < 0) {
		err = m->syst_timer;
		goto fail;
	}
	armv7m_systick_reset(m);
	err = armv7m_scs_map(s);
	if (!err && uart)
		err = m_uart_map(s);
	if (err)
		goto fail;
	if (uc_hook_add(s->uc, &h, UC_HOOK_EDGE_GENERATED, hook_tb_new, m, 1, 0) != UC_ERR_OK) {
		ERR("cortex-m4: cannot install the translation hook");
		err = -EINVAL;
		goto fail;
	}
	return 0;
fail:
	armv7m_devices_unmap(s);
	return err;
}

void armv7m_devices_unmap(struct sim *s)
{
	struct armv7m *m = m_get(s);

	if (!m)
		return;
	if (m->scs_unmodelled > 1)
		WRN("cortex-m4: %lu accesses to unmodelled system registers in all (read as zero, writes ignored)",
		    m->scs_unmodelled);
	free(m);
	s->arch_priv = NULL;
}
