// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libFuzzer harness over the uevent environment as rproc-loader reads it:
 * the input is NAME=VALUE strings separated by NUL bytes (the first of a
 * name wins, as getenv() finds it), handed to loader_event_parse() through
 * its getenv hook. Each string is copied to a buffer of its exact size, so
 * ASan sees any read past a value. What the load relies on is checked on
 * every event that parses, and on the DEVPATH and cookie kept to answer a
 * bad one.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "loader-event.h"
#include "loader-plugin.h"

#define ENV_MAX 32

static char *env[ENV_MAX + 1];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	log_open("fuzz", LOG_TARGET_STDERR, LOG_EMERG);
	return 0;
}

static const char *fake_getenv(const char *name)
{
	size_t n = strlen(name);
	char **e;

	for (e = env; *e; e++)
		if (strncmp(*e, name, n) == 0 && (*e)[n] == '=')
			return *e + n + 1;
	return NULL;
}

static void devpath_check(const char *devpath)
{
	if (strncmp(devpath, "/devices/", 9) != 0 || strstr(devpath, "/..") ||
	    strlen(devpath) > 1024)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct loader_event ev;
	size_t i = 0, n = 0;
	char name[LOADER_PLUGIN_NAME_MAX + 1];

	while (i < size && n < ENV_MAX) {
		const uint8_t *end = memchr(data + i, '\0', size - i);
		size_t len = end ? (size_t)(end - (data + i)) : size - i;

		env[n] = malloc(len + 1);
		if (!env[n])
			break;
		memcpy(env[n], data + i, len);
		env[n][len] = '\0';
		n++;
		i += len + 1;
	}
	env[n] = NULL;

	if (loader_event_present(fake_getenv)) {
		if (loader_event_parse(&ev, fake_getenv) == 0) {
			devpath_check(ev.devpath);
			if (!ev.firmware || loader_firmware_name_invalid(ev.firmware))
				abort();
			if (ev.interp && (!ev.interp[0] ||
					  loader_plugin_name_from_interp(ev.interp, name,
									 sizeof(name)) < 0 ||
					  !loader_plugin_name_is_valid(name)))
				abort();
		} else if (ev.devpath) {
			/* answerable: the two the answer takes were checked */
			devpath_check(ev.devpath);
		}
	}
	for (i = 0; i < n; i++)
		free(env[i]);
	return 0;
}
