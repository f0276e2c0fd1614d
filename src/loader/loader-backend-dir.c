// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The directory backend: each memory is a file in PATH, described by
 * PATH/memories.ini. Nothing is created or written until the plan is checked.
 *
 * Bytes go in with pwrite(), not through a mapping: the kernel copies straight
 * into the page cache, with no page fault per page written.
 *
 * Whoever may write PATH may plant links in it (file = s/passwd, s -> /etc),
 * and we run as root: every file is opened beneath PATH, no link followed
 * (path_beneath_open()).
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "memories.h"
#include "path-beneath.h"
#include "loader-backend.h"
#include "loader-firmware.h"

struct dir_backend {
	struct loader_backend b;
	struct memories *m;
	char *path;
	int dirfd;
	int fd[MEMORIES_MAX];
	bool fresh[MEMORIES_MAX];	/* created by this load: already zero */
};

static int dir_open_one(struct dir_backend *d, unsigned int i)
{
	const struct rproc_memory *mem = &d->m->mem[i];
	const char *file = d->m->file[i];
	struct stat st;
	int fd, err;

	fd = path_beneath_open(d->dirfd, file, O_RDWR | O_CREAT, 0644);
	if (fd < 0) {
		ERR("%s/%s (memory %s): cannot open beneath %s: %s", d->path, file,
		    mem->name, d->path, path_beneath_strerror(fd));
		return fd;
	}
	if (fstat(fd, &st) < 0) {
		err = -errno;
		goto err_close;
	}
	if (!S_ISREG(st.st_mode)) {
		ERR("%s/%s (memory %s): not a regular file", d->path, file, mem->name);
		err = -EINVAL;
		goto err_close;
	}
	if (st.st_size == 0) {
		/* new file: a memory of the given size, all zeroes */
		if (ftruncate(fd, (off_t)mem->size) < 0) {
			err = -errno;
			ERR("%s/%s (memory %s): cannot size to %llu bytes: %s",
			    d->path, file, mem->name,
			    (unsigned long long)mem->size, strerror(-err));
			goto err_close;
		}
		d->fresh[i] = true;
	} else if ((unsigned long long)st.st_size != mem->size) {
		ERR("%s/%s (memory %s): %llu bytes, but %s says size = %llu",
		    d->path, file, mem->name, (unsigned long long)st.st_size,
		    d->m->path, (unsigned long long)mem->size);
		err = -EINVAL;
		goto err_close;
	}
	d->fd[i] = fd;
	return 0;

err_close:
	close(fd);
	return err;
}

static int dir_open(struct loader_backend *b)
{
	struct dir_backend *d = (struct dir_backend *)b;
	unsigned int i;
	int err;

	for (i = 0; i < d->m->n; i++) {
		if (d->m->mem[i].flags & RPROC_MEMORY_NOMAP)
			continue;
		err = dir_open_one(d, i);
		if (err < 0)
			return err;
	}
	return 0;
}

static int dir_write(struct loader_backend *b, unsigned int mem, uint64_t off,
		     const void *data, uint64_t len)
{
	struct dir_backend *d = (struct dir_backend *)b;
	const uint8_t *p = data;

	if (d->fd[mem] < 0)
		return -EBADF;
	while (len) {
		ssize_t n = pwrite(d->fd[mem], p, len > (1u << 30) ? (1u << 30) : len,
				   (off_t)off);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			return -EIO;
		p += n;
		off += (uint64_t)n;
		len -= (uint64_t)n;
	}
	return 0;
}

/*
 * Reads go through a descriptor of their own, read-only and never creating:
 * a plugin reads before the plan is checked, when nothing may be made yet.
 */
static int dir_read(struct loader_backend *b, unsigned int mem, uint64_t off,
		    void *buf, uint64_t len)
{
	struct dir_backend *d = (struct dir_backend *)b;
	const char *file = d->m->file[mem];
	uint8_t *p = buf;
	struct stat st;
	int fd, err = 0;

	fd = path_beneath_open(d->dirfd, file, O_RDONLY, 0);
	if (fd == -ENOENT) {
		memset(buf, 0, len);	/* made zeroed by the first load */
		return 0;
	}
	if (fd < 0) {
		ERR("%s/%s (memory %s): cannot open beneath %s: %s", d->path, file,
		    d->m->mem[mem].name, d->path, path_beneath_strerror(fd));
		return fd;
	}
	if (fstat(fd, &st) < 0) {
		err = -errno;
		goto out;
	}
	if (!S_ISREG(st.st_mode) ||
	    (st.st_size && (unsigned long long)st.st_size != d->m->mem[mem].size)) {
		err = -EINVAL;
		goto out;
	}
	while (len) {
		ssize_t n = pread(fd, p, len > (1u << 30) ? (1u << 30) : len, (off_t)off);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			goto out;
		}
		if (n == 0) {
			memset(p, 0, len);	/* an empty file: not sized yet */
			break;
		}
		p += n;
		off += (uint64_t)n;
		len -= (uint64_t)n;
	}
out:
	close(fd);
	return err;
}

static int dir_zero(struct loader_backend *b, unsigned int mem, uint64_t off,
		    uint64_t len)
{
	static const uint8_t zeroes[65536];
	struct dir_backend *d = (struct dir_backend *)b;
	int err;

	if (d->fresh[mem])
		return 0;
	while (len) {
		uint64_t n = len < sizeof(zeroes) ? len : sizeof(zeroes);

		err = dir_write(b, mem, off, zeroes, n);
		if (err < 0)
			return err;
		off += n;
		len -= n;
	}
	return 0;
}

static int dir_finish(struct loader_backend *b, int status, uint64_t boot_addr,
		      uint64_t rsc_da, uint64_t rsc_size)
{
	struct dir_backend *d = (struct dir_backend *)b;
	const struct loader_firmware *fw = b->firmware;
	struct memories_loaded l = {
		.boot_addr = boot_addr,
		.rsc_da = rsc_da,
		.rsc_size = rsc_size,
	};
	int err;

	/* a refused load left the memories, and so the last answer, as they were */
	if (status < 0)
		return 0;
	/*
	 * And what was loaded: its path (absolute, whatever the cwd) and
	 * machine, so that rproc-sim --dir PATH needs no --cpu or --elf.
	 */
	if (fw) {
		l.firmware = realpath(fw->path, NULL);
		memories_loaded_set_elf(&l, fw->data, fw->size);
	}
	/* the answer the kernel would get, for rproc-sim to boot from */
	err = memories_loaded_write(d->dirfd, d->path, &l);
	free(l.firmware);
	return err;
}

static void dir_free(struct loader_backend *b)
{
	struct dir_backend *d = (struct dir_backend *)b;
	unsigned int i;

	for (i = 0; i < MEMORIES_MAX; i++)
		if (d->fd[i] >= 0)
			close(d->fd[i]);
	if (d->dirfd >= 0)
		close(d->dirfd);
	memories_free(d->m);
	free(b->rproc);
	free(d->path);
	free(d);
}

static const struct loader_backend_ops dir_ops = {
	.name = "dir",
	.open = dir_open,
	.write = dir_write,
	.zero = dir_zero,
	.read = dir_read,
	.finish = dir_finish,
	.free = dir_free,
};

int loader_backend_dir_new(const char *path, struct loader_backend **out)
{
	struct dir_backend *d;
	unsigned int i;
	char *copy;
	int err;

	d = calloc(1, sizeof(*d));
	if (!d)
		return -ENOMEM;
	d->b.ops = &dir_ops;
	d->dirfd = -1;
	for (i = 0; i < MEMORIES_MAX; i++)
		d->fd[i] = -1;
	d->path = strdup(path);
	copy = strdup(path);
	if (!d->path || !copy) {
		free(copy);
		err = -ENOMEM;
		goto err_free;
	}
	/* the co-processor is named after its directory unless --rproc says */
	d->b.rproc = strdup(basename(copy));
	free(copy);
	if (!d->b.rproc) {
		err = -ENOMEM;
		goto err_free;
	}
	d->dirfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (d->dirfd < 0) {
		err = -errno;
		ERR("backend dir:%s: %s", path, strerror(-err));
		goto err_free;
	}
	err = memories_parse(path, &d->m);
	if (err < 0)
		goto err_free;
	d->b.memories = d->m->mem;
	d->b.n_memories = d->m->n;
	*out = &d->b;
	return 0;

err_free:
	dir_free(&d->b);
	return err;
}
