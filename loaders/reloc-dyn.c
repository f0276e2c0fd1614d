// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * reloc-dyn.c - the reloc plugin's ET_DYN load (-pie, -shared): the PT_LOAD
 * segments move together by one bias, to reloc.base; the dynamic
 * relocations (DT_REL, DT_RELA, DT_JMPREL) are applied against the image's
 * own dynamic symbols.
 */
#include <errno.h>
#include <gelf.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rproc/loader.h>

#include "elf-dyn.h"
#include "elf-rsc.h"
#include "plugin-util.h"
#include "reloc.h"

static int reloc_segments_read(struct reloc_image *im)
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
		/* fuzz: refused before reloc_segments_copy() allocates p_memsz bytes */
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
static int reloc_bias_choose(struct reloc_image *im)
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

static int reloc_segments_copy(struct reloc_image *im)
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

static int reloc_dynamic_read(struct reloc_image *im, struct elf_dyn *dy)
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
static int reloc_dynsyms_read(struct reloc_image *im, const struct elf_dyn *dy,
			      const uint8_t **symtab, size_t *nsyms, const char **strtab)
{
	size_t entsize = elf_image_sym_size(&im->elf);

	*symtab = NULL;
	*nsyms = 0;
	if (!dy->has_symtab)
		return 0;
	if (!dy->has_strtab || !dy->strsz || dy->syment != entsize)
		return reloc_bad(im, "DT_SYMTAB without DT_STRTAB, DT_STRSZ or the right DT_SYMENT");
	*strtab = elf_dyn_strtab_get(&im->dyn, dy);
	if (!*strtab)
		return reloc_bad(im, "DT_STRTAB outside the file, or not NUL-terminated");
	if (elf_dyn_symtab_get(&im->dyn, dy, symtab, nsyms) < 0)
		return reloc_bad(im, "DT_SYMTAB outside the file bytes of a segment");
	return 0;
}

/* symbols of the image's own: defined ones moved by the bias, undefined weak 0 */
static int reloc_dynsyms_resolve(struct reloc_image *im, const struct elf_dyn *dy)
{
	const uint8_t *symtab;
	const char *strtab = NULL;
	size_t i;
	int err;

	err = reloc_dynsyms_read(im, dy, &symtab, &im->nsyms, &strtab);
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
		reloc_sym_thumb_set(im, &st, y);
	}
	return 0;
}

/* one of DT_REL, DT_RELA, DT_JMPREL: the table converted to the host's order */
static int reloc_dyn_table_load(struct reloc_image *im, const char *what, uint64_t vaddr,
			   uint64_t size, uint64_t ent, bool rela, void **copy)
{
	size_t want = elf_image_rel_size(&im->elf, rela);
	const uint8_t *p;

	if (ent != want || size % want) {
		rproc_load_err(im->load, "%s: entry size %llu or table size %llu, want entries of %zu bytes",
			       what, (unsigned long long)ent, (unsigned long long)size, want);
		return -ENOEXEC;
	}
	p = elf_dyn_vaddr_bytes_get(&im->dyn, vaddr, size);
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

static int reloc_dyn_table_apply(struct reloc_image *im)
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
		s = elf_dyn_seg_find(&im->dyn, rel.r_offset, 1);
		if (!s)
			return reloc_fail(im, &r, NULL, rel.r_offset, -ENOEXEC,
					  "place outside every PT_LOAD segment");
		err = reloc_site_sym_set(im, &rel, &r, NULL, rel.r_offset);
		if (err < 0)
			return err;
		off = rel.r_offset - s->ph.p_vaddr;
		r.where = s->buf + off;
		r.room = (size_t)(s->ph.p_memsz - off);
		r.P = rel.r_offset + im->bias;
		err = reloc_site_apply(im, &r, NULL, rel.r_offset);
		if (err < 0)
			return err;
	}
	return 0;
}

static int reloc_dynamic_apply(struct reloc_image *im, const struct elf_dyn *dy)
{
	struct elf_dyn_table t[3];
	const char *why;
	size_t i;
	int err;

	err = elf_dyn_tables_get(&im->dyn, dy, t, &why);
	if (err < 0)
		return reloc_bad(im, why);
	for (i = 0; i < 3 && !err; i++) {
		void *copy = NULL;

		if (!t[i].has)
			continue;
		err = reloc_dyn_table_load(im, t[i].what, t[i].vaddr, t[i].size, t[i].ent, t[i].rela, &copy);
		if (!err)
			err = reloc_dyn_table_apply(im);
		free(im->table.sorted);
		memset(&im->table, 0, sizeof(im->table));
		free(copy);
	}
	return err;
}

static int reloc_segments_add(struct reloc_image *im)
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
static int reloc_dyn_rsc_run(void *ctx, size_t shndx, const GElf_Shdr *sh, uint64_t *da,
			     const void **bytes)
{
	struct reloc_image *im = ctx;
	struct elf_dyn_seg *s = elf_dyn_seg_find(&im->dyn, sh->sh_addr, sh->sh_size ? sh->sh_size : 1);

	(void)shndx;
	*da = sh->sh_addr + im->bias;	/* modulo 2^64, as the segments move */
	if (s)
		*bytes = s->buf + (sh->sh_addr - s->ph.p_vaddr);
	return 0;
}

int reloc_dyn_load(struct reloc_image *im)
{
	struct elf_dyn dy = { 0 };
	int err;

	err = reloc_memories_choose(im);
	if (!err)
		err = reloc_segments_read(im);
	if (!err)
		err = reloc_bias_choose(im);
	if (!err)
		err = reloc_segments_copy(im);
	if (!err)
		err = reloc_dynamic_read(im, &dy);
	if (err < 0)
		return err;
	im->got = dy.pltgot ? dy.pltgot + im->bias : 0;
	err = reloc_dynsyms_resolve(im, &dy);
	if (!err)
		err = reloc_dynamic_apply(im, &dy);
	if (!err)
		err = elf_rsc_find(im->load, &im->elf, reloc_dyn_rsc_run, im, &im->rsc);
	if (!err)
		err = rproc_load_boot_addr_set(im->load, im->elf.eh.e_entry + im->bias);
	if (!err)
		err = reloc_segments_add(im);
	if (!err)
		err = elf_rsc_table_set(im->load, &im->rsc);
	return err;
}
