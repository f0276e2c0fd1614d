// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The mailbox: doorbells both ways between the host and the core.
 *
 * Core side: a 4 KiB register block at [mailbox] da, 32-bit registers:
 *   0x00 STATUS  bit 0: a host->core message is pending
 *   0x04 RX      read: pops the next host->core message (0 when none)
 *   0x08 TX      write: sends a core->host message
 *   0x0c ID      reads 0x3158424d ("MBX1")
 *
 * Host side: a SOCK_SEQPACKET socket PATH/mailbox.sock; each packet is one
 * 32-bit little-endian message, in either direction. One host at a time is
 * connected; core->host messages with none connected are dropped (counted).
 * Kernel host (--device): the rproc_sim driver's control device takes the
 * socket's place without any change to the firmware. Its KICK events are
 * the host->core messages, a TX write becomes a KICK event back, and START
 * and STOP start and stop the core (linux/rproc_sim.h).
 * External core (--ivshmem): sim-ivshmem.c feeds the same queue and
 * requests through sim_mailbox_host_*(), and takes the TX writes.
 */
#include <endian.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <linux/rproc_sim.h>

#include "log.h"
#include "sim.h"

#define MBOX_STATUS	0x00
#define MBOX_RX		0x04
#define MBOX_TX		0x08
#define MBOX_ID		0x0c
#define MBOX_ID_VALUE	0x3158424d
#define MBOX_QUEUE	256
#define MBOX_SOCKET	"mailbox.sock"

struct sim_mailbox {
	pthread_mutex_t lock;
	uint32_t queue[MBOX_QUEUE];	/* host->core, a ring */
	unsigned int head, count;
	unsigned long dropped_rx, dropped_tx;
	int listen_fd;
	int client_fd;
	int wake_fd;			/* eventfd: a message arrived */
	int quit_fd;			/* eventfd: stop the thread */
	pthread_t thread;
	char *path;
	/* kernel host */
	struct sim *s;
	bool start_pending, host_gone;
	uint64_t boot_addr;
};

static void mbox_wake(struct sim_mailbox *mb)
{
	uint64_t one = 1;

	if (write(mb->wake_fd, &one, sizeof(one)) < 0)
		WRN("mailbox: cannot wake the core: %s", strerror(errno));
}

static void mbox_push(struct sim_mailbox *mb, uint32_t v)
{
	pthread_mutex_lock(&mb->lock);
	if (mb->count == MBOX_QUEUE) {
		mb->dropped_rx++;
	} else {
		mb->queue[(mb->head + mb->count) % MBOX_QUEUE] = v;
		mb->count++;
		/*
		 * The core's interrupt line, high while messages wait: raised
		 * under the lock that RX lowers it under, or a pop between the
		 * two would leave it high with none waiting.
		 */
		sim_irq_raise(mb->s, SIM_LINE_MAILBOX);
	}
	pthread_mutex_unlock(&mb->lock);
	mbox_wake(mb);
}

void sim_mailbox_host_kick(struct sim *s, uint32_t v)
{
	mbox_push(s->mbox, v);
}

/* A START: a run in progress ends first, the next one boots at boot. */
void sim_mailbox_host_start(struct sim *s, uint64_t boot)
{
	struct sim_mailbox *mb = s->mbox;

	pthread_mutex_lock(&mb->lock);
	mb->start_pending = true;
	mb->boot_addr = boot;
	s->stop_requested = true;
	pthread_mutex_unlock(&mb->lock);
	sim_core_kick(s);
	mbox_wake(mb);
	sim_irq_kick(s);
}

/* A STOP: the run loop sees it at the next instruction or wake-up. */
void sim_mailbox_host_stop(struct sim *s)
{
	/* the run loop sees it at the next block or wake-up */
	s->stop_requested = true;
	sim_core_kick(s);
	mbox_wake(s->mbox);
	sim_irq_kick(s);
}

/* The kernel host: its events, as linux/rproc_sim.h defines them. */
static void *mbox_dev_thread(void *arg)
{
	struct sim_mailbox *mb = arg;
	struct sim *s = mb->s;

	for (;;) {
		struct pollfd p[2] = {
			{ .fd = mb->quit_fd, .events = POLLIN },
			{ .fd = s->dev_fd, .events = POLLIN },
		};
		struct rproc_sim_event ev;
		ssize_t n;

		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p[0].revents)
			break;
		n = read(s->dev_fd, &ev, sizeof(ev));
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n != sizeof(ev)) {
			if (n < 0)
				ERR("%s: read: %s", s->mem->path, strerror(errno));
			else
				ERR("%s: short event of %zd bytes", s->mem->path, n);
			pthread_mutex_lock(&mb->lock);
			mb->host_gone = true;
			pthread_mutex_unlock(&mb->lock);
			s->stop_requested = true;
			sim_core_kick(s);
			mbox_wake(mb);
			sim_irq_kick(s);
			break;
		}
		switch (ev.type) {
		case RPROC_SIM_EV_KICK:
			sim_mailbox_host_kick(s, ev.value);
			break;
		case RPROC_SIM_EV_START:
			sim_mailbox_host_start(s, ev.boot_addr);
			break;
		case RPROC_SIM_EV_STOP:
			sim_mailbox_host_stop(s);
			break;
		default:
			WRN("%s: unknown event type %u ignored", s->mem->path, ev.type);
		}
	}
	return NULL;
}

/* The host side: accept a host, read its messages into the queue. */
static void *mbox_thread(void *arg)
{
	struct sim_mailbox *mb = arg;

	for (;;) {
		struct pollfd p[3] = {
			{ .fd = mb->quit_fd, .events = POLLIN },
			{ .fd = mb->listen_fd, .events = POLLIN },
			{ .fd = mb->client_fd, .events = POLLIN },
		};
		uint32_t v;
		ssize_t n;
		int fd;

		if (poll(p, mb->client_fd >= 0 ? 3 : 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p[0].revents)
			break;
		if (p[1].revents & POLLIN) {
			fd = accept4(mb->listen_fd, NULL, NULL, SOCK_CLOEXEC);
			if (fd >= 0) {
				pthread_mutex_lock(&mb->lock);
				if (mb->client_fd >= 0)
					close(mb->client_fd);	/* the newest host wins */
				mb->client_fd = fd;
				pthread_mutex_unlock(&mb->lock);
			}
			continue;
		}
		if (mb->client_fd >= 0 && p[2].revents) {
			n = recv(mb->client_fd, &v, sizeof(v), 0);
			if (n == sizeof(v)) {
				mbox_push(mb, le32toh(v));
			} else if (n <= 0) {
				pthread_mutex_lock(&mb->lock);
				close(mb->client_fd);
				mb->client_fd = -1;
				pthread_mutex_unlock(&mb->lock);
			} else {
				WRN("mailbox: ignored a %zd-byte packet (messages are 4 bytes)", n);
			}
		}
	}
	return NULL;
}

static uint64_t mbox_read(uc_engine *uc, uint64_t off, unsigned int size, void *user)
{
	struct sim *s = user;
	struct sim_mailbox *mb = s->mbox;
	uint64_t v = 0;

	pthread_mutex_lock(&mb->lock);
	switch (off) {
	case MBOX_STATUS:
		v = mb->count ? 1 : 0;
		break;
	case MBOX_RX:
		if (mb->count) {
			v = mb->queue[mb->head];
			mb->head = (mb->head + 1) % MBOX_QUEUE;
			mb->count--;
			/* under the lock: a push after this raises it again */
			if (!mb->count)
				sim_irq_lower(s, SIM_LINE_MAILBOX);
		}
		break;
	case MBOX_ID:
		v = MBOX_ID_VALUE;
		break;
	}
	pthread_mutex_unlock(&mb->lock);
	return v;
}

static void mbox_write(uc_engine *uc, uint64_t off, unsigned int size, uint64_t value,
		       void *user)
{
	struct sim *s = user;
	struct sim_mailbox *mb = s->mbox;
	uint32_t v = htole32((uint32_t)value);

	if (off != MBOX_TX)
		return;
	if (s->ivs) {
		sim_ivshmem_kick(s, (uint32_t)value);
		return;
	}
	if (s->dev_fd >= 0) {
		struct rproc_sim_event ev = {
			.type = RPROC_SIM_EV_KICK,
			.value = (uint32_t)value,
		};

		if (write(s->dev_fd, &ev, sizeof(ev)) != sizeof(ev))
			mb->dropped_tx++;
		return;
	}
	pthread_mutex_lock(&mb->lock);
	if (mb->client_fd < 0 ||
	    send(mb->client_fd, &v, sizeof(v), MSG_DONTWAIT | MSG_NOSIGNAL) != sizeof(v))
		mb->dropped_tx++;
	pthread_mutex_unlock(&mb->lock);
}

int sim_mailbox_map(struct sim *s)
{
	return sim_memory_device_map(s, "mailbox", s->mem->mailbox_da, SIM_MAILBOX_SIZE,
				     mbox_read, mbox_write, s);
}

int sim_mailbox_start(struct sim *s)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct sim_mailbox *mb;
	int err;

	err = sim_irq_start(s);
	if (err < 0)
		return err;
	mb = calloc(1, sizeof(*mb));
	if (!mb)
		return -ENOMEM;
	pthread_mutex_init(&mb->lock, NULL);
	mb->client_fd = -1;
	mb->listen_fd = mb->wake_fd = mb->quit_fd = -1;
	mb->s = s;
	s->mbox = mb;
	mb->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	mb->quit_fd = eventfd(0, EFD_CLOEXEC);
	if (mb->wake_fd < 0 || mb->quit_fd < 0)
		return -errno;
	if (s->ivs)
		return 0;	/* sim-ivshmem.c's thread is the host end */
	if (s->dev_fd >= 0) {
		err = -pthread_create(&mb->thread, NULL, mbox_dev_thread, mb);
		if (err)
			mb->thread = 0;
		return err;
	}
	if (asprintf(&mb->path, "%s/%s", s->dir, MBOX_SOCKET) < 0)
		return -ENOMEM;
	if (strlen(mb->path) >= sizeof(sa.sun_path)) {
		ERR("%s: path too long for a socket (%zu bytes at most)", mb->path,
		    sizeof(sa.sun_path) - 1);
		return -ENAMETOOLONG;
	}
	strcpy(sa.sun_path, mb->path);
	mb->listen_fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (mb->listen_fd < 0)
		return -errno;
	unlink(mb->path);	/* a stale socket of an earlier run */
	if (bind(mb->listen_fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(mb->listen_fd, 4) < 0) {
		err = -errno;
		ERR("%s: %s", mb->path, strerror(-err));
		return err;
	}
	err = -pthread_create(&mb->thread, NULL, mbox_thread, mb);
	if (err) {
		mb->thread = 0;
		return err;
	}
	return 0;
}

void sim_mailbox_stop(struct sim *s)
{
	struct sim_mailbox *mb = s->mbox;
	uint64_t one = 1;

	if (!mb)
		return;
	if (mb->thread) {
		if (write(mb->quit_fd, &one, sizeof(one)) == sizeof(one))
			pthread_join(mb->thread, NULL);
	}
	/* a full queue loses doorbells the host sent; a core ringing with no
	 * host connected is as normal as an interrupt nobody waits for */
	if (mb->dropped_rx)
		WRN("mailbox: dropped %lu host->core messages: the queue of %d was full",
		    mb->dropped_rx, MBOX_QUEUE);
	if (mb->dropped_tx)
		INF("mailbox: %lu core->host messages with no host connected",
		     mb->dropped_tx);
	if (mb->client_fd >= 0)
		close(mb->client_fd);
	if (mb->listen_fd >= 0) {
		close(mb->listen_fd);
		unlink(mb->path);
	}
	if (mb->wake_fd >= 0)
		close(mb->wake_fd);
	if (mb->quit_fd >= 0)
		close(mb->quit_fd);
	pthread_mutex_destroy(&mb->lock);
	free(mb->path);
	free(mb);
	s->mbox = NULL;
}

bool sim_mailbox_pending(struct sim *s)
{
	bool p;

	if (!s->mbox)
		return false;
	pthread_mutex_lock(&s->mbox->lock);
	p = s->mbox->count > 0;
	pthread_mutex_unlock(&s->mbox->lock);
	return p;
}

int sim_mailbox_wait_start(struct sim *s, uint64_t *boot)
{
	struct sim_mailbox *mb = s->mbox;
	struct pollfd p = { .fd = mb->wake_fd, .events = POLLIN };
	uint64_t n;

	for (;;) {
		pthread_mutex_lock(&mb->lock);
		if (mb->host_gone) {
			pthread_mutex_unlock(&mb->lock);
			return -ECANCELED;
		}
		if (mb->start_pending) {
			mb->start_pending = false;
			*boot = mb->boot_addr;
			/* a new run: doorbells and a STOP of the last one are void */
			mb->count = 0;
			sim_irq_lower(s, SIM_LINE_MAILBOX);
			s->stop_requested = false;
			pthread_mutex_unlock(&mb->lock);
			return 0;
		}
		pthread_mutex_unlock(&mb->lock);
		if (poll(&p, 1, -1) < 0 && errno != EINTR)
			return -errno;
		if (read(mb->wake_fd, &n, sizeof(n)) < 0 && errno != EAGAIN)
			return -errno;
	}
}

void sim_mailbox_report_crash(struct sim *s)
{
	struct rproc_sim_event ev = { .type = RPROC_SIM_EV_CRASH };

	if (s->ivs) {
		sim_ivshmem_report_crash(s);
		return;
	}
	if (s->dev_fd >= 0 && write(s->dev_fd, &ev, sizeof(ev)) != sizeof(ev))
		WRN("%s: cannot report the crash: %s", s->mem->path, strerror(errno));
}

int sim_mailbox_kick(const char *dir, const uint32_t *v, unsigned int n,
		     unsigned int replies, int timeout_ms)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	unsigned int i;
	int fd, err = 0;

	if ((size_t)snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/%s", dir,
			     MBOX_SOCKET) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		err = -errno;
		ERR("%s: %s (is rproc-sim running on %s?)", sa.sun_path, strerror(-err), dir);
		goto out;
	}
	for (i = 0; i < n; i++) {
		uint32_t w = htole32(v[i]);

		if (send(fd, &w, sizeof(w), MSG_NOSIGNAL) != sizeof(w)) {
			err = -errno;
			ERR("%s: send: %s", sa.sun_path, strerror(-err));
			goto out;
		}
	}
	for (i = 0; i < replies; i++) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		uint32_t w;

		if (poll(&p, 1, timeout_ms) <= 0 || recv(fd, &w, sizeof(w), 0) != sizeof(w)) {
			ERR("%s: reply %u of %u did not come", sa.sun_path, i + 1, replies);
			err = -ETIMEDOUT;
			goto out;
		}
		printf("0x%08x\n", le32toh(w));
	}
out:
	close(fd);
	return err;
}
