// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>
#include <time.h>

#include "loader-config.h"
#include "unit.h"

static struct loader_config *config_from(const char *dir, int expect)
{
	struct loader_config *c = NULL;

	ck_assert_int_eq(loader_config_load(dir, &c), expect);
	return c;
}

START_TEST(defaults_without_files)
{
	struct loader_config *c = config_from("/nonexistent-rproc-conf", 0);

	ck_assert_ptr_null(c->firmware_path);
	ck_assert_str_eq(c->default_loader, "elf");
	ck_assert_uint_eq(c->timeout, LOADER_TIMEOUT_DEFAULT);
	ck_assert_int_eq(c->log_priority, -1);
	loader_config_free(c);
}
END_TEST

START_TEST(global_keys)
{
	char *dir = unit_tmpdir();
	struct loader_config *c;

	unit_write(dir, "loader.conf",
		   "[loader]\n"
		   "firmware_path = /opt/fw:/lib/firmware\n"
		   "default_loader = bin   ; inline comment\n"
		   "timeout = 5\n"
		   "log_level = debug\n"
		   "log_target = syslog\n");
	c = config_from(dir, 0);
	ck_assert_str_eq(c->firmware_path, "/opt/fw:/lib/firmware");
	ck_assert_str_eq(c->default_loader, "bin");
	ck_assert_uint_eq(c->timeout, 5);
	ck_assert_int_eq(c->log_priority, LOG_DEBUG);
	ck_assert_int_eq(c->log_target, LOG_TARGET_SYSLOG);
	loader_config_free(c);
	unit_rmtree(dir);
}
END_TEST

/* loader.conf, then loader.conf.d in byte order; later settings win. */
START_TEST(dropin_order_and_selection)
{
	char *dir = unit_tmpdir();
	struct loader_selection sel;
	struct loader_config *c;
	char sub[1024];

	snprintf(sub, sizeof(sub), "%s/loader.conf.d", dir);
	ck_assert_int_eq(mkdir(sub, 0755), 0);
	unit_write(dir, "loader.conf",
		   "[loader]\ntimeout = 10\n"
		   "[rproc m4_*]\nloader = elf\nelf.address = physical\n");
	unit_write(sub, "20-b.conf", "[loader]\ntimeout = 20\n"
		   "[firmware *.bin]\nloader = bin\nbin.da = 0x100\n");
	unit_write(sub, "10-a.conf", "[loader]\ntimeout = 15\n"
		   "[rproc m4_0]\nelf.address = virtual\n");
	unit_write(sub, "Z-upper.conf", "[loader]\ntimeout = 12\n");	/* "Z" sorts after "2" */
	unit_write(sub, "ignored.txt", "[loader]\ntimeout = 99\n");
	c = config_from(dir, 0);
	ck_assert_uint_eq(c->timeout, 12);	/* Z-upper.conf sorts last */

	ck_assert_int_eq(loader_config_select(c, "m4_0", "app.elf", &sel), 0);
	ck_assert_ptr_nonnull(sel.loader);
	ck_assert_str_eq(sel.loader->value, "elf");
	ck_assert_uint_eq(sel.n_opts, 1);
	ck_assert_str_eq(sel.opts[0]->key, "elf.address");
	ck_assert_str_eq(sel.opts[0]->value, "virtual");	/* 10-a.conf overrides */
	ck_assert(strstr(sel.opts[0]->file, "10-a.conf") != NULL);
	ck_assert_uint_eq(sel.opts[0]->line, 4);
	loader_selection_release(&sel);

	/* a [firmware] section beats a [rproc] one */
	ck_assert_int_eq(loader_config_select(c, "m4_1", "app.bin", &sel), 0);
	ck_assert_str_eq(sel.loader->value, "bin");
	ck_assert_uint_eq(sel.n_opts, 2);
	loader_selection_release(&sel);

	ck_assert_int_eq(loader_config_select(c, "dsp0", "app.elf", &sel), 0);
	ck_assert_ptr_null(sel.loader);
	ck_assert_uint_eq(sel.n_opts, 0);
	loader_selection_release(&sel);
	loader_config_free(c);
	unit_rmtree(dir);
}
END_TEST

static const struct {
	const char *text;
	const char *msg;
} bad[] = {
	{ "[loader]\ntimeout = abc\n", "loader.conf:2: [loader] timeout = 'abc': expected seconds, 1 to 170" },
	{ "[loader]\ntimeout = 0\n", "loader.conf:2: [loader] timeout = '0'" },
	{ "[loader]\ntimeout = 171\n", "timeout = '171'" },
	{ "[loader]\nfirmware_path = relative:/abs\n", "loader.conf:2: [loader] firmware_path = 'relative:/abs'" },
	{ "[loader]\nfirmware_path = /a::/b\n", "firmware_path = '/a::/b'" },
	{ "[loader]\nlog_level = loud\n", "loader.conf:2: [loader] log_level = 'loud'" },
	{ "[loader]\nlog_target = file\n", "log_target = 'file'" },
	{ "[loader]\ndefault_loader = ../evil\n", "default_loader = '../evil'" },
	{ "[loader]\nunknown = 1\n", "loader.conf:2: [loader] unknown = '1': unknown key" },
	{ "[rproc x]\nloader = Bad/Name\n", "loader.conf:2: [rproc x] loader = 'Bad/Name'" },
	{ "[rproc x]\naddress = virtual\n", "loader.conf:2: [rproc x] address = 'virtual': unknown key (expected 'loader' or a plugin option 'PLUGIN.OPTION')" },
	{ "[firmware *.elf]\nelf. = 1\n", "[firmware *.elf] elf. = '1'" },
	{ "[plugins]\nx = 1\n", "loader.conf:2: unknown section [plugins]" },
	{ "[loader]\nthis line has no equals sign\n", "loader.conf:2: syntax error" },
	{ "[loader]\ntimeout = 1\ntimeout = x\n[loader\n", "loader.conf:3: [loader] timeout = 'x'" },
};

START_TEST(bad_values_named)
{
	char *dir = unit_tmpdir();
	struct loader_config *c = NULL;
	char *log = NULL;
	size_t len;
	FILE *f;

	unit_write(dir, "loader.conf", bad[_i].text);
	f = unit_capture_stderr(&log, &len);
	ck_assert_int_eq(loader_config_load(dir, &c), -EINVAL);
	fclose(f);
	ck_assert_ptr_null(c);
	ck_assert_msg(strstr(log, bad[_i].msg) != NULL,
		      "case %d: expected '%s' in:\n%s", _i, bad[_i].msg, log);
	free(log);
	unit_rmtree(dir);
}
END_TEST

/* Every broken drop-in is reported, not only the first. */
START_TEST(all_errors_reported)
{
	char *dir = unit_tmpdir();
	struct loader_config *c = NULL;
	char *log = NULL, sub[1024];
	size_t len;
	FILE *f;

	snprintf(sub, sizeof(sub), "%s/loader.conf.d", dir);
	ck_assert_int_eq(mkdir(sub, 0755), 0);
	unit_write(dir, "loader.conf", "[loader]\ndefault_loader = Bad\n");
	unit_write(sub, "a.conf", "[loader]\ntimeout = x\n");
	unit_write(sub, "b.conf", "[loader]\nlog_level = y\n");
	f = unit_capture_stderr(&log, &len);
	ck_assert_int_eq(loader_config_load(dir, &c), -EINVAL);
	fclose(f);
	ck_assert(strstr(log, "loader.conf:2: [loader] default_loader") != NULL);
	ck_assert(strstr(log, "a.conf:2:") != NULL);
	ck_assert(strstr(log, "b.conf:2:") != NULL);
	free(log);
	unit_rmtree(dir);
}
END_TEST

/*
 * A configuration that cannot be read whole is an error naming the file, and
 * no reason to hang or fill memory: a directory or FIFO named *.conf, a
 * device behind a symbolic link, a failing read, a link to nothing, a file
 * of gigabytes, a loader.conf.d that is no directory.
 */
static void fx_symlink(const char *dir, const char *name, const char *target)
{
	char path[1024];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	ck_assert_int_eq(symlink(target, path), 0);
}

static void fx_dropins(const char *dir, char *sub, size_t len)
{
	snprintf(sub, len, "%s/loader.conf.d", dir);
	ck_assert_int_eq(mkdir(sub, 0755), 0);
	unit_write(sub, "10-good.conf", "[loader]\ntimeout = 5\n");
}

static void fx_dir_dropin(const char *dir)
{
	char sub[1024], p[1100];

	fx_dropins(dir, sub, sizeof(sub));
	snprintf(p, sizeof(p), "%s/50-dir.conf", sub);
	ck_assert_int_eq(mkdir(p, 0755), 0);
}

static void fx_dir_main(const char *dir)
{
	char p[1100];

	snprintf(p, sizeof(p), "%s/loader.conf", dir);
	ck_assert_int_eq(mkdir(p, 0755), 0);
}

static void fx_fifo_dropin(const char *dir)
{
	char sub[1024], p[1100];

	fx_dropins(dir, sub, sizeof(sub));
	snprintf(p, sizeof(p), "%s/50-fifo.conf", sub);
	ck_assert_int_eq(mkfifo(p, 0644), 0);
}

static void fx_fifo_main(const char *dir)
{
	char p[1100];

	snprintf(p, sizeof(p), "%s/loader.conf", dir);
	ck_assert_int_eq(mkfifo(p, 0644), 0);
}

static void fx_dev_zero(const char *dir)
{
	char sub[1024];

	fx_dropins(dir, sub, sizeof(sub));
	fx_symlink(sub, "50-zero.conf", "/dev/zero");
}

/* a regular file whose read fails: /proc/self/mem at offset 0, never mapped */
static void fx_read_error(const char *dir)
{
	fx_symlink(dir, "loader.conf", "/proc/self/mem");
}

static void fx_dangling_main(const char *dir)
{
	fx_symlink(dir, "loader.conf", "/nonexistent/loader.conf");
}

static void fx_dangling_dropin(const char *dir)
{
	char sub[1024];

	fx_dropins(dir, sub, sizeof(sub));
	fx_symlink(sub, "50-gone.conf", "/nonexistent/gone.conf");
}

/* sparse: 4 GiB of zeroes without a newline, on no disk */
static void fx_huge(const char *dir)
{
	char sub[1024], p[1100];
	int fd;

	fx_dropins(dir, sub, sizeof(sub));
	snprintf(p, sizeof(p), "%s/50-huge.conf", sub);
	fd = open(p, O_WRONLY | O_CREAT, 0644);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ftruncate(fd, 4LL << 30), 0);
	close(fd);
}

static void fx_dropin_file(const char *dir)
{
	unit_write(dir, "loader.conf.d", "[loader]\ntimeout = 5\n");
}

static const struct {
	const char *name;
	void (*setup)(const char *dir);
	int err;
	const char *msg;
} unreadable[] = {
	{ "directory drop-in", fx_dir_dropin, -EISDIR,
	  "loader.conf.d/50-dir.conf: not a regular file but a directory" },
	{ "directory loader.conf", fx_dir_main, -EISDIR,
	  "/loader.conf: not a regular file but a directory" },
	{ "FIFO drop-in", fx_fifo_dropin, -EINVAL,
	  "loader.conf.d/50-fifo.conf: not a regular file but a FIFO" },
	{ "FIFO loader.conf", fx_fifo_main, -EINVAL,
	  "/loader.conf: not a regular file but a FIFO" },
	{ "/dev/zero behind a symlink", fx_dev_zero, -EINVAL,
	  "loader.conf.d/50-zero.conf: not a regular file but a character device" },
	{ "read failure", fx_read_error, -EIO,
	  "/loader.conf:1: cannot read: Input/output error" },
	{ "dangling loader.conf", fx_dangling_main, -ENOENT,
	  "/loader.conf: cannot open: a symbolic link to nothing" },
	{ "dangling drop-in", fx_dangling_dropin, -ENOENT,
	  "loader.conf.d/50-gone.conf: cannot open: a symbolic link to nothing" },
	{ "4 GiB drop-in", fx_huge, -EFBIG,
	  "loader.conf.d/50-huge.conf: 4294967296 bytes: larger than 1024 KiB" },
	{ "loader.conf.d a file", fx_dropin_file, -ENOTDIR,
	  "/loader.conf.d: cannot read: Not a directory" },
};

START_TEST(unreadable_refused)
{
	char *dir = unit_tmpdir();
	struct loader_config *c = NULL;
	struct timespec t0, t1;
	char *log = NULL;
	size_t len;
	FILE *f;
	int err;

	unreadable[_i].setup(dir);
	f = unit_capture_stderr(&log, &len);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	err = loader_config_load(dir, &c);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	fclose(f);
	ck_assert_msg(err == unreadable[_i].err, "%s: %d, not %d; log:\n%s",
		      unreadable[_i].name, err, unreadable[_i].err, log);
	ck_assert_ptr_null(c);
	ck_assert_msg(strstr(log, unreadable[_i].msg) != NULL,
		      "%s: expected '%s' in:\n%s", unreadable[_i].name, unreadable[_i].msg, log);
	/* refused at once: nothing read to its end */
	ck_assert_msg(t1.tv_sec - t0.tv_sec < 2, "%s: took %ld s", unreadable[_i].name,
		      (long)(t1.tv_sec - t0.tv_sec));
	free(log);
	unit_rmtree(dir);
}
END_TEST

/* Past what can be refused before reading: the good files around it still report. */
START_TEST(unreadable_with_errors_elsewhere)
{
	char *dir = unit_tmpdir();
	struct loader_config *c = NULL;
	char *log = NULL;
	size_t len;
	FILE *f;

	fx_dir_dropin(dir);
	unit_write(dir, "loader.conf", "[loader]\ntimeout = x\n");
	f = unit_capture_stderr(&log, &len);
	/* the drop-ins come after loader.conf, but every broken file is logged */
	ck_assert_int_lt(loader_config_load(dir, &c), 0);
	fclose(f);
	ck_assert(strstr(log, "loader.conf:2: [loader] timeout = 'x'") != NULL);
	ck_assert(strstr(log, "50-dir.conf: not a regular file") != NULL);
	free(log);
	unit_rmtree(dir);
}
END_TEST

/*
 * The config names the plugins and firmware root runs: a file or directory
 * someone else owns or may write is refused, with its name and why.
 */
static const struct {
	const char *what;	/* the path, relative to the confdir */
	const char *setup;	/* shell, in the confdir */
	const char *kind;	/* the message: KIND CONFDIR REST */
	const char *rest;
} untrusted[] = {
	{ "loader.conf", "chmod 0666 loader.conf",
	  "config file", "/loader.conf: refused: mode 0666 lets others write it" },
	{ "loader.conf", "chmod 0620 loader.conf",
	  "config file", "/loader.conf: refused: mode 0620 lets its group write it" },
	{ "loader.conf", "chown 65534 loader.conf",
	  "config file", "/loader.conf: refused: owned by uid 65534" },
	{ "loader.conf.d/a.conf", "chmod 0646 loader.conf.d/a.conf",
	  "config file", "/loader.conf.d/a.conf: refused: mode 0646 lets others write it" },
	{ "loader.conf.d/a.conf", "chown 65534 loader.conf.d/a.conf",
	  "config file", "/loader.conf.d/a.conf: refused: owned by uid 65534" },
	{ "loader.conf.d", "chmod 1777 loader.conf.d",
	  "config directory", "/loader.conf.d: refused: mode 1777 lets others write it" },
	{ "loader.conf.d", "chown 65534 loader.conf.d",
	  "config directory", "/loader.conf.d: refused: owned by uid 65534" },
	{ ".", "chmod 0775 .", "config directory", ": refused: mode 0775 lets its group write it" },
	/* a link is judged by what it leads to, as reading it would */
	{ "loader.conf.d/b.conf", "touch ../other.conf && chmod 0666 ../other.conf && "
	  "ln -s ../../other.conf loader.conf.d/b.conf",
	  "config file", "/loader.conf.d/b.conf: refused: mode 0666 lets others write it" },
};

START_TEST(untrusted_refused)
{
	char *top = unit_tmpdir(), dir[1024], cmd[4096], want[2048];
	struct loader_config *c = NULL;
	char *log = NULL;
	size_t len;
	FILE *f;

	/* chown needs root; as another user the mode cases still run */
	if (geteuid() != 0 && strstr(untrusted[_i].setup, "chown")) {
		unit_rmtree(top);
		return;
	}
	snprintf(dir, sizeof(dir), "%s/conf", top);
	ck_assert_int_eq(mkdir(dir, 0755), 0);
	snprintf(cmd, sizeof(cmd), "%s/loader.conf.d", dir);
	ck_assert_int_eq(mkdir(cmd, 0755), 0);
	unit_write(dir, "loader.conf", "[loader]\ntimeout = 3\n");
	unit_write(cmd, "a.conf", "[loader]\ntimeout = 4\n");
	/* trusted as made: loads */
	c = config_from(dir, 0);
	ck_assert_uint_eq(c->timeout, 4);
	loader_config_free(c);
	c = NULL;

	snprintf(cmd, sizeof(cmd), "cd '%s' && %s", dir, untrusted[_i].setup);
	ck_assert_int_eq(system(cmd), 0);
	f = unit_capture_stderr(&log, &len);
	ck_assert_int_eq(loader_config_load(dir, &c), -EPERM);
	fclose(f);
	ck_assert_ptr_null(c);
	snprintf(want, sizeof(want), "%s %s%s", untrusted[_i].kind, dir, untrusted[_i].rest);
	ck_assert_msg(strstr(log, want) != NULL, "%s: expected '%s' in:\n%s",
		      untrusted[_i].what, want, log);
	free(log);
	unit_rmtree(top);
}
END_TEST

static Suite *config_suite(void)
{
	Suite *s = suite_create("config");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, defaults_without_files);
	tcase_add_test(tc, global_keys);
	tcase_add_test(tc, dropin_order_and_selection);
	tcase_add_loop_test(tc, bad_values_named, 0, ARRAY_SIZE(bad));
	tcase_add_test(tc, all_errors_reported);
	tcase_add_loop_test(tc, unreadable_refused, 0, ARRAY_SIZE(unreadable));
	tcase_add_test(tc, unreadable_with_errors_elsewhere);
	tcase_add_loop_test(tc, untrusted_refused, 0, ARRAY_SIZE(untrusted));
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(config_suite)
