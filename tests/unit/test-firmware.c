// SPDX-License-Identifier: LGPL-2.1-or-later
#include <elf.h>
#include <errno.h>

#include "loader-firmware.h"
#include "unit.h"

START_TEST(kernel_order)
{
	char *root = unit_tmpdir(), p[1024];
	char **d;

	/* no firmware_class.path: four directories, in the kernel's order */
	ck_assert_int_eq(loader_firmware_dirs_default(root, "6.1.0-9", "/lib/firmware", &d), 0);
	ck_assert_str_eq(d[0], "/lib/firmware/updates/6.1.0-9");
	ck_assert_str_eq(d[1], "/lib/firmware/updates");
	ck_assert_str_eq(d[2], "/lib/firmware/6.1.0-9");
	ck_assert_str_eq(d[3], "/lib/firmware");
	ck_assert_ptr_null(d[4]);
	loader_firmware_dirs_free(d);

	/* firmware_class.path set: searched first */
	snprintf(p, sizeof(p), "mkdir -p %s/module/firmware_class/parameters", root);
	ck_assert_int_eq(system(p), 0);
	snprintf(p, sizeof(p), "%s/module/firmware_class/parameters", root);
	unit_write(p, "path", "/opt/custom\n");
	ck_assert_int_eq(loader_firmware_dirs_default(root, "r", "/fw", &d), 0);
	ck_assert_str_eq(d[0], "/opt/custom");
	ck_assert_str_eq(d[1], "/fw/updates/r");
	ck_assert_str_eq(d[4], "/fw");
	loader_firmware_dirs_free(d);

	/* an empty parameter (the kernel's default) adds nothing */
	unit_write(p, "path", "\n");
	ck_assert_int_eq(loader_firmware_dirs_default(root, "r", "/fw", &d), 0);
	ck_assert_str_eq(d[0], "/fw/updates/r");
	loader_firmware_dirs_free(d);
	unit_rmtree(root);
}
END_TEST

START_TEST(find_first_match)
{
	char *root = unit_tmpdir(), a[1024], b[1024], *dirs[3], *path;

	snprintf(a, sizeof(a), "%s/a", root);
	snprintf(b, sizeof(b), "%s/b", root);
	ck_assert_int_eq(mkdir(a, 0755), 0);
	ck_assert_int_eq(mkdir(b, 0755), 0);
	dirs[0] = a;
	dirs[1] = b;
	dirs[2] = NULL;
	unit_write(b, "fw.elf", "B");
	ck_assert_int_eq(loader_firmware_find(dirs, "fw.elf", &path), 0);
	ck_assert(strstr(path, "/b/fw.elf") != NULL);
	free(path);
	unit_write(a, "fw.elf", "A");
	ck_assert_int_eq(loader_firmware_find(dirs, "fw.elf", &path), 0);
	ck_assert(strstr(path, "/a/fw.elf") != NULL);
	free(path);
	/* a directory of that name is not a firmware */
	snprintf(a, sizeof(a), "%s/a/sub", root);
	ck_assert_int_eq(mkdir(a, 0755), 0);
	ck_assert_int_eq(loader_firmware_find(dirs, "sub", &path), -ENOENT);
	unit_rmtree(root);
}
END_TEST

START_TEST(split_path)
{
	char **d;

	ck_assert_int_eq(loader_firmware_dirs_split("/a:/b/c", &d), 0);
	ck_assert_str_eq(d[0], "/a");
	ck_assert_str_eq(d[1], "/b/c");
	ck_assert_ptr_null(d[2]);
	loader_firmware_dirs_free(d);
}
END_TEST

START_TEST(open_refuses)
{
	char *root = unit_tmpdir(), p[1024];
	struct loader_firmware fw;

	ck_assert_int_eq(loader_firmware_open(root, &fw), -EINVAL);	/* a directory */
	unit_write(root, "empty", "");
	snprintf(p, sizeof(p), "%s/empty", root);
	ck_assert_int_eq(loader_firmware_open(p, &fw), -EINVAL);
	snprintf(p, sizeof(p), "%s/missing", root);
	ck_assert_int_eq(loader_firmware_open(p, &fw), -ENOENT);
	unit_write(root, "one", "x");
	snprintf(p, sizeof(p), "%s/one", root);
	ck_assert_int_eq(loader_firmware_open(p, &fw), 0);
	ck_assert_uint_eq(fw.size, 1);
	loader_firmware_close(&fw);
	unit_rmtree(root);
}
END_TEST

/* A minimal ELF32: header, one program header, then the string. */
static size_t elf_with_interp(uint8_t *buf, const char *interp, size_t filesz)
{
	Elf32_Ehdr *eh = (Elf32_Ehdr *)buf;
	Elf32_Phdr *ph = (Elf32_Phdr *)(buf + sizeof(*eh));
	size_t off = sizeof(*eh) + sizeof(*ph);

	memset(buf, 0, 512);
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS32;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_EXEC;
	eh->e_machine = EM_ARM;
	eh->e_version = EV_CURRENT;
	eh->e_phoff = sizeof(*eh);
	eh->e_ehsize = sizeof(*eh);
	eh->e_phentsize = sizeof(*ph);
	eh->e_phnum = 1;
	ph->p_type = PT_INTERP;
	ph->p_offset = off;
	ph->p_filesz = filesz;
	memcpy(buf + off, interp, strlen(interp) + 1);
	return off + strlen(interp) + 1;
}

START_TEST(interp)
{
	uint8_t buf[512];
	char out[64];
	size_t n;

	n = elf_with_interp(buf, "/lib/rproc/elf.so", 18);
	ck_assert_int_eq(loader_firmware_interp(buf, n, out, sizeof(out)), 0);
	ck_assert_str_eq(out, "/lib/rproc/elf.so");
	/* not NUL-terminated where p_filesz says */
	n = elf_with_interp(buf, "/lib/rproc/elf.so", 10);
	ck_assert_int_eq(loader_firmware_interp(buf, n, out, sizeof(out)), -ENOEXEC);
	/* runs past the file */
	n = elf_with_interp(buf, "elf", 4000);
	ck_assert_int_eq(loader_firmware_interp(buf, n, out, sizeof(out)), -ENOEXEC);
	/* longer than the caller's buffer */
	n = elf_with_interp(buf, "0123456789", 11);
	ck_assert_int_eq(loader_firmware_interp(buf, n, out, 8), -ENOEXEC);
	/* no PT_INTERP, not an ELF */
	n = elf_with_interp(buf, "elf", 4);
	((Elf32_Phdr *)(buf + sizeof(Elf32_Ehdr)))->p_type = PT_NOTE;
	ck_assert_int_eq(loader_firmware_interp(buf, n, out, sizeof(out)), -ENOENT);
	ck_assert_int_eq(loader_firmware_interp("#!rproc\n", 8, out, sizeof(out)), -ENOENT);
}
END_TEST

static Suite *firmware_suite(void)
{
	Suite *s = suite_create("firmware");
	TCase *tc = tcase_create("lookup");

	tcase_add_test(tc, kernel_order);
	tcase_add_test(tc, find_first_match);
	tcase_add_test(tc, split_path);
	tcase_add_test(tc, open_refuses);
	tcase_add_test(tc, interp);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(firmware_suite)
