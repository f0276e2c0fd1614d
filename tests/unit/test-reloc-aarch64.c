// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The AArch64 back end of the reloc plugin on hand-made sites. Expected
 * instructions are encoded by hand from the Arm ARM's formats (or are GNU
 * as output), the ranges are AAELF64's; reloc-oracle.sh checks the same back
 * end against GNU ld on whole objects.
 */
#include <elf.h>
#include <errno.h>

#include "reloc-arch.h"
#include "reloc-site.h"
#include "unit.h"

static int apply(struct reloc_site *r)
{
	return site_apply(&reloc_arch_aarch64, r);
}

static uint32_t insn(unsigned int type, uint32_t in, uint64_t P, uint64_t S)
{
	return site_patch32(&reloc_arch_aarch64, site_make(type, P, S, 0), in);
}

static int try(unsigned int type, uint64_t P, uint64_t S, int64_t A)
{
	return site_try(&reloc_arch_aarch64, site_make(type, P, S, A));
}

START_TEST(branches)
{
	/* bl +0x1000; b .-4; b.eq +8; tbz x1,#3,.-8; cbz x0,+0x100 */
	ck_assert_uint_eq(insn(R_AARCH64_CALL26, 0x94000000, 0x1000, 0x2000), 0x94000400);
	ck_assert_uint_eq(insn(R_AARCH64_JUMP26, 0x14000000, 0x1000, 0xffc), 0x17ffffff);
	ck_assert_uint_eq(insn(R_AARCH64_CONDBR19, 0x54000000, 0x1000, 0x1008), 0x54000040);
	ck_assert_uint_eq(insn(R_AARCH64_TSTBR14, 0x36180001, 0x1000, 0xff8), 0x361fffc1);
	ck_assert_uint_eq(insn(R_AARCH64_CONDBR19, 0xb4000000, 0x1000, 0x1100), 0xb4000800);
	/* a call to an undefined weak symbol is a NOP */
	{
		struct reloc_site r = site_make(R_AARCH64_CALL26, 0x1000, 0, 0);

		r.sym_defined = false;
		site_put32(0, 0x94000000);
		ck_assert_int_eq(apply(&r), 0);
		ck_assert_uint_eq(site_get32(0), 0xd503201f);
	}
}
END_TEST

START_TEST(pages)
{
	/* adrp x0, 0x12345678 from 0x10000000: 0x2345 pages */
	ck_assert_uint_eq(insn(R_AARCH64_ADR_PREL_PG_HI21, 0x90000000, 0x10000000, 0x12345678),
			  0xb0011a20);
	/* backwards one page: -1 = all 21 bits */
	ck_assert_uint_eq(insn(R_AARCH64_ADR_PREL_PG_HI21, 0x90000000, 0x10000000, 0xffffff0),
			  0xf0ffffe0);
	/* add x0,x0,#:lo12:; ldrb; ldrh; ldr w; ldr x; ldr q */
	ck_assert_uint_eq(insn(R_AARCH64_ADD_ABS_LO12_NC, 0x91000000, 0, 0x12345678), 0x9119e000);
	ck_assert_uint_eq(insn(R_AARCH64_LDST8_ABS_LO12_NC, 0x39400001, 0, 0x12345679), 0x3959e401);
	ck_assert_uint_eq(insn(R_AARCH64_LDST16_ABS_LO12_NC, 0x79400001, 0, 0x1234567a), 0x794cf401);
	ck_assert_uint_eq(insn(R_AARCH64_LDST32_ABS_LO12_NC, 0xb9400041, 0, 0x1234567c), 0xb9467c41);
	ck_assert_uint_eq(insn(R_AARCH64_LDST64_ABS_LO12_NC, 0xf9400041, 0, 0x12345670), 0xf9433841);
	ck_assert_uint_eq(insn(R_AARCH64_LDST128_ABS_LO12_NC, 0x3dc00041, 0, 0x12345680), 0x3dc1a041);
	/* adr x4, +0x10003 (immlo 3); ldr x5, +0x100 */
	ck_assert_uint_eq(insn(R_AARCH64_ADR_PREL_LO21, 0x10000004, 0x1000, 0x11003), 0x70080004);
	ck_assert_uint_eq(insn(R_AARCH64_LD_PREL_LO19, 0x58000005, 0x1000, 0x1100), 0x58000805);
	/* movz x6,#:abs_g3:; movk #:abs_g0_nc: */
	ck_assert_uint_eq(insn(R_AARCH64_MOVW_UABS_G3, 0xd2e00006, 0, 0xabcd000000000000),
			  0xd2f579a6);
	ck_assert_uint_eq(insn(R_AARCH64_MOVW_UABS_G0_NC, 0xf2800006, 0, 0x12345678), 0xf28acf06);
}
END_TEST

START_TEST(ranges)
{
	ck_assert_int_eq(try(R_AARCH64_CALL26, 0, 0x8000000, 0), -ERANGE);
	ck_assert_ptr_nonnull(strstr(site_why, "28 bits"));
	ck_assert_ptr_nonnull(strstr(site_why, "0x8000000"));
	ck_assert_int_eq(try(R_AARCH64_CALL26, 0, 0x7fffffc, 0), 0);
	ck_assert_int_eq(try(R_AARCH64_JUMP26, 0x8000000, 0, 0), 0);
	ck_assert_int_eq(try(R_AARCH64_JUMP26, 0x8000004, 0, 0), -ERANGE);
	ck_assert_int_eq(try(R_AARCH64_JUMP26, 0, 0x1002, 0), -EINVAL);
	ck_assert_int_eq(try(R_AARCH64_CONDBR19, 0, 0x100000, 0), -ERANGE);
	ck_assert_int_eq(try(R_AARCH64_CONDBR19, 0x100000, 0, 0), 0);
	ck_assert_int_eq(try(R_AARCH64_TSTBR14, 0, 0x8000, 0), -ERANGE);
	ck_assert_int_eq(try(R_AARCH64_TSTBR14, 0x8000, 0, 0), 0);
	ck_assert_int_eq(try(R_AARCH64_LD_PREL_LO19, 0, 0x100000, 0), -ERANGE);
	ck_assert_int_eq(try(R_AARCH64_ADR_PREL_LO21, 0, 0x100000, 0), -ERANGE);
	ck_assert_int_eq(try(R_AARCH64_ADR_PREL_LO21, 0x100000, 0, 0), 0);
	/* adrp: +-4 GiB checked, _NC not */
	ck_assert_int_eq(try(R_AARCH64_ADR_PREL_PG_HI21, 0, 0x100000000, 0), -ERANGE);
	ck_assert_int_eq(try(R_AARCH64_ADR_PREL_PG_HI21, 0x100000000, 0, 0), 0);
	ck_assert_int_eq(try(R_AARCH64_ADR_PREL_PG_HI21_NC, 0, 0x100000000, 0), 0);
	/* data: -2^(n-1) <= X < 2^n */
	ck_assert_int_eq(try(R_AARCH64_ABS32, 0, 0xffffffff, 0), 0);
	ck_assert_int_eq(try(R_AARCH64_ABS32, 0, 0x100000000, 0), -ERANGE);
	ck_assert_ptr_nonnull(strstr(site_why, "0x100000000"));
	ck_assert_ptr_nonnull(strstr(site_why, "32 bits"));
	ck_assert_int_eq(try(R_AARCH64_ABS32, 0, 0, -0x80000000LL), 0);
	ck_assert_int_eq(try(R_AARCH64_ABS32, 0, 0, -0x80000001LL), -ERANGE);
	ck_assert_int_eq(try(R_AARCH64_ABS16, 0, 0xffff, 0), 0);
	ck_assert_int_eq(try(R_AARCH64_ABS16, 0, 0x10000, 0), -ERANGE);
	ck_assert_int_eq(try(R_AARCH64_PREL32, 0x1000, 0x1000 + 0xffffffffULL, 0), 0);
	ck_assert_int_eq(try(R_AARCH64_PREL32, 0x80001000, 0x1000, 0), 0);
	ck_assert_int_eq(try(R_AARCH64_PREL32, 0x80001001, 0x1000, 0), -ERANGE);
	ck_assert_int_eq(try(R_AARCH64_PREL16, 0x9001, 0x1000, 0), -ERANGE);
	ck_assert_int_eq(try(R_AARCH64_MOVW_UABS_G1, 0, 0x100000000, 0), -ERANGE);
	ck_assert_ptr_nonnull(strstr(site_why, "unsigned"));
	ck_assert_int_eq(try(R_AARCH64_MOVW_UABS_G1_NC, 0, 0x100000000, 0), 0);
}
END_TEST

START_TEST(alignment)
{
	ck_assert_int_eq(try(R_AARCH64_LDST16_ABS_LO12_NC, 0, 0x1001, 0), -EINVAL);
	ck_assert_int_eq(try(R_AARCH64_LDST32_ABS_LO12_NC, 0, 0x1002, 0), -EINVAL);
	ck_assert_int_eq(try(R_AARCH64_LDST64_ABS_LO12_NC, 0, 0x1004, 0), -EINVAL);
	ck_assert_ptr_nonnull(strstr(site_why, "8-byte aligned"));
	ck_assert_int_eq(try(R_AARCH64_LDST128_ABS_LO12_NC, 0, 0x1008, 0), -EINVAL);
	ck_assert_int_eq(try(R_AARCH64_LDST128_ABS_LO12_NC, 0, 0x1000, 0x10), 0);
	ck_assert_int_eq(try(R_AARCH64_LDST8_ABS_LO12_NC, 0, 0x1001, 0), 0);
}
END_TEST

START_TEST(data)
{
	struct reloc_site r = site_make(R_AARCH64_ABS64, 0, 0x1122334455667788, 0);

	ck_assert_int_eq(apply(&r), 0);
	ck_assert_uint_eq(site_buf[0], 0x88);
	r.big_endian = true;
	ck_assert_int_eq(apply(&r), 0);
	ck_assert_uint_eq(site_buf[0], 0x11);
	ck_assert_uint_eq(site_buf[7], 0x88);
	/* big endian data, little endian instructions */
	r = site_make(R_AARCH64_CALL26, 0x1000, 0x2000, 0);
	r.big_endian = true;
	site_put32(0, 0x94000000);
	ck_assert_int_eq(apply(&r), 0);
	ck_assert_uint_eq(site_get32(0), 0x94000400);
	r = site_make(R_AARCH64_PREL32, 0x1000, 0xf00, 0);
	ck_assert_int_eq(apply(&r), 0);
	ck_assert_uint_eq(site_get32(0), 0xffffff00);
	r = site_make(R_AARCH64_RELATIVE, 0x1000, 0, 0x20);
	r.B = 0x80000000;
	ck_assert_int_eq(apply(&r), 0);
	ck_assert_uint_eq(site_get32(0), 0x80000020);
	r = site_make(R_AARCH64_GLOB_DAT, 0x1000, 0x4000, 8);
	ck_assert_int_eq(apply(&r), 0);
	ck_assert_uint_eq(site_get32(0), 0x4008);
	r = site_make(R_AARCH64_JUMP_SLOT, 0x1000, 0x5000, 0);
	ck_assert_int_eq(apply(&r), 0);
	ck_assert_uint_eq(site_get32(0), 0x5000);
}
END_TEST

START_TEST(refused)
{
	struct reloc_site r;

	ck_assert_int_eq(try(9999, 0, 0, 0), -ENOTSUP);
	ck_assert_ptr_nonnull(strstr(site_why, "9999"));
	ck_assert_int_eq(try(300 + 1000, 0, 0, 0), -ENOTSUP);
	ck_assert_int_eq(try(R_AARCH64_TLSLE_ADD_TPREL_HI12, 0, 0, 0), -ENOTSUP);
	ck_assert_ptr_nonnull(strstr(site_why, "R_AARCH64_TLSLE_ADD_TPREL_HI12"));
	ck_assert_int_eq(try(R_AARCH64_ADR_GOT_PAGE, 0, 0, 0), -ENOTSUP);
	ck_assert_ptr_nonnull(strstr(site_why, "GOT entry for 'sym'"));
	ck_assert_int_eq(try(R_AARCH64_COPY, 0, 0, 0), -ENOTSUP);
	ck_assert_int_eq(try(R_AARCH64_MOVW_SABS_G0, 0, 0, 0), -ENOTSUP);
	r = site_make(R_AARCH64_ABS64, 0, 0, 0);
	r.room = 4;
	ck_assert_int_eq(apply(&r), -EINVAL);
	r = site_make(R_AARCH64_ABS32, 0, 0, 0);
	r.rela = false;
	ck_assert_int_eq(apply(&r), -ENOTSUP);
	ck_assert_int_eq(try(R_AARCH64_NONE, 0, 0, 0), 0);
	ck_assert(reloc_arch_type_is_marker(&reloc_arch_aarch64, R_AARCH64_NONE));
	ck_assert(reloc_arch_type_is_marker(&reloc_arch_aarch64, 256));
	ck_assert(!reloc_arch_type_is_marker(&reloc_arch_aarch64, R_AARCH64_ABS64));
}
END_TEST

START_TEST(names)
{
	static const struct { unsigned int type; const char *name; } t[] = {
		{ R_AARCH64_NONE, "R_AARCH64_NONE" },
		{ R_AARCH64_P32_ABS32, "R_AARCH64_P32_ABS32" },
		{ R_AARCH64_P32_IRELATIVE, "R_AARCH64_P32_IRELATIVE" },
		{ R_AARCH64_ABS64, "R_AARCH64_ABS64" },
		{ R_AARCH64_ADR_PREL_PG_HI21_NC, "R_AARCH64_ADR_PREL_PG_HI21_NC" },
		{ R_AARCH64_LDST128_ABS_LO12_NC, "R_AARCH64_LDST128_ABS_LO12_NC" },
		{ R_AARCH64_LD64_GOTPAGE_LO15, "R_AARCH64_LD64_GOTPAGE_LO15" },
		{ 314, "R_AARCH64_PLT32" },
		{ R_AARCH64_TLSGD_ADR_PREL21, "R_AARCH64_TLSGD_ADR_PREL21" },
		{ R_AARCH64_TLSLD_LDST128_DTPREL_LO12_NC, "R_AARCH64_TLSLD_LDST128_DTPREL_LO12_NC" },
		{ R_AARCH64_COPY, "R_AARCH64_COPY" },
		{ R_AARCH64_RELATIVE, "R_AARCH64_RELATIVE" },
		{ R_AARCH64_TLSDESC, "R_AARCH64_TLSDESC" },
		{ R_AARCH64_IRELATIVE, "R_AARCH64_IRELATIVE" },
	};
	unsigned int i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		ck_assert_str_eq(reloc_arch_type_name(&reloc_arch_aarch64, t[i].type), t[i].name);
	ck_assert_ptr_null(reloc_arch_type_name(&reloc_arch_aarch64, 2));
	ck_assert_ptr_null(reloc_arch_type_name(&reloc_arch_aarch64, 281));
	ck_assert_ptr_null(reloc_arch_type_name(&reloc_arch_aarch64, 1033));
	ck_assert_uint_eq(reloc_arch_aarch64.machine, EM_AARCH64);
}
END_TEST

static Suite *reloc_aarch64_suite(void)
{
	Suite *s = suite_create("reloc-aarch64");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, branches);
	tcase_add_test(tc, pages);
	tcase_add_test(tc, ranges);
	tcase_add_test(tc, alignment);
	tcase_add_test(tc, data);
	tcase_add_test(tc, refused);
	tcase_add_test(tc, names);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(reloc_aarch64_suite)
