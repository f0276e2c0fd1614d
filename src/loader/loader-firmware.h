/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Finding a firmware as the kernel's firmware loader does, and mapping it. */
#ifndef LOADER_FIRMWARE_H
#define LOADER_FIRMWARE_H

#include <stddef.h>

/* Largest firmware accepted: far above any co-processor memory. */
#define LOADER_FIRMWARE_MAX	(1ull << 30)

struct loader_firmware {
	char *path;
	const void *data;
	size_t size;
};

/*
 * The kernel's search order: the firmware_class.path module parameter (read
 * from sysfs_root/module/firmware_class/parameters/path) when set, then
 * BASE/updates/RELEASE, BASE/updates, BASE/RELEASE, BASE. Returns a
 * NULL-terminated array of strings, freed with loader_firmware_dirs_free().
 */
int loader_firmware_dirs_default(const char *sysfs_root, const char *release,
				 const char *base, char ***dirs);
/* Split a colon-separated firmware_path from the config. */
int loader_firmware_dirs_split(const char *path, char ***dirs);
void loader_firmware_dirs_free(char **dirs);

/* First dirs[i]/name that is a regular file. -ENOENT, logged, when none. */
int loader_firmware_find(char *const *dirs, const char *name, char **path);

/* Map path read-only. -errno, logged. */
int loader_firmware_open(const char *path, struct loader_firmware *fw);
void loader_firmware_close(struct loader_firmware *fw);

/*
 * The PT_INTERP string of an ELF image, copied to buf; 0 when found,
 * -ENOENT when the image is not an ELF or has no PT_INTERP, -ENOEXEC when
 * the header is malformed (the plugin will say why).
 */
int loader_firmware_interp(const void *data, size_t size, char *buf, size_t len);

#endif
