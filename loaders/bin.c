// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * bin: the smallest useful loader plugin, and the example of
 * rproc-loader-plugin(3). Loads a raw binary image at the device address the
 * config gives ("bin.da = 0x..."), and boots at "bin.boot" (default: da).
 */
#include <errno.h>

#include <rproc/loader.h>

static const char *const bin_options[] = { "da", "boot", NULL };

static int bin_load(struct rproc_load *load)
{
	struct rproc_segment seg = {
		.data = load->image,
		.filesz = load->image_size,
		.memsz = load->image_size,
	};
	uint64_t boot;
	int err;

	/* the host parses, and names the file and line of a bad value */
	err = rproc_load_option_get_u64(load, "da", 0, UINT64_MAX, &seg.da);
	if (err == -ENOENT)
		rproc_load_err(load, "option bin.da is required: where the image goes");
	if (err < 0)
		return err == -ENOENT ? -EINVAL : err;
	boot = seg.da;
	err = rproc_load_option_get_u64(load, "boot", 0, UINT64_MAX, &boot);
	if (err < 0 && err != -ENOENT)
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
	.size = RPROC_LOADER_PLUGIN_SIZE,
};
