/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * rproc-loader plugin ABI.
 *
 * A loader plugin is a shared object in the loader directory that exports
 * exactly one symbol, RPROC_LOADER_PLUGIN_SYMBOL, a struct rproc_loader_plugin.
 * Its first field is the ABI version the plugin was built against; the host
 * accepts plugins of its own major version and a minor version not newer than
 * its own, and refuses every other one.
 *
 * A plugin never writes co-processor memory itself: its load() callback
 * describes a load plan (segments, boot address, resource table) through the
 * host services in struct rproc_load_ops. The host validates the whole plan
 * against the memories it was given, and only then writes a single byte. This
 * keeps the "no writes outside the memories" rule in one place, the host.
 *
 * Plugins are linked -no-undefined: every host service is reached through the
 * ops table, never through a symbol of the host program.
 */
#ifndef RPROC_LOADER_H
#define RPROC_LOADER_H

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <syslog.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RPROC_LOADER_ABI_MAJOR	1
#define RPROC_LOADER_ABI_MINOR	1
#define RPROC_LOADER_ABI_PATCH	0
#define RPROC_LOADER_ABI_VERSION \
	((RPROC_LOADER_ABI_MAJOR << 16) | (RPROC_LOADER_ABI_MINOR << 8) | \
	 RPROC_LOADER_ABI_PATCH)

/* The one symbol a plugin exports. */
#define RPROC_LOADER_PLUGIN_SYMBOL	"rproc_loader_plugin"

/*
 * Put before the descriptor's definition: it stays visible when the plugin is
 * built with -fvisibility=hidden, as it should be.
 *   RPROC_LOADER_EXPORT const struct rproc_loader_plugin rproc_loader_plugin = {...};
 */
#define RPROC_LOADER_EXPORT	__attribute__((visibility("default")))

/* The host cannot address this memory: it must not be part of a plan. */
#define RPROC_MEMORY_NOMAP	(1u << 0)

/* A memory of the co-processor, as the backend (kernel or directory) lists it. */
struct rproc_memory {
	const char *name;
	uint64_t da;		/* device address, as the co-processor sees it */
	uint64_t size;		/* bytes */
	uint32_t flags;		/* RPROC_MEMORY_* */
};

/* One piece of a load plan: filesz bytes of data at da, then zeroes up to memsz. */
struct rproc_segment {
	uint64_t da;
	uint64_t memsz;
	uint64_t filesz;
	const void *data;	/* valid until the plugin's release() */
	uint64_t offset;	/* where data came from in the image, for the load map */
};

struct rproc_load;

/* Host services offered to a plugin during load(). All return 0 or -errno. */
struct rproc_load_ops {
	/*
	 * Value of plugin option @key (written "<plugin>.<key> = value" in the
	 * config), or NULL when not set. The plugin declared the keys it knows
	 * in its descriptor, so an unknown key never reaches it.
	 */
	const char *(*option_get)(struct rproc_load *load, const char *key);
	/* Add a segment to the plan; the host checks it once the plan is complete. */
	int (*segment_add)(struct rproc_load *load, const struct rproc_segment *seg);
	/* Set the boot address (entry point) reported to the kernel. */
	int (*boot_addr_set)(struct rproc_load *load, uint64_t da);
	/* Set the device address and size of the resource table, 0/0 for none. */
	int (*rsc_table_set)(struct rproc_load *load, uint64_t da, uint64_t size);
	/* The host's one logging path; prio is a syslog priority. */
	void (*log)(struct rproc_load *load, int prio, const char *fmt, va_list ap)
		__attribute__((format(printf, 3, 0)));
	/*
	 * ABI 1.1: copy len bytes of memory at da, as they are before this
	 * load writes anything, into buf. [da, da + len) lies inside one memory
	 * the host can address. A memory the backend has not made yet reads
	 * as zeroes. -ERANGE, -EACCES (nomap), -EOPNOTSUPP (a backend that
	 * cannot read), -EIO. For a plugin that keeps something across loads
	 * in a memory it shares with other co-processors (shlib).
	 */
	int (*memory_read)(struct rproc_load *load, uint64_t da, void *buf, uint64_t len);
};

/* What the host hands a plugin for one load. Read-only for the plugin but priv. */
struct rproc_load {
	uint32_t abi_version;			/* the host's RPROC_LOADER_ABI_VERSION */
	const char *firmware;			/* firmware name, for messages */
	const char *rproc;			/* co-processor name */
	const void *image;			/* the firmware file, read-only */
	size_t image_size;
	const struct rproc_memory *memories;
	unsigned int n_memories;
	const struct rproc_load_ops *ops;
	void *priv;				/* the plugin's, for release() */
	void *host;				/* the host's, do not touch */
};

struct rproc_loader_plugin {
	uint32_t abi_version;			/* RPROC_LOADER_ABI_VERSION, always first */
	const char *name;
	const char *description;
	const char *const *options;		/* NULL-terminated option keys, or NULL */
	/* Build the load plan. 0 or -errno; on error the host writes nothing. */
	int (*load)(struct rproc_load *load);
	/*
	 * Optional: free what load() kept in priv. Called once after every
	 * load(), whatever its outcome, when the host is done with the plan
	 * (written, refused, or a dry run).
	 */
	void (*release)(struct rproc_load *load);
};

/* Convenience wrappers: plugins call these, never the ops table directly. */
static inline const char *rproc_load_option_get(struct rproc_load *load, const char *key)
{
	return load->ops->option_get(load, key);
}

static inline int rproc_load_segment_add(struct rproc_load *load,
					 const struct rproc_segment *seg)
{
	return load->ops->segment_add(load, seg);
}

static inline int rproc_load_boot_addr_set(struct rproc_load *load, uint64_t da)
{
	return load->ops->boot_addr_set(load, da);
}

static inline int rproc_load_rsc_table_set(struct rproc_load *load, uint64_t da,
					   uint64_t size)
{
	return load->ops->rsc_table_set(load, da, size);
}

static inline __attribute__((format(printf, 3, 4)))
void rproc_load_log(struct rproc_load *load, int prio, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	load->ops->log(load, prio, fmt, ap);
	va_end(ap);
}

/* -EOPNOTSUPP on a host older than ABI 1.1, which has no such service */
static inline int rproc_load_memory_read(struct rproc_load *load, uint64_t da,
					 void *buf, uint64_t len)
{
	if ((load->abi_version >> 16) != RPROC_LOADER_ABI_MAJOR ||
	    ((load->abi_version >> 8) & 0xff) < 1 || !load->ops->memory_read)
		return -EOPNOTSUPP;
	return load->ops->memory_read(load, da, buf, len);
}

#define rproc_load_err(load, ...)	rproc_load_log(load, LOG_ERR, __VA_ARGS__)
#define rproc_load_warn(load, ...)	rproc_load_log(load, LOG_WARNING, __VA_ARGS__)
#define rproc_load_info(load, ...)	rproc_load_log(load, LOG_INFO, __VA_ARGS__)
#define rproc_load_dbg(load, ...)	rproc_load_log(load, LOG_DEBUG, __VA_ARGS__)

#ifdef __cplusplus
}
#endif

#endif /* RPROC_LOADER_H */
