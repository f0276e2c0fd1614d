/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * rproc-start-time - time remoteproc starts, the kernel's loader against a
 * user-mode one, and where the user-mode one spends its time
 *
 *   rproc-start-time [--rproc DIR] [--runs N] [--trace TEXT] [--exec PROG]
 *                    [--direct FILE] [--listen] [--touch BYTES] [--spawn LABEL=CMD]...
 *                    [--dlopen PLUGIN[:LIB]...] [--netlink] FIRMWARE
 *
 * Each run writes FIRMWARE to DIR/firmware, "kernel" or "user" to
 * DIR/loader, then "start" to DIR/state (a thread of its own), and measures
 * from that write: until it returned (the core started: state "running"),
 * until the firmware's trace buffer (debugfs trace0) holds TEXT (the
 * firmware ran far enough to print) and, for a user-mode load, until the
 * "load" multicast group of the rproc_loader family said PENDING (the
 * kernel sent the uevent) and DONE (it took the helper's answer). Then
 * "stop", and the next run. The two loaders alternate run by run so both
 * see the same machine. Every run prints
 *
 *   RPROC-BENCH run LOADER N running_us=U traced_us=T [pending_us=P done_us=D]
 *
 * and at the end one line per loader with the medians of each field,
 *
 *   RPROC-BENCH median LOADER running_us=U traced_us=T ... runs=N
 *
 * which tests/bench/bench-start.sh turns into ratios and a breakdown.
 *
 * --direct FILE (with --exec): a third loader in the rotation, "direct": a
 * user-mode run in which this program plays udev. FILE exists during the
 * run, and the caller's udev rule runs no helper while it does; on PENDING it
 * maps the largest mappable memory (--touch BYTES of it, 4 MiB), times a
 * first touch of every page (one fault each), a second one (none) and a
 * fill, unmaps it, then runs PROG with the event's environment and takes
 * its page faults and CPU time from wait4(). Its lines are "direct", with
 * spawn_us (fork), exit_us (reaped), minflt, cpu_us and the touch times.
 *
 * --listen (with --exec): one more loader in the rotation, "listen": before
 * the run, "PROG --listen" is started with $NOTIFY_SOCKET and the run waits
 * for its READY=1 (it has joined the "serve" group: the kernel offers it the
 * load and udev's rule runs no helper); once the trace said TEXT and the
 * core is stopped it gets SIGTERM and must exit 0 (its exit is no part of a
 * start). Before the timed
 * start, the listener serves one untimed start (a warm-up: its plugin
 * loaded, its code paged in, as a resident loader's are after its first
 * load). Its lines have the fields of "user" and after_cpu_us: the
 * listener's CPU time (its process CPU clock) from DONE, as heard, to TEXT:
 * what it does after its answer on the CPU the core needs.
 * Nothing of the listener's start is timed: that is the point of a
 * resident loader.
 *
 * Then the pieces alone, N times each, medians:
 *   --exec PROG      "PROG --version": fork, exec, dynamic linking, exit
 *                    (RPROC-BENCH median exec PROG us=U runs=N)
 *   --spawn L=CMD    the same for any command line, e.g. a static program
 *                    (RPROC-BENCH median spawn L us=U runs=N)
 *   --dlopen P:LIB   in a fresh process that has LIB loaded, dlopen(P) as
 *                    rproc-loader opens a plugin (median dlopen P us=U)
 *   --netlink        one CTRL_CMD_GETFAMILY round trip on generic netlink
 *                    (RPROC-BENCH median netlink us=U runs=N)
 *
 * A failed start, a trace that never shows TEXT (10 s), a load event that
 * does not come, or a stop that does not end is an error: exit 1, nothing
 * measured is printed as if it were. Exit 2: usage.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/rproc_loader.h>

#include "../../bench/bench.h"

#define WAIT_S		10.0
#define POLL_NS		200000L		/* 0.2 ms between looks at trace0 */
#define MAX_RUNS	200
#define MAX_SPAWNS	8
#define MAX_ARGS	16
#define EV_BUF		16384	/* a datagram of the family: a few messages */

enum { LOADER_KERNEL, LOADER_USER, LOADER_DIRECT, LOADER_LISTEN, LOADER_COUNT };
static const char *const loader_names[LOADER_COUNT] = {
	"kernel", "user", "direct", "listen",
};
/* what each loader attribute value is for a run */
static const char *const loader_attr[LOADER_COUNT] = { "kernel", "user", "user", "user" };

enum {
	F_RUNNING, F_TRACED, F_PENDING, F_DONE, F_SPAWN, F_EXIT, F_MINFLT, F_CPU,
	F_TOUCH_FIRST, F_TOUCH_AGAIN, F_TOUCH_FILL, F_AFTER_CPU, F_COUNT
};
static const char *const field_names[F_COUNT] = {
	"running_us", "traced_us", "pending_us", "done_us", "spawn_us", "exit_us",
	"minflt", "cpu_us", "touch_first_us", "touch_again_us", "touch_fill_us",
	"after_cpu_us",
};
/* the fields each loader's lines have */
static const unsigned int loader_fields[LOADER_COUNT] = {
	[LOADER_KERNEL] = 1u << F_RUNNING | 1u << F_TRACED,
	[LOADER_USER] = 1u << F_RUNNING | 1u << F_TRACED | 1u << F_PENDING | 1u << F_DONE,
	[LOADER_DIRECT] = (1u << F_AFTER_CPU) - 1,
	[LOADER_LISTEN] = 1u << F_RUNNING | 1u << F_TRACED | 1u << F_PENDING | 1u << F_DONE |
			  1u << F_AFTER_CPU,
};

/* the "load" multicast group, and a socket of its own for round trips */
struct events {
	struct mnl_socket *ev;
	struct mnl_socket *ctl;
	uint16_t family;
	uint32_t group;
	uint32_t seq;
	size_t len, off;	/* what is left of the last datagram in buf */
	char buf[EV_BUF];
};

struct load_event {
	uint32_t index, cookie, event;
	char loader[256];
};

struct bench {
	const char *rproc;	/* /sys/class/remoteproc/remoteprocN */
	const char *name;	/* remoteprocN */
	uint32_t index;
	char trace[256];	/* its debugfs trace0 */
	char devpath[PATH_MAX];	/* DEVPATH of its uevents */
	const char *firmware;
	const char *text;
	const char *exec;	/* the user-mode helper, or NULL */
	const char *spawns[MAX_SPAWNS];
	const char *dlopens[MAX_SPAWNS];
	int n_spawns, n_dlopens;
	const char *direct;	/* the file that keeps udev from running the helper */
	bool listen;		/* listen runs: PROG --listen serves them */
	pid_t listener;
	bool netlink;
	size_t touch;
	int runs;
	struct events events;
	double v[LOADER_COUNT][F_COUNT][MAX_RUNS];
	double t0, t1;		/* the start's write, set by its thread */
	int start_err;
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

/* --- the rproc_loader family -------------------------------------------------- */

static int family_grp_cb(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(a);

	if (type == CTRL_ATTR_MCAST_GRP_NAME && mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
		tb[type] = a;
	else if (type == CTRL_ATTR_MCAST_GRP_ID && mnl_attr_validate(a, MNL_TYPE_U32) == 0)
		tb[type] = a;
	return MNL_CB_OK;
}

static int family_attr_cb(const struct nlattr *a, void *data)
{
	struct events *e = data;
	const struct nlattr *g;

	switch (mnl_attr_get_type(a)) {
	case CTRL_ATTR_FAMILY_ID:
		if (mnl_attr_validate(a, MNL_TYPE_U16) == 0)
			e->family = mnl_attr_get_u16(a);
		break;
	case CTRL_ATTR_MCAST_GROUPS:
		mnl_attr_for_each_nested(g, a) {
			const struct nlattr *tb[CTRL_ATTR_MCAST_GRP_MAX + 1] = { NULL };

			mnl_attr_parse_nested(g, family_grp_cb, tb);
			if (tb[CTRL_ATTR_MCAST_GRP_NAME] && tb[CTRL_ATTR_MCAST_GRP_ID] &&
			    !strcmp(mnl_attr_get_str(tb[CTRL_ATTR_MCAST_GRP_NAME]),
				    RPROC_LOADER_GENL_MCGRP))
				e->group = mnl_attr_get_u32(tb[CTRL_ATTR_MCAST_GRP_ID]);
		}
		break;
	}
	return MNL_CB_OK;
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	return mnl_attr_parse(nlh, sizeof(struct genlmsghdr), family_attr_cb, data);
}

/* CTRL_CMD_GETFAMILY of rproc_loader on the ctl socket: one round trip */
static int events_getfamily(struct events *e)
{
	char buf[EV_BUF];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *genl;
	unsigned int portid = mnl_socket_get_portid(e->ctl);
	ssize_t n;
	int ret;

	nlh->nlmsg_type = GENL_ID_CTRL;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = ++e->seq;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = CTRL_CMD_GETFAMILY;
	genl->version = 1;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, RPROC_LOADER_GENL_NAME);
	if (mnl_socket_sendto(e->ctl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	do {
		n = mnl_socket_recvfrom(e->ctl, buf, sizeof(buf));
		if (n < 0)
			return -errno;
		ret = mnl_cb_run(buf, n, e->seq, portid, family_cb, e);
	} while (ret > 0);
	return ret < 0 ? -errno : 0;
}

static int events_open(struct events *e)
{
	int err;

	e->ctl = mnl_socket_open(NETLINK_GENERIC);
	e->ev = mnl_socket_open(NETLINK_GENERIC);
	if (!e->ctl || !e->ev || mnl_socket_bind(e->ctl, 0, MNL_SOCKET_AUTOPID) < 0 ||
	    mnl_socket_bind(e->ev, 0, MNL_SOCKET_AUTOPID) < 0) {
		fprintf(stderr, "rproc-start-time: generic netlink: %s\n", strerror(errno));
		return -errno;
	}
	err = events_getfamily(e);
	if (err || !e->family || !e->group) {
		fprintf(stderr, "rproc-start-time: no %s family with a '%s' group: %s\n",
			RPROC_LOADER_GENL_NAME, RPROC_LOADER_GENL_MCGRP,
			err ? strerror(-err) : "not listed");
		return err ? err : -ENOENT;
	}
	if (mnl_socket_setsockopt(e->ev, NETLINK_ADD_MEMBERSHIP, &e->group,
				  sizeof(e->group)) < 0) {
		err = -errno;
		fprintf(stderr, "rproc-start-time: join the '%s' group: %s\n",
			RPROC_LOADER_GENL_MCGRP, strerror(errno));
		return err;
	}
	return 0;
}

static int event_attr_cb(const struct nlattr *a, void *data)
{
	struct load_event *ev = data;

	switch (mnl_attr_get_type(a)) {
	case RPROC_LOADER_ATTR_RPROC_INDEX:
		if (mnl_attr_validate(a, MNL_TYPE_U32) == 0)
			ev->index = mnl_attr_get_u32(a);
		break;
	case RPROC_LOADER_ATTR_COOKIE:
		if (mnl_attr_validate(a, MNL_TYPE_U32) == 0)
			ev->cookie = mnl_attr_get_u32(a);
		break;
	case RPROC_LOADER_ATTR_EVENT:
		if (mnl_attr_validate(a, MNL_TYPE_U32) == 0)
			ev->event = mnl_attr_get_u32(a);
		break;
	case RPROC_LOADER_ATTR_LOADER:
		if (mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
			snprintf(ev->loader, sizeof(ev->loader), "%s", mnl_attr_get_str(a));
		break;
	}
	return MNL_CB_OK;
}

/*
 * The next LOAD_EVENT of rproc @index, waiting until @deadline; @when is the
 * time its datagram arrived. The rest of a datagram is kept for the next call.
 */
static int events_next(struct events *e, uint32_t index, double deadline,
		       struct load_event *out, double *when)
{
	static double arrived;
	struct pollfd pfd = { .fd = mnl_socket_get_fd(e->ev), .events = POLLIN };

	for (;;) {
		while (e->off < e->len) {
			const struct nlmsghdr *nlh = (const void *)(e->buf + e->off);
			size_t left = e->len - e->off;
			const struct genlmsghdr *genl;

			if (!mnl_nlmsg_ok(nlh, (int)left)) {
				e->off = e->len;
				break;
			}
			e->off += NLMSG_ALIGN(nlh->nlmsg_len);
			if (nlh->nlmsg_type != e->family)
				continue;
			genl = mnl_nlmsg_get_payload(nlh);
			if (genl->cmd != RPROC_LOADER_CMD_LOAD_EVENT)
				continue;
			memset(out, 0, sizeof(*out));
			mnl_attr_parse(nlh, sizeof(*genl), event_attr_cb, out);
			if (out->index != index)
				continue;
			*when = arrived;
			return 0;
		}
		int ms = (int)((deadline - bench_now()) * 1e3);
		ssize_t n;

		if (ms <= 0 || poll(&pfd, 1, ms) <= 0)
			return -ETIMEDOUT;
		n = mnl_socket_recvfrom(e->ev, e->buf, sizeof(e->buf));
		arrived = bench_now();
		if (n < 0)
			return -errno;
		e->len = (size_t)n;
		e->off = 0;
	}
}

/* the first event of @index in @mask (bits of enum rproc_loader_event) */
static int events_wait(struct bench *b, unsigned int mask, struct load_event *ev,
		       double *when)
{
	double deadline = bench_now() + WAIT_S;
	int err;

	do {
		err = events_next(&b->events, b->index, deadline, ev, when);
	} while (!err && !(mask & 1u << ev->event));
	if (err)
		fprintf(stderr, "rproc-start-time: %s: no load event (mask 0x%x) in %.0f s\n",
			b->name, mask, WAIT_S);
	return err;
}

/* --- one start ------------------------------------------------------------------- */

static void *start_thread(void *arg)
{
	struct bench *b = arg;

	b->t0 = bench_now();
	b->start_err = attr_write(b->rproc, "state", "start");
	b->t1 = bench_now();
	return NULL;
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

/* the largest mappable memory of a pending load: its size and mmap offset */
struct big_memory {
	uint64_t size, offset;
};

static int memory_attr_cb(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(a);

	if (type <= RPROC_LOADER_ATTR_MAX)
		tb[type] = a;
	return MNL_CB_OK;
}

static int memory_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[RPROC_LOADER_ATTR_MAX + 1] = { NULL };
	struct big_memory *big = data;
	const struct nlattr *size, *off;
	uint64_t sz;

	mnl_attr_parse(nlh, sizeof(struct genlmsghdr), memory_attr_cb, tb);
	size = tb[RPROC_LOADER_ATTR_MEM_SIZE];
	off = tb[RPROC_LOADER_ATTR_MEM_MMAP_OFFSET];
	if (!size || !off || mnl_attr_validate(size, MNL_TYPE_U64) ||
	    mnl_attr_validate(off, MNL_TYPE_U64))
		return MNL_CB_OK;	/* not mappable */
	sz = mnl_attr_get_u64(size);
	if (sz > big->size) {
		big->size = sz;
		big->offset = mnl_attr_get_u64(off);
	}
	return MNL_CB_OK;
}

static int memories_get(struct events *e, uint32_t index, uint32_t cookie,
			struct big_memory *big)
{
	char buf[EV_BUF];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	unsigned int portid = mnl_socket_get_portid(e->ctl);
	struct genlmsghdr *genl;
	ssize_t n;
	int ret;

	nlh->nlmsg_type = e->family;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = ++e->seq;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = RPROC_LOADER_CMD_GET_MEMORIES;
	genl->version = RPROC_LOADER_GENL_VERSION;
	mnl_attr_put_u32(nlh, RPROC_LOADER_ATTR_RPROC_INDEX, index);
	mnl_attr_put_u32(nlh, RPROC_LOADER_ATTR_COOKIE, cookie);
	if (mnl_socket_sendto(e->ctl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	memset(big, 0, sizeof(*big));
	do {
		n = mnl_socket_recvfrom(e->ctl, buf, sizeof(buf));
		if (n < 0)
			return -errno;
		ret = mnl_cb_run(buf, n, e->seq, portid, memory_cb, big);
	} while (ret > 0);
	if (ret < 0)
		return -errno;
	return big->size ? 0 : -ENOENT;
}

/*
 * Map the first --touch bytes of the largest mappable memory of the pending
 * load and touch them: one byte a page (a fault each), again (no fault), a fill.
 */
static int touch_time(struct bench *b, uint32_t cookie, double *first, double *again,
		      double *fill)
{
	struct big_memory big;
	int err;

	err = memories_get(&b->events, b->index, cookie, &big);
	if (err || big.size < b->touch) {
		fprintf(stderr, "rproc-start-time: no mappable memory of %zu bytes: %s\n",
			b->touch, err ? strerror(-err) : "all smaller");
		return err ? err : -ENOSPC;
	}
	long pg = sysconf(_SC_PAGESIZE);
	volatile uint8_t *p;
	char node[300];
	double t;
	size_t i;
	int fd;

	snprintf(node, sizeof(node), "/dev/%s", b->name);
	fd = open(node, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "rproc-start-time: %s: %s\n", node, strerror(errno));
		return -errno;
	}
	p = mmap(NULL, b->touch, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)big.offset);
	close(fd);
	if (p == MAP_FAILED) {
		fprintf(stderr, "rproc-start-time: mmap %zu bytes of %s: %s\n",
			b->touch, node, strerror(errno));
		return -errno;
	}
	t = bench_now();
	for (i = 0; i < b->touch; i += pg)
		p[i] = 0;
	*first = bench_now() - t;
	t = bench_now();
	for (i = 0; i < b->touch; i += pg)
		p[i] = 0;
	*again = bench_now() - t;
	t = bench_now();
	memset((void *)p, 0, b->touch);
	*fill = bench_now() - t;
	munmap((void *)p, b->touch);
	return 0;
}

/* run the helper as udev would for @ev; its exit status, rusage and times */
static int helper_run(struct bench *b, const struct load_event *ev, double *spawn,
		      double *exited, struct rusage *ru)
{
	char cookie[32], devpath[PATH_MAX + 8], fw[300], loader[300];
	char *envp[] = {
		"ACTION=change", "SUBSYSTEM=remoteproc", "RPROC_EVENT=load",
		"PATH=/usr/sbin:/usr/bin:/sbin:/bin", devpath, fw, cookie, loader, NULL,
	};
	int status, fd;
	pid_t pid;

	snprintf(cookie, sizeof(cookie), "RPROC_COOKIE=%u", ev->cookie);
	snprintf(devpath, sizeof(devpath), "DEVPATH=%s", b->devpath);
	snprintf(fw, sizeof(fw), "RPROC_FIRMWARE=%s", b->firmware);
	snprintf(loader, sizeof(loader), "RPROC_LOADER=%s", ev->loader);
	*spawn = bench_now();
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		fd = open("/dev/null", O_WRONLY);
		if (fd >= 0)
			dup2(fd, STDOUT_FILENO);
		execle(b->exec, b->exec, (char *)NULL, envp);
		_exit(127);
	}
	if (wait4(pid, &status, 0, ru) < 0)
		return -errno;
	*exited = bench_now();
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "rproc-start-time: %s (direct) failed (status 0x%x)\n",
			b->exec, status);
		return -ECHILD;
	}
	return 0;
}

/* the file whose existence makes the guest's udev rule run no helper */
static int direct_flag(const struct bench *b, bool on)
{
	int fd;

	if (!on)
		return unlink(b->direct) < 0 ? -errno : 0;
	fd = open(b->direct, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0) {
		fprintf(stderr, "rproc-start-time: %s: %s\n", b->direct, strerror(errno));
		return -errno;
	}
	close(fd);
	return 0;
}

/*
 * PROG --listen, ready: it sent READY=1 to the $NOTIFY_SOCKET of this
 * program (an abstract socket of its pid), so it is in the "serve" group.
 */
static int listener_up(struct bench *b)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char name[64], env[80], buf[256];
	struct pollfd pfd;
	socklen_t len;
	ssize_t n;
	int fd, err = -ETIMEDOUT;
	double deadline = bench_now() + WAIT_S;

	snprintf(name, sizeof(name), "rproc-start-time.%d", (int)getpid());
	memcpy(sa.sun_path + 1, name, strlen(name));
	len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + strlen(name));
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, len) < 0) {
		err = -errno;
		goto out;
	}
	snprintf(env, sizeof(env), "NOTIFY_SOCKET=@%s", name);
	b->listener = fork();
	if (b->listener < 0) {
		err = -errno;
		goto out;
	}
	if (b->listener == 0) {
		char *envp[] = { "PATH=/usr/sbin:/usr/bin:/sbin:/bin", env, NULL };
		int null = open("/dev/null", O_WRONLY);

		if (null >= 0)
			dup2(null, STDOUT_FILENO);
		execle(b->exec, b->exec, "--listen", (char *)NULL, envp);
		_exit(127);
	}
	pfd.fd = fd;
	pfd.events = POLLIN;
	while (bench_now() < deadline) {
		if (poll(&pfd, 1, (int)((deadline - bench_now()) * 1e3) + 1) <= 0)
			continue;
		n = recv(fd, buf, sizeof(buf) - 1, 0);
		if (n < 0)
			continue;
		buf[n] = '\0';
		if (strstr(buf, "READY=1")) {
			err = 0;
			break;
		}
	}
	if (err)
		fprintf(stderr, "rproc-start-time: %s --listen: not ready in %.0f s\n", b->exec,
			WAIT_S);
out:
	if (fd >= 0)
		close(fd);
	return err;
}

/* the events of the warm-up start: none of them is the timed run's */
static void events_drain(struct events *e)
{
	while (recv(mnl_socket_get_fd(e->ev), e->buf, sizeof(e->buf), MSG_DONTWAIT) > 0)
		;
	e->len = e->off = 0;
}

/*
 * One start and stop served by the listener, untimed. The stop comes after
 * the trace, as in a timed run: a stop right after the start caught
 * rproc-sim still opening the core, and the timed start after it waited
 * for that core's teardown (~130 ms more to hello, blamed on the listener).
 */
static int listener_warm_up(struct bench *b)
{
	double t;
	int err;

	err = attr_write(b->rproc, "loader", "user");
	if (!err)
		err = attr_write(b->rproc, "firmware", b->firmware);
	if (!err)
		err = attr_write(b->rproc, "state", "start");
	if (!err)
		err = trace_wait(b, bench_now(), &t);
	if (!err)
		err = attr_write(b->rproc, "state", "stop");
	if (!err)
		err = state_wait_offline(b);
	events_drain(&b->events);
	if (err)
		fprintf(stderr, "rproc-start-time: the listener's warm-up start failed: %s\n",
			strerror(-err));
	return err;
}

/* the listener's CPU time so far, in s (its process CPU clock; 0 if unreadable) */
static double listener_cpu(const struct bench *b)
{
	struct timespec ts;
	clockid_t clk;

	if (b->listener <= 0 || clock_getcpuclockid(b->listener, &clk) ||
	    clock_gettime(clk, &ts))
		return 0;
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* SIGTERM ends it between loads: exit 0 */
static int listener_down(struct bench *b)
{
	int status;

	if (b->listener <= 0)
		return 0;
	kill(b->listener, SIGTERM);
	if (waitpid(b->listener, &status, 0) < 0)
		return -errno;
	b->listener = 0;
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "rproc-start-time: %s --listen ended with status 0x%x\n", b->exec,
			status);
		return -ECHILD;
	}
	return 0;
}

static double tv_s(const struct timeval *tv)
{
	return tv->tv_sec + tv->tv_usec / 1e6;
}

static int bench_run_one(struct bench *b, int loader, int run)
{
	double *v[F_COUNT], t2, when, cpu0 = 0;
	struct load_event ev;
	struct rusage ru;
	pthread_t th;
	int err, f;

	for (f = 0; f < F_COUNT; f++)
		v[f] = &b->v[loader][f][run];
	err = attr_write(b->rproc, "loader", loader_attr[loader]);
	if (!err)
		err = attr_write(b->rproc, "firmware", b->firmware);
	if (!err && loader == LOADER_DIRECT)
		err = direct_flag(b, true);
	if (!err && loader == LOADER_LISTEN)
		err = listener_up(b);
	if (!err && loader == LOADER_LISTEN)
		err = listener_warm_up(b);
	if (err) {
		listener_down(b);
		return err;
	}
	b->events.len = b->events.off = 0;
	err = pthread_create(&th, NULL, start_thread, b);
	if (err)
		return -err;
	if (loader != LOADER_KERNEL) {
		err = events_wait(b, 1u << RPROC_LOADER_EV_PENDING, &ev, &when);
		*v[F_PENDING] = when;
	}
	if (!err && loader == LOADER_DIRECT) {
		err = touch_time(b, ev.cookie, v[F_TOUCH_FIRST], v[F_TOUCH_AGAIN],
				 v[F_TOUCH_FILL]);
		if (!err)
			err = helper_run(b, &ev, v[F_SPAWN], v[F_EXIT], &ru);
		*v[F_MINFLT] = ru.ru_minflt;
		*v[F_CPU] = (tv_s(&ru.ru_utime) + tv_s(&ru.ru_stime)) * 1e6;
	}
	if (!err && loader != LOADER_KERNEL) {
		err = events_wait(b, 1u << RPROC_LOADER_EV_DONE | 1u << RPROC_LOADER_EV_FAILED |
				  1u << RPROC_LOADER_EV_TIMEOUT, &ev, &when);
		*v[F_DONE] = when;
		if (!err && ev.event != RPROC_LOADER_EV_DONE)
			err = -EIO;
	}
	if (loader == LOADER_LISTEN)
		cpu0 = listener_cpu(b);
	pthread_join(th, NULL);
	if (loader == LOADER_DIRECT && direct_flag(b, false) && !err)
		err = -EIO;
	if (!err)
		err = b->start_err;
	if (!err)
		err = trace_wait(b, b->t0, &t2);
	/*
	 * what the listener did after its answer, on the CPU the core needs:
	 * its CPU time from DONE (as heard: some of it may run before) to hello
	 */
	if (loader == LOADER_LISTEN)
		*v[F_AFTER_CPU] = listener_cpu(b) - cpu0;
	if (!err)
		err = attr_write(b->rproc, "state", "stop");
	if (!err)
		err = state_wait_offline(b);
	/*
	 * the listener ends only now: a resident loader does not exit after a
	 * load, and its exit (unmapping everything, closing its plugins) is no
	 * part of a start, nor may it hold back the look at the trace or the
	 * stop (the firmware runs on after hello, for a while only)
	 */
	if (loader == LOADER_LISTEN && listener_down(b) && !err)
		err = -EIO;
	if (err)
		return err;
	*v[F_RUNNING] = b->t1;
	*v[F_TRACED] = t2;
	/* times from the write of "start", in µs; counts as they are */
	printf("RPROC-BENCH run %s %d", loader_names[loader], run + 1);
	for (f = 0; f < F_COUNT; f++) {
		if (!(loader_fields[loader] & 1u << f))
			continue;
		if (f <= F_EXIT)
			*v[f] = (*v[f] - b->t0) * 1e6;
		else if (f >= F_TOUCH_FIRST)
			*v[f] *= 1e6;
		printf(" %s=%.0f", field_names[f], *v[f]);
	}
	printf("\n");
	fflush(stdout);
	return 0;
}

/* --- the pieces alone --------------------------------------------------------------- */

/* fork, exec and wait for @argv, its output discarded */
static int spawn_time(char *const argv[], double *took)
{
	double t0 = bench_now();
	int status, fd;
	pid_t pid;

	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		fd = open("/dev/null", O_WRONLY);
		if (fd >= 0) {
			dup2(fd, STDOUT_FILENO);
			dup2(fd, STDERR_FILENO);
		}
		execv(argv[0], argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return -errno;
	*took = bench_now() - t0;
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "rproc-start-time: %s failed (status 0x%x)\n", argv[0], status);
		return -ECHILD;
	}
	return 0;
}

/* "PLUGIN[:LIB...]": in a child with each LIB loaded, the time of dlopen(PLUGIN) */
static int dlopen_time(const char *spec, double *took)
{
	char buf[PATH_MAX], *lib, *save = NULL;
	int pfd[2], status;
	double t;
	pid_t pid;

	snprintf(buf, sizeof(buf), "%s", spec);
	if (pipe(pfd) < 0)
		return -errno;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		const char *plugin = strtok_r(buf, ":", &save);

		while ((lib = strtok_r(NULL, ":", &save)))
			if (!dlopen(lib, RTLD_NOW | RTLD_GLOBAL))
				_exit(1);
		t = bench_now();
		if (!dlopen(plugin, RTLD_NOW | RTLD_LOCAL))
			_exit(2);
		t = bench_now() - t;
		_exit(write(pfd[1], &t, sizeof(t)) == sizeof(t) ? 0 : 3);
	}
	close(pfd[1]);
	if (read(pfd[0], &t, sizeof(t)) != sizeof(t))
		t = -1;
	close(pfd[0]);
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) || t < 0) {
		fprintf(stderr, "rproc-start-time: dlopen %s failed in the child (status 0x%x)\n",
			spec, status);
		return -ECHILD;
	}
	*took = t;
	return 0;
}

static double median(double *v, int n)
{
	qsort(v, n, sizeof(*v), bench_cmp);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* "LABEL=CMD ARG...": N spawns of CMD, the median as "spawn LABEL" */
static int pieces_time(struct bench *b)
{
	double *t = b->v[0][0];	/* the runs' arrays have served their purpose */
	char line[PATH_MAX], *argv[MAX_ARGS + 1], *save;
	int i, j, argc;

	if (b->exec) {
		char *ver[] = { (char *)b->exec, "--version", NULL };

		for (i = 0; i < b->runs; i++)
			if (spawn_time(ver, &t[i]))
				return -1;
		printf("RPROC-BENCH median exec %s us=%.0f runs=%d\n",
		       b->exec, median(t, b->runs) * 1e6, b->runs);
	}
	for (j = 0; j < b->n_spawns; j++) {
		snprintf(line, sizeof(line), "%s", strchr(b->spawns[j], '=') + 1);
		argc = 0;
		for (argv[0] = strtok_r(line, " ", &save); argv[argc] && argc < MAX_ARGS;)
			argv[++argc] = strtok_r(NULL, " ", &save);
		argv[argc] = NULL;
		for (i = 0; i < b->runs; i++)
			if (spawn_time(argv, &t[i]))
				return -1;
		printf("RPROC-BENCH median spawn %.*s us=%.0f runs=%d\n",
		       (int)(strchr(b->spawns[j], '=') - b->spawns[j]), b->spawns[j],
		       median(t, b->runs) * 1e6, b->runs);
	}
	for (j = 0; j < b->n_dlopens; j++) {
		for (i = 0; i < b->runs; i++)
			if (dlopen_time(b->dlopens[j], &t[i]))
				return -1;
		printf("RPROC-BENCH median dlopen %s us=%.0f runs=%d\n",
		       b->dlopens[j], median(t, b->runs) * 1e6, b->runs);
	}
	for (i = 0; b->netlink && i < b->runs; i++) {
		double t0 = bench_now();

		if (events_getfamily(&b->events))
			return -1;
		t[i] = bench_now() - t0;
	}
	if (b->netlink)
		printf("RPROC-BENCH median netlink us=%.0f runs=%d\n",
		       median(t, b->runs) * 1e6, b->runs);
	return 0;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: rproc-start-time [--rproc DIR] [--runs N] [--trace TEXT] [--exec PROG]\n"
		"                        [--direct FILE] [--listen] [--touch BYTES] [--spawn LABEL=CMD]...\n"
		"                        [--dlopen PLUGIN[:LIB]...]... [--netlink] FIRMWARE\n"
		"Time 'echo start' with the kernel's loader and with a user-mode one\n"
		"(DIR/loader = kernel, user), alternating, N runs each (20).\n"
		"  --rproc DIR   the remoteproc (/sys/class/remoteproc/remoteproc0)\n"
		"  --trace TEXT  what the firmware's trace0 shows once it runs (hello)\n"
		"  --exec PROG   the user-mode helper: time N runs of 'PROG --version'\n"
		"  --direct FILE also N user-mode runs with PROG run from here, not by udev\n"
		"                (FILE exists during them: udev's rule must then run nothing)\n"
		"  --listen      also N user-mode runs served by 'PROG --listen', started before each\n"
		"  --touch BYTES direct runs: time touching this much of the largest memory (4M)\n"
		"  --spawn L=CMD time N runs of the command line CMD, reported as L\n"
		"  --dlopen P:L  time dlopen(P) in a process with the libraries L loaded\n"
		"  --netlink     time N generic netlink round trips (CTRL_CMD_GETFAMILY)\n"
		"FIRMWARE is a name under /lib/firmware, as DIR/firmware takes it.\n");
}

static int bench_setup(struct bench *b)
{
	char path[PATH_MAX];
	const char *p;
	char *end;

	b->name = strrchr(b->rproc, '/');
	b->name = b->name ? b->name + 1 : b->rproc;
	errno = 0;
	b->index = strncmp(b->name, "remoteproc", 10) ? UINT32_MAX :
		   (uint32_t)strtoul(b->name + 10, &end, 10);
	if (b->index == UINT32_MAX || errno || *end) {
		fprintf(stderr, "rproc-start-time: --rproc %s: not a remoteprocN\n", b->rproc);
		return -EINVAL;
	}
	snprintf(b->trace, sizeof(b->trace), "/sys/kernel/debug/remoteproc/%s/trace0", b->name);
	if (!realpath(b->rproc, path) || strncmp(path, "/sys/devices/", 13)) {
		fprintf(stderr, "rproc-start-time: %s is not a device under /sys/devices\n",
			b->rproc);
		return -EINVAL;
	}
	p = path + 4;
	snprintf(b->devpath, sizeof(b->devpath), "%s", p);
	return events_open(&b->events);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "rproc", required_argument, NULL, 'r' },
		{ "runs", required_argument, NULL, 'n' },
		{ "trace", required_argument, NULL, 't' },
		{ "exec", required_argument, NULL, 'e' },
		{ "direct", required_argument, NULL, 'D' },
		{ "listen", no_argument, NULL, 'L' },
		{ "touch", required_argument, NULL, 'T' },
		{ "spawn", required_argument, NULL, 's' },
		{ "dlopen", required_argument, NULL, 'l' },
		{ "netlink", no_argument, NULL, 'N' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static struct bench b = {
		.rproc = "/sys/class/remoteproc/remoteproc0",
		.text = "hello",
		.runs = 20,
		.touch = 4 << 20,
	};
	int c, i, l, f, nl, active[LOADER_COUNT];
	char *end;

	while ((c = getopt_long(argc, argv, "r:n:t:e:D:LT:s:l:Nh", opts, NULL)) != -1) {
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
		case 'D':
			b.direct = optarg;
			break;
		case 'L':
			b.listen = true;
			break;
		case 'N':
			b.netlink = true;
			break;
		case 'T':
			errno = 0;
			b.touch = strtoul(optarg, &end, 0);
			if (*end == 'M')
				b.touch <<= 20, end++;
			if (errno || *end || !b.touch || b.touch % 4096 || b.touch > 1UL << 30) {
				fprintf(stderr, "rproc-start-time: --touch '%s': pages, 1 GiB at most\n",
					optarg);
				return 2;
			}
			break;
		case 's':
		case 'l':
			if ((c == 's' ? b.n_spawns : b.n_dlopens) == MAX_SPAWNS ||
			    (c == 's' && (!strchr(optarg, '=') || optarg[0] == '='))) {
				fprintf(stderr, "rproc-start-time: --%s '%s': LABEL=CMD, %d at most\n",
					c == 's' ? "spawn" : "dlopen", optarg, MAX_SPAWNS);
				return 2;
			}
			if (c == 's')
				b.spawns[b.n_spawns++] = optarg;
			else
				b.dlopens[b.n_dlopens++] = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc - 1 || ((b.direct || b.listen) && !b.exec)) {
		usage(stderr);
		return 2;
	}
	b.firmware = argv[optind];
	if (bench_setup(&b))
		return 1;

	nl = 0;
	active[nl++] = LOADER_KERNEL;
	active[nl++] = LOADER_USER;
	if (b.direct)
		active[nl++] = LOADER_DIRECT;
	if (b.listen)
		active[nl++] = LOADER_LISTEN;
	for (i = 0; i < b.runs; i++) {
		for (l = 0; l < nl; l++) {
			/* each loader first in turn, so all see the same machine */
			int loader = active[(l + i) % nl];

			if (bench_run_one(&b, loader, i)) {
				fprintf(stderr, "rproc-start-time: run %d (%s loader) failed\n",
					i + 1, loader_names[loader]);
				return 1;
			}
		}
	}
	for (i = 0; i < nl; i++) {
		l = active[i];
		printf("RPROC-BENCH median %s", loader_names[l]);
		for (f = 0; f < F_COUNT; f++)
			if (loader_fields[l] & 1u << f)
				printf(" %s=%.0f", field_names[f], median(b.v[l][f], b.runs));
		printf(" runs=%d\n", b.runs);
	}
	return pieces_time(&b) ? 1 : 0;
}
