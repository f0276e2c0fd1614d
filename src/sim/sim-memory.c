// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The co-processor's memories: the directory backend's files, mapped shared
 * and handed to Unicorn as they are, so the host sees every byte the core
 * writes (and the other way round) without a copy.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "path-beneath.h"
#include "sim.h"

#define SIM_PAGE	4096ull	/* Unicorn maps whole 4 KiB pages */

/*
 * Map memory i from fd at off, shared, and give the pages to Unicorn as
 * the memory itself. what names fd in messages.
 */
static int sim_memory_attach(struct sim *s, unsigned int i, int fd, off_t off,
			     const char *what)
{
	const struct rproc_memory *m = &s->mem->mem[i];
	void *p;
	uc_err ue;
	int err;

	p = mmap(NULL, m->size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, off);
	if (p == MAP_FAILED) {
		err = -errno;
		ERR("%s (memory %s): cannot map: %s", what, m->name, strerror(-err));
		return err;
	}
	ue = uc_mem_map_ptr(s->uc, m->da, m->size, UC_PROT_ALL, p);
	if (ue != UC_ERR_OK) {
		ERR("memory %s at 0x%llx: %s", m->name, (unsigned long long)m->da,
		    uc_strerror(ue));
		munmap(p, m->size);
		return -EINVAL;
	}
	s->maps[i] = p;
	return 0;
}

/*
 * The core writes its memories through the mapping, so a file is opened as
 * rproc-loader opens it: beneath the directory, no link followed.
 */
static int sim_memory_map_one(struct sim *s, int dirfd, unsigned int i)
{
	const struct rproc_memory *m = &s->mem->mem[i];
	char *path;
	struct stat st;
	int fd, err;

	if (m->da % SIM_PAGE || m->size % SIM_PAGE) {
		ERR("%s: [memory %s]: da 0x%llx and size 0x%llx must be 4 KiB multiples for rproc-sim",
		    s->mem->path, m->name, (unsigned long long)m->da,
		    (unsigned long long)m->size);
		return -EINVAL;
	}
	if (asprintf(&path, "%s/%s", s->dir, s->mem->file[i]) < 0)
		return -ENOMEM;
	/*
	 * The host never writes a memory it cannot address, so rproc-loader
	 * leaves the file of a nomap memory to whoever runs the core: here it
	 * starts zeroed, as private RAM out of reset. Any other memory must
	 * have been loaded.
	 */
	fd = path_beneath_open(dirfd, s->mem->file[i],
			       O_RDWR | (m->flags & RPROC_MEMORY_NOMAP ? O_CREAT : 0), 0644);
	if (fd >= 0 && (m->flags & RPROC_MEMORY_NOMAP) &&
	    fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 0 &&
	    ftruncate(fd, (off_t)m->size) < 0) {
		err = -errno;
		ERR("%s (memory %s): cannot size it: %s", path, m->name, strerror(-err));
		goto out_close;
	}
	if (fd < 0) {
		err = fd;
		ERR("%s (memory %s): %s%s", path, m->name, path_beneath_strerror(err),
		    err == -ENOENT ? ": load a firmware first (rproc-loader --backend dir:...)" : "");
		goto out;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    (unsigned long long)st.st_size != m->size) {
		ERR("%s (memory %s): not a regular file of %llu bytes", path, m->name,
		    (unsigned long long)m->size);
		err = -EINVAL;
		goto out_close;
	}
	err = sim_memory_attach(s, i, fd, 0, path);
out_close:
	close(fd);
out:
	free(path);
	return err;
}

int sim_memory_map(struct sim *s)
{
	unsigned int i;
	int dirfd = -1, err = 0;

	if (s->dev_fd < 0 && !s->ivs) {
		dirfd = open(s->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dirfd < 0) {
			err = -errno;
			ERR("%s: %s", s->dir, strerror(-err));
			return err;
		}
	}
	/* every memory, nomap ones too: the core reaches its private memories */
	for (i = 0; i < s->mem->n; i++) {
		if (s->ivs) {
			err = sim_memory_attach(s, i, sim_ivshmem_fd(s), (off_t)s->dev_off[i],
						"the ivshmem shared memory");
			if (err < 0)
				break;
			continue;
		}
		err = s->dev_fd >= 0 ?
		      sim_memory_attach(s, i, s->dev_fd, (off_t)s->dev_off[i], s->mem->path) :
		      sim_memory_map_one(s, dirfd, i);
		if (err < 0)
			break;
	}
	if (dirfd >= 0)
		close(dirfd);
	return err;
}

void sim_memory_unmap(struct sim *s)
{
	unsigned int i;

	for (i = 0; s->mem && i < s->mem->n; i++) {
		if (s->maps[i])
			munmap(s->maps[i], s->mem->mem[i].size);
		s->maps[i] = NULL;
	}
}

int sim_memory_read(struct sim *s, uint64_t da, void *buf, size_t len)
{
	int i = memories_find(s->mem->mem, s->mem->n, da, len);

	if (i < 0)
		return -EFAULT;
	memcpy(buf, (uint8_t *)s->maps[i] + (da - s->mem->mem[i].da), len);
	return 0;
}

/* A word of the core's size, in its (little-endian) byte order. */
uint64_t sim_memory_read_word(struct sim *s, uint64_t da, int *err)
{
	uint64_t v = 0;

	if (sim_memory_read(s, da, &v, s->arch->word) < 0)
		*err = -EFAULT;
	return v;
}

/*
 * One check for every device model, so that all say the same. A board's
 * devices sit where the QEMU board has them, which is RAM or TCM on other
 * SoCs: firmware for one of those ran before the device was modelled, so
 * the memory takes the place and the device is not there this run.
 */
int sim_memory_device_place(struct sim *s, const char *dev, enum sim_device_kind kind,
			    uint64_t base, uint64_t size)
{
	const struct memories *m = s->mem;
	unsigned long long end = base + size - 1;
	char what[96];
	unsigned int i;

	what[0] = '\0';
	for (i = 0; i < m->n && !what[0]; i++) {
		const struct rproc_memory *r = &m->mem[i];

		if (r->da < base + size && base < r->da + r->size)
			snprintf(what, sizeof(what), "memory %s (0x%llx-0x%llx)", r->name,
				 (unsigned long long)r->da,
				 (unsigned long long)(r->da + r->size - 1));
	}
	if (!what[0] && m->has_mailbox && m->mailbox_da < base + size &&
	    base < m->mailbox_da + SIM_MAILBOX_SIZE)
		snprintf(what, sizeof(what), "[mailbox] (0x%llx-0x%llx)",
			 (unsigned long long)m->mailbox_da,
			 (unsigned long long)(m->mailbox_da + SIM_MAILBOX_SIZE - 1));
	if (!what[0])
		return 1;
	if (kind == SIM_DEVICE_ARCH) {
		ERR("%s: %s overlaps the %s at 0x%llx-0x%llx, which is the architecture's: move it",
		    m->path, what, dev, (unsigned long long)base, end);
		return -EINVAL;
	}
	WRN("%s: %s overlaps the %s at 0x%llx-0x%llx: the %s is not modelled this run",
	    m->path, what, dev, (unsigned long long)base, end, dev);
	return 0;
}

int sim_memory_device_map(struct sim *s, const char *dev, uint64_t base, uint64_t size,
			  uc_cb_mmio_read_t read, uc_cb_mmio_write_t write, void *opaque)
{
	uc_err ue;

	ue = uc_mmio_map(s->uc, base, size, read, opaque, write, opaque);
	if (ue != UC_ERR_OK) {
		ERR("%s at 0x%llx: %s", dev, (unsigned long long)base, uc_strerror(ue));
		return -EINVAL;
	}
	return 0;
}
