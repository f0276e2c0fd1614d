// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * librproc's reassembly of fragmented messages (src/lib/librproc-frag.c),
 * a parser of what a peer sends: in order, reordered, lost, repeated,
 * truncated, lying about lengths, over the limit, from a later version.
 */
#include <errno.h>
#include <string.h>

#include "librproc-frag.h"
#include "unit.h"

static struct frag_reasm r;

/* fragment of message id, total, at offset, carrying n bytes of pattern */
static size_t frag(uint8_t *out, uint32_t id, uint32_t total, uint32_t offset, size_t n)
{
	struct frag_hdr h = { FRAG_MAGIC, FRAG_VERSION, FRAG_HDR_LEN, id, total, offset };
	size_t i;

	frag_hdr_put(out, &h);
	for (i = 0; i < n; i++)
		out[FRAG_HDR_LEN + i] = (uint8_t)(offset + i);
	return FRAG_HDR_LEN + n;
}

static int feed(uint32_t id, uint32_t total, uint32_t offset, size_t n)
{
	uint8_t b[FRAG_HDR_LEN + 256];

	ck_assert_uint_le(n, 256);
	return frag_reasm_feed(&r, b, frag(b, id, total, offset, n));
}

/* the ready message: total bytes of the pattern */
static void take_ok(uint32_t total)
{
	uint8_t *m;
	size_t len, i;

	ck_assert(r.ready);
	m = frag_reasm_take(&r, &len);
	ck_assert_ptr_nonnull(m);
	ck_assert_uint_eq(len, total);
	for (i = 0; i < len; i++)
		ck_assert_uint_eq(m[i], (uint8_t)i);
	free(m);
	ck_assert(!r.ready);
}

static void setup(void)
{
	frag_reasm_init(&r, 1000);
}

static void teardown(void)
{
	frag_reasm_fini(&r);
}

START_TEST(in_order)
{
	ck_assert_int_eq(feed(1, 600, 0, 256), 0);
	ck_assert_int_eq(feed(1, 600, 256, 256), 0);
	ck_assert_int_eq(feed(1, 600, 512, 88), 1);
	take_ok(600);
	/* in one piece, and empty */
	ck_assert_int_eq(feed(2, 100, 0, 100), 1);
	take_ok(100);
	ck_assert_int_eq(feed(3, 0, 0, 0), 1);
	take_ok(0);
	ck_assert_uint_eq(r.lost, 0);
}
END_TEST

START_TEST(reordered)
{
	/* 0, 2, 1: the message is lost at 2 (said once: 1 is dropped quietly) */
	ck_assert_int_eq(feed(1, 600, 0, 256), 0);
	ck_assert_int_eq(feed(1, 600, 512, 88), -EBADMSG);
	ck_assert_int_eq(feed(1, 600, 256, 256), 0);
	ck_assert(!r.ready);
	ck_assert(!r.busy);
	ck_assert_uint_eq(r.lost, 1);
	/* the next message is whole */
	ck_assert_int_eq(feed(2, 300, 0, 256), 0);
	ck_assert_int_eq(feed(2, 300, 256, 44), 1);
	take_ok(300);
}
END_TEST

START_TEST(lost_first_middle_last)
{
	/* first lost: its middle says so, its end is dropped quietly */
	ck_assert_int_eq(feed(1, 600, 256, 256), -EBADMSG);
	ck_assert_int_eq(feed(1, 600, 512, 88), 0);
	ck_assert(!r.ready);
	/* middle lost */
	ck_assert_int_eq(feed(2, 600, 0, 256), 0);
	ck_assert_int_eq(feed(2, 600, 512, 88), -EBADMSG);
	ck_assert_uint_eq(r.lost, 1);
	/* last lost: found out at the next message's start, which is kept */
	ck_assert_int_eq(feed(3, 600, 0, 256), 0);
	ck_assert_int_eq(feed(3, 600, 256, 256), 0);
	ck_assert_int_eq(feed(4, 200, 0, 200), -EBADMSG);
	ck_assert_uint_eq(r.lost, 2);
	take_ok(200);
	/* a start lost within a stream: the next message's middle */
	ck_assert_int_eq(feed(5, 600, 0, 256), 0);
	ck_assert_int_eq(feed(6, 600, 256, 256), -EBADMSG);
	ck_assert_uint_eq(r.lost, 3);
}
END_TEST

START_TEST(repeated)
{
	ck_assert_int_eq(feed(1, 600, 0, 256), 0);
	ck_assert_int_eq(feed(1, 600, 256, 256), 0);
	ck_assert_int_eq(feed(1, 600, 256, 256), -EBADMSG);
	ck_assert_int_eq(feed(1, 600, 512, 88), 0);
	ck_assert(!r.ready);
	/* a repeated start begins again: the first copy is the lost one */
	ck_assert_int_eq(feed(2, 300, 0, 256), 0);
	ck_assert_int_eq(feed(2, 300, 0, 256), -EBADMSG);
	ck_assert_int_eq(feed(2, 300, 256, 44), 1);
	take_ok(300);
}
END_TEST

START_TEST(truncated_and_lying)
{
	uint8_t b[FRAG_HDR_LEN + 64];
	size_t n;

	/* shorter than a header: nothing to go by */
	n = frag(b, 1, 10, 0, 10);
	ck_assert_int_eq(frag_reasm_feed(&r, b, FRAG_HDR_LEN - 1), -EBADMSG);
	ck_assert_int_eq(frag_reasm_feed(&r, b, 0), -EBADMSG);
	/* a header and part of its payload: a fragment of a longer message,
	 * whose end never comes (found at the next start) */
	ck_assert_int_eq(frag_reasm_feed(&r, b, n - 3), 0);
	ck_assert_int_eq(feed(2, 10, 0, 10), -EBADMSG);
	take_ok(10);
	/* more payload than the total */
	ck_assert_int_eq(feed(3, 10, 0, 11), -EBADMSG);
	/* an offset past the total, and one that wraps 32 bits */
	ck_assert_int_eq(feed(3, 10, 0, 5), 0);
	ck_assert_int_eq(feed(3, 10, 11, 1), -EBADMSG);
	ck_assert_int_eq(feed(4, 10, 0, 5), 0);
	ck_assert_int_eq(feed(4, 10, 0xfffffffeU, 4), -EBADMSG);
	ck_assert(!r.busy);
	/* an empty fragment of a message that has bytes */
	ck_assert_int_eq(feed(5, 10, 0, 0), -EBADMSG);
	/* a total that changes within a message */
	ck_assert_int_eq(feed(6, 10, 0, 5), 0);
	ck_assert_int_eq(feed(6, 11, 5, 5), -EBADMSG);
	ck_assert(!r.ready);
}
END_TEST

START_TEST(bad_header)
{
	uint8_t b[FRAG_HDR_LEN + 64];
	size_t n = frag(b, 1, 10, 0, 10);

	b[0] ^= 1;
	ck_assert_int_eq(frag_reasm_feed(&r, b, n), -EBADMSG);
	b[0] ^= 1;
	b[2] = 2;	/* a version this reader does not know */
	ck_assert_int_eq(frag_reasm_feed(&r, b, n), -EBADMSG);
	b[2] = 1;
	b[3] = 15;	/* a header shorter than version 1's */
	ck_assert_int_eq(frag_reasm_feed(&r, b, n), -EBADMSG);
	b[3] = (uint8_t)(n + 1);	/* longer than what came */
	ck_assert_int_eq(frag_reasm_feed(&r, b, n), -EBADMSG);
	ck_assert(!r.busy && !r.ready);
	/* a longer header: the payload is at hdr_len */
	b[3] = 20;
	ck_assert_int_eq(frag_reasm_feed(&r, b, n), 0);
	ck_assert(r.busy);
	ck_assert_uint_eq(r.have, 6);
}
END_TEST

START_TEST(over_the_limit)
{
	/* refused before anything is allocated, and counted */
	ck_assert_int_eq(feed(1, 1001, 0, 100), -EMSGSIZE);
	ck_assert_ptr_null(r.buf);
	ck_assert_uint_eq(r.lost, 1);
	ck_assert_int_eq(feed(1, 1001, 100, 100), 0);
	ck_assert(!r.busy && !r.ready);
	ck_assert_int_eq(feed(1, 0xffffffffU, 0, 100), -EMSGSIZE);
	ck_assert_int_eq(feed(2, 1000, 0, 256), 0);
	ck_assert_int_eq(feed(2, 1000, 256, 256), 0);
	ck_assert_int_eq(feed(2, 1000, 512, 256), 0);
	ck_assert_int_eq(feed(2, 1000, 768, 232), 1);
	take_ok(1000);
}
END_TEST

START_TEST(ready_not_taken)
{
	ck_assert_int_eq(feed(1, 5, 0, 5), 1);
	/* a whole message waits to be taken: nothing overwrites it */
	ck_assert_int_eq(feed(2, 5, 0, 5), -EBUSY);
	take_ok(5);
	ck_assert_ptr_null(frag_reasm_take(&r, &(size_t){ 0 }));
}
END_TEST

static Suite *frag_suite(void)
{
	Suite *s = suite_create("librproc-frag");
	TCase *tc = tcase_create("reassembly");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, in_order);
	tcase_add_test(tc, reordered);
	tcase_add_test(tc, lost_first_middle_last);
	tcase_add_test(tc, repeated);
	tcase_add_test(tc, truncated_and_lying);
	tcase_add_test(tc, bad_header);
	tcase_add_test(tc, over_the_limit);
	tcase_add_test(tc, ready_not_taken);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(frag_suite)
