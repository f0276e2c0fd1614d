/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* rprocctl: the commands, the exit codes of rprocctl(1), JSON output. */
#ifndef RPROC_CTL_H
#define RPROC_CTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <rproc/rproc.h>

/* exit codes, as rprocctl(1) lists them */
enum {
	CTL_EXIT_OK = 0,
	CTL_EXIT_FAILED = 1,	/* the operation failed: refused, echo wrong or lost */
	CTL_EXIT_USAGE = 2,
	CTL_EXIT_NOT_FOUND = 3,	/* no such processor, service or device */
	CTL_EXIT_DENIED = 4,	/* permission denied */
	CTL_EXIT_TIMEOUT = 5,	/* no answer in time */
	CTL_EXIT_SYSTEM = 6,	/* any other error of the system */
};

struct ctl {
	struct rproc_ctx *ctx;
	bool json;
	/* ping's options */
	unsigned int count;
	size_t size;
	int timeout_ms;
};

/* an errno (negative or not) as an exit code */
int ctl_exit_of(int err);

/* returns an exit code */
int ctl_ping(struct ctl *c, const char *rproc, const char *service);

/* JSON, written as it goes: a string with its escapes */
void json_string(FILE *f, const char *s);
void json_key(FILE *f, const char *key);

#endif
