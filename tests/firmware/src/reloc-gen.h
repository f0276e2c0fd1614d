/*
 * reloc-gen.h - what reloc-main.c uses of the generated reloc sources
 * (reloc-gen.sh writes reloc-gen.c, reloc-thumb.S and reloc-sum.h)
 */
#ifndef RELOC_GEN_H
#define RELOC_GEN_H

#include <stdint.h>

typedef int (*reloc_fn)(int);

extern int reloc_data[];
extern const reloc_fn reloc_fns[];		/* f_i, t_i, c_i: ABS32 to Thumb code */
extern int *const reloc_ptrs[];			/* ABS32 with addends */
extern const int32_t reloc_rel32[];		/* REL32: offsets to reloc_data */
extern const uint32_t reloc_prel31[];		/* PREL31: offsets to f_i */
extern const reloc_fn reloc_target1[];		/* TARGET1: c_i */
extern const reloc_fn reloc_short[];		/* sa_i: THM_JUMP8, THM_JUMP11 inside */

#endif
