// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * rproc-uload-test: a development test tool for the kernel side of user-mode
 * firmware loading (kernel/patches: the remoteproc core changes), with raw
 * netlink sockets and libc only, built static for a test initramfs. It is
 * not rproc-loader: it loads one ELF32 image the simplest way and misbehaves
 * on request.
 *
 *   rproc-uload-test daemon MODEFILE
 *	Listens to kernel uevents; on each RPROC_EVENT=load, reads the mode
 *	from MODEFILE (one word; "load" when missing) and acts:
 *	  load      list the memories (GET_MEMORIES), map them, copy the ELF
 *	            segments of /lib/firmware/$RPROC_FIRMWARE, answer LOAD_DONE
 *	            with e_entry and .resource_table; then check that the
 *	            mappings are revoked (a child touching one gets SIGBUS) and
 *	            that a new mmap() fails with EPERM
 *	  cookie    first answer with a wrong cookie (expects ESTALE), then a
 *	            status out of range (expects EINVAL), then as load
 *	  ignore    no answer (the start times out)
 *	  fail      answer status -ENOEXEC
 *	  badtable  load, but answer with a table whose version is 2
 *	  staged    load, answer STAGED at e_entry, then the final answer
 *	Prints what it does on stdout, one "uload:" line per step.
 *   rproc-uload-test monitor
 *	Prints the LOAD_EVENT notifications of the "load" group.
 *   rproc-uload-test mmap N
 *	Tries to map /dev/remoteprocN at offset 0; prints the errno.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <elf.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include <linux/rproc_loader.h>

#define MAX_MEMS 16

struct mem {
	char name[32];
	uint64_t da, size, offset;
	uint32_t flags;
	void *map;
};

struct load {
	unsigned int index;
	uint32_t cookie;
	char firmware[256];
	char loader[64];
	struct mem mems[MAX_MEMS];
	unsigned int nr_mems;
};

static int genl_fd = -1;
static uint16_t family_id;
static uint32_t mcgrp_id;
static uint32_t seq = 1;

/* --- netlink ----------------------------------------------------------------- */

struct req {
	struct nlmsghdr nlh;
	struct genlmsghdr genl;
	char buf[1024];
};

static void put_attr(struct req *r, uint16_t type, const void *data, size_t len)
{
	struct nlattr *a = (void *)((char *)r + NLMSG_ALIGN(r->nlh.nlmsg_len));

	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	memcpy((char *)a + NLA_HDRLEN, data, len);
	r->nlh.nlmsg_len = NLMSG_ALIGN(r->nlh.nlmsg_len) + NLA_ALIGN(a->nla_len);
}

static void put_u32(struct req *r, uint16_t type, uint32_t v)
{
	put_attr(r, type, &v, sizeof(v));
}

static void put_u64(struct req *r, uint16_t type, uint64_t v)
{
	put_attr(r, type, &v, sizeof(v));
}

static void req_init(struct req *r, uint16_t type, uint16_t flags, uint8_t cmd)
{
	memset(r, 0, sizeof(*r));
	r->nlh.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	r->nlh.nlmsg_type = type;
	r->nlh.nlmsg_flags = NLM_F_REQUEST | flags;
	r->nlh.nlmsg_seq = ++seq;
	r->genl.cmd = cmd;
	r->genl.version = 1;
}

static int req_send(struct req *r)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };

	if (sendto(genl_fd, r, r->nlh.nlmsg_len, 0, (void *)&sa, sizeof(sa)) < 0)
		return -errno;
	return 0;
}

/* attributes of a genl message, indexed by type */
static void parse_attrs(struct nlmsghdr *nlh, struct nlattr **tb, int max)
{
	struct nlattr *a = (void *)((char *)NLMSG_DATA(nlh) + GENL_HDRLEN);
	int len = nlh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);

	memset(tb, 0, sizeof(*tb) * (max + 1));
	while (len >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN && a->nla_len <= len) {
		int type = a->nla_type & NLA_TYPE_MASK;

		if (type <= max)
			tb[type] = a;
		len -= NLA_ALIGN(a->nla_len);
		a = (void *)((char *)a + NLA_ALIGN(a->nla_len));
	}
}

#define ATTR_DATA(a) ((void *)((char *)(a) + NLA_HDRLEN))

/*
 * Receive the answers to request @s: calls @cb for each message of the
 * family, returns 0 on NLMSG_DONE or a 0 ack, the negative errno of an error
 * ack, printing its extack message.
 */
static int recv_answers(uint32_t s, void (*cb)(struct nlmsghdr *, void *), void *arg)
{
	static char buf[65536];

	for (;;) {
		ssize_t n = recv(genl_fd, buf, sizeof(buf), 0);
		struct nlmsghdr *nlh;

		if (n < 0)
			return -errno;
		for (nlh = (void *)buf; NLMSG_OK(nlh, n); nlh = NLMSG_NEXT(nlh, n)) {
			if (nlh->nlmsg_seq != s)
				continue;
			if (nlh->nlmsg_type == NLMSG_DONE) {
				int err = *(int *)NLMSG_DATA(nlh);

				return err;
			}
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(nlh);

				if (e->error && (nlh->nlmsg_flags & NLM_F_ACK_TLVS)) {
					/* the extack message follows the echoed request */
					size_t off = sizeof(*e);
					struct nlattr *a;
					int len;

					if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
						off += e->msg.nlmsg_len - sizeof(struct nlmsghdr);
					a = (void *)((char *)e + NLMSG_ALIGN(off));
					len = (char *)nlh + nlh->nlmsg_len - (char *)a;
					while (len >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&
					       a->nla_len <= len) {
						if (a->nla_type == NLMSGERR_ATTR_MSG)
							printf("uload: extack: %s\n",
							       (char *)ATTR_DATA(a));
						len -= NLA_ALIGN(a->nla_len);
						a = (void *)((char *)a + NLA_ALIGN(a->nla_len));
					}
				}
				return e->error;
			}
			if (cb)
				cb(nlh, arg);
		}
	}
}

static void family_cb(struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *tb[CTRL_ATTR_MAX + 1], *g;
	int len;

	(void)arg;
	parse_attrs(nlh, tb, CTRL_ATTR_MAX);
	if (tb[CTRL_ATTR_FAMILY_ID])
		family_id = *(uint16_t *)ATTR_DATA(tb[CTRL_ATTR_FAMILY_ID]);
	if (!tb[CTRL_ATTR_MCAST_GROUPS])
		return;
	g = ATTR_DATA(tb[CTRL_ATTR_MCAST_GROUPS]);
	len = tb[CTRL_ATTR_MCAST_GROUPS]->nla_len - NLA_HDRLEN;
	while (len >= NLA_HDRLEN && g->nla_len >= NLA_HDRLEN) {
		struct nlattr *a = ATTR_DATA(g), *name = NULL, *id = NULL;
		int l = g->nla_len - NLA_HDRLEN;

		while (l >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN) {
			if (a->nla_type == CTRL_ATTR_MCAST_GRP_NAME)
				name = a;
			if (a->nla_type == CTRL_ATTR_MCAST_GRP_ID)
				id = a;
			l -= NLA_ALIGN(a->nla_len);
			a = (void *)((char *)a + NLA_ALIGN(a->nla_len));
		}
		if (name && id && !strcmp(ATTR_DATA(name), RPROC_LOADER_GENL_MCGRP))
			mcgrp_id = *(uint32_t *)ATTR_DATA(id);
		len -= NLA_ALIGN(g->nla_len);
		g = (void *)((char *)g + NLA_ALIGN(g->nla_len));
	}
}

static int genl_open(void)
{
	struct req r;
	int err;

	genl_fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (genl_fd < 0)
		return -errno;
	req_init(&r, GENL_ID_CTRL, NLM_F_ACK, CTRL_CMD_GETFAMILY);
	put_attr(&r, CTRL_ATTR_FAMILY_NAME, RPROC_LOADER_GENL_NAME,
		 strlen(RPROC_LOADER_GENL_NAME) + 1);
	err = req_send(&r);
	if (!err)
		err = recv_answers(r.nlh.nlmsg_seq, family_cb, NULL);
	if (!err && !family_id)
		err = -ENOENT;
	if (err)
		printf("uload: family %s: %s\n", RPROC_LOADER_GENL_NAME, strerror(-err));
	return err;
}

/* --- the load ----------------------------------------------------------------- */

static void memory_cb(struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *tb[RPROC_LOADER_ATTR_MAX + 1];
	struct load *l = arg;
	struct mem *m;

	parse_attrs(nlh, tb, RPROC_LOADER_ATTR_MAX);
	if (l->nr_mems >= MAX_MEMS || !tb[RPROC_LOADER_ATTR_MEM_NAME])
		return;
	m = &l->mems[l->nr_mems++];
	memset(m, 0, sizeof(*m));
	snprintf(m->name, sizeof(m->name), "%s", (char *)ATTR_DATA(tb[RPROC_LOADER_ATTR_MEM_NAME]));
	m->da = *(uint64_t *)ATTR_DATA(tb[RPROC_LOADER_ATTR_MEM_DA]);
	m->size = *(uint64_t *)ATTR_DATA(tb[RPROC_LOADER_ATTR_MEM_SIZE]);
	m->flags = *(uint32_t *)ATTR_DATA(tb[RPROC_LOADER_ATTR_MEM_FLAGS]);
	if (tb[RPROC_LOADER_ATTR_MEM_MMAP_OFFSET])
		m->offset = *(uint64_t *)ATTR_DATA(tb[RPROC_LOADER_ATTR_MEM_MMAP_OFFSET]);
	printf("uload: memory %s da 0x%llx size 0x%llx flags 0x%x offset 0x%llx\n",
	       m->name, (unsigned long long)m->da, (unsigned long long)m->size,
	       m->flags, (unsigned long long)m->offset);
}

static int get_memories(struct load *l)
{
	struct req r;
	int err;

	l->nr_mems = 0;
	req_init(&r, family_id, NLM_F_DUMP, RPROC_LOADER_CMD_GET_MEMORIES);
	put_u32(&r, RPROC_LOADER_ATTR_RPROC_INDEX, l->index);
	put_u32(&r, RPROC_LOADER_ATTR_COOKIE, l->cookie);
	err = req_send(&r);
	if (!err)
		err = recv_answers(r.nlh.nlmsg_seq, memory_cb, l);
	printf("uload: GET_MEMORIES: %d memories, %s\n", l->nr_mems, strerror(-err));
	return err;
}

/* LOAD_DONE; the kernel's verdict (0 or -errno) */
static int load_done(struct load *l, uint32_t cookie, int32_t status, uint64_t boot,
		     uint64_t rsc_da, uint32_t rsc_size, uint32_t flags)
{
	struct req r;
	int err;

	req_init(&r, family_id, NLM_F_ACK, RPROC_LOADER_CMD_LOAD_DONE);
	put_u32(&r, RPROC_LOADER_ATTR_RPROC_INDEX, l->index);
	put_u32(&r, RPROC_LOADER_ATTR_COOKIE, cookie);
	put_u32(&r, RPROC_LOADER_ATTR_STATUS, (uint32_t)status);
	if (!status) {
		put_u64(&r, RPROC_LOADER_ATTR_BOOT_ADDR, boot);
		put_u64(&r, RPROC_LOADER_ATTR_RSC_DA, rsc_da);
		put_u32(&r, RPROC_LOADER_ATTR_RSC_SIZE, rsc_size);
	}
	if (flags)
		put_u32(&r, RPROC_LOADER_ATTR_FLAGS, flags);
	err = req_send(&r);
	if (!err)
		err = recv_answers(r.nlh.nlmsg_seq, NULL, NULL);
	printf("uload: LOAD_DONE cookie %u status %d boot 0x%llx rsc 0x%llx/%u flags %u: %d (%s)\n",
	       cookie, status, (unsigned long long)boot, (unsigned long long)rsc_da,
	       rsc_size, flags, err, strerror(-err));
	return err;
}

static char *read_file(const char *path, size_t *size)
{
	struct stat st;
	char *data;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0 || !(data = malloc(st.st_size))) {
		close(fd);
		return NULL;
	}
	if (read(fd, data, st.st_size) != st.st_size) {
		free(data);
		close(fd);
		return NULL;
	}
	close(fd);
	*size = st.st_size;
	return data;
}

static void *mem_ptr(struct load *l, uint64_t da, uint64_t len)
{
	unsigned int i;

	for (i = 0; i < l->nr_mems; i++) {
		struct mem *m = &l->mems[i];

		if (m->map && da >= m->da && da - m->da <= m->size && len <= m->size - (da - m->da))
			return (char *)m->map + (da - m->da);
	}
	return NULL;
}

/* Copy the PT_LOAD segments of an ELF32 image; find its entry and table. */
static int load_elf(struct load *l, const char *img, size_t size, uint64_t *entry,
		    uint64_t *rsc_da, uint32_t *rsc_size)
{
	const Elf32_Ehdr *eh = (const void *)img;
	const Elf32_Shdr *sh, *strsh;
	unsigned int i;

	if (size < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_ident[EI_CLASS] != ELFCLASS32 ||
	    eh->e_phoff + (uint64_t)eh->e_phnum * sizeof(Elf32_Phdr) > size ||
	    eh->e_shoff + (uint64_t)eh->e_shnum * sizeof(Elf32_Shdr) > size ||
	    eh->e_shstrndx >= eh->e_shnum)
		return -ENOEXEC;

	for (i = 0; i < eh->e_phnum; i++) {
		const Elf32_Phdr *ph = (const Elf32_Phdr *)(img + eh->e_phoff) + i;
		char *dst;

		if (ph->p_type != PT_LOAD || !ph->p_memsz)
			continue;
		if (ph->p_filesz > ph->p_memsz || ph->p_offset + (uint64_t)ph->p_filesz > size)
			return -ENOEXEC;
		dst = mem_ptr(l, ph->p_paddr, ph->p_memsz);
		if (!dst) {
			printf("uload: segment at 0x%x in no mapped memory\n", ph->p_paddr);
			return -ENOEXEC;
		}
		memcpy(dst, img + ph->p_offset, ph->p_filesz);
		memset(dst + ph->p_filesz, 0, ph->p_memsz - ph->p_filesz);
		printf("uload: segment 0x%x: %u bytes + %u zero\n", ph->p_paddr,
		       ph->p_filesz, ph->p_memsz - ph->p_filesz);
	}

	*entry = eh->e_entry;
	*rsc_da = 0;
	*rsc_size = 0;
	sh = (const void *)(img + eh->e_shoff);
	strsh = &sh[eh->e_shstrndx];
	for (i = 0; i < eh->e_shnum; i++) {
		if (strsh->sh_offset + (uint64_t)sh[i].sh_name >= size)
			continue;
		if (!strcmp(img + strsh->sh_offset + sh[i].sh_name, ".resource_table")) {
			*rsc_da = sh[i].sh_addr;
			*rsc_size = sh[i].sh_size;
		}
	}
	return 0;
}

static int map_memories(struct load *l, int fd)
{
	unsigned int i;

	for (i = 0; i < l->nr_mems; i++) {
		struct mem *m = &l->mems[i];

		if (m->flags & RPROC_LOADER_MEM_NOMAP)
			continue;
		m->map = mmap(NULL, m->size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, m->offset);
		if (m->map == MAP_FAILED) {
			printf("uload: mmap %s: %s\n", m->name, strerror(errno));
			m->map = NULL;
			return -errno;
		}
		printf("uload: mapped %s\n", m->name);
	}
	return 0;
}

/* after the load: old mappings fault, new ones are refused */
static void check_revoked(struct load *l, int fd)
{
	unsigned int i;
	void *p;

	for (i = 0; i < l->nr_mems; i++) {
		struct mem *m = &l->mems[i];
		pid_t pid;
		int st;

		if (!m->map)
			continue;
		pid = fork();
		if (!pid) {
			volatile char c = *(volatile char *)m->map;

			(void)c;
			_exit(0);
		}
		waitpid(pid, &st, 0);
		printf("uload: revoked %s: read %s\n", m->name,
		       WIFSIGNALED(st) && WTERMSIG(st) == SIGBUS ? "SIGBUS" :
		       WIFSIGNALED(st) ? strsignal(WTERMSIG(st)) : "succeeded");
		munmap(m->map, m->size);
		m->map = NULL;
	}
	p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
	printf("uload: mmap after the load: %s\n", p == MAP_FAILED ? strerror(errno) : "succeeded");
	if (p != MAP_FAILED)
		munmap(p, 4096);
}

static void handle_load(struct load *l, const char *mode)
{
	uint64_t entry = 0, rsc_da = 0;
	uint32_t rsc_size = 0;
	char path[300], *img = NULL;
	size_t size;
	int fd = -1, err;

	printf("uload: load of remoteproc%u: firmware %s loader \"%s\" cookie %u mode %s\n",
	       l->index, l->firmware, l->loader, l->cookie, mode);

	if (!strcmp(mode, "ignore"))
		return;
	if (!strcmp(mode, "fail")) {
		load_done(l, l->cookie, -ENOEXEC, 0, 0, 0, 0);
		return;
	}
	if (!strcmp(mode, "cookie")) {
		load_done(l, l->cookie + 1, 0, 0, 0, 0, 0);
		load_done(l, l->cookie, 5, 0, 0, 0, 0);
	}

	if (get_memories(l))
		goto out;
	snprintf(path, sizeof(path), "/dev/remoteproc%u", l->index);
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		printf("uload: %s: %s\n", path, strerror(errno));
		goto out;
	}
	if (map_memories(l, fd))
		goto out;
	snprintf(path, sizeof(path), "/lib/firmware/%s", l->firmware);
	img = read_file(path, &size);
	if (!img) {
		printf("uload: %s: %s\n", path, strerror(errno));
		goto out;
	}
	err = load_elf(l, img, size, &entry, &rsc_da, &rsc_size);
	if (err) {
		load_done(l, l->cookie, err, 0, 0, 0, 0);
		goto out;
	}
	printf("uload: entry 0x%llx, resource table 0x%llx (%u bytes)\n",
	       (unsigned long long)entry, (unsigned long long)rsc_da, rsc_size);

	if (!strcmp(mode, "badtable")) {
		uint32_t *ver = mem_ptr(l, rsc_da, 4);

		if (ver)
			*ver = 2;
	}
	if (!strcmp(mode, "staged")) {
		err = load_done(l, l->cookie, 0, entry, 0, 0, RPROC_LOADER_DONE_STAGED);
		/* the load stays open: the memories are still mapped */
		uint32_t *word = mem_ptr(l, 0, 4);

		printf("uload: after STAGED, the word at 0x0 reads 0x%x\n",
		       word ? *(volatile uint32_t *)word : 0);
		sleep(1);
	}
	load_done(l, l->cookie, 0, entry, rsc_da, rsc_size, 0);
	check_revoked(l, fd);
out:
	free(img);
	if (fd >= 0)
		close(fd);
	fflush(stdout);
}

/* --- modes -------------------------------------------------------------------- */

static int daemon_main(const char *modefile)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_groups = 1 };
	static char buf[8192];
	int fd;

	fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_KOBJECT_UEVENT);
	if (fd < 0 || bind(fd, (void *)&sa, sizeof(sa)) < 0) {
		perror("uevent socket");
		return 1;
	}
	if (genl_open())
		return 1;
	printf("uload: daemon listening\n");
	fflush(stdout);

	for (;;) {
		ssize_t n = recv(fd, buf, sizeof(buf) - 1, 0);
		struct load l;
		char mode[32] = "load", *p, *devpath = NULL, *ev = NULL, *cookie = NULL;
		FILE *f;

		if (n <= 0)
			continue;
		buf[n] = '\0';
		memset(&l, 0, sizeof(l));
		for (p = buf; p < buf + n; p += strlen(p) + 1) {
			if (!strncmp(p, "DEVPATH=", 8))
				devpath = p + 8;
			else if (!strncmp(p, "RPROC_EVENT=", 12))
				ev = p + 12;
			else if (!strncmp(p, "RPROC_COOKIE=", 13))
				cookie = p + 13;
			else if (!strncmp(p, "RPROC_FIRMWARE=", 15))
				snprintf(l.firmware, sizeof(l.firmware), "%s", p + 15);
			else if (!strncmp(p, "RPROC_LOADER=", 13))
				snprintf(l.loader, sizeof(l.loader), "%s", p + 13);
		}
		if (!ev || strcmp(ev, "load") || !devpath || !cookie ||
		    !(p = strrchr(devpath, '/')) || sscanf(p, "/remoteproc%u", &l.index) != 1)
			continue;
		l.cookie = strtoul(cookie, NULL, 10);
		f = fopen(modefile, "r");
		if (f) {
			if (fscanf(f, "%31s", mode) != 1)
				strcpy(mode, "load");
			fclose(f);
		}
		handle_load(&l, mode);
		fflush(stdout);
	}
}

static int monitor_main(void)
{
	static const char *names[] = { "?", "PENDING", "DONE", "FAILED", "TIMEOUT", "STAGED" };
	static char buf[8192];

	if (genl_open())
		return 1;
	if (setsockopt(genl_fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &mcgrp_id, sizeof(mcgrp_id)) < 0) {
		perror("NETLINK_ADD_MEMBERSHIP");
		return 1;
	}
	printf("event: monitoring group %u\n", mcgrp_id);
	fflush(stdout);
	for (;;) {
		ssize_t n = recv(genl_fd, buf, sizeof(buf), 0);
		struct nlmsghdr *nlh;

		for (nlh = (void *)buf; n > 0 && NLMSG_OK(nlh, n); nlh = NLMSG_NEXT(nlh, n)) {
			struct nlattr *tb[RPROC_LOADER_ATTR_MAX + 1];
			uint32_t ev;

			if (nlh->nlmsg_type != family_id)
				continue;
			parse_attrs(nlh, tb, RPROC_LOADER_ATTR_MAX);
			if (!tb[RPROC_LOADER_ATTR_EVENT] || !tb[RPROC_LOADER_ATTR_STATUS])
				continue;
			ev = *(uint32_t *)ATTR_DATA(tb[RPROC_LOADER_ATTR_EVENT]);
			printf("event: remoteproc%u %s status %d firmware %s loader \"%s\" cookie %u\n",
			       *(uint32_t *)ATTR_DATA(tb[RPROC_LOADER_ATTR_RPROC_INDEX]),
			       ev < 6 ? names[ev] : "?",
			       *(int32_t *)ATTR_DATA(tb[RPROC_LOADER_ATTR_STATUS]),
			       (char *)ATTR_DATA(tb[RPROC_LOADER_ATTR_FIRMWARE]),
			       (char *)ATTR_DATA(tb[RPROC_LOADER_ATTR_LOADER]),
			       *(uint32_t *)ATTR_DATA(tb[RPROC_LOADER_ATTR_COOKIE]));
			fflush(stdout);
		}
	}
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 3 && !strcmp(argv[1], "daemon"))
		return daemon_main(argv[2]);
	if (argc == 2 && !strcmp(argv[1], "monitor"))
		return monitor_main();
	if (argc == 3 && !strcmp(argv[1], "mmap")) {
		char path[64];
		void *p;
		int fd;

		snprintf(path, sizeof(path), "/dev/remoteproc%s", argv[2]);
		fd = open(path, O_RDWR);
		if (fd < 0) {
			printf("mmap: %s: %s\n", path, strerror(errno));
			return 1;
		}
		p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		printf("mmap: %s\n", p == MAP_FAILED ? strerror(errno) : "succeeded");
		return p == MAP_FAILED ? 1 : 0;
	}
	fprintf(stderr, "usage: %s daemon MODEFILE | monitor | mmap N\n", argv[0]);
	return 2;
}
