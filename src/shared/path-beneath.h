/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Open a file beneath a directory, never leaving it: a relative path whose
 * every component is looked up without following a symbolic link, none of
 * them "..". Whoever may write the directory can then make us open nothing
 * but what lies in it: a planted "sub -> /etc" or "x.bin -> /etc/passwd"
 * fails with -ELOOP instead of letting a root-run program write there.
 *
 * openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS) where the kernel has it
 * (Linux 5.6), else a walk with O_NOFOLLOW on each component: the same rule
 * both ways, so a directory that works on one kernel works on all.
 */
#ifndef RPROC_PATH_BENEATH_H
#define RPROC_PATH_BENEATH_H

#include <sys/types.h>

/*
 * openat(dirfd, path, flags | O_CLOEXEC | O_NOFOLLOW, mode) beneath dirfd.
 * A descriptor, or -errno: -ELOOP for a symbolic link on the way, -EXDEV
 * for an absolute path or a ".." component, -EINVAL for an empty path.
 */
int path_beneath_open(int dirfd, const char *path, int flags, mode_t mode);
/* The walk alone, what runs without openat2; for the unit tests. */
int path_beneath_open_walk(int dirfd, const char *path, int flags, mode_t mode);
/* A few words on err for messages: why a path_beneath_open() failed. */
const char *path_beneath_strerror(int err);

#endif
