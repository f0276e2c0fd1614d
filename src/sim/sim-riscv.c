// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * RISC-V machine-mode traps, as the privileged specification has them, on
 * Unicorn 2 (Debian's 2.0.1):
 *
 * - Unicorn never runs QEMU's riscv_cpu_do_interrupt for an exception: it
 *   calls UC_HOOK_INTR with the cause (ecall always as 8, a U-mode ecall)
 *   and the PC 4 past the instruction. ebreak ends uc_emu_start() instead
 *   (semihosting, sim-run.c). So a trap is entered here: mstatus.MPIE gets
 *   MIE, MIE clears, MPP is M; mepc, mcause and mtval are written; the PC
 *   goes to mtvec's base, or base + 4 * cause for an interrupt in
 *   vectored mode. uc_reg_write of these CSRs goes through QEMU's CSR
 *   functions (the same masks as csrw) and works.
 * - mret is Unicorn's own and is right: MIE from MPIE, MPIE set, the mode
 *   from MPP, MPP to U, PC from mepc.
 * - Unicorn has no CLINT: mip's MTIP, MSIP and MEIP cannot be written
 *   (uc_reg_write of mip changes the S-mode bits only), so pending
 *   interrupts are the devices' (sim-clint.c, sim-plic.c) and taken by
 *   irq_take between two runs; csrr mip does not show them. No rdtime_fn
 *   is set either, so rdtime traps as an illegal instruction: it is
 *   emulated here from the CLINT's mtime, as on virt.
 *
 * ecall is a trap into the firmware when mtvec is set (not 0), else the
 * fault report, as before. Other exceptions (illegal instruction, a
 * non-semihosting ebreak, access faults) stay fault reports: what a
 * debugger wants, and what the kit's tests rely on.
 *
 * An interrupt pending while masked is taken as soon as the core unmasks
 * it, as QEMU does: sim-irq.c asks irq_takeable at every block start
 * meanwhile, and a CSR write or an mret ends its block, so the next block
 * starts right after the instruction that unmasked it.
 *
 * The hart is assumed to stay in M-mode: Unicorn 2.0.1 exposes no
 * privilege register, so a firmware that mrets to U or S mode cannot be
 * brought back to M by a trap entered here.
 */
#include <errno.h>
#include <stdlib.h>

#include "log.h"
#include "sim-riscv.h"

#define RISCV_EXCP_ILLEGAL	2
#define RISCV_EXCP_U_ECALL	8
#define RISCV_EXCP_M_ECALL	11

#define MSTATUS_MIE		(1ull << 3)
#define MSTATUS_MPIE		(1ull << 7)
#define MSTATUS_MPP		(3ull << 11)

#define CSR_MSTATUS		0x300
#define CSR_MIE			0x304
#define CSR_TIME		0xc01
#define CSR_TIMEH		0xc81

static int rv_irq_pick(uint64_t pend);

/* Enter the trap handler; returns the handler's address. */
static uint64_t rv_trap_enter(struct sim_rv *rv, uint64_t cause, bool irq,
			      uint64_t epc, uint64_t tval)
{
	struct sim *s = rv->s;
	uint64_t st = sim_reg_read(s, UC_RISCV_REG_MSTATUS);
	uint64_t tvec = sim_reg_read(s, UC_RISCV_REG_MTVEC);
	uint64_t pc = tvec & ~3ull;

	st = (st & ~(MSTATUS_MPIE | MSTATUS_MIE)) | MSTATUS_MPP |
	     (st & MSTATUS_MIE ? MSTATUS_MPIE : 0);
	sim_reg_write(s, UC_RISCV_REG_MSTATUS, st);
	sim_reg_write(s, UC_RISCV_REG_MEPC, epc);
	sim_reg_write(s, UC_RISCV_REG_MCAUSE, cause | (irq ? 1ull << (rv->xlen - 1) : 0));
	sim_reg_write(s, UC_RISCV_REG_MTVAL, tval);
	if (irq && (tvec & 3) == 1)
		pc += 4 * cause;
	DBG("trap: cause %llu%s, mepc 0x%llx, handler 0x%llx", (unsigned long long)cause,
	    irq ? " (interrupt)" : "", (unsigned long long)epc, (unsigned long long)pc);
	return pc;
}

/* mip's machine-level bits as the devices drive them */
static uint64_t rv_mip(struct sim_rv *rv)
{
	return rv_clint_mip(rv) | rv_plic_mip(rv);
}

void sim_riscv_update(struct sim_rv *rv)
{
	struct sim *s = rv->s;

	/* an interrupt pending and enabled: stop after this block to look */
	if (rv_mip(rv) & sim_reg_read(s, UC_RISCV_REG_MIE))
		sim_irq_kick(s);
}

bool sim_riscv_irq_pending(struct sim *s)
{
	struct sim_rv *rv = sim_rv(s);

	/* wfi wakes on pending & enabled, whatever mstatus.MIE says */
	return rv && (rv_mip(rv) & sim_reg_read(s, UC_RISCV_REG_MIE));
}

/* At a block's start while one is masked: would irq_take take it now? */
bool sim_riscv_irq_takeable(struct sim *s)
{
	struct sim_rv *rv = sim_rv(s);

	return rv && (sim_reg_read(s, UC_RISCV_REG_MSTATUS) & MSTATUS_MIE) &&
	       (rv_mip(rv) & sim_reg_read(s, UC_RISCV_REG_MIE));
}

int sim_riscv_irq_take(struct sim *s)
{
	struct sim_rv *rv = sim_rv(s);
	uint64_t pend;
	int irq;

	if (!rv)
		return 0;
	/* the timer's line was only the wake-up: MTIP is mtime >= mtimecmp */
	sim_irq_lower(s, RV_LINE_MTIMER);
	pend = rv_mip(rv) & sim_reg_read(s, UC_RISCV_REG_MIE);
	if (!pend)
		return 0;
	if (!(sim_reg_read(s, UC_RISCV_REG_MSTATUS) & MSTATUS_MIE))
		return 1;	/* masked: looked at again soon */
	irq = rv_irq_pick(pend);
	s->resume_at = rv_trap_enter(rv, (unsigned int)irq, true, s->resume_at, 0);
	/* still pending (until the handler clears it) and now masked by MIE */
	return 1;
}

/* The highest-priority interrupt of pend (the specification's order), or -1. */
static int rv_irq_pick(uint64_t pend)
{
	static const unsigned int order[] = { RV_IRQ_MEI, RV_IRQ_MSI, RV_IRQ_MTI };
	unsigned int i;

	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (pend & (1ull << order[i]))
			return (int)order[i];
	return -1;
}

/* rdtime / rdtimeh: csrrs or csrrc rd, time[h], x0 (and the i forms with 0) */
static bool rv_rdtime(struct sim_rv *rv, uint64_t pc)
{
	struct sim *s = rv->s;
	unsigned int rd, f3, csr;
	uint64_t t;
	uint32_t insn;

	if (sim_memory_read(s, pc, &insn, 4) < 0 || (insn & 0x7f) != 0x73)
		return false;
	rd = (insn >> 7) & 31;
	f3 = (insn >> 12) & 7;
	csr = insn >> 20;
	if ((f3 != 2 && f3 != 3 && f3 != 6 && f3 != 7) || ((insn >> 15) & 31))
		return false;
	if (csr != CSR_TIME && !(csr == CSR_TIMEH && rv->xlen == 32))
		return false;
	t = rv_clint_mtime(rv);
	if (csr == CSR_TIMEH)
		t >>= 32;
	if (rd)
		sim_reg_write(s, UC_RISCV_REG_X0 + rd, rv->xlen == 32 ? (uint32_t)t : t);
	sim_reg_write(s, UC_RISCV_REG_PC, pc + 4);
	return true;
}

bool sim_riscv_trap_take(struct sim *s, uint32_t intno, uint64_t pc)
{
	struct sim_rv *rv = sim_rv(s);
	uint64_t tvec;

	if (!rv || pc < 4)
		return false;
	pc -= 4;	/* Unicorn reports every exception 4 past it */
	if (intno == RISCV_EXCP_ILLEGAL)
		return rv_rdtime(rv, pc);
	if (intno != RISCV_EXCP_U_ECALL)
		return false;
	tvec = sim_reg_read(s, UC_RISCV_REG_MTVEC);
	if (!(tvec & ~3ull))
		return false;	/* no handler: the fault report */
	sim_reg_write(s, UC_RISCV_REG_PC,
		      rv_trap_enter(rv, RISCV_EXCP_M_ECALL, false, pc, 0));
	return true;
}

/*
 * virt's test device (sifive_test) at 0x100000, which bare-metal firmware
 * ends QEMU with: a 32-bit write of 0x5555 exits 0, 0x3333 | status << 16
 * exits with the status (QEMU's exit code is the 16-bit status; here, as
 * for semihosting, its low 8 bits), 0x7777 (reset) is not modelled and
 * ignored with a warning, as other values are by QEMU. Reads are 0.
 */
#define TEST_FAIL	0x3333
#define TEST_PASS	0x5555
#define TEST_RESET	0x7777

static uint64_t rv_test_read(uc_engine *uc, uint64_t off, unsigned int size, void *user)
{
	return 0;
}

static void rv_test_write(uc_engine *uc, uint64_t off, unsigned int size, uint64_t value,
			  void *user)
{
	struct sim_rv *rv = user;
	struct sim *s = rv->s;
	uint32_t v = (uint32_t)value;

	if (off != 0 || size != 4)
		return;
	if ((v & 0xffff) == TEST_RESET) {
		WRN("virt test device: reset (0x7777) is not modelled: the core goes on");
		return;
	}
	if ((v & 0xffff) != TEST_PASS && (v & 0xffff) != TEST_FAIL)
		return;
	s->exit_code = (v & 0xffff) == TEST_PASS ? 0 : (int)((v >> 16) & 0xff);
	s->stop = SIM_EXITED;
	/* the store is never resumed: a stop here is safe, unlike elsewhere */
	uc_emu_stop(uc);
}

/* virt's device a memory or the mailbox leaves room for: 1, else 0 */
static int rv_place(struct sim *s, const char *dev, uint64_t base, uint64_t size)
{
	return sim_memory_device_place(s, dev, SIM_DEVICE_BOARD, base, size);
}

/*
 * A device left out keeps its state at reset: its interrupt never rises
 * (PLIC enables, UART IER, mtimecmp unarmed stay 0), and rdtime still
 * counts the CLINT's mtime, as firmware without a CLINT would expect.
 */
int sim_riscv_devices_map(struct sim *s)
{
	struct sim_rv *rv;
	int err;

	rv = calloc(1, sizeof(*rv));
	if (!rv)
		return -ENOMEM;
	rv->s = s;
	rv->xlen = s->arch->word * 8;
	s->arch_priv = rv;
	err = rv_clint_map(rv, rv_place(s, "virt CLINT", RV_CLINT_BASE, RV_CLINT_SIZE));
	if (!err && rv_place(s, "virt PLIC", RV_PLIC_BASE, RV_PLIC_SIZE))
		err = rv_plic_map(rv);
	if (!err && rv_place(s, "virt test device (sifive_test)", RV_TEST_BASE, RV_TEST_SIZE))
		err = sim_memory_device_map(s, "virt test device", RV_TEST_BASE, RV_TEST_SIZE,
					    rv_test_read, rv_test_write, rv);
	if (!err && rv_place(s, "virt NS16550A UART", RV_UART_BASE, RV_UART_MAP))
		err = rv_uart_map(rv);
	if (err < 0) {
		s->arch_priv = NULL;
		free(rv);
	}
	return err;
}

void sim_riscv_devices_unmap(struct sim *s)
{
	struct sim_rv *rv = sim_rv(s);

	if (!rv)
		return;
	s->arch_priv = NULL;
	free(rv);
}
