/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* librproc's internals: the objects, the one log path, sysfs helpers. */
#ifndef LIBRPROC_PRIVATE_H
#define LIBRPROC_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <syslog.h>

#define RPROC_EXPORT __attribute__((visibility("default")))
#include <rproc/rproc.h>

#include "librproc-frag.h"

#define _printf_(a, b)	__attribute__((format(printf, a, b)))
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* virtio_rpmsg_bus's payload (512-byte buffers less the 16-byte header):
 * the MTU of a kernel that cannot tell it */
#define RPROC_DEFAULT_MTU	496U
#define RPROC_DEFAULT_MAX_MESSAGE	(1U << 20)

struct rproc_ctx {
	int refcount;
	char *sysfs_root;
	char *dev_root;
	rproc_log_fn log_fn;
	void *log_data;
	int log_priority;
};

struct rproc_processor {
	int refcount;
	struct rproc_ctx *ctx;
	char *device;		/* remoteprocN */
	char *name;		/* the name attribute */
	char *syspath;		/* SYSFS/class/remoteproc/remoteprocN */
};

struct rproc_service {
	int refcount;
	struct rproc_processor *proc;
	char *name;
	char *device;		/* the rpmsg device's name */
	uint32_t src;
	uint32_t dst;
};

struct rproc_ept {
	int refcount;
	struct rproc_ctx *ctx;
	int fd;
	unsigned int flags;
	bool is_socket;		/* a SOCK_SEQPACKET stand-in: no ioctls */
	bool no_batch;		/* the kernel has no batch ioctls */
	bool destroy_on_close;	/* made by RPMSG_CREATE_EPT_IOCTL: destroy it */
	char *path;
	uint32_t mtu;
	size_t max_message;
	/* with RPROC_EPT_FRAGMENTS */
	uint32_t tx_msg_id;
	uint8_t *rx_frag;	/* one fragment as read, mtu bytes */
	struct frag_reasm reasm;
};

void rproc_log(const struct rproc_ctx *ctx, int priority, const char *file, int line,
	       const char *fn, const char *fmt, ...) _printf_(6, 7);

#define rproc_log_cond(ctx, prio, ...)						\
	do {									\
		if ((ctx)->log_priority >= (prio))				\
			rproc_log((ctx), (prio), __FILE__, __LINE__, __func__,	\
				  __VA_ARGS__);					\
	} while (0)

#define ERR(ctx, ...)	rproc_log_cond(ctx, LOG_ERR, __VA_ARGS__)
#define WRN(ctx, ...)	rproc_log_cond(ctx, LOG_WARNING, __VA_ARGS__)
#define INF(ctx, ...)	rproc_log_cond(ctx, LOG_INFO, __VA_ARGS__)
#define DBG(ctx, ...)	rproc_log_cond(ctx, LOG_DEBUG, __VA_ARGS__)

/* path helpers: a malloc'd "a/b" (NULL on ENOMEM) */
char *path_join(const char *a, const char *b);
/* the first line of a sysfs attribute, without its newline; allocated */
int sysfs_read_line(const char *path, char **value);
int sysfs_read_u32(const char *path, uint32_t *value);
/* "0x400", "1024", "-1"/"0xffffffff" as the rpmsg attributes print */
int parse_u32(const char *s, uint32_t *value);
int sysfs_write(const char *path, const char *value);

#endif
