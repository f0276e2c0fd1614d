// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libFuzzer harness over rproc-loader's configuration parser: the input is
 * one loader.conf (inih through src/shared/ini-file.c, then the [loader],
 * [rproc GLOB] and [firmware GLOB] keys of loader-config.c), read from a
 * memfd as the helper reads a file, then selected for a co-processor and a
 * firmware as a load does. What the rest of rproc-loader relies on is
 * checked on every config that parses.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "loader-config.h"
#include "loader-plugin.h"

static int fd = -1;
static char path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	log_open("fuzz", LOG_TARGET_STDERR, LOG_EMERG);
	fd = memfd_create("loader.conf", MFD_CLOEXEC);
	/* a memfd is made 0777: the config must be root's (or ours) alone */
	if (fd < 0 || fchmod(fd, 0600) < 0)
		abort();
	/* a path, as ini_file_parse() opens one: this memfd, opened anew */
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	return 0;
}

static void selection_check(const struct loader_config *c, const char *rproc,
			    const char *firmware)
{
	struct loader_selection sel;
	size_t i, j;

	if (loader_config_select(c, rproc, firmware, &sel) < 0)
		return;
	if (sel.n_opts > c->n_set)
		abort();
	if (sel.loader && (strcmp(sel.loader->key, "loader") != 0 ||
			   !loader_plugin_name_is_valid(sel.loader->value)))
		abort();
	for (i = 0; i < sel.n_opts; i++) {
		/* "plugin.option", one setting per key */
		if (!strchr(sel.opts[i]->key, '.') || !sel.opts[i]->value || !sel.opts[i]->file)
			abort();
		for (j = 0; j < i; j++)
			if (strcmp(sel.opts[i]->key, sel.opts[j]->key) == 0)
				abort();
	}
	loader_selection_release(&sel);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct loader_config *c;
	size_t i;
	int err;

	if (ftruncate(fd, 0) < 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();
	c = loader_config_new();
	if (!c)
		return 0;
	err = loader_config_parse_file(c, path);
	if (err == 0) {
		if (c->timeout < 1 || c->timeout > LOADER_TIMEOUT_MAX)
			abort();
		if (!loader_plugin_name_is_valid(c->default_loader))
			abort();
		if (c->firmware_path && c->firmware_path[0] != '/')
			abort();
		for (i = 0; i < c->n_set; i++)
			if (!c->set[i].key || !c->set[i].value || !c->set[i].pattern ||
			    !c->set[i].file || c->set[i].line == 0)
				abort();
		selection_check(c, "m4_0", "app.elf");
		selection_check(c, "dsp", "vendor/fw.bin");
	} else if (err != -EINVAL && err != -ENOMEM && err != -EFBIG) {
		/* a memfd is a regular file that reads: nothing else may fail */
		abort();
	}
	loader_config_free(c);
	return 0;
}
