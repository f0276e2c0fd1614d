/*
 * reloc-cpu-main.c - the reloc plugin's test firmware on RISC-V and
 * AArch64 (tests/sim/reloc-cpus.sh)
 *
 * Calls every generated function through every kind of relocated pointer
 * (the assembly's ones with 0, 1 and 2) and adds what they return and what
 * the data pointers point at. The sum depends on values only, never on
 * addresses: reloc-gen-cpu.sh computed it beforehand (RELOC_SUM), so a
 * wrong relocation anywhere shows, wherever the firmware was placed.
 * Prints the sum and exits 0 when it is right.
 */
#include <stdint.h>

#include "reloc-cpu.h"
#include "reloc-sum.h"
#include "semihost.h"

int main(void)
{
	uint32_t sum = 0;
	int i, x;

	for (i = 0; i < RELOC_N; i++) {
		const int *rel = (const int *)((uintptr_t)&reloc_rel32[i] + (intptr_t)reloc_rel32[i]);

		sum += (uint32_t)reloc_fns[3 * i](i);
		sum += (uint32_t)reloc_fns[3 * i + 1](i);
		sum += (uint32_t)reloc_fns[3 * i + 2](i);
		sum += (uint32_t)*reloc_ptrs[i];
		sum += (uint32_t)*(const int *)(uintptr_t)reloc_w32[i];
		sum += (uint32_t)*rel;
		for (x = 0; x < 3; x++) {
			sum += (uint32_t)reloc_asm_fns[3 * i](x);
			sum += (uint32_t)reloc_asm_fns[3 * i + 1](x);
			sum += (uint32_t)reloc_asm_fns[3 * i + 2](x);
		}
	}
	sh_printf("reloc sum=0x%x\n", (unsigned int)sum);
	return sum == RELOC_SUM ? 0 : 1;
}
