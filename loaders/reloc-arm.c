// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * reloc-arm.c - ARM and Thumb relocations of the reloc plugin (reloc-arch.h)
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

static const char *const arm_names[] = {
	[R_ARM_NONE] = "R_ARM_NONE",
	[R_ARM_ABS32] = "R_ARM_ABS32",
	[R_ARM_REL32] = "R_ARM_REL32",
	[R_ARM_THM_CALL] = "R_ARM_THM_CALL",
	[R_ARM_GLOB_DAT] = "R_ARM_GLOB_DAT",
	[R_ARM_JUMP_SLOT] = "R_ARM_JUMP_SLOT",
	[R_ARM_RELATIVE] = "R_ARM_RELATIVE",
	[R_ARM_CALL] = "R_ARM_CALL",
	[R_ARM_JUMP24] = "R_ARM_JUMP24",
	[R_ARM_THM_JUMP24] = "R_ARM_THM_JUMP24",
	[R_ARM_TARGET1] = "R_ARM_TARGET1",
	[R_ARM_V4BX] = "R_ARM_V4BX",
	[R_ARM_PREL31] = "R_ARM_PREL31",
	[R_ARM_MOVW_ABS_NC] = "R_ARM_MOVW_ABS_NC",
	[R_ARM_MOVT_ABS] = "R_ARM_MOVT_ABS",
	[R_ARM_MOVW_PREL_NC] = "R_ARM_MOVW_PREL_NC",
	[R_ARM_MOVT_PREL] = "R_ARM_MOVT_PREL",
	[R_ARM_THM_MOVW_ABS_NC] = "R_ARM_THM_MOVW_ABS_NC",
	[R_ARM_THM_MOVT_ABS] = "R_ARM_THM_MOVT_ABS",
	[R_ARM_THM_MOVW_PREL_NC] = "R_ARM_THM_MOVW_PREL_NC",
	[R_ARM_THM_MOVT_PREL] = "R_ARM_THM_MOVT_PREL",
	[R_ARM_THM_JUMP19] = "R_ARM_THM_JUMP19",
	[R_ARM_THM_JUMP11] = "R_ARM_THM_JUMP11",
	[R_ARM_THM_JUMP8] = "R_ARM_THM_JUMP8",
	/* known by name, for messages, and refused */
	[R_ARM_PC24] = "R_ARM_PC24",
	[R_ARM_ABS16] = "R_ARM_ABS16",
	[R_ARM_ABS12] = "R_ARM_ABS12",
	[R_ARM_THM_ABS5] = "R_ARM_THM_ABS5",
	[R_ARM_ABS8] = "R_ARM_ABS8",
	[R_ARM_SBREL32] = "R_ARM_SBREL32",
	[R_ARM_THM_PC8] = "R_ARM_THM_PC8",
	[R_ARM_TLS_DTPMOD32] = "R_ARM_TLS_DTPMOD32",
	[R_ARM_TLS_DTPOFF32] = "R_ARM_TLS_DTPOFF32",
	[R_ARM_TLS_TPOFF32] = "R_ARM_TLS_TPOFF32",
	[R_ARM_COPY] = "R_ARM_COPY",
	[ARM_R_GOTOFF32] = "R_ARM_GOTOFF32",
	[ARM_R_BASE_PREL] = "R_ARM_BASE_PREL",
	[ARM_R_GOT_BREL] = "R_ARM_GOT_BREL",
	[R_ARM_PLT32] = "R_ARM_PLT32",
	[R_ARM_TARGET2] = "R_ARM_TARGET2",
	[R_ARM_GOT_PREL] = "R_ARM_GOT_PREL",
	[R_ARM_TLS_GD32] = "R_ARM_TLS_GD32",
	[R_ARM_TLS_LDM32] = "R_ARM_TLS_LDM32",
	[R_ARM_TLS_IE32] = "R_ARM_TLS_IE32",
	[R_ARM_TLS_LE32] = "R_ARM_TLS_LE32",
};

static const char *arm_type_name(unsigned int type)
{
	return type < sizeof(arm_names) / sizeof(arm_names[0]) ? arm_names[type] : NULL;
}

static bool arm_is_marker(unsigned int type)
{
	return type == R_ARM_NONE;
}

/* instructions: little-endian whatever the data's order (see above) */
static uint32_t arm_insn32_get(const struct reloc_site *r)
{
	const uint8_t *p = r->where;

	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static void arm_insn32_put(const struct reloc_site *r, uint32_t v)
{
	uint8_t *p = r->where;

	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

static uint16_t thumb_get(const struct reloc_site *r, size_t off)
{
	return (uint16_t)(r->where[off] | r->where[off + 1] << 8);
}

static void thumb_put(const struct reloc_site *r, size_t off, uint16_t v)
{
	r->where[off] = v;
	r->where[off + 1] = v >> 8;
}

static int64_t sign_extend(uint64_t v, unsigned int bits)
{
	uint64_t m = (uint64_t)1 << (bits - 1);

	v &= ((uint64_t)1 << bits) - 1;
	return (int64_t)((v ^ m) - m);
}

static int arm_room(const struct reloc_site *r, size_t n, char *why, size_t len)
{
	if (r->room >= n)
		return 0;
	snprintf(why, len, "the place needs %zu bytes, the section has %zu left", n, r->room);
	return -EINVAL;
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
	int err = arm_room(r, 4, why, len);

	if (err)
		return err;
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
	uint32_t insn = arm_insn32_get(r);
	int64_t A, v;
	bool blx;
	int err;

	if (arm_weak_undef(r)) {
		arm_insn32_put(r, (insn & 0xf0000000u) | ARM_NOP);
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
	arm_insn32_put(r, insn);
	return 0;
}

/* MOVW/MOVT, ARM (imm4:imm12) */
static int arm_movw_movt(const struct reloc_site *r)
{
	uint32_t insn = arm_insn32_get(r);
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
	arm_insn32_put(r, insn);
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
	int err = arm_room(r, 4, why, len);

	if (err)
		return err;
	hi = thumb_get(r, 0);
	lo = thumb_get(r, 2);
	if (arm_weak_undef(r)) {
		thumb_put(r, 0, THUMB2_NOP_HI);
		thumb_put(r, 2, THUMB2_NOP_LO);
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
	thumb_put(r, 0, hi);
	thumb_put(r, 2, lo);
	return 0;
}

/* R_ARM_THM_JUMP19: B<cond>.W, S:J2:J1:imm6:imm11:0 */
static int thumb_branch19(const struct reloc_site *r, char *why, size_t len)
{
	uint16_t hi, lo;
	int64_t A, v;
	uint32_t u;
	int err = arm_room(r, 4, why, len);

	if (err)
		return err;
	hi = thumb_get(r, 0);
	lo = thumb_get(r, 2);
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
	thumb_put(r, 0, hi);
	thumb_put(r, 2, lo);
	return 0;
}

/* R_ARM_THM_JUMP11 (B, imm11) and R_ARM_THM_JUMP8 (B<cond>, imm8) */
static int thumb_branch_short(const struct reloc_site *r, char *why, size_t len)
{
	unsigned int bits = r->type == R_ARM_THM_JUMP11 ? 11 : 8;
	uint16_t mask = (uint16_t)((1u << bits) - 1), insn;
	int64_t A, v;
	int err = arm_room(r, 2, why, len);

	if (err)
		return err;
	insn = thumb_get(r, 0);
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
	thumb_put(r, 0, (uint16_t)((insn & ~mask) | ((uint32_t)v >> 1 & mask)));
	return 0;
}

/* MOVW/MOVT, Thumb (imm4:i:imm3:imm8 over two halfwords) */
static int thumb_movw_movt(const struct reloc_site *r, char *why, size_t len)
{
	uint16_t hi, lo;
	int64_t A;
	uint64_t v;
	int err = arm_room(r, 4, why, len);

	if (err)
		return err;
	hi = thumb_get(r, 0);
	lo = thumb_get(r, 2);
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
	thumb_put(r, 0, hi);
	thumb_put(r, 2, lo);
	return 0;
}

static int arm_apply(const struct reloc_site *r, char *why, size_t why_len)
{
	int err;

	switch (r->type) {
	case R_ARM_ABS32:
	case R_ARM_TARGET1:
	case R_ARM_REL32:
	case R_ARM_PREL31:
	case R_ARM_RELATIVE:
	case R_ARM_GLOB_DAT:
	case R_ARM_JUMP_SLOT:
		return arm_data32(r, why, why_len);
	case R_ARM_CALL:
	case R_ARM_JUMP24:
		err = arm_room(r, 4, why, why_len);
		return err ? err : arm_branch(r, why, why_len);
	case R_ARM_MOVW_ABS_NC:
	case R_ARM_MOVT_ABS:
	case R_ARM_MOVW_PREL_NC:
	case R_ARM_MOVT_PREL:
		err = arm_room(r, 4, why, why_len);
		return err ? err : arm_movw_movt(r);
	case R_ARM_THM_CALL:
	case R_ARM_THM_JUMP24:
		return thumb_branch24(r, why, why_len);
	case R_ARM_THM_JUMP19:
		return thumb_branch19(r, why, why_len);
	case R_ARM_THM_JUMP11:
	case R_ARM_THM_JUMP8:
		return thumb_branch_short(r, why, why_len);
	case R_ARM_THM_MOVW_ABS_NC:
	case R_ARM_THM_MOVT_ABS:
	case R_ARM_THM_MOVW_PREL_NC:
	case R_ARM_THM_MOVT_PREL:
		return thumb_movw_movt(r, why, why_len);
	case R_ARM_V4BX:
		/* a BX an ARMv4 linker may rewrite; left as it is, as ld does by default */
		return arm_room(r, 4, why, why_len);
	default:
		snprintf(why, why_len, "relocation type not supported by the reloc plugin");
		return -ENOTSUP;
	}
}

const struct reloc_arch reloc_arch_arm = {
	.machine = EM_ARM,
	.name = "ARM",
	.apply = arm_apply,
	.type_name = arm_type_name,
	.is_marker = arm_is_marker,
};
