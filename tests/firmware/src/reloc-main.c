/*
 * reloc-main.c - the reloc plugin's test firmware (tests/sim/reloc.sh)
 *
 * Calls every generated function through every kind of relocated pointer
 * and adds what they return and what the data pointers point at. The sum
 * depends on values only, never on addresses: reloc-gen.sh computed it
 * beforehand (RELOC_SUM), so a wrong relocation anywhere shows, wherever
 * the firmware was placed. Prints the sum and exits 0 when it is right.
 */
#include <stdint.h>

#include "reloc-gen.h"
#include "reloc-sum.h"
#include "semihost.h"

/*
 * Undefined weak symbols are 0 wherever they are used: an ABS32 in .data,
 * a GOT entry and a PLT call in the PIE (GLOB_DAT, JUMP_SLOT), a call the
 * linker turns into a NOP in the object.
 */
extern int reloc_weak_data[] __attribute__((weak));
int reloc_weak_fn(int x) __attribute__((weak));
int *volatile reloc_weak_ptr = reloc_weak_data;

int main(void)
{
	uint32_t sum = 0;
	int i;

	if (reloc_weak_ptr || reloc_weak_data)
		sh_printf("reloc: an undefined weak symbol is not 0\n");
	if (reloc_weak_fn)
		sum += (uint32_t)reloc_weak_fn(3);

	for (i = 0; i < RELOC_N; i++) {
		int32_t off = (int32_t)(reloc_prel31[i] << 1) >> 1;
		reloc_fn prel = (reloc_fn)((uintptr_t)&reloc_prel31[i] + (uint32_t)off);
		const int *rel = (const int *)((uintptr_t)&reloc_rel32[i] + (uint32_t)reloc_rel32[i]);

		sum += (uint32_t)reloc_fns[3 * i](i);
		sum += (uint32_t)reloc_fns[3 * i + 1](i);
		sum += (uint32_t)reloc_fns[3 * i + 2](i);
		sum += (uint32_t)*reloc_ptrs[i];
		sum += (uint32_t)*rel;
		sum += (uint32_t)prel(i);
		sum += (uint32_t)reloc_target1[i](i);
		sum += (uint32_t)(reloc_short[i](0) + reloc_short[i](1));
	}
	sh_printf("reloc sum=0x%x\n", (unsigned int)sum);
	return sum == RELOC_SUM ? 0 : 1;
}
