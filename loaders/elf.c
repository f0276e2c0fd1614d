// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * elf: the default loader plugin. Loads the PT_LOAD segments of an ELF32 or
 * ELF64 executable, either byte order, at their physical (or, by option,
 * virtual) addresses, as the kernel's remoteproc_elf_loader.c does, and
 * reports the entry point and the .resource_table section at its run
 * address, with its bytes there (elf-rsc.c). The reading and its checks
 * are elf-image.c's, shared with the overlay plugin.
 */
#include <errno.h>
#include <string.h>

#include <rproc/loader.h>

#include "elf-image.h"
#include "elf-rsc.h"

static const char *const elf_options[] = {
	"address",		/* physical (default) or virtual */
	"rsc_section",		/* name of the resource table section */
	NULL
};

static int elf_load(struct rproc_load *load)
{
	static const char *const addresses[] = { "physical", "virtual", NULL };
	unsigned int addr = 0;
	struct elf_image im = { .load = load };
	struct elf_rsc rsc;
	int err;

	/* the host names the file and line of a bad value */
	err = rproc_load_option_get_choice(load, "address", addresses, &addr);
	if (err < 0 && err != -ENOENT)
		return err;
	im.virtual_addr = addr == 1;
	err = elf_image_open(&im, load);
	if (err < 0)
		return err;
	/* the table runs at sh_addr, whatever the address option says of segments */
	err = elf_rsc_find(load, im.data, im.size, NULL, NULL, &rsc);
	if (!err)
		err = elf_image_segments_add(&im, NULL, &rsc);
	if (!err)
		err = elf_rsc_table_set(load, &rsc);
	if (!err)
		err = rproc_load_boot_addr_set(load, im.eh.e_entry);
	elf_image_close(&im);
	return err;
}

RPROC_LOADER_EXPORT const struct rproc_loader_plugin rproc_loader_plugin = {
	.abi_version = RPROC_LOADER_ABI_VERSION,
	.name = "elf",
	.description = "ELF32/ELF64 executables, segments by physical or virtual address",
	.options = elf_options,
	.load = elf_load,
	.size = RPROC_LOADER_PLUGIN_SIZE,
};
