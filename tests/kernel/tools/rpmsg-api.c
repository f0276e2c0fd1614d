/*
 * rpmsg-api - check the rpmsg_char interface of issue 13 against a running
 * firmware (tests/firmware: arm/svc-interp.elf, rpmsg-echo at 0x400 and
 * rpmsg-ctl at 0x401)
 *
 *   rpmsg-api --ctrl /dev/rpmsg_ctrlN [--dev /dev/rpmsgN] [--state PATH] TEST
 *
 * Tests (each prints what it saw, then "ok TEST: ..." on success):
 *   ctl CMD   send CMD to rpmsg-ctl, print its reply (exit 1 unless "ok ...")
 *   mtu       RPMSG_GET_MTU_IOCTL on an endpoint fd (and --dev): prints it
 *   fd        endpoints as anonymous fds (RPMSG_CREATE_EPT_FD_IOCTL): an
 *             echo, flags, a fixed address busy while open and free once
 *             closed, RPMSG_DESTROY_EPT_IOCTL refused, no class device made
 *   emsgsize  a read shorter than the message: EMSGSIZE, the message stays
 *             (RPMSG_GET_NEXT_SIZE_IOCTL says its length), then read whole;
 *             the same with RPMSG_RECV_BATCH_IOCTL (on --dev too)
 *   batch     64 messages in one RPMSG_SEND_BATCH_IOCTL to rpmsg-echo, their
 *             64 echoes in one RPMSG_RECV_BATCH_IOCTL, compared; the size
 *             rules of struct rpmsg_batch and struct rpmsg_msg_desc
 *   poll      "hold MS" to rpmsg-ctl, then non-blocking writes until EAGAIN
 *             (the TX ring is full): poll() says no EPOLLOUT, blocks, and
 *             wakes with EPOLLOUT when the firmware frees buffers
 *   hup       fds open across a stop (--state: written "stop"): a poll()
 *             blocked at the time wakes with EPOLLHUP, read and write EPIPE
 *
 * Exit status: 0 passed; 1 a check failed; 2 usage; 3 setup (open, ioctl
 * that must work to test anything).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <dirent.h>

#include <linux/rpmsg.h>

#include "rpmsg-tool.h"

#define PROG		"rpmsg-api"
#define EXIT_CHECK	1
#define EXIT_USAGE	2
#define EXIT_SETUP	3

#define ECHO_ADDR	0x400
#define CTL_ADDR	0x401
#define MTU		496
#define BATCH		64
#define TIMEOUT_MS	10000

static const char *opt_ctrl, *opt_dev, *opt_state;
static int ctrl_fd = -1;

#define say(...)	(printf(PROG ": " __VA_ARGS__), putchar('\n'), fflush(stdout))
#define check_fail(...)	do { say("FAIL: " __VA_ARGS__); exit(EXIT_CHECK); } while (0)
#define setup_fail(...)	do { say("error: " __VA_ARGS__); exit(EXIT_SETUP); } while (0)
#define check(cond, ...) do { if (!(cond)) check_fail(__VA_ARGS__); } while (0)

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* An endpoint fd through the control device: the fd, or -errno. */
static int ept_fd_new(const char *name, uint32_t src, uint32_t dst, uint32_t flags)
{
	struct rpmsg_endpoint_fd_info info;
	int fd;

	memset(&info, 0, sizeof(info));
	snprintf(info.name, sizeof(info.name), "%s", name);
	info.src = src;
	info.dst = dst;
	info.flags = flags;
	info.fd = -1;
	fd = ioctl(ctrl_fd, RPMSG_CREATE_EPT_FD_IOCTL, &info);
	if (fd < 0)
		return -errno;
	check(info.fd == fd, "RPMSG_CREATE_EPT_FD_IOCTL returned %d but wrote fd %d", fd, info.fd);
	return fd;
}

static int ept_fd_must(const char *name, uint32_t dst)
{
	int fd = ept_fd_new(name, RPMSG_ADDR_ANY, dst, O_CLOEXEC);

	if (fd < 0)
		setup_fail("RPMSG_CREATE_EPT_FD_IOCTL %s 0x%x: %s", name, dst, strerror(-fd));
	return fd;
}

/* poll @fd for @events at most @ms: revents, 0 on timeout */
static short wait_ev(int fd, short events, int ms)
{
	struct pollfd p = { .fd = fd, .events = events };
	int n;

	do
		n = poll(&p, 1, ms);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		setup_fail("poll: %s", strerror(errno));
	return n ? p.revents : 0;
}

/* one message, waiting at most TIMEOUT_MS: its length, or -errno */
static ssize_t recv_msg(int fd, void *buf, size_t size)
{
	ssize_t n;

	if (!(wait_ev(fd, POLLIN, TIMEOUT_MS) & POLLIN))
		return -ETIMEDOUT;
	n = read(fd, buf, size);
	return n < 0 ? -errno : n;
}

static void send_must(int fd, const void *buf, size_t len)
{
	ssize_t n = write(fd, buf, len);

	if (n != (ssize_t)len)
		check_fail("write of %zu bytes: %s", len, n < 0 ? strerror(errno) : "short");
}

/* message @seq's contents: its index, then a pattern of its own */
static size_t pattern(uint8_t *buf, unsigned int seq)
{
	size_t len = 1 + (seq * 37) % MTU, i;

	if (seq == 0)
		len = MTU;
	for (i = 0; i < len; i++)
		buf[i] = (uint8_t)(seq * 7 + i * 13);
	if (len >= 2) {
		buf[0] = (uint8_t)seq;
		buf[1] = (uint8_t)(seq >> 8);
	}
	return len;
}

/* rpmsg-ctl: CMD, its one-line reply in @reply */
static void ctl(const char *cmd, char *reply, size_t size)
{
	int fd = ept_fd_must("rpmsg-ctl", CTL_ADDR);
	ssize_t n;

	send_must(fd, cmd, strlen(cmd));
	n = recv_msg(fd, reply, size - 1);
	if (n < 0)
		check_fail("no reply from rpmsg-ctl to '%s': %s", cmd, strerror(-n));
	reply[n] = '\0';
	close(fd);
}

static int test_ctl(const char *cmd)
{
	char reply[512];

	ctl(cmd, reply, sizeof(reply));
	say("'%s' -> '%s'", cmd, reply);
	check(!strncmp(reply, "ok ", 3), "rpmsg-ctl refused '%s': %s", cmd, reply);
	printf("ok ctl: %s\n", reply);
	return 0;
}

static uint32_t mtu_of(int fd, const char *what)
{
	uint32_t mtu = 0;

	if (ioctl(fd, RPMSG_GET_MTU_IOCTL, &mtu) < 0)
		check_fail("RPMSG_GET_MTU_IOCTL on %s: %s", what, strerror(errno));
	return mtu;
}

static int test_mtu(void)
{
	int fd = ept_fd_must("rpmsg-echo", ECHO_ADDR);
	uint32_t mtu = mtu_of(fd, "an endpoint fd"), dmtu = 0;
	uint8_t big[MTU + 1];
	int dfd;

	say("MTU on an endpoint fd: %u", mtu);
	/* the MTU is what write() takes: one byte more is EMSGSIZE */
	memset(big, 0xa5, sizeof(big));
	check(write(fd, big, mtu + 1) < 0 && errno == EMSGSIZE,
	      "a write of MTU + 1 = %u bytes was not refused with EMSGSIZE", mtu + 1);
	send_must(fd, big, mtu);
	check(recv_msg(fd, big, sizeof(big)) == (ssize_t)mtu, "no echo of %u bytes", mtu);
	close(fd);
	if (opt_dev) {
		dfd = open(opt_dev, O_RDWR | O_CLOEXEC);
		if (dfd < 0)
			setup_fail("%s: %s", opt_dev, strerror(errno));
		dmtu = mtu_of(dfd, opt_dev);
		say("MTU on %s: %u", opt_dev, dmtu);
		check(dmtu == mtu, "%s's MTU %u differs from the fd's %u", opt_dev, dmtu, mtu);
		close(dfd);
	}
	printf("ok mtu: %u\n", mtu);
	return 0;
}

/* the entries of /sys/class/rpmsg */
static int class_devs(void)
{
	DIR *d = opendir("/sys/class/rpmsg");
	struct dirent *e;
	int n = 0;

	if (!d)
		setup_fail("/sys/class/rpmsg: %s", strerror(errno));
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

static int test_fd(void)
{
	int devs0 = class_devs(), fd, fd2, again;
	uint8_t buf[MTU], got[MTU];
	size_t len = pattern(buf, 5);
	ssize_t n;

	/* a fixed local address: taken while the fd is open */
	fd = ept_fd_new("rpmsg-echo", 0x600, ECHO_ADDR, 0);
	if (fd < 0)
		setup_fail("RPMSG_CREATE_EPT_FD_IOCTL src 0x600: %s", strerror(-fd));
	check(class_devs() == devs0, "an endpoint fd made a class device");
	send_must(fd, buf, len);
	n = recv_msg(fd, got, sizeof(got));
	check(n == (ssize_t)len && !memcmp(buf, got, len), "the echo through the fd differs (%zd bytes)", n);
	fd2 = ept_fd_new("rpmsg-echo", 0x600, ECHO_ADDR, 0);
	check(fd2 < 0, "a second endpoint at 0x600 while the first is open");
	say("second endpoint at 0x600 while open: %s", strerror(-fd2));
	check(ioctl(fd, RPMSG_DESTROY_EPT_IOCTL) < 0 && errno == EINVAL,
	      "RPMSG_DESTROY_EPT_IOCTL on an endpoint fd was not refused with EINVAL");
	check(!(fcntl(fd, F_GETFD) & FD_CLOEXEC), "no O_CLOEXEC asked, FD_CLOEXEC set");
	close(fd);
	/* closing it destroyed the endpoint: the address is free again */
	again = ept_fd_new("rpmsg-echo", 0x600, ECHO_ADDR, O_NONBLOCK | O_CLOEXEC);
	check(again >= 0, "0x600 still taken after close: %s", strerror(-again));
	check(fcntl(again, F_GETFD) & FD_CLOEXEC, "O_CLOEXEC asked, no FD_CLOEXEC");
	check(fcntl(again, F_GETFL) & O_NONBLOCK, "O_NONBLOCK asked, not in the file's flags");
	check(read(again, got, sizeof(got)) < 0 && errno == EAGAIN,
	      "a non-blocking read with nothing queued did not say EAGAIN");
	close(again);
	n = ept_fd_new("rpmsg-echo", RPMSG_ADDR_ANY, ECHO_ADDR, O_APPEND);
	check(n == -EINVAL, "flags O_APPEND not refused with EINVAL (%zd)", n);
	check(class_devs() == devs0, "class devices %d, before %d", class_devs(), devs0);

	/* create + echo + close, many times: nothing left behind */
	for (int i = 0; i < 100; i++) {
		fd = ept_fd_new("rpmsg-echo", 0x601, ECHO_ADDR, O_CLOEXEC);
		check(fd >= 0, "endpoint %d at 0x601: %s", i, strerror(-fd));
		close(fd);
	}
	check(class_devs() == devs0, "class devices %d after 100 fds, before %d", class_devs(), devs0);
	printf("ok fd: echo, address busy while open and free after close, flags, DESTROY_EPT refused, 100 create/close, no class device (%d)\n",
	       devs0);
	return 0;
}

static void emsgsize_on(int fd, const char *what)
{
	uint8_t buf[MTU], got[MTU];
	struct rpmsg_msg_desc d;
	struct rpmsg_batch b;
	size_t len = 100;
	uint32_t next = 0;
	ssize_t n;

	memset(buf, 0x5a, len);
	buf[0] = 1;
	send_must(fd, buf, len);
	check(wait_ev(fd, POLLIN, TIMEOUT_MS) & POLLIN, "%s: no echo", what);
	check(ioctl(fd, RPMSG_GET_NEXT_SIZE_IOCTL, &next) == 0 && next == len,
	      "%s: RPMSG_GET_NEXT_SIZE_IOCTL: %u, expected %zu", what, next, len);
	n = read(fd, got, len - 50);
	check(n < 0 && errno == EMSGSIZE, "%s: a read of %zu bytes of a %zu-byte message: %zd (%s), not EMSGSIZE",
	      what, len - 50, len, n, n < 0 ? strerror(errno) : "read");
	/* RECV_BATCH with a short buffer: EMSGSIZE and the length */
	memset(&d, 0, sizeof(d));
	d.buf = (uintptr_t)got;
	d.len = 10;
	rpmsg_tool_batch_init(&b, &d, 1);
	check(ioctl(fd, RPMSG_RECV_BATCH_IOCTL, &b) < 0 && errno == EMSGSIZE && d.len == len,
	      "%s: RPMSG_RECV_BATCH_IOCTL with 10 bytes: not EMSGSIZE with len %zu (len %u)", what, len, d.len);
	/* the message is still there, whole */
	n = read(fd, got, sizeof(got));
	check(n == (ssize_t)len && !memcmp(buf, got, len), "%s: the message after EMSGSIZE: %zd bytes", what, n);
	check(ioctl(fd, RPMSG_GET_NEXT_SIZE_IOCTL, &next) < 0 && errno == EAGAIN,
	      "%s: RPMSG_GET_NEXT_SIZE_IOCTL with nothing queued is not EAGAIN", what);
	say("%s: read of %zu bytes: EMSGSIZE, RECV_BATCH: EMSGSIZE len %u, then %zu bytes whole", what,
	    len - 50, d.len, len);
}

static int test_emsgsize(void)
{
	int fd = ept_fd_must("rpmsg-echo", ECHO_ADDR);

	emsgsize_on(fd, "endpoint fd");
	close(fd);
	if (opt_dev) {
		fd = open(opt_dev, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			setup_fail("%s: %s", opt_dev, strerror(errno));
		emsgsize_on(fd, opt_dev);
		close(fd);
	}
	printf("ok emsgsize: a short read is EMSGSIZE, the message stays whole%s%s%s\n",
	       opt_dev ? " (also on " : "", opt_dev ? opt_dev : "", opt_dev ? ")" : "");
	return 0;
}

/* struct rpmsg_batch followed by bytes of a "later version" */
struct batch_v2 {
	struct rpmsg_batch b;
	uint64_t later;
};

static void batch_sizes(int fd)
{
	struct rpmsg_msg_desc d[2];
	struct batch_v2 v;
	uint8_t buf[8] = "sizes";

	memset(d, 0, sizeof(d));
	d[0].buf = (uintptr_t)buf;
	d[0].len = 5;
	d[0].addr = RPMSG_ADDR_ANY;
	memset(&v, 0, sizeof(v));
	v.b.size = 16;
	v.b.desc_size = sizeof(d[0]);
	v.b.count = 1;
	v.b.msgs = (uintptr_t)d;
	check(ioctl(fd, RPMSG_SEND_BATCH_IOCTL, &v) < 0 && errno == EINVAL, "a batch of size 16 was not EINVAL");
	v.b.size = sizeof(v);
	v.later = 1;
	check(ioctl(fd, RPMSG_SEND_BATCH_IOCTL, &v) < 0 && errno == E2BIG,
	      "a larger batch with unknown non-zero bytes was not E2BIG");
	v.later = 0;
	v.b.desc_size = sizeof(d[0]) - 8;
	check(ioctl(fd, RPMSG_SEND_BATCH_IOCTL, &v) < 0 && errno == EINVAL, "a descriptor size of 32 was not EINVAL");
	v.b.desc_size = sizeof(d[0]);
	d[0].nbufs = 1;
	check(ioctl(fd, RPMSG_SEND_BATCH_IOCTL, &v) < 0 && errno == EINVAL, "nbufs 1 was not EINVAL");
	d[0].nbufs = 0;
	v.b.flags = 2;
	check(ioctl(fd, RPMSG_SEND_BATCH_IOCTL, &v) < 0 && errno == EINVAL, "batch flags 2 were not EINVAL");
	v.b.flags = 0;
	/* a larger batch, zero beyond: taken; a larger descriptor too */
	v.b.desc_size = sizeof(d[0]) + 8;
	check(ioctl(fd, RPMSG_SEND_BATCH_IOCTL, &v) == 1 && v.b.done == 1,
	      "a larger batch and descriptor, zero beyond, were not taken: %s", strerror(errno));
	check(recv_msg(fd, buf, sizeof(buf)) == 5, "no echo of the sizes message");
	say("batch sizes: 16 EINVAL, unknown non-zero E2BIG, desc 32 EINVAL, nbufs EINVAL, flags EINVAL, larger zero-filled taken");
}

static int test_batch(void)
{
	static uint8_t out[BATCH][MTU], in[BATCH][MTU];
	struct rpmsg_msg_desc d[BATCH];
	struct rpmsg_batch b;
	int fd = ept_fd_must("rpmsg-echo", ECHO_ADDR);
	int sentinel = ept_fd_must("rpmsg-echo", ECHO_ADDR);
	size_t len[BATCH];
	uint8_t tmp[16];
	int64_t t0;
	int i, n;

	batch_sizes(fd);
	memset(d, 0, sizeof(d));
	for (i = 0; i < BATCH; i++) {
		len[i] = pattern(out[i], i);
		d[i].buf = (uintptr_t)out[i];
		d[i].len = len[i];
		d[i].addr = RPMSG_ADDR_ANY;
	}
	rpmsg_tool_batch_init(&b, d, BATCH);
	t0 = now_ms();
	n = ioctl(fd, RPMSG_SEND_BATCH_IOCTL, &b);
	check(n == BATCH && b.done == BATCH, "RPMSG_SEND_BATCH_IOCTL of %d: %d (done %u, %s)", BATCH, n, b.done,
	      n < 0 ? strerror(errno) : "-");
	/*
	 * The firmware takes the host's messages in order, and echoes each in
	 * order: once the sentinel's echo is back, the 64 are queued.
	 */
	send_must(sentinel, "sentinel", 8);
	check(recv_msg(sentinel, tmp, sizeof(tmp)) == 8, "no echo of the sentinel");
	memset(d, 0, sizeof(d));
	for (i = 0; i < BATCH; i++) {
		d[i].buf = (uintptr_t)in[i];
		d[i].len = MTU;
		d[i].addr = 0;
	}
	rpmsg_tool_batch_init(&b, d, BATCH);
	n = ioctl(fd, RPMSG_RECV_BATCH_IOCTL, &b);
	check(n == BATCH && b.done == BATCH, "RPMSG_RECV_BATCH_IOCTL of %d: %d (done %u, %s)", BATCH, n, b.done,
	      n < 0 ? strerror(errno) : "-");
	for (i = 0; i < BATCH; i++) {
		check(d[i].len == len[i] && !memcmp(in[i], out[i], len[i]),
		      "echo %d: %u bytes, sent %zu, or different contents", i, d[i].len, len[i]);
		check(d[i].addr == ECHO_ADDR, "echo %d from 0x%x, not 0x%x", i, d[i].addr, ECHO_ADDR);
		check(d[i].flags == 0, "echo %d: flags 0x%x", i, d[i].flags);
	}
	/* nothing more queued: a non-blocking batch says EAGAIN at once */
	b.flags = RPMSG_BATCH_NONBLOCK;
	b.count = 4;
	check(ioctl(fd, RPMSG_RECV_BATCH_IOCTL, &b) < 0 && errno == EAGAIN,
	      "a non-blocking RECV_BATCH with nothing queued was not EAGAIN");
	say("%d messages (1 to %d bytes) sent in one SEND_BATCH, their echoes in one RECV_BATCH, in %lld ms",
	    BATCH, MTU, (long long)(now_ms() - t0));
	close(sentinel);
	close(fd);
	printf("ok batch: %d sent in one call, %d echoes received in one call, byte for byte, from 0x%x\n", BATCH, BATCH,
	       ECHO_ADDR);
	return 0;
}

static int test_poll(void)
{
	int fd = ept_fd_must("rpmsg-echo", ECHO_ADDR);
	int hold_ms = 1000, queued = 0, echoes = 0, extra = 0, n2;
	uint8_t buf[MTU];
	char cmd[32], reply[64];
	int64_t t0, waited, t1, bwaited;
	short rev;
	ssize_t n;

	fcntl(fd, F_SETFL, O_NONBLOCK);
	check(wait_ev(fd, POLLOUT, 0) & POLLOUT, "no EPOLLOUT before the ring fills");
	snprintf(cmd, sizeof(cmd), "hold %d", hold_ms);
	ctl(cmd, reply, sizeof(reply));
	check(!strncmp(reply, "ok hold", 7), "rpmsg-ctl: '%s' -> '%s'", cmd, reply);
	t0 = now_ms();
	/* fill the TX ring: non-blocking writes until EAGAIN */
	for (;;) {
		memset(buf, queued, 32);
		n = write(fd, buf, 32);
		if (n < 0)
			break;
		queued++;
		check(queued <= 512, "%d writes and the ring is not full", queued);
	}
	check(errno == EAGAIN, "a write into the full ring: %s, not EAGAIN", strerror(errno));
	/* no EPOLLOUT now; poll blocks until the firmware takes them */
	rev = wait_ev(fd, POLLOUT, 0);
	check(!(rev & POLLOUT), "EPOLLOUT with the ring full (revents 0x%x)", rev);
	rev = wait_ev(fd, POLLOUT, hold_ms + TIMEOUT_MS);
	waited = now_ms() - t0;
	check(rev & POLLOUT, "poll never said EPOLLOUT (%lld ms, revents 0x%x)", (long long)waited, rev);
	check(waited >= hold_ms / 2, "EPOLLOUT after %lld ms of a %d ms hold: poll did not block",
	      (long long)waited, hold_ms);
	send_must(fd, buf, 32);
	queued++;
	/*
	 * The same hold again, for a blocking write (the sleepers' path, as
	 * 6.1 has it): how long the firmware's hold takes here, which the
	 * poll's wait compares with.
	 */
	ctl(cmd, reply, sizeof(reply));
	t1 = now_ms();
	for (n2 = 0; write(fd, buf, 32) == 32; n2++)
		check(n2 <= 512, "%d writes and the ring is not full", n2);
	check(errno == EAGAIN, "a write into the full ring: %s, not EAGAIN", strerror(errno));
	queued += n2;
	fcntl(fd, F_SETFL, 0);
	send_must(fd, buf, 32);
	bwaited = now_ms() - t1;
	queued++;
	/* every queued message comes back */
	while (echoes < queued) {
		n = recv_msg(fd, buf, sizeof(buf));
		if (n < 0)
			check_fail("%d of %d echoes after the holds: %s", echoes, queued, strerror(-n));
		echoes++;
	}
	while (wait_ev(fd, POLLIN, 200) & POLLIN && read(fd, buf, sizeof(buf)) > 0)
		extra++;
	check(!extra, "%d echoes more than sent", extra);
	close(fd);
	say("the TX ring full (EAGAIN), poll blocked %lld ms and woke with EPOLLOUT; a blocking write in the same hold waited %lld ms; %d echoes",
	    (long long)waited, (long long)bwaited, echoes);
	printf("ok poll: EPOLLOUT after %lld ms of a %d ms hold (a blocking write: %lld ms), %d echoes\n",
	       (long long)waited, hold_ms, (long long)bwaited, echoes);
	return 0;
}

static void gone_check(int fd, const char *what, short rev)
{
	uint8_t buf[8] = "x";

	check((rev & (POLLHUP | POLLERR)) == (POLLHUP | POLLERR), "%s: poll after the stop: revents 0x%x, not HUP|ERR",
	      what, rev);
	check(read(fd, buf, sizeof(buf)) < 0 && errno == EPIPE, "%s: read after the stop is not EPIPE", what);
	check(write(fd, buf, 1) < 0 && errno == EPIPE, "%s: write after the stop is not EPIPE", what);
}

static int test_hup(void)
{
	int fd = ept_fd_must("rpmsg-echo", ECHO_ADDR), dfd = -1, sfd, status, epfd;
	struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT };
	struct pollfd p[2];
	int64_t t0;
	pid_t pid;

	if (!opt_state) {
		say("hup needs --state");
		exit(EXIT_USAGE);
	}
	if (opt_dev) {
		dfd = open(opt_dev, O_RDWR | O_CLOEXEC);
		if (dfd < 0)
			setup_fail("%s: %s", opt_dev, strerror(errno));
	}
	/*
	 * An epoll instance watching the fd across the stop: its entries on
	 * the transport's wait queues must not outlive them (closed below,
	 * after the stop freed the transport).
	 */
	epfd = epoll_create1(EPOLL_CLOEXEC);
	if (epfd < 0 || epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) < 0)
		setup_fail("epoll: %s", strerror(errno));
	/* the stop comes while we are blocked in poll() */
	pid = fork();
	if (pid < 0)
		setup_fail("fork: %s", strerror(errno));
	if (pid == 0) {
		usleep(500000);
		sfd = open(opt_state, O_WRONLY);
		_exit(sfd < 0 || write(sfd, "stop", 4) != 4 ? 1 : 0);
	}
	p[0].fd = fd;
	p[0].events = POLLIN;
	p[1].fd = dfd;
	p[1].events = POLLIN;
	t0 = now_ms();
	check(poll(p, opt_dev ? 2 : 1, TIMEOUT_MS) > 0, "poll did not wake on the stop");
	say("poll woke after %lld ms: revents 0x%x%s", (long long)(now_ms() - t0), p[0].revents,
	    opt_dev ? " (and the device's, below)" : "");
	waitpid(pid, &status, 0);
	check(WIFEXITED(status) && !WEXITSTATUS(status), "writing stop to %s failed", opt_state);
	gone_check(fd, "endpoint fd", p[0].revents ? p[0].revents : wait_ev(fd, POLLIN, TIMEOUT_MS));
	memset(&ev, 0, sizeof(ev));
	check(epoll_wait(epfd, &ev, 1, TIMEOUT_MS) == 1 && (ev.events & (EPOLLHUP | EPOLLERR)) == (EPOLLHUP | EPOLLERR),
	      "epoll after the stop: events 0x%x, not HUP|ERR", ev.events);
	close(epfd);
	if (opt_dev)
		gone_check(dfd, opt_dev, wait_ev(dfd, POLLIN, TIMEOUT_MS));
	close(fd);
	if (dfd >= 0)
		close(dfd);
	printf("ok hup: the stop woke the blocked poll with EPOLLHUP|EPOLLERR, epoll too, read and write EPIPE%s\n",
	       opt_dev ? ", on the device too" : "");
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: " PROG " --ctrl /dev/rpmsg_ctrlN [--dev /dev/rpmsgN] [--state PATH]\n"
		"       ctl CMD | mtu | fd | emsgsize | batch | poll | hup\n");
	exit(EXIT_USAGE);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "ctrl", required_argument, NULL, 'c' },
		{ "dev", required_argument, NULL, 'd' },
		{ "state", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	const char *test;
	int c;

	while ((c = getopt_long(argc, argv, "c:d:s:", opts, NULL)) != -1) {
		switch (c) {
		case 'c': opt_ctrl = optarg; break;
		case 'd': opt_dev = optarg; break;
		case 's': opt_state = optarg; break;
		default: usage();
		}
	}
	if (!opt_ctrl || optind >= argc)
		usage();
	test = argv[optind];
	ctrl_fd = open(opt_ctrl, O_RDWR | O_CLOEXEC);
	if (ctrl_fd < 0)
		setup_fail("%s: %s", opt_ctrl, strerror(errno));
	if (!strcmp(test, "ctl") && optind + 1 < argc)
		return test_ctl(argv[optind + 1]);
	if (!strcmp(test, "mtu"))
		return test_mtu();
	if (!strcmp(test, "fd"))
		return test_fd();
	if (!strcmp(test, "emsgsize"))
		return test_emsgsize();
	if (!strcmp(test, "batch"))
		return test_batch();
	if (!strcmp(test, "poll"))
		return test_poll();
	if (!strcmp(test, "hup"))
		return test_hup();
	usage();
	return EXIT_USAGE;
}
