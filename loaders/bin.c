// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * bin: the smallest useful loader plugin, and the example of
 * rproc-loader-plugin(3). Loads a raw binary image at the device address the
 * config gives ("bin.da = 0x..."), and boots at "bin.boot" (default: da).
 */
#include <errno.h>

#include <rproc/loader.h>

#include "strparse.h"

static const char *const bin_options[] = { "da", "boot", NULL };

/* Strict: decimal or 0x hex, nothing else (no octal, no sign, no blanks). */
static int bin_parse(struct rproc_load *load, const char *key, uint64_t *v)
{
	const char *s = rproc_load_option_get(load, key);

	if (!s)
		return -ENOENT;
	if (parse_u64(s, v) < 0) {
		rproc_load_err(load, "option bin.%s = '%.32s': expected a decimal or 0x number",
			       key, s);
		return -EINVAL;
	}
	return 0;
}

static int bin_load(struct rproc_load *load)
{
	struct rproc_segment seg = {
		.data = load->image,
		.filesz = load->image_size,
		.memsz = load->image_size,
	};
	uint64_t boot;
	int err;

	err = bin_parse(load, "da", &seg.da);
	if (err == -ENOENT)
		rproc_load_err(load, "option bin.da is required: where the image goes");
	if (err < 0)
		return -EINVAL;
	err = bin_parse(load, "boot", &boot);
	if (err == -ENOENT)
		boot = seg.da;
	else if (err < 0)
		return err;

	err = rproc_load_segment_add(load, &seg);
	if (err < 0)
		return err;
	err = rproc_load_rsc_table_set(load, 0, 0);	/* a raw image has none */
	if (err < 0)
		return err;
	return rproc_load_boot_addr_set(load, boot);
}

RPROC_LOADER_EXPORT const struct rproc_loader_plugin rproc_loader_plugin = {
	.abi_version = RPROC_LOADER_ABI_VERSION,
	.name = "bin",
	.description = "raw binary image at a configured address",
	.options = bin_options,
	.load = bin_load,
};
