/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * reloc.h - what the reloc plugin's files share: the image being loaded,
 * its sections, symbols and the relocation table being applied; the
 * checks and messages of reloc.c; the two loads, ET_REL (reloc-rel.c) and
 * ET_DYN (reloc-dyn.c). Applying one relocation is inline here: it runs
 * once per relocation, hundreds of thousands of times.
 */
#ifndef RELOC_H
#define RELOC_H

#include <gelf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rproc/loader.h>

#include "elf-dyn.h"
#include "elf-image.h"
#include "elf-rsc.h"
#include "reloc-arch.h"

#define RELOC_ENTRY_SYMBOL	"_start"
#define RELOC_MAP_MAX		64	/* entries of reloc.sections */
#define RELOC_WHY_LEN		160
#define RELOC_PREFETCH		8	/* relocations ahead whose symbol is fetched */

struct reloc_map_entry {
	char glob[64];
	int mem;		/* index into load->memories */
	/*
	 * The glob is a literal, or a literal and one final '*' (".text*"):
	 * matched by comparing those prefix bytes, which is what fnmatch()
	 * does for it, without its cost on thousands of sections.
	 */
	bool simple;
	bool star;
	size_t len;		/* of the literal part */
};

/* A memory sections are placed in (ET_REL): one buffer, one segment. */
struct reloc_area {
	uint64_t start;		/* da of the first byte placed */
	uint64_t cursor;	/* next free da */
	uint64_t file_end;	/* end of the last byte that is not NOBITS */
	bool used;
	uint8_t *buf;		/* [start, cursor) */
};

struct reloc_sec {
	GElf_Shdr sh;
	const char *name;
	int mem;		/* -1: not loaded */
	unsigned int entry;	/* map entry that places it (n_map: by flags) */
	uint64_t da;
	uint8_t *buf;		/* its bytes, inside an area's or segment's buffer */
	size_t room;		/* bytes of buf */
};

struct reloc_sym {
	uint64_t value;		/* device address (Thumb bit cleared) */
	const char *name;
	bool defined;
	bool weak;
	bool thumb;
	bool func;		/* STT_FUNC */
	bool common;
};

/* One relocation table, for the pair lookup. */
struct reloc_table {
	const uint8_t *data;
	size_t n;
	size_t entsize;
	bool rela;
	size_t target;		/* section index (ET_REL), 0 for ET_DYN */
	uint64_t *sorted;	/* r_offset << 24 | index, built when first asked */
};

struct reloc_image {
	struct rproc_load *load;
	const struct reloc_arch *arch;
	struct elf_image elf;		/* the image, its headers checked */

	size_t shnum;
	struct reloc_sec *secs;
	size_t symtab;			/* section index of SHT_SYMTAB / dynsym */
	struct reloc_sym *syms;
	size_t nsyms;

	struct reloc_map_entry map[RELOC_MAP_MAX];
	unsigned int n_map;
	int code_mem, data_mem;
	struct reloc_area *areas;	/* one per memory */

	uint64_t bias;			/* ET_DYN */
	struct elf_dyn_file dyn;	/* its PT_LOAD segments, moved by the bias */
	uint64_t got;
	struct elf_rsc rsc;		/* the resource table, at its placed run address */

	struct reloc_table table;	/* the one being applied */
	void *scratch;			/* ET_REL: a table in the host's order */
	size_t scratch_size;
	char why[RELOC_WHY_LEN];
};

/* reloc.c */
int reloc_bad(struct reloc_image *im, const char *what);
int reloc_fail(struct reloc_image *im, const struct reloc_site *r,
	       const struct reloc_sec *sec, uint64_t off, int err, const char *why);
void reloc_sym_thumb_set(struct reloc_image *im, const GElf_Sym *st, struct reloc_sym *y);
void reloc_site_init(struct reloc_image *im, struct reloc_site *r);
int reloc_memories_choose(struct reloc_image *im);

/* reloc-rel.c, reloc-dyn.c: the two kinds of image */
int reloc_rel_load(struct reloc_image *im);
int reloc_dyn_load(struct reloc_image *im);

/* entry k of the current table */
/* entry k of the current table, which is in the host's order and aligned */
static inline void reloc_table_get(const struct reloc_image *im, size_t k, GElf_Rela *out)
{
	elf_image_rela_get(&im->elf, im->table.data, k, im->table.rela, out);
}

/* Resolve the symbol of rel into r; an undefined one that is not weak is an error. */
static inline int reloc_site_sym_set(struct reloc_image *im, const GElf_Rela *rel,
			  struct reloc_site *r, const struct reloc_sec *sec, uint64_t off)
{
	size_t symi = GELF_R_SYM(rel->r_info);
	const struct reloc_sym *y;

	r->S = 0;
	r->sym_defined = false;
	r->sym_thumb = false;
	r->sym_func = false;
	r->sym = "";
	if (symi == 0)
		return 0;
	if (symi >= im->nsyms) {
		char msg[64];

		snprintf(msg, sizeof(msg), "symbol index %zu outside the symbol table", symi);
		return reloc_fail(im, r, sec, off, -ENOEXEC, msg);
	}
	y = &im->syms[symi];
	r->sym = y->name;
	if (y->common)
		return reloc_fail(im, r, sec, off, -ENOTSUP,
				  "COMMON symbol: compile with -fno-common or link with ld -r -d");
	if (!y->defined && !y->weak)
		return reloc_fail(im, r, sec, off, -ENOENT, "undefined symbol");
	r->S = y->value;
	r->sym_defined = y->defined;
	r->sym_thumb = y->thumb;
	r->sym_func = y->func;
	return 0;
}

static inline int reloc_site_apply(struct reloc_image *im, struct reloc_site *r,
			   const struct reloc_sec *sec, uint64_t off)
{
	int err;

	im->why[0] = '\0';
	err = reloc_arch_apply(im->arch, r, im->why, sizeof(im->why));
	if (err < 0)
		return reloc_fail(im, r, sec, off, err,
				  im->why[0] ? im->why : "cannot be applied");
	return 0;
}

#endif /* RELOC_H */
