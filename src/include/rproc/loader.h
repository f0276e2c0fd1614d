/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * rproc-loader plugin ABI.
 *
 * A loader plugin is a shared object in the loader directory that exports
 * exactly one symbol, RPROC_LOADER_PLUGIN_SYMBOL, a struct rproc_loader_plugin.
 * Its first field is the ABI version the plugin was built against,
 * (MAJOR << 16) | (MINOR << 8) | PATCH. The host accepts a plugin of its own
 * major version, whatever its minor version, and refuses every other one.
 *
 * How the ABI grows (the rule, for whoever adds a member):
 *  - A minor version only appends: members are added at the end of
 *    struct rproc_load_ops, struct rproc_load or struct rproc_loader_plugin,
 *    never moved, removed or given another meaning. Anything else is a new
 *    major version.
 *  - Each side says which members it has by its minor version: the host in
 *    load->abi_version, the plugin in its descriptor's abi_version. From
 *    1.2 on the descriptor also carries its size, for a host older than the
 *    plugin, which cannot know where a newer descriptor ends.
 *  - The plugin reads what the host offers (struct rproc_load, the ops
 *    table) only through the wrappers below, which check load->abi_version
 *    before touching a member newer than 1.0: on an older host they return
 *    -EOPNOTSUPP without reading it. A plugin may so run on a host older
 *    than its headers, as long as it copes with -EOPNOTSUPP.
 *  - The host reads the descriptor the way copy_struct_from_user() does:
 *    it copies the members the plugin's minor version declares into a
 *    zeroed descriptor of its own, so a member an older plugin lacks reads
 *    as 0 (0 must therefore mean "not used" for every new descriptor
 *    member). Of a plugin newer than itself it copies what it knows, and
 *    the bytes beyond, up to the descriptor's size, must be 0, or the
 *    plugin is refused (-ENXIO): it asks for something this host does not
 *    do. Such a plugin without a size is refused too.
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
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <syslog.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RPROC_LOADER_ABI_MAJOR	1
#define RPROC_LOADER_ABI_MINOR	2
#define RPROC_LOADER_ABI_PATCH	0
#define RPROC_LOADER_ABI_VERSION \
	((RPROC_LOADER_ABI_MAJOR << 16) | (RPROC_LOADER_ABI_MINOR << 8) | \
	 RPROC_LOADER_ABI_PATCH)

/* The minor version of an ABI version v. */
#define RPROC_LOADER_ABI_MINOR_OF(v)	(((v) >> 8) & 0xff)

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
	/*
	 * Set the device address and size of the resource table, 0/0 for
	 * none. da is where the core reads the table (its run address, an ELF
	 * section's sh_addr, as the kernel takes it), and the plan must write
	 * the table's bytes there: the kernel reads the table at da when the
	 * load ends and copies it back there when it starts the core.
	 */
	int (*rsc_table_set)(struct rproc_load *load, uint64_t da, uint64_t size);
	/* The host's one logging path; prio is a syslog priority. */
	void (*log)(struct rproc_load *load, int prio, const char *fmt, va_list ap)
		__attribute__((format(printf, 3, 0)));
	/*
	 * ABI 1.1: copy len bytes of memory at da, as they are before this
	 * load writes anything, into buf. [da, da + len) lies inside one memory
	 * the host can address. A memory the backend has not made yet reads
	 * as zeroes. -ERANGE, -EACCES (nomap), -EOPNOTSUPP (a backend that
	 * cannot read; rproc-loader's two both can), -EIO. For a plugin that
	 * keeps something across loads in a memory it shares with other
	 * co-processors (shlib).
	 */
	int (*memory_read)(struct rproc_load *load, uint64_t da, void *buf, uint64_t len);
	/*
	 * ABI 1.2: option @key parsed by the host's strict parser. 0 and *v
	 * set; -ENOENT when not set (*v untouched: put the default there
	 * first); -EINVAL or -ERANGE for a value that is not what was asked
	 * for, logged by the host with the config file, line, key and value
	 * (and remembered: the plan is then refused).
	 * u64: decimal or 0x hex, in [min, max]; size: the same with an
	 * optional K, M or G suffix (powers of 1024); bool: yes/no, true/false,
	 * on/off or 1/0; choice: one of the NULL-terminated choices, *index
	 * set to its index.
	 */
	int (*option_get_u64)(struct rproc_load *load, const char *key,
			      uint64_t min, uint64_t max, uint64_t *v);
	int (*option_get_size)(struct rproc_load *load, const char *key,
			       uint64_t min, uint64_t max, uint64_t *v);
	int (*option_get_bool)(struct rproc_load *load, const char *key, bool *v);
	int (*option_get_choice)(struct rproc_load *load, const char *key,
				 const char *const *choices, unsigned int *index);
	/*
	 * ABI 1.2: milliseconds left before the host's own timeout ends the
	 * load (0 once it has passed); -ENOENT when the host runs without one
	 * (a dry run).
	 */
	int (*time_left_get)(struct rproc_load *load, uint64_t *ms);
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
	/*
	 * ABI 1.2: RPROC_LOADER_PLUGIN_SIZE, the descriptor's size as the
	 * plugin was built. Set it: a host older than the plugin refuses a
	 * descriptor without it. (0 in the host's copy of a 1.0 or 1.1
	 * plugin, whose descriptor ends at release.)
	 */
	uint32_t size;
};

#define RPROC_LOADER_PLUGIN_SIZE	((uint32_t)sizeof(struct rproc_loader_plugin))
/* The descriptor of ABI 1.0 and 1.1 ended after release. */
#define RPROC_LOADER_PLUGIN_SIZE_1_0	\
	((uint32_t)(offsetof(struct rproc_loader_plugin, release) + \
		    sizeof(void (*)(struct rproc_load *))))

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

/* Does the host of this load offer the members of ABI 1.minor? */
static inline bool rproc_load_host_has(const struct rproc_load *load, unsigned int minor)
{
	return (load->abi_version >> 16) == RPROC_LOADER_ABI_MAJOR &&
	       RPROC_LOADER_ABI_MINOR_OF(load->abi_version) >= minor;
}

/* -EOPNOTSUPP on a host older than ABI 1.1, which has no such service */
static inline int rproc_load_memory_read(struct rproc_load *load, uint64_t da,
					 void *buf, uint64_t len)
{
	if (!rproc_load_host_has(load, 1) || !load->ops->memory_read)
		return -EOPNOTSUPP;
	return load->ops->memory_read(load, da, buf, len);
}

/*
 * ABI 1.2 typed options; see struct rproc_load_ops. On a host older than
 * 1.2 they return -EOPNOTSUPP: read the string with rproc_load_option_get()
 * and parse it yourself, or refuse the load.
 */
static inline int rproc_load_option_get_u64(struct rproc_load *load, const char *key,
					    uint64_t min, uint64_t max, uint64_t *v)
{
	if (!rproc_load_host_has(load, 2) || !load->ops->option_get_u64)
		return -EOPNOTSUPP;
	return load->ops->option_get_u64(load, key, min, max, v);
}

static inline int rproc_load_option_get_size(struct rproc_load *load, const char *key,
					     uint64_t min, uint64_t max, uint64_t *v)
{
	if (!rproc_load_host_has(load, 2) || !load->ops->option_get_size)
		return -EOPNOTSUPP;
	return load->ops->option_get_size(load, key, min, max, v);
}

static inline int rproc_load_option_get_bool(struct rproc_load *load, const char *key,
					     bool *v)
{
	if (!rproc_load_host_has(load, 2) || !load->ops->option_get_bool)
		return -EOPNOTSUPP;
	return load->ops->option_get_bool(load, key, v);
}

static inline int rproc_load_option_get_choice(struct rproc_load *load, const char *key,
					       const char *const *choices,
					       unsigned int *index)
{
	if (!rproc_load_host_has(load, 2) || !load->ops->option_get_choice)
		return -EOPNOTSUPP;
	return load->ops->option_get_choice(load, key, choices, index);
}

/* ABI 1.2: milliseconds left before the host's timeout; -ENOENT: none. */
static inline int rproc_load_time_left_get(struct rproc_load *load, uint64_t *ms)
{
	if (!rproc_load_host_has(load, 2) || !load->ops->time_left_get)
		return -EOPNOTSUPP;
	return load->ops->time_left_get(load, ms);
}

#define rproc_load_err(load, ...)	rproc_load_log(load, LOG_ERR, __VA_ARGS__)
#define rproc_load_warn(load, ...)	rproc_load_log(load, LOG_WARNING, __VA_ARGS__)
#define rproc_load_info(load, ...)	rproc_load_log(load, LOG_INFO, __VA_ARGS__)
#define rproc_load_dbg(load, ...)	rproc_load_log(load, LOG_DEBUG, __VA_ARGS__)

#ifdef __cplusplus
}
#endif

#endif /* RPROC_LOADER_H */
