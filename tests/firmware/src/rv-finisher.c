/*
 * rv-finisher.c - ending the run through virt's test device (sifive_test)
 *
 * RISC-V only (QEMU virt and rproc-sim): prints "finisher: exit 3\n" and
 * writes 0x3333 | 3 << 16 to 0x100000, which ends QEMU, and rproc-sim,
 * with status 3, the way bare-metal virt firmware ends its runs. Should
 * the write not end the run: "finisher: still running\n", exit 2.
 */
#include "riscv-virt.h"
#include "semihost.h"

#define VIRT_TEST		REG32(0x00100000u)
#define VIRT_TEST_FAIL		0x3333u

int main(void)
{
	sh_puts("finisher: exit 3\n");
	VIRT_TEST = VIRT_TEST_FAIL | 3u << 16;
	sh_puts("finisher: still running\n");
	return 2;
}
