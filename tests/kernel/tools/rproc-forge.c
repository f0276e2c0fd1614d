// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * rproc-forge: a misbehaving user-mode loader for the kernel tier.
 *
 * It speaks the rproc_loader generic netlink family (libmnl) as rproc-loader
 * does, but says what a scenario asks it to say: any cookie, status, boot
 * address and resource table, a table written into a memory with chosen
 * fields, no answer at all, or a crash. It reports the kernel's verdict and
 * checks what the contract promises about mappings: while a load is pending
 * the memories map and read; once it ended, however it ended, an old mapping
 * faults (SIGBUS) and a new mmap() fails with EPERM.
 *
 * It runs from a scenario (the cookie from the load's PENDING event, which
 * it waits for) or as the helper udev runs (--from-env: DEVPATH and
 * RPROC_COOKIE of the event). See usage() for the commands; the exit status
 * tells a scenario what happened (EXIT_* below).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/rproc_loader.h>

#define EXIT_OK		0	/* done, and the kernel answered as expected */
#define EXIT_UNEXPECTED	1	/* the kernel answered otherwise: a check failed */
#define EXIT_USAGE	2
#define EXIT_SYSTEM	3	/* no netlink family, device, memory... */
#define EXIT_TIMEOUT	4	/* the awaited load event never came */

#define FORGE_MEMORIES_MAX	16
#define FORGE_NAME_MAX		64

/* struct resource_table of include/linux/remoteproc.h, the part we forge */
struct forge_rsc_header {
	uint32_t ver;
	uint32_t num;
	uint32_t reserved[2];
};

struct forge_memory {
	char name[FORGE_NAME_MAX];
	uint64_t da, size, offset;
	uint32_t flags;
	void *map;
	size_t map_len;
};

struct forge {
	struct mnl_socket *nl;		/* requests and their answers */
	struct mnl_socket *ev;		/* the "load" multicast group */
	uint32_t portid, seq;
	uint16_t family;
	uint32_t mcgrp;
	uint32_t index, cookie;
	int timeout;			/* seconds, for load events */
	int devfd;			/* /dev/remoteprocN */
	struct forge_memory mem[FORGE_MEMORIES_MAX];
	unsigned int n_mem;
	char extack[256];		/* the kernel's message of the last error */
	char buf[8192];			/* MNL_SOCKET_BUFFER_SIZE: 8 KiB at most */
};

/* what a LOAD_EVENT says */
struct forge_event {
	uint32_t index, cookie, event;
	int32_t status;
	char firmware[256], loader[64];
};

/* --- errno names: scenarios speak ESTALE, not 116 ------------------------------------ */

static const struct {
	const char *name;
	int value;
} forge_errnos[] = {
	{ "OK", 0 }, { "EPERM", EPERM }, { "ENOENT", ENOENT }, { "EINTR", EINTR },
	{ "EIO", EIO }, { "ENOEXEC", ENOEXEC }, { "EBADF", EBADF }, { "EAGAIN", EAGAIN },
	{ "ENOMEM", ENOMEM }, { "EACCES", EACCES }, { "EFAULT", EFAULT }, { "EBUSY", EBUSY },
	{ "EEXIST", EEXIST }, { "ENODEV", ENODEV }, { "EINVAL", EINVAL }, { "EFBIG", EFBIG },
	{ "ENOSPC", ENOSPC }, { "ERANGE", ERANGE }, { "ENODATA", ENODATA },
	{ "EPROTO", EPROTO }, { "EOVERFLOW", EOVERFLOW }, { "EOPNOTSUPP", EOPNOTSUPP },
	{ "ETIMEDOUT", ETIMEDOUT }, { "ESTALE", ESTALE }, { "ECANCELED", ECANCELED },
};

static const char *forge_errno_name(int err)
{
	size_t i;

	if (err < 0)
		err = -err;
	for (i = 0; i < sizeof(forge_errnos) / sizeof(forge_errnos[0]); i++)
		if (forge_errnos[i].value == err)
			return forge_errnos[i].name;
	return "E?";
}

/* "ESTALE", "-ESTALE", "116", "-116" or "OK" to a negative errno (or 0) */
static int forge_errno_parse(const char *s, int *out)
{
	const char *p = s[0] == '-' ? s + 1 : s;
	unsigned long v;
	char *end;
	size_t i;

	for (i = 0; i < sizeof(forge_errnos) / sizeof(forge_errnos[0]); i++) {
		if (!strcmp(p, forge_errnos[i].name)) {
			*out = -forge_errnos[i].value;
			return 0;
		}
	}
	errno = 0;
	v = strtoul(p, &end, 0);
	if (errno || end == p || *end || v > 4095)
		return -EINVAL;
	*out = -(int)v;
	return 0;
}

static int forge_u64_parse(const char *s, uint64_t *out)
{
	unsigned long long v;
	char *end;

	errno = 0;
	if (s[0] == '-')
		return -EINVAL;
	v = strtoull(s, &end, 0);
	if (errno || end == s || *end)
		return -EINVAL;
	*out = v;
	return 0;
}

static int forge_u32_parse(const char *s, uint32_t *out)
{
	uint64_t v;

	if (forge_u64_parse(s, &v) < 0 || v > UINT32_MAX)
		return -EINVAL;
	*out = (uint32_t)v;
	return 0;
}

static void forge_say_result(const char *what, int err)
{
	printf("%s: %s%s%s%s\n", what, err ? forge_errno_name(err) : "OK",
	       err ? " (" : "", err ? strerror(-err) : "", err ? ")" : "");
}

/* --- netlink ----------------------------------------------------------------------- */

static struct nlmsghdr *forge_msg_new(struct forge *f, uint16_t type, uint16_t flags,
				      uint8_t cmd)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(f->buf);
	struct genlmsghdr *genl;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = ++f->seq;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = type == GENL_ID_CTRL ? 1 : RPROC_LOADER_GENL_VERSION;
	return nlh;
}

/* the extack message of an error, which follows the echoed request */
static void forge_extack_take(struct forge *f, const struct nlmsghdr *nlh,
			      const struct nlmsgerr *e)
{
	const struct nlattr *attr;
	size_t off = sizeof(*e);

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - sizeof(struct nlmsghdr);
	if (MNL_ALIGN(off) >= mnl_nlmsg_get_payload_len(nlh))
		return;
	mnl_attr_for_each_payload((const void *)((const char *)e + MNL_ALIGN(off)),
				  mnl_nlmsg_get_payload_len(nlh) - MNL_ALIGN(off)) {
		if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
		    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
			snprintf(f->extack, sizeof(f->extack), "%s", mnl_attr_get_str(attr));
	}
}

static int forge_error_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	struct forge *f = *(struct forge **)data;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*e)) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	if (!e->error)
		return MNL_CB_STOP;
	forge_extack_take(f, nlh, e);
	errno = e->error < 0 ? -e->error : e->error;
	return MNL_CB_ERROR;
}

/* a dump's NLMSG_DONE carries its error, if any */
static int forge_done_cb(const struct nlmsghdr *nlh, void *data)
{
	int err = 0;

	if (mnl_nlmsg_get_payload_len(nlh) >= sizeof(int))
		memcpy(&err, mnl_nlmsg_get_payload(nlh), sizeof(err));
	if (err < 0) {
		errno = -err;
		return MNL_CB_ERROR;
	}
	return MNL_CB_STOP;
}

struct forge_talk {
	struct forge *f;	/* first: the control callbacks find it there */
	mnl_cb_t cb;
	void *data;
};

static int forge_talk_cb(const struct nlmsghdr *nlh, void *data)
{
	struct forge_talk *t = data;

	return t->cb ? t->cb(nlh, t->data) : MNL_CB_OK;
}

/* Send nlh, run cb over each answer until the ack or the dump's end; 0 or -errno. */
static int forge_talk(struct forge *f, struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	struct forge_talk t = { .f = f, .cb = cb, .data = data };
	mnl_cb_t ctl[NLMSG_MIN_TYPE] = {
		[NLMSG_ERROR] = forge_error_cb,
		[NLMSG_DONE] = forge_done_cb,
	};
	uint32_t seq = nlh->nlmsg_seq;
	ssize_t n;
	int ret;

	f->extack[0] = '\0';
	if (mnl_socket_sendto(f->nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	do {
		n = mnl_socket_recvfrom(f->nl, f->buf, sizeof(f->buf));
		if (n < 0)
			return errno == EAGAIN ? -ETIMEDOUT : -errno;
		errno = 0;
		ret = mnl_cb_run2(f->buf, (size_t)n, seq, f->portid, forge_talk_cb, &t,
				  ctl, NLMSG_MIN_TYPE);
	} while (ret > 0);
	if (ret < 0)
		return errno ? -errno : -EPROTO;
	return 0;
}

static int forge_grp_attr_cb(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;
	uint16_t type = mnl_attr_get_type(a);

	if (type == CTRL_ATTR_MCAST_GRP_NAME && mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
		tb[type] = a;
	else if (type == CTRL_ATTR_MCAST_GRP_ID && mnl_attr_validate(a, MNL_TYPE_U32) == 0)
		tb[type] = a;
	return MNL_CB_OK;
}

static void forge_mcast_groups_take(struct forge *f, const struct nlattr *groups)
{
	const struct nlattr *g;

	mnl_attr_for_each_nested(g, groups) {
		const struct nlattr *tb[CTRL_ATTR_MCAST_GRP_MAX + 1] = { NULL };

		mnl_attr_parse_nested(g, forge_grp_attr_cb, tb);
		if (tb[CTRL_ATTR_MCAST_GRP_NAME] && tb[CTRL_ATTR_MCAST_GRP_ID] &&
		    !strcmp(mnl_attr_get_str(tb[CTRL_ATTR_MCAST_GRP_NAME]),
			    RPROC_LOADER_GENL_MCGRP))
			f->mcgrp = mnl_attr_get_u32(tb[CTRL_ATTR_MCAST_GRP_ID]);
	}
}

static int forge_family_attr_cb(const struct nlattr *a, void *data)
{
	struct forge *f = data;

	switch (mnl_attr_get_type(a)) {
	case CTRL_ATTR_FAMILY_ID:
		if (mnl_attr_validate(a, MNL_TYPE_U16) == 0)
			f->family = mnl_attr_get_u16(a);
		break;
	case CTRL_ATTR_MCAST_GROUPS:
		if (mnl_attr_validate(a, MNL_TYPE_NESTED) == 0)
			forge_mcast_groups_take(f, a);
		break;
	}
	return MNL_CB_OK;
}

static int forge_family_cb(const struct nlmsghdr *nlh, void *data)
{
	return mnl_attr_parse(nlh, sizeof(struct genlmsghdr), forge_family_attr_cb, data);
}

static int forge_socket_open(struct mnl_socket **out, uint32_t *portid)
{
	struct timeval tv = { .tv_sec = 10 };
	struct mnl_socket *s;
	int one = 1, err;

	s = mnl_socket_open(NETLINK_GENERIC);
	if (!s)
		return -errno;
	if (mnl_socket_bind(s, 0, MNL_SOCKET_AUTOPID) < 0) {
		err = -errno;
		mnl_socket_close(s);
		return err;
	}
	/* the kernel's reason for a refusal, and never a hang on a lost answer */
	mnl_socket_setsockopt(s, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(mnl_socket_get_fd(s), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (portid)
		*portid = mnl_socket_get_portid(s);
	*out = s;
	return 0;
}

static int forge_open(struct forge *f)
{
	struct nlmsghdr *nlh;
	int err;

	f->seq = (uint32_t)time(NULL);
	err = forge_socket_open(&f->nl, &f->portid);
	if (err < 0) {
		fprintf(stderr, "rproc-forge: generic netlink socket: %s\n", strerror(-err));
		return err;
	}
	nlh = forge_msg_new(f, GENL_ID_CTRL, NLM_F_ACK, CTRL_CMD_GETFAMILY);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, RPROC_LOADER_GENL_NAME);
	err = forge_talk(f, nlh, forge_family_cb, f);
	if (!err && (!f->family || !f->mcgrp))
		err = -EPROTO;
	if (err < 0)
		fprintf(stderr, "rproc-forge: generic netlink family '%s': %s%s\n",
			RPROC_LOADER_GENL_NAME, strerror(-err),
			err == -ENOENT ? " (a kernel without rproc-tools' patches?)" : "");
	return err;
}

static void forge_close(struct forge *f)
{
	unsigned int i;

	for (i = 0; i < f->n_mem; i++)
		if (f->mem[i].map)
			munmap(f->mem[i].map, f->mem[i].map_len);
	f->n_mem = 0;
	if (f->devfd >= 0)
		close(f->devfd);
	f->devfd = -1;
	if (f->ev)
		mnl_socket_close(f->ev);
	f->ev = NULL;
	if (f->nl)
		mnl_socket_close(f->nl);
	f->nl = NULL;
}

/* --- load events ---------------------------------------------------------------------- */

static int forge_events_subscribe(struct forge *f)
{
	int err;

	err = forge_socket_open(&f->ev, NULL);
	if (!err && mnl_socket_setsockopt(f->ev, NETLINK_ADD_MEMBERSHIP, &f->mcgrp,
					  sizeof(f->mcgrp)) < 0)
		err = -errno;
	if (err < 0)
		fprintf(stderr, "rproc-forge: joining the '%s' group: %s\n",
			RPROC_LOADER_GENL_MCGRP, strerror(-err));
	return err;
}

static const char *forge_event_name(uint32_t ev)
{
	static const char *const names[] = {
		[RPROC_LOADER_EV_PENDING] = "PENDING",
		[RPROC_LOADER_EV_DONE] = "DONE",
		[RPROC_LOADER_EV_FAILED] = "FAILED",
		[RPROC_LOADER_EV_TIMEOUT] = "TIMEOUT",
		[RPROC_LOADER_EV_STAGED] = "STAGED",
	};

	return ev < sizeof(names) / sizeof(names[0]) && names[ev] ? names[ev] : "?";
}

static int forge_event_attr_cb(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;
	uint16_t type = mnl_attr_get_type(a);

	if (mnl_attr_type_valid(a, RPROC_LOADER_ATTR_MAX) < 0)
		return MNL_CB_OK;
	switch (type) {
	case RPROC_LOADER_ATTR_RPROC_INDEX:
	case RPROC_LOADER_ATTR_COOKIE:
	case RPROC_LOADER_ATTR_EVENT:
	case RPROC_LOADER_ATTR_STATUS:
		if (mnl_attr_validate(a, MNL_TYPE_U32) < 0)
			return MNL_CB_ERROR;
		break;
	case RPROC_LOADER_ATTR_FIRMWARE:
	case RPROC_LOADER_ATTR_LOADER:
		if (mnl_attr_validate(a, MNL_TYPE_NUL_STRING) < 0)
			return MNL_CB_ERROR;
		break;
	default:
		return MNL_CB_OK;
	}
	tb[type] = a;
	return MNL_CB_OK;
}

static int forge_event_parse(const struct nlmsghdr *nlh, struct forge_event *e)
{
	const struct nlattr *tb[RPROC_LOADER_ATTR_MAX + 1] = { NULL };

	memset(e, 0, sizeof(*e));
	if (mnl_attr_parse(nlh, sizeof(struct genlmsghdr), forge_event_attr_cb, tb) < 0)
		return -EINVAL;
	if (!tb[RPROC_LOADER_ATTR_RPROC_INDEX] || !tb[RPROC_LOADER_ATTR_COOKIE] ||
	    !tb[RPROC_LOADER_ATTR_EVENT])
		return -EINVAL;
	e->index = mnl_attr_get_u32(tb[RPROC_LOADER_ATTR_RPROC_INDEX]);
	e->cookie = mnl_attr_get_u32(tb[RPROC_LOADER_ATTR_COOKIE]);
	e->event = mnl_attr_get_u32(tb[RPROC_LOADER_ATTR_EVENT]);
	if (tb[RPROC_LOADER_ATTR_STATUS])
		e->status = (int32_t)mnl_attr_get_u32(tb[RPROC_LOADER_ATTR_STATUS]);
	if (tb[RPROC_LOADER_ATTR_FIRMWARE])
		snprintf(e->firmware, sizeof(e->firmware), "%s",
			 mnl_attr_get_str(tb[RPROC_LOADER_ATTR_FIRMWARE]));
	if (tb[RPROC_LOADER_ATTR_LOADER])
		snprintf(e->loader, sizeof(e->loader), "%s",
			 mnl_attr_get_str(tb[RPROC_LOADER_ATTR_LOADER]));
	return 0;
}

/*
 * Wait for an event of our rproc that @want accepts (a bit per event
 * number), of @cookie unless it is 0; -ETIMEDOUT after f->timeout seconds.
 */
static int forge_event_wait(struct forge *f, uint32_t want, uint32_t cookie,
			    struct forge_event *e)
{
	struct timespec now, end;
	struct nlmsghdr *nlh;
	ssize_t n;
	int left, len;

	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += f->timeout;
	for (;;) {
		struct pollfd p = { .fd = mnl_socket_get_fd(f->ev), .events = POLLIN };

		clock_gettime(CLOCK_MONOTONIC, &now);
		left = (int)((end.tv_sec - now.tv_sec) * 1000 +
			     (end.tv_nsec - now.tv_nsec) / 1000000);
		if (left <= 0)
			return -ETIMEDOUT;
		if (poll(&p, 1, left) < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (!(p.revents & (POLLIN | POLLERR)))
			continue;
		/* an error (ENOBUFS: events lost) comes with the next receive */
		n = mnl_socket_recvfrom(f->ev, f->buf, sizeof(f->buf));
		if (n < 0)
			return -errno;
		len = (int)n;
		for (nlh = (struct nlmsghdr *)f->buf; mnl_nlmsg_ok(nlh, len);
		     nlh = mnl_nlmsg_next(nlh, &len)) {
			if (nlh->nlmsg_type != f->family || forge_event_parse(nlh, e) < 0)
				continue;
			if (e->index == f->index && (!cookie || e->cookie == cookie) &&
			    e->event < 32 && (want & (1U << e->event)))
				return 0;
		}
	}
}

static int forge_pending_wait(struct forge *f)
{
	struct forge_event e;
	int err;

	printf("listening: remoteproc%u, for %d s\n", f->index, f->timeout);
	fflush(stdout);
	err = forge_event_wait(f, 1U << RPROC_LOADER_EV_PENDING, 0, &e);
	if (err < 0) {
		printf("no load of remoteproc%u began: %s\n", f->index, strerror(-err));
		return err;
	}
	f->cookie = e.cookie;
	printf("pending: remoteproc%u cookie %u firmware %s loader \"%s\"\n",
	       e.index, e.cookie, e.firmware, e.loader);
	fflush(stdout);
	return 0;
}

/* the load's end, however it ends: DONE, FAILED or TIMEOUT (STAGED keeps it open) */
static int forge_end_wait(struct forge *f, struct forge_event *e)
{
	uint32_t want = 1U << RPROC_LOADER_EV_DONE | 1U << RPROC_LOADER_EV_FAILED |
			1U << RPROC_LOADER_EV_TIMEOUT;
	int err;

	err = forge_event_wait(f, want, f->cookie, e);
	if (err < 0)
		printf("the load of remoteproc%u (cookie %u) did not end: %s\n", f->index,
		       f->cookie, strerror(-err));
	else
		printf("ended: %s status %d (%s)\n", forge_event_name(e->event), e->status,
		       e->status ? forge_errno_name(e->status) : "OK");
	return err;
}

/* --- memories --------------------------------------------------------------------------- */

static int forge_memory_attr_cb(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;
	uint16_t type = mnl_attr_get_type(a);
	enum mnl_attr_data_type t;

	if (mnl_attr_type_valid(a, RPROC_LOADER_ATTR_MAX) < 0)
		return MNL_CB_OK;
	switch (type) {
	case RPROC_LOADER_ATTR_MEM_NAME:
		t = MNL_TYPE_NUL_STRING;
		break;
	case RPROC_LOADER_ATTR_MEM_DA:
	case RPROC_LOADER_ATTR_MEM_SIZE:
	case RPROC_LOADER_ATTR_MEM_MMAP_OFFSET:
		t = MNL_TYPE_U64;
		break;
	case RPROC_LOADER_ATTR_MEM_FLAGS:
		t = MNL_TYPE_U32;
		break;
	default:
		return MNL_CB_OK;
	}
	if (mnl_attr_validate(a, t) < 0)
		return MNL_CB_ERROR;
	tb[type] = a;
	return MNL_CB_OK;
}

static int forge_memory_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[RPROC_LOADER_ATTR_MAX + 1] = { NULL };
	struct forge *f = data;
	struct forge_memory *m;

	if (mnl_attr_parse(nlh, sizeof(struct genlmsghdr), forge_memory_attr_cb, tb) < 0)
		return MNL_CB_ERROR;
	if (!tb[RPROC_LOADER_ATTR_MEM_NAME] || !tb[RPROC_LOADER_ATTR_MEM_DA] ||
	    !tb[RPROC_LOADER_ATTR_MEM_SIZE] || !tb[RPROC_LOADER_ATTR_MEM_FLAGS]) {
		errno = EPROTO;
		return MNL_CB_ERROR;
	}
	if (f->n_mem == FORGE_MEMORIES_MAX) {
		errno = E2BIG;
		return MNL_CB_ERROR;
	}
	m = &f->mem[f->n_mem++];
	memset(m, 0, sizeof(*m));
	snprintf(m->name, sizeof(m->name), "%s", mnl_attr_get_str(tb[RPROC_LOADER_ATTR_MEM_NAME]));
	m->da = mnl_attr_get_u64(tb[RPROC_LOADER_ATTR_MEM_DA]);
	m->size = mnl_attr_get_u64(tb[RPROC_LOADER_ATTR_MEM_SIZE]);
	m->flags = mnl_attr_get_u32(tb[RPROC_LOADER_ATTR_MEM_FLAGS]);
	if (tb[RPROC_LOADER_ATTR_MEM_MMAP_OFFSET])
		m->offset = mnl_attr_get_u64(tb[RPROC_LOADER_ATTR_MEM_MMAP_OFFSET]);
	else
		m->flags |= RPROC_LOADER_MEM_NOMAP;
	return MNL_CB_OK;
}

static int forge_memories_get(struct forge *f)
{
	struct nlmsghdr *nlh;
	int err;

	f->n_mem = 0;
	nlh = forge_msg_new(f, f->family, NLM_F_DUMP, RPROC_LOADER_CMD_GET_MEMORIES);
	mnl_attr_put_u32(nlh, RPROC_LOADER_ATTR_RPROC_INDEX, f->index);
	mnl_attr_put_u32(nlh, RPROC_LOADER_ATTR_COOKIE, f->cookie);
	err = forge_talk(f, nlh, forge_memory_cb, f);
	if (!err && !f->n_mem)
		err = -ENODATA;
	return err;
}

static void forge_memories_print(const struct forge *f)
{
	unsigned int i;

	for (i = 0; i < f->n_mem; i++) {
		const struct forge_memory *m = &f->mem[i];

		printf("memory %s da 0x%" PRIx64 " size 0x%" PRIx64 " flags 0x%x offset 0x%" PRIx64 "\n",
		       m->name, m->da, m->size, m->flags, m->offset);
	}
}

static int forge_device_open(struct forge *f)
{
	char path[64];
	int err;

	if (f->devfd >= 0)
		return 0;
	snprintf(path, sizeof(path), "/dev/remoteproc%u", f->index);
	f->devfd = open(path, O_RDWR | O_CLOEXEC);
	if (f->devfd < 0) {
		err = -errno;
		fprintf(stderr, "rproc-forge: %s: %s\n", path, strerror(-err));
		return err;
	}
	return 0;
}

/* map one memory whole; -errno of mmap() */
static int forge_memory_map(struct forge *f, struct forge_memory *m)
{
	long page = sysconf(_SC_PAGESIZE);
	void *p;

	m->map_len = (size_t)((m->size + (uint64_t)page - 1) & ~((uint64_t)page - 1));
	p = mmap(NULL, m->map_len, PROT_READ | PROT_WRITE, MAP_SHARED, f->devfd, (off_t)m->offset);
	if (p == MAP_FAILED)
		return -errno;
	m->map = p;
	return 0;
}

static int forge_memories_map(struct forge *f)
{
	unsigned int i, n = 0;
	int err;

	for (i = 0; i < f->n_mem; i++) {
		struct forge_memory *m = &f->mem[i];

		if (m->flags & RPROC_LOADER_MEM_NOMAP)
			continue;
		err = forge_memory_map(f, m);
		if (err < 0) {
			printf("mmap %s (offset 0x%" PRIx64 "): %s\n", m->name, m->offset,
			       strerror(-err));
			return err;
		}
		n++;
	}
	return n ? 0 : -ENODATA;
}

/* the memory that holds [da, da + len), mapped; NULL if none */
static struct forge_memory *forge_memory_at(struct forge *f, uint64_t da, uint64_t len)
{
	unsigned int i;

	for (i = 0; i < f->n_mem; i++) {
		struct forge_memory *m = &f->mem[i];

		if (m->map && da >= m->da && da - m->da <= m->size &&
		    len <= m->size - (da - m->da))
			return m;
	}
	return NULL;
}

static sigjmp_buf forge_touch_env;

static void forge_touch_fault(int sig)
{
	siglongjmp(forge_touch_env, sig);
}

/*
 * Read one byte at @p here, in this process, whose page tables hold what
 * it touched before (a revocation must zap that): 0 when the read worked,
 * the signal it raised otherwise (SIGBUS for a revoked mapping).
 */
static int forge_touch(const void *p)
{
	struct sigaction sa = { .sa_handler = forge_touch_fault }, old_bus, old_segv;
	volatile const char *c = p;
	int sig;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGBUS, &sa, &old_bus);
	sigaction(SIGSEGV, &sa, &old_segv);
	sig = sigsetjmp(forge_touch_env, 1);
	if (!sig)
		(void)*c;
	sigaction(SIGSEGV, &old_segv, NULL);
	sigaction(SIGBUS, &old_bus, NULL);
	return sig;
}

static const char *forge_touch_name(int r)
{
	if (r == 0)
		return "readable";
	if (r == SIGBUS)
		return "SIGBUS";
	if (r > 0)
		return strsignal(r);
	return strerror(-r);
}

/*
 * While the load is pending: every mapped memory reads at its first page,
 * which is then in our page tables for the revocation to zap. Count what
 * did not read.
 */
static int forge_memories_check_live(struct forge *f)
{
	unsigned int i, bad = 0;

	for (i = 0; i < f->n_mem; i++) {
		struct forge_memory *m = &f->mem[i];
		int r;

		if (!m->map)
			continue;
		r = forge_touch(m->map);
		printf("mapped %s: first page %s\n", m->name, forge_touch_name(r));
		bad += r != 0;
	}
	return bad;
}

/*
 * After the load's end: the first page (mapped before, so zapped) and the
 * last one (never mapped by us, so refused by the fault handler) fault with
 * SIGBUS. Count what did not.
 */
static int forge_memories_check_faulting(struct forge *f, const char *when)
{
	long page = sysconf(_SC_PAGESIZE);
	unsigned int i, bad = 0;

	for (i = 0; i < f->n_mem; i++) {
		struct forge_memory *m = &f->mem[i];
		int r0, r1;

		if (!m->map)
			continue;
		r0 = forge_touch(m->map);
		r1 = forge_touch((const char *)m->map + m->map_len - (size_t)page);
		printf("%s %s: first page %s, last page %s\n", when, m->name,
		       forge_touch_name(r0), forge_touch_name(r1));
		bad += r0 != SIGBUS;
		bad += r1 != SIGBUS;
	}
	return bad;
}

/*
 * ... and a new mmap() on the device opened during the load fails with
 * EPERM; tried first, as near to the end as we can.
 */
static int forge_memories_check_revoked(struct forge *f)
{
	long page = sysconf(_SC_PAGESIZE);
	unsigned int i;
	int bad = 0;
	void *p;

	for (i = 0; i < f->n_mem && !f->mem[i].map; i++)
		;
	if (i == f->n_mem)
		return 1;
	p = mmap(NULL, (size_t)page, PROT_READ, MAP_SHARED, f->devfd, (off_t)f->mem[i].offset);
	if (p != MAP_FAILED) {
		munmap(p, (size_t)page);
		bad++;
	} else if (errno != EPERM) {
		bad++;
	}
	printf("mmap %s after the load: %s\n", f->mem[i].name,
	       p == MAP_FAILED ? strerror(errno) : "succeeded");
	return bad + forge_memories_check_faulting(f, "revoked");
}

/* --- LOAD_DONE --------------------------------------------------------------------------- */

struct forge_reply {
	bool cookie_set;
	uint32_t cookie;
	int64_t cookie_delta;	/* added to the cookie: +1 forges a stale one */
	int32_t status;		/* raw: an out-of-range one is a test too */
	bool boot_set, rsc_set;
	uint64_t boot, rsc_da;
	uint32_t rsc_size, flags;
	bool flags_set;
	/* a table to write at rsc_da before answering */
	bool table;
	struct forge_rsc_header hdr;
	bool offset_set;
	uint32_t offset;
	/* what strict validation refuses: a foreign attribute, a u64 status */
	uint16_t extra_attr;
	bool wide_status;
	uint16_t genl_reserved;
	uint16_t nl_flags;	/* more nlmsg_flags than NLM_F_REQUEST | NLM_F_ACK */
};

/* Write the forged table header, and its offsets, at r->rsc_da. */
static int forge_table_write(struct forge *f, const struct forge_reply *r)
{
	uint64_t len = sizeof(r->hdr);
	struct forge_memory *m;
	unsigned int i, n;
	char *p;

	n = r->offset_set ? r->hdr.num : 0;
	if (n > 64)
		n = 64;	/* a num that lies: its offsets need not all exist */
	len += (uint64_t)n * sizeof(uint32_t);
	m = forge_memory_at(f, r->rsc_da, len);
	if (!m) {
		printf("no mapped memory holds 0x%" PRIx64 "+%" PRIu64 " for the table\n",
		       r->rsc_da, len);
		return -ERANGE;
	}
	p = (char *)m->map + (r->rsc_da - m->da);
	memcpy(p, &r->hdr, sizeof(r->hdr));
	for (i = 0; i < n; i++)
		memcpy(p + sizeof(r->hdr) + i * sizeof(uint32_t), &r->offset, sizeof(uint32_t));
	printf("table written in %s at 0x%" PRIx64 ": ver %u num %u reserved %u,%u",
	       m->name, r->rsc_da, r->hdr.ver, r->hdr.num, r->hdr.reserved[0],
	       r->hdr.reserved[1]);
	if (n)
		printf(", %u offsets %u", n, r->offset);
	printf("\n");
	return 0;
}

static int forge_load_done(struct forge *f, const struct forge_reply *r, uint32_t cookie)
{
	struct nlmsghdr *nlh;
	int err;

	nlh = forge_msg_new(f, f->family, NLM_F_ACK | r->nl_flags, RPROC_LOADER_CMD_LOAD_DONE);
	((struct genlmsghdr *)mnl_nlmsg_get_payload(nlh))->reserved = r->genl_reserved;
	mnl_attr_put_u32(nlh, RPROC_LOADER_ATTR_RPROC_INDEX, f->index);
	mnl_attr_put_u32(nlh, RPROC_LOADER_ATTR_COOKIE, cookie);
	if (r->wide_status)
		mnl_attr_put_u64(nlh, RPROC_LOADER_ATTR_STATUS, (uint64_t)(int64_t)r->status);
	else
		mnl_attr_put_u32(nlh, RPROC_LOADER_ATTR_STATUS, (uint32_t)r->status);
	if (r->extra_attr)
		mnl_attr_put_u32(nlh, r->extra_attr, 0);
	if (r->boot_set)
		mnl_attr_put_u64(nlh, RPROC_LOADER_ATTR_BOOT_ADDR, r->boot);
	if (r->rsc_set) {
		mnl_attr_put_u64(nlh, RPROC_LOADER_ATTR_RSC_DA, r->rsc_da);
		mnl_attr_put_u32(nlh, RPROC_LOADER_ATTR_RSC_SIZE, r->rsc_size);
	}
	if (r->flags_set)
		mnl_attr_put_u32(nlh, RPROC_LOADER_ATTR_FLAGS, r->flags);
	err = forge_talk(f, nlh, NULL, NULL);
	printf("LOAD_DONE remoteproc%u cookie %u status %d", f->index, cookie, r->status);
	if (r->boot_set)
		printf(" boot 0x%" PRIx64, r->boot);
	if (r->rsc_set)
		printf(" rsc 0x%" PRIx64 "+%u", r->rsc_da, r->rsc_size);
	if (r->flags_set)
		printf(" flags 0x%x", r->flags);
	if (r->extra_attr)
		printf(" attribute %u", r->extra_attr);
	if (r->wide_status)
		printf(" (status as 8 bytes)");
	if (r->genl_reserved)
		printf(" genl reserved %u", r->genl_reserved);
	if (r->nl_flags)
		printf(" nlmsg_flags +0x%x", r->nl_flags);
	forge_say_result("", err);
	if (f->extack[0])
		printf("extack: %s\n", f->extack);
	return err;
}

/* --- commands ------------------------------------------------------------------------------ */

enum forge_after {
	FORGE_AFTER_NONE,
	FORGE_AFTER_LIVE,	/* the load goes on: the mappings still read */
	FORGE_AFTER_REVOKED,	/* the load ended: they fault, mmap fails */
};

struct forge_opts {
	bool from_env, detach, expect_set, output, across, again_set;
	int expect, again;
	uint64_t map_offset, map_len;	/* mmap: 0, one page by default */
	enum forge_after after;
	struct forge_reply reply;
};

static int forge_exit_for(const struct forge_opts *o, int err)
{
	if (o->expect_set)
		return err == o->expect ? EXIT_OK : EXIT_UNEXPECTED;
	return err ? EXIT_UNEXPECTED : EXIT_OK;
}

/* The cookie of the load: given, from the uevent, or from the next PENDING event. */
static int forge_cookie_find(struct forge *f, const struct forge_opts *o)
{
	int err;

	if (o->reply.cookie_set || o->from_env) {
		f->cookie = o->reply.cookie;
		return 0;
	}
	if (!f->ev) {
		err = forge_events_subscribe(f);
		if (err < 0)
			return err;
	}
	return forge_pending_wait(f);
}

static int cmd_wait(struct forge *f, const struct forge_opts *o)
{
	int err;

	err = forge_events_subscribe(f);
	if (err < 0)
		return EXIT_SYSTEM;
	err = forge_pending_wait(f);
	return err == -ETIMEDOUT ? EXIT_TIMEOUT : err ? EXIT_SYSTEM : EXIT_OK;
}

static int cmd_memories(struct forge *f, const struct forge_opts *o)
{
	int err;

	err = forge_cookie_find(f, o);
	if (err < 0)
		return err == -ETIMEDOUT ? EXIT_TIMEOUT : EXIT_SYSTEM;
	err = forge_memories_get(f);
	forge_memories_print(f);
	forge_say_result("GET_MEMORIES", err);
	if (f->extack[0])
		printf("extack: %s\n", f->extack);
	return forge_exit_for(o, err);
}

static int cmd_reply(struct forge *f, const struct forge_opts *o)
{
	const struct forge_reply *r = &o->reply;
	int err, ret, bad = 0;

	err = forge_cookie_find(f, o);
	if (err < 0)
		return err == -ETIMEDOUT ? EXIT_TIMEOUT : EXIT_SYSTEM;
	if (r->table || o->after != FORGE_AFTER_NONE) {
		/* mapped as a helper maps them; the table goes where it would load it */
		err = forge_memories_get(f);
		if (!err)
			err = forge_device_open(f);
		if (!err)
			err = forge_memories_map(f);
		if (!err && r->table)
			err = forge_table_write(f, r);
		if (err < 0) {
			forge_say_result("preparing the memories", err);
			return EXIT_SYSTEM;
		}
		/* a page in our page tables, for the end of the load to zap */
		bad = forge_memories_check_live(f);
	}
	err = forge_load_done(f, r, (uint32_t)((int64_t)f->cookie + r->cookie_delta));
	ret = forge_exit_for(o, err);
	if (o->again_set) {
		/* at once: an answer ends the load, a second one finds none */
		err = forge_load_done(f, r, (uint32_t)((int64_t)f->cookie + r->cookie_delta));
		if (err != o->again)
			ret = EXIT_UNEXPECTED;
	}
	if (o->after == FORGE_AFTER_LIVE)
		bad += forge_memories_check_live(f);
	else if (o->after == FORGE_AFTER_REVOKED)
		bad += forge_memories_check_revoked(f);
	if (bad)
		printf("mappings: %d check(s) failed\n", bad);
	return bad ? EXIT_UNEXPECTED : ret;
}

/* Join the "load" group, as a listener would; the result is the verdict. */
static int cmd_join(struct forge *f, const struct forge_opts *o)
{
	int err;

	err = forge_events_subscribe(f);
	forge_say_result("join", err);
	return forge_exit_for(o, err);
}

static int cmd_mmap(struct forge *f, const struct forge_opts *o)
{
	long page = sysconf(_SC_PAGESIZE);
	void *p;
	int err;

	err = forge_device_open(f);
	if (err < 0)
		return EXIT_SYSTEM;
	size_t len = o->map_len ? (size_t)o->map_len : (size_t)page;
	char what[80];

	p = mmap(NULL, len, PROT_READ, MAP_SHARED, f->devfd, (off_t)o->map_offset);
	err = p == MAP_FAILED ? -errno : 0;
	if (p != MAP_FAILED)
		munmap(p, len);
	snprintf(what, sizeof(what), "mmap of 0x%zx bytes at offset 0x%" PRIx64, len, o->map_offset);
	forge_say_result(what, err);
	return forge_exit_for(o, err);
}

/* Hand the holding over to a child and return: udev runs the next helper. */
static int forge_detach(bool quiet)
{
	int fds[2], null;
	char c;
	pid_t pid;

	if (pipe(fds) < 0)
		return -errno;
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid > 0) {
		close(fds[1]);
		/* the child writes once it holds the mappings, or exits */
		if (read(fds[0], &c, 1) != 1)
			_exit(EXIT_SYSTEM);
		_exit(EXIT_OK);
	}
	close(fds[0]);
	setsid();
	/* udev's pipes would keep its worker waiting: off them (-o FILE keeps its file) */
	null = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (null >= 0) {
		dup2(null, STDIN_FILENO);
		if (quiet) {
			dup2(null, STDOUT_FILENO);
			dup2(null, STDERR_FILENO);
		}
		close(null);
	}
	return fds[1];
}

/*
 * hold: map every mappable memory of the pending load, check that they
 * read, wait for the load's end and check that the mappings are revoked.
 */
static int cmd_hold(struct forge *f, const struct forge_opts *o)
{
	struct forge_event e;
	int err, bad, ready = -1;

	/* subscribed first: the end must not pass before we listen */
	err = forge_events_subscribe(f);
	if (!err)
		err = forge_cookie_find(f, o);
	if (err < 0)
		return err == -ETIMEDOUT ? EXIT_TIMEOUT : EXIT_SYSTEM;
	if (o->detach) {
		ready = forge_detach(!o->output);
		if (ready < 0)
			return EXIT_SYSTEM;
	}
	err = forge_memories_get(f);
	if (err < 0) {
		forge_say_result("GET_MEMORIES", err);
		return EXIT_SYSTEM;
	}
	forge_memories_print(f);
	err = forge_device_open(f);
	if (!err)
		err = forge_memories_map(f);
	if (err < 0)
		return EXIT_SYSTEM;
	bad = forge_memories_check_live(f);
	printf("holding: %s\n", bad ? "some memories did not read" : "every mapped memory reads");
	fflush(stdout);
	if (ready >= 0) {
		if (write(ready, "", 1) != 1)
			return EXIT_SYSTEM;
		close(ready);
	}
	err = forge_end_wait(f, &e);
	if (err < 0)
		return err == -ETIMEDOUT ? EXIT_TIMEOUT : EXIT_SYSTEM;
	bad += forge_memories_check_revoked(f);
	if (o->across) {
		/* a later load must not bring our old mappings back */
		printf("hold: %s; waiting for the next load\n", bad ? "FAIL" : "ok");
		fflush(stdout);
		err = forge_pending_wait(f);
		if (err < 0)
			return err == -ETIMEDOUT ? EXIT_TIMEOUT : EXIT_SYSTEM;
		bad += forge_memories_check_faulting(f, "during the next load, old mapping of");
	}
	printf("hold: %s\n", bad ? "FAIL" : "ok");
	return bad ? EXIT_UNEXPECTED : EXIT_OK;
}

/* crash: a helper that dies by a signal with the memories mapped, answering nothing */
static int cmd_crash(struct forge *f, const struct forge_opts *o)
{
	struct rlimit no_core = { 0, 0 };
	int err;

	err = forge_cookie_find(f, o);
	if (!err)
		err = forge_memories_get(f);
	if (!err)
		err = forge_device_open(f);
	if (!err)
		err = forge_memories_map(f);
	if (err < 0)
		return EXIT_SYSTEM;
	forge_memories_check_live(f);
	printf("crashing with SIGSEGV, the memories mapped\n");
	fflush(stdout);
	setrlimit(RLIMIT_CORE, &no_core);
	signal(SIGSEGV, SIG_DFL);
	raise(SIGSEGV);
	return EXIT_SYSTEM;
}

/* --- the command line ------------------------------------------------------------------------ */

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: rproc-forge [OPTIONS] COMMAND\n"
		"A misbehaving user-mode loader: answers a pending load of remoteprocN as told\n"
		"and checks what the kernel does about it (kernel tier of rproc-tools).\n"
		"\n"
		"Commands (the cookie: --cookie, else --from-env, else the next load's PENDING event):\n"
		"  wait        wait for the next load; print 'pending: remoteprocN cookie C ...'\n"
		"  memories    list the pending load's memories (GET_MEMORIES)\n"
		"  reply       send LOAD_DONE with the fields below; print the kernel's verdict\n"
		"  hold        map every mappable memory, check it reads, wait for the load's\n"
		"              end, then check old mappings fault (SIGBUS) and mmap fails (EPERM)\n"
		"  crash       map the memories, then die by SIGSEGV without answering\n"
		"  mmap        try to map /dev/remoteprocN now (one page at offset 0, or\n"
		"              --map-offset=O --map-len=L)\n"
		"  join        join the family's \"load\" multicast group; print the verdict\n"
		"\n"
		"Options:\n"
		"  -r, --rproc=N           remoteprocN (default 0)\n"
		"  -c, --cookie=C          the load's cookie\n"
		"  -e, --from-env          udev-run: remoteprocN from DEVPATH, cookie from RPROC_COOKIE\n"
		"  -t, --timeout=S         seconds to wait for a load event (default 30)\n"
		"  -o, --output=FILE       append what is printed to FILE (stdout and stderr)\n"
		"  -d, --detach            hold: return once the memories are held (udev runs\n"
		"                          the next helper), the checks go on in the background\n"
		"  -x, --expect=ERRNO      exit 0 if the kernel answers ERRNO (ESTALE, -116, OK...)\n"
		"  -a, --across            hold: then wait for the next load and check that the\n"
		"                          old mappings still fault during it\n"
		"reply:\n"
		"      --cookie-delta=D    answer with the cookie plus D (a stale cookie)\n"
		"      --status=ERRNO      status (default 0); --raw-status=N sends N as is\n"
		"      --boot=ADDR         boot address\n"
		"      --rsc-da=ADDR --rsc-size=SIZE   the resource table\n"
		"      --flags=F           RPROC_LOADER_ATTR_FLAGS (1: staged)\n"
		"      --table-ver=V --table-num=N --table-reserved=R --table-offset=O\n"
		"                          write a table header (ver 1, num 0 by default) at\n"
		"                          --rsc-da in a mapped memory first; with --table-offset,\n"
		"                          num offsets of value O follow it\n"
		"      --again=ERRNO       send the same reply again at once, expect ERRNO\n"
		"      --extra-attr=TYPE   add a u32 attribute of TYPE (one LOAD_DONE does not take)\n"
		"      --wide-status       send the status as 8 bytes\n"
		"      --genl-reserved=N   a non-zero reserved field in the genetlink header\n"
		"      --nl-flags=F        add F to nlmsg_flags (0x200: NLM_F_EXCL)\n"
		"      --after=live|revoked  map the memories before answering; after it, check\n"
		"                          they still read (the load goes on) or are revoked\n"
		"  -h, --help              this text\n"
		"\n"
		"Exit status: 0 done and as expected, 1 the kernel answered otherwise (a check\n"
		"failed), 2 usage, 3 system error (no family, device, memory), 4 no load event\n"
		"in time.\n");
}

enum {
	OPT_COOKIE_DELTA = 256, OPT_STATUS, OPT_RAW_STATUS, OPT_BOOT, OPT_RSC_DA,
	OPT_RSC_SIZE, OPT_FLAGS, OPT_TABLE_VER, OPT_TABLE_NUM, OPT_TABLE_RESERVED,
	OPT_TABLE_OFFSET, OPT_AFTER, OPT_AGAIN, OPT_EXTRA_ATTR, OPT_WIDE_STATUS,
	OPT_GENL_RESERVED, OPT_NL_FLAGS, OPT_MAP_OFFSET, OPT_MAP_LEN,
};

static const struct option forge_longopts[] = {
	{ "rproc", required_argument, NULL, 'r' },
	{ "cookie", required_argument, NULL, 'c' },
	{ "from-env", no_argument, NULL, 'e' },
	{ "timeout", required_argument, NULL, 't' },
	{ "output", required_argument, NULL, 'o' },
	{ "detach", no_argument, NULL, 'd' },
	{ "across", no_argument, NULL, 'a' },
	{ "after", required_argument, NULL, OPT_AFTER },
	{ "again", required_argument, NULL, OPT_AGAIN },
	{ "expect", required_argument, NULL, 'x' },
	{ "cookie-delta", required_argument, NULL, OPT_COOKIE_DELTA },
	{ "status", required_argument, NULL, OPT_STATUS },
	{ "raw-status", required_argument, NULL, OPT_RAW_STATUS },
	{ "boot", required_argument, NULL, OPT_BOOT },
	{ "rsc-da", required_argument, NULL, OPT_RSC_DA },
	{ "rsc-size", required_argument, NULL, OPT_RSC_SIZE },
	{ "flags", required_argument, NULL, OPT_FLAGS },
	{ "table-ver", required_argument, NULL, OPT_TABLE_VER },
	{ "table-num", required_argument, NULL, OPT_TABLE_NUM },
	{ "table-reserved", required_argument, NULL, OPT_TABLE_RESERVED },
	{ "table-offset", required_argument, NULL, OPT_TABLE_OFFSET },
	{ "extra-attr", required_argument, NULL, OPT_EXTRA_ATTR },
	{ "wide-status", no_argument, NULL, OPT_WIDE_STATUS },
	{ "genl-reserved", required_argument, NULL, OPT_GENL_RESERVED },
	{ "nl-flags", required_argument, NULL, OPT_NL_FLAGS },
	{ "map-offset", required_argument, NULL, OPT_MAP_OFFSET },
	{ "map-len", required_argument, NULL, OPT_MAP_LEN },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* DEVPATH=/devices/.../remoteprocN and RPROC_COOKIE=<u32>, checked before use */
static int forge_env_take(struct forge *f, struct forge_opts *o)
{
	const char *devpath = getenv("DEVPATH"), *cookie = getenv("RPROC_COOKIE");
	const char *base;
	char *end;
	unsigned long v;

	if (!devpath || !cookie) {
		fprintf(stderr, "rproc-forge: --from-env: no DEVPATH or RPROC_COOKIE in the environment\n");
		return -EINVAL;
	}
	base = strrchr(devpath, '/');
	base = base ? base + 1 : devpath;
	errno = 0;
	if (strncmp(base, "remoteproc", 10) != 0 || !base[10] || base[10] < '0' || base[10] > '9')
		goto bad;
	v = strtoul(base + 10, &end, 10);
	if (errno || *end || v > UINT32_MAX)
		goto bad;
	f->index = (uint32_t)v;
	if (forge_u32_parse(cookie, &o->reply.cookie) < 0 || cookie[0] < '0' || cookie[0] > '9')
		goto bad;
	return 0;
bad:
	fprintf(stderr, "rproc-forge: --from-env: DEVPATH '%s' or RPROC_COOKIE '%s' malformed\n",
		devpath, cookie);
	return -EINVAL;
}

static int forge_output_open(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);

	if (fd < 0)
		return -errno;
	dup2(fd, STDOUT_FILENO);
	dup2(fd, STDERR_FILENO);
	close(fd);
	return 0;
}

static int forge_reply_opt(struct forge_reply *r, int c, const char *arg)
{
	uint32_t v;

	switch (c) {
	case OPT_COOKIE_DELTA:
		errno = 0;
		r->cookie_delta = strtoll(arg, NULL, 0);
		return errno ? -EINVAL : 0;
	case OPT_STATUS:
		return forge_errno_parse(arg, &r->status);
	case OPT_RAW_STATUS:
		errno = 0;
		r->status = (int32_t)strtol(arg, NULL, 0);
		return errno ? -EINVAL : 0;
	case OPT_BOOT:
		r->boot_set = true;
		return forge_u64_parse(arg, &r->boot);
	case OPT_RSC_DA:
		r->rsc_set = true;
		return forge_u64_parse(arg, &r->rsc_da);
	case OPT_RSC_SIZE:
		r->rsc_set = true;
		return forge_u32_parse(arg, &r->rsc_size);
	case OPT_FLAGS:
		r->flags_set = true;
		return forge_u32_parse(arg, &r->flags);
	case OPT_TABLE_VER:
		r->table = true;
		return forge_u32_parse(arg, &r->hdr.ver);
	case OPT_TABLE_NUM:
		r->table = true;
		return forge_u32_parse(arg, &r->hdr.num);
	case OPT_TABLE_RESERVED:
		r->table = true;
		return forge_u32_parse(arg, &r->hdr.reserved[0]);
	case OPT_TABLE_OFFSET:
		r->table = r->offset_set = true;
		return forge_u32_parse(arg, &r->offset);
	case OPT_EXTRA_ATTR:
	case OPT_GENL_RESERVED:
	case OPT_NL_FLAGS:
		if (forge_u32_parse(arg, &v) < 0 || !v || v > UINT16_MAX)
			return -EINVAL;
		*(c == OPT_EXTRA_ATTR ? &r->extra_attr :
		  c == OPT_GENL_RESERVED ? &r->genl_reserved : &r->nl_flags) = (uint16_t)v;
		return 0;
	case OPT_WIDE_STATUS:
		r->wide_status = true;
		return 0;
	}
	return -EINVAL;
}

static int forge_args_parse(int argc, char **argv, struct forge *f, struct forge_opts *o)
{
	int c, t;

	o->reply.hdr.ver = 1;
	while ((c = getopt_long(argc, argv, "r:c:et:o:dax:h", forge_longopts, NULL)) != -1) {
		switch (c) {
		case 'r':
			if (forge_u32_parse(optarg, &f->index) < 0)
				goto bad;
			break;
		case 'c':
			if (forge_u32_parse(optarg, &o->reply.cookie) < 0)
				goto bad;
			o->reply.cookie_set = true;
			break;
		case 'e':
			o->from_env = true;
			break;
		case 't':
			t = atoi(optarg);
			if (t <= 0 || t > 3600)
				goto bad;
			f->timeout = t;
			break;
		case 'o':
			if (forge_output_open(optarg) < 0) {
				fprintf(stderr, "rproc-forge: %s: %s\n", optarg, strerror(errno));
				return -EINVAL;
			}
			o->output = true;
			break;
		case 'd':
			o->detach = true;
			break;
		case 'a':
			o->across = true;
			break;
		case OPT_AGAIN:
			if (forge_errno_parse(optarg, &o->again) < 0)
				goto bad;
			o->again_set = true;
			break;
		case OPT_AFTER:
			if (!strcmp(optarg, "live"))
				o->after = FORGE_AFTER_LIVE;
			else if (!strcmp(optarg, "revoked"))
				o->after = FORGE_AFTER_REVOKED;
			else
				goto bad;
			break;
		case 'x':
			if (forge_errno_parse(optarg, &o->expect) < 0)
				goto bad;
			o->expect_set = true;
			break;
		case OPT_MAP_OFFSET:
		case OPT_MAP_LEN:
			if (forge_u64_parse(optarg, c == OPT_MAP_LEN ? &o->map_len : &o->map_offset) < 0 ||
			    (c == OPT_MAP_LEN && (!o->map_len || o->map_len > SIZE_MAX)))
				goto bad;
			break;
		case 'h':
			usage(stdout);
			exit(EXIT_OK);
		case '?':
			return -EINVAL;
		default:
			if (forge_reply_opt(&o->reply, c, optarg) < 0)
				goto bad;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "rproc-forge: one COMMAND expected (see --help)\n");
		return -EINVAL;
	}
	return 0;
bad:
	fprintf(stderr, "rproc-forge: bad value '%s' for %s (see --help)\n", optarg,
		argv[optind - 1]);
	return -EINVAL;
}

static const struct {
	const char *name;
	int (*run)(struct forge *f, const struct forge_opts *o);
	bool netlink;
} forge_commands[] = {
	{ "wait", cmd_wait, true },
	{ "memories", cmd_memories, true },
	{ "reply", cmd_reply, true },
	{ "hold", cmd_hold, true },
	{ "crash", cmd_crash, true },
	{ "join", cmd_join, true },
	{ "mmap", cmd_mmap, false },
};

int main(int argc, char **argv)
{
	struct forge f = { .devfd = -1, .timeout = 30 };
	struct forge_opts o = { 0 };
	unsigned int i;
	int ret;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (forge_args_parse(argc, argv, &f, &o) < 0)
		return EXIT_USAGE;
	if (o.from_env && forge_env_take(&f, &o) < 0)
		return EXIT_USAGE;
	for (i = 0; i < sizeof(forge_commands) / sizeof(forge_commands[0]); i++)
		if (!strcmp(argv[optind], forge_commands[i].name))
			break;
	if (i == sizeof(forge_commands) / sizeof(forge_commands[0])) {
		fprintf(stderr, "rproc-forge: unknown command '%s' (see --help)\n", argv[optind]);
		return EXIT_USAGE;
	}
	if (forge_commands[i].netlink && forge_open(&f) < 0) {
		forge_close(&f);
		return EXIT_SYSTEM;
	}
	ret = forge_commands[i].run(&f, &o);
	forge_close(&f);
	return ret;
}
