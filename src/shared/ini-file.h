/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * inih with what an admin needs in error messages: the file and line of every
 * key, and one error report per bad line.
 */
#ifndef RPROC_INI_FILE_H
#define RPROC_INI_FILE_H

struct ini_pos {
	const char *path;
	unsigned int line;
	unsigned int section_line;	/* of the current [section] header */
};

/*
 * Called once per "key = value". Returns 0 or -errno; on error the handler
 * has already logged what was wrong (use ini_pos for "file:line").
 */
typedef int (*ini_file_handler)(void *user, const struct ini_pos *pos,
				const char *section, const char *key,
				const char *value);

/* Larger files are refused: none of ours comes near (a typo makes /dev/zero). */
#define INI_FILE_MAX_SIZE	(1024 * 1024)

/*
 * Parse path: a regular file (symbolic links followed) of at most
 * INI_FILE_MAX_SIZE bytes. 0, -ENOENT (not logged) when it does not exist;
 * after logging the file (and line): -EINVAL for a syntax error, a bad value
 * or a file that is not a regular file, -EISDIR for a directory, -EFBIG for
 * one too large, the -errno of a failed open or read.
 */
int ini_file_parse(const char *path, ini_file_handler handler, void *user);
/*
 * The same for a descriptor the caller opened (O_NONBLOCK, so that a FIFO
 * did not hang the open), path naming it in messages; fd is closed.
 */
int ini_file_parse_fd(int fd, const char *path, ini_file_handler handler, void *user);

#endif
