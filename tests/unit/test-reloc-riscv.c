// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The RISC-V back end of the reloc plugin on hand-made sites. The expected
 * instructions are GNU as/ld output (objdump of tests/unit/reloc/riscv.S) or
 * encoded by hand from the ISA manual's formats, never computed by the code
 * under test; reloc-oracle.sh checks the same back end against GNU ld on
 * whole objects.
 */
#include <elf.h>
#include <errno.h>

#include "reloc-arch.h"
#include "reloc-site.h"
#include "unit.h"

/* not in glibc 2.36 <elf.h> */
#define R_RISCV_SET_ULEB128	60
#define R_RISCV_SUB_ULEB128	61

static struct reloc_site site(unsigned int type, uint64_t P, uint64_t S, int64_t A)
{
	struct reloc_site r = site_make(type, P, S, A);

	/* the RV64 cases are those with an address above 4 GiB */
	r.elf64 = P > UINT32_MAX || S > UINT32_MAX;
	return r;
}

static int apply(struct reloc_site *r)
{
	return site_apply(&reloc_arch_riscv, r);
}

/* patch insn at P with S: the result */
static uint32_t insn(unsigned int type, uint32_t in, uint64_t P, uint64_t S)
{
	return site_patch32(&reloc_arch_riscv, site(type, P, S, 0), in);
}

/* a compressed instruction: only RISC-V patches a lone halfword */
static uint16_t insn16(unsigned int type, uint16_t in, uint64_t P, uint64_t S)
{
	struct reloc_site r = site(type, P, S, 0);

	site_put16(0, in);
	ck_assert_msg(apply(&r) == 0, "%s", site_why);
	return site_get16(0);
}

static int fails(unsigned int type, uint64_t P, uint64_t S, int64_t A)
{
	return site_try(&reloc_arch_riscv, site(type, P, S, A));
}

START_TEST(hi_lo)
{
	/* lui a0,0 / addi a0,a0,0 / sw a1,0(a0): 0x12345fff rounds %hi up, %lo is -1 */
	ck_assert_uint_eq(insn(R_RISCV_HI20, 0x00000537, 0x1000, 0x12345fff), 0x12346537);
	ck_assert_uint_eq(insn(R_RISCV_LO12_I, 0x00050513, 0x1000, 0x12345fff), 0xfff50513);
	ck_assert_uint_eq(insn(R_RISCV_LO12_S, 0x00b52023, 0x1000, 0x12345fff), 0xfeb52fa3);
	/* RV32 (addresses below 4 GiB): %hi(0x80000000) is lui 0x80000 */
	ck_assert_uint_eq(insn(R_RISCV_HI20, 0x00000537, 0x80000000, 0x80000000), 0x80000537);
}
END_TEST

START_TEST(branches)
{
	/* from the objdump of riscv.S: each place and its target _start = 0 */
	ck_assert_uint_eq(insn(R_RISCV_BRANCH, 0x00b51063, 0x50, 0), 0xfab518e3);
	ck_assert_uint_eq(insn(R_RISCV_JAL, 0x000000ef, 0x54, 0), 0xfadff0ef);
	ck_assert_uint_eq(insn16(R_RISCV_RVC_JUMP, 0xa001, 0x58, 0), 0xb765);
	ck_assert_uint_eq(insn16(R_RISCV_RVC_BRANCH, 0xc101, 0x5a, 0x64), 0xc509);
	ck_assert_uint_eq(insn16(R_RISCV_RVC_BRANCH, 0xe181, 0x5c, 0), 0xf1d5);
	ck_assert_uint_eq(insn16(R_RISCV_RVC_JUMP, 0xa001, 0x5e, 0x64), 0xa019);
	/* beq a0,a1,+8; j .-4 (the manual's J format, all immediate bits) */
	ck_assert_uint_eq(insn(R_RISCV_BRANCH, 0x00b50063, 0x100, 0x108), 0x00b50463);
	ck_assert_uint_eq(insn(R_RISCV_JAL, 0x0000006f, 0x100, 0xfc), 0xffdff06f);
}
END_TEST

START_TEST(call)
{
	struct reloc_site r = site(R_RISCV_CALL, 0x10000, 0x10800, 0);

	/* auipc ra,0 / jalr ra,0(ra); +0x800 is auipc 1, jalr -2048 */
	site_put32(0, 0x00000097);
	site_put32(4, 0x000080e7);
	ck_assert_int_eq(apply(&r), 0);
	ck_assert_uint_eq(site_get32(0), 0x00001097);
	ck_assert_uint_eq(site_get32(4), 0x800080e7);
	/* ld's output for call far_fn, 0x26 ahead */
	r = site(R_RISCV_CALL_PLT, 0x1000a, 0x10030, 0);
	site_put32(0, 0x00000097);
	site_put32(4, 0x000080e7);
	ck_assert_int_eq(apply(&r), 0);
	ck_assert_uint_eq(site_get32(0), 0x00000097);
	ck_assert_uint_eq(site_get32(4), 0x026080e7);
	/* an undefined weak function: jalr ra, 0(x0) */
	r = site(R_RISCV_CALL, 0x1000a, 0, 0);
	r.sym_defined = false;
	site_put32(0, 0x00000097);
	site_put32(4, 0x000080e7);
	ck_assert_int_eq(apply(&r), 0);
	ck_assert_uint_eq(site_get32(0), 0x00000097);
	ck_assert_uint_eq(site_get32(4), 0x000000e7);
	/* 8 bytes needed */
	r = site(R_RISCV_CALL, 0x1000, 0x2000, 0);
	r.room = 6;
	ck_assert_int_eq(apply(&r), -EINVAL);
}
END_TEST

static uint64_t pair_value;
static int pair_err;
static uint64_t pair_da;

static int fake_pair(const struct reloc_site *r, uint64_t da, uint64_t *value)
{
	pair_da = da;
	*value = pair_value;
	return pair_err;
}

START_TEST(pcrel)
{
	struct reloc_site r;

	/* auipc a0,0 at 0x1000 for 0x2801: +0x1801 is auipc 2, then -0x7ff */
	ck_assert_uint_eq(insn(R_RISCV_PCREL_HI20, 0x00000517, 0x1000, 0x2801), 0x00002517);
	r = site(R_RISCV_PCREL_LO12_I, 0x1004, 0x1000, 0);
	r.pair = fake_pair;
	pair_value = 0x1801;
	pair_err = 0;
	site_put32(0, 0x00050513);
	ck_assert_int_eq(apply(&r), 0);
	ck_assert_uint_eq(pair_da, 0x1000);	/* the label: the auipc's address */
	ck_assert_uint_eq(site_get32(0), 0x80150513);	/* addi a0,a0,-2047 */
	r.type = R_RISCV_PCREL_LO12_S;
	site_put32(0, 0x00b52023);
	ck_assert_int_eq(apply(&r), 0);
	ck_assert_uint_eq(site_get32(0), 0x80b520a3);	/* sw a1,-2047(a0) */
	/* an addend that moves the value across the rounding of %pcrel_hi */
	pair_value = 0x17ff;
	r.A = 1;
	ck_assert_int_eq(apply(&r), -ERANGE);
	r.A = -0x7ff;
	ck_assert_int_eq(apply(&r), 0);
	/* no PCREL_HI20 at the label */
	r.A = 0;
	pair_err = -ENOENT;
	ck_assert_int_eq(apply(&r), -EINVAL);
	ck_assert_ptr_nonnull(strstr(site_why, "0x1000"));
	r.pair = NULL;
	ck_assert_int_eq(apply(&r), -EINVAL);
}
END_TEST

START_TEST(ranges)
{
	ck_assert_int_eq(fails(R_RISCV_JAL, 0x1000, 0x1000 + 0x100000, 0), -ERANGE);
	ck_assert_ptr_nonnull(strstr(site_why, "21 bits"));
	ck_assert_ptr_nonnull(strstr(site_why, "1048576"));
	ck_assert_int_eq(fails(R_RISCV_JAL, 0x101000, 0x1000, 0), 0);	/* -1 MiB fits */
	ck_assert_int_eq(fails(R_RISCV_JAL, 0x1000, 0x1003, 0), -EINVAL);
	ck_assert_int_eq(fails(R_RISCV_BRANCH, 0x1000, 0x2000, 0), -ERANGE);
	ck_assert_int_eq(fails(R_RISCV_BRANCH, 0x2000, 0x1000, 0), 0);
	ck_assert_int_eq(fails(R_RISCV_RVC_BRANCH, 0x1000, 0x1100, 0), -ERANGE);
	ck_assert_int_eq(fails(R_RISCV_RVC_BRANCH, 0x1100, 0x1000, 0), 0);
	ck_assert_int_eq(fails(R_RISCV_RVC_JUMP, 0x1000, 0x1800, 0), -ERANGE);
	ck_assert_int_eq(fails(R_RISCV_RVC_JUMP, 0x1800, 0x1000, 0), 0);
	/* RV64 (an address above 4 GiB): lui sign-extends, 0x7ffff800 rounds to 2^31 */
	ck_assert_int_eq(fails(R_RISCV_HI20, 0x100000000, 0x7ffff800, 0), -ERANGE);
	ck_assert_ptr_nonnull(strstr(site_why, "0x7ffff800"));
	ck_assert_int_eq(fails(R_RISCV_HI20, 0x100000000, 0x7ffff7ff, 0), 0);
	ck_assert_int_eq(fails(R_RISCV_HI20, 0x100000000, (uint64_t)-0x80000800LL, 0), 0);
	ck_assert_int_eq(fails(R_RISCV_PCREL_HI20, 0x100000000, 0x1000, 0), -ERANGE);
	ck_assert_int_eq(fails(R_RISCV_CALL, 0x100000000, 0x1000, 0), -ERANGE);
	ck_assert_int_eq(fails(R_RISCV_32, 0x100000000, 0x100000000, 0), -ERANGE);
	ck_assert_int_eq(fails(R_RISCV_32, 0x100000000, 0xffffffff, 0), 0);
	ck_assert_int_eq(fails(R_RISCV_32, 0x100000000, 0, -0x80000000LL), 0);
	ck_assert_int_eq(fails(R_RISCV_32_PCREL, 0x100000000, 0x1000, 0), -ERANGE);
}
END_TEST

START_TEST(data)
{
	struct reloc_site r = site(R_RISCV_64, 0x1000, 0x1122334455667788, 0x10);

	ck_assert_int_eq(apply(&r), 0);
	ck_assert_uint_eq(site_buf[0], 0x98);
	ck_assert_uint_eq(site_buf[7], 0x11);
	r.big_endian = true;
	ck_assert_int_eq(apply(&r), 0);
	ck_assert_uint_eq(site_buf[0], 0x11);
	ck_assert_uint_eq(site_buf[7], 0x98);
	/* the pairs of a label difference: 0x20 - 0x8 */
	r = site(R_RISCV_ADD16, 0, 0x20, 0);
	memset(site_buf, 0, sizeof(site_buf));
	site_buf[0] = 0x02;
	ck_assert_int_eq(apply(&r), 0);
	r = site(R_RISCV_SUB16, 0, 0x8, 0);
	ck_assert_int_eq(apply(&r), 0);
	ck_assert_uint_eq(site_buf[0], 0x1a);
	ck_assert_uint_eq(site_buf[1], 0);
	r = site(R_RISCV_SUB8, 0, 0x30, 0);
	ck_assert_int_eq(apply(&r), 0);
	ck_assert_uint_eq(site_buf[0], 0xea);	/* wraps */
	/* DW_CFA_advance_loc (0x40 | delta): SET6 then SUB6 keep the opcode bits */
	site_buf[0] = 0x40;
	r = site(R_RISCV_SET6, 0, 0x1016, 0);
	ck_assert_int_eq(apply(&r), 0);
	r = site(R_RISCV_SUB6, 0, 0x1010, 0);
	ck_assert_int_eq(apply(&r), 0);
	ck_assert_uint_eq(site_buf[0], 0x46);
	r = site(R_RISCV_SET32, 0, 0xdeadbeef, 0);
	ck_assert_int_eq(apply(&r), 0);
	ck_assert_uint_eq(site_get32(0), 0xdeadbeef);
	/* dynamic: B + A, S + A; an RV64 image (above 4 GiB) has 64-bit words */
	r = site(R_RISCV_RELATIVE, 0x100000000, 0, 0x2000);
	r.B = 0x100000000;
	ck_assert_int_eq(apply(&r), 0);
	ck_assert_uint_eq(site_get32(0), 0x2000);
	ck_assert_uint_eq(site_get32(4), 1);
	r = site(R_RISCV_JUMP_SLOT, 0x1000, 0x3000, 0);
	memset(site_buf, 0xff, sizeof(site_buf));
	ck_assert_int_eq(apply(&r), 0);
	ck_assert_uint_eq(site_get32(0), 0x3000);
}
END_TEST

START_TEST(uleb128)
{
	struct reloc_site r = site(R_RISCV_SET_ULEB128, 0, 0x80001000, 0x234);

	/* a 3-byte field the assembler sized: the difference 0x234 */
	site_buf[0] = 0x80;
	site_buf[1] = 0x80;
	site_buf[2] = 0x00;
	ck_assert_int_eq(apply(&r), 0);
	r = site(R_RISCV_SUB_ULEB128, 0, 0x80001000, 0);
	ck_assert_int_eq(apply(&r), 0);
	ck_assert_uint_eq(site_buf[0], 0xb4);
	ck_assert_uint_eq(site_buf[1], 0x84);
	ck_assert_uint_eq(site_buf[2], 0x00);
	/* no end within the section */
	memset(site_buf, 0x80, sizeof(site_buf));
	r.room = 3;
	ck_assert_int_eq(apply(&r), -EINVAL);
}
END_TEST

START_TEST(align)
{
	/* 14 bytes of NOPs for .balign 16: kept, they end aligned or are refused */
	ck_assert_int_eq(fails(R_RISCV_ALIGN, 0x10012, 0, 14), 0);
	ck_assert_int_eq(fails(R_RISCV_ALIGN, 0x10014, 0, 14), -EINVAL);
	ck_assert_ptr_nonnull(strstr(site_why, "16-byte aligned"));
	ck_assert(!reloc_arch_type_is_marker(&reloc_arch_riscv, R_RISCV_ALIGN));
	ck_assert(reloc_arch_type_is_marker(&reloc_arch_riscv, R_RISCV_RELAX));
	ck_assert(reloc_arch_type_is_marker(&reloc_arch_riscv, R_RISCV_NONE));
	ck_assert(!reloc_arch_type_is_marker(&reloc_arch_riscv, R_RISCV_HI20));
	ck_assert_int_eq(fails(R_RISCV_RELAX, 0x1000, 0, 0), 0);
}
END_TEST

START_TEST(refused)
{
	struct reloc_site r;

	ck_assert_int_eq(fails(200, 0, 0, 0), -ENOTSUP);
	ck_assert_ptr_nonnull(strstr(site_why, "200"));
	ck_assert_int_eq(fails(R_RISCV_TPREL_HI20, 0, 0, 0), -ENOTSUP);
	ck_assert_ptr_nonnull(strstr(site_why, "R_RISCV_TPREL_HI20"));
	ck_assert_int_eq(fails(R_RISCV_GOT_HI20, 0, 0, 0), -ENOTSUP);
	ck_assert_ptr_nonnull(strstr(site_why, "GOT entry for 'sym'"));
	ck_assert_int_eq(fails(R_RISCV_COPY, 0, 0, 0), -ENOTSUP);
	r = site(R_RISCV_32, 0, 0, 0);
	r.rela = false;
	ck_assert_int_eq(apply(&r), -ENOTSUP);
	r = site(R_RISCV_64, 0, 0, 0);
	r.room = 7;
	ck_assert_int_eq(apply(&r), -EINVAL);
}
END_TEST

START_TEST(names)
{
	static const struct { unsigned int type; const char *name; } t[] = {
		{ R_RISCV_NONE, "R_RISCV_NONE" }, { R_RISCV_32, "R_RISCV_32" },
		{ R_RISCV_HI20, "R_RISCV_HI20" }, { R_RISCV_CALL_PLT, "R_RISCV_CALL_PLT" },
		{ R_RISCV_TLS_TPREL64, "R_RISCV_TLS_TPREL64" },
		{ R_RISCV_PCREL_LO12_S, "R_RISCV_PCREL_LO12_S" },
		{ R_RISCV_RVC_LUI, "R_RISCV_RVC_LUI" }, { R_RISCV_RELAX, "R_RISCV_RELAX" },
		{ R_RISCV_32_PCREL, "R_RISCV_32_PCREL" },
		{ R_RISCV_IRELATIVE, "R_RISCV_IRELATIVE" }, { 59, "R_RISCV_PLT32" },
		{ 60, "R_RISCV_SET_ULEB128" }, { 65, "R_RISCV_TLSDESC_CALL" },
		{ 191, "R_RISCV_VENDOR" },
	};
	unsigned int i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		ck_assert_str_eq(reloc_arch_type_name(&reloc_arch_riscv, t[i].type), t[i].name);
	ck_assert_ptr_null(reloc_arch_type_name(&reloc_arch_riscv, 13));	/* reserved */
	ck_assert_ptr_null(reloc_arch_type_name(&reloc_arch_riscv, 192));
	ck_assert_ptr_null(reloc_arch_type_name(&reloc_arch_riscv, 0xffffffff));
	/* every type glibc names has a name here */
	for (i = 0; i < R_RISCV_NUM; i++)
		if ((i < 12 || i > 15))
			ck_assert_msg(reloc_arch_type_name(&reloc_arch_riscv, i) != NULL, "type %u", i);
	ck_assert_uint_eq(reloc_arch_riscv.machine, EM_RISCV);
}
END_TEST

static Suite *reloc_riscv_suite(void)
{
	Suite *s = suite_create("reloc-riscv");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, hi_lo);
	tcase_add_test(tc, branches);
	tcase_add_test(tc, call);
	tcase_add_test(tc, pcrel);
	tcase_add_test(tc, ranges);
	tcase_add_test(tc, data);
	tcase_add_test(tc, uleb128);
	tcase_add_test(tc, align);
	tcase_add_test(tc, refused);
	tcase_add_test(tc, names);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(reloc_riscv_suite)
