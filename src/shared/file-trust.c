// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "file-trust.h"
#include "log.h"

int file_trust_stat_check(const struct stat *st, mode_t type, const char *path,
			  const char *what)
{
	uid_t euid = geteuid();

	if (type && (st->st_mode & S_IFMT) != type) {
		ERR("%s %s: refused: not a %s", what, path,
		    type == S_IFDIR ? "directory" : "regular file");
		return -EPERM;
	}
	if (!type && !S_ISREG(st->st_mode) && !S_ISDIR(st->st_mode))
		return 0;
	if (st->st_uid != 0 && st->st_uid != euid) {
		if (euid == 0)
			ERR("%s %s: refused: owned by uid %u, not by root", what, path,
			    (unsigned int)st->st_uid);
		else
			ERR("%s %s: refused: owned by uid %u, not by root or uid %u", what,
			    path, (unsigned int)st->st_uid, (unsigned int)euid);
		return -EPERM;
	}
	if (st->st_mode & (S_IWGRP | S_IWOTH)) {
		ERR("%s %s: refused: mode %04o lets %s write it (chmod go-w)", what, path,
		    (unsigned int)(st->st_mode & 07777),
		    st->st_mode & S_IWOTH ? "others" : "its group");
		return -EPERM;
	}
	return 0;
}

int file_trust_fd_check(int fd, mode_t type, const char *path, const char *what)
{
	struct stat st;
	int err;

	if (fstat(fd, &st) < 0) {
		err = -errno;
		ERR("%s %s: cannot stat: %s", what, path, strerror(-err));
		return err;
	}
	return file_trust_stat_check(&st, type, path, what);
}

int file_trust_path_check(const char *path, mode_t type, const char *what)
{
	struct stat st;
	int err;

	if (stat(path, &st) < 0) {
		err = -errno;
		if (err != -ENOENT)
			ERR("%s %s: cannot stat: %s", what, path, strerror(-err));
		return err;
	}
	return file_trust_stat_check(&st, type, path, what);
}
