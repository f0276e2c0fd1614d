/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The plugin host: finds, dlopen()s and checks loader plugins. */
#ifndef LOADER_PLUGIN_H
#define LOADER_PLUGIN_H

#include <stdbool.h>
#include <stddef.h>

#include <rproc/loader.h>

#define LOADER_PLUGIN_NAME_MAX	32

struct loader_plugin {
	void *handle;
	/*
	 * The plugin's descriptor as this host knows it: the members the
	 * plugin's ABI version declares, copied, the rest zero (see the rule
	 * in rproc/loader.h). Points at copy.
	 */
	const struct rproc_loader_plugin *desc;
	struct rproc_loader_plugin copy;
	char *path;
	char name[LOADER_PLUGIN_NAME_MAX + 1];
};

/* 1 to 32 characters of [a-z0-9_-], starting with a letter or digit. */
bool loader_plugin_name_is_valid(const char *name);

/*
 * The plugin a PT_INTERP string names, as ld.so paths name ld.so: "elf",
 * "elf.so", "/lib/rproc/elf" and "/usr/lib/rproc-tools/loaders/elf.so" all
 * name "elf". Only the last component is used: the directory plugins come
 * from is the host's, never the firmware's. name may be NULL to only check.
 */
int loader_plugin_name_from_interp(const char *interp, char *name, size_t len);

/*
 * Is the plugin ABI version v one this host runs? Its own major version, any
 * minor: a newer minor only appends what this host ignores or refuses (see
 * loader_plugin_open()), and the plugin's wrappers check the host's.
 */
bool loader_plugin_abi_is_supported(uint32_t v);


/*
 * dlopen() dir/name.so and check its descriptor, which p->desc then holds
 * as this host knows it: the members the plugin's ABI version has, copied,
 * the rest zero; a newer plugin's members beyond must be 0. -ENOENT when
 * missing, -ENXIO for an unsupported ABI (or a newer plugin that sets what
 * this host does not know), -ENOEXEC for a faulty plugin; all logged.
 */
int loader_plugin_open(const char *dir, const char *name, struct loader_plugin **out);
void loader_plugin_close(struct loader_plugin *p);
struct stat;
/* The same, and the file's fstat() into st (the file loaded, not its name's). */
int loader_plugin_open_stat(const char *dir, const char *name, struct loader_plugin **out,
			    struct stat *st);

/*
 * Plugins kept open between loads, for a resident loader: the directory and
 * the file are checked at each open as loader_plugin_open() checks them, and
 * a file that changed (inode, size, mtime, ctime) is loaded again. The
 * plugins returned belong to the cache: never loader_plugin_close() them.
 */
struct loader_plugin_cache;
int loader_plugin_cache_new(struct loader_plugin_cache **out);
int loader_plugin_cache_open(struct loader_plugin_cache *c, const char *dir, const char *name,
			     struct loader_plugin **out);
/* Close every kept plugin (SIGHUP of the resident loader). */
void loader_plugin_cache_flush(struct loader_plugin_cache *c);
void loader_plugin_cache_free(struct loader_plugin_cache *c);

/* Does the plugin accept option key? */
bool loader_plugin_has_option(const struct loader_plugin *p, const char *key);

#endif
