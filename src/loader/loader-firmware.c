// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "loader-firmware.h"

void loader_firmware_dirs_free(char **dirs)
{
	char **d;

	if (!dirs)
		return;
	for (d = dirs; *d; d++)
		free(*d);
	free(dirs);
}

static int dirs_add(char ***dirs, size_t *n, char *s)
{
	char **v;

	if (!s)
		return -ENOMEM;
	v = realloc(*dirs, (*n + 2) * sizeof(*v));
	if (!v) {
		free(s);
		return -ENOMEM;
	}
	v[(*n)++] = s;
	v[*n] = NULL;
	*dirs = v;
	return 0;
}

static _printf_(1, 2) char *dir_printf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int r;

	va_start(ap, fmt);
	r = vasprintf(&s, fmt, ap);
	va_end(ap);
	return r < 0 ? NULL : s;
}

/* The custom path the kernel searches first; "" or missing means none. */
static char *firmware_class_path(const char *sysfs_root)
{
	char *file, line[4096];
	FILE *f;
	size_t n;

	if (asprintf(&file, "%s/module/firmware_class/parameters/path", sysfs_root) < 0)
		return NULL;
	f = fopen(file, "re");
	free(file);
	if (!f)
		return NULL;
	if (!fgets(line, sizeof(line), f))
		line[0] = '\0';
	fclose(f);
	n = strcspn(line, "\n");
	line[n] = '\0';
	if (line[0] != '/')
		return NULL;
	return strdup(line);
}

int loader_firmware_dirs_default(const char *sysfs_root, const char *release,
				 const char *base, char ***dirs)
{
	char **v = calloc(1, sizeof(*v));
	char *custom;
	size_t n = 0;
	int err = 0;

	if (!v)
		return -ENOMEM;
	custom = firmware_class_path(sysfs_root);
	if (custom)
		err = dirs_add(&v, &n, custom);
	if (!err)
		err = dirs_add(&v, &n, dir_printf("%s/updates/%s", base, release));
	if (!err)
		err = dirs_add(&v, &n, dir_printf("%s/updates", base));
	if (!err)
		err = dirs_add(&v, &n, dir_printf("%s/%s", base, release));
	if (!err)
		err = dirs_add(&v, &n, dir_printf("%s", base));
	if (err) {
		loader_firmware_dirs_free(v);
		return err;
	}
	*dirs = v;
	return 0;
}

int loader_firmware_dirs_split(const char *path, char ***dirs)
{
	char **v = calloc(1, sizeof(*v));
	const char *p = path;
	size_t n = 0;
	int err;

	if (!v)
		return -ENOMEM;
	for (;;) {
		const char *end = strchrnul(p, ':');

		err = dirs_add(&v, &n, strndup(p, (size_t)(end - p)));
		if (err) {
			loader_firmware_dirs_free(v);
			return err;
		}
		if (*end == '\0')
			break;
		p = end + 1;
	}
	*dirs = v;
	return 0;
}

int loader_firmware_find(char *const *dirs, const char *name, char **path)
{
	char *const *d;
	struct stat st;

	for (d = dirs; *d; d++) {
		char *p;

		if (asprintf(&p, "%s/%s", *d, name) < 0)
			return -ENOMEM;
		if (stat(p, &st) == 0 && S_ISREG(st.st_mode)) {
			DBG("firmware %s: found %s", name, p);
			*path = p;
			return 0;
		}
		free(p);
	}
	ERR("firmware '%s' not found; searched:", name);
	for (d = dirs; *d; d++)
		ERR("  %s", *d);
	return -ENOENT;
}

int loader_firmware_open(const char *path, struct loader_firmware *fw)
{
	struct stat st;
	void *data;
	int fd, err;

	memset(fw, 0, sizeof(*fw));
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		err = -errno;
		ERR("%s: cannot open: %s", path, strerror(-err));
		return err;
	}
	if (fstat(fd, &st) < 0) {
		err = -errno;
		ERR("%s: cannot stat: %s", path, strerror(-err));
		goto out_close;
	}
	if (!S_ISREG(st.st_mode) || st.st_size == 0 ||
	    (unsigned long long)st.st_size > LOADER_FIRMWARE_MAX) {
		ERR("%s: not a regular file of 1 byte to 1 GiB", path);
		err = -EINVAL;
		goto out_close;
	}
	data = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (data == MAP_FAILED) {
		err = -errno;
		ERR("%s: cannot map: %s", path, strerror(-err));
		goto out_close;
	}
	fw->path = strdup(path);
	if (!fw->path) {
		munmap(data, (size_t)st.st_size);
		err = -ENOMEM;
		goto out_close;
	}
	fw->data = data;
	fw->size = (size_t)st.st_size;
	err = 0;
out_close:
	close(fd);
	return err;
}

void loader_firmware_close(struct loader_firmware *fw)
{
	if (fw->data)
		munmap((void *)fw->data, fw->size);
	free(fw->path);
	memset(fw, 0, sizeof(*fw));
}

/*
 * e_phnum as the raw header says, or -1 when the header is not one to read
 * it from. An object (ET_REL: no program headers) has no PT_INTERP, and
 * asking libelf to find that out costs a per-section setup that is most of
 * the load time of an object with many sections (tests/bench/bench-reloc.sh).
 */
static long loader_firmware_phnum(const void *data, size_t size)
{
	const uint8_t *id = data;
	size_t off;

	switch (id[EI_CLASS]) {
	case ELFCLASS32:
		off = offsetof(Elf32_Ehdr, e_phnum);
		break;
	case ELFCLASS64:
		off = offsetof(Elf64_Ehdr, e_phnum);
		break;
	default:
		return -1;
	}
	if (size < off + 2)
		return -1;
	switch (id[EI_DATA]) {
	case ELFDATA2LSB:
		return id[off] | id[off + 1] << 8;
	case ELFDATA2MSB:
		return id[off] << 8 | id[off + 1];
	default:
		return -1;
	}
}

int loader_firmware_interp(const void *data, size_t size, char *buf, size_t len)
{
	GElf_Ehdr eh;
	GElf_Phdr ph;
	size_t i, phnum;
	Elf *elf;
	int err = -ENOENT;

	if (size < EI_NIDENT || memcmp(data, ELFMAG, SELFMAG) != 0)
		return -ENOENT;
	if (loader_firmware_phnum(data, size) == 0)
		return -ENOENT;
	elf_version(EV_CURRENT);
	/* libelf only reads an ELF_C_READ_MMAP image: the mapping is read-only */
	elf = elf_memory((char *)data, size);
	if (!elf || !gelf_getehdr(elf, &eh) || elf_getphdrnum(elf, &phnum) < 0) {
		ERR("not a valid ELF: %s", elf_errmsg(-1));
		err = -ENOEXEC;
		goto out;
	}
	for (i = 0; i < phnum; i++) {
		if (!gelf_getphdr(elf, (int)i, &ph)) {
			ERR("not a valid ELF: program header %zu: %s", i, elf_errmsg(-1));
			err = -ENOEXEC;
			goto out;
		}
		if (ph.p_type != PT_INTERP)
			continue;
		if (ph.p_offset > size || ph.p_filesz > size - ph.p_offset ||
		    ph.p_filesz < 2 || ph.p_filesz > len ||
		    memchr((const char *)data + ph.p_offset, '\0', ph.p_filesz) !=
		    (const char *)data + ph.p_offset + ph.p_filesz - 1) {
			ERR("PT_INTERP: offset 0x%llx size %llu: outside the file, too long or not one NUL-terminated string",
			    (unsigned long long)ph.p_offset,
			    (unsigned long long)ph.p_filesz);
			err = -ENOEXEC;
			goto out;
		}
		memcpy(buf, (const char *)data + ph.p_offset, ph.p_filesz);
		err = 0;
		goto out;
	}
out:
	if (elf)
		elf_end(elf);
	return err;
}
