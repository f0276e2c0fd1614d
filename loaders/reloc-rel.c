// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * reloc-rel.c - the reloc plugin's ET_REL load (ld -r output): every
 * SHF_ALLOC section placed into a memory by the section map, in map order
 * then section order, at its alignment; the symbols of the object's own
 * table resolved; the SHT_REL/SHT_RELA sections of loaded sections
 * applied; one segment per memory used.
 */
#include <errno.h>
#include <fnmatch.h>
#include <gelf.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rproc/loader.h>

#include "elf-rsc.h"
#include "plugin-util.h"
#include "reloc.h"

/* --- the section map ------------------------------------------------------ */

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
static int reloc_section_place(struct reloc_image *im, size_t i, int m)
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
static int reloc_sections_place(struct reloc_image *im)
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
			err = reloc_section_place(im, i, m);
		}
	}
	free(next);
	return err;
}

/* one buffer per memory used, the sections' bytes copied in */
static int reloc_areas_fill(struct reloc_image *im)
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

/* --- symbols and relocations ------------------------------------------------ */

static int reloc_symtab_find(struct reloc_image *im, uint32_t type, size_t *idx)
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

static int reloc_symbols_read(struct reloc_image *im, size_t symtab, uint64_t bias)
{
	const GElf_Shdr *sh = &im->secs[symtab].sh;
	uint64_t entsize = elf_image_sym_size(&im->elf);
	const uint8_t *d = im->elf.data + sh->sh_offset;
	const char *strtab;
	size_t strsize, i;

	/* an SHT_SYMTAB: reloc_sections_read() checked it lies inside the file */
	if (sh->sh_entsize != entsize || sh->sh_size % entsize)
		return reloc_bad(im, "symbol table entry size wrong");
	strtab = elf_image_strtab_get(&im->elf, sh->sh_link, &strsize);
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
		reloc_sym_thumb_set(im, &st, y);
	}
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
	/* an SHT_REL(A), not NOBITS: reloc_sections_read() checked it lies inside the file */
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

static int reloc_section_apply(struct reloc_image *im, size_t idx)
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
		err = reloc_site_sym_set(im, &rel, &r, target, rel.r_offset);
		if (err < 0)
			return err;
		r.where = target->buf + rel.r_offset;
		r.room = target->room - (size_t)rel.r_offset;
		r.P = target->da + rel.r_offset;
		err = reloc_site_apply(im, &r, target, rel.r_offset);
		if (err < 0)
			return err;
	}
	return 0;
}

static int reloc_sections_apply(struct reloc_image *im)
{
	size_t i;
	int err;

	for (i = 1; i < im->shnum; i++) {
		uint32_t t = im->secs[i].sh.sh_type;

		if (t != SHT_REL && t != SHT_RELA)
			continue;
		err = reloc_section_apply(im, i);
		if (err < 0)
			return err;
	}
	return 0;
}

static int reloc_areas_add(struct reloc_image *im)
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

static int reloc_entry_set(struct reloc_image *im)
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
static int reloc_rel_rsc_run(void *ctx, size_t shndx, const GElf_Shdr *sh, uint64_t *da,
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

int reloc_rel_load(struct reloc_image *im)
{
	size_t symtab = 0;
	int err;

	err = reloc_memories_choose(im);
	if (!err)
		err = reloc_map_parse(im);
	if (!err)
		err = reloc_sections_place(im);
	if (!err)
		err = reloc_areas_fill(im);
	if (!err)
		err = reloc_symtab_find(im, SHT_SYMTAB, &symtab);
	if (err < 0)
		return err;
	if (!symtab)
		return reloc_bad(im, "relocatable object without a symbol table");
	err = reloc_symbols_read(im, symtab, 0);
	if (!err)
		err = reloc_sections_apply(im);
	if (!err)
		err = elf_rsc_find(im->load, &im->elf, reloc_rel_rsc_run, im, &im->rsc);
	if (!err)
		err = reloc_entry_set(im);
	if (!err)
		err = reloc_areas_add(im);
	if (!err)
		err = elf_rsc_table_set(im->load, &im->rsc);
	return err;
}
