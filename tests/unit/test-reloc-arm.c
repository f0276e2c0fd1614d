// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The ARM/Thumb formulas of the reloc plugin (loaders/lib/reloc-arm.c) on
 * hand-made sites: encodings, REL addends, interworking, ranges, NOPs.
 * The expected instructions were assembled by hand from the Arm ARM.
 */
#include <check.h>
#include <elf.h>
#include <errno.h>
#include <string.h>

#include "reloc-arch.h"
#include "reloc-site.h"
#include "unit.h"

/* AAELF32 numbers glibc's elf.h names otherwise or not at all */
#define R_ARM_THM_CALL		10
#define R_ARM_THM_JUMP11	102
#define R_ARM_THM_JUMP8		103

/* REL: the addend is read from the place */
static struct reloc_site site(unsigned int type, uint64_t P, uint64_t S)
{
	struct reloc_site r = site_make(type, P, S, 0);

	r.rela = false;
	return r;
}

/* a Thumb-2 instruction: two halfwords, the first at the lower address */
static void put16x2(uint16_t a, uint16_t b)
{
	site_put16(0, a);
	site_put16(2, b);
}

static int apply(struct reloc_site *r)
{
	return site_apply(&reloc_arch_arm, r);
}

START_TEST(abs32_thumb_bit_and_addend)
{
	struct reloc_site r = site(R_ARM_ABS32, 0x100, 0x2000);

	site_put32(0, 8);
	r.sym_thumb = true;
	ck_assert_int_eq(apply(&r), 0);
	ck_assert_uint_eq(site_get32(0), 0x2009);
}
END_TEST

START_TEST(rel32_and_prel31)
{
	struct reloc_site r = site(R_ARM_REL32, 0x1000, 0x800);

	site_put32(0, 4);
	ck_assert_int_eq(apply(&r), 0);
	ck_assert_uint_eq(site_get32(0), (uint32_t)(0x804 - 0x1000));
	/* PREL31 keeps bit 31 of the place */
	r = site(R_ARM_PREL31, 0x1000, 0x2000);
	r.sym_thumb = true;
	site_put32(0, 0x80000000u);
	ck_assert_int_eq(apply(&r), 0);
	ck_assert_uint_eq(site_get32(0), 0x80000000u | 0x1001);
	/* out of 31 bits */
	r = site(R_ARM_PREL31, 0, 0x40000000u);
	site_put32(0, 0);
	ck_assert_int_eq(apply(&r), -ERANGE);
}
END_TEST

START_TEST(arm_call_interworking)
{
	/* bl . (imm24 = -2: addend -8), to an ARM function 0x100 ahead */
	struct reloc_site r = site(R_ARM_CALL, 0x1000, 0x1100);

	r.sym_func = true;
	site_put32(0, 0xebfffffe);
	ck_assert_int_eq(apply(&r), 0);
	ck_assert_uint_eq(site_get32(0), 0xeb00003e);		/* (0x100 - 8) / 4 */
	/* to a Thumb function at 0x1102: BLX with H set */
	r = site(R_ARM_CALL, 0x1000, 0x1102);
	r.sym_func = true;
	r.sym_thumb = true;
	site_put32(0, 0xebfffffe);
	ck_assert_int_eq(apply(&r), 0);
	ck_assert_uint_eq(site_get32(0), 0xfb00003e);
	/* a BLX to ARM code becomes BL */
	r = site(R_ARM_CALL, 0x1000, 0x1100);
	r.sym_func = true;
	site_put32(0, 0xfafffffe);
	ck_assert_int_eq(apply(&r), 0);
	ck_assert_uint_eq(site_get32(0), 0xeb00003e);
}
END_TEST

START_TEST(arm_jump24_refuses_thumb_and_range)
{
	struct reloc_site r = site(R_ARM_JUMP24, 0, 0x100);

	r.sym_func = true;
	r.sym_thumb = true;
	site_put32(0, 0xeafffffe);
	ck_assert_int_eq(apply(&r), -ENOTSUP);
	r = site(R_ARM_JUMP24, 0, 0x4000000);
	site_put32(0, 0xeafffffe);
	ck_assert_int_eq(apply(&r), -ERANGE);
	ck_assert_ptr_nonnull(strstr(site_why, "26 bits"));
}
END_TEST

START_TEST(thumb_call_bl_blx)
{
	/* bl . (addend -4) to a Thumb function 0x1000 ahead */
	struct reloc_site r = site(R_ARM_THM_CALL, 0x2000, 0x3000);

	r.sym_func = true;
	r.sym_thumb = true;
	put16x2(0xf7ff, 0xfffe);
	ck_assert_int_eq(apply(&r), 0);
	/* offset 0xffc: imm10 = 0, imm11 = 0x7fe, J1 = J2 = 1 (S = 0) */
	ck_assert_uint_eq(site_get16(0), 0xf000);
	ck_assert_uint_eq(site_get16(2), 0xfffe);
	/* to an ARM function, from a place at 2 mod 4: BLX, offset rounded up */
	r = site(R_ARM_THM_CALL, 0x2002, 0x3000);
	r.sym_func = true;
	put16x2(0xf7ff, 0xfffe);
	ck_assert_int_eq(apply(&r), 0);
	ck_assert_uint_eq(site_get16(0), 0xf000);
	ck_assert_uint_eq(site_get16(2), 0xeffe);		/* BLX (bit 12 clear), imm 0xffc */
	/* a backward branch: S set */
	r = site(R_ARM_THM_CALL, 0x3000, 0x2000);
	r.sym_func = true;
	r.sym_thumb = true;
	put16x2(0xf7ff, 0xfffe);
	ck_assert_int_eq(apply(&r), 0);
	ck_assert_uint_eq(site_get16(0), 0xf7fe);
	ck_assert_uint_eq(site_get16(2), 0xfffe);
}
END_TEST

START_TEST(thumb_weak_undefined_is_nop)
{
	struct reloc_site r = site(R_ARM_THM_CALL, 0x2000, 0);

	r.sym_defined = false;
	put16x2(0xf7ff, 0xfffe);
	ck_assert_int_eq(apply(&r), 0);
	ck_assert_uint_eq(site_get16(0), 0xf3af);
	ck_assert_uint_eq(site_get16(2), 0x8000);
}
END_TEST

START_TEST(thumb_short_branches)
{
	/* b.n (imm11 = 0x7fe: addend -4) 0x100 ahead */
	struct reloc_site r = site(R_ARM_THM_JUMP11, 0x100, 0x200);

	put16x2(0xe7fe, 0);
	ck_assert_int_eq(apply(&r), 0);
	ck_assert_uint_eq(site_get16(0), 0xe000 | ((0x100 - 4) >> 1));
	/* beq.n: 9 bits, 0x104 ahead (offset 0x100) does not fit */
	r = site(R_ARM_THM_JUMP8, 0x100, 0x204);
	put16x2(0xd0fe, 0);
	ck_assert_int_eq(apply(&r), -ERANGE);
	r = site(R_ARM_THM_JUMP8, 0x100, 0x180);
	put16x2(0xd0fe, 0);
	ck_assert_int_eq(apply(&r), 0);
	ck_assert_uint_eq(site_get16(0), 0xd000 | ((0x80 - 4) >> 1));
	/* a place of one byte is too small */
	r.room = 1;
	ck_assert_int_eq(apply(&r), -EINVAL);
}
END_TEST

START_TEST(movw_movt_arm_and_thumb)
{
	/* movw r0, #0 / movt r0, #0 (ARM) for 0x12345679 (Thumb) */
	struct reloc_site r = site(R_ARM_MOVW_ABS_NC, 0, 0x12345678);

	r.sym_thumb = true;
	site_put32(0, 0xe3000000);
	ck_assert_int_eq(apply(&r), 0);
	ck_assert_uint_eq(site_get32(0), 0xe3050679);
	r.type = R_ARM_MOVT_ABS;
	site_put32(0, 0xe3400000);
	ck_assert_int_eq(apply(&r), 0);
	ck_assert_uint_eq(site_get32(0), 0xe3410234);
	/* Thumb movw r0, #0: f240 0000; imm16 0x5679 = imm4 5, i 0, imm3 6, imm8 0x79 */
	r = site(47 /* R_ARM_THM_MOVW_ABS_NC */, 0, 0x12345678);
	r.sym_thumb = true;
	put16x2(0xf240, 0x0000);
	ck_assert_int_eq(apply(&r), 0);
	ck_assert_uint_eq(site_get16(0), 0xf245);
	ck_assert_uint_eq(site_get16(2), 0x6079);
	/* movt r0, #0: f2c0 0000; 0x1234 = imm4 1, i 0, imm3 2, imm8 0x34; with a REL addend 0x10 */
	r = site(48 /* R_ARM_THM_MOVT_ABS */, 0, 0x1233fff0);
	put16x2(0xf2c0, 0x0010);
	ck_assert_int_eq(apply(&r), 0);
	ck_assert_uint_eq(site_get16(0), 0xf2c1);
	ck_assert_uint_eq(site_get16(2), 0x2034);
}
END_TEST

START_TEST(dynamic_types)
{
	struct reloc_site r = site(R_ARM_RELATIVE, 0x100, 0);

	r.B = 0x20000000;
	site_put32(0, 0x1234);
	ck_assert_int_eq(apply(&r), 0);
	ck_assert_uint_eq(site_get32(0), 0x20001234);
	/* GLOB_DAT and JUMP_SLOT ignore the place (REL) */
	r = site(R_ARM_GLOB_DAT, 0x100, 0x3000);
	site_put32(0, 0xdeadbeef);
	ck_assert_int_eq(apply(&r), 0);
	ck_assert_uint_eq(site_get32(0), 0x3000);
	r = site(R_ARM_JUMP_SLOT, 0x100, 0x3000);
	r.sym_thumb = true;
	site_put32(0, 0x44);
	ck_assert_int_eq(apply(&r), 0);
	ck_assert_uint_eq(site_get32(0), 0x3001);
	/* big-endian data */
	r = site(R_ARM_ABS32, 0, 0x01020304);
	r.big_endian = true;
	memset(site_buf, 0, sizeof(site_buf));
	ck_assert_int_eq(apply(&r), 0);
	ck_assert_uint_eq(site_buf[0], 1);
	ck_assert_uint_eq(site_buf[3], 4);
}
END_TEST

START_TEST(unknown_types_refused_with_names)
{
	struct reloc_site r = site(96 /* R_ARM_GOT_PREL */, 0, 0);

	site_put32(0, 0);
	ck_assert_int_eq(apply(&r), -ENOTSUP);
	ck_assert_str_eq(reloc_arch_type_name(&reloc_arch_arm, 96), "R_ARM_GOT_PREL");
	ck_assert_ptr_null(reloc_arch_type_name(&reloc_arch_arm, 250));
	ck_assert_ptr_null(reloc_arch_type_name(&reloc_arch_arm, 100000));
	ck_assert(reloc_arch_type_is_marker(&reloc_arch_arm, R_ARM_NONE));
	ck_assert(!reloc_arch_type_is_marker(&reloc_arch_arm, R_ARM_V4BX));
	r = site(R_ARM_V4BX, 0, 0);
	site_put32(0, 0xe12fff1e);
	ck_assert_int_eq(apply(&r), 0);
	ck_assert_uint_eq(site_get32(0), 0xe12fff1e);
}
END_TEST

static Suite *reloc_arm_suite(void)
{
	Suite *s = suite_create("reloc-arm");
	TCase *tc = tcase_create("formulas");

	tcase_add_test(tc, abs32_thumb_bit_and_addend);
	tcase_add_test(tc, rel32_and_prel31);
	tcase_add_test(tc, arm_call_interworking);
	tcase_add_test(tc, arm_jump24_refuses_thumb_and_range);
	tcase_add_test(tc, thumb_call_bl_blx);
	tcase_add_test(tc, thumb_weak_undefined_is_nop);
	tcase_add_test(tc, thumb_short_branches);
	tcase_add_test(tc, movw_movt_arm_and_thumb);
	tcase_add_test(tc, dynamic_types);
	tcase_add_test(tc, unknown_types_refused_with_names);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(reloc_arm_suite)
