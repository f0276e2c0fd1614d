/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * elf-rsc.h - the one resource-table finder of the plugins' library: the
 * `.resource_table` section (or the plugin's rsc_section option), found,
 * checked and placed as Linux 6.1's remoteproc core does it (elf-rsc.c says
 * how the kernel does it, function by function).
 *
 * In short: rsc_da is the section's RUN address, and the table's bytes are
 * at rsc_da when the core starts, wherever the segment that holds them is
 * loaded. A plugin
 *
 *   1. finds the table (elf_rsc_find), saying through a callback where the
 *      section runs and which bytes the core must find there (an executable:
 *      sh_addr and the file's bytes; a relocated image: its placed address
 *      and relocated bytes);
 *   2. adds every segment that may cover the table's run range through
 *      elf_rsc_segment_add(), which cuts that range out of segments that do
 *      not already carry the table's bytes there (a .bss zero-fill, the run
 *      copy of other data), so that the table wins and the host's overlap
 *      check still holds;
 *   3. ends with elf_rsc_table_set(), which adds the table's own segment at
 *      its run address unless a segment carries it, and reports rsc_da.
 *
 * The image is untrusted: the section's file range and the table are
 * checked before use; a table whose run range lies in no memory is refused
 * with the section and address named.
 */
#ifndef ELF_RSC_H
#define ELF_RSC_H

#include <gelf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rproc/loader.h>

#include "elf-image.h"

#define ELF_RSC_SECTION		".resource_table"

struct elf_rsc {
	bool found;		/* false: the image has no table, rsc_da = rsc_size = 0 */
	const char *section;	/* its name, for messages */
	size_t shndx;		/* its section index */
	GElf_Shdr sh;		/* its section header */
	uint64_t da;		/* run address: where the core reads the table */
	uint64_t size;		/* sh_size */
	const void *bytes;	/* size bytes: what the core must find at da */
	bool carried;		/* a segment of the plan writes exactly these bytes at da */
};

/*
 * Where section @shndx (header @sh) runs, and the bytes the core must find
 * there: set *da, and *bytes (left NULL: the section's bytes in the file).
 * 0, or -errno after a message through rproc_load_err().
 */
typedef int (*elf_rsc_run_fn)(void *ctx, size_t shndx, const GElf_Shdr *sh,
			      uint64_t *da, const void **bytes);

/*
 * Find and check the table of @im, opened by elf_image_open(). @run NULL:
 * an image linked where it runs, the run address is sh_addr. The section's
 * name is the plugin option rsc_section, else ELF_RSC_SECTION. 0
 * (rsc->found says whether there is a table) or -errno, logged.
 */
int elf_rsc_find(struct rproc_load *load, const struct elf_image *im,
		 elf_rsc_run_fn run, void *ctx, struct elf_rsc *rsc);

/*
 * rproc_load_segment_add() of @seg, minus the table's run range unless @seg
 * carries the table's bytes there (then it is added whole, and the table
 * needs no segment of its own).
 */
int elf_rsc_segment_add(struct rproc_load *load, struct elf_rsc *rsc,
			const struct rproc_segment *seg);

/* The table's segment if no segment carries it, then rproc_load_rsc_table_set(). */
int elf_rsc_table_set(struct rproc_load *load, struct elf_rsc *rsc);

#endif /* ELF_RSC_H */
