// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The kernel as the host: the rproc_sim driver's control device
 * (linux/rproc_sim.h) lists the co-processor's memories, maps them, and
 * carries START, STOP and doorbells. The core runs from each START to the
 * next STOP, as long as the device stays open; a firmware that exits with
 * a failure status or faults is reported to the kernel as a crash, and its
 * recovery decides what comes next.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/rproc_sim.h>

#include "log.h"
#include "sim.h"

/* A name from the kernel: bounded, printable, or refused. */
static char *sim_kernel_name(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < len && name[i]; i++)
		if (name[i] <= ' ' || name[i] > '~')
			return NULL;
	if (i == 0 || i == len)
		return NULL;
	return strndup(name, i);
}

int sim_kernel_open(struct sim *s, const char *dev)
{
	struct rproc_sim_info info = { 0 };
	struct memories *m;
	unsigned int i;
	int err;

	s->dev_fd = open(dev, O_RDWR | O_CLOEXEC);
	if (s->dev_fd < 0) {
		err = -errno;
		ERR("%s: %s%s", dev, strerror(-err),
		    err == -EBUSY ? " (another rproc-sim has it open)" : "");
		return err;
	}
	m = calloc(1, sizeof(*m));
	if (!m || !(m->path = strdup(dev))) {
		free(m);
		return -ENOMEM;
	}
	s->mem = m;
	if (ioctl(s->dev_fd, RPROC_SIM_GET_INFO, &info) < 0) {
		err = -errno;
		ERR("%s: RPROC_SIM_GET_INFO: %s (not an rproc_sim control device?)", dev,
		    strerror(-err));
		return err;
	}
	if (info.nr_memories == 0 || info.nr_memories > MEMORIES_MAX) {
		ERR("%s: %u memories: expected 1 to %d", dev, info.nr_memories, MEMORIES_MAX);
		return -EINVAL;
	}
	m->cpu = sim_kernel_name(info.cpu, sizeof(info.cpu));
	m->has_mailbox = true;
	m->mailbox_da = info.mailbox_da;
	for (i = 0; i < info.nr_memories; i++) {
		struct rproc_sim_memory rm = { .index = i };

		if (ioctl(s->dev_fd, RPROC_SIM_GET_MEMORY, &rm) < 0) {
			err = -errno;
			ERR("%s: RPROC_SIM_GET_MEMORY %u: %s", dev, i, strerror(-err));
			return err;
		}
		m->mem[i].name = sim_kernel_name(rm.name, sizeof(rm.name));
		if (!m->mem[i].name) {
			ERR("%s: memory %u: no valid name", dev, i);
			return -EINVAL;
		}
		m->mem[i].da = rm.da;
		m->mem[i].size = rm.size;
		m->mem[i].flags = rm.flags & RPROC_SIM_MEM_PRIVATE ? RPROC_MEMORY_NOMAP : 0;
		s->dev_off[i] = rm.mmap_offset;
		m->n = i + 1;
		INF("%s: memory %s da 0x%08llx size 0x%llx%s", dev, m->mem[i].name,
		    (unsigned long long)rm.da, (unsigned long long)rm.size,
		    rm.flags & RPROC_SIM_MEM_PRIVATE ? " private" : "");
	}
	return 0;
}

/* What ended a run, said once, and told to the host unless it asked. */
void sim_kernel_run_ended(struct sim *s, int err, const char *core_path)
{
	switch (err) {
	case -ECANCELED:
		INF("%s: core stopped by the host", s->mem->path);
		return;
	case 0:
		/*
		 * A clean exit halts the core, as a core that parks after its
		 * work: the kernel still sees it running until it stops it.
		 * Any other status is the firmware saying it failed.
		 */
		if (s->exit_code == 0) {
			INF("%s: firmware exited with status 0: core halted", s->mem->path);
			return;
		}
		WRN("%s: firmware exited with status %d: reported as a crash",
		    s->mem->path, s->exit_code);
		break;
	case -EFAULT:
		if (s->stop == SIM_FAULT) {
			sim_report_fault(s);
			if (core_path)
				sim_core_write(s, core_path, SIGSEGV);
		}
		break;
	default:
		ERR("%s: %s", s->mem->path, strerror(-err));
	}
	sim_mailbox_report_crash(s);
}

int sim_kernel_serve(struct sim *s, const char *core_path)
{
	uint64_t boot;
	int err;

	for (;;) {
		err = sim_mailbox_wait_start(s, &boot);
		if (err == -ECANCELED) {
			INF("%s: the host closed the device", s->mem->path);
			return 0;
		}
		if (err < 0)
			return err;
		INF("%s: start, %s core, boot 0x%08llx", s->mem->path, s->arch->name,
		    (unsigned long long)boot);
		err = sim_core_open(s);
		if (!err)
			err = sim_mailbox_map(s);
		if (!err)
			err = sim_run(s, boot, 0);
		sim_kernel_run_ended(s, err, core_path);
		sim_core_close(s);
	}
}

int sim_kernel_dump(struct sim *s, const char *dir)
{
	unsigned int i;
	int err = 0;

	for (i = 0; i < s->mem->n && !err; i++) {
		const struct rproc_memory *m = &s->mem->mem[i];
		char *path = NULL;
		void *p;
		FILE *f;

		p = mmap(NULL, m->size, PROT_READ, MAP_SHARED, s->dev_fd, (off_t)s->dev_off[i]);
		if (p == MAP_FAILED) {
			err = -errno;
			ERR("%s: memory %s: cannot map: %s", s->mem->path, m->name, strerror(-err));
			break;
		}
		if (asprintf(&path, "%s/%s.bin", dir, m->name) < 0) {
			munmap(p, m->size);
			return -ENOMEM;
		}
		f = fopen(path, "we");
		if (f) {
			bool ok = fwrite(p, 1, m->size, f) == m->size;

			if (fclose(f) != 0 || !ok)
				err = -EIO;
		} else {
			err = -errno;
		}
		if (err)
			ERR("%s: cannot write: %s", path, strerror(-err));
		munmap(p, m->size);
		free(path);
	}
	return err;
}

/*
 * Memory @name filled with zeroes through the control device, as a board
 * reset leaves a fresh shared memory (the shlib plugin takes a memory
 * without its manifest for empty only when all of it is zero).
 */
int sim_kernel_clear(struct sim *s, const char *name)
{
	unsigned int i;
	void *p;
	int err;

	for (i = 0; i < s->mem->n; i++)
		if (strcmp(s->mem->mem[i].name, name) == 0)
			break;
	if (i == s->mem->n) {
		ERR("%s: no memory '%.64s'", s->mem->path, name);
		return -ENOENT;
	}
	p = mmap(NULL, s->mem->mem[i].size, PROT_READ | PROT_WRITE, MAP_SHARED, s->dev_fd,
		 (off_t)s->dev_off[i]);
	if (p == MAP_FAILED) {
		err = -errno;
		ERR("%s: memory %s: cannot map: %s", s->mem->path, name, strerror(-err));
		return err;
	}
	memset(p, 0, s->mem->mem[i].size);
	munmap(p, s->mem->mem[i].size);
	INF("%s: memory %s cleared (%llu bytes)", s->mem->path, name,
	    (unsigned long long)s->mem->mem[i].size);
	return 0;
}
