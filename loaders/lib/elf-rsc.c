// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * elf-rsc.c - the resource table, found, checked and placed as Linux 6.1
 * does it (drivers/remoteproc/remoteproc_elf_loader.c, remoteproc_core.c).
 *
 * What the kernel's own ELF loader does:
 *
 *   find_table() walks the section headers for the first section named
 *   ".resource_table" and checks it on the FILE's bytes: sh_offset +
 *   sh_size inside the file and not wrapping ("resource table truncated"),
 *   at least the 16-byte header ("header-less resource table"), ver == 1
 *   ("unsupported fw ver"), reserved[0] and reserved[1] zero ("non zero
 *   reserved bytes"), the offset[] array of num entries inside sh_size
 *   ("resource table incomplete"). It looks neither at sh_type nor at
 *   sh_flags.
 *
 *   rproc_elf_load_rsc_table() (a driver's parse_fw op, which
 *   rproc_fw_boot() calls through rproc_parse_fw() before it handles the
 *   resources) kmemdup()s those file bytes into rproc->cached_table;
 *   table_ptr points at the copy and rproc_handle_resources() works on it
 *   (it checks every entry's offset and header and writes vring addresses
 *   and notify ids into it; the vdev status is written there later).
 *
 *   rproc_start() loads the segments (rproc_elf_load_segments(): p_paddr,
 *   filesz bytes, the rest of memsz zeroed), then asks the driver's
 *   find_loaded_rsc_table op, rproc_elf_find_loaded_rsc_table(), which runs
 *   find_table() again and returns rproc_da_to_va(rproc, sh_addr, sh_size):
 *   the section's RUN address, not where its bytes were loaded. If that
 *   address is in a memory, the cached table is memcpy()d there and
 *   table_ptr follows it, so the core and the host share the table at
 *   sh_addr; this happens after every segment was written, so the table
 *   wins over whatever a segment put there (a .bss zero-fill, other data).
 *   If sh_addr is in no memory, rproc_start() silently keeps table_ptr on
 *   the cached copy: the host's later writes (vdev status) never reach the
 *   core.
 *
 * What this finder does, so that a plugin gives the same result:
 *
 *   - the same section: the first one with the name (option rsc_section,
 *     default ".resource_table"), the same file checks; stricter where the
 *     kernel reads nonsense: a section name outside the string table,
 *     SHT_NOBITS (no bytes in the file) or !SHF_ALLOC (no run address) is
 *     refused.
 *   - the table is checked by rsc_table_check() (src/shared/rsc-table.c:
 *     find_table()'s checks, plus every entry's offset and body as
 *     rproc_handle_resources() and the user-mode load patch check them) on
 *     the bytes the core will see: the file's, or a relocating plugin's.
 *   - rsc_da is the run address (sh_addr; a relocated image's placed
 *     address, through the plugin's callback), and the bytes are made to be
 *     there: the plan gets a segment at the run address unless one of its
 *     segments already writes exactly these bytes there (a PT_LOAD whose
 *     load address is its run address). Segments that cover part of the
 *     run range with other bytes are cut around it, as the kernel's later
 *     memcpy() would overwrite them; the host refuses overlapping segments,
 *     and the rest of each is written as before. The patched kernel copies
 *     the table out of memory at rsc_da when the load ends, so the bytes
 *     must be there then, not only at start.
 *   - a run range in no memory is an error naming the section and the
 *     address, instead of the kernel's silent private copy (in a memory the
 *     host cannot address, the host refuses the segment that holds it).
 */
#include <errno.h>
#include <string.h>

#include "elf-image.h"
#include "elf-rsc.h"
#include "rsc-table.h"

#define ELF_RSC_WHY_LEN	160

/*
 * The run range must lie in one memory. One the host cannot address (nomap)
 * is the host's to refuse: the table's bytes are in a segment of the plan,
 * and the host's check of that segment names the memory and shows the map.
 */
static int elf_rsc_check_memory(struct rproc_load *load, const struct elf_rsc *rsc)
{
	unsigned int i;

	if (rsc->da + rsc->size - 1 >= rsc->da) {
		for (i = 0; i < load->n_memories; i++) {
			const struct rproc_memory *m = &load->memories[i];

			if (rsc->da - m->da < m->size && rsc->size <= m->size - (rsc->da - m->da))
				return 0;
		}
	}
	rproc_load_err(load, "resource table %s: run address 0x%08llx (%llu bytes) is in no memory; the memories are:",
		       rsc->section, (unsigned long long)rsc->da, (unsigned long long)rsc->size);
	for (i = 0; i < load->n_memories; i++) {
		const struct rproc_memory *m = &load->memories[i];

		rproc_load_err(load, "  memory %s 0x%08llx-0x%08llx", m->name,
			       (unsigned long long)m->da, (unsigned long long)(m->da + m->size - 1));
	}
	return -ERANGE;
}

/* The section, its file range checked as find_table() checks it. */
static int elf_rsc_check_section(struct rproc_load *load, const struct elf_image *im,
				 struct elf_rsc *rsc)
{
	const GElf_Shdr *sh = &rsc->sh;

	if (sh->sh_type == SHT_NOBITS) {
		rproc_load_err(load, "section %s: NOBITS, its table has no bytes in the file",
			       rsc->section);
		return -ENOEXEC;
	}
	if (!elf_image_range_ok(im, sh->sh_offset, sh->sh_size)) {
		rproc_load_err(load, "section %s: offset 0x%llx + %llu bytes outside the file",
			       rsc->section, (unsigned long long)sh->sh_offset,
			       (unsigned long long)sh->sh_size);
		return -ENOEXEC;
	}
	if (!(sh->sh_flags & SHF_ALLOC)) {
		rproc_load_err(load, "section %s: not SHF_ALLOC, it has no run address for the core to read it at",
			       rsc->section);
		return -ENOEXEC;
	}
	rsc->size = sh->sh_size;
	rsc->bytes = im->data + sh->sh_offset;
	return 0;
}

/* The first section named rsc->section: 1 and rsc->sh, 0 if none. */
static int elf_rsc_lookup(struct rproc_load *load, const struct elf_image *im,
			  struct elf_rsc *rsc)
{
	const char *names;
	size_t nsize = 0, i;

	if (im->eh.e_shoff == 0)
		return 0;	/* no section headers: no table */
	/* NULL unless inside the file and NUL-terminated: then no offset names a string */
	names = elf_image_strtab_get(im, im->eh.e_shstrndx, &nsize);
	for (i = 1; i < im->eh.e_shnum; i++) {
		elf_image_shdr_get(im, i, &rsc->sh);
		if (!names || rsc->sh.sh_name >= nsize) {
			rproc_load_err(load, "section %zu: name offset %u outside the section name table",
				       i, rsc->sh.sh_name);
			return -ENOEXEC;
		}
		if (strcmp(names + rsc->sh.sh_name, rsc->section) == 0) {
			rsc->shndx = i;
			return 1;
		}
	}
	return 0;
}

int elf_rsc_find(struct rproc_load *load, const struct elf_image *im,
		 elf_rsc_run_fn run, void *ctx, struct elf_rsc *rsc)
{
	const char *want = rproc_load_option_get(load, "rsc_section");
	char why[ELF_RSC_WHY_LEN];
	const void *bytes = NULL;
	int err;

	memset(rsc, 0, sizeof(*rsc));
	rsc->section = want ? want : ELF_RSC_SECTION;
	err = elf_rsc_lookup(load, im, rsc);
	if (err <= 0)
		return err;
	err = elf_rsc_check_section(load, im, rsc);
	if (err < 0)
		return err;
	rsc->da = rsc->sh.sh_addr;
	if (run) {
		err = run(ctx, rsc->shndx, &rsc->sh, &rsc->da, &bytes);
		if (err < 0)
			return err;
		if (bytes)
			rsc->bytes = bytes;
	}
	if (rsc_table_check(rsc->bytes, (size_t)rsc->size, im->be,
			    why, sizeof(why)) < 0) {
		rproc_load_err(load, "resource table %s: %s", rsc->section, why);
		return -EINVAL;
	}
	err = elf_rsc_check_memory(load, rsc);
	if (err < 0)
		return err;
	rsc->found = true;
	return 0;
}

/* seg writes exactly the table's bytes over the whole run range */
static bool elf_rsc_carried_by(const struct elf_rsc *rsc, const struct rproc_segment *seg)
{
	uint64_t off = rsc->da - seg->da;

	return rsc->da >= seg->da && off <= seg->filesz && rsc->size <= seg->filesz - off &&
	       memcmp((const uint8_t *)seg->data + off, rsc->bytes, (size_t)rsc->size) == 0;
}

int elf_rsc_segment_add(struct rproc_load *load, struct elf_rsc *rsc,
			const struct rproc_segment *seg)
{
	uint64_t end, seg_end, cut;
	struct rproc_segment part;
	int err;

	/*
	 * No table, nothing to place, a segment that wraps (the host refuses
	 * it as it is) or one that misses the run range: as it is.
	 */
	if (!rsc->found || !seg->memsz || seg->da + seg->memsz - 1 < seg->da)
		return rproc_load_segment_add(load, seg);
	end = rsc->da + rsc->size;	/* no wrap: elf_rsc_find() checked it is in a memory */
	seg_end = seg->da + seg->memsz;
	if (seg_end <= rsc->da || seg->da >= end)
		return rproc_load_segment_add(load, seg);
	if (!rsc->carried && elf_rsc_carried_by(rsc, seg)) {
		rsc->carried = true;
		return rproc_load_segment_add(load, seg);
	}
	rproc_load_dbg(load, "segment at 0x%08llx-0x%08llx: run range of %s cut out, the table goes there",
		       (unsigned long long)seg->da, (unsigned long long)(seg_end - 1), rsc->section);
	if (seg->da < rsc->da) {
		part = *seg;
		part.memsz = rsc->da - seg->da;
		if (part.filesz > part.memsz)
			part.filesz = part.memsz;
		err = rproc_load_segment_add(load, &part);
		if (err < 0)
			return err;
	}
	if (seg_end > end) {
		cut = end - seg->da;
		part = *seg;
		part.da = end;
		part.memsz = seg_end - end;
		if (seg->filesz > cut) {
			part.filesz = seg->filesz - cut;
			part.data = (const uint8_t *)seg->data + cut;
			part.offset = seg->offset + cut;
		} else {
			/* zeroes only; data stays a valid pointer, as backends pass it on */
			part.filesz = 0;
		}
		err = rproc_load_segment_add(load, &part);
		if (err < 0)
			return err;
	}
	return 0;
}

int elf_rsc_table_set(struct rproc_load *load, struct elf_rsc *rsc)
{
	struct rproc_segment seg;
	int err;

	if (!rsc->found)
		return rproc_load_rsc_table_set(load, 0, 0);
	if (!rsc->carried) {
		/* the kernel's memcpy() of the table to its run address, in the plan */
		memset(&seg, 0, sizeof(seg));
		seg.da = rsc->da;
		seg.memsz = rsc->size;
		seg.filesz = rsc->size;
		seg.data = rsc->bytes;
		seg.offset = rsc->sh.sh_offset;
		err = rproc_load_segment_add(load, &seg);
		if (err < 0)
			return err;
		rsc->carried = true;
	}
	return rproc_load_rsc_table_set(load, rsc->da, rsc->size);
}
