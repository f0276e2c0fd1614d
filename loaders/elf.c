// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * elf: the default loader plugin. Loads the PT_LOAD segments of an ELF32 or
 * ELF64 executable, either byte order, at their physical (or, by option,
 * virtual) addresses, as the kernel's remoteproc_elf_loader.c does, and
 * reports the entry point and the .resource_table section at its run
 * address, with its bytes there (elf-rsc.c).
 *
 * The image is untrusted: every header field, offset and size is checked
 * against the file before it is used, in overflow-safe arithmetic. The
 * headers are read by the plugins' ELF image reader (lib/elf-image.h), the
 * segments added by the library's executable loader (lib/elf-load.h).
 */
#include <errno.h>

#include <rproc/loader.h>

#include "elf-image.h"
#include "elf-load.h"
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
	struct elf_image im;
	struct elf_rsc rsc;
	const char *why;
	int err;

	/* the host names the file and line of a bad value */
	err = rproc_load_option_get_choice(load, "address", addresses, &addr);
	if (err < 0 && err != -ENOENT)
		return err;
	err = elf_image_open(&im, load->image, load->image_size, &why);
	if (err < 0) {
		rproc_load_err(load, "not a valid ELF: %s", why);
		return err;
	}
	err = elf_load_exec_check(load, &im);
	/* the table runs at sh_addr, whatever the address option says of segments */
	if (!err)
		err = elf_rsc_find(load, &im, NULL, NULL, &rsc);
	/* segments by p_paddr (or p_vaddr), through the finder: the table wins at its run address */
	if (!err)
		err = elf_load_segments_add(load, &im, addr == 1, NULL, &rsc);
	if (!err)
		err = elf_rsc_table_set(load, &rsc);
	if (!err)
		err = rproc_load_boot_addr_set(load, im.eh.e_entry);
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
