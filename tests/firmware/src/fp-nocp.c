/*
 * fp-nocp.c - an FP instruction while CPACR denies CP10 and CP11 (reset)
 *
 * The architecture takes a UsageFault (UFSR.NOCP), which escalates to
 * HardFault: under QEMU the kit's handler prints "fault: hardfault" and
 * exits 3; rproc-sim reports a no-coprocessor fault at fp_nocp_insn
 * (exit 126). Should the instruction run: "fp-nocp: no fault", exit 2.
 */
#include "semihost.h"

int main(void)
{
	sh_puts("fp-nocp: before\n");
	__asm__ volatile(".fpu fpv4-sp-d16\n\t"
			 ".globl fp_nocp_insn\n\t"
			 ".type fp_nocp_insn, %%function\n"
			 "fp_nocp_insn:\n\t"
			 "vmov	s0, %0\n\t"
			 ".size fp_nocp_insn, . - fp_nocp_insn\n\t" : : "r"(1u) : "s0");
	sh_puts("fp-nocp: no fault\n");
	return 2;
}
