/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The rproc_loader generic netlink family (linux/rproc_loader.h), spoken
 * with libmnl: the memories of a pending load, and the answer to it.
 * Whatever the kernel sends back is checked before use.
 */
#ifndef LOADER_NETLINK_H
#define LOADER_NETLINK_H

#include <stdint.h>

#include <rproc/loader.h>

struct loader_netlink;

/* A memory as GET_MEMORIES lists it; name is owned by the caller after parse. */
struct loader_nl_memory {
	struct rproc_memory mem;
	uint64_t mmap_offset;
};

int loader_netlink_open(struct loader_netlink **out);
void loader_netlink_close(struct loader_netlink *nl);

/*
 * The memories of the pending load (index, cookie): at most max of them, in
 * the kernel's order. Returns how many, or -errno (logged, with the step).
 */
int loader_netlink_get_memories(struct loader_netlink *nl, uint32_t index, uint32_t cookie,
				struct loader_nl_memory *mem, unsigned int max);

/* LOAD_DONE; waits for the kernel's verdict: 0, or its -errno (logged). */
int loader_netlink_load_done(struct loader_netlink *nl, uint32_t index, uint32_t cookie,
			     int32_t status, uint64_t boot_addr, uint64_t rsc_da,
			     uint32_t rsc_size);

/*
 * An answer put together beforehand, for a moment when nothing but
 * async-signal-safe calls may run: the helper's own timeout, in a signal
 * handler, still tells the kernel at once instead of leaving it to wait out
 * its load timeout.
 */
struct loader_nl_prebuilt {
	int fd;
	size_t len;
	unsigned char msg[128];
};

/* LOAD_DONE of status (an error), without an ACK, into out; 0 or -ENOSPC. */
int loader_netlink_load_done_prebuild(struct loader_netlink *nl, uint32_t index,
				      uint32_t cookie, int32_t status,
				      struct loader_nl_prebuilt *out);
/* One sendto() of it, async-signal-safe; 0 or -1 (errno set). */
int loader_netlink_prebuilt_send(const struct loader_nl_prebuilt *p);

/*
 * One GET_MEMORIES message's payload (after the genl header) into m: every
 * attribute of the right type, the name printable, the range not wrapping.
 * 0 or -EINVAL (logged). Exposed for the unit tests and the fuzzer.
 */
int loader_netlink_parse_memory(const void *payload, size_t len, uint32_t index,
				uint32_t cookie, struct loader_nl_memory *m);

/* --- a resident loader (rproc-loader --listen) --- */

/* CLAIM the pending load (index, cookie): 0, or -EBUSY (another loader's), -ENOENT, -ESTALE (over); other errors logged. */
int loader_netlink_claim(struct loader_netlink *nl, uint32_t index, uint32_t cookie);

/* Join the "serve" group on this socket, whose receive timeout goes; 0 or -errno, logged. */
int loader_netlink_serve_join(struct loader_netlink *nl);
int loader_netlink_get_fd(const struct loader_netlink *nl);

/* A LOAD_EVENT as the kernel multicasts it; the strings NUL-terminated. */
struct loader_nl_event {
	uint32_t index, cookie, event;
	int32_t status;
	char firmware[256];
	char loader[64];
};

/*
 * One LOAD_EVENT message's payload (after the genl header) into ev: index,
 * cookie, event and firmware present, every attribute of its type, the
 * strings of their size (the firmware name and the loader are checked as a
 * uevent's are by the caller). 0 or -EINVAL (logged). For the unit tests too.
 */
int loader_netlink_parse_event(const void *payload, size_t len, struct loader_nl_event *ev);

typedef void (*loader_nl_event_fn)(const struct loader_nl_event *ev, void *data);
/*
 * One datagram from the socket, without waiting: fn for each well-formed
 * LOAD_EVENT of the family, from the kernel, in it. 0 (also: nothing there),
 * or -errno; -ENOBUFS when the kernel dropped events for a full queue.
 */
int loader_netlink_event_recv(struct loader_netlink *nl, loader_nl_event_fn fn, void *data);

#endif
