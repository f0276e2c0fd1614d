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
#include <stddef.h>
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
 * kernel would have been told, and what was loaded: written by rproc-loader,
 * read by rproc-sim, which takes its CPU from [firmware] when nothing else
 * names one.
 *
 *   [load]
 *   boot_addr = 0x00000041
 *   rsc_da = 0x20000000
 *   rsc_size = 68
 *
 *   [firmware]            optional, each key too
 *   path = /srv/fw/hello.elf    absolute, when it can be written in INI
 *   machine = 40          ELF e_machine (EM_ARM); with class and endian
 *   class = 32            ELF class: 32 or 64
 *   endian = little       little or big
 */
#define MEMORIES_LOADED_INI	"loaded.ini"
#define MEMORIES_LOADED_TMP	"loaded.ini.tmp"

struct memories_loaded {
	uint64_t boot_addr;
	uint64_t rsc_da;
	uint64_t rsc_size;
	char *firmware;			/* [firmware] path, or NULL */
	bool has_machine;		/* [firmware] machine, class, endian */
	uint16_t machine;		/* EM_* */
	uint8_t elf_class;		/* ELFCLASS32 or ELFCLASS64 */
	uint8_t elf_data;		/* ELFDATA2LSB or ELFDATA2MSB */
};

/*
 * The machine, class and byte order of an ELF image into l (has_machine),
 * from its identification and e_machine alone; false when data is not an
 * ELF image (a raw one, a manifest).
 */
bool memories_loaded_set_elf(struct memories_loaded *l, const void *data, size_t size);
/* Free what memories_loaded_read() allocated (firmware). */
void memories_loaded_release(struct memories_loaded *l);

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
