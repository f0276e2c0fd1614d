// SPDX-License-Identifier: LGPL-2.1-or-later
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file-trust.h"
#include "log.h"
#include "strparse.h"
#include "loader-plugin.h"

bool loader_plugin_name_is_valid(const char *name)
{
	size_t i;

	if (!name[0] || name[0] == '-' || name[0] == '_')
		return false;
	for (i = 0; name[i]; i++) {
		char c = name[i];

		if (i >= LOADER_PLUGIN_NAME_MAX)
			return false;
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '-'))
			return false;
	}
	return true;
}

int loader_plugin_name_from_interp(const char *interp, char *name, size_t len)
{
	char buf[LOADER_PLUGIN_NAME_MAX + 4];
	const char *base;
	size_t n;

	base = strrchr(interp, '/');
	base = base ? base + 1 : interp;
	n = strlen(base);
	if (n >= 3 && strcmp(base + n - 3, ".so") == 0)
		n -= 3;
	if (n == 0 || n > LOADER_PLUGIN_NAME_MAX)
		return -EINVAL;
	memcpy(buf, base, n);
	buf[n] = '\0';
	if (!loader_plugin_name_is_valid(buf))
		return -EINVAL;
	if (name) {
		if (len <= n)
			return -ENAMETOOLONG;
		memcpy(name, buf, n + 1);
	}
	return 0;
}

bool loader_plugin_abi_is_supported(uint32_t v)
{
	return (v >> 16) == RPROC_LOADER_ABI_MAJOR;
}

/* A descriptor larger than this is garbage, not a future ABI. */
#define PLUGIN_DESC_SIZE_MAX	4096

/*
 * The size of the descriptor of ABI 1.minor, for every minor this host
 * knows. A new minor that appends to the descriptor adds its line here.
 */
static uint32_t plugin_desc_size(unsigned int minor)
{
	if (minor < 2)
		return RPROC_LOADER_PLUGIN_SIZE_1_0;
	return RPROC_LOADER_PLUGIN_SIZE;
}

/*
 * Copy the descriptor d of a plugin of a supported ABI into out, as
 * copy_struct_from_user() does: what d's version declares, the rest zeroed.
 * -ENOEXEC for a descriptor smaller than its version's, -ENXIO for a newer
 * one without a size or with non-zero members this host does not know.
 */
static int loader_plugin_desc_copy(const char *path, const struct rproc_loader_plugin *d,
				   struct rproc_loader_plugin *out)
{
	unsigned int minor = RPROC_LOADER_ABI_MINOR_OF(d->abi_version);
	const unsigned char *b = (const unsigned char *)d;
	uint32_t size, i;

	memset(out, 0, sizeof(*out));
	if (minor <= RPROC_LOADER_ABI_MINOR) {
		/* a layout this host knows: its size says nothing new */
		size = plugin_desc_size(minor);
		memcpy(out, d, size);
		if (minor >= 2 && out->size && out->size < size) {
			ERR("plugin %s: faulty: descriptor size %u, ABI 1.%u has %u",
			    path, out->size, minor, size);
			return -ENOEXEC;
		}
		return 0;
	}
	/* newer than this host: only its size tells where it ends */
	size = d->size;
	if (size < RPROC_LOADER_PLUGIN_SIZE || size > PLUGIN_DESC_SIZE_MAX) {
		ERR("plugin %s: ABI 1.%u descriptor of size %u: this host (ABI %u.%u) needs its size, %u to %u bytes, to run it",
		    path, minor, size, RPROC_LOADER_ABI_MAJOR, RPROC_LOADER_ABI_MINOR,
		    (unsigned int)RPROC_LOADER_PLUGIN_SIZE, PLUGIN_DESC_SIZE_MAX);
		return -ENXIO;
	}
	/* what it adds must be unused (0), or it needs a newer host */
	for (i = RPROC_LOADER_PLUGIN_SIZE; i < size; i++) {
		if (b[i]) {
			ERR("plugin %s: its ABI 1.%u descriptor sets a member this host (ABI %u.%u) does not know (byte %u): refused",
			    path, minor, RPROC_LOADER_ABI_MAJOR, RPROC_LOADER_ABI_MINOR, i);
			return -ENXIO;
		}
	}
	memcpy(out, d, RPROC_LOADER_PLUGIN_SIZE);
	return 0;
}

static int loader_plugin_check(struct loader_plugin *p, const struct rproc_loader_plugin *raw)
{
	const struct rproc_loader_plugin *d;
	uint32_t v = raw->abi_version;
	int err;

	if (!loader_plugin_abi_is_supported(v)) {
		ERR("plugin %s: ABI version %u.%u.%u not supported (this host runs %u.x.x; it is %u.%u.%u)",
		    p->path, v >> 16, (v >> 8) & 0xff, v & 0xff,
		    RPROC_LOADER_ABI_MAJOR, RPROC_LOADER_ABI_MAJOR,
		    RPROC_LOADER_ABI_MINOR, RPROC_LOADER_ABI_PATCH);
		return -ENXIO;
	}
	err = loader_plugin_desc_copy(p->path, raw, &p->copy);
	if (err < 0)
		return err;
	p->desc = d = &p->copy;
	if (!d->load || !d->name) {
		ERR("plugin %s: faulty: descriptor has no %s", p->path,
		    d->name ? "load()" : "name");
		return -ENOEXEC;
	}
	if (strcmp(d->name, p->name) != 0) {
		ERR("plugin %s: faulty: calls itself '%.40s', expected '%s'",
		    p->path, d->name, p->name);
		return -ENOEXEC;
	}
	return 0;
}

/*
 * We run as root: a plugin someone else may rewrite, or swap in its
 * directory, is code someone else may run as root. So the directory and
 * the file must be trusted (file_trust_*_check()), and the file that was
 * checked is the one loaded: opened once, with O_NOFOLLOW, checked by
 * fstat(), and handed to dlopen() as /proc/self/fd/N, so no rename or
 * link between the check and the load can change what runs.
 */
static int loader_plugin_fd_open(const char *dir, const struct loader_plugin *p)
{
	char file[LOADER_PLUGIN_NAME_MAX + 4];
	int dirfd, fd, err;

	dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0) {
		err = -errno;
		ERR("plugin '%s': directory %s: %s", p->name, dir, strerror(-err));
		return err;
	}
	err = file_trust_fd_check(dirfd, S_IFDIR, dir, "plugin directory");
	if (err < 0)
		goto out;
	snprintf(file, sizeof(file), "%s.so", p->name);
	fd = openat(dirfd, file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0) {
		err = -errno;
		ERR("plugin '%s': %s: %s", p->name, p->path,
		    err == -ELOOP ? "a symbolic link: refused (install the plugin itself)" :
		    strerror(-err));
		if (err == -ELOOP)
			err = -EPERM;	/* refused, as any untrusted plugin */
		goto out;
	}
	err = file_trust_fd_check(fd, S_IFREG, p->path, "plugin");
	if (err < 0) {
		close(fd);
		goto out;
	}
	err = fd;
out:
	close(dirfd);
	return err;
}

/*
 * dlopen() by /proc/self/fd/N: glibc takes an object already loaded under
 * that name for the one asked (it matches names before files), so a name a
 * loaded plugin has, opened through the same fd number at an earlier load
 * of this process, must not be used again: the fd moves to a free number
 * until no loaded object has the name. Only a resident loader keeps
 * plugins loaded; the helper's first name is free.
 */
static int loader_plugin_fd_name(int *fd, char *fdpath, size_t size)
{
	unsigned int tries;
	void *old;
	int nfd;

	for (tries = 0; tries < 64; tries++) {
		snprintf(fdpath, size, "/proc/self/fd/%d", *fd);
		old = dlopen(fdpath, RTLD_LAZY | RTLD_NOLOAD);
		if (!old)
			return 0;
		dlclose(old);
		nfd = fcntl(*fd, F_DUPFD_CLOEXEC, *fd + 1);
		if (nfd < 0)
			return -errno;
		close(*fd);
		*fd = nfd;
	}
	return -EMFILE;
}

int loader_plugin_open(const char *dir, const char *name, struct loader_plugin **out)
{
	return loader_plugin_open_stat(dir, name, out, NULL);
}

int loader_plugin_open_stat(const char *dir, const char *name, struct loader_plugin **out,
			    struct stat *st)
{
	const struct rproc_loader_plugin *raw;
	struct loader_plugin *p;
	char fdpath[64];
	int fd, err;

	if (!loader_plugin_name_is_valid(name)) {
		ERR("invalid plugin name '%.40s'", name);
		return -EINVAL;
	}
	p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	snprintf(p->name, sizeof(p->name), "%s", name);
	if (asprintf(&p->path, "%s/%s.so", dir, name) < 0) {
		err = -ENOMEM;
		goto err_free;
	}
	fd = loader_plugin_fd_open(dir, p);
	if (fd < 0) {
		err = fd;
		goto err_free_path;
	}
	if (st && fstat(fd, st) < 0) {
		err = -errno;
		ERR("plugin %s: fstat: %s", p->path, strerror(-err));
		goto err_close_fd;
	}
	err = loader_plugin_fd_name(&fd, fdpath, sizeof(fdpath));
	if (err < 0) {
		ERR("plugin %s: no free name to load it by: %s", p->path, strerror(-err));
		goto err_close_fd;
	}
	if (access(fdpath, F_OK) < 0) {
		err = -errno;
		ERR("plugin %s: cannot load it through %s (is /proc mounted?): %s",
		    p->path, fdpath, strerror(-err));
		goto err_close_fd;
	}
	p->handle = dlopen(fdpath, RTLD_NOW | RTLD_LOCAL);
	if (!p->handle) {
		ERR("plugin %s: faulty: %s", p->path, dlerror());
		err = -ENOEXEC;
		goto err_close_fd;
	}
	/* the mapping holds the file now */
	close(fd);
	fd = -1;
	raw = dlsym(p->handle, RPROC_LOADER_PLUGIN_SYMBOL);
	if (!raw) {
		ERR("plugin %s: faulty: no symbol '%s'", p->path,
		    RPROC_LOADER_PLUGIN_SYMBOL);
		err = -ENOEXEC;
		goto err_close;
	}
	err = loader_plugin_check(p, raw);
	if (err < 0)
		goto err_close;
	DBG("plugin %s: %s", p->path, p->desc->description ? p->desc->description : "");
	*out = p;
	return 0;

err_close:
	dlclose(p->handle);
err_close_fd:
	if (fd >= 0)
		close(fd);
err_free_path:
	free(p->path);
err_free:
	free(p);
	return err;
}

void loader_plugin_close(struct loader_plugin *p)
{
	if (!p)
		return;
	dlclose(p->handle);
	free(p->path);
	free(p);
}

bool loader_plugin_has_option(const struct loader_plugin *p, const char *key)
{
	const char *const *o;

	for (o = p->desc->options; o && *o; o++)
		if (strcmp(*o, key) == 0)
			return true;
	return false;
}

/* --- kept open between loads (rproc-loader --listen) ------------------------ */

#define PLUGIN_CACHE_MAX	16

struct plugin_cache_entry {
	struct loader_plugin *p;
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime, ctime;
};

struct loader_plugin_cache {
	struct plugin_cache_entry e[PLUGIN_CACHE_MAX];
	unsigned int n;
};

int loader_plugin_cache_new(struct loader_plugin_cache **out)
{
	*out = calloc(1, sizeof(**out));
	return *out ? 0 : -ENOMEM;
}

void loader_plugin_cache_flush(struct loader_plugin_cache *c)
{
	unsigned int i;

	if (!c)
		return;
	for (i = 0; i < c->n; i++)
		loader_plugin_close(c->e[i].p);
	c->n = 0;
}

void loader_plugin_cache_free(struct loader_plugin_cache *c)
{
	loader_plugin_cache_flush(c);
	free(c);
}

static bool plugin_cache_entry_is(const struct plugin_cache_entry *e, const struct stat *st)
{
	return e->dev == st->st_dev && e->ino == st->st_ino && e->size == st->st_size &&
	       e->mtime.tv_sec == st->st_mtim.tv_sec &&
	       e->mtime.tv_nsec == st->st_mtim.tv_nsec &&
	       e->ctime.tv_sec == st->st_ctim.tv_sec &&
	       e->ctime.tv_nsec == st->st_ctim.tv_nsec;
}

static void plugin_cache_drop(struct loader_plugin_cache *c, unsigned int i)
{
	loader_plugin_close(c->e[i].p);
	c->e[i] = c->e[--c->n];
}

int loader_plugin_cache_open(struct loader_plugin_cache *c, const char *dir, const char *name,
			     struct loader_plugin **out)
{
	struct loader_plugin probe = { 0 };
	struct plugin_cache_entry *e;
	struct stat st;
	unsigned int i;
	int fd, err;

	if (!loader_plugin_name_is_valid(name)) {
		ERR("invalid plugin name '%.40s'", name);
		return -EINVAL;
	}
	snprintf(probe.name, sizeof(probe.name), "%s", name);
	if (asprintf(&probe.path, "%s/%s.so", dir, name) < 0)
		return -ENOMEM;
	for (i = 0; i < c->n && strcmp(c->e[i].p->path, probe.path) != 0; i++)
		;
	/*
	 * The directory and the file are checked at each load, as the helper
	 * checks them; a file that is no longer the one loaded (another inode,
	 * size, mtime or ctime: replaced, rewritten, its mode changed) is
	 * loaded again.
	 */
	fd = loader_plugin_fd_open(dir, &probe);
	if (fd < 0) {
		err = fd;
		goto out;
	}
	err = fstat(fd, &st) < 0 ? -errno : 0;
	close(fd);
	if (err < 0) {
		ERR("plugin %s: fstat: %s", probe.path, strerror(-err));
		goto out;
	}
	if (i < c->n) {
		if (plugin_cache_entry_is(&c->e[i], &st)) {
			DBG("plugin %s: kept from an earlier load", probe.path);
			*out = c->e[i].p;
			goto out;
		}
		INF("plugin %s changed since it was loaded: loading it again", probe.path);
		plugin_cache_drop(c, i);
	}
	if (c->n == PLUGIN_CACHE_MAX)
		plugin_cache_drop(c, 0);
	e = &c->e[c->n];
	err = loader_plugin_open_stat(dir, name, &e->p, &st);
	if (err < 0)
		goto out;
	e->dev = st.st_dev;
	e->ino = st.st_ino;
	e->size = st.st_size;
	e->mtime = st.st_mtim;
	e->ctime = st.st_ctim;
	c->n++;
	*out = e->p;
out:
	free(probe.path);
	return err;
}
