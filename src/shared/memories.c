// SPDX-License-Identifier: LGPL-2.1-or-later
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ini-file.h"
#include "log.h"
#include "memories.h"
#include "path-beneath.h"
#include "strparse.h"

/* keys seen in the current section, to refuse duplicates and missing ones */
#define KEY_DA		(1u << 0)
#define KEY_SIZE	(1u << 1)
#define KEY_FILE	(1u << 2)
#define KEY_FLAGS	(1u << 3)

/* ps->cur for the [core] and [mailbox] sections */
#define SECTION_OTHER	(-2)

struct memories_parser {
	struct memories *m;
	unsigned int section_line;	/* header line of the current section */
	int cur;		/* index of the current memory, -1 outside one */
	unsigned int seen[MEMORIES_MAX];
};

static bool file_name_is_safe(const char *f)
{
	const char *p = f;

	if (f[0] == '\0' || f[0] == '/')
		return false;
	/* no ".." component: the files stay inside the backend directory */
	while (p) {
		if (p[0] == '.' && p[1] == '.' && (p[2] == '/' || p[2] == '\0'))
			return false;
		p = strchr(p, '/');
		if (p)
			p++;
	}
	for (p = f; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return false;
	return true;
}

static int memories_section_start(struct memories_parser *ps,
				  const struct ini_pos *pos, const char *section)
{
	struct memories *m = ps->m;
	char esc[96];
	const char *name;
	unsigned int i;

	ps->section_line = pos->section_line;
	ps->cur = -1;
	if (strcmp(section, "core") == 0 || strcmp(section, "mailbox") == 0) {
		ps->cur = SECTION_OTHER;
		return 0;
	}
	if (strncmp(section, "memory ", 7) != 0) {
		ERR("%s:%u: unknown section [%s] (expected [memory NAME], [core] or [mailbox])",
		    pos->path, pos->section_line, strparse_escape(section, esc, sizeof(esc)));
		return -EINVAL;
	}
	name = section + 7;
	if (!strparse_name_is_valid(name)) {
		ERR("%s:%u: section [%s]: invalid memory name (1-63 of A-Z a-z 0-9 _ . -)",
		    pos->path, pos->section_line, strparse_escape(section, esc, sizeof(esc)));
		return -EINVAL;
	}
	for (i = 0; i < m->n; i++) {
		if (strcmp(m->mem[i].name, name) == 0) {
			ERR("%s:%u: memory '%s' already defined at line %u",
			    pos->path, pos->section_line, name, m->line[i]);
			return -EINVAL;
		}
	}
	if (m->n == MEMORIES_MAX) {
		ERR("%s:%u: too many memories (at most %d)", pos->path, pos->line,
		    MEMORIES_MAX);
		return -E2BIG;
	}
	m->mem[m->n].name = strdup(name);
	if (!m->mem[m->n].name)
		return -ENOMEM;
	m->line[m->n] = pos->section_line;
	ps->cur = (int)m->n++;
	return 0;
}

static const char *const memories_cpus[] = {
	"cortex-m4", "riscv32", "riscv64", "aarch64",
};

/* [core] and [mailbox]: read by rproc-sim, checked for everyone */
static int memories_other(struct memories_parser *ps, const struct ini_pos *pos,
			  const char *section, const char *key, const char *value)
{
	struct memories *m = ps->m;
	char esc[96];
	unsigned int i;

	if (strcmp(section, "core") == 0 && strcmp(key, "cpu") == 0) {
		for (i = 0; i < ARRAY_SIZE(memories_cpus); i++)
			if (strcmp(value, memories_cpus[i]) == 0)
				break;
		if (i == ARRAY_SIZE(memories_cpus) || m->cpu) {
			ERR("%s:%u: [core]: cpu '%s': expected cortex-m4, riscv32, riscv64 or aarch64, once",
			    pos->path, pos->line, strparse_escape(value, esc, sizeof(esc)));
			return -EINVAL;
		}
		m->cpu = strdup(value);
		return m->cpu ? 0 : -ENOMEM;
	}
	if (strcmp(section, "mailbox") == 0 && strcmp(key, "da") == 0) {
		if (m->has_mailbox || strparse_u64(value, &m->mailbox_da) < 0 ||
		    m->mailbox_da % 4096 || m->mailbox_da > UINT64_MAX - 4096) {
			ERR("%s:%u: [mailbox]: da '%s': expected a 4 KiB-aligned address, once",
			    pos->path, pos->line, strparse_escape(value, esc, sizeof(esc)));
			return -EINVAL;
		}
		m->has_mailbox = true;
		return 0;
	}
	ERR("%s:%u: [%s]: unknown key '%s' (expected %s)", pos->path, pos->line,
	    section, key, strcmp(section, "core") == 0 ? "cpu" : "da");
	return -EINVAL;
}

static int memories_handler(void *user, const struct ini_pos *pos,
			    const char *section, const char *key,
			    const char *value)
{
	struct memories_parser *ps = user;
	struct rproc_memory *mem;
	char esc[96];
	unsigned int bit;
	int err;

	if (section[0] == '\0') {
		ERR("%s:%u: key '%s' outside a [memory NAME] section",
		    pos->path, pos->line, key);
		return -EINVAL;
	}
	if (pos->section_line != ps->section_line) {
		err = memories_section_start(ps, pos, section);
		if (err < 0)
			return err;
	}
	if (ps->cur == SECTION_OTHER)
		return memories_other(ps, pos, section, key, value);
	if (ps->cur < 0)
		return -EINVAL;	/* section refused, reported once */
	mem = &ps->m->mem[ps->cur];

	if (strcmp(key, "da") == 0) {
		bit = KEY_DA;
		err = strparse_u64(value, &mem->da);
	} else if (strcmp(key, "size") == 0) {
		bit = KEY_SIZE;
		err = strparse_size(value, &mem->size);
		if (!err && mem->size == 0)
			err = -EINVAL;
	} else if (strcmp(key, "file") == 0) {
		bit = KEY_FILE;
		err = file_name_is_safe(value) ? 0 : -EINVAL;
		if (!err && !ps->m->file[ps->cur]) {
			ps->m->file[ps->cur] = strdup(value);
			if (!ps->m->file[ps->cur])
				return -ENOMEM;
		}
	} else if (strcmp(key, "flags") == 0) {
		bit = KEY_FLAGS;
		err = 0;
		if (strcmp(value, "nomap") == 0)
			mem->flags |= RPROC_MEMORY_NOMAP;
		else if (value[0] != '\0')
			err = -EINVAL;
	} else {
		ERR("%s:%u: [%s]: unknown key '%s' (expected da, size, file, flags)",
		    pos->path, pos->line, section, key);
		return -EINVAL;
	}
	if (ps->seen[ps->cur] & bit) {
		ERR("%s:%u: [%s]: key '%s' given twice", pos->path, pos->line,
		    section, key);
		return -EINVAL;
	}
	ps->seen[ps->cur] |= bit;
	if (err < 0) {
		ERR("%s:%u: [%s]: invalid %s '%s'%s", pos->path, pos->line, section,
		    key, strparse_escape(value, esc, sizeof(esc)),
		    bit == KEY_FILE ? " (a relative path without '..')" :
		    bit == KEY_FLAGS ? " (expected 'nomap' or nothing)" :
		    bit == KEY_SIZE ? " (expected a non-zero number, K/M/G suffix allowed)" :
		    " (expected a decimal or 0x-prefixed number)");
		return err == -ENOMEM ? err : -EINVAL;
	}
	return 0;
}

static int memories_check(struct memories *m, const struct memories_parser *ps)
{
	unsigned int i, j;
	int err = 0;

	if (m->n == 0) {
		ERR("%s: no [memory NAME] section", m->path);
		return -EINVAL;
	}
	if (m->has_mailbox) {
		for (i = 0; i < m->n; i++) {
			if (m->mailbox_da - m->mem[i].da < m->mem[i].size ||
			    m->mem[i].da - m->mailbox_da < 4096) {
				ERR("%s: [mailbox] da 0x%llx overlaps [memory %s]", m->path,
				    (unsigned long long)m->mailbox_da, m->mem[i].name);
				return -EINVAL;
			}
		}
	}
	for (i = 0; i < m->n; i++) {
		const struct rproc_memory *a = &m->mem[i];
		static const char *const names[] = { "da", "size", "file" };
		unsigned int k;

		for (k = 0; k < ARRAY_SIZE(names); k++) {
			if (!(ps->seen[i] & (1u << k))) {
				ERR("%s:%u: [memory %s]: missing key '%s'", m->path,
				    m->line[i], a->name, names[k]);
				err = -EINVAL;
			}
		}
		if (err)
			continue;
		if (a->da + a->size < a->da && a->da + a->size != 0) {
			ERR("%s:%u: [memory %s]: da 0x%llx + size 0x%llx wraps around",
			    m->path, m->line[i], a->name, (unsigned long long)a->da,
			    (unsigned long long)a->size);
			err = -EINVAL;
			continue;
		}
		if (a->size > SIZE_MAX / 2) {
			ERR("%s:%u: [memory %s]: size 0x%llx too large for this host",
			    m->path, m->line[i], a->name, (unsigned long long)a->size);
			err = -EINVAL;
			continue;
		}
		for (j = 0; j < i; j++) {
			const struct rproc_memory *b = &m->mem[j];

			if (a->da - b->da < b->size || b->da - a->da < a->size) {
				ERR("%s:%u: [memory %s] 0x%llx-0x%llx overlaps [memory %s] of line %u",
				    m->path, m->line[i], a->name,
				    (unsigned long long)a->da,
				    (unsigned long long)(a->da + a->size - 1),
				    b->name, m->line[j]);
				err = -EINVAL;
			}
		}
	}
	return err;
}

/*
 * dir/name, read-only, opened as the memory files are: beneath dir, no link
 * followed (a memories.ini linked to a file root may read is not parsed,
 * and its lines not echoed in messages). A descriptor, or -errno: -ENOENT
 * not logged.
 */
static int memories_ini_open(const char *dir, const char *name, const char *path)
{
	int dirfd, fd;

	dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0) {
		fd = -errno;
		if (fd != -ENOENT)
			ERR("%s: cannot open: %s", dir, strerror(-fd));
		return fd;
	}
	/* O_NONBLOCK: a FIFO must not hang the open; ini_file_parse_fd() refuses it */
	fd = path_beneath_open(dirfd, name, O_RDONLY | O_NOCTTY | O_NONBLOCK, 0);
	close(dirfd);
	if (fd < 0 && fd != -ENOENT)
		ERR("%s: cannot open beneath %s: %s", path, dir, path_beneath_strerror(fd));
	return fd;
}

int memories_parse(const char *dir, struct memories **out)
{
	struct memories_parser ps = { .cur = -1 };
	struct memories *m;
	int err;

	m = calloc(1, sizeof(*m));
	if (!m)
		return -ENOMEM;
	if (asprintf(&m->path, "%s/%s", dir, MEMORIES_INI) < 0) {
		free(m);
		return -ENOMEM;
	}
	ps.m = m;
	err = memories_ini_open(dir, MEMORIES_INI, m->path);
	if (err >= 0)
		err = ini_file_parse_fd(err, m->path, memories_handler, &ps);
	if (err == -ENOENT)
		ERR("%s: no such file: a directory backend needs one", m->path);
	if (!err)
		err = memories_check(m, &ps);
	if (err < 0) {
		memories_free(m);
		return err;
	}
	*out = m;
	return 0;
}

void memories_free(struct memories *m)
{
	unsigned int i;

	if (!m)
		return;
	for (i = 0; i < m->n; i++) {
		free((char *)m->mem[i].name);
		free(m->file[i]);
	}
	free(m->cpu);
	free(m->path);
	free(m);
}

int memories_find(const struct rproc_memory *mem, unsigned int n, uint64_t da,
		  uint64_t len)
{
	unsigned int i;

	if (len == 0)
		len = 1;
	if (da + len - 1 < da)
		return -EFAULT;
	for (i = 0; i < n; i++) {
		/* unsigned differences: no overflow even at the top of the space */
		if (da - mem[i].da < mem[i].size &&
		    len <= mem[i].size - (da - mem[i].da))
			return (int)i;
	}
	return -ERANGE;
}

void memories_log(const struct rproc_memory *mem, unsigned int n, int prio)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		log_printf(prio, "  memory %-12s 0x%08llx-0x%08llx (%llu bytes)%s",
			   mem[i].name, (unsigned long long)mem[i].da,
			   (unsigned long long)(mem[i].da + mem[i].size - 1),
			   (unsigned long long)mem[i].size,
			   mem[i].flags & RPROC_MEMORY_NOMAP ? " nomap" : "");
}

bool memories_loaded_set_elf(struct memories_loaded *l, const void *data, size_t size)
{
	const unsigned char *h = data;

	if (size < EI_NIDENT + 4 || memcmp(h, ELFMAG, SELFMAG) != 0 ||
	    (h[EI_CLASS] != ELFCLASS32 && h[EI_CLASS] != ELFCLASS64) ||
	    (h[EI_DATA] != ELFDATA2LSB && h[EI_DATA] != ELFDATA2MSB))
		return false;
	/* e_machine follows e_type, in the file's byte order */
	l->machine = h[EI_DATA] == ELFDATA2LSB ? (uint16_t)(h[18] | h[19] << 8) :
						 (uint16_t)(h[18] << 8 | h[19]);
	l->elf_class = h[EI_CLASS];
	l->elf_data = h[EI_DATA];
	l->has_machine = true;
	return true;
}

void memories_loaded_release(struct memories_loaded *l)
{
	free(l->firmware);
	l->firmware = NULL;
}

/*
 * A path that reads back as written: absolute, no control byte, no ';' or
 * '#' (comments), no blank at either end (inih strips them).
 */
static bool loaded_path_is_safe(const char *p)
{
	size_t n = strlen(p);
	const char *c;

	if (p[0] != '/' || p[n - 1] == ' ' || p[n - 1] == '\t')
		return false;
	for (c = p; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f || *c == ';' || *c == '#')
			return false;
	return true;
}

/*
 * The temporary file is made beneath dirfd, exclusively, never through a
 * link: a loaded.ini.tmp planted as a link to /etc/passwd is removed, not
 * written through. The rename stays within the directory.
 */
static int loaded_tmp_create(int dirfd, const char *dir)
{
	int fd, tries;

	for (tries = 0; tries < 2; tries++) {
		fd = path_beneath_open(dirfd, MEMORIES_LOADED_TMP,
				       O_WRONLY | O_CREAT | O_EXCL, 0644);
		if (fd != -EEXIST)
			break;
		/* a leftover of a run that died, or planted: the entry goes */
		if (unlinkat(dirfd, MEMORIES_LOADED_TMP, 0) < 0 && errno != ENOENT) {
			fd = -errno;
			break;
		}
	}
	if (fd < 0)
		ERR("%s/%s: cannot create: %s", dir, MEMORIES_LOADED_TMP,
		    path_beneath_strerror(fd));
	return fd;
}

int memories_loaded_write(int dirfd, const char *dir, const struct memories_loaded *l)
{
	bool path_ok = l->firmware && loaded_path_is_safe(l->firmware);
	FILE *f;
	int fd, err = 0;

	if (l->firmware && !path_ok)
		WRN("%s/%s: firmware path not recorded: INI cannot hold it as it is",
		    dir, MEMORIES_LOADED_INI);
	fd = loaded_tmp_create(dirfd, dir);
	if (fd < 0)
		return fd;
	f = fdopen(fd, "w");
	if (!f) {
		err = -errno;
		close(fd);
		goto out;
	}
	fprintf(f, "; written by rproc-loader: the answer to the last load\n"
		"[load]\nboot_addr = 0x%08llx\nrsc_da = 0x%08llx\nrsc_size = %llu\n",
		(unsigned long long)l->boot_addr, (unsigned long long)l->rsc_da,
		(unsigned long long)l->rsc_size);
	if (path_ok || l->has_machine)
		fprintf(f, "\n; what was loaded (rproc-sim takes its CPU from it)\n[firmware]\n");
	if (path_ok)
		fprintf(f, "path = %s\n", l->firmware);
	if (l->has_machine)
		fprintf(f, "machine = %u\nclass = %u\nendian = %s\n", l->machine,
			l->elf_class == ELFCLASS64 ? 64 : 32,
			l->elf_data == ELFDATA2MSB ? "big" : "little");
	if (fflush(f) != 0 || ferror(f))
		err = -EIO;
	if (fclose(f) != 0 && !err)
		err = -errno;
	if (!err && renameat(dirfd, MEMORIES_LOADED_TMP, dirfd, MEMORIES_LOADED_INI) < 0)
		err = -errno;
out:
	if (err) {
		unlinkat(dirfd, MEMORIES_LOADED_TMP, 0);
		ERR("%s/%s: cannot write: %s", dir, MEMORIES_LOADED_INI, strerror(-err));
	}
	return err;
}

struct loaded_parser {
	struct memories_loaded *l;
	unsigned int seen;	/* bits: LOADED_KEY_* */
};

#define LOADED_KEY_LOAD		7u		/* boot_addr, rsc_da, rsc_size */
#define LOADED_KEY_PATH		(1u << 3)
#define LOADED_KEY_MACHINE	(1u << 4)
#define LOADED_KEY_CLASS	(1u << 5)
#define LOADED_KEY_ENDIAN	(1u << 6)
#define LOADED_KEY_ELF		(LOADED_KEY_MACHINE | LOADED_KEY_CLASS | LOADED_KEY_ENDIAN)

static int loaded_firmware(struct loaded_parser *lp, const struct ini_pos *pos,
			   const char *key, const char *value)
{
	struct memories_loaded *l = lp->l;
	unsigned int bit;
	uint32_t v = 0;
	bool ok;

	if (strcmp(key, "path") == 0) {
		bit = LOADED_KEY_PATH;
		ok = loaded_path_is_safe(value) && !(lp->seen & bit);
		if (ok) {
			l->firmware = strdup(value);
			if (!l->firmware)
				return -ENOMEM;
		}
	} else if (strcmp(key, "machine") == 0) {
		bit = LOADED_KEY_MACHINE;
		ok = strparse_u32(value, &v) == 0 && v <= UINT16_MAX;
		l->machine = (uint16_t)v;
	} else if (strcmp(key, "class") == 0) {
		bit = LOADED_KEY_CLASS;
		ok = strcmp(value, "32") == 0 || strcmp(value, "64") == 0;
		l->elf_class = strcmp(value, "64") == 0 ? ELFCLASS64 : ELFCLASS32;
	} else if (strcmp(key, "endian") == 0) {
		bit = LOADED_KEY_ENDIAN;
		ok = strcmp(value, "little") == 0 || strcmp(value, "big") == 0;
		l->elf_data = strcmp(value, "big") == 0 ? ELFDATA2MSB : ELFDATA2LSB;
	} else {
		ERR("%s:%u: unknown key '%s' in [firmware] (expected path, machine, class, endian)",
		    pos->path, pos->line, key);
		return -EINVAL;
	}
	if (!ok || (lp->seen & bit)) {
		ERR("%s:%u: [firmware] %s '%.64s': expected %s, once", pos->path, pos->line,
		    key, value,
		    bit == LOADED_KEY_PATH ? "an absolute path" :
		    bit == LOADED_KEY_MACHINE ? "an ELF e_machine number" :
		    bit == LOADED_KEY_CLASS ? "32 or 64" : "little or big");
		return -EINVAL;
	}
	lp->seen |= bit;
	return 0;
}

static int loaded_handler(void *user, const struct ini_pos *pos, const char *section,
			  const char *key, const char *value)
{
	static const char *const keys[] = { "boot_addr", "rsc_da", "rsc_size" };
	struct loaded_parser *lp = user;
	uint64_t *dst[] = { &lp->l->boot_addr, &lp->l->rsc_da, &lp->l->rsc_size };
	unsigned int i;

	if (strcmp(section, "firmware") == 0)
		return loaded_firmware(lp, pos, key, value);
	for (i = 0; i < ARRAY_SIZE(keys); i++) {
		if (strcmp(section, "load") != 0 || strcmp(key, keys[i]) != 0)
			continue;
		if (strparse_u64(value, dst[i]) < 0) {
			ERR("%s:%u: [load] %s '%.32s': expected a decimal or 0x number",
			    pos->path, pos->line, key, value);
			return -EINVAL;
		}
		lp->seen |= 1u << i;
		return 0;
	}
	ERR("%s:%u: unknown key '%s'%s%s%s (expected boot_addr, rsc_da, rsc_size in [load])",
	    pos->path, pos->line, key, *section ? " in [" : "", section, *section ? "]" : "");
	return -EINVAL;
}

int memories_loaded_read(const char *dir, struct memories_loaded *l)
{
	struct loaded_parser lp = { .l = l };
	char *path;
	int err;

	memset(l, 0, sizeof(*l));
	if (asprintf(&path, "%s/%s", dir, MEMORIES_LOADED_INI) < 0)
		return -ENOMEM;
	err = memories_ini_open(dir, MEMORIES_LOADED_INI, path);
	if (err >= 0)
		err = ini_file_parse_fd(err, path, loaded_handler, &lp);
	if (!err && (lp.seen & LOADED_KEY_LOAD) != LOADED_KEY_LOAD) {
		ERR("%s: incomplete: needs boot_addr, rsc_da and rsc_size", path);
		err = -EINVAL;
	}
	if (!err && (lp.seen & LOADED_KEY_ELF) && (lp.seen & LOADED_KEY_ELF) != LOADED_KEY_ELF) {
		ERR("%s: [firmware]: machine, class and endian go together", path);
		err = -EINVAL;
	}
	l->has_machine = !err && (lp.seen & LOADED_KEY_ELF);
	if (err)
		memories_loaded_release(l);
	free(path);
	return err;
}
