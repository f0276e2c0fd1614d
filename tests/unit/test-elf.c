// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The elf plugin on ELF images built here field by field, in every class and
 * byte order, through the real load plan: what is accepted lands where the
 * headers say, and every malformed header field is refused with its name.
 */
#include <elf.h>
#include <errno.h>

#include "backend-mem.h"
#include "loader-plan.h"
#include "unit.h"

extern const struct rproc_loader_plugin rproc_loader_plugin;

struct img {
	uint8_t b[0x800];
	size_t size;
	bool is64, be;
};

static void put(struct img *im, size_t off, unsigned int n, uint64_t v)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		im->b[off + (im->be ? n - 1 - i : i)] = (uint8_t)(v >> (8 * i));
}

/* Offsets of the fields we mutate, by class. */
#define EH_PHOFF(im)	((im)->is64 ? 32 : 28)
#define EH_SHOFF(im)	((im)->is64 ? 40 : 32)
#define EH_PHENTSIZE(im) ((im)->is64 ? 54 : 42)
#define EH_PHNUM(im)	((im)->is64 ? 56 : 44)
#define EH_SHNUM(im)	((im)->is64 ? 60 : 48)
#define EH_SHSTRNDX(im)	((im)->is64 ? 62 : 50)
#define PH_SIZE(im)	((im)->is64 ? 56 : 32)
#define SH_SIZE(im)	((im)->is64 ? 64 : 40)
#define PHOFF		0x40
#define SHOFF		0x400
#define TEXT_OFF	0x100
#define DATA_OFF	0x200
#define STR_OFF		0x300
#define RSC_OFF		(DATA_OFF + 0x10)

static const char shstr[] = "\0.text\0.resource_table\0.shstrtab";

static void phdr(struct img *im, int i, uint32_t type, uint64_t off, uint64_t vaddr,
		 uint64_t paddr, uint64_t filesz, uint64_t memsz)
{
	size_t p = PHOFF + i * PH_SIZE(im);

	put(im, p, 4, type);
	if (im->is64) {
		put(im, p + 4, 4, PF_R);
		put(im, p + 8, 8, off);
		put(im, p + 16, 8, vaddr);
		put(im, p + 24, 8, paddr);
		put(im, p + 32, 8, filesz);
		put(im, p + 40, 8, memsz);
	} else {
		put(im, p + 4, 4, off);
		put(im, p + 8, 4, vaddr);
		put(im, p + 12, 4, paddr);
		put(im, p + 16, 4, filesz);
		put(im, p + 20, 4, memsz);
	}
}

static void shdr(struct img *im, int i, uint32_t name, uint32_t type, uint64_t addr,
		 uint64_t off, uint64_t size)
{
	size_t p = SHOFF + i * SH_SIZE(im);

	put(im, p, 4, name);
	put(im, p + 4, 4, type);
	if (im->is64) {
		put(im, p + 8, 8, SHF_ALLOC);
		put(im, p + 16, 8, addr);
		put(im, p + 24, 8, off);
		put(im, p + 32, 8, size);
	} else {
		put(im, p + 8, 4, SHF_ALLOC);
		put(im, p + 12, 4, addr);
		put(im, p + 16, 4, off);
		put(im, p + 20, 4, size);
	}
}

/*
 * text: 16 bytes at file 0x100 -> da 0x0; data: 48 bytes at file 0x200 ->
 * da 0x20000000 (memsz 0x100, zero-filled), holding a 16-byte resource table
 * at +0x10; a PT_NOTE as the last program header; paddr == vaddr.
 */
static void img_build(struct img *im, bool is64, bool be)
{
	int i;

	memset(im, 0, sizeof(*im));
	im->is64 = is64;
	im->be = be;
	memcpy(im->b, ELFMAG, SELFMAG);
	im->b[EI_CLASS] = is64 ? ELFCLASS64 : ELFCLASS32;
	im->b[EI_DATA] = be ? ELFDATA2MSB : ELFDATA2LSB;
	im->b[EI_VERSION] = EV_CURRENT;
	put(im, 16, 2, ET_EXEC);
	put(im, 18, 2, is64 ? EM_AARCH64 : EM_ARM);
	put(im, 20, 4, EV_CURRENT);
	put(im, 24, is64 ? 8 : 4, 0x9);				/* e_entry */
	put(im, EH_PHOFF(im), is64 ? 8 : 4, PHOFF);
	put(im, EH_SHOFF(im), is64 ? 8 : 4, SHOFF);
	put(im, is64 ? 52 : 40, 2, is64 ? 64 : 52);		/* e_ehsize */
	put(im, EH_PHENTSIZE(im), 2, PH_SIZE(im));
	put(im, EH_PHNUM(im), 2, 3);
	put(im, EH_PHNUM(im) + 2, 2, SH_SIZE(im));		/* e_shentsize */
	put(im, EH_SHNUM(im), 2, 4);
	put(im, EH_SHSTRNDX(im), 2, 3);

	phdr(im, 0, PT_LOAD, TEXT_OFF, 0x0, 0x0, 16, 16);
	phdr(im, 1, PT_LOAD, DATA_OFF, 0x20000000, 0x20000000, 48, 0x100);
	phdr(im, 2, PT_NOTE, DATA_OFF, 0, 0, 4, 4);
	for (i = 0; i < 16; i++)
		im->b[TEXT_OFF + i] = (uint8_t)(0xa0 + i);
	for (i = 0; i < 48; i++)
		im->b[DATA_OFF + i] = (uint8_t)(0x50 + i);
	put(im, RSC_OFF, 4, 1);					/* ver 1 */
	memset(im->b + RSC_OFF + 4, 0, 12);			/* num 0, reserved 0 */
	memcpy(im->b + STR_OFF, shstr, sizeof(shstr));
	shdr(im, 1, 1, SHT_PROGBITS, 0x0, TEXT_OFF, 16);
	shdr(im, 2, 7, SHT_PROGBITS, 0x20000010, RSC_OFF, 16);
	shdr(im, 3, 23, SHT_STRTAB, 0, STR_OFF, sizeof(shstr));
	im->size = SHOFF + 4 * SH_SIZE(im);
}

static const struct rproc_memory mem[] = {
	{ .name = "flash", .da = 0x0, .size = 0x1000 },
	{ .name = "sram", .da = 0x20000000, .size = 0x1000 },
	{ .name = "lma", .da = 0x30000000, .size = 0x1000 },
};

static struct loader_setting opt_setting;
static const struct loader_setting *opt_list[] = { &opt_setting };
static struct loader_selection opt_sel;

static int load(struct img *im, struct loader_plan *p, const char *address)
{
	int err;

	memset(&opt_sel, 0, sizeof(opt_sel));
	if (address) {
		opt_setting.key = (char *)"elf.address";
		opt_setting.value = (char *)address;
		opt_sel.opts = opt_list;
		opt_sel.n_opts = 1;
	}
	loader_plan_init(p, "elf", &opt_sel, mem, 3, im->b, im->size, "t.elf", "rp");
	err = rproc_loader_plugin.load(&p->load);
	if (!err)
		err = loader_plan_check(p);
	return err;
}

START_TEST(accepts_every_class_and_order)
{
	static uint8_t flash[0x1000], sram[0x1000];
	uint8_t *bufs[3] = { flash, sram, NULL };
	struct mem_backend mb;
	struct loader_plan p;
	struct img im;
	int i;

	img_build(&im, _i & 1, _i & 2);
	memset(sram, 0xee, sizeof(sram));
	ck_assert_int_eq(load(&im, &p, NULL), 0);
	ck_assert_uint_eq(p.n_segs, 2);			/* the PT_NOTE is no segment */
	ck_assert_uint_eq(p.boot_addr, 0x9);
	ck_assert_uint_eq(p.rsc_da, 0x20000010);
	ck_assert_uint_eq(p.rsc_size, 16);
	mem_backend_init(&mb, bufs);
	ck_assert_int_eq(loader_plan_write(&p, &mb.b), 0);
	for (i = 0; i < 16; i++)
		ck_assert_uint_eq(flash[i], 0xa0 + i);
	for (i = 0; i < 48; i++)
		ck_assert_uint_eq(sram[i], im.b[DATA_OFF + i]);
	for (i = 48; i < 0x100; i++)
		ck_assert_uint_eq(sram[i], 0);			/* memsz - filesz zeroed */
	ck_assert_uint_eq(sram[0x100], 0xee);			/* and no further */
	loader_plan_release(&p);
}
END_TEST

/*
 * paddr != vaddr: physical by default, virtual by option. The table stays at
 * its run address (sh_addr) either way, as the kernel finds it: loaded by
 * physical address, its bytes get a segment of their own there.
 */
START_TEST(physical_and_virtual)
{
	struct loader_plan p;
	struct img im;

	img_build(&im, false, false);
	phdr(&im, 1, PT_LOAD, DATA_OFF, 0x20000000, 0x30000000, 48, 0x100);
	ck_assert_int_eq(load(&im, &p, NULL), 0);
	ck_assert_uint_eq(p.segs[1].seg.da, 0x30000000);
	ck_assert_uint_eq(p.rsc_da, 0x20000010);
	ck_assert_uint_eq(p.n_segs, 3);
	ck_assert_uint_eq(p.segs[2].seg.da, 0x20000010);
	ck_assert_uint_eq(p.segs[2].seg.filesz, 16);
	ck_assert_ptr_eq(p.segs[2].seg.data, im.b + RSC_OFF);
	loader_plan_release(&p);
	ck_assert_int_eq(load(&im, &p, "virtual"), 0);
	ck_assert_uint_eq(p.segs[1].seg.da, 0x20000000);
	ck_assert_uint_eq(p.rsc_da, 0x20000010);
	ck_assert_uint_eq(p.n_segs, 2);		/* the segment carries the table */
	loader_plan_release(&p);
	ck_assert_int_eq(load(&im, &p, "physical"), 0);
	loader_plan_release(&p);
	ck_assert_int_eq(load(&im, &p, "both"), -EINVAL);
	loader_plan_release(&p);
}
END_TEST

/*
 * The table runs inside another segment's range, over bytes that are not its
 * own: case 0 in the zero-fill (a .bss), case 1 over other file bytes (the
 * run copy of some other data). The table wins there, as the kernel's
 * rproc_start() copies it over the loaded segments; the rest of the segment
 * is written as before and the plan has no overlap.
 */
START_TEST(table_wins_inside_a_segment)
{
	static const uint64_t run[] = { 0x20000080, 0x20000020 };
	static uint8_t flash[0x1000], sram[0x1000];
	uint8_t *bufs[3] = { flash, sram, NULL };
	uint64_t at = run[_i] - 0x20000000;
	struct mem_backend mb;
	struct loader_plan p;
	struct img im;
	uint64_t i;

	img_build(&im, false, false);
	shdr(&im, 2, 7, SHT_PROGBITS, run[_i], RSC_OFF, 16);
	memset(sram, 0xee, sizeof(sram));
	ck_assert_int_eq(load(&im, &p, NULL), 0);
	ck_assert_uint_eq(p.rsc_da, run[_i]);
	ck_assert_uint_eq(p.n_segs, 4);			/* text, data cut in two, the table */
	mem_backend_init(&mb, bufs);
	ck_assert_int_eq(loader_plan_write(&p, &mb.b), 0);
	for (i = 0; i < 0x100; i++) {
		uint8_t want = i >= at && i < at + 16 ? im.b[RSC_OFF + i - at] :
			       i < 48 ? im.b[DATA_OFF + i] : 0;

		ck_assert_msg(sram[i] == want, "sram[0x%llx] = 0x%02x, want 0x%02x",
			      (unsigned long long)i, sram[i], want);
	}
	ck_assert_uint_eq(sram[0x100], 0xee);
	loader_plan_release(&p);
}
END_TEST

START_TEST(no_section_headers)
{
	struct loader_plan p;
	struct img im;

	img_build(&im, true, true);
	put(&im, EH_SHOFF(&im), 8, 0);
	put(&im, EH_SHNUM(&im), 2, 0);
	put(&im, EH_SHSTRNDX(&im), 2, 0);
	ck_assert_int_eq(load(&im, &p, NULL), 0);
	ck_assert_uint_eq(p.rsc_da, 0);
	ck_assert_uint_eq(p.rsc_size, 0);
	loader_plan_release(&p);
}
END_TEST

/* mutation of a valid image -> expected error and words in the message */
static void mut(struct img *im, int which)
{
	bool w = im->is64;

	switch (which) {
	case 0: im->size = 10; break;
	case 1: im->size = 40; break;
	case 2: im->b[EI_CLASS] = 3; break;
	case 3: im->b[EI_DATA] = 0; break;
	case 4: put(im, 16, 2, ET_DYN); break;
	case 5: put(im, EH_PHENTSIZE(im), 2, PH_SIZE(im) - 1); break;
	case 6: put(im, EH_PHENTSIZE(im), 2, 0); break;
	case 7: put(im, EH_PHOFF(im), w ? 8 : 4, 0x7f0); break;
	case 8: put(im, EH_PHOFF(im), w ? 8 : 4, w ? UINT64_MAX - 8 : UINT32_MAX - 8); break;
	case 9: put(im, EH_PHNUM(im), 2, 0xffff); break;
	case 10: put(im, EH_PHNUM(im), 2, 0); break;
	case 11: put(im, EH_SHOFF(im), w ? 8 : 4, 0x7f0); break;
	case 12: put(im, EH_SHNUM(im), 2, 0x7fff); break;
	case 13: put(im, EH_SHSTRNDX(im), 2, 4); break;
	case 14: put(im, EH_PHNUM(im) + 2, 2, 12); break;		/* e_shentsize */
	case 15: phdr(im, 1, PT_LOAD, 0x7f0, 0x20000000, 0x20000000, 0x100, 0x100); break;
	case 16: phdr(im, 1, PT_LOAD, w ? UINT64_MAX - 4 : UINT32_MAX - 4, 0x20000000, 0x20000000, 0x10, 0x10); break;
	case 17: phdr(im, 1, PT_LOAD, DATA_OFF, 0x20000000, 0x20000000, 0x200, 0x100); break;
	case 18: shdr(im, 2, 0x1000, SHT_PROGBITS, 0x20000010, RSC_OFF, 16); break;
	case 19: shdr(im, 3, 23, SHT_STRTAB, 0, 0x7f0, 0x100); break;
	case 20: shdr(im, 2, 7, SHT_PROGBITS, 0x20000010, 0x7f8, 16); break;
	case 21: shdr(im, 2, 7, SHT_NOBITS, 0x20000010, RSC_OFF, 16); break;
	case 22: put(im, RSC_OFF, 4, 2); break;
	case 23: put(im, RSC_OFF + 8, 4, 1); break;
	case 24: put(im, RSC_OFF + 4, 4, 1); break;	/* one entry, no room for its offset */
	case 25: shdr(im, 2, 7, SHT_PROGBITS, 0x70000000, RSC_OFF, 16); break;	/* runs in no memory */
	case 26: memcpy(im->b + STR_OFF + 7, ".resource_tablX", 15); im->b[STR_OFF + sizeof(shstr) - 1] = 'x'; break;
	case 27: put(im, 20, 4, 0); break;			/* e_version */
	}
}

static const struct {
	int err;
	const char *msg;
} mut_expect[] = {
	{ -ENOEXEC, "no ELF magic" },
	{ -ENOEXEC, "smaller than the ELF header" },
	{ -ENOEXEC, "neither ELF32 nor ELF64" },
	{ -ENOEXEC, "byte order" },
	{ -ENOEXEC, "need the reloc plugin" },
	{ -ENOEXEC, "e_phentsize" },
	{ -ENOEXEC, "e_phentsize" },
	{ -ENOEXEC, "program header table outside the file" },
	{ -ENOEXEC, "program header table outside the file" },
	{ -ENOEXEC, "extended numbering" },
	{ -ENOEXEC, "no program headers" },
	{ -ENOEXEC, "section header table outside the file" },
	{ -ENOEXEC, "section header table outside the file" },
	{ -ENOEXEC, "e_shstrndx" },
	{ -ENOEXEC, "e_shentsize" },
	{ -ENOEXEC, "program header 1: offset 0x7f0 + 256 bytes runs past" },
	{ -ENOEXEC, "runs past" },
	{ -ENOEXEC, "file size 512 larger than memory size 256" },
	{ -ENOEXEC, "section 2: name offset 4096 outside the section name table" },
	{ -ENOEXEC, "name offset" },
	{ -ENOEXEC, "section .resource_table: offset 0x7f8 + 16 bytes outside the file" },
	{ -ENOEXEC, "section .resource_table: NOBITS" },
	{ -EINVAL, "resource table .resource_table: version 2" },
	{ -EINVAL, "reserved" },
	{ -EINVAL, "1 entries: offsets run past" },
	{ -ERANGE, "resource table .resource_table: run address 0x70000000 (16 bytes) is in no memory" },
	{ -ENOEXEC, "outside the section name table" },
	{ -ENOEXEC, "e_version" },
};

START_TEST(refuses_malformed)
{
	struct loader_plan p;
	struct img im;
	char *log = NULL;
	size_t len;
	FILE *f;
	int which = _i / 4;

	img_build(&im, _i & 1, _i & 2);
	mut(&im, which);
	f = unit_capture_stderr(&log, &len);
	ck_assert_int_eq(load(&im, &p, NULL), mut_expect[which].err);
	fclose(f);
	ck_assert_msg(strstr(log, mut_expect[which].msg) != NULL,
		      "mutation %d (%s %s): expected '%s' in:\n%s", which,
		      im.is64 ? "ELF64" : "ELF32", im.be ? "BE" : "LE",
		      mut_expect[which].msg, log);
	free(log);
	loader_plan_release(&p);
}
END_TEST

static Suite *elf_suite(void)
{
	Suite *s = suite_create("elf");
	TCase *tc = tcase_create("plugin");

	tcase_add_loop_test(tc, accepts_every_class_and_order, 0, 4);
	tcase_add_test(tc, physical_and_virtual);
	tcase_add_loop_test(tc, table_wins_inside_a_segment, 0, 2);
	tcase_add_test(tc, no_section_headers);
	tcase_add_loop_test(tc, refuses_malformed, 0, 4 * ARRAY_SIZE(mut_expect));
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(elf_suite)
