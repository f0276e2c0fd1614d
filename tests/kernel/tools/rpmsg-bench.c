/*
 * rpmsg-bench - the guest half of tests/bench/bench-rpmsg.sh
 *
 *   rpmsg-bench --proc NAME [--runs N] [--dev-root DIR]
 *
 * Against the svc-interp firmware (tests/firmware/README.md) of remoteproc
 * NAME, through the udev rules' names DIR/rpmsg/NAME/<service> (DIR: /dev),
 * three comparisons, each in N runs (default 11) that alternate which side
 * goes first; one value per side and run, medians over the runs:
 *
 *   latency  a 32-byte round trip through rpmsg-echo: librproc
 *            (rproc_ept_send + rproc_ept_recv) against write + read on
 *            the channel's /dev/rpmsgN, the same device
 *   tx       messages a second into rpmsg-sink: RPMSG_SEND_BATCH_IOCTL,
 *            64 a call, against a write each; the run ends with the
 *            sink's "stats" answer, which must count every message
 *   rx       messages a second read out of rpmsg-flood's queue, once the
 *            whole flood is queued (see rx_run()): RPMSG_RECV_BATCH_IOCTL,
 *            64 descriptors a call, against a read each; sequence numbers
 *            and "done COUNT" checked
 *   txcpu    tx and rx again, as messages per second of this process's
 *   rxcpu    own CPU time (CLOCK_PROCESS_CPUTIME_ID: its user time and the
 *            kernel's on its behalf) rather than of the wall clock. The
 *            guest has one CPU, which also runs the core (rproc-sim):
 *            messages a wall-clock second into rpmsg-sink are then the
 *            emulated core's rate whenever the host is the faster side,
 *            while the host's CPU per message is what batching saves
 *   ept      an endpoint made and destroyed through rpmsg_ctrl: as an fd
 *            (RPMSG_CREATE_EPT_FD_IOCTL + close) against as a device
 *            (RPMSG_CREATE_EPT_IOCTL + open of its node +
 *            RPMSG_DESTROY_EPT_IOCTL + close)
 *
 * Prints "RPROC-BENCH run PART A=.. B=.." per run,
 * "RPROC-BENCH median PART A=.. B=.. ratio=.." and
 * "RPROC-BENCH spread PART A=MIN-MAX B=MIN-MAX" per part. Never fails on
 * time; exit 1 when something answered wrong, 2 usage, 3 a device or call
 * failed. Every run has a deadline (SIGALRM, 60 s): a core that stopped
 * answering ends the benchmark instead of hanging it.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <linux/rpmsg.h>
#include <rproc/rproc.h>

#include "bench.h"
#include "rpmsg-tool.h"

#define PROG			"rpmsg-bench"

#define EXIT_WRONG		1
#define EXIT_USAGE		2
#define EXIT_SETUP		3

#define RUN_DEADLINE_S		60
#define LAT_LEN			32
#define LAT_COUNT		200
#define TPUT_LEN		64
#define TPUT_COUNT		1024
#define BATCH			64
#define EPT_FD_COUNT		100
#define EPT_NODE_COUNT		20
#define RX_SIZE			512
#define MAX_EPTS		256

#ifndef RPMSG_CREATE_EPT_FD_IOCTL
#error "linux/rpmsg.h without issue 13's ioctls: build with -I kernel/include/uapi"
#endif

struct bench {
	const char *proc;
	char dir[PATH_MAX / 2];		/* DEV/rpmsg/<proc> */
	char raw[PATH_MAX];		/* the echo channel's /dev/rpmsgN */
	struct rproc_ctx *ctx;
	struct rproc_processor *rp;
	unsigned int runs;
	double (*now)(void);		/* tx and rx: bench_now or bench_cpu_now */
};

static void die(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3), noreturn));
static void die(int status, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, PROG ": ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(status);
}

static int open_or_die(const char *path)
{
	int fd = open(path, O_RDWR | O_CLOEXEC);

	if (fd < 0)
		die(EXIT_SETUP, "%s: %s", path, strerror(errno));
	return fd;
}

static void svc_path(const struct bench *b, const char *svc, char *buf, size_t size)
{
	snprintf(buf, size, "%s/%s", b->dir, svc);
}

static double median(double *v, unsigned int n)
{
	qsort(v, n, sizeof(*v), bench_cmp);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void write_all(int fd, const void *buf, size_t len, const char *what)
{
	ssize_t n = write(fd, buf, len);

	if (n != (ssize_t)len)
		die(EXIT_SETUP, "%s: write: %s", what, n < 0 ? strerror(errno) : "short");
}

static size_t read_one(int fd, void *buf, size_t size, const char *what)
{
	ssize_t n = read(fd, buf, size);

	if (n < 0)
		die(EXIT_SETUP, "%s: read: %s", what, strerror(errno));
	return (size_t)n;
}

/* --- latency ----------------------------------------------------------------- */

static void lat_fill(uint8_t *m, unsigned int i)
{
	unsigned int k;

	for (k = 0; k < LAT_LEN; k++)
		m[k] = (uint8_t)(i * 7 + k);
}

/* microseconds a round trip, write + read on the raw device */
static double lat_raw(const struct bench *b)
{
	uint8_t m[LAT_LEN], r[RX_SIZE];
	unsigned int i;
	double t0, t1;
	int fd;

	fd = open_or_die(b->raw);
	t0 = bench_now();
	for (i = 0; i < LAT_COUNT; i++) {
		lat_fill(m, i);
		write_all(fd, m, sizeof(m), b->raw);
		if (read_one(fd, r, sizeof(r), b->raw) != sizeof(m) || memcmp(m, r, sizeof(m)))
			die(EXIT_WRONG, "%s: echo %u differs", b->raw, i);
	}
	t1 = bench_now();
	close(fd);
	return (t1 - t0) * 1e6 / LAT_COUNT;
}

static double lat_lib(const struct bench *b)
{
	uint8_t m[LAT_LEN], r[RX_SIZE];
	struct rproc_ept *ept;
	unsigned int i;
	double t0, t1;
	size_t len;
	int err;

	err = rproc_ept_open(b->rp, "rpmsg-echo", 0x400, RPROC_EPT_NO_CREATE, &ept);
	if (err)
		die(EXIT_SETUP, "rproc_ept_open rpmsg-echo 0x400: %s", strerror(-err));
	t0 = bench_now();
	for (i = 0; i < LAT_COUNT; i++) {
		lat_fill(m, i);
		err = rproc_ept_send(ept, m, sizeof(m), -1);
		if (err)
			die(EXIT_SETUP, "rproc_ept_send: %s", strerror(-err));
		err = rproc_ept_recv(ept, r, sizeof(r), &len, -1);
		if (err)
			die(EXIT_SETUP, "rproc_ept_recv: %s", strerror(-err));
		if (len != sizeof(m) || memcmp(m, r, sizeof(m)))
			die(EXIT_WRONG, "librproc: echo %u differs", i);
	}
	t1 = bench_now();
	rproc_ept_unref(ept);
	return (t1 - t0) * 1e6 / LAT_COUNT;
}

/* --- tx: into rpmsg-sink ------------------------------------------------------- */

static unsigned long sink_stats(int fd)
{
	char r[RX_SIZE], end;
	unsigned long rx;
	size_t n;

	write_all(fd, "stats", 5, "rpmsg-sink");
	n = read_one(fd, r, sizeof(r) - 1, "rpmsg-sink");
	r[n] = '\0';
	if (sscanf(r, "rx %lu%c", &rx, &end) != 1)
		die(EXIT_WRONG, "rpmsg-sink: 'stats' answered '%s'", r);
	return rx;
}

/* messages a second of b->now's clock; @batch: 64 a call */
static double tx_run(const struct bench *b, bool batch)
{
	static uint8_t m[TPUT_LEN];
	struct rpmsg_msg_desc d[BATCH];
	struct rpmsg_batch bt;
	char path[PATH_MAX];
	unsigned long before, after;
	unsigned int sent = 0, i, n;
	double t0, t1;
	int fd, rc;

	svc_path(b, "rpmsg-sink", path, sizeof(path));
	fd = open_or_die(path);
	memset(m, 's', sizeof(m));
	before = sink_stats(fd);
	t0 = b->now();
	while (sent < TPUT_COUNT) {
		if (!batch) {
			write_all(fd, m, sizeof(m), path);
			sent++;
			continue;
		}
		n = TPUT_COUNT - sent < BATCH ? TPUT_COUNT - sent : BATCH;
		memset(d, 0, sizeof(d));
		for (i = 0; i < n; i++) {
			d[i].buf = (uintptr_t)m;
			d[i].len = sizeof(m);
			d[i].addr = RPMSG_ADDR_ANY;
		}
		rpmsg_tool_batch_init(&bt, d, n);
		rc = ioctl(fd, RPMSG_SEND_BATCH_IOCTL, &bt);
		if (rc <= 0)
			die(EXIT_SETUP, "%s: RPMSG_SEND_BATCH_IOCTL: %s", path,
			    rc < 0 ? strerror(errno) : "0 sent");
		if (bt.done != (unsigned int)rc)
			die(EXIT_WRONG, "RPMSG_SEND_BATCH_IOCTL returned %d, done %u", rc, bt.done);
		sent += (unsigned int)rc;
	}
	after = sink_stats(fd);
	t1 = b->now();
	close(fd);
	if (after - before != TPUT_COUNT)
		die(EXIT_WRONG, "rpmsg-sink counted %lu of %u messages", after - before, TPUT_COUNT);
	return TPUT_COUNT / (t1 - t0);
}

/* --- rx: out of rpmsg-flood ------------------------------------------------------ */

/*
 * Message @i of the flood in @m (@len bytes): true if it is the next one.
 * The one after the last is "done COUNT".
 */
static bool rx_check(const uint8_t *m, size_t len, unsigned int i)
{
	char want[32];

	if (i == TPUT_COUNT) {
		snprintf(want, sizeof(want), "done %u", TPUT_COUNT);
		return len == strlen(want) && !memcmp(m, want, len);
	}
	return len == TPUT_LEN &&
	       (uint32_t)(m[0] | m[1] << 8 | m[2] << 16 | (uint32_t)m[3] << 24) == i;
}

/*
 * Messages a second read out of rpmsg-flood's queue: the flood is asked
 * for, and the clock starts once all of it is queued here. The firmware
 * takes one host message at a time and floods from within its callback,
 * so its answer to a "stats" sent to rpmsg-sink right after the request
 * comes after the whole flood, and the host queues messages in the order
 * the core sent them: when that answer is read, every message of the
 * flood and its "done" wait in the flood endpoint's queue. What is timed
 * is then the host's side alone (a read a message against a batch of 64),
 * not how fast the emulated core produces them.
 */
static double rx_run(const struct bench *b, bool batch)
{
	static uint8_t bufs[BATCH][RX_SIZE];
	struct rpmsg_msg_desc d[BATCH];
	struct rpmsg_batch bt;
	char path[PATH_MAX], sink[PATH_MAX], req[32];
	unsigned int got = 0, i;
	double t0, t1;
	int fd, sfd, rc;
	size_t n;

	svc_path(b, "rpmsg-flood", path, sizeof(path));
	svc_path(b, "rpmsg-sink", sink, sizeof(sink));
	fd = open_or_die(path);
	sfd = open_or_die(sink);
	snprintf(req, sizeof(req), "%u %u", TPUT_COUNT, TPUT_LEN);
	write_all(fd, req, strlen(req), path);
	sink_stats(sfd);
	close(sfd);
	t0 = b->now();
	while (got <= TPUT_COUNT) {
		if (!batch) {
			n = read_one(fd, bufs[0], RX_SIZE, path);
			if (!rx_check(bufs[0], n, got))
				die(EXIT_WRONG, "%s: message %u out of order or wrong", path, got);
			got++;
			continue;
		}
		memset(d, 0, sizeof(d));
		for (i = 0; i < BATCH; i++) {
			d[i].buf = (uintptr_t)bufs[i];
			d[i].len = RX_SIZE;
		}
		rpmsg_tool_batch_init(&bt, d, BATCH);
		rc = ioctl(fd, RPMSG_RECV_BATCH_IOCTL, &bt);
		if (rc <= 0)
			die(EXIT_SETUP, "%s: RPMSG_RECV_BATCH_IOCTL: %s", path,
			    rc < 0 ? strerror(errno) : "0 received");
		for (i = 0; i < (unsigned int)rc; i++, got++)
			if (got > TPUT_COUNT || !rx_check(bufs[i], d[i].len, got))
				die(EXIT_WRONG, "%s: message %u out of order or wrong", path, got);
	}
	t1 = b->now();
	close(fd);
	return (TPUT_COUNT + 1) / (t1 - t0);
}

/* --- endpoints through rpmsg_ctrl ---------------------------------------------- */

/* the rpmsgN children of the control device @ctrl_dir: endpoint devices */
static int ept_children(const char *ctrl_dir, unsigned int *idx, int max)
{
	int n = rpmsg_tool_ept_children(ctrl_dir, idx, max);

	if (n < 0)
		die(EXIT_SETUP, "%s: %s", ctrl_dir, strerror(-n));
	return n;
}

/* microseconds a create + destroy; @fd_way: as an anonymous fd */
static double ept_run(const struct bench *b, bool fd_way)
{
	unsigned int before[MAX_EPTS], after[MAX_EPTS], count, k;
	char path[PATH_MAX], dir[PATH_MAX], node[PATH_MAX];
	struct rpmsg_endpoint_fd_info fi;
	struct rpmsg_endpoint_info info;
	int ctrl, fd, nb, na, i;
	struct stat st;
	double t0, t1;

	svc_path(b, "rpmsg_ctrl", path, sizeof(path));
	ctrl = open_or_die(path);
	if (fstat(ctrl, &st) < 0)
		die(EXIT_SETUP, "%s: %s", path, strerror(errno));
	snprintf(dir, sizeof(dir), "/sys/dev/char/%u:%u", major(st.st_rdev), minor(st.st_rdev));
	count = fd_way ? EPT_FD_COUNT : EPT_NODE_COUNT;
	t0 = bench_now();
	for (k = 0; k < count; k++) {
		if (fd_way) {
			memset(&fi, 0, sizeof(fi));
			snprintf(fi.name, sizeof(fi.name), "rpmsg-echo");
			fi.src = RPMSG_ADDR_ANY;
			fi.dst = 0x400;
			fi.flags = O_CLOEXEC;
			fd = ioctl(ctrl, RPMSG_CREATE_EPT_FD_IOCTL, &fi);
			if (fd < 0)
				die(EXIT_SETUP, "%s: RPMSG_CREATE_EPT_FD_IOCTL: %s", path, strerror(errno));
			if (fi.fd != fd)
				die(EXIT_WRONG, "RPMSG_CREATE_EPT_FD_IOCTL returned %d, fd %d", fd, fi.fd);
			close(fd);
			continue;
		}
		/* the new device is the child that was not there before */
		nb = ept_children(dir, before, MAX_EPTS);
		memset(&info, 0, sizeof(info));
		snprintf(info.name, sizeof(info.name), "rpmsg-echo");
		info.src = RPMSG_ADDR_ANY;
		info.dst = 0x400;
		if (ioctl(ctrl, RPMSG_CREATE_EPT_IOCTL, &info) < 0)
			die(EXIT_SETUP, "%s: RPMSG_CREATE_EPT_IOCTL: %s", path, strerror(errno));
		na = ept_children(dir, after, MAX_EPTS);
		node[0] = '\0';
		for (i = 0; i < na; i++)
			if (!rpmsg_tool_idx_in(after[i], before, nb))
				snprintf(node, sizeof(node), "/dev/rpmsg%u", after[i]);
		if (!node[0])
			die(EXIT_WRONG, "RPMSG_CREATE_EPT_IOCTL made no rpmsgN below %s", dir);
		fd = open_or_die(node);
		if (ioctl(fd, RPMSG_DESTROY_EPT_IOCTL) < 0)
			die(EXIT_SETUP, "%s: RPMSG_DESTROY_EPT_IOCTL: %s", node, strerror(errno));
		close(fd);
	}
	t1 = bench_now();
	close(ctrl);
	return (t1 - t0) * 1e6 / count;
}

/* --- the runs ---------------------------------------------------------------------- */

/*
 * b->runs runs of side A (fa(b, aa)) and side B (fb(b, ab)), the first
 * side alternating from run to run; prints each run and the medians, and
 * the ratio of the medians, B/A if @ratio_ba, else A/B.
 */
static void compare(const struct bench *bn, const char *part, const char *na, const char *nb,
		    double (*fa)(const struct bench *, bool), bool aa,
		    double (*fb)(const struct bench *, bool), bool ab, bool ratio_ba)
{
	double va[64], vb[64], ma, mb;
	unsigned int r;

	for (r = 0; r < bn->runs; r++) {
		alarm(RUN_DEADLINE_S);
		if (r % 2) {
			vb[r] = fb(bn, ab);
			va[r] = fa(bn, aa);
		} else {
			va[r] = fa(bn, aa);
			vb[r] = fb(bn, ab);
		}
		alarm(0);
		printf("RPROC-BENCH run %s %s=%.1f %s=%.1f\n", part, na, va[r], nb, vb[r]);
		fflush(stdout);
	}
	ma = median(va, bn->runs);
	mb = median(vb, bn->runs);
	printf("RPROC-BENCH median %s %s=%.1f %s=%.1f ratio=%.2f\n", part, na, ma, nb, mb,
	       ratio_ba ? mb / ma : ma / mb);
	/* median() sorted them: the spread, to judge the medians by */
	printf("RPROC-BENCH spread %s %s=%.1f-%.1f %s=%.1f-%.1f\n", part, na, va[0],
	       va[bn->runs - 1], nb, vb[0], vb[bn->runs - 1]);
	fflush(stdout);
}

static double lat_side(const struct bench *b, bool lib)
{
	return lib ? lat_lib(b) : lat_raw(b);
}

static void bench_setup(struct bench *b, const char *dev_root)
{
	char echo[PATH_MAX];
	int err;

	if ((size_t)snprintf(b->dir, sizeof(b->dir), "%s/rpmsg/%s", dev_root, b->proc) >=
	    sizeof(b->dir))
		die(EXIT_USAGE, "--dev-root and --proc: too long a path");
	svc_path(b, "rpmsg-echo@0x400", echo, sizeof(echo));
	if (!realpath(echo, b->raw))
		die(EXIT_SETUP, "%s: %s", echo, strerror(errno));
	err = rproc_ctx_new(NULL, NULL, &b->ctx);
	if (err)
		die(EXIT_SETUP, "rproc_ctx_new: %s", strerror(-err));
	err = rproc_processor_new(b->ctx, b->proc, &b->rp);
	if (err)
		die(EXIT_SETUP, "rproc_processor_new %s: %s", b->proc, strerror(-err));
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "proc", required_argument, NULL, 'p' },
		{ "runs", required_argument, NULL, 'n' },
		{ "dev-root", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	struct bench b = { .runs = 11, .now = bench_now };
	const char *dev_root = "/dev";
	char *end;
	long v;
	int c;

	while ((c = getopt_long(argc, argv, "p:n:d:h", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			b.proc = optarg;
			break;
		case 'n':
			v = strtol(optarg, &end, 10);
			if (*end || v < 1 || v > 64)
				die(EXIT_USAGE, "--runs: 1 to 64");
			b.runs = (unsigned int)v;
			break;
		case 'd':
			dev_root = optarg;
			break;
		case 'h':
			printf("usage: " PROG " --proc NAME [--runs N] [--dev-root DIR]\n");
			return 0;
		default:
			return EXIT_USAGE;
		}
	}
	if (!b.proc || optind != argc)
		die(EXIT_USAGE, "usage: " PROG " --proc NAME [--runs N] [--dev-root DIR]");
	bench_setup(&b, dev_root);
	/* latency: lib/raw (goal <= 1.1); throughput: batch/single (goal >= 3) */
	compare(&b, "latency", "raw_us", "lib_us", lat_side, false, lat_side, true, true);
	compare(&b, "tx", "single_mps", "batch_mps", tx_run, false, tx_run, true, true);
	compare(&b, "rx", "single_mps", "batch_mps", rx_run, false, rx_run, true, true);
	b.now = bench_cpu_now;
	compare(&b, "txcpu", "single_mps", "batch_mps", tx_run, false, tx_run, true, true);
	compare(&b, "rxcpu", "single_mps", "batch_mps", rx_run, false, rx_run, true, true);
	b.now = bench_now;
	/* endpoints: node/fd, the time a create + destroy takes */
	compare(&b, "ept", "fd_us", "node_us", ept_run, true, ept_run, false, true);
	rproc_processor_unref(b.rp);
	rproc_ctx_unref(b.ctx);
	return 0;
}
