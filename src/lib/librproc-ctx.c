// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The library context: the paths every lookup starts from, the log
 * function and priority. Environment overrides are read with
 * secure_getenv() only, so a set-uid caller cannot be pointed elsewhere.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "librproc-private.h"

static void log_stderr(void *data, int priority, const char *file, int line,
		       const char *fn, const char *format, va_list args)
{
	fprintf(stderr, "librproc: %s: ", fn);
	vfprintf(stderr, format, args);
	fputc('\n', stderr);
}

void rproc_log(const struct rproc_ctx *ctx, int priority, const char *file, int line,
	       const char *fn, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ctx->log_fn(ctx->log_data, priority, file, line, fn, fmt, ap);
	va_end(ap);
}

static int log_priority_parse(const char *s)
{
	static const struct {
		const char *name;
		int prio;
	} names[] = {
		{ "err", LOG_ERR }, { "error", LOG_ERR }, { "warning", LOG_WARNING },
		{ "info", LOG_INFO }, { "debug", LOG_DEBUG },
	};
	size_t i;

	if (s[0] >= '0' && s[0] <= '7' && s[1] == '\0')
		return s[0] - '0';
	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (strcasecmp(s, names[i].name) == 0)
			return names[i].prio;
	return -EINVAL;
}

/* root: the caller's, else the environment's, else the default */
static int root_pick(const char *given, const char *env, const char *dflt, char **out)
{
	const char *v = given;
	size_t n;

	if (!v)
		v = secure_getenv(env);
	if (!v || !*v)
		v = dflt;
	if (v[0] != '/')
		return -EINVAL;
	*out = strdup(v);
	if (!*out)
		return -ENOMEM;
	/* "/sys/" and "/sys" name one place: paths are joined with "/" */
	n = strlen(*out);
	while (n > 1 && (*out)[n - 1] == '/')
		(*out)[--n] = '\0';
	return 0;
}

RPROC_EXPORT int rproc_ctx_new(const char *sysfs_root, const char *dev_root,
			       struct rproc_ctx **ctx)
{
	struct rproc_ctx *c;
	const char *env;
	int err;

	if (!ctx)
		return -EINVAL;
	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->refcount = 1;
	c->log_fn = log_stderr;
	c->log_priority = LOG_ERR;
	env = secure_getenv("RPROC_LOG");
	if (env && *env) {
		err = log_priority_parse(env);
		if (err >= 0)
			c->log_priority = err;
	}
	err = root_pick(sysfs_root, "RPROC_SYSFS_ROOT", "/sys", &c->sysfs_root);
	if (err < 0)
		goto free_ctx;
	err = root_pick(dev_root, "RPROC_DEV_ROOT", "/dev", &c->dev_root);
	if (err < 0)
		goto free_sysfs;
	DBG(c, "sysfs %s, dev %s", c->sysfs_root, c->dev_root);
	*ctx = c;
	return 0;

free_sysfs:
	free(c->sysfs_root);
free_ctx:
	free(c);
	return err;
}

RPROC_EXPORT struct rproc_ctx *rproc_ctx_ref(struct rproc_ctx *ctx)
{
	if (ctx)
		ctx->refcount++;
	return ctx;
}

RPROC_EXPORT struct rproc_ctx *rproc_ctx_unref(struct rproc_ctx *ctx)
{
	if (!ctx || --ctx->refcount > 0)
		return NULL;
	free(ctx->dev_root);
	free(ctx->sysfs_root);
	free(ctx);
	return NULL;
}

RPROC_EXPORT const char *rproc_ctx_get_sysfs_root(const struct rproc_ctx *ctx)
{
	return ctx->sysfs_root;
}

RPROC_EXPORT const char *rproc_ctx_get_dev_root(const struct rproc_ctx *ctx)
{
	return ctx->dev_root;
}

RPROC_EXPORT void rproc_ctx_set_log_fn(struct rproc_ctx *ctx, rproc_log_fn fn, void *data)
{
	ctx->log_fn = fn ? fn : log_stderr;
	ctx->log_data = fn ? data : NULL;
}

RPROC_EXPORT void rproc_ctx_set_log_priority(struct rproc_ctx *ctx, int priority)
{
	ctx->log_priority = priority;
}

RPROC_EXPORT int rproc_ctx_get_log_priority(const struct rproc_ctx *ctx)
{
	return ctx->log_priority;
}

/* --- helpers of the other files ------------------------------------------ */

char *path_join(const char *a, const char *b)
{
	char *p;

	if (asprintf(&p, "%s/%s", a, b) < 0)
		return NULL;
	return p;
}

int sysfs_read_line(const char *path, char **value)
{
	char buf[4096];
	ssize_t n;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	err = -errno;
	close(fd);
	if (n < 0)
		return err;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	*value = strdup(buf);
	return *value ? 0 : -ENOMEM;
}

int parse_u32(const char *s, uint32_t *value)
{
	unsigned long long v;
	char *end;

	/* rpmsg prints "0x%x"; a kernel's "-1" (RPMSG_ADDR_ANY as %d) too */
	if (strcmp(s, "-1") == 0) {
		*value = RPROC_ADDR_ANY;
		return 0;
	}
	if (!isdigit((unsigned char)s[0]))
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, s[0] == '0' && (s[1] == 'x' || s[1] == 'X') ? 16 : 10);
	if (errno || *end || end == s || v > UINT32_MAX)
		return -EINVAL;
	*value = (uint32_t)v;
	return 0;
}

int sysfs_read_u32(const char *path, uint32_t *value)
{
	char *s;
	int err;

	err = sysfs_read_line(path, &s);
	if (err < 0)
		return err;
	err = parse_u32(s, value);
	free(s);
	return err;
}

int sysfs_write(const char *path, const char *value)
{
	size_t len = strlen(value);
	ssize_t n;
	int fd, err = 0;

	/* O_TRUNC: what sysfs ignores, and what a fake tree's files need */
	fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, value, len);
	if (n < 0)
		err = -errno;
	else if ((size_t)n != len)
		err = -EIO;
	close(fd);
	return err;
}
