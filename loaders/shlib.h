/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * shlib.h - what the shlib plugin's files share: the modules of a load (the
 * executable and its libraries), the manifest's entries, the context of
 * one load, and the functions of placement (shlib-place.c), the manifest
 * (shlib-manifest.c), the lock (shlib-lock.c) and relocation
 * (shlib-reloc.c) that the plugin (shlib.c) calls.
 */
#ifndef SHLIB_H
#define SHLIB_H

#include <gelf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rproc/loader.h>

#include "elf-dyn.h"
#include "elf-image.h"
#include "elf-rsc.h"
#include "reloc-arch.h"

#define SHLIB_MODULES_MAX	16		/* the executable and its libraries */
#define SHLIB_SEGS_MAX		8		/* PT_LOAD segments of one module */
#define SHLIB_NEEDED_MAX	ELF_DYN_NEEDED_MAX	/* DT_NEEDED of one module */
#define SHLIB_NAME_MAX		64		/* a library name, NUL included */
#define SHLIB_FILE_MAX		(64u << 20)	/* a library file */
#define SHLIB_PATH_MAX		4096
#define SHLIB_ALIGN		64		/* placement keeps alignments up to this */
#define SHLIB_WHY_LEN		160
#define SHLIB_SHARED_DEFAULT	"shm"
#define SHLIB_LOCK_DIR		"/run/rproc-tools"
#define SHLIB_LOCK_DEFAULT	SHLIB_LOCK_DIR "/shlib.lock"
#define SHLIB_LOCK_WAIT_DEFAULT	20		/* seconds, when the host has no timeout */
#define SHLIB_LOCK_WAIT_MAX	170		/* rproc-loader's longest timeout */
#define SHLIB_LOCK_MARGIN_MS	500		/* of the host's time, kept for the load itself */
#define SHLIB_LOCK_POLL_US	50000

/* The manifest: little-endian whatever the firmware's byte order. */
#define SHLIB_MAN_MAGIC		"RPSHLIB1"
#define SHLIB_MAN_VERSION	1
#define SHLIB_MAN_SIZE		1024
#define SHLIB_MAN_HDR		32
#define SHLIB_MAN_ENTRY		128
#define SHLIB_MAN_MAX		((SHLIB_MAN_SIZE - SHLIB_MAN_HDR) / SHLIB_MAN_ENTRY)
#define SHLIB_BUILD_ID_MAX	32

struct shlib_mod {
	char name[SHLIB_NAME_MAX];	/* DT_NEEDED name, or the firmware's */
	const struct shlib_mod *parent;	/* the module that needed it */
	bool is_app;
	uint8_t *file;			/* a library's bytes, ours */
	const uint8_t *data;
	size_t size;
	struct elf_image elf;		/* data, its headers checked */

	/* per-core segments: buf holds p_memsz bytes, relocated */
	struct elf_dyn_seg segs[SHLIB_SEGS_MAX];
	size_t nsegs;
	struct elf_dyn_file dyn_file;	/* elf and segs, for the dynamic reader */

	const char *strtab;
	uint64_t strsz;
	const uint8_t *symtab;
	size_t nsyms;
	struct elf_dyn dyn;			/* needed[], n_needed, textrel */
	struct elf_dyn_table tables[3];		/* DT_REL, DT_RELA, DT_JMPREL */

	/* a library's read-only block [text_lo, text_hi) of link addresses */
	uint64_t text_lo, text_hi;
	uint8_t *text;			/* its bytes as they go to memory */
	uint64_t text_da;
	bool text_present;		/* found in the shared memory, verified */
	uint64_t hash;
	uint8_t build_id[SHLIB_BUILD_ID_MAX];
	uint32_t build_id_len;
};

struct shlib_man_entry {
	char name[SHLIB_NAME_MAX];
	uint64_t da, size, hash;
	uint32_t build_id_len;
	uint8_t build_id[SHLIB_BUILD_ID_MAX];
};

struct shlib_ctx {
	struct rproc_load *load;
	const struct reloc_arch *arch;
	struct shlib_mod *mods[SHLIB_MODULES_MAX];
	size_t n_mods;
	const char *path;
	int shared_mem, data_mem;
	uint64_t data_cursor;

	struct shlib_man_entry man[SHLIB_MAN_MAX];
	unsigned int n_man;
	bool man_dirty;
	uint8_t man_buf[SHLIB_MAN_SIZE];
	int lock_fd;			/* held from the manifest read to release() */
	struct elf_rsc rsc;		/* the application's resource table */
	char why[SHLIB_WHY_LEN];
};

/* FNV-1a: names a text in the manifest; the bytes themselves are what is checked */
static inline uint64_t fnv1a(const uint8_t *p, size_t n, uint64_t h)
{
	while (n--) {
		h ^= *p++;
		h *= 0x100000001b3ull;
	}
	return h;
}

#define FNV_INIT	0xcbf29ce484222325ull

/* shlib.c */
int shlib_bad(struct shlib_ctx *c, const struct shlib_mod *m, const char *what);

/* shlib-place.c: where the executable, each library's data and its text go */
int shlib_app_place(struct shlib_ctx *c, struct shlib_mod *m);
int shlib_data_place(struct shlib_ctx *c, struct shlib_mod *m);
int shlib_text_build(struct shlib_ctx *c, struct shlib_mod *m);
int shlib_text_place(struct shlib_ctx *c, struct shlib_mod *m);

/* shlib-manifest.c: the shared memory's table of the library text it holds */
int shlib_man_read(struct shlib_ctx *c);
void shlib_man_encode(struct shlib_ctx *c);
uint64_t shlib_man_cursor(const struct shlib_ctx *c);
int shlib_text_verify(struct shlib_ctx *c, struct shlib_mod *m, const struct shlib_man_entry *e);

/* shlib-lock.c: loads into a shared memory take turns */
int shlib_lock_take(struct shlib_ctx *c);

/* shlib-reloc.c: a module's symbols resolved across modules, its tables applied */
int shlib_mod_relocate(struct shlib_ctx *c, struct shlib_mod *m);

#endif /* SHLIB_H */
