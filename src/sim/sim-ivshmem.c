// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The external core: rproc-sim as the ivshmem server of QEMU's
 * ivshmem-doorbell device, on the machine that runs QEMU. The guest's
 * rproc_sim driver binds the device; the core lives here and outlives the
 * guest.
 *
 * The shared memory is a file, PATH/ivshmem.shm, laid out as
 * linux/rproc_sim.h says: the control block (struct rproc_sim_shm) in the
 * first page, then the memories of PATH/memories.ini one after the other,
 * each from a page boundary, the whole rounded up to a power of two (a PCI
 * BAR's size). It is made anew, zeroed, at each start of rproc-sim.
 *
 * QEMU's protocol (docs/specs/ivshmem-spec.rst): on a connection the
 * server sends, as 8-byte little-endian numbers, the protocol version (0),
 * the guest's peer id, -1 with the shared memory's fd, then its own peer id
 * (SIM_IVS_CORE_ID) once per vector with the eventfd that rings the core on
 * that vector, then the guest's id once per vector with the eventfd that
 * rings the guest (QEMU turns it into MSI-X). One guest at a time: a second
 * connection is closed at once. A guest that goes away leaves the core as
 * it is, running or not; the next one finds it in the control block.
 *
 * The guest's doorbells arrive here: vector RPROC_SIM_VEC_KICK takes the
 * notify ids of host_kicks into the mailbox queue, as the control device's
 * KICK events are (sim-mailbox.c); RPROC_SIM_VEC_CTRL reads a new request.
 * The serving loop (sim_ivshmem_serve) answers START when the core is set
 * up, STOP when it is down. A START to an offline core while the guest has
 * set the hold word (rproc/sim-shm.h) is answered here at once, with no
 * core: the guest reads back what its loader left in the memories.
 */
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <linux/rproc_sim.h>
#include <rproc/sim-shm.h>

#include "log.h"
#include "sim.h"

#define SIM_IVS_SHM_FILE	"ivshmem.shm"
#define SIM_IVS_CORE_ID		0	/* the guests get 1, 2, ... */
#define SIM_IVS_PAGE		4096ull
#define SIM_IVS_KICK_IDS	32	/* bits of host_kicks and core_kicks */

struct sim_ivshmem {
	pthread_mutex_t lock;		/* protects what the two threads share */
	struct rproc_sim_shm *ctrl;	/* the control block, mapped */
	int shm_fd;
	uint64_t shm_size;
	char *shm_path;
	char *sock_path;
	int listen_fd;
	int core_fd[RPROC_SIM_VECTORS];	/* the guest rings the core */
	int quit_fd;
	pthread_t thread;
	/* the guest connected, if any */
	int client_fd;
	int guest_fd[RPROC_SIM_VECTORS];	/* the core rings the guest */
	uint32_t guest_id, next_id;
	/* requests */
	uint32_t seen_seq;		/* the last request_seq read */
	uint32_t start_seq;		/* a START to answer once the core is up */
	uint32_t stop_seq;		/* a STOP to answer once it is down */
	bool stop_pending;
	bool core_running;		/* between an answered START and the run's end */
	bool held;			/* a START answered under the hold, no STOP yet */
	unsigned long dropped_kicks;
};

static uint64_t sim_ivs_round_pow2(uint64_t v)
{
	uint64_t p = SIM_IVS_PAGE;

	while (p < v)
		p <<= 1;
	return p;
}

/* One message of the protocol: an 8-byte little-endian number, maybe an fd. */
static int sim_ivs_send(int sock, int64_t v, int fd)
{
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	int64_t le = (int64_t)htole64((uint64_t)v);
	struct iovec iov = { .iov_base = &le, .iov_len = sizeof(le) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *c;

	if (fd >= 0) {
		memset(&u, 0, sizeof(u));
		msg.msg_control = u.buf;
		msg.msg_controllen = sizeof(u.buf);
		c = CMSG_FIRSTHDR(&msg);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &fd, sizeof(int));
	}
	if (sendmsg(sock, &msg, MSG_NOSIGNAL) != (ssize_t)sizeof(le))
		return -errno;
	return 0;
}

static void sim_ivs_ring(int fd)
{
	uint64_t one = 1;

	if (fd >= 0 && write(fd, &one, sizeof(one)) != sizeof(one))
		WRN("ivshmem: cannot ring the guest: %s", strerror(errno));
}

/* With the lock held: the guest is gone, or never finished connecting. */
static void sim_ivs_client_drop(struct sim_ivshmem *iv)
{
	unsigned int i;

	if (iv->client_fd < 0)
		return;
	close(iv->client_fd);
	iv->client_fd = -1;
	for (i = 0; i < RPROC_SIM_VECTORS; i++) {
		if (iv->guest_fd[i] >= 0)
			close(iv->guest_fd[i]);
		iv->guest_fd[i] = -1;
	}
}

/* A new guest: its id, the shared memory, the core's vectors and its own. */
static void sim_ivs_client_add(struct sim_ivshmem *iv, int fd)
{
	uint32_t id = iv->next_id;
	unsigned int i;
	int err = 0;

	pthread_mutex_lock(&iv->lock);
	if (iv->client_fd >= 0) {
		pthread_mutex_unlock(&iv->lock);
		WRN("%s: a second guest connected while guest %u is: refused (one at a time)",
		    iv->sock_path, iv->guest_id);
		close(fd);
		return;
	}
	iv->client_fd = fd;
	iv->guest_id = id;
	iv->next_id = id == UINT16_MAX ? SIM_IVS_CORE_ID + 1 : id + 1;
	for (i = 0; i < RPROC_SIM_VECTORS && !err; i++) {
		iv->guest_fd[i] = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
		if (iv->guest_fd[i] < 0)
			err = -errno;
	}
	if (!err)
		err = sim_ivs_send(fd, 0, -1);	/* protocol version */
	if (!err)
		err = sim_ivs_send(fd, id, -1);
	if (!err)
		err = sim_ivs_send(fd, -1, iv->shm_fd);
	for (i = 0; i < RPROC_SIM_VECTORS && !err; i++)
		err = sim_ivs_send(fd, SIM_IVS_CORE_ID, iv->core_fd[i]);
	for (i = 0; i < RPROC_SIM_VECTORS && !err; i++)
		err = sim_ivs_send(fd, id, iv->guest_fd[i]);
	if (err) {
		ERR("%s: guest %u: setup failed: %s", iv->sock_path, id, strerror(-err));
		sim_ivs_client_drop(iv);
	} else {
		__atomic_store_n(&iv->ctrl->guest_id, id, __ATOMIC_RELEASE);
		INF("%s: guest %u connected; the core is %s", iv->sock_path, id,
		    iv->core_running ? "running" : iv->held ? "held" : "not running");
	}
	pthread_mutex_unlock(&iv->lock);
}

/* With the lock held: tell the guest a request is answered (or the state moved). */
static void sim_ivs_answer(struct sim_ivshmem *iv, uint32_t state, uint32_t seq)
{
	__atomic_store_n(&iv->ctrl->state, state, __ATOMIC_RELEASE);
	__atomic_store_n(&iv->ctrl->ack_seq, seq, __ATOMIC_RELEASE);
	sim_ivs_ring(iv->guest_fd[RPROC_SIM_VEC_CTRL]);
}

/* The guest rang RPROC_SIM_VEC_CTRL: a request, if its sequence moved on. */
static void sim_ivs_request(struct sim *s)
{
	struct sim_ivshmem *iv = s->ivs;
	uint32_t seq, req;
	uint64_t boot;

	seq = __atomic_load_n(&iv->ctrl->request_seq, __ATOMIC_ACQUIRE);
	pthread_mutex_lock(&iv->lock);
	if (seq == iv->seen_seq) {
		pthread_mutex_unlock(&iv->lock);
		return;
	}
	iv->seen_seq = seq;
	req = __atomic_load_n(&iv->ctrl->request, __ATOMIC_RELAXED);
	boot = __atomic_load_n(&iv->ctrl->boot_addr, __ATOMIC_RELAXED);
	switch (req) {
	case RPROC_SIM_REQ_START:
		if (!iv->core_running &&
		    __atomic_load_n(&iv->ctrl->reserved[RPROC_SIM_SHM_HOLD_WORD],
				    __ATOMIC_RELAXED) == RPROC_SIM_SHM_HOLD) {
			/* running as far as the guest knows; nothing executes */
			INF("%s: start, boot 0x%08llx, held (the hold word is set): the core does not run",
			    iv->shm_path, (unsigned long long)boot);
			iv->held = true;
			__atomic_store_n(&iv->ctrl->core_kicks, 0, __ATOMIC_RELAXED);
			__atomic_store_n(&iv->ctrl->exit_code, 0, __ATOMIC_RELAXED);
			sim_ivs_answer(iv, RPROC_SIM_STATE_RUNNING, seq);
			pthread_mutex_unlock(&iv->lock);
			return;
		}
		/* a running core first stops: the guest boots it anew */
		iv->held = false;
		iv->start_seq = seq;
		pthread_mutex_unlock(&iv->lock);
		sim_mailbox_host_start(s, boot);
		return;
	case RPROC_SIM_REQ_STOP:
		if (!iv->core_running) {
			if (iv->held)
				INF("%s: stop of the held start", iv->shm_path);
			iv->held = false;
			sim_ivs_answer(iv, RPROC_SIM_STATE_OFFLINE, seq);
			pthread_mutex_unlock(&iv->lock);
			return;
		}
		iv->stop_seq = seq;
		iv->stop_pending = true;
		pthread_mutex_unlock(&iv->lock);
		sim_mailbox_host_stop(s);
		return;
	default:
		WRN("%s: request %u (seq %u) unknown: ignored", iv->shm_path, req, seq);
		pthread_mutex_unlock(&iv->lock);
	}
}

/* The guest rang RPROC_SIM_VEC_KICK: each notify id kicked, to the mailbox. */
static void sim_ivs_kicks(struct sim *s)
{
	uint32_t kicks = __atomic_exchange_n(&s->ivs->ctrl->host_kicks, 0, __ATOMIC_ACQ_REL);
	unsigned int id;

	DBG("ivshmem: the guest kicked 0x%08x", kicks);
	for (id = 0; id < SIM_IVS_KICK_IDS; id++)
		if (kicks & (1u << id))
			sim_mailbox_host_kick(s, id);
}

static void sim_ivs_drain(int fd)
{
	uint64_t n;

	while (read(fd, &n, sizeof(n)) == sizeof(n))
		;
}

static void *sim_ivs_thread(void *arg)
{
	struct sim *s = arg;
	struct sim_ivshmem *iv = s->ivs;

	for (;;) {
		struct pollfd p[3 + RPROC_SIM_VECTORS] = {
			{ .fd = iv->quit_fd, .events = POLLIN },
			{ .fd = iv->listen_fd, .events = POLLIN },
			{ .fd = iv->client_fd, .events = POLLIN },
			{ .fd = iv->core_fd[RPROC_SIM_VEC_KICK], .events = POLLIN },
			{ .fd = iv->core_fd[RPROC_SIM_VEC_CTRL], .events = POLLIN },
		};
		ssize_t n;
		char c;
		int fd;

		if (poll(p, 3 + RPROC_SIM_VECTORS, -1) < 0) {
			if (errno == EINTR)
				continue;
			ERR("%s: poll: %s", iv->sock_path, strerror(errno));
			break;
		}
		if (p[0].revents)
			break;
		if (p[1].revents & POLLIN) {
			fd = accept4(iv->listen_fd, NULL, NULL, SOCK_CLOEXEC);
			if (fd >= 0)
				sim_ivs_client_add(iv, fd);
		}
		/* the protocol is one-way: the guest never sends; EOF is its end */
		n = p[2].revents && iv->client_fd >= 0 ?
		    recv(iv->client_fd, &c, 1, MSG_DONTWAIT) : -1;
		if (n >= 0 || (p[2].revents && errno != EAGAIN && errno != EINTR)) {
			pthread_mutex_lock(&iv->lock);
			INF("%s: guest %u disconnected; the core goes on %s", iv->sock_path,
			    iv->guest_id, iv->core_running ? "running" : iv->held ? "held" : "stopped");
			sim_ivs_client_drop(iv);
			pthread_mutex_unlock(&iv->lock);
		}
		if (p[3 + RPROC_SIM_VEC_KICK].revents & POLLIN) {
			sim_ivs_drain(iv->core_fd[RPROC_SIM_VEC_KICK]);
			sim_ivs_kicks(s);
		}
		if (p[3 + RPROC_SIM_VEC_CTRL].revents & POLLIN) {
			sim_ivs_drain(iv->core_fd[RPROC_SIM_VEC_CTRL]);
			sim_ivs_request(s);
		}
	}
	return NULL;
}

/* The shared memory: the file, its layout, the control block. */
static int sim_ivs_shm_create(struct sim *s, struct sim_ivshmem *iv)
{
	struct memories *m = s->mem;
	uint64_t off = RPROC_SIM_SHM_CTRL_SIZE;
	unsigned int i;
	int err;

	if (m->n > RPROC_SIM_SHM_MEMS) {
		ERR("%s: %u memories: the external core has room for %d", m->path, m->n,
		    RPROC_SIM_SHM_MEMS);
		return -EINVAL;
	}
	for (i = 0; i < m->n; i++) {
		if (m->mem[i].da % SIM_IVS_PAGE || m->mem[i].size % SIM_IVS_PAGE ||
		    strlen(m->mem[i].name) >= RPROC_SIM_NAME_LEN) {
			ERR("%s: [memory %s]: da and size must be 4 KiB multiples, the name shorter than %d bytes",
			    m->path, m->mem[i].name, RPROC_SIM_NAME_LEN);
			return -EINVAL;
		}
		s->dev_off[i] = off;
		off += m->mem[i].size;
	}
	iv->shm_size = sim_ivs_round_pow2(off);
	iv->shm_fd = open(iv->shm_path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (iv->shm_fd < 0 || ftruncate(iv->shm_fd, (off_t)iv->shm_size) < 0) {
		err = -errno;
		ERR("%s: %s", iv->shm_path, strerror(-err));
		return err;
	}
	iv->ctrl = mmap(NULL, RPROC_SIM_SHM_CTRL_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
			iv->shm_fd, 0);
	if (iv->ctrl == MAP_FAILED) {
		err = -errno;
		iv->ctrl = NULL;
		ERR("%s: cannot map: %s", iv->shm_path, strerror(-err));
		return err;
	}
	iv->ctrl->core_id = SIM_IVS_CORE_ID;
	iv->ctrl->nr_memories = m->n;
	iv->ctrl->shm_size = iv->shm_size;
	iv->ctrl->mailbox_da = m->mailbox_da;
	snprintf(iv->ctrl->cpu, sizeof(iv->ctrl->cpu), "%s", s->arch->name);
	for (i = 0; i < m->n; i++) {
		struct rproc_sim_shm_mem *sm = &iv->ctrl->mems[i];

		snprintf(sm->name, sizeof(sm->name), "%s", m->mem[i].name);
		sm->da = m->mem[i].da;
		sm->size = m->mem[i].size;
		sm->offset = s->dev_off[i];
		sm->flags = m->mem[i].flags & RPROC_MEMORY_NOMAP ? RPROC_SIM_MEM_PRIVATE : 0;
		/* the harness and users find a memory in the file by this line */
		INF("%s: memory %s da 0x%08llx size 0x%llx at offset 0x%llx%s", iv->shm_path,
		    sm->name, (unsigned long long)sm->da, (unsigned long long)sm->size,
		    (unsigned long long)sm->offset, sm->flags ? " private" : "");
	}
	iv->ctrl->state = RPROC_SIM_STATE_OFFLINE;
	iv->ctrl->version = RPROC_SIM_SHM_VERSION;
	/* last: a guest that sees the magic sees the rest */
	__atomic_store_n(&iv->ctrl->magic, RPROC_SIM_SHM_MAGIC, __ATOMIC_RELEASE);
	return 0;
}

static int sim_ivs_listen(struct sim_ivshmem *iv)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int err;

	if (strlen(iv->sock_path) >= sizeof(sa.sun_path)) {
		ERR("--ivshmem %s: path too long for a socket (%zu bytes at most)", iv->sock_path,
		    sizeof(sa.sun_path) - 1);
		return -ENAMETOOLONG;
	}
	strcpy(sa.sun_path, iv->sock_path);
	iv->listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (iv->listen_fd < 0)
		return -errno;
	unlink(iv->sock_path);	/* a stale socket of an earlier run */
	if (bind(iv->listen_fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(iv->listen_fd, 4) < 0) {
		err = -errno;
		ERR("--ivshmem %s: %s", iv->sock_path, strerror(-err));
		return err;
	}
	return 0;
}

int sim_ivshmem_open(struct sim *s, const char *sock, const char *dir)
{
	struct sim_ivshmem *iv;
	unsigned int i;
	int err;

	iv = calloc(1, sizeof(*iv));
	if (!iv)
		return -ENOMEM;
	pthread_mutex_init(&iv->lock, NULL);
	iv->shm_fd = iv->listen_fd = iv->client_fd = iv->quit_fd = -1;
	for (i = 0; i < RPROC_SIM_VECTORS; i++)
		iv->core_fd[i] = iv->guest_fd[i] = -1;
	iv->next_id = SIM_IVS_CORE_ID + 1;
	s->ivs = iv;
	iv->sock_path = strdup(sock);
	if (!iv->sock_path || asprintf(&iv->shm_path, "%s/%s", dir, SIM_IVS_SHM_FILE) < 0)
		return -ENOMEM;
	if (!s->mem->has_mailbox) {
		ERR("%s: no [mailbox]: the external core's doorbells go through it", s->mem->path);
		return -EINVAL;
	}
	err = sim_ivs_shm_create(s, iv);
	if (err < 0)
		return err;
	for (i = 0; i < RPROC_SIM_VECTORS; i++) {
		iv->core_fd[i] = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
		if (iv->core_fd[i] < 0)
			return -errno;
	}
	iv->quit_fd = eventfd(0, EFD_CLOEXEC);
	if (iv->quit_fd < 0)
		return -errno;
	err = sim_ivs_listen(iv);
	if (err < 0)
		return err;
	err = -pthread_create(&iv->thread, NULL, sim_ivs_thread, s);
	if (err) {
		iv->thread = 0;
		return err;
	}
	INF("%s: ivshmem server, %llu KiB of shared memory in %s", iv->sock_path,
	    (unsigned long long)iv->shm_size / 1024, iv->shm_path);
	return 0;
}

void sim_ivshmem_close(struct sim *s)
{
	struct sim_ivshmem *iv = s->ivs;
	uint64_t one = 1;
	unsigned int i;

	if (!iv)
		return;
	if (iv->thread && write(iv->quit_fd, &one, sizeof(one)) == sizeof(one))
		pthread_join(iv->thread, NULL);
	if (iv->dropped_kicks)
		WRN("ivshmem: %lu core->host messages of %d or more dropped: the guest takes notify ids 0 to %d",
		    iv->dropped_kicks, SIM_IVS_KICK_IDS, SIM_IVS_KICK_IDS - 1);
	sim_ivs_client_drop(iv);
	if (iv->listen_fd >= 0) {
		close(iv->listen_fd);
		unlink(iv->sock_path);
	}
	for (i = 0; i < RPROC_SIM_VECTORS; i++)
		if (iv->core_fd[i] >= 0)
			close(iv->core_fd[i]);
	if (iv->quit_fd >= 0)
		close(iv->quit_fd);
	if (iv->ctrl)
		munmap(iv->ctrl, RPROC_SIM_SHM_CTRL_SIZE);
	if (iv->shm_fd >= 0)
		close(iv->shm_fd);
	pthread_mutex_destroy(&iv->lock);
	free(iv->shm_path);
	free(iv->sock_path);
	free(iv);
	s->ivs = NULL;
}

int sim_ivshmem_fd(struct sim *s)
{
	return s->ivs->shm_fd;
}

/* The core's TX: the notify id to core_kicks, and the guest's doorbell. */
void sim_ivshmem_kick(struct sim *s, uint32_t value)
{
	struct sim_ivshmem *iv = s->ivs;

	if (value >= SIM_IVS_KICK_IDS) {
		iv->dropped_kicks++;
		return;
	}
	__atomic_fetch_or(&iv->ctrl->core_kicks, 1u << value, __ATOMIC_ACQ_REL);
	pthread_mutex_lock(&iv->lock);
	DBG("ivshmem: the core kicks %u%s", value, iv->guest_fd[RPROC_SIM_VEC_KICK] < 0 ?
	    " (no guest connected)" : "");
	sim_ivs_ring(iv->guest_fd[RPROC_SIM_VEC_KICK]);
	pthread_mutex_unlock(&iv->lock);
}

/* The core stopped on its own with a failure: CRASHED, and the guest told. */
void sim_ivshmem_report_crash(struct sim *s)
{
	struct sim_ivshmem *iv = s->ivs;

	pthread_mutex_lock(&iv->lock);
	__atomic_store_n(&iv->ctrl->exit_code,
			 s->stop == SIM_FAULT ? SIM_EXIT_FAULT : s->exit_code, __ATOMIC_RELAXED);
	__atomic_store_n(&iv->ctrl->state, RPROC_SIM_STATE_CRASHED, __ATOMIC_RELEASE);
	sim_ivs_ring(iv->guest_fd[RPROC_SIM_VEC_CTRL]);
	pthread_mutex_unlock(&iv->lock);
}

/* The core is set up for the START being answered (err 0), or could not be. */
static void sim_ivs_started(struct sim_ivshmem *iv, int err)
{
	pthread_mutex_lock(&iv->lock);
	__atomic_store_n(&iv->ctrl->core_kicks, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&iv->ctrl->exit_code, err ? SIM_EXIT_ERROR : 0, __ATOMIC_RELAXED);
	iv->core_running = !err;
	iv->stop_pending = false;
	sim_ivs_answer(iv, err ? RPROC_SIM_STATE_CRASHED : RPROC_SIM_STATE_RUNNING,
		       iv->start_seq);
	pthread_mutex_unlock(&iv->lock);
}

/* The run ended: a STOP waiting for it is answered. */
static void sim_ivs_stopped(struct sim_ivshmem *iv)
{
	pthread_mutex_lock(&iv->lock);
	iv->core_running = false;
	if (iv->stop_pending) {
		iv->stop_pending = false;
		sim_ivs_answer(iv, RPROC_SIM_STATE_OFFLINE, iv->stop_seq);
	}
	pthread_mutex_unlock(&iv->lock);
}

int sim_ivshmem_serve(struct sim *s, const char *core_path)
{
	uint64_t boot;
	int err;

	for (;;) {
		err = sim_mailbox_wait_start(s, &boot);
		if (err < 0)
			return err == -ECANCELED ? 0 : err;
		INF("%s: start, %s core, boot 0x%08llx", s->ivs->shm_path, s->arch->name,
		    (unsigned long long)boot);
		/* host_kicks of the last run are void, as the mailbox queue is */
		__atomic_store_n(&s->ivs->ctrl->host_kicks, 0, __ATOMIC_RELAXED);
		err = sim_core_open(s);
		if (!err)
			err = sim_mailbox_map(s);
		sim_ivs_started(s->ivs, err);
		if (!err)
			err = sim_run(s, boot, 0);
		sim_kernel_run_ended(s, err, core_path);
		sim_ivs_stopped(s->ivs);
		sim_core_close(s);
	}
}
