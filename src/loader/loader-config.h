/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * rproc-loader configuration: CONFDIR/loader.conf, then CONFDIR/loader.conf.d/
 * *.conf in lexical (byte) order; see rproc-loader.conf(5).
 */
#ifndef LOADER_CONFIG_H
#define LOADER_CONFIG_H

#include <stddef.h>

/*
 * Below the kernel's default load timeout (30 s), so that the helper gives
 * up first, answers -ETIMEDOUT and logs why the load did not finish (exit
 * 7); and below udev's 180 s limit for programs it runs. Until the config
 * is read, the default holds: a config on a hung file system times out too.
 */
#define LOADER_TIMEOUT_DEFAULT	25
#define LOADER_TIMEOUT_MAX	170

enum loader_scope {
	LOADER_SCOPE_RPROC,
	LOADER_SCOPE_FIRMWARE,
};

/* One "key = value" of a [rproc GLOB] or [firmware GLOB] section. */
struct loader_setting {
	enum loader_scope scope;
	const char *pattern;	/* the section's glob */
	char *key;		/* "loader" or "<plugin>.<option>" */
	char *value;
	const char *file;
	unsigned int line;
};

struct loader_config {
	char *firmware_path;	/* colon-separated; NULL: the kernel's order */
	char *default_loader;
	unsigned int timeout;	/* seconds */
	int log_priority;	/* -1: not set */
	int log_target;		/* -1: not set */

	struct loader_setting *set;
	size_t n_set;
	char **strings;		/* file names and patterns the settings point to */
	size_t n_strings;
};

/* What the config says for one rproc and firmware: later settings win. */
struct loader_selection {
	const struct loader_setting *loader;	/* NULL: not configured */
	const struct loader_setting **opts;	/* one per option key */
	size_t n_opts;
};

struct loader_config *loader_config_new(void);
void loader_config_free(struct loader_config *c);
/*
 * Parse one file into c: 0, -ENOENT (not logged), or after logging the file
 * (and line) the errno of ini_file_parse(): a bad value or syntax, a file
 * that is not a regular file, too large or cannot be read.
 */
int loader_config_parse_file(struct loader_config *c, const char *path);
/*
 * Parse the whole configuration of confdir. A missing confdir, loader.conf
 * or loader.conf.d is no error; a symbolic link to nothing is, and so is
 * every file that cannot be read whole. Every broken file is logged; the
 * first error is returned.
 */
int loader_config_load(const char *confdir, struct loader_config **out);

int loader_config_select(const struct loader_config *c, const char *rproc,
			 const char *firmware, struct loader_selection *sel);
void loader_selection_release(struct loader_selection *sel);

#endif
