// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/openat2.h>

#include "path-beneath.h"

#define NAME_MAX_BENEATH	255

/* No absolute path, no "..": refused before either way of opening runs. */
static int path_beneath_check(const char *path)
{
	const char *p = path;

	if (path[0] == '\0')
		return -EINVAL;
	if (path[0] == '/')
		return -EXDEV;
	while (p) {
		if (p[0] == '.' && p[1] == '.' && (p[2] == '/' || p[2] == '\0'))
			return -EXDEV;
		p = strchr(p, '/');
		if (p)
			p++;
	}
	return 0;
}

/* An intermediate component that is not a directory: ELOOP if a link. */
static int path_beneath_why(int dirfd, const char *name, int err)
{
	struct stat st;

	if ((err == -ENOTDIR || err == -ELOOP) &&
	    fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode))
		return -ELOOP;
	return err;
}

int path_beneath_open_walk(int dirfd, const char *path, int flags, mode_t mode)
{
	char name[NAME_MAX_BENEATH + 1];
	const char *p = path, *slash;
	int cur = dirfd, next, fd, err;
	size_t n;

	err = path_beneath_check(path);
	if (err < 0)
		return err;
	for (;;) {
		slash = strchr(p, '/');
		if (!slash)
			break;
		/* "a//b" and "./a": nothing to walk */
		n = (size_t)(slash - p);
		if (n == 0 || (n == 1 && p[0] == '.')) {
			p = slash + 1;
			continue;
		}
		if (n > NAME_MAX_BENEATH) {
			err = -ENAMETOOLONG;
			goto out;
		}
		memcpy(name, p, n);
		name[n] = '\0';
		next = openat(cur, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (next < 0) {
			err = path_beneath_why(cur, name, -errno);
			goto out;
		}
		if (cur != dirfd)
			close(cur);
		cur = next;
		p = slash + 1;
	}
	if (p[0] == '\0' || strcmp(p, ".") == 0) {
		err = -EINVAL;	/* names a directory, not a file in one */
		goto out;
	}
	fd = openat(cur, p, flags | O_CLOEXEC | O_NOFOLLOW, mode);
	err = fd < 0 ? -errno : fd;
out:
	if (cur != dirfd)
		close(cur);
	return err;
}

int path_beneath_open(int dirfd, const char *path, int flags, mode_t mode)
{
	static bool no_openat2;
	struct open_how how = {
		.flags = (uint64_t)(flags | O_CLOEXEC | O_NOFOLLOW),
		.mode = flags & (O_CREAT | O_TMPFILE) ? mode : 0,
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS,
	};
	long fd;
	int err;

	err = path_beneath_check(path);
	if (err < 0)
		return err;
	if (!no_openat2) {
		fd = syscall(SYS_openat2, dirfd, path, &how, sizeof(how));
		if (fd >= 0)
			return (int)fd;
		if (errno != ENOSYS)
			return -errno;
		no_openat2 = true;	/* before Linux 5.6 */
	}
	return path_beneath_open_walk(dirfd, path, flags, mode);
}

const char *path_beneath_strerror(int err)
{
	switch (err) {
	case -ELOOP:
		return "a symbolic link on the way (refused: files are opened beneath the directory, without following links)";
	case -EXDEV:
		return "leads out of the directory (refused)";
	case -EEXIST:
		return "exists already";
	default:
		return strerror(-err);
	}
}
