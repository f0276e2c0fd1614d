/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Where the memories of a co-processor come from and where the answer goes:
 * "dir:PATH" (files described by PATH/memories.ini) or "kernel" (the
 * remoteproc device of a uevent and its pending load).
 */
#ifndef LOADER_BACKEND_H
#define LOADER_BACKEND_H

#include <stdbool.h>
#include <stdint.h>

#include <rproc/loader.h>

struct loader_backend;

struct loader_backend_ops {
	const char *name;
	/* Make every host-addressable memory writable; called once a plan is checked. */
	int (*open)(struct loader_backend *b);
	/* Copy len bytes to memory mem at offset off; the plan checked the range. */
	int (*write)(struct loader_backend *b, unsigned int mem, uint64_t off,
		     const void *data, uint64_t len);
	/* Zero len bytes of memory mem at offset off. */
	int (*zero)(struct loader_backend *b, unsigned int mem, uint64_t off,
		    uint64_t len);
	/*
	 * Optional: copy len bytes of memory mem at offset off into buf, before
	 * open() too; the plan checked the range. A memory not made yet reads
	 * as zeroes.
	 */
	int (*read)(struct loader_backend *b, unsigned int mem, uint64_t off,
		    void *buf, uint64_t len);
	/* Tell whoever waits how the load ended (0 or -errno). */
	int (*finish)(struct loader_backend *b, int status, uint64_t boot_addr,
		      uint64_t rsc_da, uint64_t rsc_size);
	/*
	 * Optional: put together now the answer "failed with status" that
	 * abort_send() gives from a signal handler (the helper's timeout),
	 * where only async-signal-safe calls may run. 0 or -errno.
	 */
	int (*abort_prepare)(struct loader_backend *b, int status);
	void (*abort_send)(struct loader_backend *b);
	void (*free)(struct loader_backend *b);
};

struct loader_firmware;

struct loader_backend {
	const struct loader_backend_ops *ops;
	char *rproc;			/* co-processor name */
	const struct rproc_memory *memories;
	unsigned int n_memories;
	void *priv;
	/* what is loaded, set by the host once opened: for finish() to record */
	const struct loader_firmware *firmware;
};

/* Is spec "kernel" or "dir:PATH"? Logs why not. */
bool loader_backend_spec_is_valid(const char *spec);
struct loader_netlink;

/*
 * "dir:PATH" or "kernel" (checked before); the kernel backend serves the
 * load of the uevent's device (devpath, cookie), through nl when given (a
 * resident loader's socket, borrowed: it stays open), else through a socket
 * of its own. -errno, logged.
 */
int loader_backend_new(const char *spec, const char *devpath, uint32_t cookie,
		       struct loader_netlink *nl, struct loader_backend **out);
void loader_backend_free(struct loader_backend *b);

int loader_backend_dir_new(const char *path, struct loader_backend **out);
int loader_backend_kernel_new(const char *devpath, uint32_t cookie, struct loader_netlink *nl,
			      struct loader_backend **out);

#endif
