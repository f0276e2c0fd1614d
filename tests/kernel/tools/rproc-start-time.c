/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * rproc-start-time - time remoteproc starts, the kernel's loader against a
 * user-mode one, in one run
 *
 *   rproc-start-time [--rproc DIR] [--runs N] [--trace TEXT] [--exec PROG] FIRMWARE
 *
 * Each run writes FIRMWARE to DIR/firmware, "kernel" or "user" to
 * DIR/loader, then "start" to DIR/state, and measures two times from that
 * write: until it returned (the core started: state "running") and until
 * the firmware's trace buffer (debugfs trace0) holds TEXT (the firmware ran
 * far enough to print). Then "stop", and the next run. The two loaders
 * alternate run by run so both see the same machine. Every run prints
 *
 *   RPROC-BENCH run LOADER N running_us=U traced_us=T
 *
 * and the end one line per loader with the medians,
 *
 *   RPROC-BENCH median LOADER running_us=U traced_us=T runs=N
 *
 * which tests/bench/bench-start.sh turns into the ratio. With --exec, the
 * runs are followed by N runs of "PROG --version" (fork, exec, exit: what
 * starting the user-mode helper costs before it does any work), and
 *
 *   RPROC-BENCH median exec PROG us=U runs=N
 *
 * A failed start,
 * a trace that never shows TEXT (10 s) or a stop that does not end is an
 * error: exit 1, nothing measured is printed as if it were. Exit 2: usage.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../../bench/bench.h"

#define WAIT_S		10.0
#define POLL_NS		200000L		/* 0.2 ms between looks at trace0 */
#define MAX_RUNS	1000

enum { LOADER_KERNEL, LOADER_USER, LOADER_COUNT };
static const char *const loader_names[LOADER_COUNT] = { "kernel", "user" };

struct bench {
	const char *rproc;	/* /sys/class/remoteproc/remoteprocN */
	char trace[256];	/* its debugfs trace0 */
	const char *firmware;
	const char *text;
	const char *exec;	/* a program to time "PROG --version" of, or NULL */
	int runs;
	double running[LOADER_COUNT][MAX_RUNS];
	double traced[LOADER_COUNT][MAX_RUNS];
};

static int attr_write(const char *dir, const char *name, const char *value)
{
	char path[512];
	size_t len = strlen(value);
	ssize_t n;
	int fd, err = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		fprintf(stderr, "rproc-start-time: %s: %s\n", path, strerror(errno));
		return err;
	}
	n = write(fd, value, len);
	if (n < 0 || (size_t)n != len) {
		err = n < 0 ? -errno : -EIO;
		fprintf(stderr, "rproc-start-time: write '%s' to %s: %s\n",
			value, path, strerror(-err));
	}
	close(fd);
	return err;
}

static int attr_read(const char *path, char *buf, size_t size)
{
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return 0;
}

/* trace0 exists only while the rproc runs: a missing file is "not yet" */
static int trace_wait(const struct bench *b, double t0, double *when)
{
	static char buf[65536];
	struct timespec pause = { 0, POLL_NS };

	while (bench_now() - t0 < WAIT_S) {
		if (attr_read(b->trace, buf, sizeof(buf)) == 0 && strstr(buf, b->text)) {
			*when = bench_now();
			return 0;
		}
		nanosleep(&pause, NULL);
	}
	fprintf(stderr, "rproc-start-time: %s: no '%s' after %.0f s\n",
		b->trace, b->text, WAIT_S);
	return -ETIMEDOUT;
}

static int state_wait_offline(const struct bench *b)
{
	struct timespec pause = { 0, 10 * 1000 * 1000L };
	char path[512], buf[64];
	double t0 = bench_now();

	snprintf(path, sizeof(path), "%s/state", b->rproc);
	while (bench_now() - t0 < WAIT_S) {
		if (attr_read(path, buf, sizeof(buf)) == 0 && strncmp(buf, "offline", 7) == 0)
			return 0;
		nanosleep(&pause, NULL);
	}
	fprintf(stderr, "rproc-start-time: %s: not offline after %.0f s\n", path, WAIT_S);
	return -ETIMEDOUT;
}

static int bench_run_one(struct bench *b, int loader, int run)
{
	double t0, t1, t2;
	int err;

	err = attr_write(b->rproc, "loader", loader_names[loader]);
	if (err)
		return err;
	err = attr_write(b->rproc, "firmware", b->firmware);
	if (err)
		return err;
	t0 = bench_now();
	err = attr_write(b->rproc, "state", "start");
	t1 = bench_now();
	if (err)
		return err;
	err = trace_wait(b, t0, &t2);
	if (!err)
		err = attr_write(b->rproc, "state", "stop");
	if (!err)
		err = state_wait_offline(b);
	if (err)
		return err;
	b->running[loader][run] = t1 - t0;
	b->traced[loader][run] = t2 - t0;
	printf("RPROC-BENCH run %s %d running_us=%.0f traced_us=%.0f\n",
	       loader_names[loader], run + 1, (t1 - t0) * 1e6, (t2 - t0) * 1e6);
	fflush(stdout);
	return 0;
}

/* fork, exec and wait for "PROG --version", its output discarded */
static int exec_time(const char *prog, double *took)
{
	double t0 = bench_now();
	int status, fd;
	pid_t pid;

	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		fd = open("/dev/null", O_WRONLY);
		if (fd >= 0)
			dup2(fd, STDOUT_FILENO);
		execl(prog, prog, "--version", (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return -errno;
	*took = bench_now() - t0;
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "rproc-start-time: %s --version failed (status 0x%x)\n",
			prog, status);
		return -ECHILD;
	}
	return 0;
}

static double median(double *v, int n)
{
	qsort(v, n, sizeof(*v), bench_cmp);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: rproc-start-time [--rproc DIR] [--runs N] [--trace TEXT] [--exec PROG]\n"
		"                        FIRMWARE\n"
		"Time 'echo start' with the kernel's loader and with a user-mode one\n"
		"(DIR/loader = kernel, user), alternating, N runs each (20).\n"
		"  --rproc DIR   the remoteproc (/sys/class/remoteproc/remoteproc0)\n"
		"  --trace TEXT  what the firmware's trace0 shows once it runs (hello)\n"
		"  --exec PROG   then time N runs of 'PROG --version' (fork, exec, exit)\n"
		"FIRMWARE is a name under /lib/firmware, as DIR/firmware takes it.\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "rproc", required_argument, NULL, 'r' },
		{ "runs", required_argument, NULL, 'n' },
		{ "trace", required_argument, NULL, 't' },
		{ "exec", required_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static struct bench b = {
		.rproc = "/sys/class/remoteproc/remoteproc0",
		.text = "hello",
		.runs = 20,
	};
	const char *name;
	char *end;
	int c, i, l;

	while ((c = getopt_long(argc, argv, "r:n:t:e:h", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			b.rproc = optarg;
			break;
		case 'n':
			errno = 0;
			b.runs = strtol(optarg, &end, 10);
			if (errno || *end || b.runs < 1 || b.runs > MAX_RUNS) {
				fprintf(stderr, "rproc-start-time: --runs '%s': 1 to %d\n",
					optarg, MAX_RUNS);
				return 2;
			}
			break;
		case 't':
			b.text = optarg;
			break;
		case 'e':
			b.exec = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc - 1) {
		usage(stderr);
		return 2;
	}
	b.firmware = argv[optind];
	name = strrchr(b.rproc, '/');
	name = name ? name + 1 : b.rproc;
	snprintf(b.trace, sizeof(b.trace), "/sys/kernel/debug/remoteproc/%s/trace0", name);

	for (i = 0; i < b.runs; i++) {
		for (l = 0; l < LOADER_COUNT; l++) {
			/* kernel first on even runs, user first on odd ones */
			int loader = (l + i) % LOADER_COUNT;

			if (bench_run_one(&b, loader, i)) {
				fprintf(stderr, "rproc-start-time: run %d (%s loader) failed\n",
					i + 1, loader_names[loader]);
				return 1;
			}
		}
	}
	for (l = 0; l < LOADER_COUNT; l++)
		printf("RPROC-BENCH median %s running_us=%.0f traced_us=%.0f runs=%d\n",
		       loader_names[l], median(b.running[l], b.runs) * 1e6,
		       median(b.traced[l], b.runs) * 1e6, b.runs);
	if (!b.exec)
		return 0;
	/* running[] has served its purpose: reuse it for the exec times */
	for (i = 0; i < b.runs; i++) {
		if (exec_time(b.exec, &b.running[0][i]))
			return 1;
	}
	printf("RPROC-BENCH median exec %s us=%.0f runs=%d\n",
	       b.exec, median(b.running[0], b.runs) * 1e6, b.runs);
	return 0;
}
