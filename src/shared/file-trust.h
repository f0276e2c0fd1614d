/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * May a program running as root trust what a file or directory holds?
 * Only when nobody else can have written it: it is owned by root or by the
 * user running us, and neither its group nor others may write it. For a
 * directory that also means nobody else can rename, replace or add an entry
 * in it; a world-writable sticky directory (/tmp) is no exception, since
 * anyone may still add entries to it.
 *
 * Used for plugins (code we dlopen) and their directory, and for the
 * config (it names plugins and firmware paths).
 */
#ifndef RPROC_FILE_TRUST_H
#define RPROC_FILE_TRUST_H

#include <sys/stat.h>
#include <sys/types.h>

/*
 * Check st, what we know of path: type S_IFREG or S_IFDIR, owner and mode.
 * 0, or -EPERM after logging "WHAT PATH: refused: why". Type 0 judges a
 * regular file or a directory and lets any other type through, for a caller
 * that refuses devices and FIFOs itself, as unreadable rather than untrusted.
 */
int file_trust_stat_check(const struct stat *st, mode_t type, const char *path,
			  const char *what);
/* The same for an open descriptor (fstat): check what will be read. */
int file_trust_fd_check(int fd, mode_t type, const char *path, const char *what);
/*
 * The same for a path, following symbolic links as opening it would.
 * -ENOENT without logging when it does not exist; other stat() errors logged.
 */
int file_trust_path_check(const char *path, mode_t type, const char *what);

#endif
