// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * rproc-lib-echo - echo messages through an rpmsg echo service with
 * librproc, and check each comes back unchanged
 *
 *   rproc-lib-echo [--count N] [--create] [--batch N] [--fragments] RPROC SERVICE
 *
 * For the kernel tier's guest (scenario 16-librproc), run as an
 * unprivileged user in group rpmsg: the endpoint is what rproc_ept_open()
 * finds for (RPROC, SERVICE) (the udev name), or with --create one it
 * makes through the processor's rpmsg_ctrl (an endpoint fd). Messages
 * vary in length (1 byte to the MTU, both ends first; with --fragments
 * up to 4 MTUs) and contents (index and pattern), so a lost, reordered,
 * cut or altered echo is told apart from a good one. --batch N sends N
 * messages per rproc_ept_send_batch() call and takes the echoes with
 * rproc_ept_recv_batch(). Every call has a timeout.
 *
 * Prints "N of N messages echoed unchanged through PATH (mtu M, ...) in
 * T ms". Exit status: 0 all came back unchanged; 1 an echo was missing or
 * different; 2 usage; 3 the endpoint could not be had or used.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rproc/rproc.h>

#define TIMEOUT_MS	2000
#define MAX_BATCH	64

static size_t msg_len(unsigned int i, size_t max)
{
	/* both ends first, then lengths spread over the range */
	if (i == 0)
		return 1;
	if (i == 1)
		return max;
	return 1 + (i * 97u) % max;
}

static void msg_fill(uint8_t *b, size_t len, unsigned int i)
{
	size_t j;

	for (j = 0; j < len; j++)
		b[j] = (uint8_t)(i * 29u + j * 3u);
	for (j = 0; j < 4 && j < len; j++)
		b[j] = (uint8_t)(i >> (8 * j));
}

static long ms_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "count", required_argument, NULL, 'c' },
		{ "create", no_argument, NULL, 'C' },
		{ "batch", required_argument, NULL, 'b' },
		{ "fragments", no_argument, NULL, 'f' },
		{ 0 }
	};
	static uint8_t tx[MAX_BATCH][4 * 4096], rx[MAX_BATCH][4 * 4096];
	struct rproc_msg m[MAX_BATCH];
	unsigned int count = 100, batch = 0, flags = 0, i, k, n, good = 0, bad = 0;
	struct rproc_processor *proc;
	struct rproc_ctx *ctx;
	struct rproc_ept *ept;
	size_t max, len, done, got;
	long t0;
	int opt, err, rc = 3;

	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'c':
			count = (unsigned int)strtoul(optarg, NULL, 10);
			break;
		case 'C':
			flags |= RPROC_EPT_CREATE;
			break;
		case 'b':
			batch = (unsigned int)strtoul(optarg, NULL, 10);
			break;
		case 'f':
			flags |= RPROC_EPT_FRAGMENTS;
			break;
		default:
			return 2;
		}
	}
	if (argc - optind != 2 || count == 0 || batch > MAX_BATCH) {
		fprintf(stderr, "usage: rproc-lib-echo [--count N] [--create] [--batch N<=64] "
			"[--fragments] RPROC SERVICE\n");
		return 2;
	}
	err = rproc_ctx_new(NULL, NULL, &ctx);
	if (err < 0)
		goto out;
	err = rproc_processor_new(ctx, argv[optind], &proc);
	if (err < 0)
		goto unref_ctx;
	err = rproc_ept_open(proc, argv[optind + 1], RPROC_ADDR_ANY, flags, &ept);
	if (err < 0)
		goto unref_proc;
	max = rproc_ept_get_mtu(ept);
	if (flags & RPROC_EPT_FRAGMENTS)
		max = 4 * (size_t)rproc_ept_get_mtu(ept);
	if (max > sizeof(tx[0])) {
		err = -EMSGSIZE;
		goto unref_ept;
	}

	t0 = ms_now();
	for (i = 0; i < count; i += n) {
		n = batch ? batch : 1;
		if (n > count - i)
			n = count - i;
		for (k = 0; k < n; k++) {
			msg_fill(tx[k], msg_len(i + k, max), i + k);
			m[k] = (struct rproc_msg){ .buf = tx[k], .len = msg_len(i + k, max),
						   .addr = RPROC_ADDR_ANY };
		}
		if (batch) {
			for (done = 0; done < n; done += got) {
				err = rproc_ept_send_batch(ept, m + done, n - done, &got, TIMEOUT_MS);
				if (err < 0)
					goto io_error;
			}
		} else {
			err = rproc_ept_send(ept, tx[0], m[0].len, TIMEOUT_MS);
			if (err < 0)
				goto io_error;
		}
		for (k = 0; k < n; k++)
			m[k] = (struct rproc_msg){ .buf = rx[k], .size = sizeof(rx[k]) };
		for (done = 0; done < n; done += got) {
			if (batch) {
				err = rproc_ept_recv_batch(ept, m + done, n - done, &got, TIMEOUT_MS);
			} else {
				err = rproc_ept_recv(ept, rx[0], sizeof(rx[0]), &len, TIMEOUT_MS);
				m[0].len = len;
				got = 1;
			}
			if (err < 0)
				goto io_error;
		}
		for (k = 0; k < n; k++) {
			len = msg_len(i + k, max);
			msg_fill(tx[k], len, i + k);
			if (m[k].len == len && memcmp(rx[k], tx[k], len) == 0) {
				good++;
			} else {
				bad++;
				fprintf(stderr, "rproc-lib-echo: message %u: %zu bytes back, %zu sent%s\n",
					i + k, m[k].len, len, m[k].len == len ? ", contents differ" : "");
			}
		}
	}
	printf("%u of %u messages echoed unchanged through %s (mtu %u%s%s) in %ld ms\n", good,
	       count, *rproc_ept_get_path(ept) ? rproc_ept_get_path(ept) : "an endpoint fd",
	       rproc_ept_get_mtu(ept), batch ? ", batches" : "",
	       flags & RPROC_EPT_FRAGMENTS ? ", fragments" : "", ms_now() - t0);
	rc = bad ? 1 : 0;
	goto unref_ept;

io_error:
	fprintf(stderr, "rproc-lib-echo: %s %s: message %u: %s\n", argv[optind], argv[optind + 1],
		i, strerror(-err));
	rc = err == -ETIMEDOUT ? 1 : 3;
	err = 0;
unref_ept:
	rproc_ept_unref(ept);
unref_proc:
	rproc_processor_unref(proc);
unref_ctx:
	rproc_ctx_unref(ctx);
out:
	if (err < 0)
		fprintf(stderr, "rproc-lib-echo: %s %s: %s\n", argv[optind], argv[optind + 1],
			strerror(-err));
	return rc;
}
