/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * elf-dyn.h - the dynamic-image reader of the plugins' library: the
 * PT_DYNAMIC entries, the dynamic string and symbol tables, the
 * DT_REL/DT_RELA/DT_JMPREL tables and link address to file byte lookups
 * of a position-independent (ET_DYN) image, read through elf-image.h.
 *
 * The image is untrusted: every address and size is checked against the
 * segments and the file before it is used. What is wrong is said by a
 * short phrase in *why; each plugin reports it in its own words.
 */
#ifndef ELF_DYN_H
#define ELF_DYN_H

#include <gelf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "elf-image.h"

#define ELF_DYN_NEEDED_MAX	16	/* DT_NEEDED entries kept; more are counted */

/* A PT_LOAD segment of an ET_DYN image. */
struct elf_dyn_seg {
	GElf_Phdr ph;
	uint64_t bias;		/* shlib: device address - link address */
	bool shared;		/* shlib: read-only segment of a library, in the shared memory */
	uint8_t *buf;		/* p_memsz bytes, relocated */
};

/* An ET_DYN image and its PT_LOAD segments, kept by the plugin beside them. */
struct elf_dyn_file {
	const struct elf_image *im;
	struct elf_dyn_seg *segs;
	size_t nsegs;
};

/* The DT_* entries both plugins read. */
struct elf_dyn {
	bool found;		/* the image has a PT_DYNAMIC */
	uint64_t rel, relsz, relent;
	uint64_t rela, relasz, relaent;
	uint64_t jmprel, pltrelsz, pltrel;
	uint64_t symtab, syment, strtab, strsz;
	uint64_t pltgot, hash;
	bool has_rel, has_rela, has_jmprel, has_symtab, has_strtab, has_hash;
	uint64_t needed[ELF_DYN_NEEDED_MAX];	/* offsets into the string table */
	size_t n_needed;			/* counted past ELF_DYN_NEEDED_MAX */
	bool textrel;				/* DT_TEXTREL, or DF_TEXTREL in DT_FLAGS */
};

/* One of DT_REL, DT_RELA, DT_JMPREL. */
struct elf_dyn_table {
	const char *what;
	bool has;
	uint64_t vaddr, size, ent;
	bool rela;
};

struct elf_dyn_seg *elf_dyn_seg_find(const struct elf_dyn_file *f, uint64_t vaddr, uint64_t len);
const uint8_t *elf_dyn_vaddr_bytes_get(const struct elf_dyn_file *f, uint64_t vaddr, uint64_t len);

int elf_dyn_read(const struct elf_dyn_file *f, struct elf_dyn *dy, const char **why);
const char *elf_dyn_strtab_get(const struct elf_dyn_file *f, const struct elf_dyn *dy);
int elf_dyn_symtab_get(const struct elf_dyn_file *f, const struct elf_dyn *dy,
		   const uint8_t **symtab, size_t *nsyms);
int elf_dyn_tables_get(const struct elf_dyn_file *f, const struct elf_dyn *dy,
		   struct elf_dyn_table t[3], const char **why);

#endif /* ELF_DYN_H */
