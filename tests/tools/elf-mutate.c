/*
 * elf-mutate - write malformed (or specially valid) variants of an ELF file
 *
 *   elf-mutate --list                  one "NAME VERDICT" line per mutation
 *   elf-mutate MUTATION IN OUT         write the variant of IN to OUT
 *
 * VERDICT is "invalid" when a correct loader must refuse the output and
 * "valid" when it must accept it.  Exit status: 0 written, 2 the mutation
 * does not apply to IN (nothing written), 1 error.
 *
 * The loader tests feed every mutation of every test firmware to the
 * loader.  Each mutation breaks one thing, and breaks it at the edge
 * where an off-by-one or an unchecked addition in the loader shows
 * (offsets that start exactly at the end of the file, sums that wrap to a
 * small value a naive "a + b <= size" check accepts).
 *
 * No libelf: fields are read and written through a table of offsets per
 * ELF class, in the file's own byte order, and every offset taken from
 * the file is checked against the file before use.  Adding a mutation is
 * one function plus one line in mutations[].
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../firmware/include/rsc_table.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* the few ELF constants needed; no <elf.h>, it is not everywhere */
#define EI_CLASS	4
#define EI_DATA		5
#define ELFCLASS32	1
#define ELFCLASS64	2
#define ELFDATA2LSB	1
#define ELFDATA2MSB	2
#define PT_LOAD		1
#define SHT_NOBITS	8

#define EXIT_NOT_APPLICABLE	2

/* where a field lives in a 32-bit and in a 64-bit ELF structure */
struct field {
	uint8_t off32, size32;
	uint8_t off64, size64;
};

/* Elf32_Ehdr / Elf64_Ehdr */
static const struct field E_PHOFF	= { 28, 4, 32, 8 };
static const struct field E_SHOFF	= { 32, 4, 40, 8 };
static const struct field E_PHENTSIZE	= { 42, 2, 54, 2 };
static const struct field E_PHNUM	= { 44, 2, 56, 2 };
static const struct field E_SHENTSIZE	= { 46, 2, 58, 2 };
static const struct field E_SHNUM	= { 48, 2, 60, 2 };
static const struct field E_SHSTRNDX	= { 50, 2, 62, 2 };

/* Elf32_Phdr / Elf64_Phdr */
static const struct field P_TYPE	= { 0, 4, 0, 4 };
static const struct field P_OFFSET	= { 4, 4, 8, 8 };
static const struct field P_VADDR	= { 8, 4, 16, 8 };
static const struct field P_PADDR	= { 12, 4, 24, 8 };
static const struct field P_FILESZ	= { 16, 4, 32, 8 };
static const struct field P_MEMSZ	= { 20, 4, 40, 8 };

/* Elf32_Shdr / Elf64_Shdr */
static const struct field SH_NAME	= { 0, 4, 0, 4 };
static const struct field SH_TYPE	= { 4, 4, 4, 4 };
static const struct field SH_ADDR	= { 12, 4, 16, 8 };
static const struct field SH_OFFSET	= { 16, 4, 24, 8 };
static const struct field SH_SIZE	= { 20, 4, 32, 8 };

/* natural sizes: Ehdr, Phdr, Shdr */
#define EHDR_SIZE(e)	((e)->is64 ? 64u : 52u)
#define PHDR_SIZE(e)	((e)->is64 ? 56u : 32u)
#define SHDR_SIZE(e)	((e)->is64 ? 64u : 40u)

struct elf {
	uint8_t *buf;
	size_t len;		/* bytes read from the input */
	size_t out_len;		/* bytes to write; truncations lower it */
	bool is64;
	bool big_endian;
	uint64_t phoff;
	uint64_t shoff;
	unsigned int phnum;	/* 0 if absent */
	unsigned int shnum;	/* 0 if absent */
	unsigned int shstrndx;
};

/* largest value of an address or offset field of this class */
static uint64_t word_max(const struct elf *e)
{
	return e->is64 ? UINT64_MAX : UINT32_MAX;
}

/*
 * All reads and writes of the buffer go through these two, so a mistake
 * in a mutation ends the program with a message instead of touching
 * memory outside the file.
 */
static void check_access(const struct elf *e, uint64_t off, unsigned int n)
{
	if (off > e->len || n > e->len - off) {
		fprintf(stderr, "elf-mutate: internal error: access at %#"
			PRIx64 "+%u outside the %zu-byte file\n",
			off, n, e->len);
		exit(EXIT_FAILURE);
	}
}

static uint64_t rd(const struct elf *e, uint64_t off, unsigned int n)
{
	uint64_t v = 0;
	unsigned int i;

	check_access(e, off, n);
	for (i = 0; i < n; i++) {
		unsigned int k = e->big_endian ? i : n - 1 - i;

		v = (v << 8) | e->buf[off + k];
	}
	return v;
}

static void wr(struct elf *e, uint64_t off, unsigned int n, uint64_t v)
{
	unsigned int i;

	check_access(e, off, n);
	for (i = 0; i < n; i++) {
		unsigned int k = e->big_endian ? n - 1 - i : i;

		e->buf[off + k] = v & 0xff;
		v >>= 8;
	}
}

static uint64_t get(const struct elf *e, uint64_t base, const struct field *f)
{
	if (e->is64)
		return rd(e, base + f->off64, f->size64);
	return rd(e, base + f->off32, f->size32);
}

static void set(struct elf *e, uint64_t base, const struct field *f,
		uint64_t v)
{
	if (e->is64)
		wr(e, base + f->off64, f->size64, v);
	else
		wr(e, base + f->off32, f->size32, v);
}

/* does [off, off + size) lie inside the input file? (no wrap-around) */
static bool in_file(const struct elf *e, uint64_t off, uint64_t size)
{
	return off <= e->len && size <= e->len - off;
}

static uint64_t phdr(const struct elf *e, unsigned int i)
{
	return e->phoff + (uint64_t)i * PHDR_SIZE(e);
}

static uint64_t shdr(const struct elf *e, unsigned int i)
{
	return e->shoff + (uint64_t)i * SHDR_SIZE(e);
}

/* ---- parsing the input -------------------------------------------------- */

static int parse_ident(struct elf *e)
{
	static const uint8_t magic[4] = { 0x7f, 'E', 'L', 'F' };

	if (e->len < 16 || memcmp(e->buf, magic, sizeof(magic)))
		return -EINVAL;
	switch (e->buf[EI_CLASS]) {
	case ELFCLASS32: e->is64 = false; break;
	case ELFCLASS64: e->is64 = true; break;
	default: return -EINVAL;
	}
	switch (e->buf[EI_DATA]) {
	case ELFDATA2LSB: e->big_endian = false; break;
	case ELFDATA2MSB: e->big_endian = true; break;
	default: return -EINVAL;
	}
	return e->len < EHDR_SIZE(e) ? -EINVAL : 0;
}

/*
 * The input must be well formed as far as the mutations look: tables of
 * the natural entry size and inside the file.  Extended numbering
 * (e_shnum == 0 with e_shoff != 0) counts as "no section headers".
 */
static int parse_tables(struct elf *e)
{
	e->phoff = get(e, 0, &E_PHOFF);
	e->phnum = (unsigned int)get(e, 0, &E_PHNUM);
	if (e->phnum) {
		if (get(e, 0, &E_PHENTSIZE) != PHDR_SIZE(e) ||
		    !in_file(e, e->phoff, (uint64_t)e->phnum * PHDR_SIZE(e)))
			return -EINVAL;
	}

	e->shoff = get(e, 0, &E_SHOFF);
	e->shnum = e->shoff ? (unsigned int)get(e, 0, &E_SHNUM) : 0;
	e->shstrndx = (unsigned int)get(e, 0, &E_SHSTRNDX);
	if (e->shnum) {
		if (get(e, 0, &E_SHENTSIZE) != SHDR_SIZE(e) ||
		    !in_file(e, e->shoff, (uint64_t)e->shnum * SHDR_SIZE(e)))
			return -EINVAL;
	}
	return 0;
}

static int elf_parse(struct elf *e)
{
	int err;

	err = parse_ident(e);
	if (err)
		return err;
	return parse_tables(e);
}

/* ---- lookups ------------------------------------------------------------ */

/* file offset of the section-name string table's header, or 0 */
static uint64_t shstrtab(const struct elf *e)
{
	uint64_t sh;

	if (!e->shnum || e->shstrndx == 0 || e->shstrndx >= e->shnum)
		return 0;
	sh = shdr(e, e->shstrndx);
	if (!in_file(e, get(e, sh, &SH_OFFSET), get(e, sh, &SH_SIZE)))
		return 0;
	return sh;
}

/* name of section @i, or NULL if it is not a string inside the table */
static const char *section_name(const struct elf *e, unsigned int i)
{
	uint64_t sh = shstrtab(e);
	uint64_t name, off, size;

	if (!sh)
		return NULL;
	off = get(e, sh, &SH_OFFSET);
	size = get(e, sh, &SH_SIZE);
	name = get(e, shdr(e, i), &SH_NAME);
	if (name >= size || !memchr(e->buf + off + name, 0, size - name))
		return NULL;
	return (const char *)e->buf + off + name;
}

/* index of the section called @name, or -ENOENT */
static int find_section(const struct elf *e, const char *name)
{
	unsigned int i;

	for (i = 1; i < e->shnum; i++) {
		const char *s = section_name(e, i);

		if (s && !strcmp(s, name))
			return (int)i;
	}
	return -ENOENT;
}

/*
 * File offset of the header of the @nth (from 0) PT_LOAD with at least
 * @min_filesz file bytes and @min_memsz memory bytes, or 0 if none.
 */
static uint64_t find_load(const struct elf *e, unsigned int nth,
			  uint64_t min_filesz, uint64_t min_memsz)
{
	unsigned int i;

	for (i = 0; i < e->phnum; i++) {
		uint64_t ph = phdr(e, i);

		if (get(e, ph, &P_TYPE) != PT_LOAD ||
		    get(e, ph, &P_FILESZ) < min_filesz ||
		    get(e, ph, &P_MEMSZ) < min_memsz)
			continue;
		if (nth-- == 0)
			return ph;
	}
	return 0;
}

/* the PT_LOAD whose file bytes end last in the file, or 0 */
static uint64_t find_last_load(const struct elf *e)
{
	uint64_t ph, last = 0, last_end = 0;
	unsigned int n;

	for (n = 0; (ph = find_load(e, n, 1, 0)); n++) {
		uint64_t end = get(e, ph, &P_OFFSET) + get(e, ph, &P_FILESZ);

		if (end > last_end) {
			last = ph;
			last_end = end;
		}
	}
	return last;
}

/* the .resource_table section, as far as the mutations need it */
struct rsc {
	uint64_t sh;		/* file offset of its section header */
	uint64_t off;		/* file offset of the table */
	uint64_t size;		/* sh_size */
	uint32_t num;
};

static int rsc_find(const struct elf *e, struct rsc *r)
{
	int i = find_section(e, ".resource_table");

	if (i < 0)
		return i;
	r->sh = shdr(e, (unsigned int)i);
	r->off = get(e, r->sh, &SH_OFFSET);
	r->size = get(e, r->sh, &SH_SIZE);
	if (get(e, r->sh, &SH_TYPE) == SHT_NOBITS ||
	    !in_file(e, r->off, r->size) || r->size < RSC_TABLE_HDR_SIZE)
		return -ENOENT;
	r->num = (uint32_t)rd(e, r->off + 4, 4);
	return 0;
}

/* file offset of offset[@i] in the table, or 0 if it is not in the table */
static uint64_t rsc_offset_slot(const struct rsc *r, uint32_t i)
{
	uint64_t slot = RSC_TABLE_HDR_SIZE + 4 * (uint64_t)i;

	if (i >= r->num || slot + 4 > r->size)
		return 0;
	return r->off + slot;
}

/* table offset of the first entry of @type, or -ENOENT */
static int64_t rsc_find_entry(const struct elf *e, const struct rsc *r,
			      uint32_t type)
{
	uint32_t i;

	for (i = 0; i < r->num; i++) {
		uint64_t slot = rsc_offset_slot(r, i);
		uint64_t ent;

		if (!slot)
			break;
		ent = rd(e, slot, 4);
		if (ent > r->size || r->size - ent < FW_RSC_HDR_SIZE)
			continue;
		if (rd(e, r->off + ent, 4) == type)
			return (int64_t)ent;
	}
	return -ENOENT;
}

/* ---- mutations: file layout --------------------------------------------- */

static int mut_identity(struct elf *e)
{
	(void)e;
	return 0;
}

static int mut_trunc_ehdr(struct elf *e)
{
	e->out_len = EHDR_SIZE(e) / 2;
	return 0;
}

static int mut_trunc_phdrs(struct elf *e)
{
	if (!e->phnum)
		return -ENOENT;
	e->out_len = e->phoff + (uint64_t)e->phnum * PHDR_SIZE(e) / 2;
	return 0;
}

/*
 * Cut the file in the middle of the bytes of the PT_LOAD that ends last
 * in the file, so no other segment is damaged.  The section headers
 * usually sit behind it; drop them too, so that the short segment is the
 * only fault and the loader must find it by itself.
 */
static int mut_trunc_segment(struct elf *e)
{
	uint64_t ph = find_last_load(e);
	uint64_t off, filesz, cut;

	if (!ph)
		return -ENOENT;
	off = get(e, ph, &P_OFFSET);
	filesz = get(e, ph, &P_FILESZ);
	if (!in_file(e, off, filesz))
		return -ENOENT;
	cut = off + filesz / 2;
	if (e->phoff + (uint64_t)e->phnum * PHDR_SIZE(e) > cut)
		return -ENOENT;
	if (e->shnum && e->shoff + (uint64_t)e->shnum * SHDR_SIZE(e) > cut) {
		set(e, 0, &E_SHOFF, 0);
		set(e, 0, &E_SHNUM, 0);
		set(e, 0, &E_SHSTRNDX, 0);
	}
	e->out_len = cut;
	return 0;
}

/* ---- mutations: ELF identification -------------------------------------- */

static int mut_bad_magic(struct elf *e)
{
	e->buf[1] = 'e';
	return 0;
}

static int mut_bad_class(struct elf *e)
{
	e->buf[EI_CLASS] = 3;
	return 0;
}

static int mut_bad_data(struct elf *e)
{
	e->buf[EI_DATA] = 0;
	return 0;
}

/* ---- mutations: program header table ------------------------------------ */

static int mut_phoff_overflow(struct elf *e)
{
	if (!e->phnum)
		return -ENOENT;
	set(e, 0, &E_PHOFF, e->len);
	return 0;
}

/* e_phoff + table size wraps to half the table size: "fits" naively */
static int mut_phoff_wrap(struct elf *e)
{
	uint64_t table = (uint64_t)e->phnum * PHDR_SIZE(e);

	if (!e->phnum)
		return -ENOENT;
	set(e, 0, &E_PHOFF, word_max(e) - table / 2 + 1);
	return 0;
}

static int mut_phnum_zero(struct elf *e)
{
	if (!e->phnum)
		return -ENOENT;
	set(e, 0, &E_PHNUM, 0);
	return 0;
}

/* 0xffff is also PN_XNUM; sh_info of section 0 is 0 here, so no escape */
static int mut_phnum_huge(struct elf *e)
{
	set(e, 0, &E_PHNUM, 0xffff);
	return 0;
}

static int mut_phentsize_bad(struct elf *e)
{
	if (!e->phnum)
		return -ENOENT;
	set(e, 0, &E_PHENTSIZE, PHDR_SIZE(e) - 1);
	return 0;
}

static int mut_phentsize_zero(struct elf *e)
{
	if (!e->phnum)
		return -ENOENT;
	set(e, 0, &E_PHENTSIZE, 0);
	return 0;
}

/* ---- mutations: section header table ------------------------------------ */

static int mut_no_shdrs(struct elf *e)
{
	if (!e->shnum)
		return -ENOENT;
	set(e, 0, &E_SHOFF, 0);
	set(e, 0, &E_SHNUM, 0);
	set(e, 0, &E_SHSTRNDX, 0);
	return 0;
}

static int mut_shoff_overflow(struct elf *e)
{
	if (!e->shnum)
		return -ENOENT;
	set(e, 0, &E_SHOFF, e->len);
	return 0;
}

static int mut_shnum_huge(struct elf *e)
{
	if (!e->shnum)
		return -ENOENT;
	set(e, 0, &E_SHNUM, 0xffff);
	return 0;
}

static int mut_shentsize_bad(struct elf *e)
{
	if (!e->shnum)
		return -ENOENT;
	set(e, 0, &E_SHENTSIZE, SHDR_SIZE(e) - 1);
	return 0;
}

static int mut_shstrndx_bad(struct elf *e)
{
	if (!e->shnum)
		return -ENOENT;
	set(e, 0, &E_SHSTRNDX, e->shnum);
	return 0;
}

static int mut_shstr_offset_bad(struct elf *e)
{
	uint64_t sh = shstrtab(e);

	if (!sh)
		return -ENOENT;
	set(e, sh, &SH_OFFSET, e->len);
	return 0;
}

/*
 * sh_name of .resource_table (of section 1 if there is none) set to the
 * size of the string table: the first offset that is not inside it.
 */
static int mut_shname_bad(struct elf *e)
{
	uint64_t sh = shstrtab(e);
	int i;

	if (!sh || e->shnum < 2)
		return -ENOENT;
	i = find_section(e, ".resource_table");
	if (i < 0)
		i = 1;
	set(e, shdr(e, (unsigned int)i), &SH_NAME, get(e, sh, &SH_SIZE));
	return 0;
}

/* ---- mutations: segments ------------------------------------------------ */

static int mut_seg_offset_overflow(struct elf *e)
{
	uint64_t ph = find_load(e, 0, 1, 0);

	if (!ph)
		return -ENOENT;
	set(e, ph, &P_OFFSET, e->len);
	return 0;
}

/* p_offset + p_filesz wraps to about half of p_filesz: "fits" naively */
static int mut_seg_offset_wrap(struct elf *e)
{
	uint64_t ph = find_load(e, 0, 1, 0);
	uint64_t filesz;

	if (!ph)
		return -ENOENT;
	filesz = get(e, ph, &P_FILESZ);
	set(e, ph, &P_OFFSET, word_max(e) - (filesz + 1) / 2 + 1);
	return 0;
}

static int mut_seg_filesz_gt_memsz(struct elf *e)
{
	uint64_t ph = find_load(e, 0, 1, 0);

	if (!ph)
		return -ENOENT;
	set(e, ph, &P_MEMSZ, get(e, ph, &P_FILESZ) - 1);
	return 0;
}

/*
 * The second PT_LOAD is moved onto the first one's start, by both p_paddr
 * and p_vaddr.  Starting at the same address keeps p_vaddr congruent to
 * p_offset modulo p_align when both were aligned alike, so the overlap
 * is the only fault.
 */
static int mut_seg_overlap(struct elf *e)
{
	uint64_t a = find_load(e, 0, 0, 1);
	uint64_t b = find_load(e, 1, 0, 1);

	if (!a || !b)
		return -ENOENT;
	set(e, b, &P_PADDR, get(e, a, &P_PADDR));
	set(e, b, &P_VADDR, get(e, a, &P_VADDR));
	return 0;
}

/* 0x70000000 is outside the memories of every test firmware */
#define OUTSIDE_ADDR	0x70000000u

/* moves the last PT_LOAD with file bytes: no loader can skip it as empty */
static int mut_seg_outside(struct elf *e)
{
	uint64_t ph = 0, p;
	unsigned int n;

	for (n = 0; (p = find_load(e, n, 1, 1)); n++)
		ph = p;
	if (!ph)
		return -ENOENT;
	set(e, ph, &P_PADDR, OUTSIDE_ADDR);
	set(e, ph, &P_VADDR, OUTSIDE_ADDR);
	return 0;
}

/* p_paddr + p_memsz (and p_vaddr + p_memsz) wraps to about memsz / 2 */
static int mut_seg_addr_wrap(struct elf *e)
{
	uint64_t ph = find_load(e, 0, 0, 1);
	uint64_t addr;

	if (!ph)
		return -ENOENT;
	addr = word_max(e) - (get(e, ph, &P_MEMSZ) + 1) / 2 + 1;
	set(e, ph, &P_PADDR, addr);
	set(e, ph, &P_VADDR, addr);
	return 0;
}

/* ---- mutations: resource table ------------------------------------------ */

static int mut_rsc_version_bad(struct elf *e)
{
	struct rsc r;

	if (rsc_find(e, &r))
		return -ENOENT;
	wr(e, r.off, 4, 2);
	return 0;
}

/* reserved[1]: a loader that checks only reserved[0] lets this through */
static int mut_rsc_reserved_nonzero(struct elf *e)
{
	struct rsc r;

	if (rsc_find(e, &r))
		return -ENOENT;
	wr(e, r.off + 12, 4, 1);
	return 0;
}

/* an empty table is a valid table */
static int mut_rsc_empty(struct elf *e)
{
	struct rsc r;

	if (rsc_find(e, &r) || !r.num)
		return -ENOENT;
	wr(e, r.off + 4, 4, 0);
	return 0;
}

/* one offset more than the section holds */
static int mut_rsc_num_huge(struct elf *e)
{
	struct rsc r;

	if (rsc_find(e, &r))
		return -ENOENT;
	wr(e, r.off + 4, 4, (r.size - RSC_TABLE_HDR_SIZE) / 4 + 1);
	return 0;
}

/* offset[0] = sh_size: the first byte after the table */
static int mut_rsc_offset_lie(struct elf *e)
{
	struct rsc r;
	uint64_t slot;

	if (rsc_find(e, &r) || !(slot = rsc_offset_slot(&r, 0)))
		return -ENOENT;
	wr(e, slot, 4, r.size);
	return 0;
}

/* offset[0] such that the 4-byte fw_rsc_hdr has 2 bytes in, 2 out */
static int mut_rsc_offset_hdr_straddle(struct elf *e)
{
	struct rsc r;
	uint64_t slot;

	if (rsc_find(e, &r) || !(slot = rsc_offset_slot(&r, 0)))
		return -ENOENT;
	wr(e, slot, 4, r.size - FW_RSC_HDR_SIZE / 2);
	return 0;
}

/*
 * sh_size grown to end one byte past the end of the file; the table's
 * contents stay valid, so only the bounds check can refuse it.
 */
static int mut_rsc_section_outside_file(struct elf *e)
{
	struct rsc r;

	if (rsc_find(e, &r))
		return -ENOENT;
	set(e, r.sh, &SH_SIZE, e->len - r.off + 1);
	return 0;
}

static int mut_rsc_section_tiny(struct elf *e)
{
	struct rsc r;

	if (rsc_find(e, &r))
		return -ENOENT;
	set(e, r.sh, &SH_SIZE, RSC_TABLE_HDR_SIZE - 1);
	return 0;
}

/* sh_size ends one byte before the end of the first RSC_TRACE body */
static int mut_rsc_trace_short(struct elf *e)
{
	struct rsc r;
	int64_t ent;

	if (rsc_find(e, &r))
		return -ENOENT;
	ent = rsc_find_entry(e, &r, RSC_TRACE);
	if (ent < 0)
		return -ENOENT;
	set(e, r.sh, &SH_SIZE,
	    (uint64_t)ent + FW_RSC_HDR_SIZE + FW_RSC_TRACE_SIZE - 1);
	return 0;
}

/*
 * sh_addr (the run address the kernel reads the table at) moved to
 * 0x70000000, outside every memory; the bytes and segments stay as they are
 */
static int mut_rsc_run_outside(struct elf *e)
{
	struct rsc r;

	if (rsc_find(e, &r))
		return -ENOENT;
	set(e, r.sh, &SH_ADDR, OUTSIDE_ADDR);
	return 0;
}

/*
 * sh_addr moved into the zero-fill of a PT_LOAD (a .bss), 8-aligned after its
 * file bytes: valid, the table's bytes must win there over the zeroes
 */
static int mut_rsc_run_in_bss(struct elf *e)
{
	struct rsc r;
	uint64_t ph, at, end;
	unsigned int n;

	if (rsc_find(e, &r))
		return -ENOENT;
	for (n = 0; (ph = find_load(e, n, 0, 1)); n++) {
		at = (get(e, ph, &P_PADDR) + get(e, ph, &P_FILESZ) + 7) & ~7ull;
		end = get(e, ph, &P_PADDR) + get(e, ph, &P_MEMSZ);
		if (get(e, ph, &P_PADDR) == get(e, ph, &P_VADDR) && at + r.size <= end) {
			set(e, r.sh, &SH_ADDR, at);
			return 0;
		}
	}
	return -ENOENT;
}

/* ---- the table ---------------------------------------------------------- */

struct mutation {
	const char *name;
	bool valid;		/* a correct loader accepts the output */
	int (*apply)(struct elf *e);	/* 0, or -ENOENT: does not apply */
	const char *help;
};

#define INVALID(n, f, h)	{ n, false, f, h }
#define VALID(n, f, h)		{ n, true, f, h }

static const struct mutation mutations[] = {
	VALID("identity", mut_identity, "unchanged copy"),
	INVALID("trunc-ehdr", mut_trunc_ehdr,
		"file cut in the middle of the ELF header"),
	INVALID("trunc-phdrs", mut_trunc_phdrs,
		"file cut in the middle of the program header table"),
	INVALID("trunc-segment", mut_trunc_segment,
		"file cut in the middle of the last PT_LOAD's bytes"),
	INVALID("bad-magic", mut_bad_magic, "e_ident magic broken"),
	INVALID("bad-class", mut_bad_class, "EI_CLASS neither 32 nor 64"),
	INVALID("bad-data", mut_bad_data, "EI_DATA neither LSB nor MSB"),
	INVALID("phoff-overflow", mut_phoff_overflow,
		"e_phoff at the end of the file"),
	INVALID("phoff-wrap", mut_phoff_wrap,
		"e_phoff + e_phnum * e_phentsize wraps around"),
	INVALID("phnum-zero", mut_phnum_zero, "no program headers at all"),
	INVALID("phnum-huge", mut_phnum_huge, "e_phnum = 0xffff"),
	INVALID("phentsize-bad", mut_phentsize_bad,
		"e_phentsize one less than the structure"),
	INVALID("phentsize-zero", mut_phentsize_zero, "e_phentsize = 0"),
	VALID("no-shdrs", mut_no_shdrs,
	      "no section headers: loads, without a resource table"),
	INVALID("shoff-overflow", mut_shoff_overflow,
		"e_shoff at the end of the file"),
	INVALID("shnum-huge", mut_shnum_huge, "e_shnum = 0xffff"),
	INVALID("shentsize-bad", mut_shentsize_bad,
		"e_shentsize one less than the structure"),
	INVALID("shstrndx-bad", mut_shstrndx_bad, "e_shstrndx = e_shnum"),
	INVALID("shstr-offset-bad", mut_shstr_offset_bad,
		"section-name string table starts at the end of the file"),
	INVALID("shname-bad", mut_shname_bad,
		"a section's sh_name just past the string table"),
	INVALID("seg-offset-overflow", mut_seg_offset_overflow,
		"a PT_LOAD's p_offset at the end of the file"),
	INVALID("seg-offset-wrap", mut_seg_offset_wrap,
		"a PT_LOAD's p_offset + p_filesz wraps around"),
	INVALID("seg-filesz-gt-memsz", mut_seg_filesz_gt_memsz,
		"a PT_LOAD with p_filesz = p_memsz + 1"),
	INVALID("seg-overlap", mut_seg_overlap,
		"second PT_LOAD moved onto the first (paddr and vaddr)"),
	INVALID("seg-outside", mut_seg_outside,
		"a PT_LOAD moved to 0x70000000, outside every memory"),
	INVALID("seg-addr-wrap", mut_seg_addr_wrap,
		"a PT_LOAD's p_paddr + p_memsz wraps around"),
	INVALID("rsc-version-bad", mut_rsc_version_bad,
		"resource table version 2"),
	INVALID("rsc-reserved-nonzero", mut_rsc_reserved_nonzero,
		"resource table reserved[1] = 1"),
	VALID("rsc-empty", mut_rsc_empty, "resource table with num = 0"),
	INVALID("rsc-num-huge", mut_rsc_num_huge,
		"num one more than the section has room for"),
	INVALID("rsc-offset-lie", mut_rsc_offset_lie,
		"offset[0] = section size"),
	INVALID("rsc-offset-hdr-straddle", mut_rsc_offset_hdr_straddle,
		"offset[0] leaves half of the entry header outside"),
	INVALID("rsc-section-outside-file", mut_rsc_section_outside_file,
		"resource table section ends past the end of the file"),
	INVALID("rsc-section-tiny", mut_rsc_section_tiny,
		"resource table section smaller than the table header"),
	INVALID("rsc-trace-short", mut_rsc_trace_short,
		"resource table section ends inside the trace entry"),
	VALID("rsc-run-in-bss", mut_rsc_run_in_bss,
	      "resource table section's run address (sh_addr) in a PT_LOAD's zero-fill"),
	INVALID("rsc-run-outside", mut_rsc_run_outside,
		"resource table section's run address (sh_addr) at 0x70000000, outside every memory"),
};

static const struct mutation *mutation_find(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(mutations); i++)
		if (!strcmp(mutations[i].name, name))
			return &mutations[i];
	return NULL;
}

/* ---- files -------------------------------------------------------------- */

static int read_file(const char *path, struct elf *e)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 0;
	int err = 0;

	if (!f)
		return -errno;
	e->buf = NULL;
	e->len = 0;
	for (;;) {
		if (e->len == cap) {
			uint8_t *p;

			cap = cap ? cap * 2 : 65536;
			p = realloc(e->buf, cap);
			if (!p) {
				err = -ENOMEM;
				break;
			}
			e->buf = p;
		}
		e->len += fread(e->buf + e->len, 1, cap - e->len, f);
		if (e->len < cap) {
			if (ferror(f))
				err = -EIO;
			break;
		}
	}
	fclose(f);
	e->out_len = e->len;
	return err;
}

static int write_file(const char *path, const struct elf *e)
{
	FILE *f = fopen(path, "wb");
	int err = 0;

	if (!f)
		return -errno;
	if (fwrite(e->buf, 1, e->out_len, f) != e->out_len)
		err = -EIO;
	if (fclose(f) && !err)
		err = -errno;
	return err;
}

/* ---- main --------------------------------------------------------------- */

static void list(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(mutations); i++)
		printf("%s %s\n", mutations[i].name,
		       mutations[i].valid ? "valid" : "invalid");
}

static void usage(FILE *out)
{
	size_t i;

	fprintf(out,
		"usage: elf-mutate --list\n"
		"       elf-mutate MUTATION IN OUT\n"
		"\n"
		"Writes a variant of the ELF file IN to OUT.\n"
		"Exit status: 0 written, 2 MUTATION does not apply to IN,\n"
		"1 error.\n"
		"\n"
		"mutations (verdict: what a correct loader does with OUT):\n");
	for (i = 0; i < ARRAY_SIZE(mutations); i++)
		fprintf(out, "  %-26s %-8s %s\n", mutations[i].name,
			mutations[i].valid ? "accept" : "refuse",
			mutations[i].help);
}

/* returns 0 when OUT was written, 1 when @m does not apply, -errno */
static int mutate(const struct mutation *m, const char *in, const char *out)
{
	struct elf e = { 0 };
	int err;

	err = read_file(in, &e);
	if (err) {
		fprintf(stderr, "elf-mutate: %s: %s\n", in, strerror(-err));
		goto out_free;
	}
	err = elf_parse(&e);
	if (err) {
		fprintf(stderr, "elf-mutate: %s: not a well-formed ELF file\n",
			in);
		goto out_free;
	}
	if (m->apply(&e)) {
		fprintf(stderr, "elf-mutate: %s: %s does not apply\n", in,
			m->name);
		err = 1;
		goto out_free;
	}
	if (e.out_len > e.len) {
		fprintf(stderr, "elf-mutate: internal error: %s grows the file\n",
			m->name);
		err = -EINVAL;
		goto out_free;
	}
	err = write_file(out, &e);
	if (err)
		fprintf(stderr, "elf-mutate: %s: %s\n", out, strerror(-err));
out_free:
	free(e.buf);
	return err;
}

int main(int argc, char **argv)
{
	const struct mutation *m;
	int err;

	if (argc == 2 && !strcmp(argv[1], "--list")) {
		list();
		return EXIT_SUCCESS;
	}
	if (argc == 2 && !strcmp(argv[1], "--help")) {
		usage(stdout);
		return EXIT_SUCCESS;
	}
	if (argc != 4) {
		usage(stderr);
		return EXIT_FAILURE;
	}
	m = mutation_find(argv[1]);
	if (!m) {
		fprintf(stderr,
			"elf-mutate: unknown mutation '%s' (see --list)\n",
			argv[1]);
		return EXIT_FAILURE;
	}
	err = mutate(m, argv[2], argv[3]);
	if (err == 1)
		return EXIT_NOT_APPLICABLE;
	return err ? EXIT_FAILURE : EXIT_SUCCESS;
}
