// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * reloc-arm.c - ARM and Thumb relocations: the formulas and their table
 * (reloc-arch.h)
 *
 * The formulas of the ELF for the Arm Architecture (AAELF32), with the
 * choices GNU ld makes where the document leaves one, since the result
 * must be byte-identical to ld's:
 *   - R_ARM_TARGET1 is R_ARM_ABS32 (ld's --target1-abs, its default);
 *   - R_ARM_V4BX is left alone (ld without --fix-v4bx);
 *   - a BL or BLX to a function of the other state becomes the other one
 *     (interworking); a B to one needs a veneer, which is refused;
 *   - a call or branch to an undefined weak symbol becomes a NOP;
 *   - GLOB_DAT and JUMP_SLOT of a REL table ignore the place's contents,
 *     as the dynamic linkers do.
 * A REL relocation's addend is the one the place holds, decoded the way
 * its instruction encodes an offset. Instructions are read and written
 * little-endian: the core refuses big-endian (BE32) objects, and a BE8
 * image's code is little-endian.
 */
#include <elf.h>
#include <errno.h>
#include <stdio.h>

#include "reloc-arch.h"

/* AAELF32 names, which glibc's elf.h does not all use */
#ifndef R_ARM_THM_CALL
#define R_ARM_THM_CALL		10
#endif
#define ARM_R_GOTOFF32		24
#define ARM_R_BASE_PREL		25
#define ARM_R_GOT_BREL		26
#ifndef R_ARM_THM_JUMP19
#define R_ARM_THM_JUMP19	51
#endif
#ifndef R_ARM_THM_JUMP11
#define R_ARM_THM_JUMP11	102
#endif
#ifndef R_ARM_THM_JUMP8
#define R_ARM_THM_JUMP8		103
#endif
#ifndef R_ARM_THM_JUMP24
#define R_ARM_THM_JUMP24	30
#endif
#ifndef R_ARM_TARGET1
#define R_ARM_TARGET1		38
#endif
#ifndef R_ARM_V4BX
#define R_ARM_V4BX		40
#endif
#ifndef R_ARM_MOVW_ABS_NC
#define R_ARM_MOVW_ABS_NC	43
#define R_ARM_MOVT_ABS		44
#define R_ARM_MOVW_PREL_NC	45
#define R_ARM_MOVT_PREL		46
#define R_ARM_THM_MOVW_ABS_NC	47
#define R_ARM_THM_MOVT_ABS	48
#define R_ARM_THM_MOVW_PREL_NC	49
#define R_ARM_THM_MOVT_PREL	50
#endif

#define ARM_NOP		0x0320f000u	/* ARMv6K and later, condition kept */
#define THUMB2_NOP_HI	0xf3afu
#define THUMB2_NOP_LO	0x8000u

static int64_t sign_extend(uint64_t v, unsigned int bits)
{
	uint64_t m = (uint64_t)1 << (bits - 1);

	v &= ((uint64_t)1 << bits) - 1;
	return (int64_t)((v ^ m) - m);
}

static int arm_range(int64_t v, unsigned int bits, char *why, size_t len)
{
	if (reloc_fits_signed(v, bits))
		return 0;
	snprintf(why, len, "offset %s0x%llx does not fit in %u bits (target out of range)",
		 v < 0 ? "-" : "", (unsigned long long)(v < 0 ? -(uint64_t)v : (uint64_t)v), bits);
	return -ERANGE;
}

static int arm_misaligned(int64_t v, unsigned int align, char *why, size_t len)
{
	if (!((uint64_t)v & (align - 1)))
		return 0;
	snprintf(why, len, "offset 0x%llx is not a multiple of %u", (unsigned long long)v, align);
	return -EINVAL;
}

/* an undefined weak symbol: no address, ld's branches to it become NOPs */
static bool arm_weak_undef(const struct reloc_site *r)
{
	return !r->sym_defined && r->sym[0];
}

static uint32_t arm_T(const struct reloc_site *r)
{
	return r->sym_thumb ? 1 : 0;
}

/* --- data ---------------------------------------------------------------------- */

static int arm_data32(const struct reloc_site *r, char *why, size_t len)
{
	uint32_t place;
	int64_t A;
	uint64_t v;
	int err;

	place = reloc_get32(r, 0);
	A = r->rela ? r->A : (int32_t)place;
	switch (r->type) {
	case R_ARM_ABS32:
	case R_ARM_TARGET1:
		v = (r->S + A) | arm_T(r);
		break;
	case R_ARM_REL32:
		v = ((r->S + A) | arm_T(r)) - r->P;
		break;
	case R_ARM_PREL31:
		if (!r->rela)
			A = sign_extend(place, 31);
		v = ((r->S + A) | arm_T(r)) - r->P;
		err = arm_range((int64_t)v, 31, why, len);
		if (err)
			return err;
		v = (place & 0x80000000u) | (v & 0x7fffffffu);
		break;
	case R_ARM_RELATIVE:
		v = r->B + A;
		break;
	default:	/* GLOB_DAT, JUMP_SLOT: the symbol, not the place */
		v = (r->S + (r->rela ? r->A : 0)) | arm_T(r);
		break;
	}
	reloc_put32(r, 0, (uint32_t)v);
	return 0;
}

/* --- ARM instructions ---------------------------------------------------------- */

static bool arm_is_blx(uint32_t insn)
{
	return (insn & 0xfe000000u) == 0xfa000000u;
}

/* R_ARM_CALL (BL, BLX), R_ARM_JUMP24 (B, BL<cond>) */
static int arm_branch(const struct reloc_site *r, char *why, size_t len)
{
	uint32_t insn = reloc_insn32_get(r, 0);
	int64_t A, v;
	bool blx;
	int err;

	if (arm_weak_undef(r)) {
		reloc_insn32_put(r, 0, (insn & 0xf0000000u) | ARM_NOP);
		return 0;
	}
	if (arm_is_blx(insn))
		A = sign_extend((insn & 0x00ffffffu) << 2 | (insn >> 23 & 2), 26);
	else
		A = sign_extend((insn & 0x00ffffffu) << 2, 26);
	if (r->rela)
		A = r->A;
	v = (int64_t)(r->S + A - r->P);

	blx = arm_is_blx(insn);
	if (r->type == R_ARM_CALL && r->sym_func) {
		if (r->sym_thumb && !blx && (insn >> 28) != 0xe) {
			snprintf(why, len, "a conditional BL to Thumb code needs a veneer");
			return -ENOTSUP;
		}
		blx = r->sym_thumb;
	} else if (r->type == R_ARM_JUMP24 && r->sym_func && r->sym_thumb) {
		snprintf(why, len, "a B to Thumb code needs an interworking veneer, which this plugin does not make");
		return -ENOTSUP;
	}
	err = arm_range(v, 26, why, len);
	if (!err)
		err = arm_misaligned(v, blx ? 2 : 4, why, len);
	if (err)
		return err;
	if (blx)
		insn = 0xfa000000u | ((uint32_t)v & 2) << 23 | ((uint32_t)v >> 2 & 0x00ffffffu);
	else if (arm_is_blx(insn))
		insn = 0xeb000000u | ((uint32_t)v >> 2 & 0x00ffffffu);
	else
		insn = (insn & 0xff000000u) | ((uint32_t)v >> 2 & 0x00ffffffu);
	reloc_insn32_put(r, 0, insn);
	return 0;
}

/* MOVW/MOVT, ARM (imm4:imm12) */
static int arm_movw_movt(const struct reloc_site *r, char *why, size_t len)
{
	uint32_t insn = reloc_insn32_get(r, 0);
	int64_t A = sign_extend((insn >> 4 & 0xf000) | (insn & 0xfff), 16);
	uint64_t v;

	if (r->rela)
		A = r->A;
	v = r->S + A;
	if (r->type == R_ARM_MOVW_ABS_NC || r->type == R_ARM_MOVW_PREL_NC)
		v |= arm_T(r);
	if (r->type == R_ARM_MOVW_PREL_NC || r->type == R_ARM_MOVT_PREL)
		v -= r->P;
	if (r->type == R_ARM_MOVT_ABS || r->type == R_ARM_MOVT_PREL)
		v >>= 16;
	insn = (insn & 0xfff0f000u) | ((uint32_t)v << 4 & 0xf0000) | ((uint32_t)v & 0xfff);
	reloc_insn32_put(r, 0, insn);
	return 0;
}

/* --- Thumb instructions ---------------------------------------------------------- */

/* BL, BLX, B.W: S:I1:I2:imm10:imm11:0, I = NOT(J XOR S) */
static int64_t thumb_b25_get(uint16_t hi, uint16_t lo)
{
	uint32_t s = hi >> 10 & 1, j1 = lo >> 13 & 1, j2 = lo >> 11 & 1;
	uint32_t i1 = !(j1 ^ s), i2 = !(j2 ^ s);
	uint32_t v = s << 24 | i1 << 23 | i2 << 22 | (uint32_t)(hi & 0x3ff) << 12 |
		     (uint32_t)(lo & 0x7ff) << 1;

	return sign_extend(v, 25);
}

static void thumb_b25_put(uint16_t *hi, uint16_t *lo, int64_t off)
{
	uint32_t v = (uint32_t)off;
	uint32_t s = v >> 24 & 1, i1 = v >> 23 & 1, i2 = v >> 22 & 1;
	uint32_t j1 = !i1 ^ s, j2 = !i2 ^ s;

	*hi = (uint16_t)((*hi & 0xf800) | s << 10 | (v >> 12 & 0x3ff));
	*lo = (uint16_t)((*lo & 0xd000) | j1 << 13 | j2 << 11 | (v >> 1 & 0x7ff));
}

/* R_ARM_THM_CALL (BL, BLX), R_ARM_THM_JUMP24 (B.W) */
static int thumb_branch24(const struct reloc_site *r, char *why, size_t len)
{
	uint16_t hi, lo;
	int64_t A, v;
	bool blx;
	int err;

	hi = reloc_insn16_get(r, 0);
	lo = reloc_insn16_get(r, 2);
	if (arm_weak_undef(r)) {
		reloc_insn16_put(r, 0, THUMB2_NOP_HI);
		reloc_insn16_put(r, 2, THUMB2_NOP_LO);
		return 0;
	}
	A = r->rela ? r->A : thumb_b25_get(hi, lo);
	v = (int64_t)(r->S + A - r->P);
	blx = r->type == R_ARM_THM_CALL && !(lo & 0x1000);
	if (r->type == R_ARM_THM_CALL && r->sym_func) {
		blx = !r->sym_thumb;
	} else if (r->type == R_ARM_THM_JUMP24 && r->sym_func && !r->sym_thumb) {
		snprintf(why, len, "a B.W to ARM code needs an interworking veneer, which this plugin does not make");
		return -ENOTSUP;
	}
	/* BLX: bit 1 of the target comes from the base, Align(PC, 4) */
	if (blx)
		v = (v + 2) & ~(int64_t)3;
	err = arm_range(v, 25, why, len);
	if (!err)
		err = arm_misaligned(v, 2, why, len);
	if (err)
		return err;
	if (r->type == R_ARM_THM_CALL)
		lo = blx ? (lo & ~0x1000) : (lo | 0x1000);
	thumb_b25_put(&hi, &lo, v);
	reloc_insn16_put(r, 0, hi);
	reloc_insn16_put(r, 2, lo);
	return 0;
}

/* R_ARM_THM_JUMP19: B<cond>.W, S:J2:J1:imm6:imm11:0 */
static int thumb_branch19(const struct reloc_site *r, char *why, size_t len)
{
	uint16_t hi, lo;
	int64_t A, v;
	uint32_t u;
	int err;

	hi = reloc_insn16_get(r, 0);
	lo = reloc_insn16_get(r, 2);
	u = (uint32_t)(hi >> 10 & 1) << 20 | (uint32_t)(lo >> 11 & 1) << 19 |
	    (uint32_t)(lo >> 13 & 1) << 18 | (uint32_t)(hi & 0x3f) << 12 |
	    (uint32_t)(lo & 0x7ff) << 1;
	A = r->rela ? r->A : sign_extend(u, 21);
	if (r->sym_func && !r->sym_thumb) {
		snprintf(why, len, "a conditional branch to ARM code needs an interworking veneer");
		return -ENOTSUP;
	}
	v = (int64_t)(r->S + A - r->P);
	err = arm_range(v, 21, why, len);
	if (!err)
		err = arm_misaligned(v, 2, why, len);
	if (err)
		return err;
	u = (uint32_t)v;
	hi = (uint16_t)((hi & 0xfbc0) | (u >> 20 & 1) << 10 | (u >> 12 & 0x3f));
	lo = (uint16_t)((lo & 0xd000) | (u >> 18 & 1) << 13 | (u >> 19 & 1) << 11 | (u >> 1 & 0x7ff));
	reloc_insn16_put(r, 0, hi);
	reloc_insn16_put(r, 2, lo);
	return 0;
}

/* R_ARM_THM_JUMP11 (B, imm11) and R_ARM_THM_JUMP8 (B<cond>, imm8) */
static int thumb_branch_short(const struct reloc_site *r, char *why, size_t len)
{
	unsigned int bits = r->type == R_ARM_THM_JUMP11 ? 11 : 8;
	uint16_t mask = (uint16_t)((1u << bits) - 1), insn;
	int64_t A, v;
	int err;

	insn = reloc_insn16_get(r, 0);
	A = r->rela ? r->A : sign_extend((uint64_t)(insn & mask) << 1, bits + 1);
	if (r->sym_func && !r->sym_thumb) {
		snprintf(why, len, "a short branch cannot reach ARM code");
		return -ENOTSUP;
	}
	v = (int64_t)(r->S + A - r->P);
	err = arm_range(v, bits + 1, why, len);
	if (!err)
		err = arm_misaligned(v, 2, why, len);
	if (err)
		return err;
	reloc_insn16_put(r, 0, (uint16_t)((insn & ~mask) | ((uint32_t)v >> 1 & mask)));
	return 0;
}

/* MOVW/MOVT, Thumb (imm4:i:imm3:imm8 over two halfwords) */
static int thumb_movw_movt(const struct reloc_site *r, char *why, size_t len)
{
	uint16_t hi, lo;
	int64_t A;
	uint64_t v;

	hi = reloc_insn16_get(r, 0);
	lo = reloc_insn16_get(r, 2);
	A = sign_extend((uint32_t)(hi & 0xf) << 12 | (uint32_t)(hi >> 10 & 1) << 11 |
			(uint32_t)(lo >> 12 & 7) << 8 | (lo & 0xff), 16);
	if (r->rela)
		A = r->A;
	v = r->S + A;
	if (r->type == R_ARM_THM_MOVW_ABS_NC || r->type == R_ARM_THM_MOVW_PREL_NC)
		v |= arm_T(r);
	if (r->type == R_ARM_THM_MOVW_PREL_NC || r->type == R_ARM_THM_MOVT_PREL)
		v -= r->P;
	if (r->type == R_ARM_THM_MOVT_ABS || r->type == R_ARM_THM_MOVT_PREL)
		v >>= 16;
	hi = (uint16_t)((hi & 0xfbf0) | (v >> 12 & 0xf) | (v >> 11 & 1) << 10);
	lo = (uint16_t)((lo & 0x8f00) | (v >> 8 & 7) << 12 | (v & 0xff));
	reloc_insn16_put(r, 0, hi);
	reloc_insn16_put(r, 2, lo);
	return 0;
}

/* R_ARM_V4BX: a BX an ARMv4 linker may rewrite; left as it is, as ld does by default */
static int arm_v4bx(const struct reloc_site *r, char *why, size_t len)
{
	return 0;
}

/* --- the table, sorted by type --------------------------------------------------- */

#define ARM(t, sz, fn)	{ R_ARM_##t, "R_ARM_" #t, sz, false, fn, NULL }
#define ARM_NO(t)	{ R_ARM_##t, "R_ARM_" #t, 0, false, NULL, arm_no }
#define ARM_NO_N(n, t)	{ n, "R_ARM_" #t, 0, false, NULL, arm_no }

static const char arm_no[] = "relocation type not supported by the loader";

static const struct reloc_type arm_types[] = {
	{ R_ARM_NONE, "R_ARM_NONE", 0, true, NULL, NULL },
	ARM_NO(PC24),
	ARM(ABS32, 4, arm_data32),
	ARM(REL32, 4, arm_data32),
	ARM_NO(ABS16),
	ARM_NO(ABS12),
	ARM_NO(THM_ABS5),
	ARM_NO(ABS8),
	ARM_NO(SBREL32),
	ARM(THM_CALL, 4, thumb_branch24),
	ARM_NO(THM_PC8),
	ARM_NO(TLS_DTPMOD32),
	ARM_NO(TLS_DTPOFF32),
	ARM_NO(TLS_TPOFF32),
	ARM_NO(COPY),
	ARM(GLOB_DAT, 4, arm_data32),
	ARM(JUMP_SLOT, 4, arm_data32),
	ARM(RELATIVE, 4, arm_data32),
	ARM_NO_N(ARM_R_GOTOFF32, GOTOFF32),
	ARM_NO_N(ARM_R_BASE_PREL, BASE_PREL),
	ARM_NO_N(ARM_R_GOT_BREL, GOT_BREL),
	ARM_NO(PLT32),
	ARM(CALL, 4, arm_branch),
	ARM(JUMP24, 4, arm_branch),
	ARM(THM_JUMP24, 4, thumb_branch24),
	ARM(TARGET1, 4, arm_data32),
	ARM(V4BX, 4, arm_v4bx),
	ARM_NO(TARGET2),
	ARM(PREL31, 4, arm_data32),
	ARM(MOVW_ABS_NC, 4, arm_movw_movt),
	ARM(MOVT_ABS, 4, arm_movw_movt),
	ARM(MOVW_PREL_NC, 4, arm_movw_movt),
	ARM(MOVT_PREL, 4, arm_movw_movt),
	ARM(THM_MOVW_ABS_NC, 4, thumb_movw_movt),
	ARM(THM_MOVT_ABS, 4, thumb_movw_movt),
	ARM(THM_MOVW_PREL_NC, 4, thumb_movw_movt),
	ARM(THM_MOVT_PREL, 4, thumb_movw_movt),
	ARM(THM_JUMP19, 4, thumb_branch19),
	ARM_NO(GOT_PREL),
	ARM(THM_JUMP11, 2, thumb_branch_short),
	ARM(THM_JUMP8, 2, thumb_branch_short),
	ARM_NO(TLS_GD32),
	ARM_NO(TLS_LDM32),
	ARM_NO(TLS_IE32),
	ARM_NO(TLS_LE32),
};

const struct reloc_arch reloc_arch_arm = {
	.machine = EM_ARM,
	.name = "ARM",
	.types = arm_types,
	.n_types = sizeof(arm_types) / sizeof(arm_types[0]),
	.rel_why_not = NULL,		/* REL is ARM's own: the addend is in the place */
	.relative = R_ARM_RELATIVE,
	.copy = R_ARM_COPY,
};
