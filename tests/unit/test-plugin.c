// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Plugin host: names, ABI range, and a dlopen smoke test of every plugin the
 * tree builds, plus broken ones that must be refused without a crash.
 */
#include <errno.h>

#include "loader-plugin.h"
#include "unit.h"

static const char *dir_of(const char *var, const char *fallback)
{
	const char *d = getenv(var);

	return d ? d : fallback;
}

#define PLUGINDIR	dir_of("RPROC_PLUGINDIR", "loaders/.libs")
#define TESTPLUGINDIR	dir_of("RPROC_TESTPLUGINDIR", "tests/unit/plugins/.libs")

START_TEST(names_from_interp)
{
	char n[LOADER_PLUGIN_NAME_MAX + 1];

	ck_assert_int_eq(loader_plugin_name_from_interp("elf", n, sizeof(n)), 0);
	ck_assert_str_eq(n, "elf");
	ck_assert_int_eq(loader_plugin_name_from_interp("elf.so", n, sizeof(n)), 0);
	ck_assert_str_eq(n, "elf");
	ck_assert_int_eq(loader_plugin_name_from_interp("/lib/rproc/shlib", n, sizeof(n)), 0);
	ck_assert_str_eq(n, "shlib");
	ck_assert_int_eq(loader_plugin_name_from_interp("/usr/lib/rproc-tools/loaders/over-lay_2.so", n, sizeof(n)), 0);
	ck_assert_str_eq(n, "over-lay_2");
	/* the firmware chooses a name, never a directory or a file type */
	ck_assert_int_eq(loader_plugin_name_from_interp("", n, sizeof(n)), -EINVAL);
	ck_assert_int_eq(loader_plugin_name_from_interp("/lib/", n, sizeof(n)), -EINVAL);
	ck_assert_int_eq(loader_plugin_name_from_interp(".so", n, sizeof(n)), -EINVAL);
	ck_assert_int_eq(loader_plugin_name_from_interp("../x/..", n, sizeof(n)), -EINVAL);
	ck_assert_int_eq(loader_plugin_name_from_interp("Elf", n, sizeof(n)), -EINVAL);
	ck_assert_int_eq(loader_plugin_name_from_interp("elf.so.1", n, sizeof(n)), -EINVAL);
	ck_assert_int_eq(loader_plugin_name_from_interp("a b", n, sizeof(n)), -EINVAL);
	ck_assert_int_eq(loader_plugin_name_from_interp("abcdefghijklmnopqrstuvwxyz0123456", n, sizeof(n)), -EINVAL);
}
END_TEST

START_TEST(abi_range)
{
	ck_assert(loader_plugin_abi_is_supported(RPROC_LOADER_ABI_VERSION));
	ck_assert(loader_plugin_abi_is_supported(RPROC_LOADER_ABI_MAJOR << 16));
	ck_assert(loader_plugin_abi_is_supported((RPROC_LOADER_ABI_MAJOR << 16) | 0xff));
	ck_assert(!loader_plugin_abi_is_supported(((RPROC_LOADER_ABI_MAJOR << 16) |
						   ((RPROC_LOADER_ABI_MINOR + 1) << 8))));
	ck_assert(!loader_plugin_abi_is_supported((RPROC_LOADER_ABI_MAJOR + 1) << 16));
	ck_assert(!loader_plugin_abi_is_supported(0));
}
END_TEST

/* dlopen smoke test: every plugin the tree installs loads and names itself. */
static const char *const shipped[] = { "elf", "bin" };

START_TEST(shipped_plugins_open)
{
	struct loader_plugin *p;

	ck_assert_int_eq(loader_plugin_open(PLUGINDIR, shipped[_i], &p), 0);
	ck_assert_str_eq(p->desc->name, shipped[_i]);
	ck_assert_ptr_nonnull(p->desc->load);
	ck_assert_ptr_nonnull(p->desc->description);
	ck_assert_uint_eq(p->desc->abi_version, RPROC_LOADER_ABI_VERSION);
	loader_plugin_close(p);
}
END_TEST

static const struct {
	const char *name;
	int err;
	const char *msg;
} broken[] = {
	{ "badabi", -ENXIO, "ABI version 2.0.0 not supported" },
	{ "nosym", -ENOEXEC, "faulty: no symbol 'rproc_loader_plugin'" },
	{ "noload", -ENOEXEC, "faulty: descriptor has no load()" },
	{ "undef", -ENOEXEC, "faulty: " },
	{ "missing", -ENOENT, "missing.so: No such file or directory" },
};

START_TEST(broken_plugins_refused)
{
	struct loader_plugin *p = NULL;
	char *log = NULL;
	size_t len;
	FILE *f;

	f = unit_capture_stderr(&log, &len);
	ck_assert_int_eq(loader_plugin_open(TESTPLUGINDIR, broken[_i].name, &p), broken[_i].err);
	fclose(f);
	ck_assert_ptr_null(p);
	ck_assert_msg(strstr(log, broken[_i].msg) != NULL, "%s: expected '%s' in:\n%s",
		      broken[_i].name, broken[_i].msg, log);
	free(log);
}
END_TEST

START_TEST(writable_plugin_refused)
{
	char *dir = unit_tmpdir(), cmd[2048];
	struct loader_plugin *p = NULL;

	snprintf(cmd, sizeof(cmd), "cp %s/bin.so %s/bin.so && chmod 0664 %s/bin.so",
		 PLUGINDIR, dir, dir);
	ck_assert_int_eq(system(cmd), 0);
	ck_assert_int_eq(loader_plugin_open(dir, "bin", &p), -EPERM);
	snprintf(cmd, sizeof(cmd), "chmod 0644 %s/bin.so", dir);
	ck_assert_int_eq(system(cmd), 0);
	ck_assert_int_eq(loader_plugin_open(dir, "bin", &p), 0);
	loader_plugin_close(p);
	/* a plugin whose descriptor calls itself by another name */
	snprintf(cmd, sizeof(cmd), "cp %s/bin.so %s/other.so", PLUGINDIR, dir);
	ck_assert_int_eq(system(cmd), 0);
	ck_assert_int_eq(loader_plugin_open(dir, "other", &p), -ENOEXEC);
	ck_assert_int_eq(loader_plugin_open(dir, "../bin", &p), -EINVAL);
	/* owned by someone else: refused (only root can set that up) */
	if (geteuid() == 0) {
		snprintf(cmd, sizeof(cmd), "chown 65534 %s/bin.so", dir);
		ck_assert_int_eq(system(cmd), 0);
		ck_assert_int_eq(loader_plugin_open(dir, "bin", &p), -EPERM);
		snprintf(cmd, sizeof(cmd), "chown 0 %s/bin.so", dir);
		ck_assert_int_eq(system(cmd), 0);
	}
	/* a directory others may write to: refused */
	snprintf(cmd, sizeof(cmd), "chmod 0777 %s", dir);
	ck_assert_int_eq(system(cmd), 0);
	ck_assert_int_eq(loader_plugin_open(dir, "bin", &p), -EPERM);
	unit_rmtree(dir);
}
END_TEST

static Suite *plugin_suite(void)
{
	Suite *s = suite_create("plugin");
	TCase *tc = tcase_create("host");

	tcase_add_test(tc, names_from_interp);
	tcase_add_test(tc, abi_range);
	tcase_add_loop_test(tc, shipped_plugins_open, 0, ARRAY_SIZE(shipped));
	tcase_add_loop_test(tc, broken_plugins_refused, 0, ARRAY_SIZE(broken));
	tcase_add_test(tc, writable_plugin_refused);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(plugin_suite)
