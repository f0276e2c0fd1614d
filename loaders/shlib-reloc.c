// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * shlib-reloc.c - the shlib plugin's symbols and relocations: the dynamic
 * symbols looked up across modules in rproc-loader-shlib(7)'s order, the
 * per-core segments of each module relocated by the back ends of the
 * plugins' library (lib/reloc-arch.h); nothing in the shared text.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rproc/loader.h>

#include "plugin-util.h"
#include "shlib.h"

struct shlib_sym {
	const char *name;
	uint64_t value;		/* device address, Thumb bit cleared */
	unsigned char bind, type;
	uint16_t shndx;
	bool thumb;
};

static int shlib_sym_get(struct shlib_mod *m, size_t i, struct shlib_sym *y)
{
	uint64_t value;
	GElf_Sym st;

	if (i >= m->nsyms)
		return -ENOEXEC;
	elf_image_sym_get(&m->elf, m->symtab, i, &st);
	y->type = GELF_ST_TYPE(st.st_info);
	y->bind = GELF_ST_BIND(st.st_info);
	y->shndx = st.st_shndx;
	value = st.st_value;
	y->name = st.st_name < m->strsz ? m->strtab + st.st_name : NULL;
	y->thumb = m->elf.eh.e_machine == EM_ARM && y->type == STT_FUNC && (value & 1);
	if (y->thumb)
		value &= ~(uint64_t)1;
	y->value = value;
	return y->name ? 0 : -ENOEXEC;
}

/* a defined symbol's device address, by the segment that holds it */
static int shlib_sym_place(struct shlib_mod *m, struct shlib_sym *y)
{
	struct elf_dyn_seg *s;

	if (y->shndx == SHN_ABS)
		return 0;
	s = elf_dyn_seg_find(&m->dyn_file, y->value, 1);
	if (!s && y->value)		/* a symbol at the very end of a segment */
		s = elf_dyn_seg_find(&m->dyn_file, y->value - 1, 1);
	if (!s)
		return -ENOEXEC;
	y->value += s->bias;
	return 0;
}

/*
 * The interposition order of rproc-loader-shlib(7): the executable first,
 * then the libraries breadth first from its DT_NEEDED; the first module
 * that defines the name (global or weak) gives it.
 */
static bool shlib_sym_lookup(struct shlib_ctx *c, const char *name, struct shlib_sym *out)
{
	size_t i, k;

	for (i = 0; i < c->n_mods; i++) {
		struct shlib_mod *m = c->mods[i];

		for (k = 1; k < m->nsyms; k++) {
			struct shlib_sym y;

			if (shlib_sym_get(m, k, &y) < 0 || y.shndx == SHN_UNDEF ||
			    y.shndx == SHN_COMMON || y.bind == STB_LOCAL ||
			    strcmp(y.name, name) != 0)
				continue;
			if (shlib_sym_place(m, &y) < 0)
				continue;
			*out = y;
			return true;
		}
	}
	return false;
}

static int shlib_pair_none(const struct reloc_site *r, uint64_t da, uint64_t *value)
{
	(void)r;
	(void)da;
	(void)value;
	return -ENOENT;	/* PCREL_LO12 and friends never are dynamic relocations */
}

static int shlib_fail(struct shlib_ctx *c, const struct shlib_mod *m, const struct reloc_site *r,
		      uint64_t off, int err, const char *why)
{
	const char *tn = reloc_arch_type_name(c->arch, r->type);
	char tbuf[48];

	if (!tn) {
		snprintf(tbuf, sizeof(tbuf), "%s relocation type %u", c->arch->name, r->type);
		tn = tbuf;
	}
	rproc_load_err(c->load, "%s: %s at 0x%llx against '%s': %s", m->name, tn,
		       (unsigned long long)off, r->sym[0] ? r->sym : "(no symbol)", why);
	return err;
}

static int shlib_site_sym_set(struct shlib_ctx *c, struct shlib_mod *m, size_t symi,
			  struct reloc_site *r, uint64_t off)
{
	struct shlib_sym y;

	if (symi == 0)
		return 0;
	if (shlib_sym_get(m, symi, &y) < 0)
		return shlib_fail(c, m, r, off, -ENOEXEC, "symbol outside the dynamic symbol table");
	r->sym = y.name;
	if (y.bind == STB_LOCAL) {
		if (y.shndx == SHN_UNDEF || shlib_sym_place(m, &y) < 0)
			return shlib_fail(c, m, r, off, -ENOEXEC, "local symbol outside every segment");
	} else if (!shlib_sym_lookup(c, y.name, &y)) {
		if (y.bind == STB_WEAK)
			return 0;	/* undefined weak: 0 */
		return shlib_fail(c, m, r, off, -ENOENT,
				  "undefined symbol: no module defines it (executable, then libraries breadth first)");
	}
	r->S = y.value;
	r->sym_defined = true;
	r->sym_thumb = y.thumb;
	r->sym_func = y.type == STT_FUNC;
	return 0;
}

/* RELATIVE: the bias of the segment its link address lies in, segments move apart */
static int shlib_site_relative_set(struct shlib_ctx *c, struct shlib_mod *m, struct reloc_site *r,
			       uint64_t off)
{
	unsigned int w = m->elf.is64 ? 8 : 4;
	struct elf_dyn_seg *s;
	uint64_t target;

	if (r->room < w)
		return shlib_fail(c, m, r, off, -ENOEXEC, "place past the end of its segment");
	target = r->rela ? (uint64_t)r->A : elf_image_uint_get(&m->elf, r->where, w);
	s = elf_dyn_seg_find(&m->dyn_file, target, 1);
	if (!s && target)
		s = elf_dyn_seg_find(&m->dyn_file, target - 1, 1);
	if (!s)
		return shlib_fail(c, m, r, off, -ENOEXEC, "its target is outside every segment");
	r->B = s->bias;
	return 0;
}

static int shlib_entry_apply(struct shlib_ctx *c, struct shlib_mod *m, const struct elf_dyn_table *t,
			     const uint8_t *p)
{
	unsigned int w = m->elf.is64 ? 8 : 4;
	uint64_t off = elf_image_uint_get(&m->elf, p, w), info = elf_image_uint_get(&m->elf, p + w, w);
	size_t symi = m->elf.is64 ? (size_t)(info >> 32) : (size_t)(info >> 8);
	struct reloc_site r;
	struct elf_dyn_seg *s;
	int err;

	memset(&r, 0, sizeof(r));
	r.type = (unsigned int)(m->elf.is64 ? (info & 0xffffffffu) : (info & 0xff));
	r.rela = t->rela;
	r.A = t->rela ? (int64_t)elf_image_uint_get(&m->elf, p + 2 * w, w) : 0;
	r.big_endian = m->elf.be;
	r.elf64 = m->elf.is64;
	r.pair = shlib_pair_none;
	r.core = c;
	r.sym = "";
	if (!m->elf.is64 && t->rela)
		r.A = (int32_t)r.A;
	if (reloc_arch_type_is_marker(c->arch, r.type))
		return 0;
	s = elf_dyn_seg_find(&m->dyn_file, off, 1);
	if (!s)
		return shlib_fail(c, m, &r, off, -ENOEXEC, "place outside every PT_LOAD segment");
	if (s->shared)
		return shlib_fail(c, m, &r, off, -ENOEXEC,
				  "place in the library's read-only segment, which every core shares: build it -fPIC");
	if (r.type == c->arch->copy)
		return shlib_fail(c, m, &r, off, -ENOTSUP,
				  "copy relocation: build the executable -fPIE, which reaches library data through its GOT");
	r.where = s->buf + (off - s->ph.p_vaddr);
	r.room = (size_t)(s->ph.p_memsz - (off - s->ph.p_vaddr));
	r.P = off + s->bias;
	r.B = s->bias;
	if (r.type == c->arch->relative)
		err = shlib_site_relative_set(c, m, &r, off);
	else
		err = shlib_site_sym_set(c, m, symi, &r, off);
	if (err < 0)
		return err;
	c->why[0] = '\0';
	err = reloc_arch_apply(c->arch, &r, c->why, sizeof(c->why));
	if (err < 0)
		return shlib_fail(c, m, &r, off, err, c->why[0] ? c->why : "cannot be applied");
	return 0;
}

static int shlib_table_apply(struct shlib_ctx *c, struct shlib_mod *m, const struct elf_dyn_table *t)
{
	size_t w = m->elf.is64 ? 8 : 4, ent = t->rela ? 3 * w : 2 * w, k;
	const uint8_t *p;
	int err;

	if (!t->has || !t->size)
		return 0;
	if (t->size % ent) {
		rproc_load_err(c->load, "%s: %s: %llu bytes is not a whole number of entries", m->name,
			       t->what, (unsigned long long)t->size);
		return -ENOEXEC;
	}
	p = elf_dyn_vaddr_bytes_get(&m->dyn_file, t->vaddr, t->size);
	if (!p) {
		rproc_load_err(c->load, "%s: %s outside the file bytes of a segment", m->name, t->what);
		return -ENOEXEC;
	}
	for (k = 0; k < t->size / ent; k++) {
		err = shlib_entry_apply(c, m, t, p + k * ent);
		if (err < 0)
			return err;
	}
	return 0;
}

int shlib_mod_relocate(struct shlib_ctx *c, struct shlib_mod *m)
{
	size_t i;
	int err;

	for (i = 0; i < m->nsegs; i++) {
		struct elf_dyn_seg *s = &m->segs[i];

		if (s->shared)
			continue;
		s->buf = calloc(1, (size_t)s->ph.p_memsz);
		if (!s->buf)
			return -ENOMEM;
		memcpy(s->buf, m->data + s->ph.p_offset, (size_t)s->ph.p_filesz);
	}
	for (i = 0; i < 3; i++) {
		err = shlib_table_apply(c, m, &m->tables[i]);
		if (err < 0)
			return err;
	}
	return 0;
}
