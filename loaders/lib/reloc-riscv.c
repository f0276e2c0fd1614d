// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * reloc-riscv.c - RISC-V relocations: the formulas and their table (reloc-arch.h)
 *
 * Formulas and instruction fields as the RISC-V ELF psABI defines them, and
 * the results GNU ld gives with --no-relax (the oracle of the tests): the
 * code is linked as the assembler wrote it, nothing is shortened: R_RISCV_RELAX
 * only marks a place, R_RISCV_ALIGN is checked (rv_apply_align()).
 *
 * Instructions are little endian whatever the data byte order; data (32,
 * 64, ADD/SUB/SET, RELATIVE) follows the image's byte order.
 */
#include <elf.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

#include "reloc-arch.h"

/* psABI types glibc 2.36's <elf.h> does not name yet */
#ifndef R_RISCV_TLSDESC
#define R_RISCV_TLSDESC		12
#endif
#ifndef R_RISCV_PLT32
#define R_RISCV_PLT32		59
#endif
#ifndef R_RISCV_SET_ULEB128
#define R_RISCV_SET_ULEB128	60
#endif
#ifndef R_RISCV_SUB_ULEB128
#define R_RISCV_SUB_ULEB128	61
#endif
#ifndef R_RISCV_TLSDESC_HI20
#define R_RISCV_TLSDESC_HI20	62
#endif
#ifndef R_RISCV_TLSDESC_LOAD_LO12
#define R_RISCV_TLSDESC_LOAD_LO12 63
#endif
#ifndef R_RISCV_TLSDESC_ADD_LO12
#define R_RISCV_TLSDESC_ADD_LO12 64
#endif
#ifndef R_RISCV_TLSDESC_CALL
#define R_RISCV_TLSDESC_CALL	65
#endif
#ifndef R_RISCV_VENDOR
#define R_RISCV_VENDOR		191
#endif

/* %hi() rounds so that the sign-extended %lo() added to it gives the value */
#define RV_HI_PART(v)		(((v) + 0x800) & ~(uint64_t)0xfff)

/*
 * RV32 or RV64, from the image's ELF class: it decides the word of RELATIVE
 * and JUMP_SLOT, and whether %hi() and auipc wrap at 32 bits (RV32) or must
 * fit a sign-extended 32-bit value (RV64, where GNU ld refuses lui of
 * 0x80000000).
 */
static bool rv_is32(const struct reloc_site *r)
{
	return !r->elf64;
}

/* --- instruction fields (psABI "Instruction encodings") ------------------- */

/* bits [hi:lo] of v, moved to bit 'to' */
static uint32_t rv_bits(uint64_t v, unsigned int hi, unsigned int lo, unsigned int to)
{
	return (uint32_t)((v >> lo) & ((1u << (hi - lo + 1)) - 1)) << to;
}

static uint32_t rv_itype(uint32_t insn, uint64_t v)
{
	return (insn & 0x000fffff) | rv_bits(v, 11, 0, 20);
}

static uint32_t rv_stype(uint32_t insn, uint64_t v)
{
	return (insn & 0x01fff07f) | rv_bits(v, 11, 5, 25) | rv_bits(v, 4, 0, 7);
}

static uint32_t rv_btype(uint32_t insn, uint64_t v)
{
	return (insn & 0x01fff07f) | rv_bits(v, 12, 12, 31) | rv_bits(v, 10, 5, 25) |
		rv_bits(v, 4, 1, 8) | rv_bits(v, 11, 11, 7);
}

/* the upper 20 bits of the value %hi() rounds to */
static uint32_t rv_utype(uint32_t insn, uint64_t v)
{
	return (insn & 0x00000fff) | (uint32_t)(RV_HI_PART(v) & 0xfffff000);
}

static uint32_t rv_jtype(uint32_t insn, uint64_t v)
{
	return (insn & 0x00000fff) | rv_bits(v, 20, 20, 31) | rv_bits(v, 10, 1, 21) |
		rv_bits(v, 11, 11, 20) | rv_bits(v, 19, 12, 12);
}

/* c.beqz, c.bnez: offset[8|4:3] in bits 12:10, offset[7:6|2:1|5] in bits 6:2 */
static uint16_t rv_cbtype(uint16_t insn, uint64_t v)
{
	return (insn & 0xe383) | rv_bits(v, 8, 8, 12) | rv_bits(v, 4, 3, 10) |
		rv_bits(v, 7, 6, 5) | rv_bits(v, 2, 1, 3) | rv_bits(v, 5, 5, 2);
}

/* c.j, c.jal: offset[11|4|9:8|10|6|7|3:1|5] in bits 12:2 */
static uint16_t rv_cjtype(uint16_t insn, uint64_t v)
{
	return (insn & 0xe003) | rv_bits(v, 11, 11, 12) | rv_bits(v, 4, 4, 11) |
		rv_bits(v, 9, 8, 9) | rv_bits(v, 10, 10, 8) | rv_bits(v, 6, 6, 7) |
		rv_bits(v, 7, 7, 6) | rv_bits(v, 3, 1, 3) | rv_bits(v, 5, 5, 2);
}

/* --- values and their checks ---------------------------------------------- */

/* S + A - P; on RV32 the address arithmetic wraps at 32 bits */
static int64_t rv_pcrel(const struct reloc_site *r)
{
	uint64_t v = r->S + (uint64_t)r->A - r->P;

	return rv_is32(r) ? (int32_t)(uint32_t)v : (int64_t)v;
}

/*
 * lui and auipc: on RV64 the 20 bits are sign-extended from bit 31, so the
 * rounded high part must be a signed 32-bit value; on RV32 everything wraps.
 */
static int rv_check_hi20(const struct reloc_site *r, uint64_t v, char *why, size_t why_len)
{
	if (rv_is32(r) || reloc_fits_signed((int64_t)RV_HI_PART(v), 32))
		return 0;
	return reloc_why(why, why_len, -ERANGE,
		      "0x%" PRIx64 " does not fit in the 32-bit signed range of a 20-bit %%hi()",
		      v);
}

/* a pc-relative offset of a jump or branch: 2-aligned (RVC), signed bits */
static int rv_check_jump(int64_t v, unsigned int bits, char *why, size_t why_len)
{
	if (v & 1)
		return reloc_why(why, why_len, -EINVAL,
			      "offset %" PRId64 " is not 2-byte aligned", v);
	if (!reloc_fits_signed(v, bits))
		return reloc_why(why, why_len, -ERANGE,
			      "offset %" PRId64 " does not fit in %u bits (signed)", v, bits);
	return 0;
}

/* --- the handlers: each gets a place of at least its size ---------------- */

/* a 32-bit word holds a signed or an unsigned 32-bit value */
static int rv_word32(const struct reloc_site *r, uint64_t v, char *why, size_t why_len)
{
	if (!reloc_fits_signed((int64_t)v, 32) && v > UINT32_MAX)
		return reloc_why(why, why_len, -ERANGE,
			      "0x%" PRIx64 " does not fit in 32 bits", v);
	reloc_put32(r, 0, (uint32_t)v);
	return 0;
}

/* the XLEN word of a dynamic relocation */
static int rv_wordx(const struct reloc_site *r, uint64_t v, char *why, size_t why_len)
{
	if (!rv_is32(r)) {
		if (r->room < 8)
			return reloc_why(why, why_len, -EINVAL, "place too small for a 64-bit word");
		reloc_put64(r, 0, v);
		return 0;
	}
	return rv_word32(r, v, why, why_len);
}

static int rv_apply_32(const struct reloc_site *r, char *why, size_t why_len)
{
	return rv_word32(r, r->S + r->A, why, why_len);
}

static int rv_apply_64(const struct reloc_site *r, char *why, size_t why_len)
{
	reloc_put64(r, 0, r->S + r->A);
	return 0;
}

static int rv_apply_relative(const struct reloc_site *r, char *why, size_t why_len)
{
	return rv_wordx(r, r->B + r->A, why, why_len);
}

/* glibc adds the addend too; the psABI writes S (and A is 0 in practice) */
static int rv_apply_jump_slot(const struct reloc_site *r, char *why, size_t why_len)
{
	return rv_wordx(r, r->S + r->A, why, why_len);
}

/* 32_PCREL (.eh_frame's pc-relative pointers) and PLT32: S + A - P */
static int rv_apply_pcrel32(const struct reloc_site *r, char *why, size_t why_len)
{
	int64_t v = rv_pcrel(r);

	if (!reloc_fits_signed(v, 32))
		return reloc_why(why, why_len, -ERANGE,
			      "offset %" PRId64 " does not fit in 32 bits (signed)", v);
	reloc_put32(r, 0, (uint32_t)v);
	return 0;
}

static int rv_apply_branch(const struct reloc_site *r, char *why, size_t why_len)
{
	int64_t v = rv_pcrel(r);
	int err = rv_check_jump(v, 13, why, why_len);

	if (err == 0)
		reloc_insn32_put(r, 0, rv_btype(reloc_insn32_get(r, 0), v));
	return err;
}

static int rv_apply_jal(const struct reloc_site *r, char *why, size_t why_len)
{
	int64_t v = rv_pcrel(r);
	int err = rv_check_jump(v, 21, why, why_len);

	if (err == 0)
		reloc_insn32_put(r, 0, rv_jtype(reloc_insn32_get(r, 0), v));
	return err;
}

static int rv_apply_rvc_branch(const struct reloc_site *r, char *why, size_t why_len)
{
	int64_t v = rv_pcrel(r);
	int err = rv_check_jump(v, 9, why, why_len);

	if (err == 0)
		reloc_insn16_put(r, 0, rv_cbtype(reloc_insn16_get(r, 0), v));
	return err;
}

static int rv_apply_rvc_jump(const struct reloc_site *r, char *why, size_t why_len)
{
	int64_t v = rv_pcrel(r);
	int err = rv_check_jump(v, 12, why, why_len);

	if (err == 0)
		reloc_insn16_put(r, 0, rv_cjtype(reloc_insn16_get(r, 0), v));
	return err;
}

/*
 * CALL, CALL_PLT: auipc ra, %pcrel_hi(f); jalr ra, %pcrel_lo(f)(ra). There
 * is no PLT in a firmware image, so CALL_PLT goes to the symbol. A call to
 * an undefined weak function becomes a call to address 0, as GNU ld does:
 * jalr takes x0 as its base and the offset is 0.
 */
static int rv_apply_call(const struct reloc_site *r, char *why, size_t why_len)
{
	uint32_t jalr = reloc_insn32_get(r, 4);
	uint64_t v;
	int err;

	if (!r->sym_defined && r->S == 0) {
		jalr &= ~(0x1fu << 15);
		v = (uint64_t)r->A;
	} else {
		v = (uint64_t)rv_pcrel(r);
	}
	err = rv_check_hi20(r, v, why, why_len);
	if (err < 0)
		return err;
	reloc_insn32_put(r, 0, rv_utype(reloc_insn32_get(r, 0), v));
	reloc_insn32_put(r, 4, rv_itype(jalr, v));
	return 0;
}

static int rv_apply_hi20(const struct reloc_site *r, char *why, size_t why_len)
{
	uint64_t v = r->S + r->A;
	int err = rv_check_hi20(r, v, why, why_len);

	if (err == 0)
		reloc_insn32_put(r, 0, rv_utype(reloc_insn32_get(r, 0), v));
	return err;
}

static int rv_apply_pcrel_hi20(const struct reloc_site *r, char *why, size_t why_len)
{
	uint64_t v = (uint64_t)rv_pcrel(r);
	int err = rv_check_hi20(r, v, why, why_len);

	if (err == 0)
		reloc_insn32_put(r, 0, rv_utype(reloc_insn32_get(r, 0), v));
	return err;
}

/* %lo(): no check, the matching %hi() rounded for its sign */
static int rv_apply_lo12_i(const struct reloc_site *r, char *why, size_t why_len)
{
	reloc_insn32_put(r, 0, rv_itype(reloc_insn32_get(r, 0), r->S + r->A));
	return 0;
}

static int rv_apply_lo12_s(const struct reloc_site *r, char *why, size_t why_len)
{
	reloc_insn32_put(r, 0, rv_stype(reloc_insn32_get(r, 0), r->S + r->A));
	return 0;
}

/*
 * %pcrel_lo(label): the symbol is the label of the auipc, not the target.
 * The value is that of the PCREL_HI20 (or GOT_HI20) at the label, which the
 * core looks up: its S + A - P, the offset the auipc's pc gets. GNU ld adds
 * this relocation's own addend to it, and refuses an addend that would
 * change the rounded high part the auipc already holds.
 */
static int rv_pcrel_lo_value(const struct reloc_site *r, uint64_t *v, char *why, size_t why_len)
{
	uint64_t hi;
	int err;

	if (r->pair == NULL)
		return reloc_why(why, why_len, -EINVAL,
			      "no %%pcrel_hi lookup for the auipc at 0x%" PRIx64, r->S);
	err = r->pair(r, r->S, &hi);
	if (err < 0)
		return reloc_why(why, why_len, -EINVAL,
			      "no R_RISCV_PCREL_HI20 at 0x%" PRIx64 " (%%pcrel_lo's label) to pair with",
			      r->S);
	*v = hi + (uint64_t)r->A;
	if (RV_HI_PART(hi) != RV_HI_PART(*v))
		return reloc_why(why, why_len, -ERANGE,
			      "%%pcrel_lo addend %" PRId64 " changes the %%pcrel_hi 0x%" PRIx64
			      " at 0x%" PRIx64, r->A, hi, r->S);
	return 0;
}

static int rv_apply_pcrel_lo12_i(const struct reloc_site *r, char *why, size_t why_len)
{
	uint64_t v;
	int err = rv_pcrel_lo_value(r, &v, why, why_len);

	if (err == 0)
		reloc_insn32_put(r, 0, rv_itype(reloc_insn32_get(r, 0), v));
	return err;
}

static int rv_apply_pcrel_lo12_s(const struct reloc_site *r, char *why, size_t why_len)
{
	uint64_t v;
	int err = rv_pcrel_lo_value(r, &v, why, why_len);

	if (err == 0)
		reloc_insn32_put(r, 0, rv_stype(reloc_insn32_get(r, 0), v));
	return err;
}

/*
 * A GOT entry per symbol is what a linker makes for la/GOT_HI20 (gcc -fPIE
 * on extern data); the site carries the GOT's address at best, never the
 * symbol's slot in it.
 */
static int rv_apply_got_hi20(const struct reloc_site *r, char *why, size_t why_len)
{
	return reloc_why(why, why_len, -ENOTSUP,
		      "needs a GOT entry for '%s', which the loader does not build: "
		      "compile with -fno-pie, or make the symbol hidden", r->sym);
}

/*
 * ADD/SUB/SET: label differences the assembler leaves to the linker because
 * relaxation might change them (.eh_frame, .debug_*, .word b - a). They wrap
 * as the fields do; there is nothing to check.
 */
static uint64_t rv_data_get(const struct reloc_site *r, unsigned int size)
{
	switch (size) {
	case 1:
		return r->where[0];
	case 2:
		return reloc_get16(r, 0);
	case 4:
		return reloc_get32(r, 0);
	default:
		return reloc_get64(r, 0);
	}
}

static void rv_data_put(const struct reloc_site *r, unsigned int size, uint64_t v)
{
	switch (size) {
	case 1:
		r->where[0] = v;
		break;
	case 2:
		reloc_put16(r, 0, v);
		break;
	case 4:
		reloc_put32(r, 0, v);
		break;
	default:
		reloc_put64(r, 0, v);
		break;
	}
}

static unsigned int rv_data_size(unsigned int type)
{
	switch (type) {
	case R_RISCV_ADD8: case R_RISCV_SUB8: case R_RISCV_SET8:
		return 1;
	case R_RISCV_ADD16: case R_RISCV_SUB16: case R_RISCV_SET16:
		return 2;
	case R_RISCV_ADD32: case R_RISCV_SUB32: case R_RISCV_SET32:
		return 4;
	default:
		return 8;
	}
}

static int rv_apply_add(const struct reloc_site *r, char *why, size_t why_len)
{
	unsigned int size = rv_data_size(r->type);

	rv_data_put(r, size, rv_data_get(r, size) + r->S + r->A);
	return 0;
}

static int rv_apply_sub(const struct reloc_site *r, char *why, size_t why_len)
{
	unsigned int size = rv_data_size(r->type);

	rv_data_put(r, size, rv_data_get(r, size) - (r->S + r->A));
	return 0;
}

static int rv_apply_set(const struct reloc_site *r, char *why, size_t why_len)
{
	rv_data_put(r, rv_data_size(r->type), r->S + r->A);
	return 0;
}

/* SET6, SUB6: the low 6 bits of a byte (DW_CFA_advance_loc's delta) */
static int rv_apply_set6(const struct reloc_site *r, char *why, size_t why_len)
{
	r->where[0] = (r->where[0] & 0xc0) | ((r->S + r->A) & 0x3f);
	return 0;
}

static int rv_apply_sub6(const struct reloc_site *r, char *why, size_t why_len)
{
	r->where[0] = (r->where[0] & 0xc0) | ((r->where[0] - (r->S + r->A)) & 0x3f);
	return 0;
}

/*
 * SET_ULEB128 then SUB_ULEB128 at the same place: a ULEB128 difference. The
 * assembler sized the field; both keep its length and work modulo its
 * 7 * length bits, so SET's intermediate (an address, too big for the field)
 * costs nothing and the pair leaves the difference. A difference too big
 * for the field is not detected.
 */
static int rv_uleb_len(const struct reloc_site *r, size_t *len, char *why, size_t why_len)
{
	size_t i;

	for (i = 0; i < r->room && i < 10; i++) {
		if (!(r->where[i] & 0x80)) {
			*len = i + 1;
			return 0;
		}
	}
	return reloc_why(why, why_len, -EINVAL, "no ULEB128 ends within %zu bytes", i);
}

static uint64_t rv_uleb_get(const struct reloc_site *r, size_t len)
{
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < len; i++)
		v |= (uint64_t)(r->where[i] & 0x7f) << (7 * i);
	return v;
}

static void rv_uleb_put(const struct reloc_site *r, size_t len, uint64_t v)
{
	size_t i;

	for (i = 0; i < len; i++) {
		r->where[i] = (v & 0x7f) | (i + 1 < len ? 0x80 : 0);
		v >>= 7;
	}
}

static int rv_apply_uleb128(const struct reloc_site *r, char *why, size_t why_len)
{
	size_t len = 0;
	uint64_t v;
	int err = rv_uleb_len(r, &len, why, why_len);

	if (err < 0)
		return err;
	v = r->S + r->A;
	if (r->type == R_RISCV_SUB_ULEB128)
		v = rv_uleb_get(r, len) - v;
	rv_uleb_put(r, len, v);
	return 0;
}

/*
 * ALIGN: the assembler (relaxing) emitted A bytes of NOPs, the most the
 * alignment 2^k > A can need, and left the excess to the linker. GNU ld
 * deletes it even with --no-relax ("at least some relaxation to handle code
 * alignment"); this loader moves no code, so it keeps every NOP. That is
 * right only where the padding already ends aligned, which is then exactly
 * what ld keeps too; elsewhere the code after it (an mtvec vector, say)
 * would be misaligned: refuse rather than load it.
 */
static int rv_apply_align(const struct reloc_site *r, char *why, size_t why_len)
{
	uint64_t align = 1;

	if (r->A < 0 || r->A > 0xffff)
		return reloc_why(why, why_len, -EINVAL,
			      "implausible R_RISCV_ALIGN padding of %" PRId64 " bytes", r->A);
	while (align <= (uint64_t)r->A)
		align <<= 1;
	if ((r->P + (uint64_t)r->A) % align == 0)
		return 0;
	return reloc_why(why, why_len, -EINVAL,
		      "the %" PRId64 " bytes of NOPs at 0x%" PRIx64 " end at 0x%" PRIx64
		      ", not %" PRIu64 "-byte aligned: the linker would delete some, "
		      "this loader does not relax (assemble with -mno-relax)",
		      r->A, r->P, r->P + (uint64_t)r->A, align);
}

/* --- the table, sorted by type ---------------------------------------------- */

#define RV(t, sz, fn)	{ R_RISCV_##t, "R_RISCV_" #t, sz, false, fn, NULL }
#define RV_NO(t, w)	{ R_RISCV_##t, "R_RISCV_" #t, 0, false, NULL, w }
/*
 * RELAX says the instruction pair it follows may be shortened; not relaxing
 * is always correct. The GNU_VT* types only feed ld's --gc-sections. ALIGN
 * is no marker: it needs a check, see rv_apply_align().
 */
#define RV_MARK(t)	{ R_RISCV_##t, "R_RISCV_" #t, 0, true, NULL, NULL }

static const char rv_tls[] = "thread-local storage is not supported";
static const char rv_dyn[] = "needs a dynamic linker";
static const char rv_relax[] = "only produced by linker relaxation";

static const struct reloc_type rv_types[] = {
	RV_MARK(NONE),
	RV(32, 4, rv_apply_32),
	RV(64, 8, rv_apply_64),
	RV(RELATIVE, 4, rv_apply_relative),
	RV_NO(COPY, rv_dyn),
	RV(JUMP_SLOT, 4, rv_apply_jump_slot),
	RV_NO(TLS_DTPMOD32, rv_tls),
	RV_NO(TLS_DTPMOD64, rv_tls),
	RV_NO(TLS_DTPREL32, rv_tls),
	RV_NO(TLS_DTPREL64, rv_tls),
	RV_NO(TLS_TPREL32, rv_tls),
	RV_NO(TLS_TPREL64, rv_tls),
	RV_NO(TLSDESC, rv_tls),
	RV(BRANCH, 4, rv_apply_branch),
	RV(JAL, 4, rv_apply_jal),
	RV(CALL, 8, rv_apply_call),
	RV(CALL_PLT, 8, rv_apply_call),
	RV(GOT_HI20, 4, rv_apply_got_hi20),
	RV_NO(TLS_GOT_HI20, rv_tls),
	RV_NO(TLS_GD_HI20, rv_tls),
	RV(PCREL_HI20, 4, rv_apply_pcrel_hi20),
	RV(PCREL_LO12_I, 4, rv_apply_pcrel_lo12_i),
	RV(PCREL_LO12_S, 4, rv_apply_pcrel_lo12_s),
	RV(HI20, 4, rv_apply_hi20),
	RV(LO12_I, 4, rv_apply_lo12_i),
	RV(LO12_S, 4, rv_apply_lo12_s),
	RV_NO(TPREL_HI20, rv_tls),
	RV_NO(TPREL_LO12_I, rv_tls),
	RV_NO(TPREL_LO12_S, rv_tls),
	RV_NO(TPREL_ADD, rv_tls),
	RV(ADD8, 1, rv_apply_add),
	RV(ADD16, 2, rv_apply_add),
	RV(ADD32, 4, rv_apply_add),
	RV(ADD64, 8, rv_apply_add),
	RV(SUB8, 1, rv_apply_sub),
	RV(SUB16, 2, rv_apply_sub),
	RV(SUB32, 4, rv_apply_sub),
	RV(SUB64, 8, rv_apply_sub),
	RV_MARK(GNU_VTINHERIT),
	RV_MARK(GNU_VTENTRY),
	RV(ALIGN, 0, rv_apply_align),
	RV(RVC_BRANCH, 2, rv_apply_rvc_branch),
	RV(RVC_JUMP, 2, rv_apply_rvc_jump),
	RV_NO(RVC_LUI, rv_relax),
	RV_NO(GPREL_I, rv_relax),
	RV_NO(GPREL_S, rv_relax),
	RV_NO(TPREL_I, rv_relax),
	RV_NO(TPREL_S, rv_relax),
	RV_MARK(RELAX),
	RV(SUB6, 1, rv_apply_sub6),
	RV(SET6, 1, rv_apply_set6),
	RV(SET8, 1, rv_apply_set),
	RV(SET16, 2, rv_apply_set),
	RV(SET32, 4, rv_apply_set),
	RV(32_PCREL, 4, rv_apply_pcrel32),
	RV_NO(IRELATIVE, "needs ifunc resolvers run at load time"),
	RV(PLT32, 4, rv_apply_pcrel32),
	RV(SET_ULEB128, 1, rv_apply_uleb128),
	RV(SUB_ULEB128, 1, rv_apply_uleb128),
	RV_NO(TLSDESC_HI20, rv_tls),
	RV_NO(TLSDESC_LOAD_LO12, rv_tls),
	RV_NO(TLSDESC_ADD_LO12, rv_tls),
	RV_NO(TLSDESC_CALL, rv_tls),
	RV_NO(VENDOR, "vendor relocations are not supported"),
};

const struct reloc_arch reloc_arch_riscv = {
	.machine = EM_RISCV,
	.name = "RISC-V",
	.types = rv_types,
	.n_types = sizeof(rv_types) / sizeof(rv_types[0]),
	.rel_why_not = "RISC-V defines only RELA",
	.relative = R_RISCV_RELATIVE,
	.copy = R_RISCV_COPY,
};
