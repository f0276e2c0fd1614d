// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * shlib-lock.c - loads that share a memory take turns on a flock(2)
 * (shlib.lock, shlib.lock_wait).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <rproc/loader.h>

#include "shlib.h"

/* lock_wait: decimal seconds, digits only; *set: the option was given */
static int shlib_lock_wait_get(struct shlib_ctx *c, unsigned long *secs, bool *set)
{
	const char *wait = rproc_load_option_get(c->load, "lock_wait");
	char *end;

	*secs = SHLIB_LOCK_WAIT_DEFAULT;
	*set = wait != NULL;
	if (!wait)
		return 0;
	errno = 0;
	*secs = strtoul(wait, &end, 10);
	if (wait[0] < '0' || wait[0] > '9' || errno || *end || *secs > SHLIB_LOCK_WAIT_MAX) {
		rproc_load_err(c->load, "option lock_wait = '%.32s': expected seconds, 0 to %d",
			       wait, SHLIB_LOCK_WAIT_MAX);
		return -EINVAL;
	}
	return 0;
}

/*
 * The lock file, opened for flock() alone (read-only is enough; not
 * blocking, should it be a FIFO). As root,
 * in a directory others can write, someone else's file could keep every
 * load waiting: only a regular file of ours that nobody else can write is
 * taken. -EACCES (a user without the right to it, say a dry run by hand)
 * is the caller's to forgive.
 */
static int shlib_lock_open(struct shlib_ctx *c, const char *path)
{
	struct stat st;
	int fd, err;

	fd = open(path, O_RDONLY | O_CREAT | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK | O_CLOEXEC,
		  0600);
	if (fd < 0) {
		err = -errno;
		if (err != -EACCES)
			rproc_load_err(c->load, "lock: cannot open %.256s: %s", path, strerror(-err));
		return err;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid() ||
	    (st.st_mode & (S_IWGRP | S_IWOTH))) {
		rproc_load_err(c->load, "lock: %.256s is not a regular file of this user that only it can write: refused",
			       path);
		close(fd);
		return -EPERM;
	}
	return fd;
}

/*
 * Loads that share a memory take turns: from reading the manifest until the
 * host has written the plan (release() drops the lock), no other shlib load
 * on this host reads or writes it. Else two loads that both found a library
 * missing would both place it, and the second could write over text a core
 * already runs. One lock for every shared memory: shlib loads are short, and
 * the plugin cannot tell which memories of two backends are the same.
 */
/*
 * How long to wait, in polls: shlib.lock_wait, but never past what the
 * host's own timeout leaves (less what the load needs once it has the
 * lock); without the option, all of that. *budget: the host's time, not
 * lock_wait, is the limit. A host without a timeout (a dry run) or older
 * than ABI 1.2: lock_wait, default SHLIB_LOCK_WAIT_DEFAULT.
 */
static int shlib_lock_polls(struct shlib_ctx *c, unsigned long *polls, bool *budget)
{
	unsigned long secs;
	uint64_t ms, left;
	bool set;
	int err;

	err = shlib_lock_wait_get(c, &secs, &set);
	if (err < 0)
		return err;
	ms = (uint64_t)secs * 1000;
	*budget = false;
	if (rproc_load_time_left_get(c->load, &left) == 0) {
		left = left > SHLIB_LOCK_MARGIN_MS ? left - SHLIB_LOCK_MARGIN_MS : 0;
		if (!set || left < ms) {
			ms = left;
			*budget = true;
		}
	}
	*polls = (unsigned long)(ms / (SHLIB_LOCK_POLL_US / 1000));
	return 0;
}

int shlib_lock_take(struct shlib_ctx *c)
{
	const char *path = rproc_load_option_get(c->load, "lock");
	unsigned long max_polls, polls;
	bool budget;
	int fd, err;

	err = shlib_lock_polls(c, &max_polls, &budget);
	if (err < 0)
		return err;
	if (path && path[0] != '/') {
		rproc_load_err(c->load, "option lock = '%.256s': expected an absolute path", path);
		return -EINVAL;
	}
	/* the default's directory is made by the first load after boot */
	if (!path) {
		path = SHLIB_LOCK_DEFAULT;
		if (mkdir(SHLIB_LOCK_DIR, 0755) < 0 && errno != EEXIST) {
			err = -errno;
			if (err == -EACCES)
				goto unlocked;
			rproc_load_err(c->load, "lock: cannot make %s: %s (set shlib.lock)",
				       SHLIB_LOCK_DIR, strerror(-err));
			return err;
		}
	}
	fd = shlib_lock_open(c, path);
	if (fd == -EACCES) {
		err = fd;
		goto unlocked;
	}
	if (fd < 0)
		return fd;
	for (polls = 0; flock(fd, LOCK_EX | LOCK_NB) < 0; polls++) {
		/* a kernel or file system without file locking: load, say what is lost */
		if (errno == ENOSYS || errno == EOPNOTSUPP) {
			rproc_load_warn(c->load, "lock: %.256s: %s: loads into a shared memory do not take turns",
					path, strerror(errno));
			close(fd);
			return 0;
		}
		if (errno != EWOULDBLOCK && errno != EINTR) {
			err = -errno;
			rproc_load_err(c->load, "lock: %.256s: %s", path, strerror(-err));
			close(fd);
			return err;
		}
		if (polls >= max_polls && budget) {
			rproc_load_err(c->load, "lock: another load has held %.256s for %lu ms, and rproc-loader's timeout is near: giving up",
				       path, polls * (SHLIB_LOCK_POLL_US / 1000));
			close(fd);
			return -ETIMEDOUT;
		}
		if (polls >= max_polls) {
			rproc_load_err(c->load, "lock: another load has held %.256s for %lu s (shlib.lock_wait)",
				       path, polls / (1000000 / SHLIB_LOCK_POLL_US));
			close(fd);
			return -EBUSY;
		}
		if (polls == 0)
			rproc_load_info(c->load, "waiting for %.256s: another load is using a shared memory",
					path);
		usleep(SHLIB_LOCK_POLL_US);
	}
	c->lock_fd = fd;
	return 0;

unlocked:
	/* not root: a dry run or a directory backend of one's own */
	rproc_load_warn(c->load, "lock: %.256s: %s: this load does not take turns with others",
			path, strerror(-err));
	return 0;
}
