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
 * The formulas are the architecture's (lib/reloc-arch.h), the ELF reading
 * the library's (lib/elf-image.h, lib/elf-dyn.h). This file is the plugin
 * (its options, the checks of the file, the resolution and application of
 * one relocation, the messages); reloc-rel.c places and links an ET_REL,
 * reloc-dyn.c moves an ET_DYN; reloc.h is what they share. Everything is computed in buffers of
 * the plugin's own: the host writes them only once the whole plan is known
 * to be good, so an error leaves the memories untouched.
 *
 * The image is untrusted: every header field, offset, index and size is
 * checked against the file before it is used, in overflow-safe arithmetic.
 */
#include <errno.h>
#include <gelf.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rproc/loader.h>

#include "plugin-util.h"
#include "reloc.h"

static const char *const reloc_options[] = {
	"sections",		/* GLOB=MEMORY ...: the section map (ET_REL) */
	"code",			/* memory of unmapped read-only sections */
	"data",			/* memory of unmapped writable sections */
	"base",			/* MEMORY or ADDRESS an ET_DYN image starts at */
	"entry",		/* symbol of the boot address (ET_REL) */
	"rsc_section",		/* name of the resource table section */
	NULL
};

/* --- checks of the file -------------------------------------------------- */

int reloc_bad(struct reloc_image *im, const char *what)
{
	rproc_load_err(im->load, "not a valid ELF: %s", what);
	return -ENOEXEC;
}

static int reloc_machine_check(struct reloc_image *im)
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
static int reloc_headers_check(struct reloc_image *im)
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

static int reloc_sections_read(struct reloc_image *im)
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
	names = elf_image_strtab_get(&im->elf, im->elf.eh.e_shstrndx, &nsize);
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

/* --- the memories of read-only and writable code ------------------------ */

static int reloc_option_memory_get(struct reloc_image *im, const char *key, int *mem)
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
int reloc_memories_choose(struct reloc_image *im)
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
	err = reloc_option_memory_get(im, "code", &im->code_mem);
	if (!err)
		err = reloc_option_memory_get(im, "data", &im->data_mem);
	if (!err && im->code_mem < 0) {
		rproc_load_err(im->load, "no memory the host can address");
		err = -ENOSPC;
	}
	return err;
}

/* --- symbols ---------------------------------------------------------------- */

/* the ARM convention: the Thumb bit of a function is bit 0 of its value, not of its address */
void reloc_sym_thumb_set(struct reloc_image *im, const GElf_Sym *st, struct reloc_sym *y)
{
	y->func = GELF_ST_TYPE(st->st_info) == STT_FUNC;
	if (im->elf.eh.e_machine == EM_ARM && GELF_ST_TYPE(st->st_info) == STT_FUNC &&
	    (y->value & 1)) {
		y->thumb = true;
		y->value &= ~(uint64_t)1;
	}
}

/* --- applying --------------------------------------------------------------- */

static const char *reloc_type_describe(const struct reloc_image *im, unsigned int type,
				  char *buf, size_t len)
{
	const char *n = reloc_arch_type_name(im->arch, type);

	if (n)
		return n;
	snprintf(buf, len, "%s relocation type %u", im->arch->name, type);
	return buf;
}

/* "0x1234" or "0x1234 (.got+0x8)" for a place of an ET_DYN image */
static void reloc_place_describe(const struct reloc_image *im, const struct reloc_sec *sec,
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

int reloc_fail(struct reloc_image *im, const struct reloc_site *r,
		      const struct reloc_sec *sec, uint64_t off, int err, const char *why)
{
	char tbuf[64], wbuf[128];

	reloc_place_describe(im, sec, off, wbuf, sizeof(wbuf));
	rproc_load_err(im->load, "%s at %s against '%s': %s",
		       reloc_type_describe(im, r->type, tbuf, sizeof(tbuf)), wbuf,
		       r->sym[0] ? r->sym : "(no symbol)", why);
	return err;
}

static int reloc_sorted_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int reloc_sym_resolve(struct reloc_image *im, const GElf_Rela *rel, uint64_t *S)
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
static int reloc_pair_find(const struct reloc_site *r, uint64_t da, uint64_t *value)
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
		if (reloc_sym_resolve(im, &rel, &S) < 0)
			return -ENOENT;
		*value = S + (uint64_t)rel.r_addend - da;
		return 0;
	}
	return -ENOENT;
}

void reloc_site_init(struct reloc_image *im, struct reloc_site *r)
{
	memset(r, 0, sizeof(*r));
	r->rela = im->table.rela;
	r->B = im->bias;
	r->GOT = im->got;
	r->big_endian = im->elf.be;
	r->elf64 = im->elf.is64;
	r->pair = reloc_pair_find;
	r->core = im;
	r->sym = "";
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
	err = reloc_headers_check(im);
	if (!err)
		err = reloc_machine_check(im);
	if (!err)
		err = reloc_sections_read(im);
	if (err < 0)
		return err;
	if (im->elf.eh.e_type == ET_REL)
		return reloc_rel_load(im);
	return reloc_dyn_load(im);
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
	.size = RPROC_LOADER_PLUGIN_SIZE,
};
