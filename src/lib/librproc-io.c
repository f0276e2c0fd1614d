// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Sending and receiving: one message, batches, fragments. The fd is
 * non-blocking; waits are poll() up to a deadline. A kernel that never
 * says POLLOUT (6.1 without the patches, on virtio) is covered by waking
 * every POLL_SLICE_MS to try again, so a send still ends when a buffer
 * frees rather than at its timeout.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <linux/rpmsg.h>

#include "librproc-private.h"

#define POLL_SLICE_MS	20
/* descriptors of one batch on the stack; more are allocated */
#define BATCH_STACK	64

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* -1: no deadline */
static long deadline_of(int timeout_ms)
{
	return timeout_ms < 0 ? -1 : now_ms() + timeout_ms;
}

/*
 * Wait for events until the deadline: 0 ready (or worth another try),
 * -ETIMEDOUT, -EPIPE when the endpoint went away.
 */
static int ept_wait(struct rproc_ept *ept, short events, long deadline)
{
	struct pollfd p = { .fd = ept->fd, .events = events };
	long left;
	int n, slice;

	if (deadline >= 0) {
		left = deadline - now_ms();
		if (left <= 0)
			return -ETIMEDOUT;
	} else {
		left = -1;
	}
	slice = events & POLLOUT ? POLL_SLICE_MS : -1;
	if (left >= 0 && (slice < 0 || left < slice))
		slice = (int)left;
	n = poll(&p, 1, slice);
	if (n < 0)
		return errno == EINTR ? 0 : -errno;
	if (n > 0 && (p.revents & (POLLERR | POLLHUP | POLLNVAL)) && !(p.revents & events))
		return -EPIPE;
	return 0;
}

/* a failed write/read's errno as the library reports it */
static int io_err(int err)
{
	/* a socket stand-in whose peer closed */
	if (err == ECONNRESET || err == ENOTCONN)
		return -EPIPE;
	return -err;
}

/* one message as it goes on the wire */
static int raw_send(struct rproc_ept *ept, const void *buf, size_t len, long deadline)
{
	ssize_t n;
	int err;

	if (len > ept->mtu)
		return -EMSGSIZE;
	for (;;) {
		if (ept->is_socket)
			n = send(ept->fd, buf, len, MSG_NOSIGNAL | MSG_DONTWAIT);
		else
			n = write(ept->fd, buf, len);
		if (n >= 0)
			return (size_t)n == len ? 0 : -EIO;
		if (errno != EAGAIN && errno != EINTR)
			return io_err(errno);
		err = ept_wait(ept, POLLOUT, deadline);
		if (err < 0)
			return err;
	}
}

/* the length of the message queued next, without taking it */
static int next_size(struct rproc_ept *ept, size_t *len)
{
	__u32 size;
	ssize_t n;

	if (ept->is_socket) {
		n = recv(ept->fd, NULL, 0, MSG_PEEK | MSG_TRUNC | MSG_DONTWAIT);
		if (n < 0)
			return io_err(errno);
		*len = (size_t)n;
		return 0;
	}
	if (ioctl(ept->fd, RPMSG_GET_NEXT_SIZE_IOCTL, &size) < 0)
		return -errno;
	*len = size;
	return 0;
}

static bool peer_closed(struct rproc_ept *ept)
{
	struct pollfd p = { .fd = ept->fd, .events = POLLRDHUP };

	return poll(&p, 1, 0) == 1 && (p.revents & (POLLRDHUP | POLLHUP));
}

/* one message as it came; -EMSGSIZE (*len its length) leaves it queued */
static int raw_recv(struct rproc_ept *ept, void *buf, size_t size, size_t *len, long deadline)
{
	ssize_t n;
	int err;

	for (;;) {
		if (ept->is_socket) {
			/* a datagram socket cuts what does not fit: look first */
			err = next_size(ept, len);
			if (err == 0 && *len > size)
				return -EMSGSIZE;
			n = recv(ept->fd, buf, size, MSG_DONTWAIT);
			/* 0: an empty message, or the peer's close */
			if (n == 0 && peer_closed(ept))
				return -EPIPE;
		} else {
			n = read(ept->fd, buf, size);
		}
		if (n >= 0) {
			*len = (size_t)n;
			return 0;
		}
		if (errno == EMSGSIZE) {
			err = next_size(ept, len);
			return err < 0 ? err : -EMSGSIZE;
		}
		if (errno != EAGAIN && errno != EINTR)
			return io_err(errno);
		err = ept_wait(ept, POLLIN, deadline);
		if (err < 0)
			return err;
	}
}

/* --- fragments ------------------------------------------------------------ */

static int frag_send(struct rproc_ept *ept, const void *buf, size_t len, long deadline)
{
	size_t room = ept->mtu - FRAG_HDR_LEN, off = 0, chunk;
	struct frag_hdr h = {
		.magic = FRAG_MAGIC, .version = FRAG_VERSION, .hdr_len = FRAG_HDR_LEN,
		.msg_id = ept->tx_msg_id++, .total = (uint32_t)len,
	};
	uint8_t *frag;
	int err = 0;

	if (len > ept->max_message)
		return -EMSGSIZE;
	frag = malloc(ept->mtu);
	if (!frag)
		return -ENOMEM;
	do {
		chunk = len - off < room ? len - off : room;
		h.offset = (uint32_t)off;
		frag_hdr_put(frag, &h);
		memcpy(frag + FRAG_HDR_LEN, (const uint8_t *)buf + off, chunk);
		err = raw_send(ept, frag, FRAG_HDR_LEN + chunk, deadline);
		off += chunk;
	} while (err == 0 && off < len);
	free(frag);
	return err;
}

static int frag_recv(struct rproc_ept *ept, void *buf, size_t size, size_t *len, long deadline)
{
	uint8_t *msg, *big;
	size_t flen;
	int err;

	for (;;) {
		if (ept->reasm.ready) {
			*len = ept->reasm.total;
			if (*len > size)
				return -EMSGSIZE;
			msg = frag_reasm_take(&ept->reasm, len);
			memcpy(buf, msg, *len);
			free(msg);
			return 0;
		}
		err = raw_recv(ept, ept->rx_frag, ept->mtu, &flen, deadline);
		if (err == -EMSGSIZE) {
			/* longer than the MTU: no fragment of ours; taken and refused */
			big = malloc(flen ? flen : 1);
			if (!big)
				return -ENOMEM;
			err = raw_recv(ept, big, flen, &flen, deadline);
			if (err == 0)
				err = frag_reasm_feed(&ept->reasm, big, flen);
			free(big);
		} else if (err == 0) {
			err = frag_reasm_feed(&ept->reasm, ept->rx_frag, flen);
		}
		if (err == -EMSGSIZE) {
			INF(ept->ctx, "%s: a message over the limit of %zu bytes, dropped",
			    ept->path, ept->max_message);
			err = -EBADMSG;
		}
		if (err < 0)
			return err;
	}
}

/* --- one message ------------------------------------------------------------- */

RPROC_EXPORT int rproc_ept_send(struct rproc_ept *ept, const void *buf, size_t len,
				int timeout_ms)
{
	long deadline = deadline_of(timeout_ms);

	if (!ept || (!buf && len))
		return -EINVAL;
	if (ept->flags & RPROC_EPT_FRAGMENTS)
		return frag_send(ept, buf, len, deadline);
	return raw_send(ept, buf, len, deadline);
}

RPROC_EXPORT int rproc_ept_recv(struct rproc_ept *ept, void *buf, size_t size, size_t *len,
				int timeout_ms)
{
	long deadline = deadline_of(timeout_ms);

	if (!ept || !len || (!buf && size))
		return -EINVAL;
	if (ept->flags & RPROC_EPT_FRAGMENTS)
		return frag_recv(ept, buf, size, len, deadline);
	return raw_recv(ept, buf, size, len, deadline);
}

/* --- batches ----------------------------------------------------------------- */

/* one call per message: fragments, sockets, kernels without the ioctls */
static int batch_loop(struct rproc_ept *ept, bool tx, struct rproc_msg *msgs, size_t count,
		      size_t *done, long deadline)
{
	size_t i, len;
	int err = 0;

	for (i = 0; i < count; i++) {
		if (msgs[i].flags) {
			err = -EINVAL;
			break;
		}
		if (tx) {
			/* write() has no address: only the endpoint's own */
			if (msgs[i].addr != RPROC_ADDR_ANY) {
				err = -EOPNOTSUPP;
				break;
			}
			if (ept->flags & RPROC_EPT_FRAGMENTS)
				err = frag_send(ept, msgs[i].buf, msgs[i].len, deadline);
			else
				err = raw_send(ept, msgs[i].buf, msgs[i].len, deadline);
		} else {
			/* the first may wait; the others are what is queued */
			long d = i == 0 ? deadline : now_ms();

			if (ept->flags & RPROC_EPT_FRAGMENTS)
				err = frag_recv(ept, msgs[i].buf, msgs[i].size, &len, d);
			else
				err = raw_recv(ept, msgs[i].buf, msgs[i].size, &len, d);
			if (err == 0 || err == -EMSGSIZE)
				msgs[i].len = len;
			msgs[i].addr = RPROC_ADDR_ANY;
		}
		if (err < 0)
			break;
	}
	*done = i;
	return i > 0 ? 0 : err;
}

static int batch_ioctl(struct rproc_ept *ept, bool tx, struct rproc_msg *msgs, size_t count,
		       size_t *done, long deadline)
{
	struct rpmsg_msg_desc stack[BATCH_STACK], *d = stack;
	struct rpmsg_batch b = { .size = sizeof(b), .desc_size = sizeof(*d) };
	unsigned long req = tx ? RPMSG_SEND_BATCH_IOCTL : RPMSG_RECV_BATCH_IOCTL;
	size_t i;
	int n, err;

	if (count > UINT32_MAX / sizeof(*d))
		count = UINT32_MAX / sizeof(*d);
	if (count > BATCH_STACK) {
		d = calloc(count, sizeof(*d));
		if (!d)
			return -ENOMEM;
	} else {
		memset(stack, 0, sizeof(stack));
	}
	for (i = 0; i < count; i++) {
		size_t l = tx ? msgs[i].len : msgs[i].size;

		if (msgs[i].flags || l > UINT32_MAX) {
			err = -EINVAL;
			goto free_desc;
		}
		d[i].buf = (uintptr_t)msgs[i].buf;
		d[i].len = (uint32_t)l;
		d[i].addr = tx ? msgs[i].addr : RPMSG_ADDR_ANY;
	}
	b.count = (uint32_t)count;
	b.msgs = (uintptr_t)d;
	for (;;) {
		n = ioctl(ept->fd, req, &b);
		if (n >= 0)
			break;
		err = -errno;
		if (err == -EMSGSIZE && !tx)
			msgs[0].len = d[0].len;
		if (err != -EAGAIN && err != -EINTR)
			goto free_desc;
		err = ept_wait(ept, tx ? POLLOUT : POLLIN, deadline);
		if (err < 0)
			goto free_desc;
	}
	if ((size_t)n > count) {
		err = -EIO;
		goto free_desc;
	}
	if (!tx)
		for (i = 0; i < (size_t)n; i++) {
			msgs[i].len = d[i].len;
			msgs[i].addr = d[i].addr;
		}
	*done = (size_t)n;
	err = n > 0 ? 0 : -EAGAIN;
free_desc:
	if (d != stack)
		free(d);
	return err;
}

static int batch(struct rproc_ept *ept, bool tx, struct rproc_msg *msgs, size_t count,
		 size_t *done, int timeout_ms)
{
	long deadline = deadline_of(timeout_ms);
	int err;

	if (!ept || !done || (!msgs && count))
		return -EINVAL;
	*done = 0;
	if (count == 0)
		return 0;
	if (ept->is_socket || ept->no_batch || (ept->flags & RPROC_EPT_FRAGMENTS))
		return batch_loop(ept, tx, msgs, count, done, deadline);
	err = batch_ioctl(ept, tx, msgs, count, done, deadline);
	if (err == -ENOTTY) {
		DBG(ept->ctx, "%s: no batch ioctls: one call per message", ept->path);
		ept->no_batch = true;
		return batch_loop(ept, tx, msgs, count, done, deadline);
	}
	return err;
}

RPROC_EXPORT int rproc_ept_send_batch(struct rproc_ept *ept, struct rproc_msg *msgs,
				      size_t count, size_t *done, int timeout_ms)
{
	return batch(ept, true, msgs, count, done, timeout_ms);
}

RPROC_EXPORT int rproc_ept_recv_batch(struct rproc_ept *ept, struct rproc_msg *msgs,
				      size_t count, size_t *done, int timeout_ms)
{
	return batch(ept, false, msgs, count, done, timeout_ms);
}
