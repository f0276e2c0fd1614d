// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * elf-exec: the ELF executable reader of the overlay plugin (see
 * elf-exec.h). Segments are placed at their physical (or, by option,
 * virtual) addresses, as the kernel's remoteproc_elf_loader.c does.
 */
#include <errno.h>
#include <string.h>

#include "elf-exec.h"

bool elf_exec_range_ok(const struct elf_exec *im, uint64_t off, uint64_t len)
{
	return off <= im->size && len <= im->size - off;
}

/* table at off: n entries of entsize bytes */
static bool elf_table_ok(const struct elf_exec *im, uint64_t off, uint64_t n,
			 uint64_t entsize)
{
	return n <= UINT32_MAX && elf_exec_range_ok(im, off, n * entsize);
}

static int elf_bad(struct elf_exec *im, const char *what)
{
	rproc_load_err(im->load, "not a valid ELF: %s", what);
	return -ENOEXEC;
}

static int elf_check_ident(struct elf_exec *im)
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

static int elf_check_headers(struct elf_exec *im)
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

int elf_exec_open(struct elf_exec *im, struct rproc_load *load)
{
	int err;

	im->load = load;
	im->data = load->image;
	im->size = load->image_size;
	im->elf = NULL;
	err = elf_check_ident(im);
	if (err < 0)
		return err;
	if (elf_version(EV_CURRENT) == EV_NONE)
		return -ENOSYS;
	/* ELF_C_READ_MMAP: libelf never writes to the read-only image */
	im->elf = elf_memory((char *)im->data, im->size);
	if (!im->elf)
		return elf_bad(im, elf_errmsg(-1));
	err = elf_check_headers(im);
	if (err < 0) {
		elf_end(im->elf);
		im->elf = NULL;
	}
	return err;
}

void elf_exec_close(struct elf_exec *im)
{
	elf_end(im->elf);
	im->elf = NULL;
}

/* the plan's segment for file bytes [off, off + filesz) of ph, then memsz - filesz zeroes */
static int elf_segment_part_add(struct elf_exec *im, struct elf_rsc *rsc, const GElf_Phdr *ph,
				uint64_t off, uint64_t filesz, uint64_t memsz, const void *data)
{
	struct rproc_segment seg;

	if (memsz == 0)
		return 0;
	memset(&seg, 0, sizeof(seg));
	seg.da = (im->virtual_addr ? ph->p_vaddr : ph->p_paddr) + (off - ph->p_offset);
	seg.memsz = memsz;
	seg.filesz = filesz;
	seg.data = data ? data : im->data + off;
	seg.offset = off;
	return elf_rsc_segment_add(im->load, rsc, &seg);
}

int elf_exec_segments_add(struct elf_exec *im, const struct elf_exec_patch *patch,
			   struct elf_rsc *rsc)
{
	struct rproc_load *load = im->load;
	GElf_Phdr ph;
	size_t i;
	int err;

	for (i = 0; i < im->phnum; i++) {
		uint64_t p_end, at;

		if (!gelf_getphdr(im->elf, (int)i, &ph))
			return elf_bad(im, elf_errmsg(-1));
		if (ph.p_type != PT_LOAD)
			continue;
		if (!elf_exec_range_ok(im, ph.p_offset, ph.p_filesz)) {
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
		p_end = ph.p_offset + ph.p_filesz;
		if (!patch || patch->len == 0 || patch->offset < ph.p_offset ||
		    patch->offset >= p_end || patch->len > p_end - patch->offset) {
			err = elf_segment_part_add(im, rsc, &ph, ph.p_offset, ph.p_filesz,
						   ph.p_memsz, NULL);
			if (err < 0)
				return err;
			continue;
		}
		/* before the patch, the patch, after it with the zeroes */
		at = patch->offset;
		err = elf_segment_part_add(im, rsc, &ph, ph.p_offset, at - ph.p_offset,
					   at - ph.p_offset, NULL);
		if (!err)
			err = elf_segment_part_add(im, rsc, &ph, at, patch->len, patch->len,
						   patch->data);
		at += patch->len;
		if (!err)
			err = elf_segment_part_add(im, rsc, &ph, at, p_end - at,
						   ph.p_memsz - (at - ph.p_offset), NULL);
		if (err < 0)
			return err;
	}
	return 0;
}

/* Name of section shdr, checked to be a string inside the string table. */
static const char *elf_section_name(const struct elf_exec *im, const GElf_Shdr *strtab,
				    const GElf_Shdr *sh)
{
	const char *s;

	if (strtab->sh_type == SHT_NOBITS ||
	    !elf_exec_range_ok(im, strtab->sh_offset, strtab->sh_size) ||
	    sh->sh_name >= strtab->sh_size)
		return NULL;
	s = (const char *)im->data + strtab->sh_offset + sh->sh_name;
	if (!memchr(s, '\0', strtab->sh_size - sh->sh_name))
		return NULL;
	return s;
}

int elf_exec_section_get(struct elf_exec *im, size_t i, GElf_Shdr *sh, const char **name)
{
	GElf_Shdr strtab;

	if (!gelf_getshdr(elf_getscn(im->elf, im->eh.e_shstrndx), &strtab))
		return elf_bad(im, "section name table unreadable");
	if (!gelf_getshdr(elf_getscn(im->elf, i), sh))
		return elf_bad(im, "section header unreadable");
	*name = elf_section_name(im, &strtab, sh);
	if (!*name) {
		rproc_load_err(im->load, "section %zu: name offset %u outside the section name table",
			       i, sh->sh_name);
		return -ENOEXEC;
	}
	return 0;
}

long elf_exec_section_find(struct elf_exec *im, const char *want, GElf_Shdr *sh)
{
	const char *name;
	size_t i;
	int err;

	if (im->eh.e_shoff == 0)
		return 0;
	for (i = 1; i < im->eh.e_shnum; i++) {
		err = elf_exec_section_get(im, i, sh, &name);
		if (err < 0)
			return err;
		if (strcmp(name, want) == 0)
			return (long)i;
	}
	return 0;
}

bool elf_exec_offset_to_da(const struct elf_exec *im, uint64_t off, uint64_t len,
			    uint64_t *da)
{
	GElf_Phdr ph;
	size_t i;

	for (i = 0; i < im->phnum; i++) {
		if (!gelf_getphdr(im->elf, (int)i, &ph) || ph.p_type != PT_LOAD)
			continue;
		if (off >= ph.p_offset && off - ph.p_offset < ph.p_filesz &&
		    len <= ph.p_filesz - (off - ph.p_offset)) {
			*da = (im->virtual_addr ? ph.p_vaddr : ph.p_paddr) +
			      (off - ph.p_offset);
			return true;
		}
	}
	return false;
}
