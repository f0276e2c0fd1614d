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
 * headers are read by the plugins' ELF image reader (lib/elf-image.h).
 */
#include <errno.h>
#include <gelf.h>
#include <stdbool.h>
#include <string.h>

#include <rproc/loader.h>

#include "elf-image.h"
#include "elf-rsc.h"

#define ELF_RSC_SECTION		".resource_table"

static const char *const elf_options[] = {
	"address",		/* physical (default) or virtual */
	"rsc_section",		/* name of the resource table section */
	NULL
};

struct elf_load {
	struct rproc_load *load;
	struct elf_image im;
	bool virtual_addr;
};

static int elf_bad(struct elf_load *el, const char *what)
{
	rproc_load_err(el->load, "not a valid ELF: %s", what);
	return -ENOEXEC;
}

/* what the elf plugin asks beyond a readable image: an executable with program headers */
static int elf_headers_check(struct elf_load *el)
{
	const GElf_Ehdr *eh = &el->im.eh;

	if (eh->e_type != ET_EXEC) {
		rproc_load_err(el->load,
			       "ELF type %u is not an executable (ET_EXEC); relocatable and shared objects need the reloc plugin",
			       eh->e_type);
		return -ENOEXEC;
	}
	if (eh->e_phnum == 0)
		return elf_bad(el, "no program headers");
	return 0;
}

/* Segments by p_paddr (or p_vaddr), through the finder: the table wins at its run address. */
static int elf_segments_add(struct elf_load *el, struct elf_rsc *rsc)
{
	struct rproc_load *load = el->load;
	const struct elf_image *im = &el->im;
	GElf_Phdr ph;
	size_t i;
	int err;

	for (i = 0; i < im->eh.e_phnum; i++) {
		struct rproc_segment seg;

		elf_image_phdr_get(im, i, &ph);
		if (ph.p_type != PT_LOAD)
			continue;
		if (!elf_image_range_ok(im, ph.p_offset, ph.p_filesz)) {
			rproc_load_err(load,
				       "program header %zu: offset 0x%llx + %llu bytes runs past the %zu-byte file",
				       i, (unsigned long long)ph.p_offset,
				       (unsigned long long)ph.p_filesz, im->size);
			return -ENOEXEC;
		}
		if (ph.p_filesz > ph.p_memsz) {
			rproc_load_err(load,
				       "program header %zu: file size %llu larger than memory size %llu",
				       i, (unsigned long long)ph.p_filesz,
				       (unsigned long long)ph.p_memsz);
			return -ENOEXEC;
		}
		memset(&seg, 0, sizeof(seg));
		seg.da = el->virtual_addr ? ph.p_vaddr : ph.p_paddr;
		seg.memsz = ph.p_memsz;
		seg.filesz = ph.p_filesz;
		seg.data = im->data + ph.p_offset;
		seg.offset = ph.p_offset;
		err = elf_rsc_segment_add(load, rsc, &seg);
		if (err < 0)
			return err;
	}
	return 0;
}

static int elf_load(struct rproc_load *load)
{
	static const char *const addresses[] = { "physical", "virtual", NULL };
	unsigned int addr = 0;
	struct elf_load el = { .load = load };
	struct elf_rsc rsc;
	const char *why;
	int err;

	/* the host names the file and line of a bad value */
	err = rproc_load_option_get_choice(load, "address", addresses, &addr);
	if (err < 0 && err != -ENOENT)
		return err;
	el.virtual_addr = addr == 1;
	err = elf_image_open(&el.im, load->image, load->image_size, &why);
	if (err < 0)
		return elf_bad(&el, why);
	err = elf_headers_check(&el);
	/* the table runs at sh_addr, whatever the address option says of segments */
	if (!err)
		err = elf_rsc_find(load, &el.im, NULL, NULL, &rsc);
	if (!err)
		err = elf_segments_add(&el, &rsc);
	if (!err)
		err = elf_rsc_table_set(load, &rsc);
	if (!err)
		err = rproc_load_boot_addr_set(load, el.im.eh.e_entry);
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
