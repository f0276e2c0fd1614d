// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ivshmem-guest: a guest of rproc-sim --ivshmem without QEMU, for the sim
 * tier. It connects to the server as QEMU's ivshmem-doorbell device does,
 * takes what QEMU takes (version, its peer id, the shared memory, the
 * core's and its own eventfds), checks the control block, and does what
 * the rproc_sim driver does on one command:
 *
 *   ivshmem-guest SOCKET info             print id, core id, state, memories
 *   ivshmem-guest SOCKET start BOOT       START at BOOT, wait for the answer
 *   ivshmem-guest SOCKET stop             STOP, wait for the answer
 *   ivshmem-guest SOCKET kick ID REPLIES  kick notify id ID, wait for REPLIES
 *                                         kicks back and print their ids
 *   ivshmem-guest SOCKET hold SEC         stay connected SEC seconds
 *   ivshmem-guest SOCKET hold-word on|off set or clear the hold word
 *                                         (rproc/sim-shm.h): a START then
 *                                         leaves the core unrun
 *
 * Each prints "id N state S" once done. Exit 0, or 1 with a message.
 */
#include <endian.h>
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <linux/rproc_sim.h>
#include <rproc/sim-shm.h>

#define TIMEOUT_MS	10000

static int sock = -1;
static int shm_fd = -1, core_fd[RPROC_SIM_VECTORS] = { -1, -1 }, own_fd[RPROC_SIM_VECTORS] = { -1, -1 };
static int64_t my_id = -1, core_id = -1;

static void __attribute__((noreturn)) die(const char *what)
{
	fprintf(stderr, "ivshmem-guest: %s\n", what);
	exit(1);
}

/* One message: an 8-byte little-endian number, maybe with an fd. */
static int64_t recv_msg(int *fd)
{
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	int64_t v;
	struct iovec iov = { .iov_base = &v, .iov_len = sizeof(v) };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = u.buf, .msg_controllen = sizeof(u.buf),
	};
	struct cmsghdr *c;
	struct pollfd p = { .fd = sock, .events = POLLIN };

	*fd = -1;
	if (poll(&p, 1, TIMEOUT_MS) != 1 || recvmsg(sock, &msg, MSG_WAITALL) != sizeof(v))
		die("the server sent no message");
	for (c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c))
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
			memcpy(fd, CMSG_DATA(c), sizeof(int));
	return (int64_t)le64toh((uint64_t)v);
}

/* The setup QEMU reads: version 0, id, shm, peers' vectors, own vectors. */
static void setup(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	unsigned int own = 0, peer = 0;
	int64_t v;
	int fd;

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	sock = socket(AF_UNIX, SOCK_STREAM, 0);
	if (sock < 0 || connect(sock, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		die("cannot connect to the server");
	if (recv_msg(&fd) != 0 || fd >= 0)
		die("protocol version is not 0");
	my_id = recv_msg(&fd);
	if (my_id < 0 || my_id > 65535 || fd >= 0)
		die("bad peer id");
	if (recv_msg(&shm_fd) != -1 || shm_fd < 0)
		die("no shared memory (-1 with an fd)");
	while (own < RPROC_SIM_VECTORS) {
		v = recv_msg(&fd);
		if (fd < 0)
			die("a peer message without an fd during setup");
		if (v == my_id) {
			own_fd[own++] = fd;
		} else {
			if (core_id >= 0 && v != core_id)
				die("more than one other peer");
			core_id = v;
			if (peer == RPROC_SIM_VECTORS)
				die("more core vectors than expected");
			core_fd[peer++] = fd;
		}
	}
	if (peer != RPROC_SIM_VECTORS)
		die("the core's vectors did not all come before ours");
}

static void ring(unsigned int vector)
{
	uint64_t one = 1;

	if (write(core_fd[vector], &one, sizeof(one)) != sizeof(one))
		die("cannot ring the core");
}

/* Wait until the core rings our vector. */
static void wait_rung(unsigned int vector)
{
	struct pollfd p = { .fd = own_fd[vector], .events = POLLIN };
	uint64_t n;

	if (poll(&p, 1, TIMEOUT_MS) != 1 || read(own_fd[vector], &n, sizeof(n)) != sizeof(n))
		die("the core did not ring");
}

static void request(struct rproc_sim_shm *c, uint32_t req, uint32_t want)
{
	uint32_t seq = c->request_seq + 1;

	__atomic_store_n(&c->request, req, __ATOMIC_RELAXED);
	__atomic_store_n(&c->request_seq, seq, __ATOMIC_RELEASE);
	ring(RPROC_SIM_VEC_CTRL);
	while (__atomic_load_n(&c->ack_seq, __ATOMIC_ACQUIRE) != seq)
		wait_rung(RPROC_SIM_VEC_CTRL);
	if (c->state != want) {
		fprintf(stderr, "ivshmem-guest: request %u: state %u, not %u (exit code %d)\n",
			req, c->state, want, c->exit_code);
		exit(1);
	}
}

int main(int argc, char **argv)
{
	struct rproc_sim_shm *c;
	unsigned int i;

	if (argc < 3)
		die("usage: ivshmem-guest SOCKET info|start BOOT|stop|kick ID REPLIES|hold SEC|hold-word on|off");
	setup(argv[1]);
	c = mmap(NULL, RPROC_SIM_SHM_CTRL_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, shm_fd, 0);
	if (c == MAP_FAILED)
		die("cannot map the shared memory");
	if (c->magic != RPROC_SIM_SHM_MAGIC || c->version != RPROC_SIM_SHM_VERSION ||
	    c->core_id != core_id || c->nr_memories > RPROC_SIM_SHM_MEMS)
		die("bad control block (magic, version, core id or memories)");
	if (!strcmp(argv[2], "info")) {
		printf("core %u cpu %.32s shm %llu\n", c->core_id, c->cpu,
		       (unsigned long long)c->shm_size);
		for (i = 0; i < c->nr_memories; i++)
			printf("memory %.32s da 0x%llx size 0x%llx offset 0x%llx flags %u\n",
			       c->mems[i].name, (unsigned long long)c->mems[i].da,
			       (unsigned long long)c->mems[i].size,
			       (unsigned long long)c->mems[i].offset, c->mems[i].flags);
	} else if (!strcmp(argv[2], "start") && argc == 4) {
		c->boot_addr = strtoull(argv[3], NULL, 0);
		request(c, RPROC_SIM_REQ_START, RPROC_SIM_STATE_RUNNING);
	} else if (!strcmp(argv[2], "stop")) {
		request(c, RPROC_SIM_REQ_STOP, RPROC_SIM_STATE_OFFLINE);
	} else if (!strcmp(argv[2], "kick") && argc == 5) {
		unsigned int id = (unsigned int)strtoul(argv[3], NULL, 0);
		unsigned int n = (unsigned int)strtoul(argv[4], NULL, 0), got = 0;

		if (id >= 32)
			die("notify ids are 0 to 31");
		__atomic_fetch_or(&c->host_kicks, 1u << id, __ATOMIC_ACQ_REL);
		ring(RPROC_SIM_VEC_KICK);
		while (got < n) {
			uint32_t k;

			wait_rung(RPROC_SIM_VEC_KICK);
			k = __atomic_exchange_n(&c->core_kicks, 0, __ATOMIC_ACQ_REL);
			for (i = 0; i < 32; i++)
				if (k & (1u << i)) {
					printf("kick %u\n", i);
					got++;
				}
		}
	} else if (!strcmp(argv[2], "hold") && argc == 4) {
		sleep((unsigned int)strtoul(argv[3], NULL, 0));
	} else if (!strcmp(argv[2], "hold-word") && argc == 4 &&
		   (!strcmp(argv[3], "on") || !strcmp(argv[3], "off"))) {
		__atomic_store_n(&c->reserved[RPROC_SIM_SHM_HOLD_WORD],
				 strcmp(argv[3], "on") ? 0 : RPROC_SIM_SHM_HOLD, __ATOMIC_RELEASE);
	} else {
		die("unknown command");
	}
	printf("id %lld state %u\n", (long long)my_id, c->state);
	return 0;
}
