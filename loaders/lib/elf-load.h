/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * elf-load.h - an ELF executable's segments into the load plan, as Linux
 * 6.1's remoteproc_elf_loader.c loads them: every PT_LOAD at its physical
 * (or, by option, virtual) address, its file bytes then zeroes up to
 * p_memsz, through the resource-table finder (elf-rsc.h) so that the table
 * wins at its run address. The elf and overlay plugins load this way.
 *
 * The image is untrusted: each segment's file range is checked against the
 * file and p_filesz against p_memsz before it is used.
 */
#ifndef ELF_LOAD_H
#define ELF_LOAD_H

#include <stdbool.h>
#include <stdint.h>

#include <rproc/loader.h>

#include "elf-image.h"
#include "elf-rsc.h"

/*
 * Bytes that replace part of a segment's file image in the plan: @len
 * bytes at file offset @offset, which lie inside one PT_LOAD's file bytes
 * (the overlay plugin's filled table in place of the firmware's empty one).
 */
struct elf_load_patch {
	uint64_t offset;
	uint64_t len;
	const void *data;
};

/*
 * What an executable loader asks beyond a readable image: ET_EXEC with
 * program headers. -ENOEXEC after a message naming what is wrong.
 */
int elf_load_exec_check(struct rproc_load *load, const struct elf_image *im);

/*
 * Add every PT_LOAD of @im to the plan through elf_rsc_segment_add() (@rsc
 * from elf_rsc_find()), at p_paddr, or p_vaddr when @virtual_addr; @patch
 * (or NULL) replaces bytes of one. 0 or -errno, logged.
 */
int elf_load_segments_add(struct rproc_load *load, const struct elf_image *im,
			  bool virtual_addr, const struct elf_load_patch *patch,
			  struct elf_rsc *rsc);

/*
 * The device address the file bytes [@off, @off + @len) are loaded at, by
 * the PT_LOAD whose file bytes hold them all; false when none does.
 */
bool elf_load_offset_da_get(const struct elf_image *im, bool virtual_addr, uint64_t off,
			    uint64_t len, uint64_t *da);

#endif /* ELF_LOAD_H */
