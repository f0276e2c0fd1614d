/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * reloc-arch.h - the relocation back ends of the plugins' library, behind one
 * dispatcher (reloc-arch.c) over per-architecture tables (reloc-arm.c,
 * reloc-riscv.c, reloc-aarch64.c)
 *
 * A plugin reads the ELF, places the sections or segments, resolves every
 * relocation's symbol to a device address and hands each relocation to
 * reloc_arch_apply() as a struct reloc_site. The dispatcher finds the type
 * in its architecture's table, makes the checks every type shares (known,
 * handled, REL allowed, room for the place) and calls the type's formula,
 * which patches the place in the image's byte order, or says why it
 * cannot; nothing but the bytes [where, where + room) is ever touched.
 */
#ifndef RELOC_ARCH_H
#define RELOC_ARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct reloc_site;

/*
 * A lookup the plugin offers the formulas: the resolved value (S + A - P)
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
	void *core;		/* the plugin's, for pair() */
	/*
	 * ARM: the symbol is a function (STT_FUNC), so its state is known:
	 * sym_thumb set, Thumb; clear, ARM. A branch to a symbol of unknown
	 * state (a section, a label) keeps its instruction, as GNU ld does.
	 * S never holds the Thumb bit: the formulas add it (T) themselves.
	 */
	bool sym_func;
	bool elf64;		/* an ELFCLASS64 image: RISC-V word size (RV64) */
};

/* a formula: patch r->where, or write a short reason into why */
typedef int (*reloc_apply_fn)(const struct reloc_site *r, char *why, size_t why_len);

/* One relocation type of an architecture's table. */
struct reloc_type {
	unsigned int type;	/* the R_* number; a table is sorted by it */
	const char *name;	/* "R_ARM_ABS32" */
	uint8_t size;		/* bytes of the place the formula needs */
	bool marker;		/* nothing to do (R_RISCV_RELAX, R_ARM_NONE, ...) */
	reloc_apply_fn apply;	/* NULL: known by name, not handled ... */
	const char *why_not;	/* ... and why */
};

/*
 * An architecture: its table, and what the plugins ask of it beside the
 * formulas. The types are the ones a plugin treats apart (shlib: RELATIVE
 * by the segment its target lies in, COPY refused).
 */
struct reloc_arch {
	uint16_t machine;	/* EM_ARM, EM_RISCV, EM_AARCH64 */
	const char *name;
	const struct reloc_type *types;	/* sorted by type, no two alike */
	size_t n_types;
	const char *rel_why_not;	/* NULL: REL tables allowed; else why not */
	unsigned int relative, copy;	/* R_<ARCH>_RELATIVE, R_<ARCH>_COPY */
};

extern const struct reloc_arch reloc_arch_arm;
extern const struct reloc_arch reloc_arch_riscv;
extern const struct reloc_arch reloc_arch_aarch64;

/* the architecture of ELF machine @machine, or NULL */
const struct reloc_arch *reloc_arch_find(uint16_t machine);

/* the entry of @type in @arch's table, or NULL */
const struct reloc_type *reloc_arch_type_find(const struct reloc_arch *arch, unsigned int type);

/* "R_ARM_ABS32" for a known type, NULL otherwise */
const char *reloc_arch_type_name(const struct reloc_arch *arch, unsigned int type);

/* true for the marker types a plugin skips (R_RISCV_RELAX, R_ARM_NONE, ...) */
bool reloc_arch_type_is_marker(const struct reloc_arch *arch, unsigned int type);

/*
 * Apply one relocation. On error a short reason is written into why
 * ("0x12345678 does not fit in 24 bits", ...):
 *   0          applied (or a marker: nothing to do)
 *   -ENOTSUP   a type this architecture does not handle, or REL where only
 *              RELA is defined
 *   -ERANGE    the value does not fit the field
 *   -EINVAL    misaligned target, a place too small (room), a missing pair
 * The plugin turns them into one message naming the type, section, offset
 * and symbol, and writes nothing.
 */
int reloc_arch_apply(const struct reloc_arch *arch, const struct reloc_site *r,
		     char *why, size_t why_len);

/* little helpers every formula needs: the place, in either order */
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

/* instructions: little-endian on all three, whatever the data's order */
static inline uint32_t reloc_insn32_get(const struct reloc_site *r, size_t off)
{
	const uint8_t *p = r->where + off;

	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
		(uint32_t)p[3] << 24;
}

static inline void reloc_insn32_put(const struct reloc_site *r, size_t off, uint32_t v)
{
	uint8_t *p = r->where + off;

	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

static inline uint16_t reloc_insn16_get(const struct reloc_site *r, size_t off)
{
	return (uint16_t)(r->where[off] | r->where[off + 1] << 8);
}

static inline void reloc_insn16_put(const struct reloc_site *r, size_t off, uint16_t v)
{
	r->where[off] = v;
	r->where[off + 1] = v >> 8;
}

/* does signed @v fit in @bits bits */
static inline bool reloc_fits_signed(int64_t v, unsigned int bits)
{
	return v >= -((int64_t)1 << (bits - 1)) && v < ((int64_t)1 << (bits - 1));
}

/* a reason into why, and err: what a formula returns */
int reloc_why(char *why, size_t why_len, int err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif /* RELOC_ARCH_H */
