/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * reloc-arch.h - what the reloc plugin's core (reloc.c) asks of each
 * architecture (reloc-arm.c, reloc-riscv.c, reloc-aarch64.c)
 *
 * The core reads the ELF (ET_REL or ET_DYN), places the sections into
 * memories, resolves every relocation's symbol to a device address and
 * hands each relocation to its architecture as a struct reloc_site. The
 * architecture computes the value and patches the place, in the image's
 * byte order, or says why it cannot; it never touches anything but the
 * bytes [where, where + room) it was given.
 */
#ifndef RELOC_ARCH_H
#define RELOC_ARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct reloc_site;

/*
 * A lookup the core offers the architecture: the resolved value (S + A - P)
 * of the relocation at device address @da of the same section, as RISC-V's
 * PCREL_LO12_* need the PCREL_HI20 they point at. 0 with *value set,
 * -ENOENT when there is none.
 */
typedef int (*reloc_pair_fn)(const struct reloc_site *r, uint64_t da,
			     uint64_t *value);

/* One relocation, resolved: everything the formula needs. */
struct reloc_site {
	unsigned int type;	/* r_type, the architecture's R_* number */
	uint8_t *where;		/* the place, in the section's load buffer */
	size_t room;		/* bytes from where to the section's end */
	uint64_t P;		/* device address of the place */
	uint64_t S;		/* device address of the symbol (0: none) */
	int64_t A;		/* addend: r_addend (RELA), else 0 */
	bool rela;		/* false: REL, the addend is read from the place */
	uint64_t B;		/* load bias of an ET_DYN image (RELATIVE) */
	uint64_t GOT;		/* device address of the GOT, 0 if none */
	bool sym_defined;	/* S is meaningful; an undefined weak is 0 */
	bool sym_thumb;		/* ARM: the symbol is Thumb code (STT_FUNC, bit 0) */
	bool big_endian;	/* the image's byte order */
	const char *sym;	/* symbol name, for messages ("" for none) */
	reloc_pair_fn pair;	/* see reloc_pair_fn */
	void *core;		/* the core's, for pair() */
	/*
	 * ARM: the symbol is a function (STT_FUNC), so its state is known:
	 * sym_thumb set, Thumb; clear, ARM. A branch to a symbol of unknown
	 * state (a section, a label) keeps its instruction, as GNU ld does.
	 * S never holds the Thumb bit: the formulas add it (T) themselves.
	 */
	bool sym_func;
	bool elf64;		/* an ELFCLASS64 image: RISC-V word size (RV64) */
};

/*
 * Results of apply(), which on error also writes a short reason into why
 * ("0x12345678 does not fit in 24 bits", ...):
 *   0          applied
 *   -ENOTSUP   a type this architecture does not handle
 *   -ERANGE    the value does not fit the field
 *   -EINVAL    misaligned target, a place too small (room), a missing pair
 * The core turns them into one message naming the type, section, offset
 * and symbol, and writes nothing.
 */
struct reloc_arch {
	uint16_t machine;	/* EM_ARM, EM_RISCV, EM_AARCH64 */
	const char *name;
	int (*apply)(const struct reloc_site *r, char *why, size_t why_len);
	/* "R_ARM_ABS32" for a known type, NULL otherwise */
	const char *(*type_name)(unsigned int type);
	/* true for marker types the core skips (R_RISCV_RELAX, R_ARM_NONE, ...) */
	bool (*is_marker)(unsigned int type);
	/*
	 * Types that need the core to create a GOT slot or a PLT stub when
	 * linking an ET_REL: none of the list does; NULL.
	 */
};

extern const struct reloc_arch reloc_arch_arm;
extern const struct reloc_arch reloc_arch_riscv;
extern const struct reloc_arch reloc_arch_aarch64;

/* little helpers every architecture needs: the place, in either order */
static inline uint32_t reloc_get32(const struct reloc_site *r, size_t off)
{
	const uint8_t *p = r->where + off;

	return r->big_endian ?
		(uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3] :
		(uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static inline void reloc_put32(const struct reloc_site *r, size_t off, uint32_t v)
{
	uint8_t *p = r->where + off;
	int i;

	for (i = 0; i < 4; i++)
		p[r->big_endian ? 3 - i : i] = v >> (8 * i);
}

static inline uint16_t reloc_get16(const struct reloc_site *r, size_t off)
{
	const uint8_t *p = r->where + off;

	return r->big_endian ? (uint16_t)(p[0] << 8 | p[1]) : (uint16_t)(p[1] << 8 | p[0]);
}

static inline void reloc_put16(const struct reloc_site *r, size_t off, uint16_t v)
{
	uint8_t *p = r->where + off;

	p[r->big_endian ? 1 : 0] = v;
	p[r->big_endian ? 0 : 1] = v >> 8;
}

static inline uint64_t reloc_get64(const struct reloc_site *r, size_t off)
{
	uint64_t hi = reloc_get32(r, off + (r->big_endian ? 0 : 4));
	uint64_t lo = reloc_get32(r, off + (r->big_endian ? 4 : 0));

	return hi << 32 | lo;
}

static inline void reloc_put64(const struct reloc_site *r, size_t off, uint64_t v)
{
	reloc_put32(r, off + (r->big_endian ? 0 : 4), v >> 32);
	reloc_put32(r, off + (r->big_endian ? 4 : 0), (uint32_t)v);
}

/* does signed @v fit in @bits bits */
static inline bool reloc_fits_signed(int64_t v, unsigned int bits)
{
	return v >= -((int64_t)1 << (bits - 1)) && v < ((int64_t)1 << (bits - 1));
}

#endif /* RELOC_ARCH_H */
