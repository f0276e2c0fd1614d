/*
 * rv-ecall.c - ecall as a trap into the firmware's handler
 *
 * RISC-V only (QEMU virt and rproc-sim). Three ecalls, at the one
 * instruction rv_ecall_insn, with mstatus.MIE clear, set, and clear again.
 * The handler (rv_trap, direct mode) checks mcause (11, an M-mode ecall
 * with the interrupt bit clear), mepc (the ecall itself), mstatus (MPP is
 * M, MPIE holds the MIE of the caller, MIE is clear) and returns past the
 * ecall; the caller checks that mret gave its MIE back. Prints
 * "ecall: 3 traps, mcause 11, mepc at the ecall, MIE kept\n" and exits 0;
 * otherwise a line per mistake and exit 1; an unexpected trap exits 4.
 */
#include <stdint.h>

#include "riscv-virt.h"
#include "semihost.h"

extern char rv_ecall_insn[];
static volatile unsigned int traps, bad_epc, bad_status, bad_mie;
static volatile unsigned long want_mpie;

unsigned long rv_trap(unsigned long mcause, unsigned long mepc)
{
	unsigned long st = csr_read(mstatus);

	if (mcause != MCAUSE_M_ECALL) {
		sh_printf("ecall: unexpected trap, mcause 0x%x\n", (unsigned int)mcause);
		sh_exit(4);
	}
	traps++;
	if (mepc != (unsigned long)rv_ecall_insn)
		bad_epc++;
	if ((st & MSTATUS_MPP) != MSTATUS_MPP || (st & MSTATUS_MIE) ||
	    !(st & MSTATUS_MPIE) != !want_mpie)
		bad_status++;
	return mepc + 4;
}

/* the one ecall: noinline, so that its address is the one label */
__attribute__((noinline)) static void do_ecall(void)
{
	__asm__ volatile(".globl rv_ecall_insn\nrv_ecall_insn: ecall" ::: "memory");
}

static void ecall_with_mie(int on)
{
	if (on)
		csr_set(mstatus, MSTATUS_MIE);
	else
		csr_clear(mstatus, MSTATUS_MIE);
	want_mpie = on;
	do_ecall();
	if (!(csr_read(mstatus) & MSTATUS_MIE) != !on)
		bad_mie++;
}

int main(void)
{
	csr_write(mtvec, rv_trap_direct);
	ecall_with_mie(0);
	ecall_with_mie(1);
	ecall_with_mie(0);
	if (traps != 3 || bad_epc || bad_status || bad_mie) {
		sh_printf("ecall: %u traps, mepc wrong %u, mstatus wrong %u, MIE lost %u\n",
			  traps, bad_epc, bad_status, bad_mie);
		return 1;
	}
	sh_puts("ecall: 3 traps, mcause 11, mepc at the ecall, MIE kept\n");
	return 0;
}
