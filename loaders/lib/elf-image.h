/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * elf-image.h - the one ELF image reader of the plugins: the identification,
 * the file header and the bounds of the program and section header tables,
 * checked once; then headers, symbols and values read straight from the
 * image's bytes, in its class and byte order.
 *
 * Not libelf: elf_memory() allocates and initialises a descriptor per
 * section up front (5 MB for an object of 24000 sections) and converts each
 * table through a call per entry, which was most of the reloc plugin's
 * time. An entry is copied out with memcpy (the image gives no alignment)
 * and swapped when the image's byte order is not the host's.
 *
 * The image is untrusted: elf_image_open() refuses a header whose tables
 * lie outside the file, so the accessors below need no checks of their
 * own beyond the index the caller keeps below e_phnum / e_shnum.
 */
#ifndef ELF_IMAGE_H
#define ELF_IMAGE_H

#include <gelf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct elf_image {
	const uint8_t *data;
	size_t size;
	bool be, is64;
	bool swapped;		/* the image's byte order is not the host's */
	GElf_Ehdr eh;		/* in the host's order */
};

/*
 * Read and check the identification and the file header of an ELF32 or
 * ELF64 image of either byte order: e_version, e_ehsize, the program header
 * table (if any: entry size, no extended numbering, inside the file), the
 * section header table (if any: entry size, no extended numbering, inside
 * the file, e_shstrndx a section). The type (e_type) and whether either
 * table is required are the caller's. -ENOEXEC with *why a short phrase.
 */
int elf_image_open(struct elf_image *im, const void *data, size_t size, const char **why);

/* [off, off + len) inside the image, without overflow */
static inline bool elf_image_range_ok(const struct elf_image *im, uint64_t off, uint64_t len)
{
	return off <= im->size && len <= im->size - off;
}

/* program header i < e_phnum, section header i < e_shnum */
void elf_image_phdr_get(const struct elf_image *im, size_t i, GElf_Phdr *ph);
void elf_image_shdr_get(const struct elf_image *im, size_t i, GElf_Shdr *sh);

/* symbol i of a symbol table at @table, which the caller checked holds it */
void elf_image_sym_get(const struct elf_image *im, const uint8_t *table, size_t i, GElf_Sym *st);

/* an unsigned value of n <= 8 bytes at p, in the image's byte order; and written so */
uint64_t elf_image_uint_get(const struct elf_image *im, const uint8_t *p, unsigned int n);
void elf_image_uint_put(const struct elf_image *im, uint8_t *p, unsigned int n, uint64_t v);

/* the size of a symbol, or of a REL or RELA entry, of the image's class */
static inline size_t elf_image_sym_size(const struct elf_image *im)
{
	return im->is64 ? sizeof(Elf64_Sym) : sizeof(Elf32_Sym);
}

static inline size_t elf_image_rel_size(const struct elf_image *im, bool rela)
{
	return rela ? (im->is64 ? sizeof(Elf64_Rela) : sizeof(Elf32_Rela)) :
		      (im->is64 ? sizeof(Elf64_Rel) : sizeof(Elf32_Rel));
}

/*
 * A table of n REL or RELA entries converted in place, from the image's
 * byte order to the host's (a copy the caller made); what
 * elf_image_rela_get() then reads.
 */
void elf_image_rel_swap(const struct elf_image *im, void *table, size_t n, bool rela);

/* entry k of such a table, in the host's order and aligned, as a GElf_Rela */
static inline void elf_image_rela_get(const struct elf_image *im, const void *table, size_t k,
				      bool rela, GElf_Rela *out)
{
	if (im->is64) {
		const uint8_t *p = (const uint8_t *)table + k * elf_image_rel_size(im, rela);
		const Elf64_Rela *r = (const void *)p;

		out->r_offset = r->r_offset;
		out->r_info = r->r_info;
		out->r_addend = rela ? r->r_addend : 0;
	} else {
		const uint8_t *p = (const uint8_t *)table + k * elf_image_rel_size(im, rela);
		const Elf32_Rela *r = (const void *)p;

		out->r_offset = r->r_offset;
		out->r_info = GELF_R_INFO(ELF32_R_SYM(r->r_info), ELF32_R_TYPE(r->r_info));
		out->r_addend = rela ? r->r_addend : 0;
	}
}

/*
 * Section @idx as a string table: inside the file and NUL-terminated, so any
 * offset below *size names a string. NULL when it is not one.
 */
const char *elf_image_strtab_get(const struct elf_image *im, size_t idx, size_t *size);

/*
 * Section header @i (0 < i < e_shnum) and its name, a string inside the
 * section name table; -ENOEXEC with *why when the name cannot be read.
 */
int elf_image_section_get(const struct elf_image *im, size_t i, GElf_Shdr *sh,
			  const char **name, const char **why);

/*
 * The first section named @name: its header and index; 0 when there is
 * none, -ENOEXEC with *why when the section names cannot be read.
 */
int elf_image_section_find(const struct elf_image *im, const char *name, GElf_Shdr *sh,
			   size_t *idx, const char **why);

/* A symbol table section, checked: its entries and their string table. */
struct elf_image_symtab {
	size_t shndx;		/* 0: the image has none */
	const uint8_t *data;	/* n entries of elf_image_sym_size() bytes, in the file */
	size_t n;
	const char *strtab;	/* NUL-terminated: any offset below strsize names a string */
	size_t strsize;
};

/*
 * The first section of type @type (SHT_SYMTAB, SHT_DYNSYM) as a symbol
 * table: inside the file, entries of the image's symbol size, its sh_link a
 * string table. 0 (st->shndx 0 when there is none), or -ENOEXEC with *why.
 */
int elf_image_symtab_find(const struct elf_image *im, uint32_t type,
			  struct elf_image_symtab *st, const char **why);

/* symbol @i < st->n and its name (NULL: its name offset lies outside the string table) */
const char *elf_image_symtab_sym_get(const struct elf_image *im,
				     const struct elf_image_symtab *st, size_t i, GElf_Sym *sym);

#endif /* ELF_IMAGE_H */
