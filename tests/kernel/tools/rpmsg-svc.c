/*
 * rpmsg-svc - talk to the services of the kit's svc-interp firmware
 *
 *   rpmsg-svc [--timeout MS] --dev PATH cmd TEXT      (rpmsg-ctl)
 *   rpmsg-svc [--timeout MS] --dev PATH flood COUNT LEN  (rpmsg-flood)
 *   rpmsg-svc [--timeout MS] --dev PATH sink COUNT LEN   (rpmsg-sink)
 *
 * For the kernel tier's guest; the formats are tests/firmware/README.md's
 * (svc-interp).  PATH is an endpoint device of the service's channel.
 *
 * cmd: sends TEXT as one message, prints the one reply on stdout (a line).
 * flood: asks for COUNT messages of LEN bytes and checks each (sequence
 * number, pattern, length) and the "done COUNT" after them.
 * sink: reads the counter ("stats"), sends COUNT messages of LEN bytes,
 * reads it again: it must have grown by COUNT.
 * Every wait has a deadline (--timeout, per message, default 5000 ms).
 *
 * Exit status: 0 as expected (cmd: a reply came, whatever it says); 1 the
 * service answered wrong or not in time; 2 usage; 3 the device could not
 * be opened, read or written.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define PROG			"rpmsg-svc"

#define EXIT_WRONG		1
#define EXIT_USAGE		2
#define EXIT_SETUP		3

/* virtio_rpmsg_bus: 512-byte buffers, 16 of them for the header */
#define SVC_MTU			496
/* more than any message, so a read never falls short */
#define RX_SIZE			4096

static int timeout_ms = 5000;

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Wait for @events on @fd until the deadline: 0, -ETIMEDOUT or -errno. */
static int svc_wait(int fd, short events)
{
	struct pollfd p = { .fd = fd, .events = events };
	int n;

	do
		n = poll(&p, 1, timeout_ms);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	if (!n)
		return -ETIMEDOUT;
	if (p.revents & (POLLERR | POLLHUP | POLLNVAL))
		return -EPIPE;
	return 0;
}

/* One message out, waiting for a TX buffer as long as the deadline allows. */
static int svc_send(int fd, const void *buf, size_t len)
{
	int64_t end = now_ms() + timeout_ms;
	ssize_t n;
	int err;

	for (;;) {
		n = write(fd, buf, len);
		if (n == (ssize_t)len)
			return 0;
		if (n >= 0)
			return -EIO;
		err = -errno;
		/* stock rpmsg_char: no TX buffer is -ENOMEM with O_NONBLOCK */
		if (err != -EAGAIN && err != -ENOMEM)
			return err;
		if (now_ms() >= end)
			return -ETIMEDOUT;
		/* poll() may not say "writable" (mainline 6.1): a short nap */
		usleep(1000);
	}
}

/* One message in: its length, -ETIMEDOUT or -errno. */
static ssize_t svc_recv(int fd, void *buf, size_t size)
{
	ssize_t n;
	int err;

	for (;;) {
		n = read(fd, buf, size);
		if (n >= 0)
			return n;
		if (errno != EAGAIN && errno != EINTR)
			return -errno;
		err = svc_wait(fd, POLLIN);
		if (err)
			return err;
	}
}

/* A text reply as a string (NUL-terminated in @buf). */
static int svc_reply(int fd, char *buf, size_t size)
{
	ssize_t n = svc_recv(fd, buf, size - 1);

	if (n < 0)
		return (int)n;
	buf[n] = '\0';
	return 0;
}

static int do_cmd(int fd, const char *text)
{
	char reply[RX_SIZE];
	int err;

	err = svc_send(fd, text, strlen(text));
	if (err) {
		fprintf(stderr, PROG ": sending '%s': %s\n", text, strerror(-err));
		return EXIT_SETUP;
	}
	err = svc_reply(fd, reply, sizeof(reply));
	if (err) {
		fprintf(stderr, PROG ": no reply to '%s': %s\n", text, strerror(-err));
		return err == -ETIMEDOUT ? EXIT_WRONG : EXIT_SETUP;
	}
	printf("%s\n", reply);
	return 0;
}

static bool flood_ok(const uint8_t *m, size_t len, uint32_t seq)
{
	size_t i;

	if ((uint32_t)(m[0] | m[1] << 8 | m[2] << 16 | (uint32_t)m[3] << 24) != seq)
		return false;
	for (i = 4; i < len; i++)
		if (m[i] != (uint8_t)(seq + i))
			return false;
	return true;
}

static int do_flood(int fd, unsigned int count, unsigned int len)
{
	char req[64], reply[RX_SIZE], want[32];
	uint8_t m[RX_SIZE];
	int64_t t0 = now_ms();
	unsigned int seq;
	ssize_t n;
	int err;

	snprintf(req, sizeof(req), "%u %u", count, len);
	err = svc_send(fd, req, strlen(req));
	if (err) {
		fprintf(stderr, PROG ": sending '%s': %s\n", req, strerror(-err));
		return EXIT_SETUP;
	}
	for (seq = 0; seq < count; seq++) {
		n = svc_recv(fd, m, sizeof(m));
		if (n < 0) {
			fprintf(stderr, PROG ": flood message %u of %u: %s\n", seq, count,
				strerror((int)-n));
			return n == -ETIMEDOUT ? EXIT_WRONG : EXIT_SETUP;
		}
		if ((size_t)n != len || !flood_ok(m, (size_t)n, seq)) {
			fprintf(stderr, PROG ": flood message %u of %u: %zd bytes, %s\n", seq,
				count, n, (size_t)n == len ? "wrong contents" : "wrong length");
			return EXIT_WRONG;
		}
	}
	err = svc_reply(fd, reply, sizeof(reply));
	snprintf(want, sizeof(want), "done %u", count);
	if (err || strcmp(reply, want)) {
		fprintf(stderr, PROG ": after the flood: '%s' instead of '%s'\n",
			err ? strerror(-err) : reply, want);
		return EXIT_WRONG;
	}
	printf("%u messages of %u bytes in order, then '%s', in %" PRId64 " ms\n", count,
	       len, reply, now_ms() - t0);
	return 0;
}

/* The sink's counter: 0 and *rx, or an exit status. */
static int sink_stats(int fd, unsigned long *rx)
{
	char reply[RX_SIZE], end;
	int err;

	err = svc_send(fd, "stats", 5);
	if (err) {
		fprintf(stderr, PROG ": sending 'stats': %s\n", strerror(-err));
		return EXIT_SETUP;
	}
	err = svc_reply(fd, reply, sizeof(reply));
	if (err || sscanf(reply, "rx %lu%c", rx, &end) != 1) {
		fprintf(stderr, PROG ": 'stats' answered '%s'\n", err ? strerror(-err) : reply);
		return EXIT_WRONG;
	}
	return 0;
}

static int do_sink(int fd, unsigned int count, unsigned int len)
{
	unsigned long before, after;
	uint8_t m[SVC_MTU];
	int64_t t0;
	unsigned int i;
	int rc, err;

	rc = sink_stats(fd, &before);
	if (rc)
		return rc;
	memset(m, 'x', sizeof(m));
	t0 = now_ms();
	for (i = 0; i < count; i++) {
		err = svc_send(fd, m, len);
		if (err) {
			fprintf(stderr, PROG ": sink message %u of %u: %s\n", i, count,
				strerror(-err));
			return EXIT_SETUP;
		}
	}
	rc = sink_stats(fd, &after);
	if (rc)
		return rc;
	if (after - before != count) {
		fprintf(stderr, PROG ": the sink counted %lu of %u messages (rx %lu, then %lu)\n",
			after - before, count, before, after);
		return EXIT_WRONG;
	}
	printf("%u messages of %u bytes counted (rx %lu -> %lu) in %" PRId64 " ms\n", count,
	       len, before, after, now_ms() - t0);
	return 0;
}

static int parse_uint(const char *s, unsigned int max, unsigned int *v)
{
	unsigned long n;
	char *end;

	errno = 0;
	n = strtoul(s, &end, 0);
	if (errno || end == s || *end || n > max)
		return -EINVAL;
	*v = (unsigned int)n;
	return 0;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: " PROG " [--timeout MS] --dev PATH cmd TEXT\n"
		   "       " PROG " [--timeout MS] --dev PATH flood|sink COUNT LEN\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dev", required_argument, NULL, 'd' },
		{ "timeout", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	const char *dev = NULL, *what;
	unsigned int count = 0, len = 0, ms;
	int c, fd, rc;

	while ((c = getopt_long(argc, argv, "d:t:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			dev = optarg;
			break;
		case 't':
			if (parse_uint(optarg, 600000, &ms) || !ms) {
				fprintf(stderr, PROG ": --timeout: 1 to 600000 ms\n");
				return EXIT_USAGE;
			}
			timeout_ms = (int)ms;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (!dev || optind >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	what = argv[optind++];
	if (!strcmp(what, "cmd")) {
		if (argc - optind != 1) {
			usage(stderr);
			return EXIT_USAGE;
		}
	} else if (!strcmp(what, "flood") || !strcmp(what, "sink")) {
		if (argc - optind != 2 || parse_uint(argv[optind], 1000000, &count) ||
		    parse_uint(argv[optind + 1], SVC_MTU, &len) ||
		    len < (strcmp(what, "flood") ? 1u : 4u)) {
			fprintf(stderr, PROG ": %s COUNT LEN: COUNT up to 1000000, LEN %s to %u\n",
				what, strcmp(what, "flood") ? "1" : "4", SVC_MTU);
			return EXIT_USAGE;
		}
	} else {
		usage(stderr);
		return EXIT_USAGE;
	}
	fd = open(dev, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, PROG ": %s: %s\n", dev, strerror(errno));
		return EXIT_SETUP;
	}
	if (!strcmp(what, "cmd"))
		rc = do_cmd(fd, argv[optind]);
	else if (!strcmp(what, "flood"))
		rc = do_flood(fd, count, len);
	else
		rc = do_sink(fd, count, len);
	close(fd);
	return rc;
}
