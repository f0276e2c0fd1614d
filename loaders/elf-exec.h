/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * elf-exec: the ELF executable reader of the overlay plugin (on libelf; the
 * other plugins read through lib/elf-image.h).
 *
 * The image is untrusted: elf_exec_open() checks the identification and
 * the header tables against the file, and every later lookup checks the
 * offsets and sizes it uses, in overflow-safe arithmetic.
 */
#ifndef RPROC_ELF_EXEC_H
#define RPROC_ELF_EXEC_H

#include <gelf.h>
#include <libelf.h>
#include <stdbool.h>
#include <stdint.h>

#include <rproc/loader.h>

#include "elf-rsc.h"

struct elf_exec {
	struct rproc_load *load;
	const uint8_t *data;
	size_t size;
	Elf *elf;
	GElf_Ehdr eh;
	bool be;
	bool virtual_addr;	/* place segments by p_vaddr, not p_paddr */
	size_t phnum;
};

/*
 * Bytes that replace part of a segment's file image in the plan: @len
 * bytes at file offset @offset, which lie inside one PT_LOAD's file bytes.
 */
struct elf_exec_patch {
	uint64_t offset;
	uint64_t len;
	const void *data;
};

/* Read the load's image: an ET_EXEC ELF32/ELF64 of either byte order. 0 or -errno, logged. */
int elf_exec_open(struct elf_exec *im, struct rproc_load *load);
void elf_exec_close(struct elf_exec *im);

/* [off, off + len) inside the image, without overflow */
bool elf_exec_range_ok(const struct elf_exec *im, uint64_t off, uint64_t len);

/*
 * Add every PT_LOAD to the plan, through the resource-table finder's
 * elf_rsc_segment_add() (@rsc from elf_rsc_find()); @patch (or NULL)
 * replaces bytes of one.
 */
int elf_exec_segments_add(struct elf_exec *im, const struct elf_exec_patch *patch,
			   struct elf_rsc *rsc);

/* Section header @i and its name, checked; -ENOEXEC, logged. */
int elf_exec_section_get(struct elf_exec *im, size_t i, GElf_Shdr *sh, const char **name);

/* Index of the section named @name, 0 if none, -errno if the table is unreadable. */
long elf_exec_section_find(struct elf_exec *im, const char *name, GElf_Shdr *sh);

/* Device address where the file bytes at off end up, or false if not loaded. */
bool elf_exec_offset_to_da(const struct elf_exec *im, uint64_t off, uint64_t len,
			    uint64_t *da);

#endif /* RPROC_ELF_EXEC_H */
