/*
 * reloc-cpu.h - what reloc-cpu-main.c uses of the generated reloc sources
 * of RISC-V and AArch64 (reloc-gen-cpu.sh writes reloc-gen.c, reloc-asm.S
 * and reloc-sum.h)
 */
#ifndef RELOC_CPU_H
#define RELOC_CPU_H

#include <stdint.h>

typedef int (*reloc_fn)(int);

extern int reloc_data[];
extern const reloc_fn reloc_fns[];	/* f_i, t_i, c_i: 32/64, ABS64 */
extern int *const reloc_ptrs[];		/* the same, with addends */
extern const reloc_fn reloc_asm_fns[];	/* the assembly's g_a_i, g_b_i, g_c_i */
#ifdef RELOC_PIE
/* the PIE's (-DRELOC_PIE): ELF64 has no 32-bit dynamic relocation */
typedef uintptr_t reloc_word;
#else
typedef uint32_t reloc_word;
#endif
extern const reloc_word reloc_w32[];	/* 32-bit addresses: R_RISCV_32, ABS32; a PIE's: RELATIVE */
extern const int32_t reloc_rel32[];	/* offsets: 32_PCREL, PREL32 */

#endif
