/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The directory backend's memory description, PATH/memories.ini:
 *
 *   [memory sram]
 *   da = 0x20000000       device address
 *   size = 256K           bytes (K, M, G suffixes)
 *   file = sram.bin       backing file, relative to PATH
 *   flags = nomap         optional: the host cannot address it
 *
 * Shared by rproc-loader (which writes the files) and rproc-sim (which runs
 * firmware from them).
 */
#ifndef RPROC_MEMORIES_H
#define RPROC_MEMORIES_H

#include <stdint.h>

#include <rproc/loader.h>

#define MEMORIES_INI		"memories.ini"
#define MEMORIES_MAX		64

struct memories {
	char *path;			/* the ini file, for messages */
	unsigned int n;
	struct rproc_memory mem[MEMORIES_MAX];
	char *file[MEMORIES_MAX];	/* backing file, relative */
	unsigned int line[MEMORIES_MAX];/* where the section starts */
};

/* Parse dir/memories.ini. 0 or -errno, every problem logged with file:line. */
int memories_parse(const char *dir, struct memories **out);
void memories_free(struct memories *m);

/*
 * Index of the memory holding [da, da + len), or -ERANGE when none does, or
 * -EFAULT when the range wraps. len 0 counts as 1 byte.
 */
int memories_find(const struct rproc_memory *mem, unsigned int n, uint64_t da,
		  uint64_t len);

/* Log the memory map, one line per memory, at priority prio. */
void memories_log(const struct rproc_memory *mem, unsigned int n, int prio);

#endif
