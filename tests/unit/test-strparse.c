// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>

#include "strparse.h"
#include "unit.h"

START_TEST(u64_accepts)
{
	uint64_t v;

	ck_assert_int_eq(strparse_u64("0", &v), 0);
	ck_assert_uint_eq(v, 0);
	ck_assert_int_eq(strparse_u64("1234", &v), 0);
	ck_assert_uint_eq(v, 1234);
	ck_assert_int_eq(strparse_u64("0x0100", &v), 0);
	ck_assert_uint_eq(v, 256);
	ck_assert_int_eq(strparse_u64("0x20000000", &v), 0);
	ck_assert_uint_eq(v, 0x20000000);
	ck_assert_int_eq(strparse_u64("0XfFfF", &v), 0);
	ck_assert_uint_eq(v, 0xffff);
	ck_assert_int_eq(strparse_u64("18446744073709551615", &v), 0);
	ck_assert_uint_eq(v, UINT64_MAX);
	ck_assert_int_eq(strparse_u64("0xffffffffffffffff", &v), 0);
	ck_assert_uint_eq(v, UINT64_MAX);
}
END_TEST

START_TEST(u64_refuses)
{
	static const char *const bad[] = {
		"", " 1", "1 ", "-1", "+1", "0x", "1x", "0x1g", "12a", "1.5",
		/* octal to C, decimal to others: refused, not guessed */
		"0100", "00", "010", "1e2",
	};
	uint64_t v = 42;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		ck_assert_msg(strparse_u64(bad[i], &v) == -EINVAL, "accepted '%s'", bad[i]);
	ck_assert_int_eq(strparse_u64("18446744073709551616", &v), -ERANGE);
	ck_assert_int_eq(strparse_u64("0x10000000000000000", &v), -ERANGE);
	ck_assert_uint_eq(v, 42);
}
END_TEST

START_TEST(u32_range)
{
	uint32_t v;

	ck_assert_int_eq(strparse_u32("4294967295", &v), 0);
	ck_assert_uint_eq(v, UINT32_MAX);
	ck_assert_int_eq(strparse_u32("4294967296", &v), -ERANGE);
}
END_TEST

START_TEST(size_suffixes)
{
	uint64_t v;

	ck_assert_int_eq(strparse_size("256K", &v), 0);
	ck_assert_uint_eq(v, 256 * 1024);
	ck_assert_int_eq(strparse_size("0x10M", &v), 0);
	ck_assert_uint_eq(v, 16ull << 20);
	ck_assert_int_eq(strparse_size("2g", &v), 0);
	ck_assert_uint_eq(v, 2ull << 30);
	ck_assert_int_eq(strparse_size("1KB", &v), -EINVAL);
	ck_assert_int_eq(strparse_size("010K", &v), -EINVAL);
	ck_assert_int_eq(strparse_size("K", &v), -EINVAL);
	ck_assert_int_eq(strparse_size("17179869184G", &v), -ERANGE);
}
END_TEST

START_TEST(seconds)
{
	static const char *const bad[] = {
		"", "1e2", "0x10", "inf", "nan", " 1", "1 ", "-1", "+1", ".5", "1.",
		"1.2345", "01", "1,5", "1.5s",
	};
	uint64_t ms = 42;
	size_t i;

	ck_assert_int_eq(strparse_seconds_ms("0", &ms), 0);
	ck_assert_uint_eq(ms, 0);
	ck_assert_int_eq(strparse_seconds_ms("2", &ms), 0);
	ck_assert_uint_eq(ms, 2000);
	ck_assert_int_eq(strparse_seconds_ms("0.5", &ms), 0);
	ck_assert_uint_eq(ms, 500);
	ck_assert_int_eq(strparse_seconds_ms("1.25", &ms), 0);
	ck_assert_uint_eq(ms, 1250);
	ck_assert_int_eq(strparse_seconds_ms("86400.001", &ms), 0);
	ck_assert_uint_eq(ms, 86400001);
	ms = 42;
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		ck_assert_msg(strparse_seconds_ms(bad[i], &ms) == -EINVAL, "accepted '%s'", bad[i]);
	ck_assert_int_eq(strparse_seconds_ms("18446744073709551615", &ms), -ERANGE);
	ck_assert_uint_eq(ms, 42);
}
END_TEST

START_TEST(names)
{
	ck_assert(strparse_name_is_valid("rproc0"));
	ck_assert(strparse_name_is_valid("m4_0.core-1"));
	ck_assert(!strparse_name_is_valid(""));
	ck_assert(!strparse_name_is_valid(".hidden"));
	ck_assert(!strparse_name_is_valid("-x"));
	ck_assert(!strparse_name_is_valid("a/b"));
	ck_assert(!strparse_name_is_valid("a b"));
	ck_assert(!strparse_name_is_valid("0123456789012345678901234567890123456789012345678901234567890123"));
}
END_TEST

START_TEST(escape)
{
	char buf[32];

	ck_assert_str_eq(strparse_escape("plain", buf, sizeof(buf)), "plain");
	ck_assert_str_eq(strparse_escape("a\nb\x7f\\", buf, sizeof(buf)), "a\\x0ab\\x7f\\x5c");
	strparse_escape("0123456789012345678901234567890123456789", buf, sizeof(buf));
	ck_assert_uint_lt(strlen(buf), sizeof(buf));
	ck_assert(strstr(buf, "...") != NULL);
}
END_TEST

static Suite *strparse_suite(void)
{
	Suite *s = suite_create("strparse");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, u64_accepts);
	tcase_add_test(tc, u64_refuses);
	tcase_add_test(tc, u32_range);
	tcase_add_test(tc, size_suffixes);
	tcase_add_test(tc, seconds);
	tcase_add_test(tc, names);
	tcase_add_test(tc, escape);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(strparse_suite)
