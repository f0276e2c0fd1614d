// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>

#include "memories.h"
#include "unit.h"

static const char good[] =
	"; two memories and a private one\n"
	"[memory flash]\n"
	"da = 0x00000000\n"
	"size = 256K\n"
	"file = flash.bin\n"
	"\n"
	"[memory sram]\n"
	"da = 0x20000000\n"
	"size = 0x40000\n"
	"file = sub/sram.bin\n"
	"[memory tcm]\n"
	"da = 0x30000000\n"
	"size = 4096\n"
	"file = tcm.bin\n"
	"flags = nomap\n";

START_TEST(parse_good)
{
	char *dir = unit_tmpdir();
	struct memories *m;

	unit_write(dir, "memories.ini", good);
	ck_assert_int_eq(memories_parse(dir, &m), 0);
	ck_assert_uint_eq(m->n, 3);
	ck_assert_str_eq(m->mem[0].name, "flash");
	ck_assert_uint_eq(m->mem[0].size, 256 * 1024);
	ck_assert_str_eq(m->mem[1].name, "sram");
	ck_assert_uint_eq(m->mem[1].da, 0x20000000);
	ck_assert_str_eq(m->file[1], "sub/sram.bin");
	ck_assert_uint_eq(m->mem[1].flags, 0);
	ck_assert_uint_eq(m->mem[2].flags, RPROC_MEMORY_NOMAP);
	ck_assert_uint_eq(m->line[2], 11);
	memories_free(m);
	unit_rmtree(dir);
}
END_TEST

/* Each bad file must be refused, and the message must name file:line and what. */
static const struct {
	const char *text;
	const char *msg;
} bad[] = {
	{ "[memory a]\nda = 0x10\nsize = 16\nfile = a\nbogus = 1\n", "memories.ini:5: [memory a]: unknown key 'bogus'" },
	{ "[memory a]\nda = 0x1q\nsize = 16\nfile = a\n", "memories.ini:2: [memory a]: invalid da '0x1q'" },
	{ "[memory a]\nda = 0\nsize = 0\nfile = a\n", "memories.ini:3: [memory a]: invalid size '0'" },
	{ "[memory a]\nda = 0\nsize = 16\nfile = ../a\n", "memories.ini:4: [memory a]: invalid file '../a'" },
	{ "[memory a]\nda = 0\nsize = 16\nfile = /etc/passwd\n", "invalid file '/etc/passwd'" },
	{ "[memory a]\nda = 0\nsize = 16\nfile = x/../../a\n", "invalid file 'x/../../a'" },
	{ "[memory a]\nda = 0\nsize = 16\nfile = a\nflags = fast\n", "memories.ini:5: [memory a]: invalid flags 'fast'" },
	{ "[memory a]\nda = 0\nsize = 16\n", "memories.ini:1: [memory a]: missing key 'file'" },
	{ "[memory a]\nda = 0\nda = 1\nsize = 16\nfile = a\n", "memories.ini:3: [memory a]: key 'da' given twice" },
	{ "[mem a]\nda = 0\n", "memories.ini:1: unknown section [mem a]" },
	{ "[memory a/b]\nda = 0\n", "invalid memory name" },
	{ "da = 0\n", "memories.ini:1: key 'da' outside a [memory NAME] section" },
	{ "[memory a]\nda = 0\nsize = 32\nfile = a\n[memory b]\nda = 16\nsize = 16\nfile = b\n",
	  "[memory b] 0x10-0x1f overlaps [memory a] of line 1" },
	{ "[memory a]\nda = 0xfffffffffffffff0\nsize = 0x20\nfile = a\n", "wraps around" },
	{ "[memory a]\nda = 0\nsize = 16\nfile = a\n[memory a]\nda = 32\n", "memories.ini:5: memory 'a' already defined at line 1" },
	{ "[memory a\nda = 0\n", "memories.ini:1: syntax error" },
	{ "; nothing\n", "no [memory NAME] section" },
	{ "[core]\ncpu = z80\n", "memories.ini:2: [core]: cpu 'z80'" },
	{ "[core]\narch = arm\n", "memories.ini:2: [core]: unknown key 'arch'" },
	{ "[mailbox]\nda = 0x3f000010\n", "memories.ini:2: [mailbox]: da '0x3f000010': expected a 4 KiB-aligned address" },
	{ "[mailbox]\nda = 0x1000\n[memory a]\nda = 0\nsize = 0x2000\nfile = a\n", "[mailbox] da 0x1000 overlaps [memory a]" },
	{ "[memory a]\nda = 0\nsize = 16\nfile = aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n",
	  "memories.ini:4: line too long" },
};

START_TEST(parse_bad)
{
	char *dir = unit_tmpdir();
	struct memories *m = NULL;
	char *log = NULL;
	size_t len;
	FILE *f;

	unit_write(dir, "memories.ini", bad[_i].text);
	f = unit_capture_stderr(&log, &len);
	ck_assert_int_lt(memories_parse(dir, &m), 0);
	fclose(f);
	ck_assert_ptr_null(m);
	ck_assert_msg(strstr(log, bad[_i].msg) != NULL,
		      "case %d: expected '%s' in:\n%s", _i, bad[_i].msg, log);
	free(log);
	unit_rmtree(dir);
}
END_TEST

START_TEST(core_and_mailbox)
{
	char *dir = unit_tmpdir();
	struct memories *m;

	unit_write(dir, "memories.ini", "[core]\ncpu = riscv32\n[mailbox]\nda = 0x3f000000\n"
		   "[memory ram]\nda = 0x80000000\nsize = 64K\nfile = ram.bin\n");
	ck_assert_int_eq(memories_parse(dir, &m), 0);
	ck_assert_str_eq(m->cpu, "riscv32");
	ck_assert(m->has_mailbox);
	ck_assert_uint_eq(m->mailbox_da, 0x3f000000);
	ck_assert_uint_eq(m->n, 1);
	memories_free(m);
	unit_rmtree(dir);
}
END_TEST

START_TEST(loaded_roundtrip)
{
	struct memories_loaded w = { .boot_addr = 0x41, .rsc_da = 0x20000000, .rsc_size = 68 }, r;
	char *dir = unit_tmpdir();
	int dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	ck_assert_int_ge(dirfd, 0);
	ck_assert_int_eq(memories_loaded_read(dir, &r), -ENOENT);
	ck_assert_int_eq(memories_loaded_write(dirfd, dir, &w), 0);
	close(dirfd);
	ck_assert_int_eq(memories_loaded_read(dir, &r), 0);
	ck_assert_uint_eq(r.boot_addr, 0x41);
	ck_assert_uint_eq(r.rsc_da, 0x20000000);
	ck_assert_uint_eq(r.rsc_size, 68);
	ck_assert(!r.has_machine);
	ck_assert_ptr_null(r.firmware);
	unit_write(dir, "loaded.ini", "[load]\nboot_addr = 0x41\n");
	ck_assert_int_eq(memories_loaded_read(dir, &r), -EINVAL);
	unit_rmtree(dir);
}
END_TEST

/* What was loaded: an ELF's machine, class and byte order, and its path. */
START_TEST(loaded_firmware_roundtrip)
{
	static const unsigned char be64[20] = {
		0x7f, 'E', 'L', 'F', 2, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0x00, 0xb7,
	};
	static const unsigned char le32[20] = {
		0x7f, 'E', 'L', 'F', 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x28, 0x00,
	};
	struct memories_loaded w = { .boot_addr = 0x41, .firmware = "/srv/fw/m4 hello.elf" }, r;
	char *dir = unit_tmpdir();
	int dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	ck_assert(!memories_loaded_set_elf(&w, "#!rproc\n", 8));
	ck_assert(!memories_loaded_set_elf(&w, le32, 19));
	ck_assert(memories_loaded_set_elf(&w, be64, sizeof(be64)));
	ck_assert_uint_eq(w.machine, 183);
	ck_assert(memories_loaded_set_elf(&w, le32, sizeof(le32)));
	ck_assert_uint_eq(w.machine, 40);
	ck_assert_int_eq(memories_loaded_write(dirfd, dir, &w), 0);
	ck_assert_int_eq(memories_loaded_read(dir, &r), 0);
	ck_assert(r.has_machine);
	ck_assert_uint_eq(r.machine, 40);
	ck_assert_uint_eq(r.elf_class, 1);
	ck_assert_uint_eq(r.elf_data, 1);
	ck_assert_str_eq(r.firmware, "/srv/fw/m4 hello.elf");
	memories_loaded_release(&r);
	ck_assert_ptr_null(r.firmware);
	/* a path INI would not read back as written: left out, the load not failed */
	w.firmware = "/srv/fw/a;b.elf";
	ck_assert_int_eq(memories_loaded_write(dirfd, dir, &w), 0);
	ck_assert_int_eq(memories_loaded_read(dir, &r), 0);
	ck_assert_ptr_null(r.firmware);
	ck_assert(r.has_machine);
	close(dirfd);
	unit_rmtree(dir);
}
END_TEST

START_TEST(parse_missing)
{
	struct memories *m;

	ck_assert_int_eq(memories_parse("/nonexistent-rproc-dir", &m), -ENOENT);
}
END_TEST

START_TEST(find)
{
	static const struct rproc_memory mem[] = {
		{ .name = "a", .da = 0x1000, .size = 0x1000 },
		{ .name = "b", .da = 0x3000, .size = 0x100 },
		{ .name = "top", .da = 0xfffffffffffff000ull, .size = 0x1000 },
	};

	ck_assert_int_eq(memories_find(mem, 3, 0x1000, 0x1000), 0);
	ck_assert_int_eq(memories_find(mem, 3, 0x1fff, 1), 0);
	ck_assert_int_eq(memories_find(mem, 3, 0x1fff, 2), -ERANGE);	/* straddles the end */
	ck_assert_int_eq(memories_find(mem, 3, 0x0fff, 2), -ERANGE);	/* straddles the start */
	ck_assert_int_eq(memories_find(mem, 3, 0x2000, 1), -ERANGE);	/* gap */
	ck_assert_int_eq(memories_find(mem, 3, 0x3000, 0), 1);		/* empty counts as 1 byte */
	ck_assert_int_eq(memories_find(mem, 3, 0xfffffffffffff000ull, 0x1000), 2);
	ck_assert_int_eq(memories_find(mem, 3, 0xfffffffffffff001ull, 0x1000), -EFAULT);
	ck_assert_int_eq(memories_find(mem, 3, 0x1000, UINT64_MAX), -EFAULT);
}
END_TEST

static Suite *memories_suite(void)
{
	Suite *s = suite_create("memories");
	TCase *tc = tcase_create("ini");

	tcase_add_test(tc, parse_good);
	tcase_add_loop_test(tc, parse_bad, 0, ARRAY_SIZE(bad));
	tcase_add_test(tc, core_and_mailbox);
	tcase_add_test(tc, loaded_roundtrip);
	tcase_add_test(tc, loaded_firmware_roundtrip);
	tcase_add_test(tc, parse_missing);
	tcase_add_test(tc, find);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(memories_suite)
