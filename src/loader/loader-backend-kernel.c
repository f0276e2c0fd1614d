// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The kernel backend: the remoteproc device of the uevent (sysfs), the
 * memories of its pending load (rproc_loader generic netlink), mapped from
 * /dev/remoteprocN while the load is pending, and the answer back over
 * netlink. The kernel revokes the mappings when the load ends.
 *
 * Every failure names the step and the errno: a helper run by udev has only
 * its log to explain why a start failed.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "log.h"
#include "memories.h"
#include "strparse.h"
#include "loader-backend.h"
#include "loader-netlink.h"

struct kernel_backend {
	struct loader_backend b;
	struct loader_netlink *nl;
	bool nl_borrowed;	/* a resident loader's: not closed here */
	uint32_t index;
	uint32_t cookie;
	char *devnode;
	int fd;
	struct rproc_memory mem[MEMORIES_MAX];
	uint64_t offset[MEMORIES_MAX];
	void *map[MEMORIES_MAX];
	bool answered;
	struct loader_nl_prebuilt abort;	/* abort_prepare()'s */
};

static int kernel_open(struct loader_backend *b)
{
	struct kernel_backend *k = (struct kernel_backend *)b;
	unsigned int i;
	int err;

	/* a read() before the plan was written opened and mapped already */
	if (k->fd >= 0)
		return 0;
	k->fd = open(k->devnode, O_RDWR | O_CLOEXEC);
	if (k->fd < 0) {
		err = -errno;
		ERR("%s: open: %s", k->devnode, strerror(-err));
		return err;
	}
	for (i = 0; i < b->n_memories; i++) {
		void *p;

		if (k->mem[i].flags & RPROC_MEMORY_NOMAP)
			continue;
		p = mmap(NULL, k->mem[i].size, PROT_READ | PROT_WRITE, MAP_SHARED, k->fd,
			 (off_t)k->offset[i]);
		if (p == MAP_FAILED) {
			err = -errno;
			ERR("%s: mmap of memory %s (0x%llx bytes at offset 0x%llx): %s",
			    k->devnode, k->mem[i].name, (unsigned long long)k->mem[i].size,
			    (unsigned long long)k->offset[i], strerror(-err));
			return err;
		}
		k->map[i] = p;
	}
	return 0;
}

static int kernel_write(struct loader_backend *b, unsigned int mem, uint64_t off,
			const void *data, uint64_t len)
{
	struct kernel_backend *k = (struct kernel_backend *)b;

	if (!k->map[mem])
		return -EBADF;
	memcpy((uint8_t *)k->map[mem] + off, data, len);
	return 0;
}

static int kernel_zero(struct loader_backend *b, unsigned int mem, uint64_t off,
		       uint64_t len)
{
	struct kernel_backend *k = (struct kernel_backend *)b;

	if (!k->map[mem])
		return -EBADF;
	memset((uint8_t *)k->map[mem] + off, 0, len);
	return 0;
}

/*
 * A plugin that keeps something across loads in a shared memory (shlib's
 * manifest) reads it before the plan is written: the memories are mapped
 * then, as open() maps them, and open() finds them mapped. The load is
 * pending, so the kernel lets the mappings be made.
 */
static int kernel_read(struct loader_backend *b, unsigned int mem, uint64_t off,
		       void *buf, uint64_t len)
{
	struct kernel_backend *k = (struct kernel_backend *)b;
	int err;

	err = kernel_open(b);
	if (err < 0)
		return err;
	if (!k->map[mem])
		return -EACCES;
	memcpy(buf, (const uint8_t *)k->map[mem] + off, len);
	return 0;
}

static void kernel_unmap(struct kernel_backend *k)
{
	unsigned int i;

	for (i = 0; i < k->b.n_memories; i++) {
		if (k->map[i])
			munmap(k->map[i], k->mem[i].size);
		k->map[i] = NULL;
	}
}

static int kernel_finish(struct loader_backend *b, int status, uint64_t boot_addr,
			 uint64_t rsc_da, uint64_t rsc_size)
{
	struct kernel_backend *k = (struct kernel_backend *)b;

	if (k->answered)
		return 0;
	k->answered = true;
	/* the bytes are in the kernel's pages already; the mappings go first */
	kernel_unmap(k);
	if (rsc_size > UINT32_MAX) {
		ERR("resource table of %llu bytes: the kernel takes 4 GiB at most",
		    (unsigned long long)rsc_size);
		status = -EFBIG;
	}
	return loader_netlink_load_done(k->nl, k->index, k->cookie, status, boot_addr,
					rsc_da, (uint32_t)rsc_size);
}

static int kernel_abort_prepare(struct loader_backend *b, int status)
{
	struct kernel_backend *k = (struct kernel_backend *)b;

	return loader_netlink_load_done_prebuild(k->nl, k->index, k->cookie, status, &k->abort);
}

/* async-signal-safe: one sendto(); the kernel ends the load, revoking the mappings */
static void kernel_abort_send(struct loader_backend *b)
{
	struct kernel_backend *k = (struct kernel_backend *)b;

	if (!k->answered && k->abort.len)
		loader_netlink_prebuilt_send(&k->abort);
}

static void kernel_free(struct loader_backend *b)
{
	struct kernel_backend *k = (struct kernel_backend *)b;
	unsigned int i;

	kernel_unmap(k);
	if (k->fd >= 0)
		close(k->fd);
	for (i = 0; i < b->n_memories; i++)
		free((char *)k->mem[i].name);
	if (!k->nl_borrowed)
		loader_netlink_close(k->nl);
	free(k->devnode);
	free(b->rproc);
	free(k);
}

static const struct loader_backend_ops kernel_ops = {
	.name = "kernel",
	.open = kernel_open,
	.write = kernel_write,
	.zero = kernel_zero,
	.read = kernel_read,
	.finish = kernel_finish,
	.abort_prepare = kernel_abort_prepare,
	.abort_send = kernel_abort_send,
	.free = kernel_free,
};

/* N of a DEVPATH that ends in /remoteprocN */
static int kernel_index_from_devpath(const char *devpath, uint32_t *index)
{
	const char *base = strrchr(devpath, '/');

	/* as the kernel prints it: %d, decimal */
	if (!base || strncmp(base + 1, "remoteproc", 10) != 0 ||
	    strspn(base + 11, "0123456789") != strlen(base + 11) ||
	    strparse_u32(base + 11, index) < 0) {
		ERR("DEVPATH %s: not a remoteprocN device: the load cannot be answered",
		    devpath);
		return -ENODEV;
	}
	return 0;
}

/* sysfs attribute @attr of @syspath, its trailing newline dropped */
static int sysfs_read(const char *syspath, const char *attr, char *buf, size_t size)
{
	char path[PATH_MAX];
	ssize_t n;
	int fd, err;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", syspath, attr) >= sizeof(path))
		return -ENAMETOOLONG;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	err = n < 0 ? -errno : 0;
	close(fd);
	if (err)
		return err;
	buf[n] = '\0';
	if (n > 0 && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	return 0;
}

/*
 * The remoteproc device of DEVPATH: its index, name and device node, read
 * from sysfs as libudev would (which the helper does not link: one shared
 * library less to load at each start). The node is /dev/remoteprocN, the
 * name devtmpfs gives it, and must be the character device whose number
 * sysfs gives.
 */
static int kernel_device(struct kernel_backend *k, const char *devpath)
{
	char syspath[PATH_MAX], path[PATH_MAX], link[PATH_MAX], node[PATH_MAX];
	char name[256], dev[32] = "";
	const char *sysname, *subsystem;
	unsigned int maj, min;
	struct stat st;
	uint32_t index;
	ssize_t n;
	int err;

	if ((size_t)snprintf(syspath, sizeof(syspath), "/sys%s", devpath) >= sizeof(syspath))
		return -ENAMETOOLONG;
	sysname = strrchr(syspath, '/') + 1;
	if ((size_t)snprintf(path, sizeof(path), "%s/subsystem", syspath) >= sizeof(path))
		return -ENAMETOOLONG;
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0) {
		err = -errno;
		ERR("%s: no such device: %s", syspath, strerror(-err));
		return err == -ENOENT ? -ENODEV : err;
	}
	link[n] = '\0';
	subsystem = strrchr(link, '/') ? strrchr(link, '/') + 1 : link;
	if (strcmp(subsystem, "remoteproc") != 0 || strncmp(sysname, "remoteproc", 10) != 0 ||
	    strparse_u32(sysname + 10, &index) < 0) {
		ERR("%s: not a remoteproc device (subsystem %s, name %s)", syspath,
		    subsystem, sysname);
		return -ENODEV;
	}
	snprintf(node, sizeof(node), "/dev/%s", sysname);
	if (sysfs_read(syspath, "dev", dev, sizeof(dev)) < 0 ||
	    sscanf(dev, "%u:%u", &maj, &min) != 2 || stat(node, &st) < 0 ||
	    !S_ISCHR(st.st_mode) || major(st.st_rdev) != maj || minor(st.st_rdev) != min) {
		ERR("%s: no device node %s of its number '%s' (is CONFIG_REMOTEPROC_CDEV set?)",
		    syspath, node, dev);
		return -ENODEV;
	}
	if (sysfs_read(syspath, "name", name, sizeof(name)) < 0 || !name[0])
		snprintf(name, sizeof(name), "%s", sysname);
	if (index != k->index) {
		ERR("%s: is remoteproc%u, not remoteproc%u", syspath, index, k->index);
		return -ENODEV;
	}
	k->devnode = strdup(node);
	k->b.rproc = strdup(name);
	return k->devnode && k->b.rproc ? 0 : -ENOMEM;
}

int loader_backend_kernel_new(const char *devpath, uint32_t cookie, struct loader_netlink *nl,
			      struct loader_backend **out)
{
	struct loader_nl_memory nm[MEMORIES_MAX];
	struct kernel_backend *k;
	int i, n, err;

	if (!devpath) {
		ERR("kernel backend: only for a uevent (DEVPATH, RPROC_COOKIE); by hand, use --backend dir:PATH");
		return -EINVAL;
	}
	k = calloc(1, sizeof(*k));
	if (!k)
		return -ENOMEM;
	k->b.ops = &kernel_ops;
	k->fd = -1;
	k->cookie = cookie;
	/*
	 * The index the answer needs, from DEVPATH itself (the kernel names the
	 * device remoteproc%d of rproc->index), and the family, before anything
	 * that may fail: so that every failure below is answered.
	 */
	err = kernel_index_from_devpath(devpath, &k->index);
	if (err < 0)
		goto err;
	/* a resident loader's socket knows the family already: no lookup */
	k->nl = nl;
	k->nl_borrowed = nl != NULL;
	err = nl ? 0 : loader_netlink_open(&k->nl);
	if (err < 0)
		goto err;
	err = kernel_device(k, devpath);
	if (err < 0)
		goto err;
	n = loader_netlink_get_memories(k->nl, k->index, cookie, nm, MEMORIES_MAX);
	if (n < 0) {
		err = n;
		goto err;
	}
	for (i = 0; i < n; i++) {
		k->mem[i] = nm[i].mem;
		k->offset[i] = nm[i].mmap_offset;
		DBG("remoteproc%u: memory %s da 0x%llx size 0x%llx%s", k->index,
		    k->mem[i].name, (unsigned long long)k->mem[i].da,
		    (unsigned long long)k->mem[i].size,
		    k->mem[i].flags & RPROC_MEMORY_NOMAP ? " nomap" : "");
	}
	k->b.memories = k->mem;
	k->b.n_memories = (unsigned int)n;
	*out = &k->b;
	return 0;
err:
	/* a backend that cannot start still owes the kernel an answer */
	if (k->nl)
		loader_netlink_load_done(k->nl, k->index, cookie, err, 0, 0, 0);
	kernel_free(&k->b);
	return err;
}
