/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Helpers shared by the Check suites: temporary fixture trees and files. */
#ifndef UNIT_H
#define UNIT_H

#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"

/* A fresh directory per test; each test runs in its own process (CK_FORK). */
static inline char *unit_tmpdir(void)
{
	char *d = strdup("/tmp/rproc-unit-XXXXXX");

	ck_assert_ptr_nonnull(d);
	ck_assert_ptr_nonnull(mkdtemp(d));
	return d;
}

static inline void unit_write(const char *dir, const char *name, const char *text)
{
	char path[8192];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	ck_assert_msg(f != NULL, "cannot write %s", path);
	fputs(text, f);
	fclose(f);
}

static inline void unit_rmtree(const char *dir)
{
	char cmd[4200];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* Capture what the code under test logs, to assert on the messages. */
static inline FILE *unit_capture_stderr(char **buf, size_t *len)
{
	FILE *f = open_memstream(buf, len);

	ck_assert_ptr_nonnull(f);
	fflush(stderr);
	stderr = f;
	return f;
}

#define UNIT_MAIN(suite_fn)						\
	int main(void)							\
	{								\
		SRunner *sr = srunner_create(suite_fn());		\
		int failed;						\
									\
		log_open("unit", LOG_TARGET_STDERR, LOG_DEBUG);		\
		srunner_run_all(sr, CK_NORMAL);				\
		failed = srunner_ntests_failed(sr);			\
		srunner_free(sr);					\
		return failed ? EXIT_FAILURE : EXIT_SUCCESS;		\
	}

#endif
