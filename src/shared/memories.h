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
 *   [core]                optional, for rproc-sim
 *   cpu = cortex-m4       cortex-m4, riscv32, riscv64 or aarch64
 *
 *   [mailbox]             optional, for rproc-sim: doorbells both ways
 *   da = 0x3f000000       device address of its 4 KiB register block
 *
 * Shared by rproc-loader (which writes the files) and rproc-sim (which runs
 * firmware from them).
 */
#ifndef RPROC_MEMORIES_H
#define RPROC_MEMORIES_H

#include <stdbool.h>
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
	char *cpu;			/* [core] cpu, or NULL */
	bool has_mailbox;
	uint64_t mailbox_da;		/* [mailbox] da */
};

/*
 * What the last load of a directory backend answered, PATH/loaded.ini, as the
 * kernel would have been told: written by rproc-loader, read by rproc-sim.
 *
 *   [load]
 *   boot_addr = 0x00000041
 *   rsc_da = 0x20000000
 *   rsc_size = 68
 */
#define MEMORIES_LOADED_INI	"loaded.ini"
#define MEMORIES_LOADED_TMP	"loaded.ini.tmp"

struct memories_loaded {
	uint64_t boot_addr;
	uint64_t rsc_da;
	uint64_t rsc_size;
};

/*
 * Write loaded.ini in the directory dirfd (named dir in messages)
 * atomically: loaded.ini.tmp made there exclusively, without following a
 * link, then renamed over loaded.ini.
 */
int memories_loaded_write(int dirfd, const char *dir, const struct memories_loaded *l);
/* Read it; -ENOENT when nothing was loaded. Errors logged with file:line. */
int memories_loaded_read(const char *dir, struct memories_loaded *l);

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
