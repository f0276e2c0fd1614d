// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The rproc_loader generic netlink family, spoken with libmnl.
 *
 * Replies are untrusted input like the firmware: every attribute is checked
 * for its type and length before it is read, names must be printable, and
 * a memory's range must not wrap. A reply that does not come within
 * NL_RECV_TIMEOUT is an error, never a hang.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/rproc_loader.h>

#include "log.h"
#include "loader-netlink.h"

#define NL_RECV_TIMEOUT		10	/* seconds */
#define NL_NAME_MAX		63

struct loader_netlink {
	struct mnl_socket *sock;
	uint32_t portid;
	uint32_t seq;
	uint16_t family;
	uint32_t serve_group;	/* the "serve" group's id, 0: the kernel has none */
	char buf[8192];		/* MNL_SOCKET_BUFFER_SIZE: 8 KiB at most */
};

static struct nlmsghdr *nl_put_genl(struct loader_netlink *nl, uint16_t type,
				    uint16_t flags, uint8_t cmd, uint8_t version)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(nl->buf);
	struct genlmsghdr *genl;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = ++nl->seq;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = version;
	return nlh;
}

/* Send nlh and run cb over the answer until it ends; 0 or -errno. */
static int nl_talk(struct loader_netlink *nl, struct nlmsghdr *nlh, mnl_cb_t cb,
		   void *data, const char *step)
{
	uint32_t seq = nlh->nlmsg_seq;
	ssize_t n;
	int ret;

	if (mnl_socket_sendto(nl->sock, nlh, nlh->nlmsg_len) < 0) {
		ret = -errno;
		ERR("netlink: %s: send: %s", step, strerror(-ret));
		return ret;
	}
	do {
		n = mnl_socket_recvfrom(nl->sock, nl->buf, sizeof(nl->buf));
		if (n < 0) {
			ret = -errno;
			if (ret == -EAGAIN)
				ret = -ETIMEDOUT;
			ERR("netlink: %s: no answer: %s", step, strerror(-ret));
			return ret;
		}
		/* an NLMSG_ERROR sets errno; a callback's refusal does not */
		errno = 0;
		ret = mnl_cb_run(nl->buf, (size_t)n, seq, nl->portid, cb, data);
	} while (ret > 0);
	if (ret < 0)
		return errno ? -errno : -EPROTO;
	return 0;
}

/* --- family lookup ---------------------------------------------------------- */

static int family_grp_attr_cb(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;
	uint16_t type = mnl_attr_get_type(a);

	if (type == CTRL_ATTR_MCAST_GRP_NAME) {
		if (mnl_attr_validate(a, MNL_TYPE_NUL_STRING) < 0)
			return MNL_CB_ERROR;
		tb[type] = a;
	} else if (type == CTRL_ATTR_MCAST_GRP_ID) {
		if (mnl_attr_validate(a, MNL_TYPE_U32) < 0)
			return MNL_CB_ERROR;
		tb[type] = a;
	}
	return MNL_CB_OK;
}

/* the id of the "serve" group among the family's groups */
static int family_groups_parse(const struct nlattr *groups, uint32_t *serve)
{
	const struct nlattr *g;

	mnl_attr_for_each_nested(g, groups) {
		const struct nlattr *tb[CTRL_ATTR_MCAST_GRP_MAX + 1] = { NULL };

		if (mnl_attr_parse_nested(g, family_grp_attr_cb, tb) < 0)
			return MNL_CB_ERROR;
		if (tb[CTRL_ATTR_MCAST_GRP_NAME] && tb[CTRL_ATTR_MCAST_GRP_ID] &&
		    strcmp(mnl_attr_get_str(tb[CTRL_ATTR_MCAST_GRP_NAME]),
			   RPROC_LOADER_GENL_MCGRP_SERVE) == 0)
			*serve = mnl_attr_get_u32(tb[CTRL_ATTR_MCAST_GRP_ID]);
	}
	return MNL_CB_OK;
}

static int family_attr_cb(const struct nlattr *a, void *data)
{
	struct loader_netlink *nl = data;

	switch (mnl_attr_get_type(a)) {
	case CTRL_ATTR_FAMILY_ID:
		if (mnl_attr_validate(a, MNL_TYPE_U16) < 0)
			return MNL_CB_ERROR;
		nl->family = mnl_attr_get_u16(a);
		break;
	case CTRL_ATTR_MCAST_GROUPS:
		if (mnl_attr_validate(a, MNL_TYPE_NESTED) < 0)
			return MNL_CB_ERROR;
		return family_groups_parse(a, &nl->serve_group);
	}
	return MNL_CB_OK;
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	return mnl_attr_parse(nlh, sizeof(struct genlmsghdr), family_attr_cb, data);
}

int loader_netlink_open(struct loader_netlink **out)
{
	struct timeval tv = { .tv_sec = NL_RECV_TIMEOUT };
	struct loader_netlink *nl;
	struct nlmsghdr *nlh;
	int err;

	nl = calloc(1, sizeof(*nl));
	if (!nl)
		return -ENOMEM;
	nl->seq = (uint32_t)time(NULL);
	nl->sock = mnl_socket_open(NETLINK_GENERIC);
	if (!nl->sock || mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		err = -errno;
		ERR("netlink: cannot open a generic netlink socket: %s", strerror(-err));
		goto err;
	}
	nl->portid = mnl_socket_get_portid(nl->sock);
	setsockopt(mnl_socket_get_fd(nl->sock), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));

	nlh = nl_put_genl(nl, GENL_ID_CTRL, NLM_F_ACK, CTRL_CMD_GETFAMILY, 1);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, RPROC_LOADER_GENL_NAME);
	err = nl_talk(nl, nlh, family_cb, nl, "family lookup");
	if (err == -ENOENT)
		ERR("netlink: the kernel has no '%s' family: it lacks rproc-tools' remoteproc patches",
		    RPROC_LOADER_GENL_NAME);
	else if (err < 0)
		ERR("netlink: looking up family '%s': %s", RPROC_LOADER_GENL_NAME,
		    strerror(-err));
	else if (!nl->family) {
		ERR("netlink: family '%s': the kernel's answer has no id",
		    RPROC_LOADER_GENL_NAME);
		err = -EPROTO;
	}
	if (err < 0)
		goto err;
	*out = nl;
	return 0;
err:
	loader_netlink_close(nl);
	return err;
}

void loader_netlink_close(struct loader_netlink *nl)
{
	if (!nl)
		return;
	if (nl->sock)
		mnl_socket_close(nl->sock);
	free(nl);
}

/* --- GET_MEMORIES ----------------------------------------------------------------- */

static const enum mnl_attr_data_type memory_types[RPROC_LOADER_ATTR_MAX + 1] = {
	[RPROC_LOADER_ATTR_RPROC_INDEX] = MNL_TYPE_U32,
	[RPROC_LOADER_ATTR_COOKIE] = MNL_TYPE_U32,
	[RPROC_LOADER_ATTR_MEM_NAME] = MNL_TYPE_NUL_STRING,
	[RPROC_LOADER_ATTR_MEM_DA] = MNL_TYPE_U64,
	[RPROC_LOADER_ATTR_MEM_SIZE] = MNL_TYPE_U64,
	[RPROC_LOADER_ATTR_MEM_FLAGS] = MNL_TYPE_U32,
	[RPROC_LOADER_ATTR_MEM_MMAP_OFFSET] = MNL_TYPE_U64,
};

static int memory_attr_cb(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;
	uint16_t type = mnl_attr_get_type(a);

	/* unknown attributes are newer kernels' additions: skipped */
	if (mnl_attr_type_valid(a, RPROC_LOADER_ATTR_MAX) < 0 || !memory_types[type])
		return MNL_CB_OK;
	if (mnl_attr_validate(a, memory_types[type]) < 0) {
		ERR("netlink: memory attribute %u: bad type or length", type);
		return MNL_CB_ERROR;
	}
	tb[type] = a;
	return MNL_CB_OK;
}

static bool name_is_printable(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > NL_NAME_MAX)
		return false;
	for (; *s; s++)
		if (*s <= ' ' || *s > '~')
			return false;
	return true;
}

int loader_netlink_parse_memory(const void *payload, size_t len, uint32_t index,
				uint32_t cookie, struct loader_nl_memory *m)
{
	const struct nlattr *tb[RPROC_LOADER_ATTR_MAX + 1] = { NULL };
	/* the cookie was the request's; a kernel may echo it, then it must match */
	static const int need[] = {
		RPROC_LOADER_ATTR_RPROC_INDEX,
		RPROC_LOADER_ATTR_MEM_NAME, RPROC_LOADER_ATTR_MEM_DA,
		RPROC_LOADER_ATTR_MEM_SIZE, RPROC_LOADER_ATTR_MEM_FLAGS,
	};
	const char *name;
	unsigned int i;
	bool nomap;

	memset(m, 0, sizeof(*m));
	if (mnl_attr_parse_payload(payload, len, memory_attr_cb, tb) < 0)
		return -EINVAL;
	for (i = 0; i < sizeof(need) / sizeof(need[0]); i++) {
		if (!tb[need[i]]) {
			ERR("netlink: memory without attribute %d", need[i]);
			return -EINVAL;
		}
	}
	if (mnl_attr_get_u32(tb[RPROC_LOADER_ATTR_RPROC_INDEX]) != index ||
	    (tb[RPROC_LOADER_ATTR_COOKIE] &&
	     mnl_attr_get_u32(tb[RPROC_LOADER_ATTR_COOKIE]) != cookie)) {
		ERR("netlink: a memory of another load (rproc %u, cookie %u)",
		    mnl_attr_get_u32(tb[RPROC_LOADER_ATTR_RPROC_INDEX]),
		    tb[RPROC_LOADER_ATTR_COOKIE] ?
		    mnl_attr_get_u32(tb[RPROC_LOADER_ATTR_COOKIE]) : cookie);
		return -EINVAL;
	}
	name = mnl_attr_get_str(tb[RPROC_LOADER_ATTR_MEM_NAME]);
	if (!name_is_printable(name)) {
		ERR("netlink: memory name '%.*s' is not 1-%d printable characters",
		    NL_NAME_MAX, name, NL_NAME_MAX);
		return -EINVAL;
	}
	/*
	 * A memory user space cannot map has no place on /dev/remoteprocN:
	 * the kernel lists it without an offset (rproc_loader_put_memory()
	 * puts MEM_MMAP_OFFSET only for a mappable one). Every other memory
	 * must have one.
	 */
	nomap = mnl_attr_get_u32(tb[RPROC_LOADER_ATTR_MEM_FLAGS]) & RPROC_LOADER_MEM_NOMAP;
	if (!nomap && !tb[RPROC_LOADER_ATTR_MEM_MMAP_OFFSET]) {
		ERR("netlink: memory %s: mappable, but without attribute %d (its mmap offset)",
		    name, RPROC_LOADER_ATTR_MEM_MMAP_OFFSET);
		return -EINVAL;
	}
	m->mem.da = mnl_attr_get_u64(tb[RPROC_LOADER_ATTR_MEM_DA]);
	m->mem.size = mnl_attr_get_u64(tb[RPROC_LOADER_ATTR_MEM_SIZE]);
	/* never mapped: an offset a kernel may send anyway means nothing */
	m->mmap_offset = nomap ? 0 : mnl_attr_get_u64(tb[RPROC_LOADER_ATTR_MEM_MMAP_OFFSET]);
	if (!m->mem.size || m->mem.da + m->mem.size - 1 < m->mem.da ||
	    m->mmap_offset + m->mem.size - 1 < m->mmap_offset) {
		ERR("netlink: memory %s: da 0x%llx size 0x%llx offset 0x%llx: empty or wraps",
		    name, (unsigned long long)m->mem.da, (unsigned long long)m->mem.size,
		    (unsigned long long)m->mmap_offset);
		return -EINVAL;
	}
	m->mem.flags = nomap ? RPROC_MEMORY_NOMAP : 0;
	m->mem.name = strdup(name);
	return m->mem.name ? 0 : -ENOMEM;
}

struct memories_dump {
	uint32_t index, cookie;
	struct loader_nl_memory *mem;
	unsigned int n, max;
};

static int memories_cb(const struct nlmsghdr *nlh, void *data)
{
	struct memories_dump *d = data;
	size_t hdr = MNL_ALIGN(sizeof(struct genlmsghdr));

	if (mnl_nlmsg_get_payload_len(nlh) < hdr)
		return MNL_CB_ERROR;
	if (d->n == d->max) {
		ERR("netlink: more than %u memories", d->max);
		return MNL_CB_ERROR;
	}
	if (loader_netlink_parse_memory((const char *)mnl_nlmsg_get_payload(nlh) + hdr,
					mnl_nlmsg_get_payload_len(nlh) - hdr,
					d->index, d->cookie, &d->mem[d->n]) < 0)
		return MNL_CB_ERROR;
	d->n++;
	return MNL_CB_OK;
}

int loader_netlink_get_memories(struct loader_netlink *nl, uint32_t index, uint32_t cookie,
				struct loader_nl_memory *mem, unsigned int max)
{
	struct memories_dump d = { .index = index, .cookie = cookie, .mem = mem, .max = max };
	struct nlmsghdr *nlh;
	unsigned int i;
	int err;

	nlh = nl_put_genl(nl, nl->family, NLM_F_DUMP, RPROC_LOADER_CMD_GET_MEMORIES,
			  RPROC_LOADER_GENL_VERSION);
	mnl_attr_put_u32(nlh, RPROC_LOADER_ATTR_RPROC_INDEX, index);
	mnl_attr_put_u32(nlh, RPROC_LOADER_ATTR_COOKIE, cookie);
	err = nl_talk(nl, nlh, memories_cb, &d, "GET_MEMORIES");
	if (!err && d.n == 0) {
		ERR("netlink: remoteproc%u lists no memories", index);
		err = -ENODATA;
	}
	if (err < 0) {
		if (err != -EPROTO)
			ERR("netlink: GET_MEMORIES of remoteproc%u (cookie %u): %s", index,
			    cookie, strerror(-err));
		for (i = 0; i < d.n; i++)
			free((char *)mem[i].mem.name);
		return err;
	}
	return (int)d.n;
}

/* --- LOAD_DONE ------------------------------------------------------------------------ */

int loader_netlink_load_done(struct loader_netlink *nl, uint32_t index, uint32_t cookie,
			     int32_t status, uint64_t boot_addr, uint64_t rsc_da,
			     uint32_t rsc_size)
{
	struct nlmsghdr *nlh;
	int err;

	nlh = nl_put_genl(nl, nl->family, NLM_F_ACK, RPROC_LOADER_CMD_LOAD_DONE,
			  RPROC_LOADER_GENL_VERSION);
	mnl_attr_put_u32(nlh, RPROC_LOADER_ATTR_RPROC_INDEX, index);
	mnl_attr_put_u32(nlh, RPROC_LOADER_ATTR_COOKIE, cookie);
	mnl_attr_put_u32(nlh, RPROC_LOADER_ATTR_STATUS, (uint32_t)status);
	if (status == 0) {
		mnl_attr_put_u64(nlh, RPROC_LOADER_ATTR_BOOT_ADDR, boot_addr);
		mnl_attr_put_u64(nlh, RPROC_LOADER_ATTR_RSC_DA, rsc_da);
		mnl_attr_put_u32(nlh, RPROC_LOADER_ATTR_RSC_SIZE, rsc_size);
	}
	err = nl_talk(nl, nlh, NULL, NULL, "LOAD_DONE");
	if (err < 0)
		ERR("netlink: remoteproc%u refused the answer (status %d, boot 0x%llx, resource table 0x%llx+%u): %s",
		    index, status, (unsigned long long)boot_addr,
		    (unsigned long long)rsc_da, rsc_size, strerror(-err));
	return err;
}

int loader_netlink_load_done_prebuild(struct loader_netlink *nl, uint32_t index,
				      uint32_t cookie, int32_t status,
				      struct loader_nl_prebuilt *out)
{
	struct nlmsghdr *nlh;

	nlh = nl_put_genl(nl, nl->family, 0, RPROC_LOADER_CMD_LOAD_DONE,
			  RPROC_LOADER_GENL_VERSION);
	mnl_attr_put_u32(nlh, RPROC_LOADER_ATTR_RPROC_INDEX, index);
	mnl_attr_put_u32(nlh, RPROC_LOADER_ATTR_COOKIE, cookie);
	mnl_attr_put_u32(nlh, RPROC_LOADER_ATTR_STATUS, (uint32_t)status);
	if (nlh->nlmsg_len > sizeof(out->msg))
		return -ENOSPC;
	memcpy(out->msg, nlh, nlh->nlmsg_len);
	out->len = nlh->nlmsg_len;
	out->fd = mnl_socket_get_fd(nl->sock);
	return 0;
}

int loader_netlink_prebuilt_send(const struct loader_nl_prebuilt *p)
{
	/* to the kernel: port 0, no group */
	struct sockaddr_nl to = { .nl_family = AF_NETLINK };

	return sendto(p->fd, p->msg, p->len, 0, (const struct sockaddr *)&to, sizeof(to)) < 0 ?
	       -1 : 0;
}

/* --- CLAIM and the "serve" group: a resident loader -------------------------------- */

int loader_netlink_claim(struct loader_netlink *nl, uint32_t index, uint32_t cookie)
{
	struct nlmsghdr *nlh;
	int err;

	nlh = nl_put_genl(nl, nl->family, NLM_F_ACK, RPROC_LOADER_CMD_CLAIM,
			  RPROC_LOADER_GENL_VERSION);
	mnl_attr_put_u32(nlh, RPROC_LOADER_ATTR_RPROC_INDEX, index);
	mnl_attr_put_u32(nlh, RPROC_LOADER_ATTR_COOKIE, cookie);
	err = nl_talk(nl, nlh, NULL, NULL, "CLAIM");
	/* another loader's, or over already: the caller says so, not an error */
	if (err < 0 && err != -EBUSY && err != -ENOENT && err != -ESTALE)
		ERR("netlink: CLAIM of the load of remoteproc%u (cookie %u): %s", index,
		    cookie, strerror(-err));
	return err;
}

int loader_netlink_serve_join(struct loader_netlink *nl)
{
	unsigned int group = nl->serve_group;
	int err;

	if (!group) {
		ERR("netlink: family '%s' has no '%s' group: the kernel's remoteproc patches predate resident loaders",
		    RPROC_LOADER_GENL_NAME, RPROC_LOADER_GENL_MCGRP_SERVE);
		return -EOPNOTSUPP;
	}
	if (mnl_socket_setsockopt(nl->sock, NETLINK_ADD_MEMBERSHIP, &group, sizeof(group)) < 0) {
		err = -errno;
		ERR("netlink: joining group '%s': %s%s", RPROC_LOADER_GENL_MCGRP_SERVE,
		    strerror(-err),
		    err == -EPERM ? " (it needs CAP_SYS_ADMIN and CAP_NET_ADMIN)" : "");
		return err;
	}
	/* a member waits for events as long as it likes */
	setsockopt(mnl_socket_get_fd(nl->sock), SOL_SOCKET, SO_RCVTIMEO,
		   &(struct timeval){ 0 }, sizeof(struct timeval));
	return 0;
}

int loader_netlink_get_fd(const struct loader_netlink *nl)
{
	return mnl_socket_get_fd(nl->sock);
}

static const enum mnl_attr_data_type event_types[RPROC_LOADER_ATTR_MAX + 1] = {
	[RPROC_LOADER_ATTR_RPROC_INDEX] = MNL_TYPE_U32,
	[RPROC_LOADER_ATTR_COOKIE] = MNL_TYPE_U32,
	[RPROC_LOADER_ATTR_EVENT] = MNL_TYPE_U32,
	[RPROC_LOADER_ATTR_STATUS] = MNL_TYPE_U32,
	[RPROC_LOADER_ATTR_FIRMWARE] = MNL_TYPE_NUL_STRING,
	[RPROC_LOADER_ATTR_LOADER] = MNL_TYPE_NUL_STRING,
};

static int event_attr_cb(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;
	uint16_t type = mnl_attr_get_type(a);

	if (mnl_attr_type_valid(a, RPROC_LOADER_ATTR_MAX) < 0 || !event_types[type])
		return MNL_CB_OK;
	if (mnl_attr_validate(a, event_types[type]) < 0) {
		ERR("netlink: event attribute %u: bad type or length", type);
		return MNL_CB_ERROR;
	}
	tb[type] = a;
	return MNL_CB_OK;
}

static int event_str_copy(const struct nlattr *a, char *buf, size_t size, const char *what)
{
	const char *s = mnl_attr_get_str(a);

	if (strlen(s) >= size) {
		ERR("netlink: event with a %s of %zu bytes (at most %zu)", what, strlen(s),
		    size - 1);
		return -EINVAL;
	}
	memcpy(buf, s, strlen(s) + 1);
	return 0;
}

int loader_netlink_parse_event(const void *payload, size_t len, struct loader_nl_event *ev)
{
	const struct nlattr *tb[RPROC_LOADER_ATTR_MAX + 1] = { NULL };
	static const int need[] = {
		RPROC_LOADER_ATTR_RPROC_INDEX, RPROC_LOADER_ATTR_COOKIE,
		RPROC_LOADER_ATTR_EVENT, RPROC_LOADER_ATTR_FIRMWARE,
	};
	unsigned int i;

	memset(ev, 0, sizeof(*ev));
	if (mnl_attr_parse_payload(payload, len, event_attr_cb, tb) < 0)
		return -EINVAL;
	for (i = 0; i < sizeof(need) / sizeof(need[0]); i++) {
		if (!tb[need[i]]) {
			ERR("netlink: load event without attribute %d", need[i]);
			return -EINVAL;
		}
	}
	ev->index = mnl_attr_get_u32(tb[RPROC_LOADER_ATTR_RPROC_INDEX]);
	ev->cookie = mnl_attr_get_u32(tb[RPROC_LOADER_ATTR_COOKIE]);
	ev->event = mnl_attr_get_u32(tb[RPROC_LOADER_ATTR_EVENT]);
	if (tb[RPROC_LOADER_ATTR_STATUS])
		ev->status = (int32_t)mnl_attr_get_u32(tb[RPROC_LOADER_ATTR_STATUS]);
	if (event_str_copy(tb[RPROC_LOADER_ATTR_FIRMWARE], ev->firmware,
			   sizeof(ev->firmware), "firmware name") < 0)
		return -EINVAL;
	if (tb[RPROC_LOADER_ATTR_LOADER] &&
	    event_str_copy(tb[RPROC_LOADER_ATTR_LOADER], ev->loader, sizeof(ev->loader),
			   "loader name") < 0)
		return -EINVAL;
	return 0;
}

int loader_netlink_event_recv(struct loader_netlink *nl, loader_nl_event_fn fn, void *data)
{
	const struct nlmsghdr *nlh;
	size_t hdr = MNL_ALIGN(sizeof(struct genlmsghdr));
	struct loader_nl_event ev;
	ssize_t n;
	int len;

	n = recv(mnl_socket_get_fd(nl->sock), nl->buf, sizeof(nl->buf), MSG_DONTWAIT);
	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? 0 : -errno;
	len = (int)n;
	for (nlh = (const struct nlmsghdr *)nl->buf; mnl_nlmsg_ok(nlh, len);
	     nlh = mnl_nlmsg_next(nlh, &len)) {
		const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);

		/* the family's multicasts only: from the kernel, of this family */
		if (nlh->nlmsg_type != nl->family || nlh->nlmsg_pid != 0 ||
		    mnl_nlmsg_get_payload_len(nlh) < hdr ||
		    genl->cmd != RPROC_LOADER_CMD_LOAD_EVENT)
			continue;
		if (loader_netlink_parse_event((const char *)genl + hdr,
					       mnl_nlmsg_get_payload_len(nlh) - hdr, &ev) < 0)
			continue;
		fn(&ev, data);
	}
	return 0;
}
