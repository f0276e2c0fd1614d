/*
 * undef.c - a firmware that executes an undefined instruction in main()
 *
 * For fault reports: a simulator stops with an undefined-instruction
 * fault at the instruction's address; QEMU delivers the exception and
 * crt0's handler prints its line and exits 3.  Nothing is printed before,
 * so the handler's line is all of stdout.  Should the instruction execute
 * after all, the firmware says so and exits 2.
 */
#include "semihost.h"

/*
 * The encodings every architecture reserves as permanently undefined:
 * Thumb "udf #0" (0xde00), A64 "udf #0" (0x00000000), and on RISC-V the
 * all-zero word, illegal whether read as one 32-bit or two 16-bit
 * instructions.
 */
static inline void undefined_insn(void)
{
#if defined(__riscv)
	__asm__ volatile(".4byte 0" ::: "memory");
#else
	__asm__ volatile("udf #0" ::: "memory");
#endif
}

int main(void)
{
	undefined_insn();
	sh_puts("undef: no fault\n");
	return 2;
}
