/*
 * rv-msip.c - the CLINT's machine software interrupt
 *
 * RISC-V only (QEMU virt and rproc-sim). With mie.MSIE and mstatus.MIE set,
 * writing 1 to msip takes the interrupt (the handler checks mcause, clears
 * msip and counts). Then with mstatus.MIE clear msip is written again: the
 * interrupt must wait (no trap while the core spins, msip still reads 1)
 * and is taken once MIE is set. Prints
 * "msip: 2 taken, held while masked\n" and exits 0; else what went wrong,
 * exit 1; an unexpected trap exits 4.
 */
#include "riscv-virt.h"
#include "semihost.h"

static volatile unsigned int taken;

unsigned long rv_trap(unsigned long mcause, unsigned long mepc)
{
	if (mcause != (MCAUSE_IRQ | IRQ_MSI)) {
		sh_printf("msip: unexpected trap, mcause 0x%x\n", (unsigned int)mcause);
		sh_exit(4);
	}
	CLINT_MSIP = 0;
	taken++;
	return mepc;
}

int main(void)
{
	volatile unsigned int spin;
	int held;

	csr_write(mtvec, rv_trap_direct);
	csr_set(mie, MIE_MSIE);
	csr_set(mstatus, MSTATUS_MIE);
	CLINT_MSIP = 1;
	rv_wait_for(&taken, 1);

	csr_clear(mstatus, MSTATUS_MIE);
	CLINT_MSIP = 1;
	for (spin = 0; spin < 100000; spin++)
		;
	held = taken == 1 && (CLINT_MSIP & 1);
	rv_wait_for(&taken, 2);
	csr_clear(mie, MIE_MSIE);
	if (!held || taken != 2 || (CLINT_MSIP & 1)) {
		sh_printf("msip: %u taken, held while masked: %s\n", taken, held ? "yes" : "no");
		return 1;
	}
	sh_puts("msip: 2 taken, held while masked\n");
	return 0;
}
