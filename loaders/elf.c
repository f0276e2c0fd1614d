// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * elf: the default loader plugin. Loads the PT_LOAD segments of an ELF32 or
 * ELF64 executable, either byte order, at their physical (or, by option,
 * virtual) addresses, as the kernel's remoteproc_elf_loader.c does, and
 * reports the entry point and the .resource_table section at its run
 * address, with its bytes there (elf-rsc.c).
 *
 * The image is untrusted: every header field, offset and size is checked
 * against the file before it is used, in overflow-safe arithmetic.
 */
#include <errno.h>
#include <gelf.h>
#include <libelf.h>
#include <stdbool.h>
#include <string.h>

#include <rproc/loader.h>

#include "elf-rsc.h"

static const char *const elf_options[] = {
	"address",		/* physical (default) or virtual */
	"rsc_section",		/* name of the resource table section */
	NULL
};

struct elf_image {
	struct rproc_load *load;
	const uint8_t *data;
	size_t size;
	Elf *elf;
	GElf_Ehdr eh;
	bool be;
	bool virtual_addr;
	size_t phnum;
};

/* [off, off + len) inside the image, without overflow */
static bool elf_range_ok(const struct elf_image *im, uint64_t off, uint64_t len)
{
	return off <= im->size && len <= im->size - off;
}

/* table at off: n entries of entsize bytes */
static bool elf_table_ok(const struct elf_image *im, uint64_t off, uint64_t n,
			 uint64_t entsize)
{
	return n <= UINT32_MAX && elf_range_ok(im, off, n * entsize);
}

static int elf_bad(struct elf_image *im, const char *what)
{
	rproc_load_err(im->load, "not a valid ELF: %s", what);
	return -ENOEXEC;
}

static int elf_check_ident(struct elf_image *im)
{
	const unsigned char *id = im->data;

	if (im->size < EI_NIDENT || memcmp(id, ELFMAG, SELFMAG) != 0)
		return elf_bad(im, "no ELF magic");
	if (id[EI_CLASS] != ELFCLASS32 && id[EI_CLASS] != ELFCLASS64)
		return elf_bad(im, "class is neither ELF32 nor ELF64");
	if (id[EI_DATA] != ELFDATA2LSB && id[EI_DATA] != ELFDATA2MSB)
		return elf_bad(im, "byte order is neither little nor big endian");
	if (id[EI_VERSION] != EV_CURRENT)
		return elf_bad(im, "ident version is not EV_CURRENT");
	im->be = id[EI_DATA] == ELFDATA2MSB;
	if (im->size < (id[EI_CLASS] == ELFCLASS64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr)))
		return elf_bad(im, "file smaller than the ELF header");
	return 0;
}

static int elf_check_headers(struct elf_image *im)
{
	bool is64 = im->data[EI_CLASS] == ELFCLASS64;
	uint64_t ehsize = is64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr);
	uint64_t phent = is64 ? sizeof(Elf64_Phdr) : sizeof(Elf32_Phdr);
	uint64_t shent = is64 ? sizeof(Elf64_Shdr) : sizeof(Elf32_Shdr);
	GElf_Ehdr *eh = &im->eh;

	if (!gelf_getehdr(im->elf, eh))
		return elf_bad(im, elf_errmsg(-1));
	if (eh->e_version != EV_CURRENT || eh->e_ehsize != ehsize)
		return elf_bad(im, "e_version or e_ehsize wrong");
	if (eh->e_type != ET_EXEC) {
		rproc_load_err(im->load,
			       "ELF type %u is not an executable (ET_EXEC); relocatable and shared objects need the reloc plugin",
			       eh->e_type);
		return -ENOEXEC;
	}
	if (eh->e_phnum == 0 || eh->e_phnum == PN_XNUM)
		return elf_bad(im, "no program headers, or extended numbering");
	if (eh->e_phentsize != phent)
		return elf_bad(im, "e_phentsize is not the size of a program header");
	if (!elf_table_ok(im, eh->e_phoff, eh->e_phnum, phent))
		return elf_bad(im, "program header table outside the file");
	im->phnum = eh->e_phnum;

	if (eh->e_shoff == 0) {
		if (eh->e_shnum != 0)
			return elf_bad(im, "e_shnum without a section header table");
		return 0;	/* no section headers is fine: no resource table */
	}
	if (eh->e_shentsize != shent)
		return elf_bad(im, "e_shentsize is not the size of a section header");
	if (eh->e_shnum == 0 || eh->e_shstrndx == SHN_XINDEX)
		return elf_bad(im, "extended section numbering is not supported");
	if (!elf_table_ok(im, eh->e_shoff, eh->e_shnum, shent))
		return elf_bad(im, "section header table outside the file");
	if (eh->e_shstrndx == SHN_UNDEF || eh->e_shstrndx >= eh->e_shnum)
		return elf_bad(im, "e_shstrndx is not a section");
	return 0;
}

/* Segments by p_paddr (or p_vaddr), through the finder: the table wins at its run address. */
static int elf_add_segments(struct elf_image *im, struct elf_rsc *rsc)
{
	struct rproc_load *load = im->load;
	GElf_Phdr ph;
	size_t i;
	int err;

	for (i = 0; i < im->phnum; i++) {
		struct rproc_segment seg;

		if (!gelf_getphdr(im->elf, (int)i, &ph))
			return elf_bad(im, elf_errmsg(-1));
		if (ph.p_type != PT_LOAD)
			continue;
		if (!elf_range_ok(im, ph.p_offset, ph.p_filesz)) {
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
		seg.da = im->virtual_addr ? ph.p_vaddr : ph.p_paddr;
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
	struct elf_image im = {
		.load = load,
		.data = load->image,
		.size = load->image_size,
	};
	struct elf_rsc rsc;
	int err;

	/* the host names the file and line of a bad value */
	err = rproc_load_option_get_choice(load, "address", addresses, &addr);
	if (err < 0 && err != -ENOENT)
		return err;
	im.virtual_addr = addr == 1;
	err = elf_check_ident(&im);
	if (err < 0)
		return err;
	if (elf_version(EV_CURRENT) == EV_NONE)
		return -ENOSYS;
	/* ELF_C_READ_MMAP: libelf never writes to the read-only image */
	im.elf = elf_memory((char *)im.data, im.size);
	if (!im.elf)
		return elf_bad(&im, elf_errmsg(-1));
	err = elf_check_headers(&im);
	/* the table runs at sh_addr, whatever the address option says of segments */
	if (!err)
		err = elf_rsc_find(load, im.data, im.size, NULL, NULL, &rsc);
	if (!err)
		err = elf_add_segments(&im, &rsc);
	if (!err)
		err = elf_rsc_table_set(load, &rsc);
	if (!err)
		err = rproc_load_boot_addr_set(load, im.eh.e_entry);
	elf_end(im.elf);
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
