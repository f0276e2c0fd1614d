// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * reloc-oracle - GNU ld as the oracle of the reloc plugin's architecture
 * back ends (loaders/lib/reloc-riscv.c, reloc-aarch64.c), without the core.
 *
 *   reloc-oracle [-v] [--at SECTION=ADDR]... [--sym NAME=ADDR]... OBJ [LINKED]
 *	OBJ is a relocatable object. Each of its sections goes where LINKED
 *	(the same object linked by ld) put the section of the same name, or
 *	where --at says; undefined symbols take LINKED's value or --sym's.
 *	Every relocation is applied by the back end to a copy of the object's
 *	bytes, which must then be LINKED's bytes. Prints one line per type
 *	applied ("R_RISCV_HI20 2") for the caller to check coverage.
 *   reloc-oracle --dyn BIAS IMG0 IMGB
 *	IMG0 and IMGB are the same shared object linked at 0 and at BIAS. The
 *	dynamic relocations of IMG0 applied with bias BIAS and those of IMGB
 *	with bias 0 must give the same memory.
 *
 * Exit: 0 identical, 1 different, 2 a relocation refused (its reason on
 * stderr), 3 a usage or file error.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <inttypes.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reloc-arch.h"

#define MAX_AT 32

struct obj {
	Elf *elf;
	int fd;
	bool be;
	const struct reloc_arch *arch;
	size_t nsec;
	uint64_t *addr;		/* per section: device address, UINT64_MAX unplaced */
	uint8_t **buf;		/* per section: the bytes being relocated */
	GElf_Shdr *sh;
};

struct opts {
	const char *at_name[MAX_AT], *sym_name[MAX_AT];
	uint64_t at_addr[MAX_AT], sym_addr[MAX_AT];
	int nat, nsym;
	bool verbose;
};

/* the relocation table being applied, for pair() */
struct table {
	struct obj *o;
	Elf_Data *data;
	size_t n, target;
	uint64_t bias;		/* ET_DYN: places are bias + r_offset */
	struct obj *syms;	/* symbols from here (ET_REL: o) */
	struct obj *linked;
	const struct opts *op;
	size_t symtab;
};

static unsigned int counts[2048];

static int die(const char *what)
{
	fprintf(stderr, "reloc-oracle: %s: %s\n", what, elf_errmsg(-1));
	exit(3);
}

static const struct reloc_arch *arch_of(uint16_t machine)
{
	switch (machine) {
	case EM_RISCV:
		return &reloc_arch_riscv;
	case EM_AARCH64:
		return &reloc_arch_aarch64;
	default:
		return NULL;
	}
}

static void obj_open(struct obj *o, const char *path)
{
	GElf_Ehdr eh;
	size_t i;

	o->fd = open(path, O_RDONLY);
	if (o->fd < 0) {
		perror(path);
		exit(3);
	}
	o->elf = elf_begin(o->fd, ELF_C_READ, NULL);
	if (!o->elf || !gelf_getehdr(o->elf, &eh) || elf_getshdrnum(o->elf, &o->nsec) < 0)
		die(path);
	o->be = eh.e_ident[EI_DATA] == ELFDATA2MSB;
	o->arch = arch_of(eh.e_machine);
	if (!o->arch) {
		fprintf(stderr, "reloc-oracle: %s: machine %u has no back end here\n", path,
			eh.e_machine);
		exit(3);
	}
	o->addr = calloc(o->nsec, sizeof(*o->addr));
	o->buf = calloc(o->nsec, sizeof(*o->buf));
	o->sh = calloc(o->nsec, sizeof(*o->sh));
	for (i = 0; i < o->nsec; i++) {
		Elf_Scn *scn = elf_getscn(o->elf, i);

		o->addr[i] = UINT64_MAX;
		if (!gelf_getshdr(scn, &o->sh[i]))
			die("section header");
	}
}

static const char *sec_name(struct obj *o, size_t i)
{
	size_t shstrndx;

	if (elf_getshdrstrndx(o->elf, &shstrndx) < 0)
		die("shstrndx");
	return elf_strptr(o->elf, shstrndx, o->sh[i].sh_name);
}

static size_t sec_by_name(struct obj *o, const char *name)
{
	size_t i;

	for (i = 1; i < o->nsec; i++)
		if (strcmp(sec_name(o, i), name) == 0)
			return i;
	return 0;
}

static Elf_Data *sec_data(struct obj *o, size_t i)
{
	Elf_Data *d = elf_rawdata(elf_getscn(o->elf, i), NULL);

	if (!d)
		die("section data");
	return d;
}

/* section i as structures (symbols, relocations), in the host's order */
static Elf_Data *sec_table(struct obj *o, size_t i)
{
	Elf_Data *d = elf_getdata(elf_getscn(o->elf, i), NULL);

	if (!d)
		die("section table");
	return d;
}

/* a copy of section i's bytes, zeros for NOBITS */
static uint8_t *sec_copy(struct obj *o, size_t i)
{
	uint8_t *b = calloc(1, o->sh[i].sh_size + 16);

	if (o->sh[i].sh_type != SHT_NOBITS && o->sh[i].sh_size)
		memcpy(b, sec_data(o, i)->d_buf, o->sh[i].sh_size);
	return b;
}

static size_t symtab_of(struct obj *o, uint32_t type)
{
	size_t i;

	for (i = 1; i < o->nsec; i++)
		if (o->sh[i].sh_type == type)
			return i;
	return 0;
}

static bool sym_get(struct obj *o, size_t symtab, size_t idx, GElf_Sym *s, const char **name)
{
	if (!symtab || !gelf_getsym(sec_table(o, symtab), (int)idx, s))
		return false;
	*name = elf_strptr(o->elf, o->sh[symtab].sh_link, s->st_name);
	return true;
}

/* a global of the linked image by name */
static bool linked_sym(struct obj *l, const char *name, uint64_t *v)
{
	size_t st = l ? symtab_of(l, SHT_SYMTAB) : 0;
	size_t i, n = st ? l->sh[st].sh_size / l->sh[st].sh_entsize : 0;

	for (i = 1; i < n; i++) {
		GElf_Sym s;
		const char *nm;

		if (sym_get(l, st, i, &s, &nm) && s.st_shndx != SHN_UNDEF &&
		    GELF_ST_BIND(s.st_info) != STB_LOCAL && strcmp(nm, name) == 0) {
			*v = s.st_value;
			return true;
		}
	}
	return false;
}

/* S of symbol idx, as the core would resolve it */
static void resolve(struct table *t, size_t idx, struct reloc_site *r)
{
	struct obj *o = t->syms;
	GElf_Sym s;
	const char *name = "";
	int k;

	r->S = 0;
	r->sym_defined = false;
	r->sym = "";
	if (idx == 0 || !sym_get(o, t->symtab, idx, &s, &name))
		return;
	r->sym = name;
	if (s.st_shndx == SHN_ABS) {
		r->S = s.st_value;
		r->sym_defined = true;
	} else if (s.st_shndx != SHN_UNDEF && s.st_shndx < o->nsec) {
		if (o->sh[t->symtab].sh_type == SHT_DYNSYM) {
			r->S = t->bias + s.st_value;	/* ET_DYN: st_value is an address */
		} else if (o->addr[s.st_shndx] == UINT64_MAX) {
			fprintf(stderr, "reloc-oracle: %s is in the unplaced section %s\n",
				name, sec_name(o, s.st_shndx));
			exit(3);
		} else {
			r->S = o->addr[s.st_shndx] + s.st_value;
		}
		r->sym_defined = true;
	} else {
		for (k = 0; k < t->op->nsym; k++)
			if (strcmp(t->op->sym_name[k], name) == 0) {
				r->S = t->op->sym_addr[k];
				r->sym_defined = true;
			}
		if (!r->sym_defined && linked_sym(t->linked, name, &r->S))
			r->sym_defined = true;
		if (!r->sym_defined && GELF_ST_BIND(s.st_info) != STB_WEAK) {
			fprintf(stderr, "reloc-oracle: undefined symbol %s\n", name);
			exit(3);
		}
	}
}

static uint64_t place_base(struct table *t)
{
	return t->bias ? t->bias : t->o->addr[t->target];
}

/* the pair lookup, as the core does it: S + A - da of the relocation at da */
static int pair(const struct reloc_site *r, uint64_t da, uint64_t *value)
{
	struct table *t = r->core;
	size_t k;

	for (k = 0; k < t->n; k++) {
		GElf_Rela rel;
		struct reloc_site h = { 0 };

		gelf_getrela(t->data, (int)k, &rel);
		if (place_base(t) + rel.r_offset != da ||
		    reloc_arch_type_is_marker(t->o->arch, GELF_R_TYPE(rel.r_info)))
			continue;
		h.core = t;
		resolve(t, GELF_R_SYM(rel.r_info), &h);
		*value = h.S + (uint64_t)rel.r_addend - da;
		return 0;
	}
	return -ENOENT;
}

/* apply one RELA table to the bytes of its target; 0 or 2 */
static int apply_table(struct table *t, uint8_t *buf, uint64_t size)
{
	struct obj *o = t->o;
	size_t k;
	int ret = 0;

	for (k = 0; k < t->n; k++) {
		GElf_Rela rel;
		struct reloc_site r = { 0 };
		char why[256] = "";
		int err;

		gelf_getrela(t->data, (int)k, &rel);
		r.type = GELF_R_TYPE(rel.r_info);
		if (reloc_arch_type_is_marker(o->arch, r.type))
			continue;
		if (rel.r_offset >= size) {
			fprintf(stderr, "reloc-oracle: offset 0x%" PRIx64 " outside\n", rel.r_offset);
			exit(3);
		}
		r.where = buf + rel.r_offset;
		r.room = size - rel.r_offset;
		r.P = place_base(t) + rel.r_offset;
		r.A = rel.r_addend;
		r.rela = true;
		r.B = t->bias;
		r.big_endian = o->be;
		r.elf64 = gelf_getclass(o->elf) == ELFCLASS64;
		r.pair = pair;
		r.core = t;
		resolve(t, GELF_R_SYM(rel.r_info), &r);
		err = reloc_arch_apply(o->arch, &r, why, sizeof(why));
		if (err < 0) {
			const char *n = reloc_arch_type_name(o->arch, r.type);

			fprintf(stderr, "error: %s at %s+0x%" PRIx64 " (%s): %s (%s)\n",
				n ? n : "?", t->target ? sec_name(o, t->target) : "image",
				rel.r_offset, r.sym, why, strerror(-err));
			ret = 2;
			continue;
		}
		if (t->op->verbose)
			fprintf(stderr, "%s at 0x%" PRIx64 " S=0x%" PRIx64 " A=%" PRId64 "\n",
				reloc_arch_type_name(o->arch, r.type), r.P, r.S, r.A);
		counts[r.type < 2048 ? r.type : 0]++;
	}
	return ret;
}

static int compare(const char *what, const uint8_t *got, const uint8_t *want, uint64_t size,
		   const uint8_t *mask)
{
	uint64_t i;

	for (i = 0; i < size; i++) {
		if ((!mask || mask[i]) && got[i] != want[i]) {
			fprintf(stderr, "reloc-oracle: %s differs at +0x%" PRIx64
				": 0x%02x, ld has 0x%02x\n", what, i, got[i], want[i]);
			return 1;
		}
	}
	return 0;
}

static void print_counts(const struct reloc_arch *a)
{
	unsigned int i;

	for (i = 0; i < 2048; i++)
		if (counts[i])
			printf("%s %u\n", reloc_arch_type_name(a, i), counts[i]);
}

static uint64_t num(const char *s)
{
	char *end;
	uint64_t v = strtoull(s, &end, 0);

	if (*s == '\0' || *end) {
		fprintf(stderr, "reloc-oracle: not a number: %s\n", s);
		exit(3);
	}
	return v;
}

/* --- ET_REL against ld ------------------------------------------------------ */

static int run_rel(const struct opts *op, const char *objpath, const char *linkpath)
{
	struct obj o = { 0 }, l = { 0 };
	size_t i, symtab;
	int k, ret = 0;

	obj_open(&o, objpath);
	if (linkpath)
		obj_open(&l, linkpath);
	for (i = 1; i < o.nsec; i++) {
		const char *n = sec_name(&o, i);
		size_t j = linkpath ? sec_by_name(&l, n) : 0;

		if (!(o.sh[i].sh_flags & SHF_ALLOC) && strncmp(n, ".debug_", 7))
			continue;
		if (j)
			o.addr[i] = (l.sh[j].sh_flags & SHF_ALLOC) ? l.sh[j].sh_addr : 0;
		for (k = 0; k < op->nat; k++)
			if (strcmp(op->at_name[k], n) == 0)
				o.addr[i] = op->at_addr[k];
		if (o.addr[i] != UINT64_MAX)
			o.buf[i] = sec_copy(&o, i);
	}
	symtab = symtab_of(&o, SHT_SYMTAB);
	for (i = 1; i < o.nsec; i++) {
		struct table t = { &o, NULL, 0, o.sh[i].sh_info, 0, &o,
				   linkpath ? &l : NULL, op, symtab };
		int err;

		if (o.sh[i].sh_type != SHT_RELA || t.target >= o.nsec || !o.buf[t.target])
			continue;
		t.data = sec_table(&o, i);
		t.n = o.sh[i].sh_size / o.sh[i].sh_entsize;
		err = apply_table(&t, o.buf[t.target], o.sh[t.target].sh_size);
		if (err)
			ret = err;
	}
	if (ret)
		return ret;
	for (i = 1; linkpath && i < o.nsec; i++) {
		size_t j;

		if (!o.buf[i] || o.sh[i].sh_type == SHT_NOBITS)
			continue;
		j = sec_by_name(&l, sec_name(&o, i));
		if (l.sh[j].sh_size != o.sh[i].sh_size) {
			fprintf(stderr, "reloc-oracle: %s: ld's is 0x%" PRIx64 " bytes, not 0x%"
				PRIx64 " (did ld relax?)\n", sec_name(&o, i), l.sh[j].sh_size,
				o.sh[i].sh_size);
			return 1;
		}
		if (compare(sec_name(&o, i), o.buf[i], sec_data(&l, j)->d_buf,
			    o.sh[i].sh_size, NULL))
			return 1;
	}
	print_counts(o.arch);
	return 0;
}

/* --- ET_DYN at two bases ---------------------------------------------------------- */

/* the image's bytes at their addresses, its dynamic relocations applied */
static uint8_t *dyn_load(const struct opts *op, struct obj *o, const char *path,
			 uint64_t bias, uint64_t *size, uint8_t **mask)
{
	uint8_t *mem;
	size_t i, dynsym;

	obj_open(o, path);
	*size = 0;
	for (i = 1; i < o->nsec; i++)
		if ((o->sh[i].sh_flags & SHF_ALLOC) &&
		    o->sh[i].sh_addr + o->sh[i].sh_size > *size)
			*size = o->sh[i].sh_addr + o->sh[i].sh_size;
	mem = calloc(1, *size + 16);
	*mask = calloc(1, *size + 16);
	for (i = 1; i < o->nsec; i++)
		if ((o->sh[i].sh_flags & SHF_ALLOC) && o->sh[i].sh_type != SHT_NOBITS)
			memcpy(mem + o->sh[i].sh_addr, sec_data(o, i)->d_buf, o->sh[i].sh_size);
	dynsym = symtab_of(o, SHT_DYNSYM);
	for (i = 1; i < o->nsec; i++) {
		struct table t = { o, NULL, 0, 0, bias, o, NULL, op, dynsym };
		size_t k;

		if (o->sh[i].sh_type != SHT_RELA || !(o->sh[i].sh_flags & SHF_ALLOC))
			continue;
		t.data = sec_table(o, i);
		t.n = o->sh[i].sh_size / o->sh[i].sh_entsize;
		if (apply_table(&t, mem, *size))
			exit(2);
		for (k = 0; k < t.n; k++) {
			GElf_Rela rel;

			gelf_getrela(t.data, (int)k, &rel);
			memset(*mask + rel.r_offset, 1, gelf_getclass(o->elf) == ELFCLASS32 ? 4 : 8);
		}
	}
	return mem;
}

/* link-time metadata whose addresses the dynamic linker adds the bias to itself */
static bool dyn_skipped(const char *name)
{
	static const char *const skip[] = {
		".dynamic", ".dynsym", ".dynstr", ".hash", ".gnu.hash", ".rela.dyn",
		".rela.plt", ".eh_frame_hdr", ".note.gnu.build-id", ".gnu.version",
		".gnu.version_d", ".gnu.version_r", NULL
	};
	int k;

	for (k = 0; skip[k]; k++)
		if (strcmp(name, skip[k]) == 0)
			return true;
	return false;
}

static int run_dyn(const struct opts *op, uint64_t bias, const char *p0, const char *pb)
{
	struct obj o0 = { 0 }, ob = { 0 };
	uint64_t s0, sb;
	uint8_t *m0, *mb, *mask0, *maskb;
	size_t i;

	m0 = dyn_load(op, &o0, p0, bias, &s0, &mask0);
	for (i = 0; i < 2048; i++)
		counts[i] = 0;
	mb = dyn_load(op, &ob, pb, 0, &sb, &maskb);
	if (o0.nsec != ob.nsec)
		return fprintf(stderr, "reloc-oracle: the two images differ in sections\n"), 3;
	for (i = 1; i < o0.nsec; i++) {
		const char *n = sec_name(&o0, i);
		uint64_t a0 = o0.sh[i].sh_addr, ab = ob.sh[i].sh_addr;
		bool got = strncmp(n, ".got", 4) == 0;

		if (!(o0.sh[i].sh_flags & SHF_ALLOC) || o0.sh[i].sh_type == SHT_NOBITS ||
		    dyn_skipped(n))
			continue;
		if (ab != a0 + bias || ob.sh[i].sh_size != o0.sh[i].sh_size)
			return fprintf(stderr, "reloc-oracle: %s is not at +bias in %s\n", n, pb), 3;
		/* .got's reserved words hold link-time addresses: compare what was relocated */
		if (compare(n, m0 + a0, mb + ab, o0.sh[i].sh_size, got ? mask0 + a0 : NULL))
			return 1;
	}
	print_counts(o0.arch);
	return 0;
}

int main(int argc, char **argv)
{
	struct opts op = { 0 };
	int i;

	if (elf_version(EV_CURRENT) == EV_NONE)
		die("libelf");
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		char *eq;

		if (strcmp(argv[i], "-v") == 0) {
			op.verbose = true;
			continue;
		}
		if (strcmp(argv[i], "--dyn") == 0 && argc - i == 4)
			return run_dyn(&op, num(argv[i + 1]), argv[i + 2], argv[i + 3]);
		if (i + 1 >= argc || !(eq = strchr(argv[i + 1], '=')) ||
		    op.nat >= MAX_AT || op.nsym >= MAX_AT)
			goto usage;
		*eq = '\0';
		if (strcmp(argv[i], "--at") == 0) {
			op.at_name[op.nat] = argv[i + 1];
			op.at_addr[op.nat++] = num(eq + 1);
		} else if (strcmp(argv[i], "--sym") == 0) {
			op.sym_name[op.nsym] = argv[i + 1];
			op.sym_addr[op.nsym++] = num(eq + 1);
		} else {
			goto usage;
		}
		i++;
	}
	if (argc - i == 1 || argc - i == 2)
		return run_rel(&op, argv[i], argc - i == 2 ? argv[i + 1] : NULL);
usage:
	fprintf(stderr, "usage: reloc-oracle [-v] [--at SEC=ADDR]... [--sym NAME=ADDR]... OBJ [LINKED]\n"
		"       reloc-oracle --dyn BIAS IMG0 IMGB\n");
	return 3;
}
