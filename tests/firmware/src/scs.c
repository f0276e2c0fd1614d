/*
 * scs.c - the System Control Block: CPUID, an unmodelled register, AIRCR
 *
 * Prints CPUID (QEMU's Cortex-M4: 0x410fc240) and DEMCR (0 on QEMU; read
 * as zero, with a warning, by rproc-sim, which does not model it). An AIRCR
 * write without VECTKEY is ignored (PRIGROUP stays 0); then SYSRESETREQ:
 * the core boots again with the memories as they were, which a boot count
 * at BOOTS (in sram, outside the image, never cleared by crt0) shows.
 */
#include <stdint.h>

#include "armv7m.h"
#include "semihost.h"

#define BOOTS		REG32(0x20030000)
#define DEMCR		REG32(0xe000edfc)

int main(void)
{
	if (++BOOTS > 1) {
		sh_printf("scs: booted again (%u)\n", (unsigned int)BOOTS);
		return 0;
	}
	sh_printf("scs: cpuid %x, demcr %x\n", (unsigned int)SCB_CPUID, (unsigned int)DEMCR);
	SCB_AIRCR = 5u << 8;	/* no VECTKEY: ignored */
	sh_printf("scs: prigroup %u\n", (unsigned int)(SCB_AIRCR >> 8) & 7);
	sh_puts("scs: reset\n");
	SCB_AIRCR = 0x05fa0000u | (1u << 2);
	__asm__ volatile("dsb" ::: "memory");
	for (;;)
		;
}
