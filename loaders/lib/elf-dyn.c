// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * elf-dyn: the dynamic-image reader of the plugins' library, as elf-dyn.h
 * describes. Values are read in the image's order (elf-image.h), so the
 * host's own order does not matter.
 */
#include <errno.h>
#include <gelf.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "elf-dyn.h"

/* the segment holding link addresses [vaddr, vaddr + len), or NULL */
struct elf_dyn_seg *elf_dyn_seg_find(const struct elf_dyn_file *f, uint64_t vaddr, uint64_t len)
{
	size_t i;

	for (i = 0; i < f->nsegs; i++) {
		const GElf_Phdr *ph = &f->segs[i].ph;

		if (vaddr >= ph->p_vaddr && vaddr - ph->p_vaddr < ph->p_memsz &&
		    len <= ph->p_memsz - (vaddr - ph->p_vaddr))
			return &f->segs[i];
	}
	return NULL;
}

/* file bytes of link addresses [vaddr, vaddr + len), or NULL */
const uint8_t *elf_dyn_vaddr_bytes_get(const struct elf_dyn_file *f, uint64_t vaddr, uint64_t len)
{
	/* len 0 finds the same segment as 1: vaddr must lie inside it either way */
	const struct elf_dyn_seg *s = elf_dyn_seg_find(f, vaddr, len ? len : 1);
	uint64_t off;

	if (!s)
		return NULL;
	off = vaddr - s->ph.p_vaddr;
	if (off > s->ph.p_filesz || len > s->ph.p_filesz - off)
		return NULL;
	return f->im->data + s->ph.p_offset + off;
}

static void elf_dyn_tag(struct elf_dyn *dy, uint64_t tag, uint64_t val)
{
	switch (tag) {
	case DT_NEEDED:
		if (dy->n_needed < ELF_DYN_NEEDED_MAX)
			dy->needed[dy->n_needed] = val;
		dy->n_needed++;		/* counted past the limit, refused by the caller */
		break;
	case DT_REL: dy->rel = val; dy->has_rel = true; break;
	case DT_RELSZ: dy->relsz = val; break;
	case DT_RELENT: dy->relent = val; break;
	case DT_RELA: dy->rela = val; dy->has_rela = true; break;
	case DT_RELASZ: dy->relasz = val; break;
	case DT_RELAENT: dy->relaent = val; break;
	case DT_JMPREL: dy->jmprel = val; dy->has_jmprel = true; break;
	case DT_PLTRELSZ: dy->pltrelsz = val; break;
	case DT_PLTREL: dy->pltrel = val; break;
	case DT_SYMTAB: dy->symtab = val; dy->has_symtab = true; break;
	case DT_SYMENT: dy->syment = val; break;
	case DT_STRTAB: dy->strtab = val; dy->has_strtab = true; break;
	case DT_STRSZ: dy->strsz = val; break;
	case DT_PLTGOT: dy->pltgot = val; break;
	case DT_HASH: dy->hash = val; dy->has_hash = true; break;
	case DT_TEXTREL: dy->textrel = true; break;
	case DT_FLAGS: if (val & DF_TEXTREL) dy->textrel = true; break;
	default: break;
	}
}

/*
 * The entries of the first PT_DYNAMIC, up to DT_NULL. No PT_DYNAMIC is no
 * error: dy->found says it; -ENOEXEC with *why when the headers are bad.
 */
int elf_dyn_read(const struct elf_dyn_file *f, struct elf_dyn *dy, const char **why)
{
	const struct elf_image *im = f->im;
	size_t ent = im->is64 ? sizeof(Elf64_Dyn) : sizeof(Elf32_Dyn);
	unsigned int w = im->is64 ? 8 : 4;
	GElf_Phdr ph;
	size_t i, n;

	memset(dy, 0, sizeof(*dy));
	for (i = 0; i < im->eh.e_phnum && !dy->found; i++) {
		elf_image_phdr_get(im, i, &ph);
		dy->found = ph.p_type == PT_DYNAMIC;
	}
	if (!dy->found)
		return 0;
	if (!elf_image_range_ok(im, ph.p_offset, ph.p_filesz)) {
		*why = "PT_DYNAMIC outside the file";
		return -ENOEXEC;
	}
	n = (size_t)(ph.p_filesz / ent);
	for (i = 0; i < n; i++) {
		const uint8_t *p = im->data + ph.p_offset + i * ent;
		uint64_t tag = elf_image_uint_get(im, p, w);

		if (tag == DT_NULL)
			break;
		elf_dyn_tag(dy, tag, elf_image_uint_get(im, p + w, w));
	}
	return 0;
}

/* DT_STRTAB, if it lies in the file and ends in a NUL; NULL otherwise */
const char *elf_dyn_strtab_get(const struct elf_dyn_file *f, const struct elf_dyn *dy)
{
	const char *s;

	if (!dy->strsz)
		return NULL;
	s = (const char *)elf_dyn_vaddr_bytes_get(f, dy->strtab, dy->strsz);
	if (!s || s[dy->strsz - 1] != '\0')
		return NULL;
	return s;
}

/*
 * DT_SYMTAB (DT_SYMENT checked by the caller): it has no size, so as many
 * entries as lie in the file bytes of its segment. -ENOEXEC when outside.
 */
int elf_dyn_symtab_get(const struct elf_dyn_file *f, const struct elf_dyn *dy,
		   const uint8_t **symtab, size_t *nsyms)
{
	size_t ent = elf_image_sym_size(f->im);
	const struct elf_dyn_seg *s = elf_dyn_seg_find(f, dy->symtab, ent);
	uint64_t off;

	if (!s || dy->symtab - s->ph.p_vaddr >= s->ph.p_filesz)
		return -ENOEXEC;
	off = dy->symtab - s->ph.p_vaddr;
	*symtab = f->im->data + s->ph.p_offset + off;
	*nsyms = (size_t)((s->ph.p_filesz - off) / ent);
	return 0;
}

/*
 * DT_REL, DT_RELA and DT_JMPREL, in that order. ent is DT_RELENT or
 * DT_RELAENT, and for DT_JMPREL the size of its kind's entries, whether or
 * not that table exists. -ENOEXEC when DT_PLTREL names neither kind.
 */
int elf_dyn_tables_get(const struct elf_dyn_file *f, const struct elf_dyn *dy,
		   struct elf_dyn_table t[3], const char **why)
{
	bool jrela = dy->pltrel == DT_RELA;
	size_t i;

	if (dy->has_jmprel && dy->pltrel != DT_REL && !jrela) {
		*why = "DT_PLTREL is neither DT_REL nor DT_RELA";
		return -ENOEXEC;
	}
	t[0] = (struct elf_dyn_table){ "DT_REL", dy->has_rel, dy->rel, dy->relsz, dy->relent, false };
	t[1] = (struct elf_dyn_table){ "DT_RELA", dy->has_rela, dy->rela, dy->relasz, dy->relaent, true };
	t[2] = (struct elf_dyn_table){ "DT_JMPREL", dy->has_jmprel, dy->jmprel, dy->pltrelsz,
				       elf_image_rel_size(f->im, jrela), jrela };
	/* ld counts DT_JMPREL inside DT_RELSZ when they are adjacent: apply each once */
	for (i = 0; i < 2; i++) {
		if (t[i].has && t[2].has && t[i].rela == t[2].rela &&
		    dy->jmprel >= t[i].vaddr && dy->jmprel - t[i].vaddr < t[i].size &&
		    dy->jmprel - t[i].vaddr + dy->pltrelsz == t[i].size)
			t[i].size = dy->jmprel - t[i].vaddr;
	}
	return 0;
}
