// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * reloc-aarch64.c - AArch64 relocations: the formulas and their table
 * (reloc-arch.h)
 *
 * Formulas, fields and overflow checks as "ELF for the Arm 64-bit
 * Architecture" (AAELF64) defines them for LP64: a _NC type is never
 * checked, the others are checked over the ranges the ABI gives (signed,
 * or "signed or unsigned" for the data words). GNU ld is the oracle of the
 * tests. Instructions are always little endian (also on aarch64_be, where
 * only data is big endian); data follows the image's byte order.
 *
 * A call or jump out of range is refused: a linker would add a veneer, the
 * loader has no place to put one.
 */
#include <elf.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

#include "reloc-arch.h"

/* AAELF64 types glibc 2.36's <elf.h> does not name */
#define R_AARCH64_NONE_OLD	256	/* the ABI's alternative R_AARCH64_NONE */
#ifndef R_AARCH64_PLT32
#define R_AARCH64_PLT32		314
#endif
#ifndef R_AARCH64_GOTPCREL32
#define R_AARCH64_GOTPCREL32	315
#endif

#define A64_NOP			0xd503201fu

/* --- instruction fields ---------------------------------------------------- */

/* replace the bits-wide field at bit 'at' of the instruction with v */
static void a64_field(const struct reloc_site *r, unsigned int at, unsigned int bits,
		      uint64_t v)
{
	uint32_t mask = (uint32_t)(((uint64_t)1 << bits) - 1) << at;

	reloc_insn32_put(r, 0, (reloc_insn32_get(r, 0) & ~mask) | (((uint32_t)v << at) & mask));
}

/* adr, adrp: immlo in bits 30:29, immhi in bits 23:5 */
static void a64_adr(const struct reloc_site *r, uint64_t imm21)
{
	a64_field(r, 29, 2, imm21 & 3);
	a64_field(r, 5, 19, imm21 >> 2);
}

/* --- checks ------------------------------------------------------------------ */

static int a64_check_signed(int64_t x, unsigned int bits, char *why, size_t why_len)
{
	if (reloc_fits_signed(x, bits))
		return 0;
	return reloc_why(why, why_len, -ERANGE, "%s0x%" PRIx64 " does not fit in %u bits (signed)",
		       x < 0 ? "-" : "", x < 0 ? -(uint64_t)x : (uint64_t)x, bits);
}

/* the data words: -2^(bits-1) <= X < 2^bits, a signed or an unsigned value */
static int a64_check_word(int64_t x, unsigned int bits, char *why, size_t why_len)
{
	if (x >= -((int64_t)1 << (bits - 1)) && x < ((int64_t)1 << bits))
		return 0;
	return reloc_why(why, why_len, -ERANGE,
		       "%s0x%" PRIx64 " does not fit in %u bits (signed or unsigned)",
		       x < 0 ? "-" : "", x < 0 ? -(uint64_t)x : (uint64_t)x, bits);
}

/* a pc-relative offset counted in instructions: 4-aligned, signed bits */
static int a64_check_branch(int64_t x, unsigned int bits, char *why, size_t why_len)
{
	if (x & 3)
		return reloc_why(why, why_len, -EINVAL,
			       "offset %" PRId64 " is not 4-byte aligned", x);
	return a64_check_signed(x, bits, why, why_len);
}

static uint64_t a64_sa(const struct reloc_site *r)
{
	return r->S + (uint64_t)r->A;
}

static int64_t a64_prel(const struct reloc_site *r)
{
	return (int64_t)(r->S + (uint64_t)r->A - r->P);
}

/* --- data ---------------------------------------------------------------------- */

static int a64_abs64(const struct reloc_site *r, char *why, size_t why_len)
{
	reloc_put64(r, 0, a64_sa(r));
	return 0;
}

static int a64_abs32(const struct reloc_site *r, char *why, size_t why_len)
{
	int err = a64_check_word((int64_t)a64_sa(r), 32, why, why_len);

	if (err == 0)
		reloc_put32(r, 0, (uint32_t)a64_sa(r));
	return err;
}

static int a64_abs16(const struct reloc_site *r, char *why, size_t why_len)
{
	int err = a64_check_word((int64_t)a64_sa(r), 16, why, why_len);

	if (err == 0)
		reloc_put16(r, 0, (uint16_t)a64_sa(r));
	return err;
}

static int a64_prel64(const struct reloc_site *r, char *why, size_t why_len)
{
	reloc_put64(r, 0, (uint64_t)a64_prel(r));
	return 0;
}

static int a64_prel32(const struct reloc_site *r, char *why, size_t why_len)
{
	int err = a64_check_word(a64_prel(r), 32, why, why_len);

	if (err == 0)
		reloc_put32(r, 0, (uint32_t)a64_prel(r));
	return err;
}

static int a64_prel16(const struct reloc_site *r, char *why, size_t why_len)
{
	int err = a64_check_word(a64_prel(r), 16, why, why_len);

	if (err == 0)
		reloc_put16(r, 0, (uint16_t)a64_prel(r));
	return err;
}

/* PLT32: S + A - P, signed (no PLT here: the symbol itself) */
static int a64_plt32(const struct reloc_site *r, char *why, size_t why_len)
{
	int err = a64_check_signed(a64_prel(r), 32, why, why_len);

	if (err == 0)
		reloc_put32(r, 0, (uint32_t)a64_prel(r));
	return err;
}

/* GLOB_DAT, JUMP_SLOT: S + A; RELATIVE: Delta(S) + A, the load bias */
static int a64_glob_dat(const struct reloc_site *r, char *why, size_t why_len)
{
	reloc_put64(r, 0, a64_sa(r));
	return 0;
}

static int a64_relative(const struct reloc_site *r, char *why, size_t why_len)
{
	reloc_put64(r, 0, r->B + (uint64_t)r->A);
	return 0;
}

/* --- instructions ------------------------------------------------------------------ */

/* MOVZ/MOVK: bits [16n+15:16n] of S + A; the checked forms: X < 2^(16n+16) */
static unsigned int a64_movw_group(unsigned int type)
{
	switch (type) {
	case R_AARCH64_MOVW_UABS_G0:
	case R_AARCH64_MOVW_UABS_G0_NC:
		return 0;
	case R_AARCH64_MOVW_UABS_G1:
	case R_AARCH64_MOVW_UABS_G1_NC:
		return 1;
	case R_AARCH64_MOVW_UABS_G2:
	case R_AARCH64_MOVW_UABS_G2_NC:
		return 2;
	default:
		return 3;
	}
}

static bool a64_movw_checked(unsigned int type)
{
	return type == R_AARCH64_MOVW_UABS_G0 || type == R_AARCH64_MOVW_UABS_G1 ||
		type == R_AARCH64_MOVW_UABS_G2;
}

static int a64_movw_uabs(const struct reloc_site *r, char *why, size_t why_len)
{
	unsigned int n = a64_movw_group(r->type);
	uint64_t x = a64_sa(r);

	if (a64_movw_checked(r->type) && x >> (16 * n + 16))
		return reloc_why(why, why_len, -ERANGE,
			       "0x%" PRIx64 " does not fit in %u bits (unsigned)", x, 16 * n + 16);
	a64_field(r, 5, 16, x >> (16 * n));
	return 0;
}

/* ldr (literal): S + A - P in words, +-1 MiB */
static int a64_ld_prel_lo19(const struct reloc_site *r, char *why, size_t why_len)
{
	int64_t x = a64_prel(r);
	int err = a64_check_branch(x, 21, why, why_len);

	if (err == 0)
		a64_field(r, 5, 19, (uint64_t)x >> 2);
	return err;
}

static int a64_adr_prel_lo21(const struct reloc_site *r, char *why, size_t why_len)
{
	int64_t x = a64_prel(r);
	int err = a64_check_signed(x, 21, why, why_len);

	if (err == 0)
		a64_adr(r, (uint64_t)x);
	return err;
}

/* adrp: Page(S + A) - Page(P), in 4 KiB pages; _NC is not checked */
static int a64_adr_prel_pg_hi21(const struct reloc_site *r, char *why, size_t why_len)
{
	int64_t x = (int64_t)((a64_sa(r) & ~(uint64_t)0xfff) - (r->P & ~(uint64_t)0xfff));

	if (r->type == R_AARCH64_ADR_PREL_PG_HI21 && !reloc_fits_signed(x, 33))
		return a64_check_signed(x, 33, why, why_len);
	a64_adr(r, (uint64_t)x >> 12);
	return 0;
}

static int a64_add_abs_lo12(const struct reloc_site *r, char *why, size_t why_len)
{
	a64_field(r, 10, 12, a64_sa(r) & 0xfff);
	return 0;
}

/* log2 of the access size of an LDSTn_ABS_LO12_NC */
static unsigned int a64_ldst_shift(unsigned int type)
{
	switch (type) {
	case R_AARCH64_LDST8_ABS_LO12_NC:
		return 0;
	case R_AARCH64_LDST16_ABS_LO12_NC:
		return 1;
	case R_AARCH64_LDST32_ABS_LO12_NC:
		return 2;
	case R_AARCH64_LDST64_ABS_LO12_NC:
		return 3;
	default:
		return 4;
	}
}

/*
 * The scaled offset of ldr/str: bits [11:shift] of S + A. Not checked for
 * overflow (_NC), but low bits set would be lost: the access would not be
 * to the symbol (GNU ld refuses it too).
 */
static int a64_ldst_lo12(const struct reloc_site *r, char *why, size_t why_len)
{
	unsigned int shift = a64_ldst_shift(r->type);
	uint64_t x = a64_sa(r);

	if (x & ((1u << shift) - 1))
		return reloc_why(why, why_len, -EINVAL,
			       "0x%" PRIx64 " is not %u-byte aligned for a %u-bit access", x,
			       1u << shift, 8u << shift);
	a64_field(r, 10, 12 - shift, (x & 0xfff) >> shift);
	return 0;
}

static int a64_tstbr14(const struct reloc_site *r, char *why, size_t why_len)
{
	int64_t x = a64_prel(r);
	int err = a64_check_branch(x, 16, why, why_len);

	if (err == 0)
		a64_field(r, 5, 14, (uint64_t)x >> 2);
	return err;
}

static int a64_condbr19(const struct reloc_site *r, char *why, size_t why_len)
{
	int64_t x = a64_prel(r);
	int err = a64_check_branch(x, 21, why, why_len);

	if (err == 0)
		a64_field(r, 5, 19, (uint64_t)x >> 2);
	return err;
}

/*
 * b, bl: +-128 MiB. A call or jump to an undefined weak symbol becomes a
 * NOP, as the ABI allows and GNU ld does (there is no PLT to go through).
 */
static int a64_jump26(const struct reloc_site *r, char *why, size_t why_len)
{
	int64_t x = a64_prel(r);
	int err;

	if (!r->sym_defined && r->S == 0) {
		reloc_insn32_put(r, 0, A64_NOP);
		return 0;
	}
	err = a64_check_branch(x, 28, why, why_len);
	if (err == 0)
		a64_field(r, 0, 26, (uint64_t)x >> 2);
	return err;
}

static int a64_got(const struct reloc_site *r, char *why, size_t why_len)
{
	return reloc_why(why, why_len, -ENOTSUP,
		       "needs a GOT entry for '%s', which the loader does not build: "
		       "compile with -fno-pie, or make the symbol hidden", r->sym);
}

/* --- the table, sorted by type --------------------------------------------------- */

#define A64(t, sz, fn)	{ R_AARCH64_##t, "R_AARCH64_" #t, sz, false, fn, NULL }
#define A64_NO(t, w)	{ R_AARCH64_##t, "R_AARCH64_" #t, 0, false, NULL, w }
#define A64_MARK(t)	{ R_AARCH64_##t, "R_AARCH64_" #t, 0, true, NULL, NULL }

static const char a64_tls[] = "thread-local storage is not supported";
static const char a64_ilp32[] = "ILP32 (P32) images are not supported";
static const char a64_movw[] = "only the MOVW_UABS forms are supported";
static const char a64_gotrel[] = "GOT-relative, and the loader builds no GOT";

static const struct reloc_type a64_types[] = {
	A64_MARK(NONE),
	A64_NO(P32_ABS32, a64_ilp32),
	A64_NO(P32_COPY, a64_ilp32),
	A64_NO(P32_GLOB_DAT, a64_ilp32),
	A64_NO(P32_JUMP_SLOT, a64_ilp32),
	A64_NO(P32_RELATIVE, a64_ilp32),
	A64_NO(P32_TLS_DTPMOD, a64_ilp32),
	A64_NO(P32_TLS_DTPREL, a64_ilp32),
	A64_NO(P32_TLS_TPREL, a64_ilp32),
	A64_NO(P32_TLSDESC, a64_ilp32),
	A64_NO(P32_IRELATIVE, a64_ilp32),
	A64_MARK(NONE_OLD),
	A64(ABS64, 8, a64_abs64),
	A64(ABS32, 4, a64_abs32),
	A64(ABS16, 2, a64_abs16),
	A64(PREL64, 8, a64_prel64),
	A64(PREL32, 4, a64_prel32),
	A64(PREL16, 2, a64_prel16),
	A64(MOVW_UABS_G0, 4, a64_movw_uabs),
	A64(MOVW_UABS_G0_NC, 4, a64_movw_uabs),
	A64(MOVW_UABS_G1, 4, a64_movw_uabs),
	A64(MOVW_UABS_G1_NC, 4, a64_movw_uabs),
	A64(MOVW_UABS_G2, 4, a64_movw_uabs),
	A64(MOVW_UABS_G2_NC, 4, a64_movw_uabs),
	A64(MOVW_UABS_G3, 4, a64_movw_uabs),
	A64_NO(MOVW_SABS_G0, a64_movw),
	A64_NO(MOVW_SABS_G1, a64_movw),
	A64_NO(MOVW_SABS_G2, a64_movw),
	A64(LD_PREL_LO19, 4, a64_ld_prel_lo19),
	A64(ADR_PREL_LO21, 4, a64_adr_prel_lo21),
	A64(ADR_PREL_PG_HI21, 4, a64_adr_prel_pg_hi21),
	A64(ADR_PREL_PG_HI21_NC, 4, a64_adr_prel_pg_hi21),
	A64(ADD_ABS_LO12_NC, 4, a64_add_abs_lo12),
	A64(LDST8_ABS_LO12_NC, 4, a64_ldst_lo12),
	A64(TSTBR14, 4, a64_tstbr14),
	A64(CONDBR19, 4, a64_condbr19),
	A64(JUMP26, 4, a64_jump26),
	A64(CALL26, 4, a64_jump26),
	A64(LDST16_ABS_LO12_NC, 4, a64_ldst_lo12),
	A64(LDST32_ABS_LO12_NC, 4, a64_ldst_lo12),
	A64(LDST64_ABS_LO12_NC, 4, a64_ldst_lo12),
	A64_NO(MOVW_PREL_G0, a64_movw),
	A64_NO(MOVW_PREL_G0_NC, a64_movw),
	A64_NO(MOVW_PREL_G1, a64_movw),
	A64_NO(MOVW_PREL_G1_NC, a64_movw),
	A64_NO(MOVW_PREL_G2, a64_movw),
	A64_NO(MOVW_PREL_G2_NC, a64_movw),
	A64_NO(MOVW_PREL_G3, a64_movw),
	A64(LDST128_ABS_LO12_NC, 4, a64_ldst_lo12),
	A64_NO(MOVW_GOTOFF_G0, a64_gotrel),
	A64_NO(MOVW_GOTOFF_G0_NC, a64_gotrel),
	A64_NO(MOVW_GOTOFF_G1, a64_gotrel),
	A64_NO(MOVW_GOTOFF_G1_NC, a64_gotrel),
	A64_NO(MOVW_GOTOFF_G2, a64_gotrel),
	A64_NO(MOVW_GOTOFF_G2_NC, a64_gotrel),
	A64_NO(MOVW_GOTOFF_G3, a64_gotrel),
	A64_NO(GOTREL64, a64_gotrel),
	A64_NO(GOTREL32, a64_gotrel),
	A64(GOT_LD_PREL19, 4, a64_got),
	A64_NO(LD64_GOTOFF_LO15, a64_gotrel),
	A64(ADR_GOT_PAGE, 4, a64_got),
	A64(LD64_GOT_LO12_NC, 4, a64_got),
	A64(LD64_GOTPAGE_LO15, 4, a64_got),
	A64(PLT32, 4, a64_plt32),
	A64(GOTPCREL32, 4, a64_got),
	A64_NO(TLSGD_ADR_PREL21, a64_tls),
	A64_NO(TLSGD_ADR_PAGE21, a64_tls),
	A64_NO(TLSGD_ADD_LO12_NC, a64_tls),
	A64_NO(TLSGD_MOVW_G1, a64_tls),
	A64_NO(TLSGD_MOVW_G0_NC, a64_tls),
	A64_NO(TLSLD_ADR_PREL21, a64_tls),
	A64_NO(TLSLD_ADR_PAGE21, a64_tls),
	A64_NO(TLSLD_ADD_LO12_NC, a64_tls),
	A64_NO(TLSLD_MOVW_G1, a64_tls),
	A64_NO(TLSLD_MOVW_G0_NC, a64_tls),
	A64_NO(TLSLD_LD_PREL19, a64_tls),
	A64_NO(TLSLD_MOVW_DTPREL_G2, a64_tls),
	A64_NO(TLSLD_MOVW_DTPREL_G1, a64_tls),
	A64_NO(TLSLD_MOVW_DTPREL_G1_NC, a64_tls),
	A64_NO(TLSLD_MOVW_DTPREL_G0, a64_tls),
	A64_NO(TLSLD_MOVW_DTPREL_G0_NC, a64_tls),
	A64_NO(TLSLD_ADD_DTPREL_HI12, a64_tls),
	A64_NO(TLSLD_ADD_DTPREL_LO12, a64_tls),
	A64_NO(TLSLD_ADD_DTPREL_LO12_NC, a64_tls),
	A64_NO(TLSLD_LDST8_DTPREL_LO12, a64_tls),
	A64_NO(TLSLD_LDST8_DTPREL_LO12_NC, a64_tls),
	A64_NO(TLSLD_LDST16_DTPREL_LO12, a64_tls),
	A64_NO(TLSLD_LDST16_DTPREL_LO12_NC, a64_tls),
	A64_NO(TLSLD_LDST32_DTPREL_LO12, a64_tls),
	A64_NO(TLSLD_LDST32_DTPREL_LO12_NC, a64_tls),
	A64_NO(TLSLD_LDST64_DTPREL_LO12, a64_tls),
	A64_NO(TLSLD_LDST64_DTPREL_LO12_NC, a64_tls),
	A64_NO(TLSIE_MOVW_GOTTPREL_G1, a64_tls),
	A64_NO(TLSIE_MOVW_GOTTPREL_G0_NC, a64_tls),
	A64_NO(TLSIE_ADR_GOTTPREL_PAGE21, a64_tls),
	A64_NO(TLSIE_LD64_GOTTPREL_LO12_NC, a64_tls),
	A64_NO(TLSIE_LD_GOTTPREL_PREL19, a64_tls),
	A64_NO(TLSLE_MOVW_TPREL_G2, a64_tls),
	A64_NO(TLSLE_MOVW_TPREL_G1, a64_tls),
	A64_NO(TLSLE_MOVW_TPREL_G1_NC, a64_tls),
	A64_NO(TLSLE_MOVW_TPREL_G0, a64_tls),
	A64_NO(TLSLE_MOVW_TPREL_G0_NC, a64_tls),
	A64_NO(TLSLE_ADD_TPREL_HI12, a64_tls),
	A64_NO(TLSLE_ADD_TPREL_LO12, a64_tls),
	A64_NO(TLSLE_ADD_TPREL_LO12_NC, a64_tls),
	A64_NO(TLSLE_LDST8_TPREL_LO12, a64_tls),
	A64_NO(TLSLE_LDST8_TPREL_LO12_NC, a64_tls),
	A64_NO(TLSLE_LDST16_TPREL_LO12, a64_tls),
	A64_NO(TLSLE_LDST16_TPREL_LO12_NC, a64_tls),
	A64_NO(TLSLE_LDST32_TPREL_LO12, a64_tls),
	A64_NO(TLSLE_LDST32_TPREL_LO12_NC, a64_tls),
	A64_NO(TLSLE_LDST64_TPREL_LO12, a64_tls),
	A64_NO(TLSLE_LDST64_TPREL_LO12_NC, a64_tls),
	A64_NO(TLSDESC_LD_PREL19, a64_tls),
	A64_NO(TLSDESC_ADR_PREL21, a64_tls),
	A64_NO(TLSDESC_ADR_PAGE21, a64_tls),
	A64_NO(TLSDESC_LD64_LO12, a64_tls),
	A64_NO(TLSDESC_ADD_LO12, a64_tls),
	A64_NO(TLSDESC_OFF_G1, a64_tls),
	A64_NO(TLSDESC_OFF_G0_NC, a64_tls),
	A64_NO(TLSDESC_LDR, a64_tls),
	A64_NO(TLSDESC_ADD, a64_tls),
	A64_NO(TLSDESC_CALL, a64_tls),
	A64_NO(TLSLE_LDST128_TPREL_LO12, a64_tls),
	A64_NO(TLSLE_LDST128_TPREL_LO12_NC, a64_tls),
	A64_NO(TLSLD_LDST128_DTPREL_LO12, a64_tls),
	A64_NO(TLSLD_LDST128_DTPREL_LO12_NC, a64_tls),
	A64_NO(COPY, "needs a dynamic linker"),
	A64(GLOB_DAT, 8, a64_glob_dat),
	A64(JUMP_SLOT, 8, a64_glob_dat),
	A64(RELATIVE, 8, a64_relative),
	A64_NO(TLS_DTPMOD, a64_tls),
	A64_NO(TLS_DTPREL, a64_tls),
	A64_NO(TLS_TPREL, a64_tls),
	A64_NO(TLSDESC, a64_tls),
	A64_NO(IRELATIVE, "needs ifunc resolvers run at load time"),
};

const struct reloc_arch reloc_arch_aarch64 = {
	.machine = EM_AARCH64,
	.name = "AArch64",
	.types = a64_types,
	.n_types = sizeof(a64_types) / sizeof(a64_types[0]),
	.rel_why_not = "AArch64 images use RELA",
	.relative = R_AARCH64_RELATIVE,
	.copy = R_AARCH64_COPY,
};
