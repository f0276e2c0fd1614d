/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * librproc: the client library of rproc-tools. Remote processors (Linux
 * remoteproc) by name, the services their firmware announced (rpmsg name
 * service), and endpoints to talk to them (rpmsg_char), in kmod's manner:
 *
 *   - a context (struct rproc_ctx) holds every path the library reads
 *     (sysfs and /dev roots) and the log function; objects are reference
 *     counted (new/ref/unref) and keep their context alive;
 *   - every function that can fail returns 0 or a negative errno;
 *   - names are rproc_<object>_<verb>.
 *
 * See librproc(3) and one page per group: rproc_ctx_new(3) (context),
 * rproc_processor_new(3) (processors and services), rproc_ept_open(3)
 * (endpoints), rproc_ept_send_batch(3) (batches), rproc_ept_fragments(3)
 * (messages larger than the MTU).
 *
 * ABI: symbols are versioned (LIBRPROC_1, append-only). Structures the
 * caller allocates (struct rproc_msg) do not grow: a later member comes
 * with new functions in a new version node.
 */
#ifndef RPROC_RPROC_H
#define RPROC_RPROC_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef RPROC_EXPORT
/* the library's build defines RPROC_EXPORT as the visibility attribute */
#define RPROC_EXPORT
#endif

/* any address: the endpoint's own destination (send) or any channel (open) */
#define RPROC_ADDR_ANY		0xffffffffU

/* --- context: rproc_ctx_new(3) --------------------------------------------- */

struct rproc_ctx;

/*
 * sysfs_root: where sysfs is ("/sys"); dev_root: where device nodes are
 * ("/dev"). NULL takes $RPROC_SYSFS_ROOT / $RPROC_DEV_ROOT (read with
 * secure_getenv(), so never in a set-uid program), else the default.
 * $RPROC_LOG (err, warning, info, debug or a syslog number) sets the log
 * priority, LOG_ERR by default.
 */
RPROC_EXPORT int rproc_ctx_new(const char *sysfs_root, const char *dev_root,
			       struct rproc_ctx **ctx);
RPROC_EXPORT struct rproc_ctx *rproc_ctx_ref(struct rproc_ctx *ctx);
/* always returns NULL */
RPROC_EXPORT struct rproc_ctx *rproc_ctx_unref(struct rproc_ctx *ctx);
RPROC_EXPORT const char *rproc_ctx_get_sysfs_root(const struct rproc_ctx *ctx);
RPROC_EXPORT const char *rproc_ctx_get_dev_root(const struct rproc_ctx *ctx);

typedef void (*rproc_log_fn)(void *data, int priority, const char *file,
			     int line, const char *fn, const char *format,
			     va_list args);
/* NULL: the default, which writes "librproc: fn: message" to stderr */
RPROC_EXPORT void rproc_ctx_set_log_fn(struct rproc_ctx *ctx, rproc_log_fn fn,
				       void *data);
/* a syslog priority (LOG_ERR ... LOG_DEBUG) */
RPROC_EXPORT void rproc_ctx_set_log_priority(struct rproc_ctx *ctx, int priority);
RPROC_EXPORT int rproc_ctx_get_log_priority(const struct rproc_ctx *ctx);

/* --- processors: rproc_processor_new(3) -------------------------------------- */

struct rproc_processor;

enum rproc_state {
	RPROC_STATE_UNKNOWN = 0,	/* a value this library does not know */
	RPROC_STATE_OFFLINE,
	RPROC_STATE_SUSPENDED,
	RPROC_STATE_RUNNING,
	RPROC_STATE_CRASHED,
	RPROC_STATE_DELETED,
	RPROC_STATE_ATTACHED,
	RPROC_STATE_DETACHED,
};

/*
 * name: the remoteproc's name attribute ("rproc_sim.0"), or its device
 * name ("remoteproc0"). -ENOENT: no such processor.
 */
RPROC_EXPORT int rproc_processor_new(struct rproc_ctx *ctx, const char *name,
				     struct rproc_processor **proc);
RPROC_EXPORT struct rproc_processor *rproc_processor_ref(struct rproc_processor *proc);
RPROC_EXPORT struct rproc_processor *rproc_processor_unref(struct rproc_processor *proc);
/*
 * Every processor, by device number (remoteproc0 first). *procs is an
 * array of *count references, freed with rproc_processor_list_free().
 */
RPROC_EXPORT int rproc_processor_list(struct rproc_ctx *ctx,
				      struct rproc_processor ***procs, size_t *count);
RPROC_EXPORT void rproc_processor_list_free(struct rproc_processor **procs, size_t count);

/* The name attribute, and the device name (remoteprocN): fixed at new. */
RPROC_EXPORT const char *rproc_processor_get_name(const struct rproc_processor *proc);
RPROC_EXPORT const char *rproc_processor_get_device(const struct rproc_processor *proc);
/* Read from sysfs at each call. */
RPROC_EXPORT int rproc_processor_get_state(struct rproc_processor *proc,
					   enum rproc_state *state);
RPROC_EXPORT const char *rproc_state_to_string(enum rproc_state state);
/* *firmware: allocated, the caller frees it */
RPROC_EXPORT int rproc_processor_get_firmware(struct rproc_processor *proc,
					      char **firmware);
RPROC_EXPORT int rproc_processor_set_firmware(struct rproc_processor *proc,
					      const char *firmware);
/* As "echo start > state": the kernel's errno (-EBUSY when running...). */
RPROC_EXPORT int rproc_processor_start(struct rproc_processor *proc);
RPROC_EXPORT int rproc_processor_stop(struct rproc_processor *proc);

/* --- services (the name-service listing): rproc_processor_new(3) -------------- */

struct rproc_service;

/*
 * The channels the firmware announced (sysfs .../services/), sorted by
 * name then remote address. An array of references, freed with
 * rproc_service_list_free(). No firmware running: 0 services.
 */
RPROC_EXPORT int rproc_service_list(struct rproc_processor *proc,
				    struct rproc_service ***services, size_t *count);
RPROC_EXPORT void rproc_service_list_free(struct rproc_service **services, size_t count);
RPROC_EXPORT struct rproc_service *rproc_service_ref(struct rproc_service *svc);
RPROC_EXPORT struct rproc_service *rproc_service_unref(struct rproc_service *svc);
RPROC_EXPORT const char *rproc_service_get_name(const struct rproc_service *svc);
/* the local address (RPROC_ADDR_ANY until a driver binds) and the remote one */
RPROC_EXPORT uint32_t rproc_service_get_src(const struct rproc_service *svc);
RPROC_EXPORT uint32_t rproc_service_get_dst(const struct rproc_service *svc);
/* the rpmsg device name ("virtio0.rpmsg-echo.-1.1024") */
RPROC_EXPORT const char *rproc_service_get_device(const struct rproc_service *svc);
RPROC_EXPORT struct rproc_processor *rproc_service_get_processor(const struct rproc_service *svc);

/* --- endpoints: rproc_ept_open(3) --------------------------------------------- */

struct rproc_ept;

enum rproc_ept_flags {
	/* never use a device that exists: make a new endpoint through rpmsg_ctrl */
	RPROC_EPT_CREATE	= 1U << 0,
	/* never make one: only the service's own device */
	RPROC_EPT_NO_CREATE	= 1U << 1,
	/* messages larger than the MTU, under the header of rproc_ept_fragments(3) */
	RPROC_EPT_FRAGMENTS	= 1U << 2,
};

/*
 * The endpoint of service (its name) at remote address addr
 * (RPROC_ADDR_ANY: any channel of that name) on proc. Found, in order:
 * DEV/rpmsg/<proc name>/<service>[@0x<addr>] (the udev rules' names), the
 * eptdev below the channel's sysfs directory; else made through the
 * processor's control device (RPMSG_CREATE_EPT_FD_IOCTL, else
 * RPMSG_CREATE_EPT_IOCTL and its node). -ENOENT: no such service (and
 * addr is RPROC_ADDR_ANY, so there is nothing to make one for).
 */
RPROC_EXPORT int rproc_ept_open(struct rproc_processor *proc, const char *service,
				uint32_t addr, unsigned int flags, struct rproc_ept **ept);
/*
 * An endpoint on an fd the caller has (it is taken: closed with the
 * endpoint): an rpmsg endpoint device or fd, or a SOCK_SEQPACKET socket
 * standing for one (tests, proxies).
 */
RPROC_EXPORT int rproc_ept_new_from_fd(struct rproc_ctx *ctx, int fd, unsigned int flags,
				       struct rproc_ept **ept);
RPROC_EXPORT struct rproc_ept *rproc_ept_ref(struct rproc_ept *ept);
/* the last reference closes the fd (destroying a made endpoint) */
RPROC_EXPORT struct rproc_ept *rproc_ept_unref(struct rproc_ept *ept);

/* pollable: POLLIN a message is queued, POLLOUT one can be sent, POLLHUP gone */
RPROC_EXPORT int rproc_ept_get_fd(const struct rproc_ept *ept);
/* the device node used ("" for an anonymous fd) */
RPROC_EXPORT const char *rproc_ept_get_path(const struct rproc_ept *ept);
/* the largest payload of one message (RPMSG_GET_MTU_IOCTL; 496 if untold) */
RPROC_EXPORT uint32_t rproc_ept_get_mtu(const struct rproc_ept *ept);
/* the largest message send/recv take: the MTU, or with fragments their limit */
RPROC_EXPORT size_t rproc_ept_get_max_message(const struct rproc_ept *ept);
/* with RPROC_EPT_FRAGMENTS: the longest message accepted (default 1 MiB) */
RPROC_EXPORT int rproc_ept_set_max_message(struct rproc_ept *ept, size_t max);

/*
 * timeout_ms: -1 forever, 0 do not wait. -ETIMEDOUT when it ran out,
 * -EMSGSIZE a message longer than rproc_ept_get_max_message(),
 * -EPIPE the endpoint went away (channel removed, processor stopped).
 */
RPROC_EXPORT int rproc_ept_send(struct rproc_ept *ept, const void *buf, size_t len,
				int timeout_ms);
/*
 * *len: the message's length. A message longer than size: -EMSGSIZE, *len
 * its length, and it stays queued. With fragments, -EBADMSG: a message was
 * lost (a fragment missing, out of order or malformed); call again.
 */
RPROC_EXPORT int rproc_ept_recv(struct rproc_ept *ept, void *buf, size_t size,
				size_t *len, int timeout_ms);

/* --- batches: rproc_ept_send_batch(3) ----------------------------------------- */

struct rproc_msg {
	void *buf;		/* payload (send), or the receive buffer */
	size_t len;		/* send: payload length; recv out: the message's length */
	size_t size;		/* recv: the buffer's size */
	uint32_t addr;		/* send: destination, RPROC_ADDR_ANY the endpoint's;
				 * recv out: the sender (RPROC_ADDR_ANY if untold) */
	uint32_t flags;		/* must be 0 */
};

/*
 * Several messages in one kernel call (RPMSG_SEND_BATCH_IOCTL,
 * RPMSG_RECV_BATCH_IOCTL; one write/read each on a kernel without them).
 * *done: messages sent or received, in order. 0 when at least one was,
 * else -errno as rproc_ept_send()/rproc_ept_recv(). recv waits for the
 * first message only, then takes what is queued.
 */
RPROC_EXPORT int rproc_ept_send_batch(struct rproc_ept *ept, struct rproc_msg *msgs,
				      size_t count, size_t *done, int timeout_ms);
RPROC_EXPORT int rproc_ept_recv_batch(struct rproc_ept *ept, struct rproc_msg *msgs,
				      size_t count, size_t *done, int timeout_ms);

#ifdef __cplusplus
}
#endif

#endif
