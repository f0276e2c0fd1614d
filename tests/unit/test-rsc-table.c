// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>

#include "rsc-table.h"
#include "unit.h"

/* Build tables word by word in either byte order. */
struct tbl {
	uint8_t b[512];
	size_t n;
	bool be;
};

static void put32(struct tbl *t, size_t at, uint32_t v)
{
	uint8_t *p = t->b + at;

	if (t->be) {
		p[0] = v >> 24; p[1] = v >> 16; p[2] = v >> 8; p[3] = v;
	} else {
		p[3] = v >> 24; p[2] = v >> 16; p[1] = v >> 8; p[0] = v;
	}
	if (at + 4 > t->n)
		t->n = at + 4;
}

/* header, 2 entries: trace at 24, vdev with 2 vrings and 8 bytes config at 72 */
static void table_good(struct tbl *t, bool be)
{
	memset(t, 0, sizeof(*t));
	t->be = be;
	put32(t, 0, 1);
	put32(t, 4, 2);
	put32(t, 16, 24);
	put32(t, 20, 72);
	put32(t, 24, RSC_TRACE);		/* body 44 bytes: 28..72 */
	put32(t, 72, RSC_VDEV);			/* body 24 + 2*20 + 8 = 72 bytes */
	put32(t, 76 + 16, 8);			/* config_len */
	t->b[76 + 21] = 2;			/* num_of_vrings */
	t->n = 76 + 72;
}

static int check(struct tbl *t, char *why)
{
	return rsc_table_check(t->b, t->n, t->be, why, 160);
}

START_TEST(good_tables)
{
	struct tbl t;
	char why[160];

	table_good(&t, false);
	ck_assert_int_eq(check(&t, why), 0);
	table_good(&t, true);
	ck_assert_int_eq(check(&t, why), 0);
	/* the little-endian table read as big-endian is garbage: refused */
	table_good(&t, false);
	t.be = true;
	ck_assert_int_eq(rsc_table_check(t.b, t.n, true, why, sizeof(why)), -EINVAL);
}
END_TEST

START_TEST(empty_table)
{
	struct tbl t = { .n = 16 };
	char why[160];

	put32(&t, 0, 1);
	ck_assert_int_eq(check(&t, why), 0);
}
END_TEST

START_TEST(vendor_entries_pass)
{
	struct tbl t;
	char why[160];

	memset(&t, 0, sizeof(t));
	put32(&t, 0, 1);
	put32(&t, 4, 1);
	put32(&t, 16, 20);
	put32(&t, 20, 200);	/* a vendor type, body unknown: only the header must fit */
	ck_assert_int_eq(check(&t, why), 0);
}
END_TEST

static void mutate(struct tbl *t, int which)
{
	switch (which) {
	case 0: put32(t, 0, 2); break;			/* version */
	case 1: put32(t, 8, 1); break;			/* reserved[0] */
	case 2: put32(t, 12, 0x80000000); break;	/* reserved[1] */
	case 3: put32(t, 4, 0x40000000); break;		/* num: offsets run past */
	case 4: put32(t, 4, 34); break;			/* num: 16 + 34 * 4 > 148 */
	case 5: put32(t, 20, 4096); break;		/* offset past the end */
	case 6: put32(t, 20, (uint32_t)t->n - 2); break;/* header straddles the end */
	case 7: put32(t, 20, 0xfffffffe); break;	/* offset + 4 wraps 32 bits */
	case 8: put32(t, 16, 4); break;			/* offset into the header */
	case 9: t->n = 60; break;			/* trace body cut */
	case 10: t->b[76 + 21] = 255; break;		/* vrings past the end */
	case 11: put32(t, 76 + 16, 0xffffffff); break;	/* config_len past the end */
	case 12: t->n = 15; break;			/* smaller than the header */
	}
}

static const char *const mutate_msg[] = {
	"version 2", "reserved", "reserved", "offsets run past", "offsets run past",
	"entry 1: offset 4096 outside", "outside the table entries", "outside",
	"entry 0: offset 4 outside", "entry 0 (trace at offset 24): needs 44 bytes",
	"entry 1 (vdev", "entry 1 (vdev", "smaller than the 16-byte header",
};

START_TEST(bad_tables)
{
	struct tbl t;
	char why[160] = "";

	table_good(&t, _i % 2);
	mutate(&t, _i / 2);
	ck_assert_int_eq(check(&t, why), -EINVAL);
	ck_assert_msg(strstr(why, mutate_msg[_i / 2]) != NULL, "case %d: '%s'", _i / 2, why);
}
END_TEST

static Suite *rsc_suite(void)
{
	Suite *s = suite_create("rsc-table");
	TCase *tc = tcase_create("check");

	tcase_add_test(tc, good_tables);
	tcase_add_test(tc, empty_table);
	tcase_add_test(tc, vendor_entries_pass);
	tcase_add_loop_test(tc, bad_tables, 0, 2 * ARRAY_SIZE(mutate_msg));
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(rsc_suite)
