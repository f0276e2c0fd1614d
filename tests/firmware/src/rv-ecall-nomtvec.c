/*
 * rv-ecall-nomtvec.c - an ecall with no trap handler
 *
 * For rproc-sim only: clears mtvec (crt0 set it) and executes an ecall,
 * which rproc-sim reports as a fault (cause "ecall", pc at the ecall, exit
 * 126) instead of entering a handler at address 0. Prints
 * "ecall-nomtvec: ecall\n" first; should the ecall return, it prints
 * "ecall-nomtvec: returned\n" and exits 2. (QEMU would jump to 0, fault
 * there and loop: not for QEMU.)
 */
#include "riscv-virt.h"
#include "semihost.h"

int main(void)
{
	sh_puts("ecall-nomtvec: ecall\n");
	csr_write(mtvec, 0);
	__asm__ volatile(".globl rv_nomtvec_ecall\nrv_nomtvec_ecall: ecall" ::: "memory");
	sh_puts("ecall-nomtvec: returned\n");
	return 2;
}
