// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * devmem: for rproc-sim only. Reads the first word at each address where
 * the QEMU board rproc-sim follows has a device (Cortex-M: mps2-an386's
 * UART0; RISC-V: virt's finisher, CLINT and NS16550A), prints it and
 * writes its complement there. Run with a memory of memories.ini over each
 * (tests/sim/sim-irq.sh, sim-riscv-irq.sh): rproc-sim leaves the board
 * device out, so the words read are the memory file's and the complements
 * land in it. Exits 0.
 */
#include <stdint.h>

#include "semihost.h"

#define REG32(a)	(*(volatile uint32_t *)(uintptr_t)(a))

static const uintptr_t dev[] = {
#ifdef __riscv
	0x00100000u, 0x02000000u, 0x10000000u,
#else
	0x40004000u,
#endif
};

int main(void)
{
	unsigned int i;

	for (i = 0; i < sizeof(dev) / sizeof(dev[0]); i++) {
		uint32_t v = REG32(dev[i]);

		sh_printf("devmem: %x: %x\n", (unsigned int)dev[i], (unsigned int)v);
		REG32(dev[i]) = ~v;
	}
	sh_puts("devmem: done\n");
	return 0;
}
