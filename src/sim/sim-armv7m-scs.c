// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The Cortex-M4's Private Peripheral Bus, 0xe0000000-0xe00fffff: the System
 * Control Space (SysTick at 0xe000e010, NVIC at 0xe000e100, SCB at
 * 0xe000ed00, STIR, the FP control registers) and DWT's cycle counter.
 * Registers read as the Cortex-M4 r0p0 of QEMU's mps2-an386 reads them;
 * what is not modelled reads as zero and ignores writes, with a warning
 * (the first few, then counted), never a fault.
 *
 * SysTick counts host time, as QEMU's does without -icount: 25 MHz with
 * CLKSOURCE 1 (mps2's SYSCLK), 1 MHz on the reference clock.
 */
#include <errno.h>
#include <string.h>

#include "log.h"
#include "sim-armv7m.h"

#define SCS(off)		(M_SCS_BASE - M_PPB_BASE + (off))

#define SYST_CSR_ENABLE		(1u << 0)
#define SYST_CSR_TICKINT	(1u << 1)
#define SYST_CSR_CLKSOURCE	(1u << 2)
#define SYST_CSR_COUNTFLAG	(1u << 16)
#define M_SYSCLK_HZ		25000000.0
#define M_REFCLK_HZ		1000000.0
#define M_SYST_MIN_S		20e-6	/* the host's timer cannot do better */

#define ICSR_PENDSTCLR		(1u << 25)
#define ICSR_PENDSTSET		(1u << 26)
#define ICSR_PENDSVCLR		(1u << 27)
#define ICSR_PENDSVSET		(1u << 28)
#define ICSR_NMIPENDSET		(1u << 31)
#define AIRCR_VECTKEY		0x05fa0000u
#define AIRCR_SYSRESETREQ	(1u << 2)

#define M_CPUID			0x410fc240u	/* Cortex-M4 r0p0, as QEMU's */
#define M_SCS_WARN_MAX		8

/* --- SysTick ---------------------------------------------------------------- */

static double syst_hz(struct armv7m *m)
{
	return (m->syst_csr & SYST_CSR_CLKSOURCE) ? M_SYSCLK_HZ : M_REFCLK_HZ;
}

static bool syst_running(struct armv7m *m)
{
	return (m->syst_csr & SYST_CSR_ENABLE) && m->syst_rvr;
}

static uint64_t syst_ticks(struct armv7m *m, double now)
{
	double t = (now - m->syst_base) * syst_hz(m);

	return t > 0 ? (uint64_t)t : 0;
}

static uint64_t syst_wraps(struct armv7m *m, double now)
{
	return syst_running(m) ? syst_ticks(m, now) / ((uint64_t)m->syst_rvr + 1) : 0;
}

static uint32_t syst_cvr(struct armv7m *m, double now)
{
	if (!syst_running(m))
		return m->syst_cvr;
	return m->syst_rvr - (uint32_t)(syst_ticks(m, now) % ((uint64_t)m->syst_rvr + 1));
}

/* The next wrap that is not a pending SysTick yet, to the timer service. */
static void syst_arm(struct armv7m *m)
{
	double period, when, now = sim_now();

	if (!syst_running(m) || !(m->syst_csr & SYST_CSR_TICKINT)) {
		sim_irq_timer_set(m->s, m->syst_timer, 0);
		return;
	}
	period = ((double)m->syst_rvr + 1) / syst_hz(m);
	when = m->syst_base + (double)(m->syst_taken + 1) * period;
	if (when < now + M_SYST_MIN_S)
		when = now + M_SYST_MIN_S;
	sim_irq_timer_set(m->s, m->syst_timer, when);
}

/* Count from cvr on from now: the wraps seen so far are void. */
static void syst_anchor(struct armv7m *m, uint32_t cvr)
{
	double now = sim_now();

	if (cvr > m->syst_rvr)
		cvr = m->syst_rvr;
	m->syst_base = now - (double)(m->syst_rvr - cvr) / syst_hz(m);
	m->syst_wraps = m->syst_taken = 0;
}

void armv7m_systick_reset(struct armv7m *m)
{
	m->syst_csr = SYST_CSR_CLKSOURCE;	/* the Cortex-M4 has no other clock reset value */
	m->syst_rvr = m->syst_cvr = 0;
	m->syst_wraps = m->syst_taken = 0;
	m->syst_base = sim_now();
	sim_irq_timer_set(m->s, m->syst_timer, 0);
}

void armv7m_systick_fire(struct armv7m *m)
{
	uint64_t w = syst_wraps(m, sim_now());

	if (w > m->syst_taken && (m->syst_csr & SYST_CSR_TICKINT))
		m->pending[M_EXC_SYSTICK] = true;
	if (w > m->syst_taken)
		m->syst_taken = w;
	syst_arm(m);
}

static uint32_t syst_read(struct armv7m *m, uint64_t off)
{
	double now = sim_now();
	uint64_t w;

	switch (off) {
	case 0x10:
		w = syst_wraps(m, now);
		if (w > m->syst_wraps) {
			m->syst_wraps = w;
			return m->syst_csr | SYST_CSR_COUNTFLAG;	/* read clears it */
		}
		return m->syst_csr;
	case 0x14:
		return m->syst_rvr;
	case 0x18:
		return syst_cvr(m, now);
	default:	/* CALIB: TENMS for the 1 MHz reference, exact */
		return 10000 - 1;
	}
}

static void syst_write(struct armv7m *m, uint64_t off, uint32_t v)
{
	double now = sim_now();
	uint32_t cvr = syst_cvr(m, now);

	switch (off) {
	case 0x10:
		if (syst_running(m))
			m->syst_cvr = cvr;
		m->syst_csr = v & (SYST_CSR_ENABLE | SYST_CSR_TICKINT | SYST_CSR_CLKSOURCE);
		syst_anchor(m, m->syst_cvr ? m->syst_cvr : m->syst_rvr);
		break;
	case 0x14:
		m->syst_rvr = v & 0xffffff;
		syst_anchor(m, cvr);
		break;
	case 0x18:
		/* any write clears the count (and COUNTFLAG); it reloads at once */
		m->syst_cvr = 0;
		syst_anchor(m, m->syst_rvr);
		break;
	default:
		return;
	}
	syst_arm(m);
}

/* --- NVIC, SCB ----------------------------------------------------------------- */

static bool m_any_active_but(struct armv7m *m, unsigned int exc)
{
	unsigned int i;

	for (i = 1; i < M_NUM_EXC; i++)
		if (i != exc && m->active[i])
			return true;
	return false;
}

static uint32_t icsr_read(struct armv7m *m)
{
	uint32_t ipsr = (uint32_t)sim_reg_read(m->s, UC_ARM_REG_IPSR) & 0x1ff, v = ipsr;
	int best = -1, best_prio = 1000;
	unsigned int i;

	for (i = 2; i < M_NUM_EXC; i++) {
		if (!m->pending[i] || (i >= M_EXC_IRQ0 && !m->enabled[i]))
			continue;
		if (armv7m_exc_prio(m, i) < best_prio) {
			best = (int)i;
			best_prio = armv7m_exc_prio(m, i);
		}
		if (i >= M_EXC_IRQ0)
			v |= 1u << 22;	/* ISRPENDING */
	}
	if (best > 0)
		v |= (uint32_t)best << 12;
	if (!m_any_active_but(m, ipsr))
		v |= 1u << 11;	/* RETTOBASE */
	if (m->pending[M_EXC_SYSTICK])
		v |= ICSR_PENDSTSET;
	if (m->pending[M_EXC_PENDSV])
		v |= ICSR_PENDSVSET;
	if (m->pending[M_EXC_NMI])
		v |= ICSR_NMIPENDSET;
	return v;
}

static void icsr_write(struct armv7m *m, uint32_t v)
{
	if (v & ICSR_NMIPENDSET)
		m->pending[M_EXC_NMI] = true;
	if (v & ICSR_PENDSVSET)
		m->pending[M_EXC_PENDSV] = true;
	else if (v & ICSR_PENDSVCLR)
		m->pending[M_EXC_PENDSV] = false;
	if (v & ICSR_PENDSTSET)
		m->pending[M_EXC_SYSTICK] = true;
	else if (v & ICSR_PENDSTCLR)
		m->pending[M_EXC_SYSTICK] = false;
}

/* SHCSR: enables, and the active and pended bits of the system handlers */
static const struct {
	unsigned int bit, exc;
	bool active;
} shcsr_bits[] = {
	{ 0, M_EXC_MEMMANAGE, true }, { 1, M_EXC_BUSFAULT, true },
	{ 3, M_EXC_USAGEFAULT, true }, { 7, M_EXC_SVC, true },
	{ 8, M_EXC_DEBUGMON, true }, { 10, M_EXC_PENDSV, true },
	{ 11, M_EXC_SYSTICK, true }, { 12, M_EXC_USAGEFAULT, false },
	{ 13, M_EXC_MEMMANAGE, false }, { 14, M_EXC_BUSFAULT, false },
	{ 15, M_EXC_SVC, false },
};

static uint32_t shcsr_read(struct armv7m *m)
{
	uint32_t v = m->shcsr & (7u << 16);
	size_t i;

	for (i = 0; i < sizeof(shcsr_bits) / sizeof(shcsr_bits[0]); i++) {
		bool on = shcsr_bits[i].active ? m->active[shcsr_bits[i].exc] :
						 m->pending[shcsr_bits[i].exc];

		if (on)
			v |= 1u << shcsr_bits[i].bit;
	}
	return v;
}

static void shcsr_write(struct armv7m *m, uint32_t v)
{
	size_t i;

	m->shcsr = v & (7u << 16);
	for (i = 0; i < sizeof(shcsr_bits) / sizeof(shcsr_bits[0]); i++) {
		bool on = v & (1u << shcsr_bits[i].bit);

		if (shcsr_bits[i].active)
			m->active[shcsr_bits[i].exc] = on;
		else
			m->pending[shcsr_bits[i].exc] = on;
	}
}

/* The Cortex-M4 TRM's feature registers, 0xe000ed40-0xe000ed73 */
static const uint32_t m_id_regs[] = {
	0x00000030, 0x00000200, 0x00100000, 0x00000000,	/* PFR0-1, DFR0, AFR0 */
	0x00100030, 0x00000000, 0x01000000, 0x00000000,	/* MMFR0-3 */
	0x01101110, 0x02111000, 0x21112231, 0x01111110,	/* ISAR0-3 */
	0x01310132,					/* ISAR4 */
};

/* A byte of the priority registers: IPR (exc >= 16) and SHPR1-3 (4-15). */
static bool prio_reserved(unsigned int exc)
{
	return exc < M_EXC_MEMMANAGE || (exc > M_EXC_USAGEFAULT && exc < M_EXC_SVC) ||
	       exc == 13 || exc >= M_NUM_EXC;
}

static uint32_t prio_read(struct armv7m *m, unsigned int exc0, unsigned int size)
{
	uint32_t v = 0;
	unsigned int i;

	for (i = 0; i < size; i++)
		if (!prio_reserved(exc0 + i))
			v |= (uint32_t)m->prio[exc0 + i] << (8 * i);
	return v;
}

static void prio_write(struct armv7m *m, unsigned int exc0, unsigned int size, uint32_t v)
{
	unsigned int i;

	for (i = 0; i < size; i++)
		if (!prio_reserved(exc0 + i))
			m->prio[exc0 + i] = (uint8_t)(v >> (8 * i));
}

static void m_unmodelled(struct armv7m *m, const char *what, uint64_t off, uint64_t v)
{
	if (m->scs_unmodelled++ < M_SCS_WARN_MAX)
		WRN("cortex-m4: %s of unmodelled system register 0x%08llx%s (reads as zero, writes are ignored)",
		    what, (unsigned long long)(M_PPB_BASE + off),
		    m->scs_unmodelled == M_SCS_WARN_MAX ? "; further ones are only counted" : "");
	(void)v;
}

/* The interrupt bit registers: ISER, ICER, ISPR, ICPR, IABR (32 lines) */
static bool *nvic_bits(struct armv7m *m, uint64_t off)
{
	switch ((off - SCS(0x100)) / 0x80) {
	case 0:
	case 1:
		return m->enabled;
	case 2:
	case 3:
		return m->pending;
	case 4:
		return m->active;
	}
	return NULL;
}

static uint64_t ppb_read(uc_engine *uc, uint64_t off, unsigned int size, void *user)
{
	struct armv7m *m = user;
	unsigned int i;
	uint32_t v = 0;
	bool *bits;

	if (off >= SCS(0x400) && off < SCS(0x400) + M_NUM_IRQ)
		return prio_read(m, M_EXC_IRQ0 + (unsigned int)(off - SCS(0x400)), size);
	if (off >= SCS(0xd18) && off < SCS(0xd24))
		return prio_read(m, 4 + (unsigned int)(off - SCS(0xd18)), size);
	if (off >= SCS(0x100) && off < SCS(0x320) && (off & 0x7f) < 0x40) {
		if (off & 0x7f)
			return 0;	/* lines 32 and up: none */
		bits = nvic_bits(m, off);
		for (i = 0; bits && i < M_NUM_IRQ; i++)
			if (bits[M_EXC_IRQ0 + i])
				v |= 1u << i;
		return v;
	}
	if (off >= SCS(0xd40) && off < SCS(0xd40) + sizeof(m_id_regs))
		return m_id_regs[(off - SCS(0xd40)) / 4];
	switch (off) {
	case 0x1000:	/* DWT_CTRL: NUMCOMP 0, the cycle counter only */
		return m->dwt_ctrl;
	case 0x1004:	/* DWT_CYCCNT */
		return (m->dwt_ctrl & 1) ?
		       (uint32_t)((sim_now() - m->dwt_base) * M_SYSCLK_HZ) + m->dwt_cyccnt :
		       m->dwt_cyccnt;
	case SCS(0x004):	/* ICTR: 32 lines */
		return 0;
	case SCS(0x008):
		return m->actlr;
	case SCS(0x010):
	case SCS(0x014):
	case SCS(0x018):
	case SCS(0x01c):
		return syst_read(m, off - SCS(0));
	case SCS(0xd00):
		return M_CPUID;
	case SCS(0xd04):
		return icsr_read(m);
	case SCS(0xd08):
		return m->vtor;
	case SCS(0xd0c):
		return 0xfa050000u | (m->prigroup << 8);
	case SCS(0xd10):
		return m->scr;
	case SCS(0xd14):
		return m->ccr;
	case SCS(0xd24):
		return shcsr_read(m);
	case SCS(0xd28):
		return m->cfsr;
	case SCS(0xd2c):
		return m->hfsr;
	case SCS(0xd30):
	case SCS(0xd3c):
		return 0;	/* DFSR, AFSR: nothing to say */
	case SCS(0xd34):
		return m->mmfar;
	case SCS(0xd38):
		return m->bfar;
	case SCS(0xd88):
		return m->cpacr;
	case SCS(0xd90):
		return 0;	/* MPU_TYPE: no MPU is modelled */
	case SCS(0xf34):
		return m->fpccr;
	case SCS(0xf38):
		return m->fpcar;
	case SCS(0xf3c):
		return m->fpdscr;
	case SCS(0xf40):
		return 0x10110021u;	/* MVFR0: single precision VFPv4 */
	case SCS(0xf44):
		return 0x11000011u;	/* MVFR1 */
	}
	m_unmodelled(m, "read", off, 0);
	return 0;
}

static void ppb_write(uc_engine *uc, uint64_t off, unsigned int size, uint64_t value, void *user)
{
	struct armv7m *m = user;
	uint32_t v = (uint32_t)value;
	unsigned int i;
	bool *bits;

	if (off >= SCS(0x400) && off < SCS(0x400) + M_NUM_IRQ) {
		prio_write(m, M_EXC_IRQ0 + (unsigned int)(off - SCS(0x400)), size, v);
		goto recheck;
	}
	if (off >= SCS(0xd18) && off < SCS(0xd24)) {
		prio_write(m, 4 + (unsigned int)(off - SCS(0xd18)), size, v);
		goto recheck;
	}
	if (off >= SCS(0x100) && off < SCS(0x300) && (off & 0x7f) < 0x40) {
		bool set = !((off - SCS(0x100)) & 0x80);

		if (off & 0x7f)
			return;
		bits = nvic_bits(m, off);
		for (i = 0; i < M_NUM_IRQ; i++)
			if (v & (1u << i))
				bits[M_EXC_IRQ0 + i] = set;
		goto recheck;
	}
	switch (off) {
	case 0x1000:
		if ((v ^ m->dwt_ctrl) & 1) {
			/* the count goes on from where it stands */
			m->dwt_cyccnt = (uint32_t)ppb_read(uc, 0x1004, 4, m);
			m->dwt_base = sim_now();
		}
		m->dwt_ctrl = v & 1;
		return;
	case 0x1004:
		m->dwt_cyccnt = v;
		m->dwt_base = sim_now();
		return;
	case SCS(0x008):
		m->actlr = v & 0x307;
		return;
	case SCS(0x010):
	case SCS(0x014):
	case SCS(0x018):
		syst_write(m, off - SCS(0), v);
		return;
	case SCS(0x01c):
		return;	/* CALIB is read-only */
	case SCS(0xd04):
		icsr_write(m, v);
		goto recheck;
	case SCS(0xd08):
		m->vtor = v & 0xffffff80u;
		return;
	case SCS(0xd0c):
		if ((v & 0xffff0000u) != AIRCR_VECTKEY) {
			WRN("cortex-m4: AIRCR write 0x%08x without VECTKEY 0x05fa ignored", v);
			return;
		}
		m->prigroup = (v >> 8) & 7;
		if (v & AIRCR_SYSRESETREQ)
			m->reset_requested = true;
		goto recheck;
	case SCS(0xd10):
		m->scr = v & 0x16;
		return;
	case SCS(0xd14):
		m->ccr = (v & 0x31b) | (1u << 9);	/* STKALIGN stays: QEMU's too */
		return;
	case SCS(0xd24):
		shcsr_write(m, v);
		goto recheck;
	case SCS(0xd28):
		m->cfsr &= ~v;
		return;
	case SCS(0xd2c):
		m->hfsr &= ~v;
		return;
	case SCS(0xd30):
	case SCS(0xd3c):
		return;
	case SCS(0xd34):
		m->mmfar = v;
		return;
	case SCS(0xd38):
		m->bfar = v;
		return;
	case SCS(0xd88):
		m->cpacr = v & 0x00f00000u;	/* CP10 and CP11 only */
		m->fp_changed = true;
		goto recheck;
	case SCS(0xf00):	/* STIR */
		if ((v & 0x1ff) < M_NUM_IRQ)
			m->pending[M_EXC_IRQ0 + (v & 0x1ff)] = true;
		goto recheck;
	case SCS(0xf34):
		m->fpccr = (v & 0xc0000000u) | (m->fpccr & 0x3fffffffu);
		return;
	case SCS(0xf38):
		m->fpcar = v & ~7u;
		return;
	case SCS(0xf3c):
		m->fpdscr = v & 0x07c00000u;
		return;
	}
	m_unmodelled(m, "write", off, value);
	return;
recheck:
	/* what this write made pending or takeable is looked at after this block */
	armv7m_recheck(m);
}

int armv7m_scs_map(struct sim *s)
{
	struct armv7m *m = m_get(s);

	m->fpccr = 0x80000000u;	/* ASPEN, no lazy stacking: QEMU's reset value */
	return sim_memory_device_map(s, "cortex-m4: System Control Space", M_PPB_BASE,
				     M_PPB_SIZE, ppb_read, ppb_write, m);
}
