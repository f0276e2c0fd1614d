// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ivshmem-bar: the guest's view of the external core's shared memory, for
 * the kernel tier (scenario 12 on the external core). It maps BAR2 of the
 * ivshmem-doorbell device through sysfs (root may mmap resource2), checks
 * the control block, and:
 *
 *   ivshmem-bar RESOURCE2 hold on|off   set or clear the hold word
 *                                       (rproc/sim-shm.h): rproc-sim then
 *                                       answers a START without running
 *   ivshmem-bar RESOURCE2 dump DIR      copy each memory, at the offset the
 *                                       control block gives, to DIR/NAME.bin
 *
 * as rproc-sim --device --dump does for the in-guest core. Exit 0, or 1
 * with a message naming what failed.
 */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/rproc_sim.h>
#include <rproc/sim-shm.h>

static const char *bar_path;

static void __attribute__((noreturn)) die(const char *what, int err)
{
	fprintf(stderr, "ivshmem-bar: %s: %s%s%s\n", bar_path, what, err ? ": " : "",
		err ? strerror(err) : "");
	exit(1);
}

/* Memory i of the control block to DIR/NAME.bin. */
static void mem_dump(const char *bar, uint64_t bar_size, const struct rproc_sim_shm_mem *m,
		     const char *dir)
{
	char name[RPROC_SIM_NAME_LEN + 1], path[4096];
	FILE *f;
	bool ok;

	memcpy(name, m->name, RPROC_SIM_NAME_LEN);
	name[RPROC_SIM_NAME_LEN] = '\0';
	if (!name[0] || strchr(name, '/') || m->offset > bar_size || m->size > bar_size - m->offset)
		die("a memory of the control block is outside BAR2 or has a bad name", 0);
	snprintf(path, sizeof(path), "%s/%s.bin", dir, name);
	f = fopen(path, "we");
	if (!f)
		die(path, errno);
	ok = fwrite(bar + m->offset, 1, m->size, f) == m->size;
	if (fclose(f) != 0 || !ok)
		die(path, EIO);
}

int main(int argc, char **argv)
{
	struct rproc_sim_shm *c;
	struct stat st;
	unsigned int i;
	char *bar;
	int fd;

	if (argc != 4 || (strcmp(argv[2], "hold") && strcmp(argv[2], "dump"))) {
		fprintf(stderr, "usage: ivshmem-bar RESOURCE2 hold on|off | dump DIR\n");
		return 2;
	}
	bar_path = argv[1];
	fd = open(bar_path, O_RDWR | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0)
		die("cannot open", errno);
	if ((uint64_t)st.st_size < RPROC_SIM_SHM_CTRL_SIZE)
		die("smaller than the control block", 0);
	bar = mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (bar == MAP_FAILED)
		die("cannot map", errno);
	c = (struct rproc_sim_shm *)bar;
	if (c->magic != RPROC_SIM_SHM_MAGIC || c->version != RPROC_SIM_SHM_VERSION ||
	    c->nr_memories > RPROC_SIM_SHM_MEMS || c->shm_size > (uint64_t)st.st_size)
		die("bad control block (magic, version, memories or size)", 0);
	if (!strcmp(argv[2], "hold")) {
		if (strcmp(argv[3], "on") && strcmp(argv[3], "off"))
			die("hold takes on or off", 0);
		__atomic_store_n(&c->reserved[RPROC_SIM_SHM_HOLD_WORD],
				 strcmp(argv[3], "on") ? 0 : RPROC_SIM_SHM_HOLD, __ATOMIC_RELEASE);
	} else {
		for (i = 0; i < c->nr_memories; i++)
			mem_dump(bar, c->shm_size, &c->mems[i], argv[3]);
		printf("%u memories\n", c->nr_memories);
	}
	munmap(bar, (size_t)st.st_size);
	close(fd);
	return 0;
}
