// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>
#include <string.h>

#include "log.h"
#include "strparse.h"
#include "loader-event.h"
#include "loader-plugin.h"

#define FIRMWARE_NAME_MAX	255
#define DEVPATH_MAX		1024

bool loader_event_present(loader_getenv_fn get)
{
	return get("ACTION") || get("RPROC_EVENT");
}

static bool has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}

const char *loader_firmware_name_invalid(const char *name)
{
	if (name[0] == '\0')
		return "empty";
	if (strlen(name) > FIRMWARE_NAME_MAX)
		return "longer than 255 bytes";
	if (name[0] == '/')
		return "an absolute path";
	if (strstr(name, ".."))
		return "contains '..'";
	if (has_control(name))
		return "contains control characters";
	if (name[strlen(name) - 1] == '/')
		return "ends with '/'";
	return NULL;
}

static int event_bad(const char *var, const char *value, const char *why)
{
	char esc[128];

	ERR("uevent: %s='%s': %s", var, strparse_escape(value, esc, sizeof(esc)), why);
	return -EINVAL;
}

static const char *event_require(loader_getenv_fn get, const char *var)
{
	const char *v = get(var);

	if (!v)
		ERR("uevent: %s is not set", var);
	return v;
}

int loader_event_parse(struct loader_event *ev, loader_getenv_fn get)
{
	const char *action, *event, *devpath, *cookie, *why;
	int err;

	memset(ev, 0, sizeof(*ev));
	action = event_require(get, "ACTION");
	if (!action)
		return -EINVAL;
	if (strcmp(action, "change") != 0)
		return event_bad("ACTION", action, "expected 'change'");

	event = event_require(get, "RPROC_EVENT");
	if (!event)
		return -EINVAL;
	if (strcmp(event, "load") != 0)
		return event_bad("RPROC_EVENT", event, "expected 'load'");

	/* the two the answer needs, first: whatever is wrong after them is answered */
	devpath = event_require(get, "DEVPATH");
	if (!devpath)
		return -EINVAL;
	if (strncmp(devpath, "/devices/", 9) != 0)
		return event_bad("DEVPATH", devpath, "expected /devices/...");
	if (strlen(devpath) > DEVPATH_MAX || strstr(devpath, "/..") || has_control(devpath))
		return event_bad("DEVPATH", devpath,
				 "too long, or contains '..' or control characters");

	cookie = event_require(get, "RPROC_COOKIE");
	if (!cookie)
		return -EINVAL;
	/* the kernel prints it with %u: decimal only */
	err = cookie[0] >= '0' && cookie[0] <= '9' && !(cookie[0] == '0' && cookie[1]) ?
	      strparse_u32(cookie, &ev->cookie) : -EINVAL;
	if (err < 0) {
		ev->cookie = 0;
		return event_bad("RPROC_COOKIE", cookie,
				 "expected a decimal number up to 4294967295");
	}
	ev->devpath = devpath;

	ev->firmware = event_require(get, "RPROC_FIRMWARE");
	if (!ev->firmware)
		return -EINVAL;
	why = loader_firmware_name_invalid(ev->firmware);
	if (why)
		return event_bad("RPROC_FIRMWARE", ev->firmware, why);

	ev->interp = get("RPROC_LOADER");
	if (ev->interp && ev->interp[0] == '\0')
		ev->interp = NULL;
	if (ev->interp && loader_plugin_name_from_interp(ev->interp, NULL, 0) < 0)
		return event_bad("RPROC_LOADER", ev->interp,
				 "expected a loader name, or a path whose last component is one");
	return 0;
}
