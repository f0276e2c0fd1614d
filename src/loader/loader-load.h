/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * One load, however it is asked for: the uevent of a udev-run helper, a
 * firmware on the command line, or a resident loader's event (--listen).
 * Every load that names an rproc and a cookie is answered.
 */
#ifndef LOADER_LOAD_H
#define LOADER_LOAD_H

#include <stdbool.h>

/* Exit codes, documented in rproc-loader(8). */
enum {
	EXIT_LOADED = 0,
	EXIT_REFUSED = 1,	/* the firmware or its load plan was refused */
	EXIT_USAGE = 2,		/* bad command line or uevent environment */
	EXIT_CONFIG = 3,	/* bad configuration */
	EXIT_NOFIRMWARE = 4,	/* firmware not found or unreadable */
	EXIT_PLUGIN = 5,	/* plugin missing, faulty or of another ABI */
	EXIT_BACKEND = 6,	/* memories could not be described, mapped or answered */
	EXIT_TIMEOUT = 7,	/* the load took longer than the configured timeout */
};

struct loader_args {
	const char *backend;
	const char *rproc;
	const char *firmware;
	const char *confdir;
	const char *plugindir;
	bool dry_run;
	bool listen;
	int verbose;
};

struct loader_event;
struct loader_netlink;
struct loader_plugin_cache;

/* What a resident loader keeps between loads, lent to each. */
struct loader_resident {
	struct loader_plugin_cache *plugins;	/* plugins kept open */
	struct loader_netlink *nl;		/* its socket of the family */
};

/*
 * One load, to its answer: from ev when given (a resident loader's, checked
 * as a uevent is), else from a->firmware, else from the uevent environment.
 * With res (a resident loader), plugins and the netlink socket are its;
 * without, they are opened and closed. The config is read at each call.
 * Returns an exit code. The load's timeout answers the kernel and ends the
 * process (_exit()).
 */
int loader_load(const struct loader_args *a, const char *confdir, const char *plugindir,
		const struct loader_event *ev, const struct loader_resident *res);

#endif
