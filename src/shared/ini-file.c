// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <string.h>

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
};

static char *ini_file_reader(char *str, int num, void *stream)
{
	struct ini_file *ini = stream;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;

	len = getline(&line, &cap, ini->f);
	if (len < 0) {
		free(line);
		return NULL;
	}
	ini->pos.line++;
	if (len > INI_FILE_MAX_LINE || len >= num || memchr(line, '\0', (size_t)len)) {
		ERR("%s:%u: line too long (at most %d characters) or not text",
		    ini->pos.path, ini->pos.line, INI_FILE_MAX_LINE - 1);
		if (!ini->err)
			ini->err = -EINVAL;
		str[0] = '\n';
		str[1] = '\0';
	} else {
		memcpy(str, line, (size_t)len + 1);
		if (line[strspn(line, " \t")] == '[')
			ini->pos.section_line = ini->pos.line;
	}
	free(line);
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
	struct ini_file ini = {
		.pos = { .path = path },
		.handler = handler,
		.user = user,
	};
	int r;

	ini.f = fopen(path, "re");
	if (!ini.f) {
		r = -errno;
		if (r != -ENOENT)
			ERR("%s: cannot open: %s", path, strerror(-r));
		return r;
	}
	r = ini_parse_stream(ini_file_reader, &ini, ini_file_call, &ini);
	fclose(ini.f);
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
