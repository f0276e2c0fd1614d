/*
 * rpmsg-echo - send messages through an rpmsg endpoint device and check
 * that each comes back unchanged
 *
 *   rpmsg-echo [OPTIONS] --ctrl /dev/rpmsg_ctrlN
 *   rpmsg-echo [OPTIONS] --dev /dev/rpmsgN
 *
 * For the kernel tier's guest (tests/kernel/guest/), with a firmware that
 * sends every message back to its source (tests/firmware/src/echo.c).
 * With --ctrl, rpmsg_ctrl makes an endpoint device for a channel name and
 * remote address (RPMSG_CREATE_EPT_IOCTL), which is used and destroyed
 * again; with --dev, an endpoint device that exists is used, such as the
 * one rpmsg_char makes for a channel the remote announced ("rpmsg-raw").
 *
 * Messages vary in length (1 byte to the largest payload, both ends
 * first) and contents (an index and a pattern of their own), so a lost,
 * repeated, reordered, truncated or altered echo is told apart from a good
 * one.  One message is in flight at a time; every send and every echo has
 * a deadline, so nothing hangs on a remote that stopped.
 *
 * Exit status: 0 every message came back unchanged and nothing more came;
 * 1 an echo was missing, late, different or extra; 2 usage; 3 the
 * endpoint could not be set up or used (open, ioctl, read, write).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include <linux/rpmsg.h>

#include "rpmsg-tool.h"

#define PROG			"rpmsg-echo"

#define EXIT_ECHO_FAILED	1
#define EXIT_USAGE		2
#define EXIT_SETUP		3

/* virtio_rpmsg_bus: 512-byte buffers, 16 of them for the header */
#define RPMSG_MAX_PAYLOAD	496
/* what is read at once: more than any payload, so nothing is cut */
#define RX_SIZE			4096
/* how long to wait for an echo nobody asked for, after the last one */
#define EXTRA_WAIT_MS		200
#define MAX_EPTS		64

struct echo_opts {
	const char *ctrl;		/* rpmsg_ctrl device, or NULL */
	const char *dev;		/* endpoint device, or NULL */
	char name[32];			/* channel name for --ctrl */
	uint32_t src, dst;		/* addresses for --ctrl */
	unsigned int count;
	unsigned int max_len;
	int timeout_ms;			/* per send and per echo */
	bool verbose;
};

struct echo_ept {
	int fd;
	bool created;			/* by us through rpmsg_ctrl: destroy it */
	char path[PATH_MAX];
};

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- sysfs: which endpoint devices a device has ------------------------ */

/* The sysfs directory of character device @path: /sys/dev/char/M:m. */
static int sysfs_dir_of(const char *path, char *dir, size_t size)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return -errno;
	if (!S_ISCHR(st.st_mode))
		return -ENOTTY;
	snprintf(dir, size, "/sys/dev/char/%u:%u", major(st.st_rdev), minor(st.st_rdev));
	return 0;
}

/* An attribute of a sysfs directory, its newline dropped; "" if none. */
static void sysfs_attr(const char *dir, const char *attr, char *buf, size_t size)
{
	char path[PATH_MAX];
	ssize_t n;
	int fd;

	buf[0] = '\0';
	snprintf(path, sizeof(path), "%s/%s", dir, attr);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n <= 0)
		return;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
}

/* ---- the endpoint ------------------------------------------------------ */

static int ept_open_dev(struct echo_ept *e, const char *path)
{
	snprintf(e->path, sizeof(e->path), "%s", path);
	/* non-blocking: every wait is a poll() with a deadline */
	e->fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (e->fd < 0) {
		int err = -errno;

		fprintf(stderr, PROG ": %s: %s\n", path, strerror(-err));
		return err;
	}
	return 0;
}

/*
 * RPMSG_CREATE_EPT_IOCTL answers 0 and no name: the new device is the
 * rpmsgN child of the control device that was not there before.  Its
 * node is created with it (devtmpfs); udev may still be at work on it,
 * which does not matter for opening it.
 */
static int ept_create(struct echo_ept *e, const struct echo_opts *o)
{
	struct rpmsg_endpoint_info info = { .src = o->src, .dst = o->dst };
	unsigned int before[MAX_EPTS], after[MAX_EPTS];
	char dir[PATH_MAX], node[PATH_MAX];
	int ctrl_fd, nb, na, i, err;

	memcpy(info.name, o->name, sizeof(info.name));
	err = sysfs_dir_of(o->ctrl, dir, sizeof(dir));
	if (err < 0) {
		fprintf(stderr, PROG ": %s: %s\n", o->ctrl, strerror(-err));
		return err;
	}
	nb = rpmsg_tool_ept_children(dir, before, MAX_EPTS);
	if (nb < 0) {
		fprintf(stderr, PROG ": %s: %s\n", dir, strerror(-nb));
		return nb;
	}
	ctrl_fd = open(o->ctrl, O_RDWR | O_CLOEXEC);
	if (ctrl_fd < 0) {
		err = -errno;
		fprintf(stderr, PROG ": %s: %s\n", o->ctrl, strerror(-err));
		return err;
	}
	if (ioctl(ctrl_fd, RPMSG_CREATE_EPT_IOCTL, &info) < 0) {
		err = -errno;
		fprintf(stderr, PROG ": %s: RPMSG_CREATE_EPT_IOCTL %s src 0x%x dst 0x%x: %s\n",
			o->ctrl, o->name, o->src, o->dst, strerror(-err));
		goto close_ctrl;
	}
	na = rpmsg_tool_ept_children(dir, after, MAX_EPTS);
	err = -ENODEV;
	for (i = 0; i < na; i++) {
		if (rpmsg_tool_idx_in(after[i], before, nb))
			continue;
		snprintf(node, sizeof(node), "/dev/rpmsg%u", after[i]);
		err = ept_open_dev(e, node);
		if (!err)
			e->created = true;
		break;
	}
	if (err == -ENODEV)
		fprintf(stderr, PROG ": %s: RPMSG_CREATE_EPT_IOCTL made no new rpmsgN under %s\n",
			o->ctrl, dir);
close_ctrl:
	/* the endpoint device outlives the control device's file */
	close(ctrl_fd);
	return err;
}

static void ept_describe(const struct echo_ept *e)
{
	char dir[PATH_MAX], name[64], src[32], dst[32];

	if (sysfs_dir_of(e->path, dir, sizeof(dir)) < 0)
		return;
	sysfs_attr(dir, "name", name, sizeof(name));
	sysfs_attr(dir, "src", src, sizeof(src));
	sysfs_attr(dir, "dst", dst, sizeof(dst));
	printf(PROG ": %s: channel %s, src %s, dst %s%s\n", e->path, name, src, dst,
	       e->created ? " (made through rpmsg_ctrl)" : "");
}

/* An endpoint we made goes away with us; an announced channel's stays. */
static void ept_close(struct echo_ept *e)
{
	if (e->fd < 0)
		return;
	if (e->created && ioctl(e->fd, RPMSG_DESTROY_EPT_IOCTL) < 0)
		fprintf(stderr, PROG ": %s: RPMSG_DESTROY_EPT_IOCTL: %s\n", e->path,
			strerror(errno));
	close(e->fd);
	e->fd = -1;
}

/* ---- messages ---------------------------------------------------------- */

/*
 * Message @i: both lengths at the edges first (1 byte and the largest
 * payload), then lengths spread over the whole range by a multiplicative
 * step, so 100 messages see short, long and odd sizes.
 */
static size_t msg_len(unsigned int i, unsigned int max)
{
	static const unsigned int edge[] = { 1, 0, 2, 3, 4, 15, 16, 17 };

	if (i < sizeof(edge) / sizeof(edge[0])) {
		unsigned int len = edge[i] ? edge[i] : max;

		return len <= max ? len : max;
	}
	return 1 + (size_t)((i * 2654435761u) % max);
}

/* Its contents: the index in the first bytes, then a pattern of its own. */
static void msg_fill(uint8_t *buf, size_t len, unsigned int i)
{
	uint32_t x = 0x9e3779b9u ^ (i * 0x85ebca6bu);
	size_t j;

	for (j = 0; j < len; j++) {
		if (j < 4) {
			buf[j] = (uint8_t)(i >> (8 * j));
			continue;
		}
		x = x * 1664525u + 1013904223u;
		buf[j] = (uint8_t)(x >> 24);
	}
}

static int msg_send(int fd, const uint8_t *buf, size_t len, int64_t deadline)
{
	ssize_t n;

	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLOUT };
		int64_t left;

		n = write(fd, buf, len);
		if (n >= 0)
			return (size_t)n == len ? 0 : -EIO;
		if (errno != EAGAIN && errno != EINTR)
			return -errno;
		/* no transmit buffer free: wait, in short steps (see main) */
		left = deadline - now_ms();
		if (left <= 0)
			return -ETIMEDOUT;
		if (poll(&p, 1, left < 10 ? (int)left : 10) < 0 && errno != EINTR)
			return -errno;
	}
}

/* One message into @buf; its length, or -ETIMEDOUT at @deadline. */
static ssize_t msg_recv(int fd, uint8_t *buf, size_t size, int64_t deadline)
{
	ssize_t n;

	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		int64_t left = deadline - now_ms();
		int r;

		if (left < 0)
			left = 0;
		r = poll(&p, 1, (int)left);
		if (r < 0 && errno != EINTR)
			return -errno;
		if (r == 0)
			return -ETIMEDOUT;
		if (r < 0)
			continue;
		if (p.revents & (POLLERR | POLLHUP | POLLNVAL))
			return -EPIPE;	/* the endpoint went away */
		n = read(fd, buf, size);
		if (n >= 0)
			return n;
		if (errno != EAGAIN && errno != EINTR)
			return -errno;
	}
}

static void hex_head(const char *what, const uint8_t *buf, size_t len)
{
	size_t j;

	fprintf(stderr, PROG ":   %s:", what);
	for (j = 0; j < len && j < 16; j++)
		fprintf(stderr, " %02x", buf[j]);
	fprintf(stderr, "%s\n", len > 16 ? " ..." : "");
}

/* Say how echo @got of message @i (of @count) differs from what was sent. */
static void msg_diff(unsigned int i, unsigned int count, const uint8_t *sent, size_t len,
		     const uint8_t *got, size_t got_len)
{
	uint32_t other;
	size_t j;

	for (j = 0; j < len && j < got_len && sent[j] == got[j]; j++)
		;
	if (got_len != len)
		fprintf(stderr, PROG ": message %u: sent %zu bytes, the echo has %zu\n", i, len,
			got_len);
	else
		fprintf(stderr, PROG ": message %u: %zu bytes, the echo differs from byte %zu on"
			" (0x%02x sent, 0x%02x back)\n", i, len, j, sent[j], got[j]);
	/* the echo of another message: lost or repeated ones before */
	if (len >= 4 && got_len >= 4 && memcmp(sent, got, 4)) {
		other = got[0] | got[1] << 8 | got[2] << 16 | (uint32_t)got[3] << 24;
		if (other < count)
			fprintf(stderr, PROG ":   the echo starts as message %" PRIu32 " does\n",
				other);
	}
	hex_head("sent", sent, len);
	hex_head("back", got, got_len);
}

/*
 * Send message @i and check its echo; 0, -ETIMEDOUT, -EBADMSG (different
 * echo) or another -errno from the device.
 */
static int echo_one(int fd, const struct echo_opts *o, unsigned int i, uint8_t *tx,
		    uint8_t *rx)
{
	size_t len = msg_len(i, o->max_len);
	ssize_t n;
	int err;

	msg_fill(tx, len, i);
	err = msg_send(fd, tx, len, now_ms() + o->timeout_ms);
	if (err) {
		fprintf(stderr, PROG ": message %u (%zu bytes): send: %s\n", i, len,
			err == -ETIMEDOUT ? "no transmit buffer in time" : strerror(-err));
		return err;
	}
	n = msg_recv(fd, rx, RX_SIZE, now_ms() + o->timeout_ms);
	if (n < 0) {
		if (n == -ETIMEDOUT)
			fprintf(stderr, PROG ": message %u (%zu bytes): no echo within %d ms\n", i,
				len, o->timeout_ms);
		else
			fprintf(stderr, PROG ": message %u (%zu bytes): read: %s\n", i, len,
				n == -EPIPE ? "the endpoint went away" : strerror((int)-n));
		return (int)n;
	}
	if ((size_t)n != len || memcmp(tx, rx, len)) {
		msg_diff(i, o->count, tx, len, rx, (size_t)n);
		return -EBADMSG;
	}
	if (o->verbose)
		printf(PROG ": message %u: %zu bytes echoed\n", i, len);
	return 0;
}

/* Nothing may come after the last echo: a remote that echoes twice. */
static int echo_none_extra(int fd, uint8_t *rx)
{
	ssize_t n = msg_recv(fd, rx, RX_SIZE, now_ms() + EXTRA_WAIT_MS);

	if (n == -ETIMEDOUT)
		return 0;
	if (n < 0)
		return (int)n;
	fprintf(stderr, PROG ": an extra message of %zd bytes came after the last echo\n", n);
	hex_head("extra", rx, (size_t)n);
	return -EBADMSG;
}

struct echo_stats {
	unsigned int done;		/* messages echoed unchanged */
	size_t bytes, shortest, longest;
};

static int echo_run(int fd, const struct echo_opts *o, struct echo_stats *st)
{
	uint8_t tx[RPMSG_MAX_PAYLOAD], rx[RX_SIZE];
	unsigned int i;
	size_t len;
	int err;

	for (i = 0; i < o->count; i++) {
		err = echo_one(fd, o, i, tx, rx);
		if (err)
			return err;
		len = msg_len(i, o->max_len);
		st->done++;
		st->bytes += len;
		if (!st->shortest || len < st->shortest)
			st->shortest = len;
		if (len > st->longest)
			st->longest = len;
	}
	return echo_none_extra(fd, rx);
}

/* ---- command line ------------------------------------------------------ */

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: " PROG " [OPTIONS] --ctrl /dev/rpmsg_ctrlN\n"
		"       " PROG " [OPTIONS] --dev /dev/rpmsgN\n"
		"Send messages through an rpmsg endpoint device; each must come back unchanged.\n"
		"\n"
		"  -c, --ctrl=PATH     make an endpoint device with RPMSG_CREATE_EPT_IOCTL on\n"
		"                      this rpmsg_ctrl device, use it, destroy it at the end\n"
		"  -d, --dev=PATH      use this endpoint device (one rpmsg_char made for an\n"
		"                      announced channel, say)\n"
		"  -N, --name=NAME     channel name for --ctrl (default rpmsg-raw)\n"
		"  -a, --dst=ADDR      remote address for --ctrl (default 0x400)\n"
		"  -s, --src=ADDR      local address for --ctrl (default: any)\n"
		"  -n, --count=N       messages to send (default 100)\n"
		"  -m, --max=BYTES     largest payload, 1 to %d (default %d)\n"
		"  -t, --timeout=MS    for each send and each echo (default 10000)\n"
		"  -v, --verbose       a line per message\n"
		"  -h, --help          this text\n"
		"\n"
		"Lengths run from 1 byte to the largest payload, contents differ per message;\n"
		"every echo is compared byte for byte, and nothing may come after the last.\n"
		"Exit status: 0 every message came back unchanged; 1 an echo was missing,\n"
		"late, different or extra; 2 usage; 3 the endpoint could not be set up or used.\n",
		RPMSG_MAX_PAYLOAD, RPMSG_MAX_PAYLOAD);
}

static int strparse_u32(const char *s, uint32_t *v)
{
	unsigned long long x;
	char *end;

	errno = 0;
	x = strtoull(s, &end, 0);
	if (errno || end == s || *end || x > UINT32_MAX || s[0] == '-')
		return -EINVAL;
	*v = (uint32_t)x;
	return 0;
}

static int parse_args(int argc, char **argv, struct echo_opts *o)
{
	static const struct option longopts[] = {
		{ "ctrl", required_argument, NULL, 'c' },
		{ "dev", required_argument, NULL, 'd' },
		{ "name", required_argument, NULL, 'N' },
		{ "dst", required_argument, NULL, 'a' },
		{ "src", required_argument, NULL, 's' },
		{ "count", required_argument, NULL, 'n' },
		{ "max", required_argument, NULL, 'm' },
		{ "timeout", required_argument, NULL, 't' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	uint32_t v;
	int c;

	while ((c = getopt_long(argc, argv, "c:d:N:a:s:n:m:t:vh", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			o->ctrl = optarg;
			break;
		case 'd':
			o->dev = optarg;
			break;
		case 'N':
			if (!optarg[0] || strlen(optarg) >= sizeof(o->name)) {
				fprintf(stderr, PROG ": --name: 1 to %zu characters\n",
					sizeof(o->name) - 1);
				return -EINVAL;
			}
			memset(o->name, 0, sizeof(o->name));
			memcpy(o->name, optarg, strlen(optarg));
			break;
		case 'a':
		case 's':
			if (strparse_u32(optarg, c == 'a' ? &o->dst : &o->src)) {
				fprintf(stderr, PROG ": %s: not an address\n", optarg);
				return -EINVAL;
			}
			break;
		case 'n':
		case 'm':
		case 't':
			if (strparse_u32(optarg, &v) || v == 0 || v > INT_MAX ||
			    (c == 'm' && v > RPMSG_MAX_PAYLOAD)) {
				fprintf(stderr, PROG ": -%c %s: out of range\n", c, optarg);
				return -EINVAL;
			}
			if (c == 'n')
				o->count = v;
			else if (c == 'm')
				o->max_len = v;
			else
				o->timeout_ms = (int)v;
			break;
		case 'v':
			o->verbose = true;
			break;
		case 'h':
			usage(stdout);
			exit(EXIT_SUCCESS);
		default:
			return -EINVAL;
		}
	}
	if (optind != argc || !o->ctrl == !o->dev) {
		fprintf(stderr, PROG ": one of --ctrl or --dev, and no other argument\n");
		return -EINVAL;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct echo_opts o = {
		.name = "rpmsg-raw",
		.src = RPMSG_ADDR_ANY,
		.dst = 0x400,
		.count = 100,
		.max_len = RPMSG_MAX_PAYLOAD,
		.timeout_ms = 10000,
	};
	struct echo_ept e = { .fd = -1 };
	struct echo_stats st = { 0 };
	int64_t t0;
	int err;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (parse_args(argc, argv, &o)) {
		fprintf(stderr, "Try '" PROG " --help'.\n");
		return EXIT_USAGE;
	}
	err = o.ctrl ? ept_create(&e, &o) : ept_open_dev(&e, o.dev);
	if (err)
		return EXIT_SETUP;
	ept_describe(&e);

	t0 = now_ms();
	err = echo_run(e.fd, &o, &st);
	ept_close(&e);
	if (err) {
		printf(PROG ": FAIL after %u of %u messages echoed unchanged through %s: %s\n",
		       st.done, o.count, e.path, strerror(-err));
		return err == -ETIMEDOUT || err == -EBADMSG ? EXIT_ECHO_FAILED : EXIT_SETUP;
	}
	printf(PROG ": %u of %u messages echoed unchanged through %s (%zu bytes, %zu to %zu"
	       " each) in %" PRId64 " ms\n", st.done, o.count, e.path, st.bytes, st.shortest,
	       st.longest, now_ms() - t0);
	return EXIT_SUCCESS;
}
