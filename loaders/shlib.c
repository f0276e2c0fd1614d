// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * shlib: the loader plugin for position-independent firmware (ET_DYN) that
 * needs shared libraries (DT_NEEDED), as rproc-loader-shlib(7) describes.
 *
 * Every co-processor gets the executable and the writable segment (data,
 * GOT, bss) of each library in its own memories; the read-only segments of
 * the libraries (text, constants) go once into a memory the co-processors
 * share. A per-core GOT is what lets one text serve several cores: the
 * library reaches its data through it alone (ARM: -msingle-pic-base, the
 * GOT base in r9, set by the executable's startup code).
 *
 * A manifest at the start of the shared memory, written last, says which
 * library text lies where. The next load that needs a library it lists
 * checks the bytes in memory against the library file and then does not
 * write them again; bytes that differ are refused, never overwritten under
 * a core that may be running them.
 *
 * The ELF reading and the relocation formulas are the plugins' library's
 * (lib/elf-image.h, lib/elf-dyn.h, lib/reloc-arch.h). This file is the
 * plugin: its options, the modules (executable and libraries, found by
 * DT_NEEDED) and the plan; shlib-place.c places them, shlib-manifest.c
 * reads, checks and writes the manifest, shlib-lock.c makes loads take
 * turns, shlib-reloc.c resolves symbols and relocates; shlib.h is what they
 * share. The image and the libraries are untrusted: every offset, index and
 * size is checked before use.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <rproc/loader.h>

#include "elf-dyn.h"
#include "elf-image.h"
#include "elf-rsc.h"
#include "plugin-util.h"
#include "reloc-arch.h"
#include "shlib.h"

static const char *const shlib_options[] = {
	"path",			/* DIR:DIR:...: where DT_NEEDED libraries are looked for */
	"shared",		/* memory of the libraries' text, shared by the cores */
	"base",			/* MEMORY or ADDRESS the executable starts at */
	"data",			/* memory of the libraries' per-core data */
	"rsc_section",		/* name of the resource table section */
	"lock",			/* the file whose lock makes loads take turns */
	"lock_wait",		/* seconds to wait for it */
	NULL
};

int shlib_bad(struct shlib_ctx *c, const struct shlib_mod *m, const char *what)
{
	rproc_load_err(c->load, "%s: not a valid ELF: %s", m->name, what);
	return -ENOEXEC;
}

/* --- one module: headers, segments, dynamic section --------------------------- */

/* what the shlib plugin asks beyond a readable image: ET_DYN, program headers */
static int shlib_mod_headers_check(struct shlib_ctx *c, struct shlib_mod *m)
{
	const char *why;

	if (elf_image_open(&m->elf, m->data, m->size, &why) < 0)
		return shlib_bad(c, m, why);
	m->dyn_file.im = &m->elf;
	m->dyn_file.segs = m->segs;
	if (m->elf.eh.e_type != ET_DYN) {
		rproc_load_err(c->load, "%s: ELF type %u: the shlib plugin loads position-independent images (ET_DYN: -pie or -shared)",
			       m->name, m->elf.eh.e_type);
		return -ENOEXEC;
	}
	if (m->elf.eh.e_phnum == 0)
		return shlib_bad(c, m, "no program headers");
	return 0;
}

static int shlib_mod_segments_read(struct shlib_ctx *c, struct shlib_mod *m)
{
	size_t i;

	for (i = 0; i < m->elf.eh.e_phnum; i++) {
		GElf_Phdr ph;

		elf_image_phdr_get(&m->elf, i, &ph);
		if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
			continue;
		if (!elf_image_range_ok(&m->elf, ph.p_offset, ph.p_filesz) || ph.p_filesz > ph.p_memsz ||
		    ph.p_vaddr > UINT64_MAX - ph.p_memsz || ph.p_memsz > SHLIB_FILE_MAX * 4ull) {
			rproc_load_err(c->load, "%s: program header %zu: offset 0x%llx, %llu file bytes, %llu memory bytes: not a segment of this file",
				       m->name, i, (unsigned long long)ph.p_offset,
				       (unsigned long long)ph.p_filesz,
				       (unsigned long long)ph.p_memsz);
			return -ENOEXEC;
		}
		if (m->nsegs == SHLIB_SEGS_MAX)
			return shlib_bad(c, m, "more than 8 PT_LOAD segments");
		m->segs[m->nsegs].ph = ph;
		/* a library's read-only segments are the same bytes for every core */
		m->segs[m->nsegs].shared = !m->is_app && !(ph.p_flags & PF_W);
		m->nsegs++;
	}
	m->dyn_file.nsegs = m->nsegs;
	if (!m->nsegs)
		return shlib_bad(c, m, "no PT_LOAD segment");
	return 0;
}

static int shlib_mod_dynsyms_read(struct shlib_ctx *c, struct shlib_mod *m, const struct elf_dyn *dy)
{
	size_t ent = elf_image_sym_size(&m->elf);
	uint64_t avail;
	const uint8_t *h;

	if (!dy->has_strtab || !dy->strsz)
		return shlib_bad(c, m, "dynamic section without DT_STRTAB or DT_STRSZ");
	m->strtab = elf_dyn_strtab_get(&m->dyn_file, dy);
	if (!m->strtab)
		return shlib_bad(c, m, "DT_STRTAB outside the file, or not NUL-terminated");
	m->strsz = dy->strsz;
	if (!dy->has_symtab)
		return 0;
	if (dy->syment != ent)
		return shlib_bad(c, m, "DT_SYMENT is not the size of a symbol");
	if (elf_dyn_symtab_get(&m->dyn_file, dy, &m->symtab, &m->nsyms) < 0)
		return shlib_bad(c, m, "DT_SYMTAB outside the file bytes of a segment");
	avail = m->nsyms;
	/* DT_SYMTAB has no size: DT_HASH's nchain is the count, else what the segment holds */
	if (dy->has_hash) {
		h = elf_dyn_vaddr_bytes_get(&m->dyn_file, dy->hash, 8);
		if (!h)
			return shlib_bad(c, m, "DT_HASH outside the file");
		if (elf_image_uint_get(&m->elf, h + 4, 4) < avail)
			avail = elf_image_uint_get(&m->elf, h + 4, 4);
	}
	m->nsyms = (size_t)avail;
	return 0;
}

static int shlib_mod_dynamic_read(struct shlib_ctx *c, struct shlib_mod *m)
{
	const char *why;
	int err;

	err = elf_dyn_read(&m->dyn_file, &m->dyn, &why);
	if (err < 0)
		return shlib_bad(c, m, why);
	if (!m->dyn.found)
		return shlib_bad(c, m, "no PT_DYNAMIC: not linked against shared libraries (use the reloc plugin)");
	if (m->dyn.n_needed > SHLIB_NEEDED_MAX) {
		rproc_load_err(c->load, "%s: %zu DT_NEEDED entries, at most %d", m->name,
			       m->dyn.n_needed, SHLIB_NEEDED_MAX);
		return -E2BIG;
	}
	if (elf_dyn_tables_get(&m->dyn_file, &m->dyn, m->tables, &why) < 0)
		return shlib_bad(c, m, why);
	return shlib_mod_dynsyms_read(c, m, &m->dyn);
}

/* NT_GNU_BUILD_ID of a PT_NOTE, if any: what the manifest names a library by */
static void shlib_mod_build_id_read(struct shlib_mod *m)
{
	size_t i;

	for (i = 0; i < m->elf.eh.e_phnum; i++) {
		GElf_Phdr ph;
		uint64_t off;

		elf_image_phdr_get(&m->elf, i, &ph);
		if (ph.p_type != PT_NOTE || !elf_image_range_ok(&m->elf, ph.p_offset, ph.p_filesz))
			continue;
		for (off = 0; off + 12 <= ph.p_filesz;) {
			const uint8_t *n = m->data + ph.p_offset + off;
			uint64_t namesz = elf_image_uint_get(&m->elf, n, 4), descsz = elf_image_uint_get(&m->elf, n + 4, 4);
			uint64_t type = elf_image_uint_get(&m->elf, n + 8, 4);
			uint64_t nlen = (namesz + 3) & ~3ull, dlen = (descsz + 3) & ~3ull;

			if (namesz > ph.p_filesz || descsz > ph.p_filesz ||
			    nlen + dlen > ph.p_filesz - off - 12)
				break;
			if (type == NT_GNU_BUILD_ID && namesz == 4 && memcmp(n + 12, "GNU", 4) == 0 &&
			    descsz && descsz <= SHLIB_BUILD_ID_MAX) {
				memcpy(m->build_id, n + 12 + nlen, (size_t)descsz);
				m->build_id_len = (uint32_t)descsz;
				return;
			}
			off += 12 + nlen + dlen;
		}
	}
}

static int shlib_mod_open(struct shlib_ctx *c, struct shlib_mod *m)
{
	int err;

	err = shlib_mod_headers_check(c, m);
	if (!err)
		err = shlib_mod_segments_read(c, m);
	if (!err)
		err = shlib_mod_dynamic_read(c, m);
	if (err < 0)
		return err;
	if (!c->arch) {
		c->arch = reloc_arch_find(m->elf.eh.e_machine);
		if (!c->arch) {
			rproc_load_err(c->load, "%s: machine %u: no relocations known for it (ARM, RISC-V and AArch64 are)",
				       m->name, m->elf.eh.e_machine);
			return -ENOEXEC;
		}
	} else if (m->elf.eh.e_machine != c->arch->machine ||
		   m->elf.be != c->mods[0]->elf.be || m->elf.is64 != c->mods[0]->elf.is64) {
		rproc_load_err(c->load, "%s: machine, class or byte order differ from %s's",
			       m->name, c->mods[0]->name);
		return -ENOEXEC;
	}
	shlib_mod_build_id_read(m);
	return 0;
}

/* --- finding the libraries ------------------------------------------------------ */

/* A DT_NEEDED name is a file name, never a path: the firmware is untrusted. */
static bool shlib_name_is_safe(const char *n)
{
	size_t i;

	if (!n[0] || strcmp(n, ".") == 0 || strcmp(n, "..") == 0)
		return false;
	for (i = 0; n[i]; i++)
		if (n[i] == '/' || (unsigned char)n[i] < 0x21 || (unsigned char)n[i] >= 0x7f)
			return false;
	return i < SHLIB_NAME_MAX;
}

/* the first DIR/name of the search path that exists; -ENOENT for none */
static int shlib_mod_find(struct shlib_ctx *c, struct shlib_mod *m)
{
	const char *p = c->path;
	char file[SHLIB_PATH_MAX];
	int err;

	while (p && *p) {
		size_t len = strcspn(p, ":");

		if (len && len + 1 + strlen(m->name) < sizeof(file)) {
			snprintf(file, sizeof(file), "%.*s/%s", (int)len, p, m->name);
			err = plugin_file_read(file, SHLIB_FILE_MAX, &m->file, &m->size);
			if (!err) {
				rproc_load_dbg(c->load, "%s: %s", m->name, file);
				m->data = m->file;
				return 0;
			}
			if (err != -ENOENT) {
				rproc_load_err(c->load, "%s: cannot read: %s", file, strerror(-err));
				return err;
			}
		}
		p += len;
		if (*p == ':')
			p++;
	}
	rproc_load_err(c->load, "library %s (DT_NEEDED of %s) not found in the search path shlib.path = '%s'",
		       m->name, m->parent->name, c->path ? c->path : "");
	return -ENOENT;
}

static bool shlib_mod_is_loaded(const struct shlib_ctx *c, const char *name)
{
	size_t i;

	for (i = 1; i < c->n_mods; i++)
		if (strcmp(c->mods[i]->name, name) == 0)
			return true;
	return false;
}

/* breadth first, as ld.so does: that order is also the symbol lookup order */
static int shlib_needed_load(struct shlib_ctx *c)
{
	size_t i, k;
	int err;

	for (i = 0; i < c->n_mods; i++) {
		struct shlib_mod *m = c->mods[i];

		for (k = 0; k < m->dyn.n_needed; k++) {
			const char *name;
			struct shlib_mod *lib;

			if (m->dyn.needed[k] >= m->strsz)
				return shlib_bad(c, m, "DT_NEEDED name outside DT_STRTAB");
			name = m->strtab + m->dyn.needed[k];
			if (!shlib_name_is_safe(name)) {
				rproc_load_err(c->load, "%s: DT_NEEDED '%.64s' is not a plain file name", m->name, name);
				return -EINVAL;
			}
			if (shlib_mod_is_loaded(c, name))
				continue;
			if (c->n_mods == SHLIB_MODULES_MAX) {
				rproc_load_err(c->load, "more than %d libraries", SHLIB_MODULES_MAX - 1);
				return -E2BIG;
			}
			lib = calloc(1, sizeof(*lib));
			if (!lib)
				return -ENOMEM;
			c->mods[c->n_mods++] = lib;
			snprintf(lib->name, sizeof(lib->name), "%s", name);
			lib->parent = m;
			err = shlib_mod_find(c, lib);
			if (!err)
				err = shlib_mod_open(c, lib);
			if (err < 0)
				return err;
		}
	}
	return 0;
}

/* A library's text is shared: it cannot be patched per core, nor call through a PLT. */
static int shlib_library_check(struct shlib_ctx *c, struct shlib_mod *m)
{
	size_t i;

	if (m->dyn.textrel) {
		rproc_load_err(c->load, "%s: has text relocations (DT_TEXTREL): its shared text would differ per core; build it -fPIC",
			       m->name);
		return -ENOEXEC;
	}
	if (m->tables[2].has && m->tables[2].size) {
		rproc_load_err(c->load, "%s: calls through a PLT (DT_JMPREL): its stubs reach the GOT pc-relatively, not through the per-core GOT; build it -mlong-calls, or with hidden visibility / -Bsymbolic for its own functions",
			       m->name);
		return -ENOEXEC;
	}
	for (i = 0; i < m->nsegs; i++)
		if (m->segs[i].shared && (m->segs[i].ph.p_flags & PF_W))
			return -EINVAL;
	return 0;
}

/* --- the plan ------------------------------------------------------------------------- */

/*
 * The application's resource table runs where the segment holding it was
 * placed, with its relocated bytes (elf-rsc.c); outside every per-core
 * segment of the application it has no run address.
 */
static int shlib_rsc_run(void *ctx, size_t shndx, const GElf_Shdr *sh, uint64_t *da,
			 const void **bytes)
{
	struct shlib_ctx *c = ctx;
	struct shlib_mod *app = c->mods[0];
	struct elf_dyn_seg *s = elf_dyn_seg_find(&app->dyn_file, sh->sh_addr,
					       sh->sh_size ? sh->sh_size : 1);

	(void)shndx;
	if (!s || s->shared) {
		rproc_load_err(c->load, "resource table %s (link address 0x%llx, %llu bytes) is not inside a segment of the application: it has no run address",
			       c->rsc.section, (unsigned long long)sh->sh_addr,
			       (unsigned long long)sh->sh_size);
		return -EINVAL;
	}
	*da = sh->sh_addr + s->bias;
	*bytes = s->buf + (sh->sh_addr - s->ph.p_vaddr);
	return 0;
}

/* a per-core segment: through the finder, so the table wins at its run address */
static int shlib_segment_add(struct shlib_ctx *c, uint64_t da, uint64_t size, const void *data,
			 uint64_t offset)
{
	struct rproc_segment seg;

	memset(&seg, 0, sizeof(seg));
	seg.da = da;
	seg.memsz = size;
	seg.filesz = size;	/* relocated places may lie in the zeroes */
	seg.data = data;
	seg.offset = offset;
	return elf_rsc_segment_add(c->load, &c->rsc, &seg);
}

/*
 * Shared text and the manifest: never cut around a table, other cores run
 * them; a table over them is an overlap the host refuses.
 */
static int shlib_shared_segment_add(struct shlib_ctx *c, uint64_t da, uint64_t size, const void *data)
{
	struct rproc_segment seg;

	memset(&seg, 0, sizeof(seg));
	seg.da = da;
	seg.memsz = size;
	seg.filesz = size;
	seg.data = data;
	return rproc_load_segment_add(c->load, &seg);
}

/*
 * Per-core segments first, the new shared text after them, the manifest
 * last: the host writes in plan order, so a manifest in memory always
 * describes text that is complete.
 */
static int shlib_plan_add(struct shlib_ctx *c)
{
	size_t i, k;
	int err;

	for (i = 0; i < c->n_mods; i++) {
		struct shlib_mod *m = c->mods[i];

		for (k = 0; k < m->nsegs; k++) {
			struct elf_dyn_seg *s = &m->segs[k];

			if (s->shared)
				continue;
			err = shlib_segment_add(c, s->ph.p_vaddr + s->bias, s->ph.p_memsz, s->buf,
					    s->ph.p_offset);
			if (err < 0)
				return err;
		}
	}
	for (i = 1; i < c->n_mods; i++) {
		struct shlib_mod *m = c->mods[i];

		if (m->text_present)
			continue;
		err = shlib_shared_segment_add(c, m->text_da, m->text_hi - m->text_lo, m->text);
		if (err < 0)
			return err;
	}
	if (!c->man_dirty)
		return 0;
	shlib_man_encode(c);
	return shlib_shared_segment_add(c, c->load->memories[c->shared_mem].da, SHLIB_MAN_SIZE, c->man_buf);
}

static int shlib_memories_choose(struct shlib_ctx *c)
{
	const char *shared = rproc_load_option_get(c->load, "shared");
	const char *data = rproc_load_option_get(c->load, "data");
	unsigned int i;

	c->path = rproc_load_option_get(c->load, "path");
	if (!shared)
		shared = SHLIB_SHARED_DEFAULT;
	c->shared_mem = plugin_memory_find(c->load, shared, strlen(shared));
	if (c->shared_mem < 0 || (c->load->memories[c->shared_mem].flags & RPROC_MEMORY_NOMAP) ||
	    c->load->memories[c->shared_mem].size < 2 * SHLIB_MAN_SIZE) {
		rproc_load_err(c->load, "option shared = '%.32s': no memory of that name the host can address, of at least %d bytes",
			       shared, 2 * SHLIB_MAN_SIZE);
		return -EINVAL;
	}
	c->data_mem = -1;
	if (data) {
		c->data_mem = plugin_memory_find(c->load, data, strlen(data));
	} else {
		/* the second memory that is not the shared one, else the first */
		int first = -1;

		for (i = 0; i < c->load->n_memories && c->data_mem < 0; i++) {
			if ((c->load->memories[i].flags & RPROC_MEMORY_NOMAP) || (int)i == c->shared_mem)
				continue;
			if (first < 0)
				first = (int)i;
			else
				c->data_mem = (int)i;
		}
		if (c->data_mem < 0)
			c->data_mem = first;
	}
	if (c->data_mem < 0 || c->data_mem == c->shared_mem ||
	    (c->load->memories[c->data_mem].flags & RPROC_MEMORY_NOMAP)) {
		rproc_load_err(c->load, "option data = '%.32s': no private memory of that name the host can address",
			       data ? data : "(default)");
		return -EINVAL;
	}
	c->data_cursor = c->load->memories[c->data_mem].da;
	return 0;
}

static int shlib_run(struct shlib_ctx *c)
{
	struct shlib_mod *app;
	size_t i;
	int err;

	err = shlib_memories_choose(c);
	if (err < 0)
		return err;
	app = calloc(1, sizeof(*app));
	if (!app)
		return -ENOMEM;
	c->mods[c->n_mods++] = app;
	snprintf(app->name, sizeof(app->name), "%s", c->load->firmware);
	app->is_app = true;
	app->data = c->load->image;
	app->size = c->load->image_size;
	err = shlib_mod_open(c, app);
	if (!err)
		err = shlib_needed_load(c);
	if (!err)
		err = shlib_app_place(c, app);
	if (!err)
		err = shlib_lock_take(c);
	if (!err)
		err = shlib_man_read(c);
	for (i = 1; i < c->n_mods && !err; i++) {
		err = shlib_library_check(c, c->mods[i]);
		if (!err)
			err = shlib_text_build(c, c->mods[i]);
		if (!err)
			err = shlib_text_place(c, c->mods[i]);
		if (!err)
			err = shlib_data_place(c, c->mods[i]);
	}
	for (i = 0; i < c->n_mods && !err; i++)
		err = shlib_mod_relocate(c, c->mods[i]);
	if (!err)
		err = elf_rsc_find(c->load, &app->elf, shlib_rsc_run, c, &c->rsc);
	if (!err)
		err = rproc_load_boot_addr_set(c->load, app->elf.eh.e_entry + app->segs[0].bias);
	if (!err)
		err = shlib_plan_add(c);
	if (!err)
		err = elf_rsc_table_set(c->load, &c->rsc);
	return err;
}

/* --- the plugin ------------------------------------------------------------------------ */

static void shlib_ctx_free(struct shlib_ctx *c)
{
	size_t i, k;

	if (!c)
		return;
	for (i = 0; i < c->n_mods; i++) {
		struct shlib_mod *m = c->mods[i];

		for (k = 0; k < m->nsegs; k++)
			free(m->segs[k].buf);
		free(m->text);
		free(m->file);
		free(m);
	}
	if (c->lock_fd >= 0)
		close(c->lock_fd);
	free(c);
}

static int shlib_load(struct rproc_load *load)
{
	struct shlib_ctx *c;

	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->load = load;
	c->lock_fd = -1;
	/* release() frees it, whatever the outcome: the plan points into its buffers */
	load->priv = c;
	return shlib_run(c);
}

static void shlib_release(struct rproc_load *load)
{
	shlib_ctx_free(load->priv);
	load->priv = NULL;
}

RPROC_LOADER_EXPORT const struct rproc_loader_plugin rproc_loader_plugin = {
	.abi_version = RPROC_LOADER_ABI_VERSION,
	.name = "shlib",
	.description = "position-independent firmware with shared libraries: library text once in a shared memory, data and GOT per co-processor",
	.options = shlib_options,
	.load = shlib_load,
	.release = shlib_release,
	.size = RPROC_LOADER_PLUGIN_SIZE,
};
