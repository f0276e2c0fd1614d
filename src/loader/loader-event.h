/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The uevent that makes udev run rproc-loader: its environment is untrusted
 * input and every variable is validated here before anything uses it.
 */
#ifndef LOADER_EVENT_H
#define LOADER_EVENT_H

#include <stdbool.h>
#include <stdint.h>

struct loader_event {
	const char *devpath;	/* DEVPATH, "/devices/.../remoteprocN" */
	const char *firmware;	/* RPROC_FIRMWARE, a firmware name */
	const char *interp;	/* RPROC_LOADER, PT_INTERP string, or NULL */
	uint32_t cookie;	/* RPROC_COOKIE */
};

typedef const char *(*loader_getenv_fn)(const char *name);

/* True when the environment looks like a uevent at all (udev set ACTION). */
bool loader_event_present(loader_getenv_fn get);
/*
 * Fill ev from the environment. 0, or -EINVAL after logging the variable.
 * DEVPATH and RPROC_COOKIE are checked first: on an error after them,
 * ev->devpath and ev->cookie are set, so that the load can still be answered
 * (ev->devpath is NULL when it cannot).
 */
int loader_event_parse(struct loader_event *ev, loader_getenv_fn get);

/*
 * A firmware name as the kernel's request_firmware() takes it: relative,
 * no ".." anywhere, no control characters, at most 255 bytes. Returns NULL
 * when valid, else why not.
 */
const char *loader_firmware_name_invalid(const char *name);

#endif
