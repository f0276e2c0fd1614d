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

/* Does the plugin accept option key? */
bool loader_plugin_has_option(const struct loader_plugin *p, const char *key);

#endif
