// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * rprocctl ping RPROC SERVICE: round trips through a service that echoes
 * (the firmware kit's rpmsg-echo). One message in flight at a time; each
 * carries its sequence number and a pattern of its own, so a lost, late,
 * repeated or altered echo is told apart from a good one; every echo is
 * compared byte for byte.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ctl.h"
#include "log.h"

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void fill(uint8_t *buf, size_t len, uint32_t seq)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (uint8_t)(seq * 31u + i * 7u + 1u);
	for (i = 0; i < 4 && i < len; i++)
		buf[i] = (uint8_t)(seq >> (8 * i));
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

int ctl_ping(struct ctl *c, const char *rproc, const char *service)
{
	struct rproc_processor *p;
	struct rproc_ept *ept;
	uint8_t *tx = NULL, *rx = NULL;
	uint64_t *rtt = NULL, t0;
	unsigned int i, sent = 0, good = 0, bad = 0, lost = 0;
	size_t rxsize, len;
	int err, rc = CTL_EXIT_SYSTEM;

	err = rproc_processor_new(c->ctx, rproc, &p);
	if (err < 0) {
		ERR("%s: %s", rproc, err == -ENOENT ? "no such processor" : strerror(-err));
		return ctl_exit_of(err);
	}
	err = rproc_ept_open(p, service, RPROC_ADDR_ANY, 0, &ept);
	if (err < 0) {
		ERR("%s: service %s: %s", rproc, service,
		    err == -ENOENT ? "no such service, nor a device for it" : strerror(-err));
		rc = ctl_exit_of(err);
		goto unref_proc;
	}
	if (c->size > rproc_ept_get_max_message(ept)) {
		ERR("%s: service %s: --size %zu is over the endpoint's MTU, %u", rproc, service,
		    c->size, rproc_ept_get_mtu(ept));
		rc = CTL_EXIT_USAGE;
		goto unref_ept;
	}
	/* room for a longer echo than sent, to see it is longer */
	rxsize = rproc_ept_get_max_message(ept);
	tx = malloc(c->size);
	rx = malloc(rxsize);
	rtt = calloc(c->count, sizeof(*rtt));
	if (!tx || !rx || !rtt) {
		ERR("out of memory");
		goto free_bufs;
	}
	/* what an earlier user left queued is not an echo of ours */
	while (rproc_ept_recv(ept, rx, rxsize, &len, 0) == 0)
		;

	for (i = 0; i < c->count; i++) {
		fill(tx, c->size, i);
		t0 = now_ns();
		err = rproc_ept_send(ept, tx, c->size, c->timeout_ms);
		if (err < 0) {
			ERR("%s: %s: %s: send %u: %s", rproc, service, rproc_ept_get_path(ept), i,
			    strerror(-err));
			break;
		}
		sent++;
		err = rproc_ept_recv(ept, rx, rxsize, &len, c->timeout_ms);
		if (err == -ETIMEDOUT) {
			WRN("%s: %s: no echo of message %u in %d ms", rproc, service, i,
			    c->timeout_ms);
			lost++;
			/* the endpoint may be gone or the remote stuck: one more
			 * try, then stop rather than wait out every message */
			if (lost > 1 && good == 0)
				break;
			continue;
		}
		if (err < 0) {
			ERR("%s: %s: %s: receive %u: %s", rproc, service, rproc_ept_get_path(ept), i,
			    strerror(-err));
			break;
		}
		rtt[good] = now_ns() - t0;
		if (len != c->size || memcmp(rx, tx, len) != 0) {
			WRN("%s: %s: the echo of message %u differs (%zu bytes, sent %zu)", rproc,
			    service, i, len, c->size);
			bad++;
			continue;
		}
		good++;
	}
	if (good)
		qsort(rtt, good, sizeof(*rtt), cmp_u64);

	if (c->json) {
		fputs("{", stdout);
		json_key(stdout, "processor");
		json_string(stdout, rproc_processor_get_name(p));
		fputs(", ", stdout);
		json_key(stdout, "service");
		json_string(stdout, service);
		fputs(", ", stdout);
		json_key(stdout, "path");
		json_string(stdout, rproc_ept_get_path(ept));
		printf(", \"count\": %u, \"size\": %zu, \"sent\": %u, \"unchanged\": %u, "
		       "\"differed\": %u, \"lost\": %u", c->count, c->size, sent, good, bad, lost);
		if (good)
			printf(", \"rtt_us\": {\"min\": %.1f, \"median\": %.1f, \"max\": %.1f}",
			       rtt[0] / 1e3, rtt[good / 2] / 1e3, rtt[good - 1] / 1e3);
		fputs("}\n", stdout);
	} else {
		printf("%s %s through %s: %u of %u messages echoed unchanged (%zu bytes)",
		       rproc_processor_get_name(p), service,
		       *rproc_ept_get_path(ept) ? rproc_ept_get_path(ept) : "an endpoint fd",
		       good, c->count, c->size);
		if (good)
			printf(", round trip min %.1f us, median %.1f us, max %.1f us",
			       rtt[0] / 1e3, rtt[good / 2] / 1e3, rtt[good - 1] / 1e3);
		putchar('\n');
	}
	if (good == c->count)
		rc = CTL_EXIT_OK;
	else if (good == 0 && lost > 0 && bad == 0 && err == -ETIMEDOUT)
		rc = CTL_EXIT_TIMEOUT;
	else if (err < 0 && err != -ETIMEDOUT && sent < c->count)
		rc = ctl_exit_of(err);
	else
		rc = CTL_EXIT_FAILED;
free_bufs:
	free(rtt);
	free(rx);
	free(tx);
unref_ept:
	rproc_ept_unref(ept);
unref_proc:
	rproc_processor_unref(p);
	return rc;
}
