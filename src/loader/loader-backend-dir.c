// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The directory backend: each memory is a file in PATH, described by
 * PATH/memories.ini. Nothing is created or written until the plan is checked.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "log.h"
#include "memories.h"
#include "loader-backend.h"

struct dir_backend {
	struct loader_backend b;
	struct memories *m;
	char *path;
	int dirfd;
};

static int dir_map_one(struct dir_backend *d, unsigned int i)
{
	const struct rproc_memory *mem = &d->m->mem[i];
	const char *file = d->m->file[i];
	struct stat st;
	void *p;
	int fd, err;

	fd = openat(d->dirfd, file, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0) {
		err = -errno;
		ERR("%s/%s (memory %s): cannot open: %s", d->path, file,
		    mem->name, strerror(-err));
		return err;
	}
	if (fstat(fd, &st) < 0) {
		err = -errno;
		goto out_close;
	}
	if (!S_ISREG(st.st_mode)) {
		ERR("%s/%s (memory %s): not a regular file", d->path, file, mem->name);
		err = -EINVAL;
		goto out_close;
	}
	if (st.st_size == 0) {
		/* new file: a memory of the given size, all zeroes */
		if (ftruncate(fd, (off_t)mem->size) < 0) {
			err = -errno;
			ERR("%s/%s (memory %s): cannot size to %llu bytes: %s",
			    d->path, file, mem->name,
			    (unsigned long long)mem->size, strerror(-err));
			goto out_close;
		}
	} else if ((unsigned long long)st.st_size != mem->size) {
		ERR("%s/%s (memory %s): %llu bytes, but %s says size = %llu",
		    d->path, file, mem->name, (unsigned long long)st.st_size,
		    d->m->path, (unsigned long long)mem->size);
		err = -EINVAL;
		goto out_close;
	}
	p = mmap(NULL, (size_t)mem->size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		err = -errno;
		ERR("%s/%s (memory %s): cannot map: %s", d->path, file, mem->name,
		    strerror(-err));
		goto out_close;
	}
	d->b.maps[i] = p;
	err = 0;
out_close:
	close(fd);
	return err;
}

static int dir_map(struct loader_backend *b)
{
	struct dir_backend *d = (struct dir_backend *)b;
	unsigned int i;
	int err;

	for (i = 0; i < d->m->n; i++) {
		if (d->m->mem[i].flags & RPROC_MEMORY_NOMAP)
			continue;
		err = dir_map_one(d, i);
		if (err < 0)
			return err;
	}
	return 0;
}

static int dir_finish(struct loader_backend *b, int status, uint64_t boot_addr,
		      uint64_t rsc_da, uint64_t rsc_size)
{
	/* nobody waits on a directory: the caller prints the result */
	return 0;
}

static void dir_free(struct loader_backend *b)
{
	struct dir_backend *d = (struct dir_backend *)b;
	unsigned int i;

	for (i = 0; b->maps && i < d->m->n; i++)
		if (b->maps[i])
			munmap(b->maps[i], (size_t)d->m->mem[i].size);
	if (d->dirfd >= 0)
		close(d->dirfd);
	memories_free(d->m);
	free(b->maps);
	free(b->rproc);
	free(d->path);
	free(d);
}

static const struct loader_backend_ops dir_ops = {
	.name = "dir",
	.map = dir_map,
	.finish = dir_finish,
	.free = dir_free,
};

int loader_backend_dir_new(const char *path, struct loader_backend **out)
{
	struct dir_backend *d;
	char *copy;
	int err;

	d = calloc(1, sizeof(*d));
	if (!d)
		return -ENOMEM;
	d->b.ops = &dir_ops;
	d->dirfd = -1;
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
	d->b.maps = calloc(d->m->n, sizeof(*d->b.maps));
	if (!d->b.maps) {
		err = -ENOMEM;
		goto err_free;
	}
	*out = &d->b;
	return 0;

err_free:
	dir_free(&d->b);
	return err;
}
