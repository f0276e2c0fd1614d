// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>
#include <fcntl.h>
#include <ini.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ini-file.h"
#include "log.h"

/* inih's line buffer; longer lines are refused here rather than split by inih. */
#define INI_FILE_MAX_LINE	(INI_MAX_LINE - 3)

struct ini_file {
	FILE *f;
	struct ini_pos pos;
	ini_file_handler handler;
	void *user;
	int err;		/* first error, reported already */
	size_t size;		/* bytes read so far */
	int read_err;		/* -errno of a failed read, or -EFBIG */
};

/*
 * One line into str, at most INI_FILE_MAX_SIZE bytes in all: what a line
 * longer than inih's buffer holds is read and dropped (never held in memory),
 * and a file that never ends (procfs, a file growing) stops at the limit.
 */
static char *ini_file_reader(char *str, int num, void *stream)
{
	struct ini_file *ini = stream;
	size_t len = 0;
	bool nul = false;
	int c = EOF;

	if (ini->read_err)
		return NULL;
	while (ini->size < INI_FILE_MAX_SIZE && (c = getc(ini->f)) != EOF) {
		ini->size++;
		if (c == '\0')
			nul = true;
		if (len + 1 < (size_t)num)
			str[len] = (char)c;
		len++;
		if (c == '\n')
			break;
	}
	if (c == EOF && ferror(ini->f)) {
		ini->read_err = errno ? -errno : -EIO;
		return NULL;
	}
	if (c != '\n' && ini->size >= INI_FILE_MAX_SIZE && getc(ini->f) != EOF) {
		ini->read_err = -EFBIG;
		return NULL;
	}
	if (len == 0)
		return NULL;
	ini->pos.line++;
	if (len > INI_FILE_MAX_LINE || len >= (size_t)num || nul) {
		ERR("%s:%u: line too long (at most %d characters) or not text",
		    ini->pos.path, ini->pos.line, INI_FILE_MAX_LINE - 1);
		if (!ini->err)
			ini->err = -EINVAL;
		str[0] = '\n';
		str[1] = '\0';
	} else {
		str[len] = '\0';
		if (str[strspn(str, " \t")] == '[')
			ini->pos.section_line = ini->pos.line;
	}
	return str;
}

static int ini_file_call(void *user, const char *section, const char *key,
			 const char *value)
{
	struct ini_file *ini = user;
	int err;

	err = ini->handler(ini->user, &ini->pos, section, key, value);
	/* reported already: tell inih all is well so that what it returns
	 * is the first syntax error only */
	if (err < 0 && !ini->err)
		ini->err = err;
	return 1;
}

int ini_file_parse(const char *path, ini_file_handler handler, void *user)
{
	int fd, r;

	/* O_NONBLOCK: a FIFO must not hang the open; it is refused below */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		r = -errno;
		if (r != -ENOENT)
			ERR("%s: cannot open: %s", path, strerror(-r));
		return r;
	}
	return ini_file_parse_fd(fd, path, handler, user);
}

int ini_file_parse_fd(int fd, const char *path, ini_file_handler handler, void *user)
{
	struct ini_file ini = {
		.pos = { .path = path },
		.handler = handler,
		.user = user,
	};
	struct stat st;
	int r;

	if (fstat(fd, &st) < 0) {
		r = -errno;
		ERR("%s: cannot stat: %s", path, strerror(-r));
		close(fd);
		return r;
	}
	/* a directory, FIFO, socket or device (/dev/zero) is no INI file */
	if (!S_ISREG(st.st_mode)) {
		ERR("%s: not a regular file but a %s", path,
		    S_ISDIR(st.st_mode) ? "directory" : S_ISFIFO(st.st_mode) ? "FIFO" :
		    S_ISCHR(st.st_mode) ? "character device" :
		    S_ISBLK(st.st_mode) ? "block device" : S_ISSOCK(st.st_mode) ? "socket" :
		    "file of an unknown type");
		close(fd);
		return S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
	}
	if (st.st_size > INI_FILE_MAX_SIZE) {
		ERR("%s: %lld bytes: larger than %d KiB", path, (long long)st.st_size,
		    INI_FILE_MAX_SIZE / 1024);
		close(fd);
		return -EFBIG;
	}
	ini.f = fdopen(fd, "r");
	if (!ini.f) {
		r = -errno;
		ERR("%s: cannot read: %s", path, strerror(-r));
		close(fd);
		return r;
	}
	r = ini_parse_stream(ini_file_reader, &ini, ini_file_call, &ini);
	fclose(ini.f);
	/* the lines before a read error were parsed, but the file is not whole */
	if (ini.read_err == -EFBIG) {
		ERR("%s: larger than %d KiB", path, INI_FILE_MAX_SIZE / 1024);
		return -EFBIG;
	}
	if (ini.read_err < 0) {
		ERR("%s:%u: cannot read: %s", path, ini.pos.line + 1, strerror(-ini.read_err));
		return ini.read_err;
	}
	if (r < 0) {
		ERR("%s: cannot parse: out of memory", path);
		return -ENOMEM;
	}
	if (r > 0) {
		ERR("%s:%d: syntax error: expected '[section]', 'key = value' or a comment",
		    path, r);
		return -EINVAL;
	}
	return ini.err;
}
