// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Plugin host: names, ABI range, and a dlopen smoke test of every plugin the
 * tree builds, plus broken ones that must be refused without a crash.
 */
#include <dlfcn.h>
#include <errno.h>
#include <link.h>

#include "loader-plan.h"
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
	/* a newer minor only appends: the descriptor copy and the wrappers cope */
	ck_assert(loader_plugin_abi_is_supported(((RPROC_LOADER_ABI_MAJOR << 16) |
						  ((RPROC_LOADER_ABI_MINOR + 1) << 8))));
	ck_assert(!loader_plugin_abi_is_supported((RPROC_LOADER_ABI_MAJOR + 1) << 16));
	ck_assert(!loader_plugin_abi_is_supported(0));
}
END_TEST

/* dlopen smoke test: every plugin the tree installs loads and names itself. */
static const char *const shipped[] = { "elf", "bin", "overlay" };

START_TEST(shipped_plugins_open)
{
	struct loader_plugin *p;

	ck_assert_int_eq(loader_plugin_open(PLUGINDIR, shipped[_i], &p), 0);
	ck_assert_str_eq(p->desc->name, shipped[_i]);
	ck_assert_ptr_nonnull(p->desc->load);
	ck_assert_ptr_nonnull(p->desc->description);
	ck_assert_uint_eq(p->desc->abi_version, RPROC_LOADER_ABI_VERSION);
	ck_assert_uint_eq(p->desc->size, RPROC_LOADER_PLUGIN_SIZE);
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
	{ "futurebad", -ENXIO, "does not know (byte " },
	{ "futurenosize", -ENXIO, "descriptor of size 0: this host (ABI 1.2) needs its size" },
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

/*
 * One plugin per ABI: each opens, and runs on this host. The pretend older
 * hosts below prove the wrappers look at load->abi_version before an ops
 * member that such a host does not have.
 */
static const struct rproc_memory abi_mem[] = {
	{ .name = "sram", .da = 0x1000, .size = 0x100 },
};
static const uint8_t abi_image[16];

static struct loader_setting abi_set[] = {
	{ .key = (char *)"abi10.word", .value = (char *)"hello", .file = "t.conf", .line = 1 },
	{ .key = (char *)"abi12.addr", .value = (char *)"0x0100", .file = "t.conf", .line = 2 },
	{ .key = (char *)"abi12.len", .value = (char *)"64K", .file = "t.conf", .line = 3 },
	{ .key = (char *)"abi12.flag", .value = (char *)"yes", .file = "t.conf", .line = 4 },
	{ .key = (char *)"abi12.mode", .value = (char *)"exact", .file = "t.conf", .line = 5 },
};

static char *abi_run(const char *name, uint32_t host_abi, const struct rproc_load_ops *ops,
		     uint64_t deadline_ms, int *ret, uint64_t *boot)
{
	const struct loader_setting *opts[ARRAY_SIZE(abi_set)];
	struct loader_selection sel = { .opts = opts, .n_opts = ARRAY_SIZE(abi_set) };
	struct loader_plugin *p = NULL;
	struct loader_plan plan;
	char *log = NULL;
	size_t i, len;
	FILE *f;

	for (i = 0; i < ARRAY_SIZE(abi_set); i++)
		opts[i] = &abi_set[i];
	ck_assert_int_eq(loader_plugin_open(TESTPLUGINDIR, name, &p), 0);
	loader_plan_init(&plan, p->name, &sel, abi_mem, ARRAY_SIZE(abi_mem),
			 abi_image, sizeof(abi_image), "fw", "rp");
	plan.deadline_ms = deadline_ms;
	if (host_abi)
		plan.load.abi_version = host_abi;
	if (ops)
		plan.load.ops = ops;
	log_priority_set(LOG_INFO);
	f = unit_capture_stderr(&log, &len);
	*ret = p->desc->load(&plan.load);
	fclose(f);
	*boot = plan.boot_addr;
	loader_plan_release(&plan);
	loader_plugin_close(p);
	return log;
}

static void abi_expect(const char *log, const char *what)
{
	ck_assert_msg(strstr(log, what) != NULL, "expected '%s' in:\n%s", what, log);
}

START_TEST(abi_plugins_run)
{
	struct loader_plugin *p;
	uint64_t boot;
	char *log;
	int ret;

	/* the host read the old descriptors no further than 1.0 defines */
	ck_assert_int_eq(loader_plugin_open(TESTPLUGINDIR, "abi10", &p), 0);
	ck_assert_uint_eq(p->desc->size, 0);
	ck_assert_ptr_null(p->desc->release);
	loader_plugin_close(p);
	ck_assert_int_eq(loader_plugin_open(TESTPLUGINDIR, "abi11", &p), 0);
	ck_assert_uint_eq(p->desc->size, 0);
	loader_plugin_close(p);

	log = abi_run("abi10", 0, NULL, 0, &ret, &boot);
	ck_assert_int_eq(ret, 0);
	ck_assert_uint_eq(boot, 0x10);
	abi_expect(log, "abi10: host 0x10200, word=hello");
	free(log);

	/* no backend to read from: the host's answer, not the wrapper's */
	log = abi_run("abi11", 0, NULL, 0, &ret, &boot);
	ck_assert_int_eq(ret, 0);
	ck_assert_uint_eq(boot, 0x11);
	abi_expect(log, "abi11: memory_read=-95 word=0");
	free(log);

	log = abi_run("abi12", 0, NULL, loader_plan_clock_ms() + 25000, &ret, &boot);
	ck_assert_int_eq(ret, 0);
	ck_assert_uint_eq(boot, 0x12);
	abi_expect(log, "abi12: addr=0:0x100 len=0:65536 flag=0:1 mode=0:2 time=0:ok");
	free(log);
	/* a dry run has no timeout */
	log = abi_run("abi12", 0, NULL, 0, &ret, &boot);
	abi_expect(log, "time=-2:-");
	free(log);

	log = abi_run("future", 0, NULL, 0, &ret, &boot);
	ck_assert_int_eq(ret, 0);
	ck_assert_uint_eq(boot, 0x13);
	abi_expect(log, "future: runs on host 0x10200");
	free(log);
}
END_TEST

static bool trap_hit;

static int trap_read(struct rproc_load *l, uint64_t da, void *b, uint64_t n)
{
	trap_hit = true;
	return 0;
}

static int trap_u64(struct rproc_load *l, const char *k, uint64_t lo, uint64_t hi, uint64_t *v)
{
	trap_hit = true;
	return 0;
}

static int trap_bool(struct rproc_load *l, const char *k, bool *v)
{
	trap_hit = true;
	return 0;
}

static int trap_choice(struct rproc_load *l, const char *k, const char *const *c,
		       unsigned int *i)
{
	trap_hit = true;
	return 0;
}

static int trap_time(struct rproc_load *l, uint64_t *ms)
{
	trap_hit = true;
	return 0;
}

START_TEST(abi_older_host)
{
	struct loader_plan plan;
	struct rproc_load_ops ops;
	uint64_t boot;
	char *log;
	int ret;

	/* what lies past an older host's ops table: here, traps */
	loader_plan_init(&plan, "x", NULL, abi_mem, 1, abi_image, 0, "fw", "rp");
	ops = *plan.load.ops;
	ops.option_get_u64 = trap_u64;
	ops.option_get_size = trap_u64;
	ops.option_get_bool = trap_bool;
	ops.option_get_choice = trap_choice;
	ops.time_left_get = trap_time;

	trap_hit = false;
	log = abi_run("abi12", (1 << 16) | (1 << 8), &ops, loader_plan_clock_ms() + 25000,
		      &ret, &boot);
	ck_assert_int_eq(ret, 0);
	ck_assert_msg(!trap_hit, "a 1.2 wrapper called into a 1.1 host's ops table");
	abi_expect(log, "abi12: addr=-95:0 len=-95:0 flag=-95:0 mode=-95:0 time=-95:-");
	free(log);

	ops.memory_read = trap_read;
	trap_hit = false;
	log = abi_run("abi11", 1 << 16, &ops, 0, &ret, &boot);
	ck_assert_int_eq(ret, 0);
	ck_assert_msg(!trap_hit, "the 1.1 wrapper called into a 1.0 host's ops table");
	abi_expect(log, "abi11: memory_read=-95 word=0");
	free(log);
	/* the same trap, on a host that has it: reached */
	log = abi_run("abi11", (1 << 16) | (1 << 8), &ops, 0, &ret, &boot);
	ck_assert(trap_hit);
	abi_expect(log, "abi11: memory_read=0");
	free(log);
	loader_plan_release(&plan);
}
END_TEST

/*
 * What root dlopen()s is what was checked: no world-writable sticky
 * directory (anyone may add a bin.so to /tmp), no link (its target can be
 * changed under us), nothing but a regular file, and the handle is of the
 * descriptor that was checked.
 */
START_TEST(plugin_open_trusted_only)
{
	char *dir = unit_tmpdir(), cmd[4096];
	struct loader_plugin *p = NULL;
	struct link_map *lm = NULL;
	char *log = NULL;
	size_t len;
	FILE *f;

	snprintf(cmd, sizeof(cmd), "cp %s/bin.so %s/bin.so && chmod 1777 %s", PLUGINDIR, dir, dir);
	ck_assert_int_eq(system(cmd), 0);
	f = unit_capture_stderr(&log, &len);
	ck_assert_int_eq(loader_plugin_open(dir, "bin", &p), -EPERM);
	fclose(f);
	ck_assert_ptr_null(p);
	ck_assert_msg(strstr(log, "refused: mode 1777 lets others write it") != NULL,
		      "sticky: %s", log);
	free(log);

	/* a link to a good plugin, in a good directory */
	snprintf(cmd, sizeof(cmd), "chmod 0755 %s && rm %s/bin.so && ln -s %s/bin.so %s/bin.so",
		 dir, dir, PLUGINDIR, dir);
	ck_assert_int_eq(system(cmd), 0);
	f = unit_capture_stderr(&log, &len);
	ck_assert_int_eq(loader_plugin_open(dir, "bin", &p), -EPERM);
	fclose(f);
	ck_assert_msg(strstr(log, "bin.so: a symbolic link: refused") != NULL, "link: %s", log);
	free(log);

	/* a FIFO: refused at once, not waited on */
	snprintf(cmd, sizeof(cmd), "rm %s/bin.so && mkfifo -m 0644 %s/bin.so", dir, dir);
	ck_assert_int_eq(system(cmd), 0);
	f = unit_capture_stderr(&log, &len);
	ck_assert_int_eq(loader_plugin_open(dir, "bin", &p), -EPERM);
	fclose(f);
	ck_assert_msg(strstr(log, "bin.so: refused: not a regular file") != NULL, "fifo: %s", log);
	free(log);

	/* the real file: loaded, from the descriptor that was checked */
	snprintf(cmd, sizeof(cmd), "rm %s/bin.so && cp %s/bin.so %s/bin.so", dir, PLUGINDIR, dir);
	ck_assert_int_eq(system(cmd), 0);
	ck_assert_int_eq(loader_plugin_open(dir, "bin", &p), 0);
	ck_assert_int_eq(dlinfo(p->handle, RTLD_DI_LINKMAP, &lm), 0);
	ck_assert_msg(strncmp(lm->l_name, "/proc/self/fd/", 14) == 0, "loaded as %s", lm->l_name);
	loader_plugin_close(p);
	unit_rmtree(dir);
}
END_TEST

/*
 * A resident loader's kept plugins: the same plugin again is the one kept;
 * another plugin opened later through the same fd number is that plugin,
 * not the kept one glibc knows by the name /proc/self/fd/N; a file replaced
 * (another inode) is loaded again; a plugin made untrusted is refused even
 * though it is kept.
 */
START_TEST(plugin_cache_keeps_and_reloads)
{
	struct loader_plugin *elf = NULL, *bin = NULL, *again = NULL;
	struct loader_plugin_cache *c;
	char *dir = unit_tmpdir(), cmd[4096];
	char *log = NULL;
	size_t len;
	FILE *f;

	snprintf(cmd, sizeof(cmd), "cp %s/bin.so %s/elf.so %s/", PLUGINDIR, PLUGINDIR, dir);
	ck_assert_int_eq(system(cmd), 0);
	ck_assert_int_eq(loader_plugin_cache_new(&c), 0);
	ck_assert_int_eq(loader_plugin_cache_open(c, dir, "elf", &elf), 0);
	ck_assert_str_eq(elf->desc->name, "elf");
	ck_assert_int_eq(loader_plugin_cache_open(c, dir, "bin", &bin), 0);
	ck_assert_str_eq(bin->desc->name, "bin");
	ck_assert_ptr_ne(bin->handle, elf->handle);
	ck_assert_int_eq(loader_plugin_cache_open(c, dir, "elf", &again), 0);
	ck_assert_ptr_eq(again, elf);

	/* replaced by a copy: a new inode, loaded again */
	snprintf(cmd, sizeof(cmd), "cp %s/bin.so %s/bin.so.new && mv %s/bin.so.new %s/bin.so",
		 PLUGINDIR, dir, dir, dir);
	ck_assert_int_eq(system(cmd), 0);
	f = unit_capture_stderr(&log, &len);
	ck_assert_int_eq(loader_plugin_cache_open(c, dir, "bin", &again), 0);
	fclose(f);
	ck_assert_str_eq(again->desc->name, "bin");
	ck_assert_msg(strstr(log, "bin.so changed since it was loaded") != NULL, "%s", log);
	free(log);

	/* checked at each open: writable by others now, refused */
	snprintf(cmd, sizeof(cmd), "chmod 0666 %s/elf.so", dir);
	ck_assert_int_eq(system(cmd), 0);
	f = unit_capture_stderr(&log, &len);
	ck_assert_int_eq(loader_plugin_cache_open(c, dir, "elf", &again), -EPERM);
	fclose(f);
	free(log);
	loader_plugin_cache_flush(c);
	loader_plugin_cache_free(c);
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
	tcase_add_test(tc, abi_plugins_run);
	tcase_add_test(tc, abi_older_host);
	tcase_add_test(tc, plugin_open_trusted_only);
	tcase_add_test(tc, plugin_cache_keeps_and_reloads);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(plugin_suite)
