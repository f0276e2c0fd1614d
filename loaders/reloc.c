// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * reloc: the loader plugin for firmware that is not linked to its final
 * addresses, as rproc-loader-reloc(7) describes.
 *
 *   ET_REL  (ld -r output): every SHF_ALLOC section is placed into a memory
 *           by the section map, in map order then section order, at its
 *           alignment; symbols are resolved in the object's own symbol
 *           table; the SHT_REL/SHT_RELA sections of loaded sections are
 *           applied.
 *   ET_DYN  (-pie, -shared): the PT_LOAD segments move together by one
 *           bias; the dynamic relocations (DT_REL, DT_RELA, DT_JMPREL) are
 *           applied against the image's own dynamic symbols.
 *
 * The formulas are the architecture's (lib/reloc-arch.h); this file reads
 * the ELF (lib/elf-image.h, lib/elf-dyn.h), places, resolves and reports. Everything is computed in buffers of
 * the plugin's own: the host writes them only once the whole plan is known
 * to be good, so an error leaves the memories untouched.
 *
 * The image is untrusted: every header field, offset, index and size is
 * checked against the file before it is used, in overflow-safe arithmetic.
 */
#include <errno.h>
#include <fnmatch.h>
#include <gelf.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rproc/loader.h>

#include "elf-dyn.h"
#include "elf-image.h"
#include "elf-rsc.h"
#include "plugin-util.h"
#include "reloc-arch.h"

#define RELOC_ENTRY_SYMBOL	"_start"
#define RELOC_MAP_MAX		64	/* entries of reloc.sections */
#define RELOC_WHY_LEN		160
#define RELOC_PREFETCH		8	/* relocations ahead whose symbol is fetched */

static const char *const reloc_options[] = {
	"sections",		/* GLOB=MEMORY ...: the section map (ET_REL) */
	"code",			/* memory of unmapped read-only sections */
	"data",			/* memory of unmapped writable sections */
	"base",			/* MEMORY or ADDRESS an ET_DYN image starts at */
	"entry",		/* symbol of the boot address (ET_REL) */
	"rsc_section",		/* name of the resource table section */
	NULL
};

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

/* --- checks of the file -------------------------------------------------- */

static int reloc_bad(struct reloc_image *im, const char *what)
{
	rproc_load_err(im->load, "not a valid ELF: %s", what);
	return -ENOEXEC;
}

static int reloc_find_arch(struct reloc_image *im)
{
	im->arch = reloc_arch_find(im->elf.eh.e_machine);
	if (!im->arch) {
		rproc_load_err(im->load, "machine %u: no relocations known for it (ARM, RISC-V and AArch64 are)",
			       im->elf.eh.e_machine);
		return -ENOEXEC;
	}
	if (im->elf.eh.e_machine == EM_ARM && im->elf.is64)
		return reloc_bad(im, "ARM image that is not ELF32");
	if (im->elf.eh.e_machine == EM_AARCH64 && !im->elf.is64)
		return reloc_bad(im, "AArch64 image that is not ELF64 (ILP32 is not supported)");
	/*
	 * The code of a big-endian ARM object is big-endian (BE32) until ld
	 * --be8 swaps it by its mapping symbols; a linked ET_DYN is already
	 * BE8, and its dynamic relocations only touch data.
	 */
	if (im->elf.eh.e_machine == EM_ARM && im->elf.be && im->elf.eh.e_type == ET_REL) {
		rproc_load_err(im->load, "big-endian ARM object: its code needs the BE8 byte swap ld --be8 does, which this plugin does not do; link it -pie --be8 instead");
		return -ENOTSUP;
	}
	return 0;
}

/* what the reloc plugin asks beyond a readable image: ET_REL with sections, or ET_DYN */
static int reloc_check_headers(struct reloc_image *im)
{
	const GElf_Ehdr *eh = &im->elf.eh;

	if (eh->e_type != ET_REL && eh->e_type != ET_DYN) {
		rproc_load_err(im->load, "ELF type %u is neither relocatable (ET_REL) nor position-independent (ET_DYN); executables need the elf plugin",
			       eh->e_type);
		return -ENOEXEC;
	}
	if (eh->e_type == ET_REL && eh->e_shoff == 0)
		return reloc_bad(im, "relocatable object without section headers");
	im->shnum = eh->e_shnum;
	return 0;
}

static int reloc_read_sections(struct reloc_image *im)
{
	const char *names;
	size_t i, nsize;

	if (!im->shnum)
		return 0;
	im->secs = calloc(im->shnum, sizeof(*im->secs));
	if (!im->secs)
		return -ENOMEM;
	for (i = 0; i < im->shnum; i++) {
		struct reloc_sec *s = &im->secs[i];

		elf_image_shdr_get(&im->elf, i, &s->sh);
		s->mem = -1;
		s->name = "";
		if (s->sh.sh_type != SHT_NOBITS &&
		    !elf_image_range_ok(&im->elf, s->sh.sh_offset, s->sh.sh_size)) {
			rproc_load_err(im->load, "section %zu: offset 0x%llx + %llu bytes outside the file",
				       i, (unsigned long long)s->sh.sh_offset,
				       (unsigned long long)s->sh.sh_size);
			return -ENOEXEC;
		}
		if (s->sh.sh_addralign > 1 && !plugin_is_pow2(s->sh.sh_addralign)) {
			rproc_load_err(im->load, "section %zu: alignment %llu is not a power of two",
				       i, (unsigned long long)s->sh.sh_addralign);
			return -ENOEXEC;
		}
	}
	names = elf_image_strtab(&im->elf, im->elf.eh.e_shstrndx, &nsize);
	if (!names)
		return reloc_bad(im, "section name table is not a NUL-terminated string table");
	for (i = 0; i < im->shnum; i++) {
		if (im->secs[i].sh.sh_name >= nsize) {
			rproc_load_err(im->load, "section %zu: name offset %u outside the section name table",
				       i, im->secs[i].sh.sh_name);
			return -ENOEXEC;
		}
		im->secs[i].name = names + im->secs[i].sh.sh_name;
	}
	return 0;
}

/* --- the section map ------------------------------------------------------ */

static int reloc_memory_option(struct reloc_image *im, const char *key, int *mem)
{
	const char *v = rproc_load_option_get(im->load, key);

	if (!v)
		return 0;
	*mem = plugin_memory_find(im->load, v, strlen(v));
	if (*mem < 0) {
		rproc_load_err(im->load, "option %s = '%.32s': no memory of that name", key, v);
		return -EINVAL;
	}
	if (im->load->memories[*mem].flags & RPROC_MEMORY_NOMAP) {
		rproc_load_err(im->load, "option %s = '%.32s': the host cannot address that memory", key, v);
		return -EINVAL;
	}
	return 0;
}

/*
 * Defaults: read-only sections in the first memory the host can address,
 * writable ones in the second (the first when there is only one).
 */
static int reloc_map_defaults(struct reloc_image *im)
{
	const struct rproc_load *load = im->load;
	unsigned int i;
	int err;

	im->code_mem = im->data_mem = -1;
	for (i = 0; i < load->n_memories; i++) {
		if (load->memories[i].flags & RPROC_MEMORY_NOMAP)
			continue;
		if (im->code_mem < 0)
			im->code_mem = (int)i;
		else if (im->data_mem < 0)
			im->data_mem = (int)i;
	}
	if (im->data_mem < 0)
		im->data_mem = im->code_mem;
	err = reloc_memory_option(im, "code", &im->code_mem);
	if (!err)
		err = reloc_memory_option(im, "data", &im->data_mem);
	if (!err && im->code_mem < 0) {
		rproc_load_err(im->load, "no memory the host can address");
		err = -ENOSPC;
	}
	return err;
}

static int reloc_map_bad(struct reloc_image *im, const char *tok, size_t len,
			 const char *why)
{
	rproc_load_err(im->load, "option sections: '%.*s': %s", (int)(len > 64 ? 64 : len),
		       tok, why);
	return -EINVAL;
}

/* "GLOB=MEMORY GLOB=MEMORY ...", separated by blanks or commas */
static int reloc_map_parse(struct reloc_image *im)
{
	const char *p = rproc_load_option_get(im->load, "sections");
	struct reloc_map_entry *e;

	if (!p)
		return 0;
	for (;;) {
		const char *tok, *eq;
		size_t len;

		p += strspn(p, " \t,");
		if (!*p)
			return 0;
		tok = p;
		len = strcspn(p, " \t,");
		p += len;
		eq = memchr(tok, '=', len);
		if (!eq || eq == tok || eq == tok + len - 1)
			return reloc_map_bad(im, tok, len, "expected GLOB=MEMORY");
		if (im->n_map == RELOC_MAP_MAX)
			return reloc_map_bad(im, tok, len, "more than 64 entries");
		e = &im->map[im->n_map];
		if ((size_t)(eq - tok) >= sizeof(e->glob))
			return reloc_map_bad(im, tok, len, "pattern longer than 63 characters");
		memcpy(e->glob, tok, (size_t)(eq - tok));
		e->glob[eq - tok] = '\0';
		e->len = strcspn(e->glob, "*?[\\");
		e->star = e->glob[e->len] == '*' && e->glob[e->len + 1] == '\0';
		e->simple = e->star || e->glob[e->len] == '\0';
		e->mem = plugin_memory_find(im->load, eq + 1, (size_t)(tok + len - eq - 1));
		if (e->mem < 0)
			return reloc_map_bad(im, tok, len, "no memory of that name");
		if (im->load->memories[e->mem].flags & RPROC_MEMORY_NOMAP)
			return reloc_map_bad(im, tok, len, "the host cannot address that memory");
		im->n_map++;
	}
}

/* the map entry of a section; n_map for "by its flags" */
static unsigned int reloc_map_match(const struct reloc_image *im, const char *name)
{
	unsigned int i;

	for (i = 0; i < im->n_map; i++) {
		const struct reloc_map_entry *e = &im->map[i];

		if (!e->simple) {
			if (fnmatch(e->glob, name, 0) == 0)
				return i;
		} else if (strncmp(name, e->glob, e->len) == 0 &&
			   (e->star || name[e->len] == '\0')) {
			return i;
		}
	}
	return im->n_map;
}

/* place section i at the cursor of memory m */
static int reloc_place(struct reloc_image *im, size_t i, int m)
{
	const struct rproc_memory *mem = &im->load->memories[m];
	struct reloc_area *a = &im->areas[m];
	struct reloc_sec *s = &im->secs[i];
	uint64_t da, end;

	if (!a->used) {
		a->cursor = mem->da;
		a->start = mem->da;
	}
	if (!plugin_align_up(a->cursor, s->sh.sh_addralign, &da) ||
	    da - mem->da > mem->size || s->sh.sh_size > mem->size - (da - mem->da)) {
		rproc_load_err(im->load, "section %s (%llu bytes, aligned to %llu) does not fit in memory %s (0x%llx, %llu bytes) after 0x%llx",
			       s->name, (unsigned long long)s->sh.sh_size,
			       (unsigned long long)s->sh.sh_addralign, mem->name,
			       (unsigned long long)mem->da, (unsigned long long)mem->size,
			       (unsigned long long)a->cursor);
		return -ENOSPC;
	}
	end = da + s->sh.sh_size;
	if (!a->used)
		a->start = da;
	a->used = true;
	a->cursor = end;
	if (s->sh.sh_type != SHT_NOBITS && s->sh.sh_size)
		a->file_end = end;
	s->mem = m;
	s->da = da;
	return 0;
}

/* the sections in map order, then in section order, as ld takes input sections */
static int reloc_place_sections(struct reloc_image *im)
{
	uint32_t head[RELOC_MAP_MAX + 1] = { 0 }, tail[RELOC_MAP_MAX + 1] = { 0 };
	uint32_t *next;
	unsigned int e;
	size_t i;
	int err = 0;

	im->areas = calloc(im->load->n_memories ? im->load->n_memories : 1, sizeof(*im->areas));
	if (!im->areas)
		return -ENOMEM;
	/*
	 * Match once, and chain the sections of each entry in section order
	 * (index 0, never SHF_ALLOC, ends a chain): one pass over thousands
	 * of sections, not one per entry. e_shnum is 16 bits: uint32_t holds it.
	 */
	next = calloc(im->shnum, sizeof(*next));
	if (!next)
		return -ENOMEM;
	for (i = 1; i < im->shnum; i++) {
		if (!(im->secs[i].sh.sh_flags & SHF_ALLOC))
			continue;
		e = reloc_map_match(im, im->secs[i].name);
		im->secs[i].entry = e;
		if (tail[e])
			next[tail[e]] = (uint32_t)i;
		else
			head[e] = (uint32_t)i;
		tail[e] = (uint32_t)i;
	}
	for (e = 0; e <= im->n_map && !err; e++) {
		for (i = head[e]; i && !err; i = next[i]) {
			const GElf_Shdr *sh = &im->secs[i].sh;
			int m;

			if (e < im->n_map)
				m = im->map[e].mem;
			else
				m = (sh->sh_flags & SHF_WRITE) ? im->data_mem : im->code_mem;
			err = reloc_place(im, i, m);
		}
	}
	free(next);
	return err;
}

/* one buffer per memory used, the sections' bytes copied in */
static int reloc_fill_areas(struct reloc_image *im)
{
	unsigned int m;
	size_t i;

	for (m = 0; m < im->load->n_memories; m++) {
		struct reloc_area *a = &im->areas[m];

		if (!a->used || a->cursor == a->start)
			continue;
		if (a->cursor - a->start > SIZE_MAX)
			return -ENOMEM;
		a->buf = calloc(1, (size_t)(a->cursor - a->start));
		if (!a->buf)
			return -ENOMEM;
	}
	for (i = 1; i < im->shnum; i++) {
		struct reloc_sec *s = &im->secs[i];
		struct reloc_area *a;

		if (s->mem < 0)
			continue;
		a = &im->areas[s->mem];
		if (!a->buf)
			continue;
		s->buf = a->buf + (s->da - a->start);
		s->room = (size_t)s->sh.sh_size;
		if (s->sh.sh_type != SHT_NOBITS)
			memcpy(s->buf, im->elf.data + s->sh.sh_offset, s->room);
	}
	return 0;
}

/* --- symbols ---------------------------------------------------------------- */

static int reloc_find_symtab(struct reloc_image *im, uint32_t type, size_t *idx)
{
	size_t i;

	*idx = 0;
	for (i = 1; i < im->shnum; i++) {
		if (im->secs[i].sh.sh_type != type)
			continue;
		if (*idx)
			return reloc_bad(im, "more than one symbol table");
		*idx = i;
	}
	return 0;
}

/* the ARM convention: the Thumb bit of a function is bit 0 of its value, not of its address */
static void reloc_sym_thumb(struct reloc_image *im, const GElf_Sym *st, struct reloc_sym *y)
{
	y->func = GELF_ST_TYPE(st->st_info) == STT_FUNC;
	if (im->elf.eh.e_machine == EM_ARM && GELF_ST_TYPE(st->st_info) == STT_FUNC &&
	    (y->value & 1)) {
		y->thumb = true;
		y->value &= ~(uint64_t)1;
	}
}

static int reloc_read_symbols(struct reloc_image *im, size_t symtab, uint64_t bias)
{
	const GElf_Shdr *sh = &im->secs[symtab].sh;
	uint64_t entsize = elf_image_sym_size(&im->elf);
	const uint8_t *d = im->elf.data + sh->sh_offset;
	const char *strtab;
	size_t strsize, i;

	/* an SHT_SYMTAB: reloc_read_sections() checked it lies inside the file */
	if (sh->sh_entsize != entsize || sh->sh_size % entsize)
		return reloc_bad(im, "symbol table entry size wrong");
	strtab = elf_image_strtab(&im->elf, sh->sh_link, &strsize);
	if (!strtab)
		return reloc_bad(im, "symbol table's string table is not a NUL-terminated string table");
	im->symtab = symtab;
	im->nsyms = (size_t)(sh->sh_size / entsize);
	im->syms = calloc(im->nsyms ? im->nsyms : 1, sizeof(*im->syms));
	if (!im->syms)
		return -ENOMEM;
	for (i = 0; i < im->nsyms; i++) {
		struct reloc_sym *y = &im->syms[i];
		GElf_Sym st;

		elf_image_sym_get(&im->elf, d, i, &st);
		if (st.st_name >= strsize) {
			rproc_load_err(im->load, "symbol %zu: name offset %u outside its string table",
				       i, st.st_name);
			return -ENOEXEC;
		}
		y->name = strtab + st.st_name;
		y->weak = GELF_ST_BIND(st.st_info) == STB_WEAK;
		if (st.st_shndx == SHN_UNDEF) {
			continue;
		} else if (st.st_shndx == SHN_ABS) {
			y->value = st.st_value;
		} else if (st.st_shndx == SHN_COMMON) {
			y->common = true;
			continue;
		} else if (st.st_shndx >= SHN_LORESERVE || st.st_shndx >= im->shnum) {
			rproc_load_err(im->load, "symbol %s: section index %u is not a section",
				       y->name, st.st_shndx);
			return -ENOEXEC;
		} else if (im->elf.eh.e_type == ET_DYN) {
			y->value = st.st_value + bias;
		} else if (im->secs[st.st_shndx].mem >= 0) {
			y->value = im->secs[st.st_shndx].da + st.st_value;
		} else {
			/* in a section that is not loaded (debug info): resolvable by nothing loaded */
			continue;
		}
		y->defined = true;
		reloc_sym_thumb(im, &st, y);
	}
	return 0;
}

/* --- applying --------------------------------------------------------------- */

static const char *reloc_type_str(const struct reloc_image *im, unsigned int type,
				  char *buf, size_t len)
{
	const char *n = reloc_arch_type_name(im->arch, type);

	if (n)
		return n;
	snprintf(buf, len, "%s relocation type %u", im->arch->name, type);
	return buf;
}

/* "0x1234" or "0x1234 (.got+0x8)" for a place of an ET_DYN image */
static void reloc_where_str(const struct reloc_image *im, const struct reloc_sec *sec,
			    uint64_t off, char *buf, size_t len)
{
	size_t i;

	if (sec) {
		snprintf(buf, len, "%s+0x%llx", sec->name, (unsigned long long)off);
		return;
	}
	for (i = 1; i < im->shnum; i++) {
		const GElf_Shdr *sh = &im->secs[i].sh;

		if ((sh->sh_flags & SHF_ALLOC) && off >= sh->sh_addr &&
		    off - sh->sh_addr < sh->sh_size) {
			snprintf(buf, len, "%s+0x%llx", im->secs[i].name,
				 (unsigned long long)(off - sh->sh_addr));
			return;
		}
	}
	snprintf(buf, len, "address 0x%llx", (unsigned long long)off);
}

static int reloc_fail(struct reloc_image *im, const struct reloc_site *r,
		      const struct reloc_sec *sec, uint64_t off, int err, const char *why)
{
	char tbuf[64], wbuf[128];

	reloc_where_str(im, sec, off, wbuf, sizeof(wbuf));
	rproc_load_err(im->load, "%s at %s against '%s': %s",
		       reloc_type_str(im, r->type, tbuf, sizeof(tbuf)), wbuf,
		       r->sym[0] ? r->sym : "(no symbol)", why);
	return err;
}

/* entry k of the current table */
/* entry k of the current table, which is in the host's order and aligned */
static inline void reloc_table_get(const struct reloc_image *im, size_t k, GElf_Rela *out)
{
	elf_image_rela_get(&im->elf, im->table.data, k, im->table.rela, out);
}

static int reloc_sorted_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int reloc_resolve(struct reloc_image *im, const GElf_Rela *rel, uint64_t *S)
{
	size_t symi = GELF_R_SYM(rel->r_info);

	if (symi == 0) {
		*S = 0;
		return 0;
	}
	if (symi >= im->nsyms || !im->syms[symi].defined) {
		*S = 0;
		return symi >= im->nsyms ? -ENOEXEC : -ENOENT;
	}
	*S = im->syms[symi].value;
	return 0;
}

/*
 * reloc_pair_fn: the relocation of the same table whose place is @da, as
 * a PCREL_LO12 asks for its PCREL_HI20: its S + A - da, the pc-relative
 * value the hi part holds. Only RELA tables: a REL addend is in the place,
 * which only the architecture can read.
 */
static int reloc_pair(const struct reloc_site *r, uint64_t da, uint64_t *value)
{
	struct reloc_image *im = r->core;
	struct reloc_table *t = &im->table;
	const struct reloc_sec *sec = t->target ? &im->secs[t->target] : NULL;
	uint64_t off, key;
	size_t lo, hi;

	if (!t->rela || t->n == 0)
		return -ENOENT;
	if (sec) {
		if (da < sec->da || da - sec->da >= sec->sh.sh_size)
			return -ENOENT;
		off = da - sec->da;
	} else {
		if (da < im->bias)
			return -ENOENT;
		off = da - im->bias;
	}
	if (off >= (uint64_t)1 << 40)
		return -ENOENT;
	if (!t->sorted) {
		size_t k;

		if (t->n >= (size_t)1 << 24)
			return -ENOENT;
		t->sorted = malloc(t->n * sizeof(*t->sorted));
		if (!t->sorted)
			return -ENOMEM;
		for (k = 0; k < t->n; k++) {
			GElf_Rela rel;

			reloc_table_get(im, k, &rel);
			/* offsets that do not fit were refused when applied */
			t->sorted[k] = (rel.r_offset & (((uint64_t)1 << 40) - 1)) << 24 | k;
		}
		qsort(t->sorted, t->n, sizeof(*t->sorted), reloc_sorted_cmp);
	}
	key = off << 24;
	lo = 0;
	hi = t->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->sorted[mid] < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < t->n && t->sorted[lo] >> 24 == off; lo++) {
		GElf_Rela rel;
		uint64_t S;

		reloc_table_get(im, (size_t)(t->sorted[lo] & 0xffffff), &rel);
		if (reloc_arch_type_is_marker(im->arch, GELF_R_TYPE(rel.r_info)))
			continue;
		if (reloc_resolve(im, &rel, &S) < 0)
			return -ENOENT;
		*value = S + (uint64_t)rel.r_addend - da;
		return 0;
	}
	return -ENOENT;
}

static void reloc_site_init(struct reloc_image *im, struct reloc_site *r)
{
	memset(r, 0, sizeof(*r));
	r->rela = im->table.rela;
	r->B = im->bias;
	r->GOT = im->got;
	r->big_endian = im->elf.be;
	r->elf64 = im->elf.is64;
	r->pair = reloc_pair;
	r->core = im;
	r->sym = "";
}

/* Resolve the symbol of rel into r; an undefined one that is not weak is an error. */
static int reloc_site_sym(struct reloc_image *im, const GElf_Rela *rel,
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

static int reloc_apply_one(struct reloc_image *im, struct reloc_site *r,
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

/*
 * An SHT_REL(A) section's entries, in the host's order, as reloc_table_get()
 * reads them: the image's bytes themselves when they are in the host's
 * order and aligned, else a copy in im->scratch (swapped if need be),
 * which the next table reuses.
 */
static int reloc_table_load(struct reloc_image *im, size_t idx, bool rela)
{
	const GElf_Shdr *sh = &im->secs[idx].sh;
	size_t entsize = elf_image_rel_size(&im->elf, rela);
	const uint8_t *src = im->elf.data + sh->sh_offset;
	size_t size, n;
	uint8_t *dst;

	if (sh->sh_entsize != entsize || sh->sh_size % entsize) {
		rproc_load_err(im->load, "relocation section %s: entry size %llu, want %zu",
			       im->secs[idx].name, (unsigned long long)sh->sh_entsize, entsize);
		return -ENOEXEC;
	}
	/* an SHT_REL(A), not NOBITS: reloc_read_sections() checked it lies inside the file */
	size = (size_t)sh->sh_size;
	n = size / entsize;
	free(im->table.sorted);
	memset(&im->table, 0, sizeof(im->table));
	im->table.n = n;
	im->table.entsize = entsize;
	im->table.rela = rela;
	if (n == 0 || (!im->elf.swapped && (uintptr_t)src % (im->elf.is64 ? 8 : 4) == 0)) {
		im->table.data = src;
		return 0;
	}
	if (size > im->scratch_size) {
		void *p = realloc(im->scratch, size);

		if (!p)
			return -ENOMEM;
		im->scratch = p;
		im->scratch_size = size;
	}
	dst = im->scratch;
	memcpy(dst, src, size);
	im->table.data = dst;
	elf_image_rel_swap(&im->elf, dst, n, rela);
	return 0;
}

static int reloc_apply_section(struct reloc_image *im, size_t idx)
{
	const GElf_Shdr *sh = &im->secs[idx].sh;
	bool rela = sh->sh_type == SHT_RELA;
	struct reloc_sec *target;
	struct reloc_site r;
	size_t k;
	int err;

	if (sh->sh_info == 0 || sh->sh_info >= im->shnum) {
		rproc_load_err(im->load, "relocation section %s: target section %u is not a section",
			       im->secs[idx].name, sh->sh_info);
		return -ENOEXEC;
	}
	target = &im->secs[sh->sh_info];
	if (target->mem < 0)
		return 0;	/* debug information and other sections not loaded */
	if (sh->sh_link != im->symtab) {
		rproc_load_err(im->load, "relocation section %s: its symbol table (%u) is not the symbol table",
			       im->secs[idx].name, sh->sh_link);
		return -ENOEXEC;
	}
	err = reloc_table_load(im, idx, rela);
	if (err < 0)
		return err;
	im->table.target = sh->sh_info;
	reloc_site_init(im, &r);
	for (k = 0; k < im->table.n; k++) {
		GElf_Rela rel;

		/*
		 * The symbols named are anywhere in a table of megabytes: the
		 * one of a few entries ahead is fetched while this one is applied.
		 */
		if (k + RELOC_PREFETCH < im->table.n) {
			reloc_table_get(im, k + RELOC_PREFETCH, &rel);
			if (GELF_R_SYM(rel.r_info) < im->nsyms)
				__builtin_prefetch(&im->syms[GELF_R_SYM(rel.r_info)]);
		}
		reloc_table_get(im, k, &rel);
		r.type = (unsigned int)GELF_R_TYPE(rel.r_info);
		r.A = rel.r_addend;
		r.sym = "";
		if (reloc_arch_type_is_marker(im->arch, r.type))
			continue;
		if (rel.r_offset >= target->sh.sh_size) {
			char msg[96];

			snprintf(msg, sizeof(msg), "offset 0x%llx outside the %llu-byte section",
				 (unsigned long long)rel.r_offset,
				 (unsigned long long)target->sh.sh_size);
			return reloc_fail(im, &r, target, rel.r_offset, -ENOEXEC, msg);
		}
		if (target->sh.sh_type == SHT_NOBITS)
			return reloc_fail(im, &r, target, rel.r_offset, -ENOEXEC,
					  "a place in a section without bytes (NOBITS)");
		err = reloc_site_sym(im, &rel, &r, target, rel.r_offset);
		if (err < 0)
			return err;
		r.where = target->buf + rel.r_offset;
		r.room = target->room - (size_t)rel.r_offset;
		r.P = target->da + rel.r_offset;
		err = reloc_apply_one(im, &r, target, rel.r_offset);
		if (err < 0)
			return err;
	}
	return 0;
}

static int reloc_apply_sections(struct reloc_image *im)
{
	size_t i;
	int err;

	for (i = 1; i < im->shnum; i++) {
		uint32_t t = im->secs[i].sh.sh_type;

		if (t != SHT_REL && t != SHT_RELA)
			continue;
		err = reloc_apply_section(im, i);
		if (err < 0)
			return err;
	}
	return 0;
}

/* --- ET_REL --------------------------------------------------------------- */

static int reloc_add_areas(struct reloc_image *im)
{
	unsigned int m;
	int err;

	for (m = 0; m < im->load->n_memories; m++) {
		struct reloc_area *a = &im->areas[m];
		struct rproc_segment seg;

		if (!a->used || a->cursor == a->start)
			continue;
		memset(&seg, 0, sizeof(seg));
		seg.da = a->start;
		seg.memsz = a->cursor - a->start;
		seg.filesz = a->file_end > a->start ? a->file_end - a->start : 0;
		seg.data = a->buf;
		err = elf_rsc_segment_add(im->load, &im->rsc, &seg);
		if (err < 0)
			return err;
	}
	return 0;
}

static int reloc_entry_rel(struct reloc_image *im)
{
	const char *want = rproc_load_option_get(im->load, "entry");
	const char *name = want ? want : RELOC_ENTRY_SYMBOL;
	size_t i;

	for (i = 1; i < im->nsyms; i++) {
		const struct reloc_sym *y = &im->syms[i];

		/* the first byte first: a call of strcmp() per symbol is most of this loop */
		if (y->defined && y->name[0] == name[0] && strcmp(y->name, name) == 0)
			return rproc_load_boot_addr_set(im->load, y->value | y->thumb);
	}
	if (want) {
		rproc_load_err(im->load, "option entry = '%.64s': no such defined symbol", want);
		return -EINVAL;
	}
	/* no _start: the first code placed, as ld does without an entry symbol */
	for (i = 1; i < im->shnum; i++)
		if (im->secs[i].mem >= 0 && (im->secs[i].sh.sh_flags & SHF_EXECINSTR)) {
			rproc_load_info(im->load, "no symbol %s: boot address is the start of %s",
					RELOC_ENTRY_SYMBOL, im->secs[i].name);
			return rproc_load_boot_addr_set(im->load, im->secs[i].da);
		}
	return rproc_load_boot_addr_set(im->load, 0);
}

/*
 * ET_REL: the resource table runs where its section was placed, and the core
 * must see its relocated bytes (elf-rsc.c)
 */
static int reloc_rsc_run_rel(void *ctx, size_t shndx, const GElf_Shdr *sh, uint64_t *da,
			     const void **bytes)
{
	struct reloc_image *im = ctx;
	const struct reloc_sec *s = shndx < im->shnum ? &im->secs[shndx] : NULL;

	(void)sh;
	if (!s || s->mem < 0 || !s->buf || s->room < s->sh.sh_size) {
		rproc_load_err(im->load, "resource table %s is not placed with its bytes (SHF_ALLOC, not NOBITS)",
			       im->rsc.section);
		return -EINVAL;
	}
	*da = s->da;
	*bytes = s->buf;
	return 0;
}

static int reloc_load_rel(struct reloc_image *im)
{
	size_t symtab = 0;
	int err;

	err = reloc_map_defaults(im);
	if (!err)
		err = reloc_map_parse(im);
	if (!err)
		err = reloc_place_sections(im);
	if (!err)
		err = reloc_fill_areas(im);
	if (!err)
		err = reloc_find_symtab(im, SHT_SYMTAB, &symtab);
	if (err < 0)
		return err;
	if (!symtab)
		return reloc_bad(im, "relocatable object without a symbol table");
	err = reloc_read_symbols(im, symtab, 0);
	if (!err)
		err = reloc_apply_sections(im);
	if (!err)
		err = elf_rsc_find(im->load, im->elf.data, im->elf.size, reloc_rsc_run_rel, im,
				   &im->rsc);
	if (!err)
		err = reloc_entry_rel(im);
	if (!err)
		err = reloc_add_areas(im);
	if (!err)
		err = elf_rsc_table_set(im->load, &im->rsc);
	return err;
}

/* --- ET_DYN --------------------------------------------------------------- */

static int reloc_read_segments(struct reloc_image *im)
{
	size_t i, n = im->elf.eh.e_phnum;

	im->dyn.segs = calloc(n ? n : 1, sizeof(*im->dyn.segs));
	if (!im->dyn.segs)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		GElf_Phdr ph;

		elf_image_phdr_get(&im->elf, i, &ph);
		if (ph.p_type != PT_LOAD)
			continue;
		if (!elf_image_range_ok(&im->elf, ph.p_offset, ph.p_filesz) || ph.p_filesz > ph.p_memsz ||
		    ph.p_vaddr > UINT64_MAX - ph.p_memsz || ph.p_memsz > SIZE_MAX ||
		    (ph.p_align > 1 && !plugin_is_pow2(ph.p_align))) {
			rproc_load_err(im->load, "program header %zu: offset 0x%llx, %llu file bytes, %llu memory bytes, alignment %llu: not a segment of this file",
				       i, (unsigned long long)ph.p_offset,
				       (unsigned long long)ph.p_filesz,
				       (unsigned long long)ph.p_memsz,
				       (unsigned long long)ph.p_align);
			return -ENOEXEC;
		}
		/* fuzz: refused before reloc_copy_segments() allocates p_memsz bytes */
		if (ph.p_memsz > plugin_memory_size_max(im->load)) {
			rproc_load_err(im->load, "program header %zu: %llu memory bytes, more than any memory holds",
				       i, (unsigned long long)ph.p_memsz);
			return -ENOSPC;
		}
		im->dyn.segs[im->dyn.nsegs++].ph = ph;
	}
	if (!im->dyn.nsegs)
		return reloc_bad(im, "position-independent image without PT_LOAD segments");
	return 0;
}

/*
 * The bias: the lowest segment goes to reloc.base (a memory's start or an
 * address; default the code memory's start), keeping the alignment of the
 * most aligned segment, since its code may rely on it.
 */
static int reloc_choose_bias(struct reloc_image *im)
{
	uint64_t lo = UINT64_MAX, align = 1, at;
	size_t i;
	int err;

	for (i = 0; i < im->dyn.nsegs; i++) {
		if (im->dyn.segs[i].ph.p_vaddr < lo)
			lo = im->dyn.segs[i].ph.p_vaddr;
		if (im->dyn.segs[i].ph.p_align > align)
			align = im->dyn.segs[i].ph.p_align;
	}
	err = plugin_option_base_get(im->load, align, im->code_mem, &at);
	if (err < 0)
		return err;
	im->bias = at - (lo & ~(align - 1));
	rproc_load_dbg(im->load, "image at 0x%llx, bias 0x%llx", (unsigned long long)at,
		       (unsigned long long)im->bias);
	return 0;
}

static int reloc_copy_segments(struct reloc_image *im)
{
	size_t i;

	for (i = 0; i < im->dyn.nsegs; i++) {
		struct elf_dyn_seg *s = &im->dyn.segs[i];

		s->buf = calloc(1, s->ph.p_memsz ? (size_t)s->ph.p_memsz : 1);
		if (!s->buf)
			return -ENOMEM;
		memcpy(s->buf, im->elf.data + s->ph.p_offset, (size_t)s->ph.p_filesz);
	}
	return 0;
}

static int reloc_read_dynamic(struct reloc_image *im, struct elf_dyn *dy)
{
	const char *why;
	int err;

	err = elf_dyn_read(&im->dyn, dy, &why);
	if (err < 0)
		return reloc_bad(im, why);
	/* no PT_DYNAMIC (!dy->found) is no error: an image with no dynamic relocations */
	if (dy->n_needed) {
		rproc_load_err(im->load, "the image needs libraries (DT_NEEDED): that is the shlib plugin's work");
		return -ENOTSUP;
	}
	return 0;
}

/*
 * The dynamic symbols: DT_SYMTAB has no size, so as many entries as lie in
 * the file bytes of its segment; only the ones relocations name are read.
 */
static int reloc_read_dynsyms(struct reloc_image *im, const struct elf_dyn *dy,
			      const uint8_t **symtab, size_t *nsyms, const char **strtab)
{
	size_t entsize = elf_image_sym_size(&im->elf);

	*symtab = NULL;
	*nsyms = 0;
	if (!dy->has_symtab)
		return 0;
	if (!dy->has_strtab || !dy->strsz || dy->syment != entsize)
		return reloc_bad(im, "DT_SYMTAB without DT_STRTAB, DT_STRSZ or the right DT_SYMENT");
	*strtab = elf_dyn_strtab(&im->dyn, dy);
	if (!*strtab)
		return reloc_bad(im, "DT_STRTAB outside the file, or not NUL-terminated");
	if (elf_dyn_symtab(&im->dyn, dy, symtab, nsyms) < 0)
		return reloc_bad(im, "DT_SYMTAB outside the file bytes of a segment");
	return 0;
}

/* symbols of the image's own: defined ones moved by the bias, undefined weak 0 */
static int reloc_dyn_symbols(struct reloc_image *im, const struct elf_dyn *dy)
{
	const uint8_t *symtab;
	const char *strtab = NULL;
	size_t i;
	int err;

	err = reloc_read_dynsyms(im, dy, &symtab, &im->nsyms, &strtab);
	if (err < 0 || !im->nsyms)
		return err;
	im->syms = calloc(im->nsyms, sizeof(*im->syms));
	if (!im->syms)
		return -ENOMEM;
	for (i = 0; i < im->nsyms; i++) {
		struct reloc_sym *y = &im->syms[i];
		GElf_Sym st;

		elf_image_sym_get(&im->elf, symtab, i, &st);
		/* past the real table the bytes are anything: check lazily, when named */
		y->name = st.st_name < dy->strsz ? strtab + st.st_name : "(bad name)";
		y->weak = GELF_ST_BIND(st.st_info) == STB_WEAK;
		if (st.st_shndx == SHN_UNDEF)
			continue;
		if (st.st_shndx == SHN_COMMON) {
			y->common = true;
			continue;
		}
		y->value = st.st_shndx == SHN_ABS ? st.st_value : st.st_value + im->bias;
		y->defined = true;
		reloc_sym_thumb(im, &st, y);
	}
	return 0;
}

/* one of DT_REL, DT_RELA, DT_JMPREL: the table converted to the host's order */
static int reloc_dyn_table(struct reloc_image *im, const char *what, uint64_t vaddr,
			   uint64_t size, uint64_t ent, bool rela, void **copy)
{
	size_t want = elf_image_rel_size(&im->elf, rela);
	const uint8_t *p;

	if (ent != want || size % want) {
		rproc_load_err(im->load, "%s: entry size %llu or table size %llu, want entries of %zu bytes",
			       what, (unsigned long long)ent, (unsigned long long)size, want);
		return -ENOEXEC;
	}
	p = elf_dyn_vaddr_file(&im->dyn, vaddr, size);
	if (!p) {
		rproc_load_err(im->load, "%s: 0x%llx + %llu bytes outside the file bytes of a segment",
			       what, (unsigned long long)vaddr, (unsigned long long)size);
		return -ENOEXEC;
	}
	/* a copy: aligned, and in the host's order */
	*copy = malloc(size ? (size_t)size : 1);
	if (!*copy)
		return -ENOMEM;
	memcpy(*copy, p, (size_t)size);
	elf_image_rel_swap(&im->elf, *copy, (size_t)(size / want), rela);
	memset(&im->table, 0, sizeof(im->table));
	im->table.data = *copy;
	im->table.n = (size_t)(size / want);
	im->table.entsize = want;
	im->table.rela = rela;
	return 0;
}

static int reloc_apply_dyn_table(struct reloc_image *im)
{
	struct reloc_site r;
	size_t k;
	int err;

	reloc_site_init(im, &r);
	for (k = 0; k < im->table.n; k++) {
		struct elf_dyn_seg *s;
		GElf_Rela rel;
		uint64_t off;

		reloc_table_get(im, k, &rel);
		r.type = (unsigned int)GELF_R_TYPE(rel.r_info);
		r.A = rel.r_addend;
		r.sym = "";
		if (reloc_arch_type_is_marker(im->arch, r.type))
			continue;
		s = elf_dyn_seg_of(&im->dyn, rel.r_offset, 1);
		if (!s)
			return reloc_fail(im, &r, NULL, rel.r_offset, -ENOEXEC,
					  "place outside every PT_LOAD segment");
		err = reloc_site_sym(im, &rel, &r, NULL, rel.r_offset);
		if (err < 0)
			return err;
		off = rel.r_offset - s->ph.p_vaddr;
		r.where = s->buf + off;
		r.room = (size_t)(s->ph.p_memsz - off);
		r.P = rel.r_offset + im->bias;
		err = reloc_apply_one(im, &r, NULL, rel.r_offset);
		if (err < 0)
			return err;
	}
	return 0;
}

static int reloc_apply_dynamic(struct reloc_image *im, const struct elf_dyn *dy)
{
	struct elf_dyn_table t[3];
	const char *why;
	size_t i;
	int err;

	err = elf_dyn_tables(&im->dyn, dy, t, &why);
	if (err < 0)
		return reloc_bad(im, why);
	for (i = 0; i < 3 && !err; i++) {
		void *copy = NULL;

		if (!t[i].has)
			continue;
		err = reloc_dyn_table(im, t[i].what, t[i].vaddr, t[i].size, t[i].ent, t[i].rela, &copy);
		if (!err)
			err = reloc_apply_dyn_table(im);
		free(im->table.sorted);
		memset(&im->table, 0, sizeof(im->table));
		free(copy);
	}
	return err;
}

static int reloc_add_segments(struct reloc_image *im)
{
	size_t i;
	int err;

	for (i = 0; i < im->dyn.nsegs; i++) {
		const struct elf_dyn_seg *s = &im->dyn.segs[i];
		struct rproc_segment seg;

		memset(&seg, 0, sizeof(seg));
		seg.da = s->ph.p_vaddr + im->bias;
		seg.memsz = s->ph.p_memsz;
		seg.filesz = s->ph.p_memsz;	/* the relocated places may lie in the zeroes */
		seg.data = s->buf;
		seg.offset = s->ph.p_offset;
		err = elf_rsc_segment_add(im->load, &im->rsc, &seg);
		if (err < 0)
			return err;
	}
	return 0;
}

/*
 * ET_DYN: the resource table runs at its link address plus the bias; inside
 * a segment, the core sees its relocated bytes, else the file's (elf-rsc.c)
 */
static int reloc_rsc_run_dyn(void *ctx, size_t shndx, const GElf_Shdr *sh, uint64_t *da,
			     const void **bytes)
{
	struct reloc_image *im = ctx;
	struct elf_dyn_seg *s = elf_dyn_seg_of(&im->dyn, sh->sh_addr, sh->sh_size ? sh->sh_size : 1);

	(void)shndx;
	*da = sh->sh_addr + im->bias;	/* modulo 2^64, as the segments move */
	if (s)
		*bytes = s->buf + (sh->sh_addr - s->ph.p_vaddr);
	return 0;
}

static int reloc_load_dyn(struct reloc_image *im)
{
	struct elf_dyn dy = { 0 };
	int err;

	err = reloc_map_defaults(im);
	if (!err)
		err = reloc_read_segments(im);
	if (!err)
		err = reloc_choose_bias(im);
	if (!err)
		err = reloc_copy_segments(im);
	if (!err)
		err = reloc_read_dynamic(im, &dy);
	if (err < 0)
		return err;
	im->got = dy.pltgot ? dy.pltgot + im->bias : 0;
	err = reloc_dyn_symbols(im, &dy);
	if (!err)
		err = reloc_apply_dynamic(im, &dy);
	if (!err)
		err = elf_rsc_find(im->load, im->elf.data, im->elf.size, reloc_rsc_run_dyn, im,
				   &im->rsc);
	if (!err)
		err = rproc_load_boot_addr_set(im->load, im->elf.eh.e_entry + im->bias);
	if (!err)
		err = reloc_add_segments(im);
	if (!err)
		err = elf_rsc_table_set(im->load, &im->rsc);
	return err;
}

/* --- the plugin --------------------------------------------------------------- */

static void reloc_image_free(struct reloc_image *im)
{
	size_t i;

	if (!im)
		return;
	free(im->table.sorted);
	free(im->scratch);
	for (i = 0; i < im->dyn.nsegs; i++)
		free(im->dyn.segs[i].buf);
	free(im->dyn.segs);
	if (im->areas)
		for (i = 0; i < im->load->n_memories; i++)
			free(im->areas[i].buf);
	free(im->areas);
	free(im->syms);
	free(im->secs);
	free(im);
}

static int reloc_load(struct rproc_load *load)
{
	struct reloc_image *im;
	const char *why;
	int err;

	im = calloc(1, sizeof(*im));
	if (!im)
		return -ENOMEM;
	im->load = load;
	/* release() frees it, whatever the outcome: the plan points into its buffers */
	load->priv = im;
	err = elf_image_open(&im->elf, load->image, load->image_size, &why);
	if (err < 0)
		return reloc_bad(im, why);
	im->dyn.im = &im->elf;
	err = reloc_check_headers(im);
	if (!err)
		err = reloc_find_arch(im);
	if (!err)
		err = reloc_read_sections(im);
	if (err < 0)
		return err;
	if (im->elf.eh.e_type == ET_REL)
		return reloc_load_rel(im);
	return reloc_load_dyn(im);
}

static void reloc_release(struct rproc_load *load)
{
	reloc_image_free(load->priv);
	load->priv = NULL;
}

RPROC_LOADER_EXPORT const struct rproc_loader_plugin rproc_loader_plugin = {
	.abi_version = RPROC_LOADER_ABI_VERSION,
	.name = "reloc",
	.description = "relocatable (ET_REL) and position-independent (ET_DYN) images, relocated to where they are placed",
	.options = reloc_options,
	.load = reloc_load,
	.release = reloc_release,
};
