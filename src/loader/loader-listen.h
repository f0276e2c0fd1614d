/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * rproc-loader --listen: a resident loader. It joins the rproc_loader
 * family's "serve" group, and the kernel then offers it each load instead of
 * having udev run the helper (linux/rproc_loader.h); it claims each, and
 * serves it with the helper's own load sequence (loader_load()), one load
 * after another.
 */
#ifndef LOADER_LISTEN_H
#define LOADER_LISTEN_H

#include <stdint.h>

struct loader_args;
struct loader_event;
struct loader_nl_event;

/* Serve loads until SIGTERM or SIGINT; an exit code of loader-load.h. */
int loader_listen(const struct loader_args *a, const char *confdir, const char *plugindir);

/*
 * The uevent a PENDING event stands for (ACTION, DEVPATH, RPROC_EVENT,
 * RPROC_FIRMWARE, RPROC_COOKIE, RPROC_LOADER), checked by loader_event_parse()
 * as udev's would be: devpath is the device's, under /sys/devices. ev points
 * into static storage, valid until the next call. 0 or -errno (logged).
 * Exposed for the unit tests.
 */
int loader_listen_event(const struct loader_nl_event *nev, const char *devpath,
			struct loader_event *ev);

#endif
