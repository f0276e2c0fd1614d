// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * librproc's send, receive, batches and fragments on endpoints backed by
 * SOCK_SEQPACKET socket pairs (message boundaries kept, as rpmsg's): the
 * timeouts, the pollable fd, a short buffer (-EMSGSIZE, the message kept),
 * the peer gone (-EPIPE), 64 messages in one batch call both ways, and
 * messages larger than the MTU through two fragmenting endpoints.
 */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <rproc/rproc.h>

#include "librproc-frag.h"
#include "unit.h"

static struct rproc_ctx *ctx;
static int peer;

static void setup(void)
{
	ck_assert_int_eq(rproc_ctx_new("/nonexistent", "/nonexistent", &ctx), 0);
}

static void teardown(void)
{
	rproc_ctx_unref(ctx);
}

/* an endpoint on one end of a pair; the other end is peer */
static struct rproc_ept *ept_pair(unsigned int flags)
{
	struct rproc_ept *e;
	int sv[2];

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv), 0);
	ck_assert_int_eq(rproc_ept_new_from_fd(ctx, sv[0], flags, &e), 0);
	peer = sv[1];
	return e;
}

static long ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

START_TEST(send_recv)
{
	struct rproc_ept *e = ept_pair(0);
	char buf[600];
	size_t len;
	ssize_t n;

	ck_assert_uint_eq(rproc_ept_get_mtu(e), 496);
	ck_assert_str_eq(rproc_ept_get_path(e), "");
	ck_assert_int_eq(rproc_ept_send(e, "hello", 5, 0), 0);
	n = read(peer, buf, sizeof(buf));
	ck_assert_int_eq(n, 5);
	ck_assert_int_eq(memcmp(buf, "hello", 5), 0);
	/* one message is at most the MTU */
	memset(buf, 'x', sizeof(buf));
	ck_assert_int_eq(rproc_ept_send(e, buf, 497, 0), -EMSGSIZE);
	ck_assert_int_eq(rproc_ept_send(e, buf, 496, 0), 0);
	ck_assert_int_eq(read(peer, buf, sizeof(buf)), 496);

	ck_assert_int_eq(write(peer, "world!", 6), 6);
	ck_assert_int_eq(rproc_ept_recv(e, buf, sizeof(buf), &len, 1000), 0);
	ck_assert_uint_eq(len, 6);
	ck_assert_int_eq(memcmp(buf, "world!", 6), 0);
	/* an empty message is one */
	ck_assert_int_eq(write(peer, "", 0), 0);
	len = 99;
	ck_assert_int_eq(rproc_ept_recv(e, buf, sizeof(buf), &len, 1000), 0);
	ck_assert_uint_eq(len, 0);
	rproc_ept_unref(e);
	close(peer);
}
END_TEST

START_TEST(recv_short_buffer)
{
	struct rproc_ept *e = ept_pair(0);
	char buf[64];
	size_t len = 0;

	ck_assert_int_eq(write(peer, "0123456789", 10), 10);
	/* too short: said, with the length, and the message stays */
	ck_assert_int_eq(rproc_ept_recv(e, buf, 4, &len, 0), -EMSGSIZE);
	ck_assert_uint_eq(len, 10);
	ck_assert_int_eq(rproc_ept_recv(e, buf, sizeof(buf), &len, 0), 0);
	ck_assert_uint_eq(len, 10);
	ck_assert_int_eq(memcmp(buf, "0123456789", 10), 0);
	rproc_ept_unref(e);
	close(peer);
}
END_TEST

START_TEST(timeouts)
{
	struct rproc_ept *e = ept_pair(0);
	struct timespec t0;
	char buf[496];
	size_t len;
	long ms;
	int sent = 0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	ck_assert_int_eq(rproc_ept_recv(e, buf, sizeof(buf), &len, 0), -ETIMEDOUT);
	ck_assert_int_eq(rproc_ept_recv(e, buf, sizeof(buf), &len, 150), -ETIMEDOUT);
	ms = ms_since(&t0);
	ck_assert_msg(ms >= 140 && ms < 1000, "waited %ld ms for a 150 ms timeout", ms);

	/* fill what the peer does not read: then a send waits, and ends */
	memset(buf, 'y', sizeof(buf));
	while (rproc_ept_send(e, buf, sizeof(buf), 0) == 0)
		ck_assert_int_lt(++sent, 100000);
	ck_assert_int_gt(sent, 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ck_assert_int_eq(rproc_ept_send(e, buf, sizeof(buf), 100), -ETIMEDOUT);
	ms = ms_since(&t0);
	ck_assert_msg(ms >= 90 && ms < 1000, "waited %ld ms for a 100 ms timeout", ms);
	/* room again: a waiting send goes */
	ck_assert_int_eq(read(peer, buf, sizeof(buf)), 496);
	ck_assert_int_eq(rproc_ept_send(e, buf, sizeof(buf), 1000), 0);
	rproc_ept_unref(e);
	close(peer);
}
END_TEST

START_TEST(pollable)
{
	struct rproc_ept *e = ept_pair(0);
	struct pollfd p = { .fd = rproc_ept_get_fd(e), .events = POLLIN };

	ck_assert_int_eq(poll(&p, 1, 0), 0);
	ck_assert_int_eq(write(peer, "x", 1), 1);
	ck_assert_int_eq(poll(&p, 1, 1000), 1);
	ck_assert(p.revents & POLLIN);
	p.events = POLLOUT;
	ck_assert_int_eq(poll(&p, 1, 0), 1);
	rproc_ept_unref(e);
	close(peer);
}
END_TEST

START_TEST(peer_gone)
{
	struct rproc_ept *e = ept_pair(0);
	char buf[16];
	size_t len;

	close(peer);
	ck_assert_int_eq(rproc_ept_recv(e, buf, sizeof(buf), &len, 1000), -EPIPE);
	ck_assert_int_eq(rproc_ept_send(e, "x", 1, 1000), -EPIPE);
	rproc_ept_unref(e);
}
END_TEST

START_TEST(batch_both_ways)
{
	struct rproc_ept *e = ept_pair(0);
	struct rproc_msg m[64];
	char data[64][32], rx[64][32];
	size_t done, i;
	ssize_t n;

	for (i = 0; i < 64; i++) {
		snprintf(data[i], sizeof(data[i]), "message %zu", i);
		m[i] = (struct rproc_msg){ .buf = data[i], .len = strlen(data[i]),
					   .addr = RPROC_ADDR_ANY };
	}
	ck_assert_int_eq(rproc_ept_send_batch(e, m, 64, &done, 1000), 0);
	ck_assert_uint_eq(done, 64);
	for (i = 0; i < 64; i++) {
		n = read(peer, rx[0], sizeof(rx[0]));
		ck_assert_int_eq(n, (ssize_t)strlen(data[i]));
		ck_assert_int_eq(memcmp(rx[0], data[i], (size_t)n), 0);
	}

	/* 40 queued, 64 descriptors: the 40 that are there, without waiting */
	for (i = 0; i < 40; i++)
		ck_assert_int_eq(write(peer, data[i], strlen(data[i])), (ssize_t)strlen(data[i]));
	for (i = 0; i < 64; i++)
		m[i] = (struct rproc_msg){ .buf = rx[i], .size = sizeof(rx[i]) };
	ck_assert_int_eq(rproc_ept_recv_batch(e, m, 64, &done, 1000), 0);
	ck_assert_uint_eq(done, 40);
	for (i = 0; i < 40; i++) {
		ck_assert_uint_eq(m[i].len, strlen(data[i]));
		ck_assert_int_eq(memcmp(rx[i], data[i], m[i].len), 0);
	}
	/* nothing queued: the first waits, and times out */
	ck_assert_int_eq(rproc_ept_recv_batch(e, m, 64, &done, 50), -ETIMEDOUT);
	ck_assert_uint_eq(done, 0);
	/* a stand-in without the kernel's batch has no per-message address */
	m[0] = (struct rproc_msg){ .buf = data[0], .len = 3, .addr = 0x400 };
	ck_assert_int_eq(rproc_ept_send_batch(e, m, 1, &done, 0), -EOPNOTSUPP);
	m[0] = (struct rproc_msg){ .buf = data[0], .len = 3, .addr = RPROC_ADDR_ANY, .flags = 1 };
	ck_assert_int_eq(rproc_ept_send_batch(e, m, 1, &done, 0), -EINVAL);
	rproc_ept_unref(e);
	close(peer);
}
END_TEST

START_TEST(batch_stops_at_short_buffer)
{
	struct rproc_ept *e = ept_pair(0);
	struct rproc_msg m[3];
	char a[8], b[2], c[8];
	size_t done;

	ck_assert_int_eq(write(peer, "one", 3), 3);
	ck_assert_int_eq(write(peer, "three", 5), 5);
	m[0] = (struct rproc_msg){ .buf = a, .size = sizeof(a) };
	m[1] = (struct rproc_msg){ .buf = b, .size = sizeof(b) };
	m[2] = (struct rproc_msg){ .buf = c, .size = sizeof(c) };
	ck_assert_int_eq(rproc_ept_recv_batch(e, m, 3, &done, 0), 0);
	ck_assert_uint_eq(done, 1);
	/* the second stays queued; first of a batch now: -EMSGSIZE, its length */
	ck_assert_int_eq(rproc_ept_recv_batch(e, m + 1, 2, &done, 0), -EMSGSIZE);
	ck_assert_uint_eq(m[1].len, 5);
	rproc_ept_unref(e);
	close(peer);
}
END_TEST

static void pattern(uint8_t *b, size_t n, unsigned int seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		b[i] = (uint8_t)(i * 13 + seed);
}

START_TEST(fragments_end_to_end)
{
	struct rproc_ept *a, *b;
	static uint8_t tx[20000], rx[20000];
	size_t len, sizes[] = { 0, 1, 479, 480, 481, 5000, 20000 }, i;
	int sv[2];

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv), 0);
	ck_assert_int_eq(rproc_ept_new_from_fd(ctx, sv[0], RPROC_EPT_FRAGMENTS, &a), 0);
	ck_assert_int_eq(rproc_ept_new_from_fd(ctx, sv[1], RPROC_EPT_FRAGMENTS, &b), 0);
	ck_assert_uint_eq(rproc_ept_get_max_message(a), 1U << 20);
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		pattern(tx, sizes[i], (unsigned int)i);
		ck_assert_int_eq(rproc_ept_send(a, tx, sizes[i], 1000), 0);
		ck_assert_int_eq(rproc_ept_recv(b, rx, sizeof(rx), &len, 1000), 0);
		ck_assert_uint_eq(len, sizes[i]);
		ck_assert_int_eq(memcmp(rx, tx, len), 0);
	}
	/* a short buffer: -EMSGSIZE and the whole length, the message kept */
	ck_assert_int_eq(rproc_ept_send(a, tx, 5000, 1000), 0);
	ck_assert_int_eq(rproc_ept_recv(b, rx, 100, &len, 1000), -EMSGSIZE);
	ck_assert_uint_eq(len, 5000);
	ck_assert_int_eq(rproc_ept_recv(b, rx, sizeof(rx), &len, 1000), 0);
	ck_assert_uint_eq(len, 5000);
	/* over the receiver's limit: dropped, said, and the next one comes */
	ck_assert_int_eq(rproc_ept_set_max_message(b, 1000), 0);
	ck_assert_int_eq(rproc_ept_send(a, tx, 2000, 1000), 0);
	ck_assert_int_eq(rproc_ept_send(a, tx, 900, 1000), 0);
	ck_assert_int_eq(rproc_ept_recv(b, rx, sizeof(rx), &len, 1000), -EBADMSG);
	ck_assert_int_eq(rproc_ept_recv(b, rx, sizeof(rx), &len, 1000), 0);
	ck_assert_uint_eq(len, 900);
	rproc_ept_unref(b);
	rproc_ept_unref(a);
}
END_TEST

START_TEST(fragments_on_the_wire)
{
	struct rproc_ept *e = ept_pair(RPROC_EPT_FRAGMENTS);
	static uint8_t tx[1000], rx[600];
	struct frag_hdr h;
	size_t got = 0;
	ssize_t n;
	int frags = 0;

	pattern(tx, sizeof(tx), 7);
	ck_assert_int_eq(rproc_ept_send(e, tx, sizeof(tx), 1000), 0);
	/* 1000 bytes in 480-byte pieces: 3 fragments, each at most the MTU */
	while (got < sizeof(tx)) {
		n = read(peer, rx, sizeof(rx));
		ck_assert_int_le(n, 496);
		ck_assert_int_eq(frag_hdr_get(rx, (size_t)n, &h), 0);
		/* the documented layout: "RF", 1, 16, then little-endian words */
		ck_assert_int_eq(rx[0], 'R');
		ck_assert_int_eq(rx[1], 'F');
		ck_assert_int_eq(rx[2], 1);
		ck_assert_int_eq(rx[3], 16);
		ck_assert_uint_eq(h.total, 1000);
		ck_assert_uint_eq(h.offset, got);
		ck_assert_uint_eq(h.msg_id, 0);
		ck_assert_int_eq(memcmp(rx + 16, tx + got, (size_t)n - 16), 0);
		got += (size_t)n - 16;
		frags++;
	}
	ck_assert_int_eq(frags, 3);
	/* the next message has the next id */
	ck_assert_int_eq(rproc_ept_send(e, tx, 1, 1000), 0);
	ck_assert_int_eq(read(peer, rx, sizeof(rx)), 17);
	ck_assert_int_eq(frag_hdr_get(rx, 17, &h), 0);
	ck_assert_uint_eq(h.msg_id, 1);
	/* a peer's stray bytes (no header) are a lost message, said as such */
	ck_assert_int_eq(write(peer, "garbage", 7), 7);
	ck_assert_int_eq(rproc_ept_recv(e, rx, sizeof(rx), &got, 0), -EBADMSG);
	rproc_ept_unref(e);
	close(peer);
}
END_TEST

START_TEST(new_from_fd_checks)
{
	struct rproc_ept *e;

	ck_assert_int_eq(rproc_ept_new_from_fd(ctx, -1, 0, &e), -EINVAL);
	ck_assert_int_eq(rproc_ept_new_from_fd(ctx, 1000, 0, &e), -EBADF);
	ck_assert_int_eq(rproc_ept_new_from_fd(ctx, 0, RPROC_EPT_CREATE, &e), -EINVAL);
	e = ept_pair(0);
	/* not a fragmenting endpoint: no limit to set */
	ck_assert_int_eq(rproc_ept_set_max_message(e, 100), -EOPNOTSUPP);
	ck_assert_ptr_eq(rproc_ept_ref(e), e);
	rproc_ept_unref(e);
	/* one reference left: still open */
	ck_assert_int_eq(rproc_ept_send(e, "x", 1, 0), 0);
	rproc_ept_unref(e);
	close(peer);
}
END_TEST

static Suite *io_suite(void)
{
	Suite *s = suite_create("librproc-io");
	TCase *tc = tcase_create("socketpair");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, send_recv);
	tcase_add_test(tc, recv_short_buffer);
	tcase_add_test(tc, timeouts);
	tcase_add_test(tc, pollable);
	tcase_add_test(tc, peer_gone);
	tcase_add_test(tc, batch_both_ways);
	tcase_add_test(tc, batch_stops_at_short_buffer);
	tcase_add_test(tc, fragments_end_to_end);
	tcase_add_test(tc, fragments_on_the_wire);
	tcase_add_test(tc, new_from_fd_checks);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(io_suite)
