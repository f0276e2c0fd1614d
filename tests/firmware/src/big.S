/*
 * big.S - 4 MiB of deterministic filler for the big benchmark firmware
 *
 * Assembled once per part with -DBIG_SECTION=.bigN -DBIG_SEED=<seed>;
 * big.ld puts each part in its own memory, hence its own PT_LOAD.
 * -DBIG_SYMBOL=<name> makes the part's start a global symbol (start4m.elf
 * keeps its part through it).
 *
 * The words come from a 32-bit linear congruential generator, so the data
 * differs at every offset (a loader that copies to the wrong place or
 * copies stale bytes is caught by a compare), and every byte has its low
 * bit forced on, so none of it is zero and nothing can be skipped as
 * "already zeroed".  The assembler computes it; no binary is committed.
 */
#ifndef BIG_SECTION
#error "BIG_SECTION not defined"
#endif
#ifndef BIG_SEED
#error "BIG_SEED not defined"
#endif

#define BIG_WORDS	(4 * 1024 * 1024 / 4)

	.section BIG_SECTION, "a"
	.balign	4
#ifdef BIG_SYMBOL
	.globl	BIG_SYMBOL
BIG_SYMBOL:
#endif
	.set	big_x, BIG_SEED
	.rept	BIG_WORDS
	.4byte	big_x | 0x01010101
	.set	big_x, (big_x * 1664525 + 1013904223) & 0xffffffff
	.endr
