// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * elf-load: an executable's segments into the plan, as elf-load.h describes.
 */
#include <errno.h>
#include <gelf.h>
#include <string.h>

#include "elf-load.h"

int elf_load_exec_check(struct rproc_load *load, const struct elf_image *im)
{
	if (im->eh.e_type != ET_EXEC) {
		rproc_load_err(load,
			       "ELF type %u is not an executable (ET_EXEC); relocatable and shared objects need the reloc plugin",
			       im->eh.e_type);
		return -ENOEXEC;
	}
	if (im->eh.e_phnum == 0) {
		rproc_load_err(load, "not a valid ELF: no program headers");
		return -ENOEXEC;
	}
	return 0;
}

/* program header @i, a PT_LOAD, checked against the file */
static int elf_load_phdr_check(struct rproc_load *load, const struct elf_image *im, size_t i,
			       const GElf_Phdr *ph)
{
	if (!elf_image_range_ok(im, ph->p_offset, ph->p_filesz)) {
		rproc_load_err(load,
			       "program header %zu: offset 0x%llx + %llu bytes runs past the %zu-byte file",
			       i, (unsigned long long)ph->p_offset,
			       (unsigned long long)ph->p_filesz, im->size);
		return -ENOEXEC;
	}
	if (ph->p_filesz > ph->p_memsz) {
		rproc_load_err(load,
			       "program header %zu: file size %llu larger than memory size %llu",
			       i, (unsigned long long)ph->p_filesz,
			       (unsigned long long)ph->p_memsz);
		return -ENOEXEC;
	}
	return 0;
}

/*
 * The plan's segment for the file bytes [off, off + filesz) of @ph, @data
 * in their place (NULL: the file's), then memsz - filesz zeroes.
 */
static int elf_load_part_add(struct rproc_load *load, const struct elf_image *im,
			     bool virtual_addr, struct elf_rsc *rsc, const GElf_Phdr *ph,
			     uint64_t off, uint64_t filesz, uint64_t memsz, const void *data)
{
	struct rproc_segment seg;

	memset(&seg, 0, sizeof(seg));
	seg.da = (virtual_addr ? ph->p_vaddr : ph->p_paddr) + (off - ph->p_offset);
	seg.memsz = memsz;
	seg.filesz = filesz;
	seg.data = data ? data : im->data + off;
	seg.offset = off;
	return elf_rsc_segment_add(load, rsc, &seg);
}

/* a segment with @patch inside: the bytes before it, the patch, the rest with the zeroes */
static int elf_load_patched_add(struct rproc_load *load, const struct elf_image *im,
				bool virtual_addr, struct elf_rsc *rsc, const GElf_Phdr *ph,
				const struct elf_load_patch *patch)
{
	uint64_t at = patch->offset, end = ph->p_offset + ph->p_filesz;
	int err = 0;

	if (at > ph->p_offset)
		err = elf_load_part_add(load, im, virtual_addr, rsc, ph, ph->p_offset,
					at - ph->p_offset, at - ph->p_offset, NULL);
	if (!err)
		err = elf_load_part_add(load, im, virtual_addr, rsc, ph, at, patch->len,
					patch->len, patch->data);
	at += patch->len;
	if (!err && ph->p_memsz > at - ph->p_offset)
		err = elf_load_part_add(load, im, virtual_addr, rsc, ph, at, end - at,
					ph->p_memsz - (at - ph->p_offset), NULL);
	return err;
}

int elf_load_segments_add(struct rproc_load *load, const struct elf_image *im,
			  bool virtual_addr, const struct elf_load_patch *patch,
			  struct elf_rsc *rsc)
{
	GElf_Phdr ph;
	size_t i;
	int err;

	for (i = 0; i < im->eh.e_phnum; i++) {
		uint64_t end;

		elf_image_phdr_get(im, i, &ph);
		if (ph.p_type != PT_LOAD)
			continue;
		err = elf_load_phdr_check(load, im, i, &ph);
		if (err < 0)
			return err;
		end = ph.p_offset + ph.p_filesz;
		if (patch && patch->len && patch->offset >= ph.p_offset &&
		    patch->offset < end && patch->len <= end - patch->offset)
			err = elf_load_patched_add(load, im, virtual_addr, rsc, &ph, patch);
		else
			err = elf_load_part_add(load, im, virtual_addr, rsc, &ph, ph.p_offset,
						ph.p_filesz, ph.p_memsz, NULL);
		if (err < 0)
			return err;
	}
	return 0;
}

bool elf_load_offset_da_get(const struct elf_image *im, bool virtual_addr, uint64_t off,
			    uint64_t len, uint64_t *da)
{
	GElf_Phdr ph;
	size_t i;

	for (i = 0; i < im->eh.e_phnum; i++) {
		elf_image_phdr_get(im, i, &ph);
		if (ph.p_type != PT_LOAD)
			continue;
		if (off >= ph.p_offset && off - ph.p_offset < ph.p_filesz &&
		    len <= ph.p_filesz - (off - ph.p_offset)) {
			*da = (virtual_addr ? ph.p_vaddr : ph.p_paddr) + (off - ph.p_offset);
			return true;
		}
	}
	return false;
}
