// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * rproc-sim-test: exercises the rproc_sim control device from a QEMU guest.
 *
 *   rproc-sim-test info DEV
 *	GET_INFO and every GET_MEMORY, mmap of each memory, and the refusals
 *	(second open, bad index, mapping across a memory's end, MAP_PRIVATE,
 *	short read and write, bad events, empty O_NONBLOCK read).
 *   rproc-sim-test watch DEV [-e ELF] [-d MEM=FILE] [-w DA=TEXT] [-n EVENTS]
 *			      [-t SECONDS] [-s SECONDS] [-k VRING] [-c]
 *	prints the events read until EVENTS came or SECONDS passed; on START,
 *	compares every PT_LOAD of ELF with the memory at its p_paddr (-e),
 *	copies memory MEM to FILE (-d), writes TEXT at device address DA as
 *	the core would (-w, e.g. into a trace buffer), checks that a KICK of
 *	VRING is refused (-k), and with -c writes a CRASH event back once (the
 *	host must recover: STOP, then START). -s sleeps before reading.
 *   rproc-sim-test rpmsg DEV ELF [-t SECONDS]
 *	plays the core's side of virtio_rpmsg_bus for a firmware with a vdev
 *	and a carveout named after the memory holding the vrings: announces
 *	"rpmsg-raw" at 0x400, then echoes every message sent to it.
 *
 * Prints "PASS: ..." and "FAIL: ..." lines; exits 1 if any check failed.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <linux/rproc_sim.h>

#define MAX_MEMS 16

struct mem {
	struct rproc_sim_memory m;
	uint8_t *map;
};

static struct rproc_sim_info info;
static struct mem mems[MAX_MEMS];
static int failures;

static void check(int ok, const char *fmt, ...)
{
	va_list ap;

	printf("%s: ", ok ? "PASS" : "FAIL");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	if (!ok)
		failures++;
}

static const char *ev_name(uint32_t type)
{
	switch (type) {
	case RPROC_SIM_EV_START: return "START";
	case RPROC_SIM_EV_STOP: return "STOP";
	case RPROC_SIM_EV_KICK: return "KICK";
	case RPROC_SIM_EV_CRASH: return "CRASH";
	}
	return "?";
}

static int dev_open(const char *dev, int flags)
{
	int fd = open(dev, O_RDWR | O_CLOEXEC | flags);

	if (fd < 0) {
		fprintf(stderr, "%s: %s\n", dev, strerror(errno));
		exit(2);
	}
	return fd;
}

/* GET_INFO, GET_MEMORY and a shared mapping of every memory. */
static void dev_setup(int fd, int verbose)
{
	unsigned int i;

	if (ioctl(fd, RPROC_SIM_GET_INFO, &info) < 0) {
		perror("RPROC_SIM_GET_INFO");
		exit(2);
	}
	if (info.nr_memories > MAX_MEMS) {
		fprintf(stderr, "%u memories\n", info.nr_memories);
		exit(2);
	}
	if (verbose)
		printf("info: index %u, %u memories, mailbox 0x%llx, cpu %.32s\n",
		       info.index, info.nr_memories,
		       (unsigned long long)info.mailbox_da, info.cpu);
	for (i = 0; i < info.nr_memories; i++) {
		struct mem *m = &mems[i];

		memset(&m->m, 0xff, sizeof(m->m));
		m->m.index = i;
		if (ioctl(fd, RPROC_SIM_GET_MEMORY, &m->m) < 0) {
			perror("RPROC_SIM_GET_MEMORY");
			exit(2);
		}
		m->map = mmap(NULL, m->m.size, PROT_READ | PROT_WRITE, MAP_SHARED,
			      fd, m->m.mmap_offset);
		if (verbose)
			printf("memory %u: %-8.32s da 0x%08llx size 0x%08llx mmap_offset 0x%llx%s\n",
			       i, m->m.name, (unsigned long long)m->m.da,
			       (unsigned long long)m->m.size,
			       (unsigned long long)m->m.mmap_offset,
			       m->m.flags & RPROC_SIM_MEM_PRIVATE ? " private" : "");
		if (m->map == MAP_FAILED) {
			check(0, "mmap of %s: %s", m->m.name, strerror(errno));
			m->map = NULL;
		}
	}
}

static struct mem *mem_at(uint64_t da, uint64_t len)
{
	unsigned int i;

	for (i = 0; i < info.nr_memories; i++) {
		struct mem *m = &mems[i];

		if (da >= m->m.da && da - m->m.da <= m->m.size &&
		    len <= m->m.size - (da - m->m.da))
			return m->map ? m : NULL;
	}
	return NULL;
}

static void *da_ptr(uint64_t da, uint64_t len)
{
	struct mem *m = mem_at(da, len);

	return m ? m->map + (da - m->m.da) : NULL;
}

static int cmd_info(const char *dev)
{
	struct rproc_sim_memory bad = { .index = 0 };
	struct rproc_sim_event ev = { 0 };
	char small[8];
	unsigned int i;
	void *p;
	int fd, fd2;

	fd = dev_open(dev, 0);
	dev_setup(fd, 1);
	check(info.nr_memories > 0, "GET_INFO: %u memories, cpu %.32s", info.nr_memories,
	      info.cpu);
	for (i = 0; i < info.nr_memories; i++) {
		struct mem *m = &mems[i];

		if (!m->map)
			continue;
		/* fresh memories are zeroed; write and read back the last byte */
		check(m->map[0] == 0 && m->map[m->m.size - 1] == 0,
		      "mmap %s: %llu bytes, zeroed", m->m.name,
		      (unsigned long long)m->m.size);
		p = mmap(NULL, m->m.size + 4096, PROT_READ, MAP_SHARED, fd,
			 m->m.mmap_offset);
		check(p == MAP_FAILED, "mmap across the end of %s refused", m->m.name);
		if (p != MAP_FAILED)
			munmap(p, m->m.size + 4096);
		p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, m->m.mmap_offset);
		check(p == MAP_FAILED, "MAP_PRIVATE of %s refused", m->m.name);
		if (p != MAP_FAILED)
			munmap(p, 4096);
		p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd,
			 m->m.mmap_offset + m->m.size - 4096);
		check(p != MAP_FAILED, "mmap of the last page of %s", m->m.name);
		if (p != MAP_FAILED)
			munmap(p, 4096);
	}
	bad.index = info.nr_memories;
	check(ioctl(fd, RPROC_SIM_GET_MEMORY, &bad) < 0 && errno == EINVAL,
	      "GET_MEMORY index %u: EINVAL", bad.index);
	check(ioctl(fd, _IO(RPROC_SIM_IOC_MAGIC, 0x7f)) < 0 && errno == ENOTTY,
	      "unknown ioctl: ENOTTY");

	fd2 = open(dev, O_RDWR);
	check(fd2 < 0 && errno == EBUSY, "second open: EBUSY");
	if (fd2 >= 0)
		close(fd2);

	check(read(fd, small, sizeof(small)) < 0 && errno == EINVAL, "8-byte read: EINVAL");
	fcntl(fd, F_SETFL, O_NONBLOCK);
	check(read(fd, &ev, sizeof(ev)) < 0 && errno == EAGAIN, "empty O_NONBLOCK read: EAGAIN");
	check(write(fd, &ev, 8) < 0 && errno == EINVAL, "8-byte write: EINVAL");
	ev.type = RPROC_SIM_EV_START;
	check(write(fd, &ev, sizeof(ev)) < 0 && errno == EINVAL, "write of START: EINVAL");
	ev.type = 99;
	check(write(fd, &ev, sizeof(ev)) < 0 && errno == EINVAL, "write of type 99: EINVAL");
	ev.type = RPROC_SIM_EV_CRASH;
	ev.value = 7;
	check(write(fd, &ev, sizeof(ev)) < 0 && errno == EINVAL, "CRASH of type 7: EINVAL");
	ev.type = RPROC_SIM_EV_KICK;
	ev.value = 0;
	ev.boot_addr = 1;
	check(write(fd, &ev, sizeof(ev)) < 0 && errno == EINVAL,
	      "KICK with boot_addr set: EINVAL");
	ev.boot_addr = 0;
	check(write(fd, &ev, sizeof(ev)) == sizeof(ev),
	      "KICK to a processor that is offline: ignored");
	/* the mappings hold the file open: unmap them for the next opener */
	for (i = 0; i < info.nr_memories; i++)
		if (mems[i].map)
			munmap(mems[i].map, mems[i].m.size);
	close(fd);

	fd = open(dev, O_RDWR);
	check(fd >= 0, "open after close");
	if (fd >= 0)
		close(fd);
	return failures ? 1 : 0;
}

/* Compare each PT_LOAD of an ELF32 or ELF64 file with the memory at p_paddr. */
static int elf_compare(const char *path)
{
	unsigned int i, n = 0, bad = 0;
	uint8_t *f;
	struct stat st;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd < 0 || fstat(fd, &st) < 0) {
		check(0, "%s: %s", path, strerror(errno));
		return -1;
	}
	f = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (f == MAP_FAILED || st.st_size < (off_t)sizeof(Elf32_Ehdr) ||
	    memcmp(f, ELFMAG, SELFMAG)) {
		check(0, "%s: not an ELF file", path);
		return -1;
	}
	for (i = 0;; i++) {
		uint64_t type, off, pa, filesz, memsz, j;
		uint8_t *p;

		if (f[EI_CLASS] == ELFCLASS32) {
			Elf32_Ehdr *eh = (Elf32_Ehdr *)f;
			Elf32_Phdr *ph = (Elf32_Phdr *)(f + eh->e_phoff) + i;

			if (i >= eh->e_phnum)
				break;
			type = ph->p_type; off = ph->p_offset; pa = ph->p_paddr;
			filesz = ph->p_filesz; memsz = ph->p_memsz;
		} else {
			Elf64_Ehdr *eh = (Elf64_Ehdr *)f;
			Elf64_Phdr *ph = (Elf64_Phdr *)(f + eh->e_phoff) + i;

			if (i >= eh->e_phnum)
				break;
			type = ph->p_type; off = ph->p_offset; pa = ph->p_paddr;
			filesz = ph->p_filesz; memsz = ph->p_memsz;
		}
		if (type != PT_LOAD || !memsz)
			continue;
		p = da_ptr(pa, memsz);
		if (!p) {
			check(0, "segment %u at 0x%llx: in no mapped memory", i,
			      (unsigned long long)pa);
			bad++;
			continue;
		}
		n++;
		if (memcmp(p, f + off, filesz)) {
			check(0, "segment %u at 0x%llx: %llu bytes differ from the file", i,
			      (unsigned long long)pa, (unsigned long long)filesz);
			bad++;
		}
		for (j = filesz; j < memsz; j++)
			if (p[j]) {
				check(0, "segment %u at 0x%llx: byte 0x%llx past filesz not zero",
				      i, (unsigned long long)pa, (unsigned long long)j);
				bad++;
				break;
			}
	}
	check(n && !bad, "%s: %u PT_LOAD segments equal the memories", path, n);
	munmap(f, st.st_size);
	return bad ? -1 : 0;
}

static void dump_mem(const char *spec)
{
	const char *eq = strchr(spec, '=');
	unsigned int i;
	FILE *out;

	for (i = 0; eq && i < info.nr_memories; i++) {
		if (strlen(mems[i].m.name) != (size_t)(eq - spec) ||
		    strncmp(mems[i].m.name, spec, eq - spec) || !mems[i].map)
			continue;
		out = fopen(eq + 1, "w");
		if (!out || fwrite(mems[i].map, 1, mems[i].m.size, out) != mems[i].m.size) {
			check(0, "dump %s: %s", spec, strerror(errno));
		} else {
			printf("dumped %s\n", spec);
		}
		if (out)
			fclose(out);
		return;
	}
	check(0, "dump %s: no such memory", spec);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Wait up to timeout seconds for one event; 0 or -ETIMEDOUT. */
static int next_event(int fd, struct rproc_sim_event *ev, double deadline)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	ssize_t n;

	for (;;) {
		double left = deadline - now();

		if (left <= 0)
			return -ETIMEDOUT;
		if (poll(&p, 1, (int)(left * 1000) + 1) < 0 && errno != EINTR)
			return -errno;
		if (!(p.revents & POLLIN))
			continue;
		n = read(fd, ev, sizeof(*ev));
		if (n == sizeof(*ev))
			return 0;
		if (n < 0 && errno != EAGAIN && errno != EINTR)
			return -errno;
	}
}

static int cmd_watch(int argc, char **argv)
{
	const char *dev = argv[2], *elf = NULL, *dumps[8], *poke = NULL;
	unsigned int ndumps = 0, count = 0, seen = 0, i;
	double timeout = 30, deadline;
	struct rproc_sim_event ev;
	int crash = 0, kick_id = -1, fd, opt;
	double pause_s = 0;

	optind = 3;
	while ((opt = getopt(argc, argv, "e:d:w:n:t:s:k:c")) != -1) {
		switch (opt) {
		case 's': pause_s = atof(optarg); break;
		case 'k': kick_id = atoi(optarg); break;
		case 'w': poke = optarg; break;
		case 'e': elf = optarg; break;
		case 'd': if (ndumps < 8) dumps[ndumps++] = optarg; break;
		case 'n': count = atoi(optarg); break;
		case 't': timeout = atof(optarg); break;
		case 'c': crash = 1; break;
		default: return 2;
		}
	}
	fd = dev_open(dev, 0);
	dev_setup(fd, 0);
	printf("watching %s\n", dev);
	fflush(stdout);
	if (pause_s > 0)
		usleep(pause_s * 1e6);
	deadline = now() + timeout;
	while (!count || seen < count) {
		if (next_event(fd, &ev, deadline)) {
			printf("timeout after %u events\n", seen);
			break;
		}
		seen++;
		printf("event %s value=0x%x boot_addr=0x%llx\n", ev_name(ev.type), ev.value,
		       (unsigned long long)ev.boot_addr);
		fflush(stdout);
		if (ev.type != RPROC_SIM_EV_START)
			continue;
		if (elf)
			elf_compare(elf);
		for (i = 0; i < ndumps; i++)
			dump_mem(dumps[i]);
		if (poke) {
			char *text = strchr(poke, '=');
			uint64_t da = strtoull(poke, NULL, 0);
			char *p = text ? da_ptr(da, strlen(text)) : NULL;

			check(p != NULL, "write \"%s\" at 0x%llx", text ? text + 1 : "",
			      (unsigned long long)da);
			if (p)
				memcpy(p, text + 1, strlen(text));	/* with the NUL */
		}
		if (kick_id >= 0) {
			struct rproc_sim_event k = {
				.type = RPROC_SIM_EV_KICK, .value = kick_id
			};

			check(write(fd, &k, sizeof(k)) < 0 && errno == EINVAL,
			      "KICK of vring %d that the processor does not have: EINVAL",
			      kick_id);
			kick_id = -1;
		}
		if (crash) {
			struct rproc_sim_event c = {
				.type = RPROC_SIM_EV_CRASH, .value = 2 /* RPROC_FATAL_ERROR */
			};

			crash = 0;
			check(write(fd, &c, sizeof(c)) == sizeof(c), "CRASH written");
		}
		fflush(stdout);
	}
	close(fd);
	return failures ? 1 : 0;
}

/* ---- the core's side of virtio_rpmsg_bus (legacy split vrings, LE) ---- */

struct rsc_hdr { uint32_t ver, num, reserved[2]; uint32_t offset[]; };
struct rsc_carveout { uint32_t da, pa, len, flags, reserved; char name[32]; };
struct rsc_vring { uint32_t da, align, num, notifyid, pa; };
struct rsc_vdev {
	uint32_t id, notifyid, dfeatures, gfeatures, config_len;
	uint8_t status, num_of_vrings, reserved[2];
	struct rsc_vring vring[];
};
struct vdesc { uint64_t addr; uint32_t len; uint16_t flags, next; };
struct rpmsg_hdr { uint32_t src, dst, reserved; uint16_t len, flags; uint8_t data[]; };
struct rpmsg_ns { char name[32]; uint32_t addr, flags; };

struct vring {
	unsigned int num, notifyid;
	struct vdesc *desc;
	volatile uint16_t *avail;	/* flags, idx, ring[num] */
	volatile uint16_t *used;	/* flags, idx, then {u32 id, u32 len}[num] */
	uint16_t last_avail;
};

static uint64_t shm_pa, shm_da, shm_len;

static int vring_setup(struct vring *vr, struct rsc_vring *r)
{
	uint8_t *base;
	size_t avail_end;

	vr->num = r->num;
	vr->notifyid = r->notifyid;
	avail_end = 16 * r->num + 2 * (3 + r->num);
	base = da_ptr(r->da, ((avail_end + r->align - 1) & ~(size_t)(r->align - 1)) +
		      6 + 8 * r->num);
	if (!base)
		return -1;
	vr->desc = (struct vdesc *)base;
	vr->avail = (uint16_t *)(base + 16 * r->num);
	vr->used = (uint16_t *)(base + ((avail_end + r->align - 1) & ~(size_t)(r->align - 1)));
	vr->last_avail = 0;
	return 0;
}

/* The buffer a descriptor names: its address is the host's physical one. */
static void *buf_ptr(uint64_t pa, uint32_t len)
{
	if (pa < shm_pa || pa - shm_pa >= shm_len)
		return NULL;
	return da_ptr(pa - shm_pa + shm_da, len);
}

static int vring_get(struct vring *vr, uint16_t *head)
{
	if (vr->avail[1] == vr->last_avail)
		return 0;
	__sync_synchronize();
	*head = vr->avail[2 + vr->last_avail % vr->num];
	vr->last_avail++;
	return 1;
}

static void vring_put(struct vring *vr, uint16_t head, uint32_t len)
{
	uint16_t idx = vr->used[1];
	volatile uint32_t *elem = (volatile uint32_t *)(vr->used + 2) + 2 * (idx % vr->num);

	elem[0] = head;
	elem[1] = len;
	__sync_synchronize();
	vr->used[1] = idx + 1;
}

static void kick(int fd, unsigned int id)
{
	struct rproc_sim_event ev = { .type = RPROC_SIM_EV_KICK, .value = id };

	if (write(fd, &ev, sizeof(ev)) != sizeof(ev))
		check(0, "KICK %u: %s", id, strerror(errno));
}

/* Send from src to dst through a host receive buffer of vring 0. */
static int rpmsg_send(int fd, struct vring *rx, uint32_t src, uint32_t dst,
		      const void *data, uint16_t len)
{
	struct rpmsg_hdr *h;
	uint16_t head;

	if (!vring_get(rx, &head))
		return -1;
	h = buf_ptr(rx->desc[head].addr, rx->desc[head].len);
	if (!h || sizeof(*h) + len > rx->desc[head].len)
		return -1;
	h->src = src;
	h->dst = dst;
	h->reserved = 0;
	h->len = len;
	h->flags = 0;
	memcpy(h->data, data, len);
	vring_put(rx, head, sizeof(*h) + len);
	kick(fd, rx->notifyid);
	return 0;
}

static int cmd_rpmsg(int argc, char **argv)
{
	const char *dev = argv[2], *elf = argv[3];
	struct rsc_carveout *co = NULL;
	struct rsc_vdev *vdev = NULL;
	struct rsc_hdr *table = NULL;
	struct rproc_sim_event ev;
	struct vring rx, tx;
	unsigned int i, echoed = 0, started = 0;
	double timeout = argc > 5 && !strcmp(argv[4], "-t") ? atof(argv[5]) : 60;
	double deadline = now() + timeout;
	uint64_t rsc_da = 0;
	struct stat st;
	uint8_t *f;
	int fd;

	/* the resource table's address: section .resource_table of the ELF */
	fd = open(elf, O_RDONLY);
	if (fd < 0 || fstat(fd, &st) < 0)
		return 2;
	f = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (f != MAP_FAILED && f[EI_CLASS] == ELFCLASS32) {
		Elf32_Ehdr *eh = (Elf32_Ehdr *)f;
		Elf32_Shdr *sh = (Elf32_Shdr *)(f + eh->e_shoff);
		const char *names = (char *)f + sh[eh->e_shstrndx].sh_offset;

		for (i = 0; i < eh->e_shnum; i++)
			if (!strcmp(names + sh[i].sh_name, ".resource_table"))
				rsc_da = sh[i].sh_addr;
	}
	if (!rsc_da) {
		check(0, "%s: no .resource_table", elf);
		return 1;
	}

	fd = dev_open(dev, 0);
	dev_setup(fd, 0);
	printf("rpmsg: waiting for START\n");
	fflush(stdout);
	while (!started) {
		if (next_event(fd, &ev, deadline)) {
			check(0, "no START");
			return 1;
		}
		started = ev.type == RPROC_SIM_EV_START;
	}
	table = da_ptr(rsc_da, 16);
	for (i = 0; table && i < table->num; i++) {
		uint32_t *e = (uint32_t *)((uint8_t *)table + table->offset[i]);

		if (*e == 0) /* RSC_CARVEOUT */
			co = (struct rsc_carveout *)(e + 1);
		else if (*e == 3) /* RSC_VDEV */
			vdev = (struct rsc_vdev *)(e + 1);
	}
	if (!vdev || !co || vdev->num_of_vrings < 2) {
		check(0, "resource table at 0x%llx: no vdev with 2 vrings or no carveout",
		      (unsigned long long)rsc_da);
		return 1;
	}
	/* the host writes the vrings and sets DRIVER_OK (4) once it is up */
	while (!(((volatile struct rsc_vdev *)vdev)->status & 4)) {
		if (now() > deadline) {
			check(0, "vdev status never got DRIVER_OK");
			return 1;
		}
		usleep(10000);
	}
	shm_pa = co->pa;
	shm_da = co->da;
	shm_len = co->len;
	printf("rpmsg: carveout %.32s da 0x%llx len 0x%llx pa 0x%llx\n", co->name,
	       (unsigned long long)shm_da, (unsigned long long)shm_len,
	       (unsigned long long)shm_pa);
	for (i = 0; i < 2; i++)
		printf("rpmsg: vring%u da 0x%x num %u align %u notifyid %u\n", i,
		       vdev->vring[i].da, vdev->vring[i].num, vdev->vring[i].align,
		       vdev->vring[i].notifyid);
	if (vring_setup(&rx, &vdev->vring[0]) || vring_setup(&tx, &vdev->vring[1])) {
		check(0, "vrings outside the memories");
		return 1;
	}
	check(rx.desc[0].addr >= shm_pa && rx.desc[0].addr < shm_pa + shm_len,
	      "host buffer 0 at pa 0x%llx: da 0x%llx, inside %.32s",
	      (unsigned long long)rx.desc[0].addr,
	      (unsigned long long)(rx.desc[0].addr - shm_pa + shm_da), co->name);
	{
		struct rpmsg_ns ns = { .name = "rpmsg-raw", .addr = 0x400, .flags = 0 };

		check(!rpmsg_send(fd, &rx, 0x400, 0x35, &ns, sizeof(ns)),
		      "name service announcement of rpmsg-raw at 0x400 sent");
	}
	fflush(stdout);

	while (now() < deadline) {
		uint16_t head;

		if (next_event(fd, &ev, deadline))
			break;
		if (ev.type == RPROC_SIM_EV_STOP) {
			printf("rpmsg: STOP\n");
			break;
		}
		if (ev.type != RPROC_SIM_EV_KICK)
			continue;
		while (vring_get(&tx, &head)) {
			struct rpmsg_hdr *h = buf_ptr(tx.desc[head].addr, tx.desc[head].len);

			if (h && sizeof(*h) + h->len <= tx.desc[head].len) {
				printf("rpmsg: %u bytes from 0x%x to 0x%x: %.*s\n", h->len, h->src,
				       h->dst, (int)h->len, (char *)h->data);
				if (h->dst == 0x400 &&
				    !rpmsg_send(fd, &rx, 0x400, h->src, h->data, h->len))
					echoed++;
			}
			vring_put(&tx, head, tx.desc[head].len);
			kick(fd, tx.notifyid);
		}
		fflush(stdout);
	}
	printf("rpmsg: echoed %u messages\n", echoed);
	close(fd);
	return failures ? 1 : 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 3 && !strcmp(argv[1], "info"))
		return cmd_info(argv[2]);
	if (argc >= 3 && !strcmp(argv[1], "watch"))
		return cmd_watch(argc, argv);
	if (argc >= 4 && !strcmp(argv[1], "rpmsg"))
		return cmd_rpmsg(argc, argv);
	fprintf(stderr, "usage: %s info DEV | watch DEV [-e ELF] [-d MEM=FILE] [-w DA=TEXT] [-n N] [-t S] [-s S] [-k V] [-c]"
		" | rpmsg DEV ELF [-t S]\n", argv[0]);
	return 2;
}
