// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * overlay-obj: link one ld -r object as an overlay (see overlay-obj.h).
 *
 * The object is untrusted like the firmware: the library's ELF image reader
 * (lib/elf-image.h) checks its header tables against the file, every
 * section, symbol and relocation index is checked before use, every
 * place is checked against its section (the back ends get the room left),
 * and sizes are added without overflow. Only what an overlay needs is
 * supported: SHT_PROGBITS and SHT_NOBITS sections, one SHT_SYMTAB, SHT_REL
 * and SHT_RELA tables; no COMMON symbols, no GOT or PLT.
 */
#include <errno.h>
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf-image.h"
#include "overlay-obj.h"
#include "reloc-arch.h"

struct obj_sec {
	GElf_Shdr sh;
	const char *name;
	bool placed;
	uint64_t off;		/* in the image */
};

struct obj_sym {
	const char *name;
	uint64_t value;
	bool defined;
	bool weak;
	bool func;
	bool thumb;
};

struct obj_ctx {
	struct rproc_load *load;
	struct ovl_obj *o;
	const struct ovl_obj_target *t;
	const struct reloc_arch *arch;
	struct elf_image im;
	size_t shnum;
	struct obj_sec *sec;
	struct obj_sym *sym;
	size_t nsym;
	/* the table being applied, for pair(): a copy in the host's order */
	void *rtab;
	size_t rtab_size;
	bool rela;
	size_t nrel;
	uint64_t tgt_run;	/* run address of the table's section */
	char why[128];
};

static int obj_bad(struct obj_ctx *c, const char *what)
{
	rproc_load_err(c->load, "overlay %s: not a valid object: %s", c->o->name, what);
	return -ENOEXEC;
}

static int obj_check(struct obj_ctx *c, const uint8_t *data, size_t len)
{
	const GElf_Ehdr *eh = &c->im.eh;
	const char *why;

	if (elf_image_open(&c->im, data, len, &why) < 0)
		return obj_bad(c, why);
	if (c->im.is64 != c->t->is64 || c->im.be != c->t->be)
		return obj_bad(c, "class or byte order differs from the base firmware's");
	if (eh->e_type != ET_REL) {
		rproc_load_err(c->load, "overlay %s: ELF type %u is not a relocatable object (ld -r)",
			       c->o->name, eh->e_type);
		return -ENOEXEC;
	}
	if (eh->e_machine != c->t->machine) {
		rproc_load_err(c->load, "overlay %s: machine %u, the base firmware's is %u",
			       c->o->name, eh->e_machine, c->t->machine);
		return -ENOEXEC;
	}
	c->arch = reloc_arch_find(eh->e_machine);
	if (!c->arch) {
		rproc_load_err(c->load, "overlay %s: machine %u: no relocations known for it",
			       c->o->name, eh->e_machine);
		return -ENOEXEC;
	}
	if (eh->e_machine == EM_ARM && c->t->be) {
		rproc_load_err(c->load, "overlay %s: big-endian ARM object: its code needs ld --be8's swap",
			       c->o->name);
		return -ENOTSUP;
	}
	if (eh->e_shoff == 0)
		return obj_bad(c, "no section header table");
	c->shnum = eh->e_shnum;
	return 0;
}

/* Sections, and the layout of the allocated ones: code first, then the rest. */
static int obj_sections(struct obj_ctx *c)
{
	const char *why;
	uint64_t at = 0;
	size_t i;
	int pass;

	c->sec = calloc(c->shnum, sizeof(*c->sec));
	if (!c->sec)
		return -ENOMEM;
	for (i = 1; i < c->shnum; i++) {
		struct obj_sec *s = &c->sec[i];

		if (elf_image_section_get(&c->im, i, &s->sh, &s->name, &why) < 0)
			return obj_bad(c, why);
		if (!(s->sh.sh_flags & SHF_ALLOC) || s->sh.sh_size == 0)
			continue;
		if (s->sh.sh_type != SHT_PROGBITS && s->sh.sh_type != SHT_NOBITS) {
			rproc_load_err(c->load, "overlay %s: section %s: type %u is not supported in an overlay",
				       c->o->name, s->name, s->sh.sh_type);
			return -ENOTSUP;
		}
	}
	for (pass = 0; pass < 2; pass++) {
		for (i = 1; i < c->shnum; i++) {
			struct obj_sec *s = &c->sec[i];
			uint64_t a = s->sh.sh_addralign ? s->sh.sh_addralign : 1;

			if (!(s->sh.sh_flags & SHF_ALLOC) || s->sh.sh_size == 0 ||
			    !!(s->sh.sh_flags & SHF_EXECINSTR) != (pass == 0))
				continue;
			if (a & (a - 1) || a > 4096)
				return obj_bad(c, "section alignment not a power of two up to 4096");
			if (c->t->run & (a - 1)) {
				rproc_load_err(c->load, "overlay %s: section %s wants %llu-byte alignment, the region at 0x%llx has less",
					       c->o->name, s->name, (unsigned long long)a,
					       (unsigned long long)c->t->run);
				return -EINVAL;
			}
			at = (at + a - 1) & ~(a - 1);
			if (s->sh.sh_size > UINT32_MAX || at > UINT32_MAX)
				return obj_bad(c, "sections larger than 4 GiB");
			s->off = at;
			s->placed = true;
			at += s->sh.sh_size;
		}
	}
	if (at == 0) {
		rproc_load_err(c->load, "overlay %s: no allocated section: nothing to load", c->o->name);
		return -ENOEXEC;
	}
	if (at > c->t->room) {
		rproc_load_err(c->load, "overlay %s: %llu bytes, larger than its region at 0x%llx (%llu bytes)",
			       c->o->name, (unsigned long long)at,
			       (unsigned long long)c->t->run, (unsigned long long)c->t->room);
		return -EFBIG;
	}
	c->o->size = at;
	c->o->image = calloc(1, (size_t)at);
	if (!c->o->image)
		return -ENOMEM;
	for (i = 1; i < c->shnum; i++) {
		struct obj_sec *s = &c->sec[i];

		if (!s->placed || s->sh.sh_type == SHT_NOBITS)
			continue;
		if (!elf_image_range_ok(&c->im, s->sh.sh_offset, s->sh.sh_size))
			return obj_bad(c, "section bytes outside the file");
		memcpy(c->o->image + s->off, c->im.data + s->sh.sh_offset, (size_t)s->sh.sh_size);
	}
	return 0;
}

/* Symbols: the object's own at their run addresses, the undefined ones from the base. */
static int obj_symbols(struct obj_ctx *c)
{
	struct elf_image_symtab tab;
	const char *why;
	size_t i;

	if (elf_image_symtab_find(&c->im, SHT_SYMTAB, &tab, &why) < 0)
		return obj_bad(c, why);
	if (!tab.shndx)
		return 0;	/* no symbols: no relocation may name one */
	c->nsym = tab.n;
	c->sym = calloc(c->nsym ? c->nsym : 1, sizeof(*c->sym));
	if (!c->sym)
		return -ENOMEM;
	for (i = 1; i < c->nsym; i++) {
		struct obj_sym *y = &c->sym[i];
		struct ovl_base_sym b;
		GElf_Sym st;

		y->name = elf_image_symtab_sym_get(&c->im, &tab, i, &st);
		if (!y->name)
			return obj_bad(c, "symbol name outside its string table");
		y->weak = GELF_ST_BIND(st.st_info) == STB_WEAK;
		y->func = GELF_ST_TYPE(st.st_info) == STT_FUNC;
		if (st.st_shndx == SHN_UNDEF) {
			if (!y->name[0] || c->t->lookup(c->t->ctx, y->name, &b) < 0)
				continue;	/* an error if a relocation uses it */
			y->value = b.value;
			y->func = b.func;
			y->thumb = b.thumb;
			y->defined = true;
			continue;
		}
		if (st.st_shndx == SHN_COMMON) {
			rproc_load_err(c->load, "overlay %s: COMMON symbol %s: compile with -fno-common",
				       c->o->name, y->name);
			return -ENOTSUP;
		}
		if (st.st_shndx == SHN_ABS) {
			y->value = st.st_value;
		} else if (st.st_shndx < c->shnum && c->sec[st.st_shndx].placed) {
			y->value = c->t->run + c->sec[st.st_shndx].off + st.st_value;
		} else {
			continue;	/* not loaded (debug sections) */
		}
		if (c->t->machine == EM_ARM && y->func && (y->value & 1)) {
			y->thumb = true;
			y->value &= ~(uint64_t)1;
		}
		y->defined = true;
	}
	return 0;
}

/* relocation table @idx, a copy in the host's order in c->rtab: what elf_image_rela_get() reads */
static int obj_rel_table_load(struct obj_ctx *c, size_t idx)
{
	const GElf_Shdr *sh = &c->sec[idx].sh;
	size_t entsize = elf_image_rel_size(&c->im, c->rela);

	if (sh->sh_entsize != entsize || sh->sh_size % entsize ||
	    !elf_image_range_ok(&c->im, sh->sh_offset, sh->sh_size))
		return obj_bad(c, "relocation table outside the file or its entry size wrong");
	c->nrel = (size_t)(sh->sh_size / entsize);
	if (sh->sh_size > c->rtab_size) {
		void *p = realloc(c->rtab, (size_t)sh->sh_size);

		if (!p)
			return -ENOMEM;
		c->rtab = p;
		c->rtab_size = (size_t)sh->sh_size;
	}
	if (c->nrel) {
		memcpy(c->rtab, c->im.data + sh->sh_offset, (size_t)sh->sh_size);
		elf_image_rel_swap(&c->im, c->rtab, c->nrel, c->rela);
	}
	return 0;
}

/* reloc_pair_fn: the S + A - da of this table's relocation at da (RISC-V's LO12 asks for its HI20) */
static int obj_pair(const struct reloc_site *r, uint64_t da, uint64_t *value)
{
	struct obj_ctx *c = r->core;
	size_t k;

	if (!c->rela)
		return -ENOENT;
	for (k = 0; k < c->nrel; k++) {
		GElf_Rela rel;
		size_t si;

		elf_image_rela_get(&c->im, c->rtab, k, c->rela, &rel);
		if (c->tgt_run + rel.r_offset != da || reloc_arch_type_is_marker(c->arch, GELF_R_TYPE(rel.r_info)))
			continue;
		si = GELF_R_SYM(rel.r_info);
		if (si >= c->nsym || (si && !c->sym[si].defined))
			return -ENOENT;
		*value = (si ? c->sym[si].value : 0) + (uint64_t)rel.r_addend - da;
		return 0;
	}
	return -ENOENT;
}

static int obj_apply_table(struct obj_ctx *c, size_t idx)
{
	const struct obj_sec *rs = &c->sec[idx], *tgt;
	struct reloc_site r;
	size_t k;
	int err;

	if (rs->sh.sh_info == 0 || rs->sh.sh_info >= c->shnum)
		return obj_bad(c, "relocation section names no section");
	tgt = &c->sec[rs->sh.sh_info];
	if (!tgt->placed)
		return 0;	/* relocates debug information */
	if (tgt->sh.sh_type == SHT_NOBITS)
		return obj_bad(c, "relocations for a NOBITS section");
	c->rela = rs->sh.sh_type == SHT_RELA;
	err = obj_rel_table_load(c, idx);
	if (err < 0)
		return err;
	c->tgt_run = c->t->run + tgt->off;
	for (k = 0; k < c->nrel; k++) {
		unsigned int type;
		GElf_Rela rel;
		size_t si;

		elf_image_rela_get(&c->im, c->rtab, k, c->rela, &rel);
		type = (unsigned int)GELF_R_TYPE(rel.r_info);
		if (reloc_arch_type_is_marker(c->arch, type))
			continue;
		if (rel.r_offset >= tgt->sh.sh_size) {
			rproc_load_err(c->load, "overlay %s: relocation at %s+0x%llx outside the section",
				       c->o->name, tgt->name, (unsigned long long)rel.r_offset);
			return -ENOEXEC;
		}
		memset(&r, 0, sizeof(r));
		r.type = type;
		r.where = c->o->image + tgt->off + rel.r_offset;
		r.room = (size_t)(tgt->sh.sh_size - rel.r_offset);
		r.P = c->t->run + tgt->off + rel.r_offset;
		r.A = rel.r_addend;
		r.rela = c->rela;
		r.big_endian = c->t->be;
		r.elf64 = c->t->is64;
		r.pair = obj_pair;
		r.core = c;
		r.sym = "";
		si = GELF_R_SYM(rel.r_info);
		if (si) {
			const struct obj_sym *y;

			if (si >= c->nsym)
				return obj_bad(c, "relocation's symbol outside the symbol table");
			y = &c->sym[si];
			r.sym = y->name;
			if (!y->defined && !y->weak) {
				rproc_load_err(c->load, "overlay %s: undefined symbol %s (at %s+0x%llx): neither in the object nor in the base firmware",
					       c->o->name, y->name[0] ? y->name : "(no name)",
					       tgt->name, (unsigned long long)rel.r_offset);
				return -ENOENT;
			}
			r.S = y->value;
			r.sym_defined = y->defined;
			r.sym_func = y->func;
			r.sym_thumb = y->thumb;
		}
		c->why[0] = '\0';
		err = reloc_arch_apply(c->arch, &r, c->why, sizeof(c->why));
		if (err < 0) {
			const char *tn = reloc_arch_type_name(c->arch, type);
			char tbuf[48];

			if (!tn) {
				snprintf(tbuf, sizeof(tbuf), "%s relocation type %u", c->arch->name, type);
				tn = tbuf;
			}
			rproc_load_err(c->load, "overlay %s: %s at %s+0x%llx against '%s': %s",
				       c->o->name, tn, tgt->name, (unsigned long long)rel.r_offset,
				       r.sym[0] ? r.sym : "(no symbol)",
				       c->why[0] ? c->why : "cannot be applied");
			return err;
		}
	}
	return 0;
}

int ovl_obj_link(struct rproc_load *load, struct ovl_obj *o, const uint8_t *data,
		 size_t len, const struct ovl_obj_target *t)
{
	struct obj_ctx c = { .load = load, .o = o, .t = t };
	size_t i;
	int err;

	o->image = NULL;
	o->size = 0;
	err = obj_check(&c, data, len);
	if (!err)
		err = obj_sections(&c);
	if (!err)
		err = obj_symbols(&c);
	for (i = 1; !err && i < c.shnum; i++)
		if (c.sec[i].sh.sh_type == SHT_REL || c.sec[i].sh.sh_type == SHT_RELA)
			err = obj_apply_table(&c, i);
	if (err < 0) {
		free(o->image);
		o->image = NULL;
	}
	free(c.sec);
	free(c.sym);
	free(c.rtab);
	return err;
}

int ovl_obj_base_sym(void *ctx, const char *name, struct ovl_base_sym *b)
{
	const struct elf_image *im = ctx;
	struct elf_image_symtab tab;
	const char *why, *s;
	size_t k;

	if (elf_image_symtab_find(im, SHT_SYMTAB, &tab, &why) < 0 || !tab.shndx)
		return -ENOENT;
	for (k = 1; k < tab.n; k++) {
		GElf_Sym st;

		s = elf_image_symtab_sym_get(im, &tab, k, &st);
		if (!s || (GELF_ST_BIND(st.st_info) != STB_GLOBAL &&
			   GELF_ST_BIND(st.st_info) != STB_WEAK) ||
		    st.st_shndx == SHN_UNDEF || st.st_shndx == SHN_COMMON || strcmp(s, name) != 0)
			continue;
		b->value = st.st_value;
		b->func = GELF_ST_TYPE(st.st_info) == STT_FUNC;
		b->thumb = im->eh.e_machine == EM_ARM && b->func && (st.st_value & 1);
		if (b->thumb)
			b->value &= ~(uint64_t)1;
		return 0;
	}
	return -ENOENT;
}
