// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * elf-image: the plugins' ELF image reader, as elf-image.h describes.
 */
#include <errno.h>
#include <gelf.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "elf-image.h"

#define FIX16(im, v)	((v) = (im)->swapped ? (__typeof__(v))__builtin_bswap16(v) : (v))
#define FIX32(im, v)	((v) = (im)->swapped ? (__typeof__(v))__builtin_bswap32(v) : (v))
#define FIX64(im, v)	((v) = (im)->swapped ? (__typeof__(v))__builtin_bswap64(v) : (v))

static void elf_image_ehdr_read(struct elf_image *im)
{
	GElf_Ehdr *eh = &im->eh;

	memset(eh, 0, sizeof(*eh));
	if (im->is64) {
		Elf64_Ehdr e;

		memcpy(&e, im->data, sizeof(e));
		memcpy(eh->e_ident, e.e_ident, EI_NIDENT);
		eh->e_type = FIX16(im, e.e_type);
		eh->e_machine = FIX16(im, e.e_machine);
		eh->e_version = FIX32(im, e.e_version);
		eh->e_entry = FIX64(im, e.e_entry);
		eh->e_phoff = FIX64(im, e.e_phoff);
		eh->e_shoff = FIX64(im, e.e_shoff);
		eh->e_flags = FIX32(im, e.e_flags);
		eh->e_ehsize = FIX16(im, e.e_ehsize);
		eh->e_phentsize = FIX16(im, e.e_phentsize);
		eh->e_phnum = FIX16(im, e.e_phnum);
		eh->e_shentsize = FIX16(im, e.e_shentsize);
		eh->e_shnum = FIX16(im, e.e_shnum);
		eh->e_shstrndx = FIX16(im, e.e_shstrndx);
	} else {
		Elf32_Ehdr e;

		memcpy(&e, im->data, sizeof(e));
		memcpy(eh->e_ident, e.e_ident, EI_NIDENT);
		eh->e_type = FIX16(im, e.e_type);
		eh->e_machine = FIX16(im, e.e_machine);
		eh->e_version = FIX32(im, e.e_version);
		eh->e_entry = FIX32(im, e.e_entry);
		eh->e_phoff = FIX32(im, e.e_phoff);
		eh->e_shoff = FIX32(im, e.e_shoff);
		eh->e_flags = FIX32(im, e.e_flags);
		eh->e_ehsize = FIX16(im, e.e_ehsize);
		eh->e_phentsize = FIX16(im, e.e_phentsize);
		eh->e_phnum = FIX16(im, e.e_phnum);
		eh->e_shentsize = FIX16(im, e.e_shentsize);
		eh->e_shnum = FIX16(im, e.e_shnum);
		eh->e_shstrndx = FIX16(im, e.e_shstrndx);
	}
}

static int elf_image_bad(const char **why, const char *what)
{
	*why = what;
	return -ENOEXEC;
}

int elf_image_open(struct elf_image *im, const void *data, size_t size, const char **why)
{
	const unsigned char *id = data;
	uint64_t phent, shent;
	GElf_Ehdr *eh = &im->eh;

	memset(im, 0, sizeof(*im));
	im->data = data;
	im->size = size;
	if (size < EI_NIDENT || memcmp(id, ELFMAG, SELFMAG) != 0)
		return elf_image_bad(why, "no ELF magic");
	if (id[EI_CLASS] != ELFCLASS32 && id[EI_CLASS] != ELFCLASS64)
		return elf_image_bad(why, "class is neither ELF32 nor ELF64");
	if (id[EI_DATA] != ELFDATA2LSB && id[EI_DATA] != ELFDATA2MSB)
		return elf_image_bad(why, "byte order is neither little nor big endian");
	if (id[EI_VERSION] != EV_CURRENT)
		return elf_image_bad(why, "ident version is not EV_CURRENT");
	im->be = id[EI_DATA] == ELFDATA2MSB;
	im->is64 = id[EI_CLASS] == ELFCLASS64;
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	im->swapped = !im->be;
#else
	im->swapped = im->be;
#endif
	if (size < (im->is64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr)))
		return elf_image_bad(why, "file smaller than the ELF header");
	elf_image_ehdr_read(im);

	phent = im->is64 ? sizeof(Elf64_Phdr) : sizeof(Elf32_Phdr);
	shent = im->is64 ? sizeof(Elf64_Shdr) : sizeof(Elf32_Shdr);
	if (eh->e_version != EV_CURRENT ||
	    eh->e_ehsize != (im->is64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr)))
		return elf_image_bad(why, "e_version or e_ehsize wrong");
	if (eh->e_phnum) {
		if (eh->e_phnum == PN_XNUM)
			return elf_image_bad(why, "extended numbering of program headers is not supported");
		if (eh->e_phentsize != phent)
			return elf_image_bad(why, "e_phentsize is not the size of a program header");
		if (!elf_image_range_ok(im, eh->e_phoff, (uint64_t)eh->e_phnum * phent))
			return elf_image_bad(why, "program header table outside the file");
	}
	if (eh->e_shoff == 0) {
		if (eh->e_shnum != 0)
			return elf_image_bad(why, "e_shnum without a section header table");
		return 0;
	}
	if (eh->e_shentsize != shent)
		return elf_image_bad(why, "e_shentsize is not the size of a section header");
	if (eh->e_shnum == 0 || eh->e_shstrndx == SHN_XINDEX)
		return elf_image_bad(why, "extended section numbering is not supported");
	if (!elf_image_range_ok(im, eh->e_shoff, (uint64_t)eh->e_shnum * shent))
		return elf_image_bad(why, "section header table outside the file");
	if (eh->e_shstrndx == SHN_UNDEF || eh->e_shstrndx >= eh->e_shnum)
		return elf_image_bad(why, "e_shstrndx is not a section");
	return 0;
}

void elf_image_phdr_get(const struct elf_image *im, size_t i, GElf_Phdr *ph)
{
	if (im->is64) {
		Elf64_Phdr p;

		memcpy(&p, im->data + im->eh.e_phoff + i * sizeof(p), sizeof(p));
		ph->p_type = FIX32(im, p.p_type);
		ph->p_flags = FIX32(im, p.p_flags);
		ph->p_offset = FIX64(im, p.p_offset);
		ph->p_vaddr = FIX64(im, p.p_vaddr);
		ph->p_paddr = FIX64(im, p.p_paddr);
		ph->p_filesz = FIX64(im, p.p_filesz);
		ph->p_memsz = FIX64(im, p.p_memsz);
		ph->p_align = FIX64(im, p.p_align);
	} else {
		Elf32_Phdr p;

		memcpy(&p, im->data + im->eh.e_phoff + i * sizeof(p), sizeof(p));
		ph->p_type = FIX32(im, p.p_type);
		ph->p_flags = FIX32(im, p.p_flags);
		ph->p_offset = FIX32(im, p.p_offset);
		ph->p_vaddr = FIX32(im, p.p_vaddr);
		ph->p_paddr = FIX32(im, p.p_paddr);
		ph->p_filesz = FIX32(im, p.p_filesz);
		ph->p_memsz = FIX32(im, p.p_memsz);
		ph->p_align = FIX32(im, p.p_align);
	}
}

void elf_image_shdr_get(const struct elf_image *im, size_t i, GElf_Shdr *sh)
{
	if (im->is64) {
		Elf64_Shdr s;

		memcpy(&s, im->data + im->eh.e_shoff + i * sizeof(s), sizeof(s));
		sh->sh_name = FIX32(im, s.sh_name);
		sh->sh_type = FIX32(im, s.sh_type);
		sh->sh_flags = FIX64(im, s.sh_flags);
		sh->sh_addr = FIX64(im, s.sh_addr);
		sh->sh_offset = FIX64(im, s.sh_offset);
		sh->sh_size = FIX64(im, s.sh_size);
		sh->sh_link = FIX32(im, s.sh_link);
		sh->sh_info = FIX32(im, s.sh_info);
		sh->sh_addralign = FIX64(im, s.sh_addralign);
		sh->sh_entsize = FIX64(im, s.sh_entsize);
	} else {
		Elf32_Shdr s;

		memcpy(&s, im->data + im->eh.e_shoff + i * sizeof(s), sizeof(s));
		sh->sh_name = FIX32(im, s.sh_name);
		sh->sh_type = FIX32(im, s.sh_type);
		sh->sh_flags = FIX32(im, s.sh_flags);
		sh->sh_addr = FIX32(im, s.sh_addr);
		sh->sh_offset = FIX32(im, s.sh_offset);
		sh->sh_size = FIX32(im, s.sh_size);
		sh->sh_link = FIX32(im, s.sh_link);
		sh->sh_info = FIX32(im, s.sh_info);
		sh->sh_addralign = FIX32(im, s.sh_addralign);
		sh->sh_entsize = FIX32(im, s.sh_entsize);
	}
}

void elf_image_sym_get(const struct elf_image *im, const uint8_t *table, size_t i, GElf_Sym *st)
{
	if (im->is64) {
		Elf64_Sym s;

		memcpy(&s, table + i * sizeof(s), sizeof(s));
		st->st_name = FIX32(im, s.st_name);
		st->st_info = s.st_info;
		st->st_other = s.st_other;
		st->st_shndx = FIX16(im, s.st_shndx);
		st->st_value = FIX64(im, s.st_value);
		st->st_size = FIX64(im, s.st_size);
	} else {
		Elf32_Sym s;

		memcpy(&s, table + i * sizeof(s), sizeof(s));
		st->st_name = FIX32(im, s.st_name);
		st->st_info = s.st_info;
		st->st_other = s.st_other;
		st->st_shndx = FIX16(im, s.st_shndx);
		st->st_value = FIX32(im, s.st_value);
		st->st_size = FIX32(im, s.st_size);
	}
}

uint64_t elf_image_uint_get(const struct elf_image *im, const uint8_t *p, unsigned int n)
{
	uint64_t v = 0;
	unsigned int i;

	for (i = 0; i < n; i++)
		v |= (uint64_t)p[im->be ? n - 1 - i : i] << (8 * i);
	return v;
}

void elf_image_uint_put(const struct elf_image *im, uint8_t *p, unsigned int n, uint64_t v)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		p[im->be ? n - 1 - i : i] = (uint8_t)(v >> (8 * i));
}

void elf_image_rel_swap(const struct elf_image *im, void *table, size_t n, bool rela)
{
	size_t entsize = elf_image_rel_size(im, rela), k;
	uint8_t *p = table;

	if (!im->swapped)
		return;
	for (k = 0; k < n; k++, p += entsize) {
		if (im->is64) {
			Elf64_Rela r;	/* r_addend only read for RELA */

			memcpy(&r, p, entsize);
			FIX64(im, r.r_offset);
			FIX64(im, r.r_info);
			if (rela)
				FIX64(im, r.r_addend);
			memcpy(p, &r, entsize);
		} else {
			Elf32_Rela r;

			memcpy(&r, p, entsize);
			FIX32(im, r.r_offset);
			FIX32(im, r.r_info);
			if (rela)
				FIX32(im, r.r_addend);
			memcpy(p, &r, entsize);
		}
	}
}

const char *elf_image_strtab_get(const struct elf_image *im, size_t idx, size_t *size)
{
	GElf_Shdr sh;

	if (idx == 0 || idx >= im->eh.e_shnum)
		return NULL;
	elf_image_shdr_get(im, idx, &sh);
	if (sh.sh_type != SHT_STRTAB || sh.sh_size == 0 ||
	    !elf_image_range_ok(im, sh.sh_offset, sh.sh_size) ||
	    im->data[sh.sh_offset + sh.sh_size - 1] != '\0')
		return NULL;
	*size = (size_t)sh.sh_size;
	return (const char *)im->data + sh.sh_offset;
}

/* the name of section header @sh in the section name table @names of @nsize bytes */
static int elf_image_section_name(const char *names, size_t nsize, const GElf_Shdr *sh,
				  const char **name, const char **why)
{
	if (sh->sh_name >= nsize)
		return elf_image_bad(why, "a section name offset outside the section name table");
	*name = names + sh->sh_name;
	return 0;
}

int elf_image_section_get(const struct elf_image *im, size_t i, GElf_Shdr *sh,
			  const char **name, const char **why)
{
	const char *names;
	size_t nsize;

	names = elf_image_strtab_get(im, im->eh.e_shstrndx, &nsize);
	if (!names)
		return elf_image_bad(why, "section name table is not a NUL-terminated string table");
	elf_image_shdr_get(im, i, sh);
	return elf_image_section_name(names, nsize, sh, name, why);
}

int elf_image_section_find(const struct elf_image *im, const char *name, GElf_Shdr *sh,
			   size_t *idx, const char **why)
{
	const char *names, *s;
	size_t nsize, i;
	int err;

	*idx = 0;
	if (im->eh.e_shoff == 0)
		return 0;
	/* the name table once: an object may have tens of thousands of sections */
	names = elf_image_strtab_get(im, im->eh.e_shstrndx, &nsize);
	if (!names)
		return elf_image_bad(why, "section name table is not a NUL-terminated string table");
	for (i = 1; i < im->eh.e_shnum; i++) {
		elf_image_shdr_get(im, i, sh);
		err = elf_image_section_name(names, nsize, sh, &s, why);
		if (err < 0)
			return err;
		if (strcmp(s, name) == 0) {
			*idx = i;
			return 0;
		}
	}
	return 0;
}

int elf_image_symtab_find(const struct elf_image *im, uint32_t type,
			  struct elf_image_symtab *st, const char **why)
{
	size_t entsize = elf_image_sym_size(im), i;
	GElf_Shdr sh;

	memset(st, 0, sizeof(*st));
	for (i = 1; im->eh.e_shoff && i < im->eh.e_shnum; i++) {
		elf_image_shdr_get(im, i, &sh);
		if (sh.sh_type == type)
			break;
	}
	if (!im->eh.e_shoff || i >= im->eh.e_shnum)
		return 0;
	if (!elf_image_range_ok(im, sh.sh_offset, sh.sh_size))
		return elf_image_bad(why, "symbol table outside the file");
	if (sh.sh_entsize != entsize || sh.sh_size % entsize)
		return elf_image_bad(why, "symbol table entry size wrong");
	st->strtab = elf_image_strtab_get(im, sh.sh_link, &st->strsize);
	if (!st->strtab)
		return elf_image_bad(why, "symbol table's string table is not a NUL-terminated string table");
	st->shndx = i;
	st->data = im->data + sh.sh_offset;
	st->n = (size_t)(sh.sh_size / entsize);
	return 0;
}

const char *elf_image_symtab_sym_get(const struct elf_image *im,
				     const struct elf_image_symtab *st, size_t i, GElf_Sym *sym)
{
	elf_image_sym_get(im, st->data, i, sym);
	return sym->st_name < st->strsize ? st->strtab + sym->st_name : NULL;
}
