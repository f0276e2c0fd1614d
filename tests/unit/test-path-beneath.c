// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * path_beneath_open(): openat2 where the kernel has it, the O_NOFOLLOW walk
 * where it has not; both must follow the same rule, so each case runs both.
 */
#include <errno.h>

#include "path-beneath.h"
#include "unit.h"

typedef int (*open_fn)(int dirfd, const char *path, int flags, mode_t mode);
static const open_fn impls[] = { path_beneath_open, path_beneath_open_walk };

static int dirfd_of(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	ck_assert_int_ge(fd, 0);
	return fd;
}

static void sh(const char *dir, const char *cmd)
{
	char buf[4096];

	snprintf(buf, sizeof(buf), "cd '%s' && %s", dir, cmd);
	ck_assert_int_eq(system(buf), 0);
}

static const struct {
	const char *path;
	int flags;
	int want;	/* 0: a descriptor */
} cases[] = {
	{ "f", O_RDONLY, 0 },
	{ "d/f", O_RDONLY, 0 },
	{ "./d//f", O_RDONLY, 0 },
	{ "d/e/g", O_RDWR | O_CREAT, 0 },	/* made, in a real directory */
	{ "lf", O_RDONLY, -ELOOP },		/* the file a link */
	{ "ld/f", O_RDONLY, -ELOOP },		/* a directory on the way a link */
	{ "d/le/f", O_RDONLY, -ELOOP },		/* deeper down */
	{ "ld/new", O_RDWR | O_CREAT, -ELOOP },	/* nothing made through a link */
	{ "lf", O_WRONLY | O_CREAT | O_EXCL, -EEXIST },
	{ "../x", O_RDONLY, -EXDEV },
	{ "d/../f", O_RDONLY, -EXDEV },
	{ "/etc/passwd", O_RDONLY, -EXDEV },
	{ "", O_RDONLY, -EINVAL },
	{ "missing/f", O_RDONLY, -ENOENT },
	{ "f/x", O_RDONLY, -ENOTDIR },
};

START_TEST(beneath_rules)
{
	char *top = unit_tmpdir(), dir[1024];
	int i, fd, dfd;
	struct stat st;

	snprintf(dir, sizeof(dir), "%s/in", top);
	ck_assert_int_eq(mkdir(dir, 0755), 0);
	sh(top, "mkdir out && echo secret > out/f && mkdir out/e");
	sh(dir, "echo f > f && mkdir -p d/e && echo df > d/f && ln -s ../out/f lf && "
	   "ln -s ../out ld && ln -s ../../out/e d/le");
	dfd = dirfd_of(dir);
	for (i = 0; i < (int)ARRAY_SIZE(cases); i++) {
		fd = impls[_i](dfd, cases[i].path, cases[i].flags, 0644);
		if (cases[i].want == 0) {
			ck_assert_msg(fd >= 0, "impl %d, %s: %s", _i, cases[i].path, strerror(-fd));
			close(fd);
		} else {
			ck_assert_msg(fd == cases[i].want, "impl %d, %s: got %d, want %d",
				      _i, cases[i].path, fd, cases[i].want);
		}
	}
	/* nothing was made outside */
	snprintf(dir, sizeof(dir), "%s/out/new", top);
	ck_assert_int_lt(stat(dir, &st), 0);
	close(dfd);
	unit_rmtree(top);
}
END_TEST

START_TEST(beneath_strerror)
{
	ck_assert(strstr(path_beneath_strerror(-ELOOP), "symbolic link") != NULL);
	ck_assert(strstr(path_beneath_strerror(-EXDEV), "out of the directory") != NULL);
	ck_assert_str_eq(path_beneath_strerror(-ENOENT), strerror(ENOENT));
}
END_TEST

static Suite *beneath_suite(void)
{
	Suite *s = suite_create("path-beneath");
	TCase *tc = tcase_create("open");

	tcase_add_loop_test(tc, beneath_rules, 0, ARRAY_SIZE(impls));
	tcase_add_test(tc, beneath_strerror);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(beneath_suite)
