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
 * (lib/elf-image.h, lib/elf-dyn.h, lib/reloc-arch.h). The image and the
 * libraries are untrusted: every offset, index and size is checked before
 * use.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <rproc/loader.h>

#include "elf-dyn.h"
#include "elf-image.h"
#include "elf-rsc.h"
#include "plugin-util.h"
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
#define SHLIB_LOCK_WAIT_DEFAULT	20		/* seconds: below rproc-loader's timeout, 25 */
#define SHLIB_LOCK_WAIT_MAX	170		/* rproc-loader's longest timeout */
#define SHLIB_LOCK_POLL_US	50000

/* The manifest: little-endian whatever the firmware's byte order. */
#define SHLIB_MAN_MAGIC		"RPSHLIB1"
#define SHLIB_MAN_VERSION	1
#define SHLIB_MAN_SIZE		1024
#define SHLIB_MAN_HDR		32
#define SHLIB_MAN_ENTRY		128
#define SHLIB_MAN_MAX		((SHLIB_MAN_SIZE - SHLIB_MAN_HDR) / SHLIB_MAN_ENTRY)
#define SHLIB_BUILD_ID_MAX	32

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

/* --- little helpers ---------------------------------------------------------- */

/* FNV-1a: names a text in the manifest; the bytes themselves are what is checked */
static uint64_t fnv1a(const uint8_t *p, size_t n, uint64_t h)
{
	while (n--) {
		h ^= *p++;
		h *= 0x100000001b3ull;
	}
	return h;
}

#define FNV_INIT	0xcbf29ce484222325ull

static int shlib_bad(struct shlib_ctx *c, const struct shlib_mod *m, const char *what)
{
	rproc_load_err(c->load, "%s: not a valid ELF: %s", m->name, what);
	return -ENOEXEC;
}

/* --- one module: headers, segments, dynamic section --------------------------- */

/* what the shlib plugin asks beyond a readable image: ET_DYN, program headers */
static int shlib_mod_headers(struct shlib_ctx *c, struct shlib_mod *m)
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

static int shlib_mod_segments(struct shlib_ctx *c, struct shlib_mod *m)
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

static int shlib_dyn_symbols(struct shlib_ctx *c, struct shlib_mod *m, const struct elf_dyn *dy)
{
	size_t ent = elf_image_sym_size(&m->elf);
	uint64_t avail;
	const uint8_t *h;

	if (!dy->has_strtab || !dy->strsz)
		return shlib_bad(c, m, "dynamic section without DT_STRTAB or DT_STRSZ");
	m->strtab = elf_dyn_strtab(&m->dyn_file, dy);
	if (!m->strtab)
		return shlib_bad(c, m, "DT_STRTAB outside the file, or not NUL-terminated");
	m->strsz = dy->strsz;
	if (!dy->has_symtab)
		return 0;
	if (dy->syment != ent)
		return shlib_bad(c, m, "DT_SYMENT is not the size of a symbol");
	if (elf_dyn_symtab(&m->dyn_file, dy, &m->symtab, &m->nsyms) < 0)
		return shlib_bad(c, m, "DT_SYMTAB outside the file bytes of a segment");
	avail = m->nsyms;
	/* DT_SYMTAB has no size: DT_HASH's nchain is the count, else what the segment holds */
	if (dy->has_hash) {
		h = elf_dyn_vaddr_file(&m->dyn_file, dy->hash, 8);
		if (!h)
			return shlib_bad(c, m, "DT_HASH outside the file");
		if (elf_image_uint_get(&m->elf, h + 4, 4) < avail)
			avail = elf_image_uint_get(&m->elf, h + 4, 4);
	}
	m->nsyms = (size_t)avail;
	return 0;
}

static int shlib_mod_dynamic(struct shlib_ctx *c, struct shlib_mod *m)
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
	if (elf_dyn_tables(&m->dyn_file, &m->dyn, m->tables, &why) < 0)
		return shlib_bad(c, m, why);
	return shlib_dyn_symbols(c, m, &m->dyn);
}

/* NT_GNU_BUILD_ID of a PT_NOTE, if any: what the manifest names a library by */
static void shlib_mod_build_id(struct shlib_mod *m)
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

	err = shlib_mod_headers(c, m);
	if (!err)
		err = shlib_mod_segments(c, m);
	if (!err)
		err = shlib_mod_dynamic(c, m);
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
	shlib_mod_build_id(m);
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

static int shlib_file_read(const char *path, uint8_t **out, size_t *size)
{
	struct stat st;
	uint8_t *buf;
	size_t done = 0;
	int fd, err = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0) {
		err = -errno;
		goto out_close;
	}
	if (!S_ISREG(st.st_mode)) {
		err = -EINVAL;
		goto out_close;
	}
	if (st.st_size > SHLIB_FILE_MAX) {
		err = -EFBIG;
		goto out_close;
	}
	buf = malloc(st.st_size ? (size_t)st.st_size : 1);
	if (!buf) {
		err = -ENOMEM;
		goto out_close;
	}
	while (done < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + done, (size_t)st.st_size - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			err = n < 0 ? -errno : -EIO;
			free(buf);
			goto out_close;
		}
		done += (size_t)n;
	}
	*out = buf;
	*size = done;
out_close:
	close(fd);
	return err;
}

/* the first DIR/name of the search path that exists; -ENOENT for none */
static int shlib_find(struct shlib_ctx *c, struct shlib_mod *m)
{
	const char *p = c->path;
	char file[SHLIB_PATH_MAX];
	int err;

	while (p && *p) {
		size_t len = strcspn(p, ":");

		if (len && len + 1 + strlen(m->name) < sizeof(file)) {
			snprintf(file, sizeof(file), "%.*s/%s", (int)len, p, m->name);
			err = shlib_file_read(file, &m->file, &m->size);
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

static bool shlib_loaded(const struct shlib_ctx *c, const char *name)
{
	size_t i;

	for (i = 1; i < c->n_mods; i++)
		if (strcmp(c->mods[i]->name, name) == 0)
			return true;
	return false;
}

/* breadth first, as ld.so does: that order is also the symbol lookup order */
static int shlib_load_needed(struct shlib_ctx *c)
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
			if (shlib_loaded(c, name))
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
			err = shlib_find(c, lib);
			if (!err)
				err = shlib_mod_open(c, lib);
			if (err < 0)
				return err;
		}
	}
	return 0;
}

/* A library's text is shared: it cannot be patched per core, nor call through a PLT. */
static int shlib_check_library(struct shlib_ctx *c, struct shlib_mod *m)
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

/* --- placement ------------------------------------------------------------------------ */

static uint64_t shlib_max_align(const struct shlib_mod *m, bool shared)
{
	uint64_t a = 1;
	size_t i;

	for (i = 0; i < m->nsegs; i++)
		if (m->segs[i].shared == shared && m->segs[i].ph.p_align > a)
			a = m->segs[i].ph.p_align;
	return a;
}

/* the executable: every segment by one bias, to shlib.base (a memory or an address) */
static int shlib_place_app(struct shlib_ctx *c, struct shlib_mod *m)
{
	uint64_t lo = UINT64_MAX, hi = 0, align = shlib_max_align(m, false), at;
	const struct rproc_memory *mem;
	size_t i;
	int k = -1, err;

	if (align & (align - 1))
		return shlib_bad(c, m, "segment alignment is not a power of two");
	for (i = 0; i < m->nsegs; i++) {
		if (m->segs[i].ph.p_vaddr < lo)
			lo = m->segs[i].ph.p_vaddr;
		if (m->segs[i].ph.p_vaddr + m->segs[i].ph.p_memsz > hi)
			hi = m->segs[i].ph.p_vaddr + m->segs[i].ph.p_memsz;
	}
	lo &= ~(align - 1);
	/* by default the first memory the host can address that is not the shared one */
	for (i = 0; i < c->load->n_memories && k < 0; i++)
		if (!(c->load->memories[i].flags & RPROC_MEMORY_NOMAP) && (int)i != c->shared_mem)
			k = (int)i;
	err = plugin_option_base_get(c->load, align, k, &at);
	if (err < 0)
		return err;
	for (i = 0; i < m->nsegs; i++) {
		const GElf_Phdr *ph = &m->segs[i].ph;
		uint64_t da = ph->p_vaddr + (at - lo);

		m->segs[i].bias = at - lo;
		/* before the segment's p_memsz bytes are allocated for relocation */
		if (plugin_memory_find_da(c->load, da, ph->p_memsz) < 0) {
			rproc_load_err(c->load, "%s: segment %zu (%llu bytes at 0x%llx) lies in no memory the host can address",
				       m->name, i, (unsigned long long)ph->p_memsz,
				       (unsigned long long)da);
			return -ENOSPC;
		}
	}
	/* the libraries' data go after the executable when they share its memory */
	mem = &c->load->memories[c->data_mem];
	if (at + (hi - lo) > mem->da && at < mem->da + mem->size && at + (hi - lo) > c->data_cursor)
		c->data_cursor = at + (hi - lo);
	return 0;
}

/* a library's writable segments: together, at the data memory's cursor */
static int shlib_place_data(struct shlib_ctx *c, struct shlib_mod *m)
{
	const struct rproc_memory *mem = &c->load->memories[c->data_mem];
	uint64_t lo = UINT64_MAX, hi = 0, at;
	size_t i;

	for (i = 0; i < m->nsegs; i++) {
		const GElf_Phdr *ph = &m->segs[i].ph;

		if (m->segs[i].shared)
			continue;
		if (ph->p_vaddr < lo)
			lo = ph->p_vaddr;
		if (ph->p_vaddr + ph->p_memsz > hi)
			hi = ph->p_vaddr + ph->p_memsz;
	}
	if (lo == UINT64_MAX)
		return 0;
	lo &= ~(uint64_t)(SHLIB_ALIGN - 1);
	if (!plugin_align_up(c->data_cursor, SHLIB_ALIGN, &at) || at < mem->da ||
	    at - mem->da > mem->size || hi - lo > mem->size - (at - mem->da)) {
		rproc_load_err(c->load, "%s: its data (%llu bytes) do not fit in memory %s after 0x%llx",
			       m->name, (unsigned long long)(hi - lo), mem->name,
			       (unsigned long long)c->data_cursor);
		return -ENOSPC;
	}
	for (i = 0; i < m->nsegs; i++)
		if (!m->segs[i].shared)
			m->segs[i].bias = at - lo;
	c->data_cursor = at + (hi - lo);
	return 0;
}

/* a library's read-only block as the bytes that go to the shared memory */
static int shlib_text_build(struct shlib_ctx *c, struct shlib_mod *m)
{
	size_t i;

	m->text_lo = UINT64_MAX;
	m->text_hi = 0;
	for (i = 0; i < m->nsegs; i++) {
		const GElf_Phdr *ph = &m->segs[i].ph;

		if (!m->segs[i].shared)
			continue;
		if (ph->p_vaddr < m->text_lo)
			m->text_lo = ph->p_vaddr;
		if (ph->p_vaddr + ph->p_memsz > m->text_hi)
			m->text_hi = ph->p_vaddr + ph->p_memsz;
	}
	if (m->text_lo == UINT64_MAX)
		return shlib_bad(c, m, "library without a read-only segment");
	m->text_lo &= ~(uint64_t)(SHLIB_ALIGN - 1);
	if (m->text_hi - m->text_lo > c->load->memories[c->shared_mem].size) {
		rproc_load_err(c->load, "%s: its text (%llu bytes) is larger than memory %s",
			       m->name, (unsigned long long)(m->text_hi - m->text_lo),
			       c->load->memories[c->shared_mem].name);
		return -ENOSPC;
	}
	m->text = calloc(1, (size_t)(m->text_hi - m->text_lo));
	if (!m->text)
		return -ENOMEM;
	for (i = 0; i < m->nsegs; i++) {
		const GElf_Phdr *ph = &m->segs[i].ph;

		if (m->segs[i].shared)
			memcpy(m->text + (ph->p_vaddr - m->text_lo), m->data + ph->p_offset,
			       (size_t)ph->p_filesz);
	}
	m->hash = fnv1a(m->text, (size_t)(m->text_hi - m->text_lo), FNV_INIT);
	return 0;
}

/* --- the manifest ------------------------------------------------------------------ */

static void shlib_man_decode(struct shlib_ctx *c, unsigned int i, struct shlib_man_entry *e)
{
	const uint8_t *p = c->man_buf + SHLIB_MAN_HDR + i * SHLIB_MAN_ENTRY;

	memcpy(e->name, p, SHLIB_NAME_MAX);
	e->da = plugin_le_get(p + 64, 8);
	e->size = plugin_le_get(p + 72, 8);
	e->hash = plugin_le_get(p + 80, 8);
	e->build_id_len = (uint32_t)plugin_le_get(p + 88, 4);
	memcpy(e->build_id, p + 96, SHLIB_BUILD_ID_MAX);
}

static void shlib_man_encode(struct shlib_ctx *c)
{
	unsigned int i;

	memset(c->man_buf, 0, sizeof(c->man_buf));
	memcpy(c->man_buf, SHLIB_MAN_MAGIC, 8);
	plugin_le_put(c->man_buf + 8, 4, SHLIB_MAN_VERSION);
	plugin_le_put(c->man_buf + 12, 4, c->n_man);
	for (i = 0; i < c->n_man; i++) {
		uint8_t *p = c->man_buf + SHLIB_MAN_HDR + i * SHLIB_MAN_ENTRY;
		const struct shlib_man_entry *e = &c->man[i];

		memcpy(p, e->name, SHLIB_NAME_MAX);
		plugin_le_put(p + 64, 8, e->da);
		plugin_le_put(p + 72, 8, e->size);
		plugin_le_put(p + 80, 8, e->hash);
		plugin_le_put(p + 88, 4, e->build_id_len);
		memcpy(p + 96, e->build_id, SHLIB_BUILD_ID_MAX);
	}
	plugin_le_put(c->man_buf + 16, 8, fnv1a(c->man_buf + SHLIB_MAN_HDR,
					 SHLIB_MAN_SIZE - SHLIB_MAN_HDR, FNV_INIT));
}

static int shlib_man_corrupt(struct shlib_ctx *c, const char *why)
{
	rproc_load_err(c->load, "memory %s: the shared-library manifest is damaged (%s): refusing to guess what the cores run; clear the memory and reload every core",
		       c->load->memories[c->shared_mem].name, why);
	return -EUCLEAN;
}

/*
 * No magic: an empty memory only if every byte of it is zero. Zeroing the
 * manifest alone must not make the text after it, which a core may be
 * running, free for another build of a library to be written over.
 */
static int shlib_man_check_empty(struct shlib_ctx *c)
{
	const struct rproc_memory *mem = &c->load->memories[c->shared_mem];
	uint8_t chunk[4096];
	uint64_t off, n, k;
	int err;

	for (off = 0; off < mem->size; off += n) {
		n = mem->size - off < sizeof(chunk) ? mem->size - off : sizeof(chunk);

		if (off < SHLIB_MAN_SIZE) {
			n = SHLIB_MAN_SIZE - off;
			memcpy(chunk, c->man_buf + off, (size_t)n);
		} else {
			err = rproc_load_memory_read(c->load, mem->da + off, chunk, (size_t)n);
			if (err < 0) {
				rproc_load_err(c->load, "memory %s: cannot read it at 0x%llx: %s",
					       mem->name, (unsigned long long)(mem->da + off),
					       strerror(-err));
				return err;
			}
		}
		for (k = 0; k < n && !chunk[k]; k++)
			;
		if (k < n) {
			rproc_load_err(c->load, "memory %s: no shared-library manifest, but the memory is not empty (byte at 0x%llx is not zero): refusing to place libraries over what a core may run; clear the memory and reload every core",
				       mem->name, (unsigned long long)(mem->da + off + k));
			return -EUCLEAN;
		}
	}
	return 0;
}

/* the manifest as the memory holds it; none (no magic) in a zeroed memory is an empty one */
static int shlib_man_read(struct shlib_ctx *c)
{
	const struct rproc_memory *mem = &c->load->memories[c->shared_mem];
	unsigned int i, n;
	int err;

	err = rproc_load_memory_read(c->load, mem->da, c->man_buf, SHLIB_MAN_SIZE);
	if (err < 0) {
		rproc_load_err(c->load, "memory %s: cannot read the shared-library manifest: %s",
			       mem->name, strerror(-err));
		return err;
	}
	if (memcmp(c->man_buf, SHLIB_MAN_MAGIC, 8) != 0)
		return shlib_man_check_empty(c);
	if (plugin_le_get(c->man_buf + 8, 4) != SHLIB_MAN_VERSION)
		return shlib_man_corrupt(c, "unknown version");
	n = (unsigned int)plugin_le_get(c->man_buf + 12, 4);
	if (n > SHLIB_MAN_MAX)
		return shlib_man_corrupt(c, "too many entries");
	if (plugin_le_get(c->man_buf + 16, 8) !=
	    fnv1a(c->man_buf + SHLIB_MAN_HDR, SHLIB_MAN_SIZE - SHLIB_MAN_HDR, FNV_INIT))
		return shlib_man_corrupt(c, "checksum");
	for (i = 0; i < n; i++) {
		struct shlib_man_entry *e = &c->man[i];

		shlib_man_decode(c, i, e);
		if (!memchr(e->name, '\0', SHLIB_NAME_MAX) || e->build_id_len > SHLIB_BUILD_ID_MAX ||
		    e->da < mem->da + SHLIB_MAN_SIZE || e->da - mem->da > mem->size ||
		    e->size > mem->size - (e->da - mem->da))
			return shlib_man_corrupt(c, "an entry outside the memory");
	}
	c->n_man = n;
	return 0;
}

/* first free address of the shared memory after the manifest and every entry */
static uint64_t shlib_man_cursor(const struct shlib_ctx *c)
{
	uint64_t end = c->load->memories[c->shared_mem].da + SHLIB_MAN_SIZE;
	unsigned int i;

	for (i = 0; i < c->n_man; i++)
		if (c->man[i].da + c->man[i].size > end)
			end = c->man[i].da + c->man[i].size;
	return end;
}

static void shlib_hex(const uint8_t *p, size_t n, char *out, size_t len)
{
	size_t i;

	out[0] = '\0';
	for (i = 0; i < n && 2 * i + 3 <= len; i++)
		snprintf(out + 2 * i, 3, "%02x", p[i]);
	if (!n)
		snprintf(out, len, "none");
}

/* an entry for m: the memory must hold exactly the library's bytes */
static int shlib_text_verify(struct shlib_ctx *c, struct shlib_mod *m,
			     const struct shlib_man_entry *e)
{
	const char *mname = c->load->memories[c->shared_mem].name;
	uint64_t size = m->text_hi - m->text_lo, k;
	char want[2 * SHLIB_BUILD_ID_MAX + 1], got[2 * SHLIB_BUILD_ID_MAX + 1];
	uint8_t *now;
	int err;

	shlib_hex(m->build_id, m->build_id_len, want, sizeof(want));
	shlib_hex(e->build_id, e->build_id_len, got, sizeof(got));
	if (e->size != size || e->hash != m->hash || e->build_id_len != m->build_id_len ||
	    memcmp(e->build_id, m->build_id, m->build_id_len) != 0) {
		rproc_load_err(c->load, "%s: memory %s holds another build of it at 0x%llx (build-id %s, %llu bytes; the file's: %s, %llu bytes): refused, a core may be running it; reload every core that uses it",
			       m->name, mname, (unsigned long long)e->da, got,
			       (unsigned long long)e->size, want, (unsigned long long)size);
		return -EEXIST;
	}
	now = malloc((size_t)size);
	if (!now)
		return -ENOMEM;
	err = rproc_load_memory_read(c->load, e->da, now, size);
	if (err < 0) {
		rproc_load_err(c->load, "%s: cannot read its text in memory %s: %s", m->name, mname,
			       strerror(-err));
		free(now);
		return err;
	}
	for (k = 0; k < size && now[k] == m->text[k]; k++)
		;
	free(now);
	if (k < size) {
		rproc_load_err(c->load, "%s: its text in memory %s at 0x%llx differs from the library file (first at +0x%llx), though the manifest names this build: refused, not overwritten; reload every core that uses it",
			       m->name, mname, (unsigned long long)e->da, (unsigned long long)k);
		return -EEXIST;
	}
	return 0;
}

/* where each library's text is: found in the manifest and verified, or placed new */
static int shlib_place_text(struct shlib_ctx *c, struct shlib_mod *m)
{
	const struct rproc_memory *mem = &c->load->memories[c->shared_mem];
	uint64_t size = m->text_hi - m->text_lo, at;
	struct shlib_man_entry *e;
	unsigned int i;
	size_t k;
	int err;

	for (i = 0; i < c->n_man; i++) {
		if (strcmp(c->man[i].name, m->name) != 0)
			continue;
		err = shlib_text_verify(c, m, &c->man[i]);
		if (err < 0)
			return err;
		m->text_da = c->man[i].da;
		m->text_present = true;
		rproc_load_info(c->load, "%s: text already in memory %s at 0x%llx (%llu bytes), verified: not written",
				m->name, mem->name, (unsigned long long)m->text_da,
				(unsigned long long)size);
		goto bias;
	}
	if (c->n_man == SHLIB_MAN_MAX) {
		rproc_load_err(c->load, "%s: the manifest of memory %s is full (%d libraries)", m->name,
			       mem->name, SHLIB_MAN_MAX);
		return -ENOSPC;
	}
	if (!plugin_align_up(shlib_man_cursor(c), SHLIB_ALIGN, &at) || at - mem->da > mem->size ||
	    size > mem->size - (at - mem->da)) {
		rproc_load_err(c->load, "%s: its text (%llu bytes) does not fit in memory %s after 0x%llx",
			       m->name, (unsigned long long)size, mem->name,
			       (unsigned long long)shlib_man_cursor(c));
		return -ENOSPC;
	}
	m->text_da = at;
	e = &c->man[c->n_man++];
	memset(e, 0, sizeof(*e));
	snprintf(e->name, sizeof(e->name), "%s", m->name);
	e->da = at;
	e->size = size;
	e->hash = m->hash;
	e->build_id_len = m->build_id_len;
	memcpy(e->build_id, m->build_id, m->build_id_len);
	c->man_dirty = true;
	rproc_load_info(c->load, "%s: text new in memory %s: placed at 0x%llx (%llu bytes), added to its manifest",
			m->name, mem->name, (unsigned long long)m->text_da, (unsigned long long)size);
bias:
	for (k = 0; k < m->nsegs; k++)
		if (m->segs[k].shared)
			m->segs[k].bias = m->text_da - m->text_lo;
	return 0;
}

/* --- symbols ------------------------------------------------------------------------- */

struct shlib_sym {
	const char *name;
	uint64_t value;		/* device address, Thumb bit cleared */
	unsigned char bind, type;
	uint16_t shndx;
	bool thumb;
};

static int shlib_sym_get(struct shlib_mod *m, size_t i, struct shlib_sym *y)
{
	uint64_t value;
	GElf_Sym st;

	if (i >= m->nsyms)
		return -ENOEXEC;
	elf_image_sym_get(&m->elf, m->symtab, i, &st);
	y->type = GELF_ST_TYPE(st.st_info);
	y->bind = GELF_ST_BIND(st.st_info);
	y->shndx = st.st_shndx;
	value = st.st_value;
	y->name = st.st_name < m->strsz ? m->strtab + st.st_name : NULL;
	y->thumb = m->elf.eh.e_machine == EM_ARM && y->type == STT_FUNC && (value & 1);
	if (y->thumb)
		value &= ~(uint64_t)1;
	y->value = value;
	return y->name ? 0 : -ENOEXEC;
}

/* a defined symbol's device address, by the segment that holds it */
static int shlib_sym_place(struct shlib_mod *m, struct shlib_sym *y)
{
	struct elf_dyn_seg *s;

	if (y->shndx == SHN_ABS)
		return 0;
	s = elf_dyn_seg_of(&m->dyn_file, y->value, 1);
	if (!s && y->value)		/* a symbol at the very end of a segment */
		s = elf_dyn_seg_of(&m->dyn_file, y->value - 1, 1);
	if (!s)
		return -ENOEXEC;
	y->value += s->bias;
	return 0;
}

/*
 * The interposition order of rproc-loader-shlib(7): the executable first,
 * then the libraries breadth first from its DT_NEEDED; the first module
 * that defines the name (global or weak) gives it.
 */
static bool shlib_lookup(struct shlib_ctx *c, const char *name, struct shlib_sym *out)
{
	size_t i, k;

	for (i = 0; i < c->n_mods; i++) {
		struct shlib_mod *m = c->mods[i];

		for (k = 1; k < m->nsyms; k++) {
			struct shlib_sym y;

			if (shlib_sym_get(m, k, &y) < 0 || y.shndx == SHN_UNDEF ||
			    y.shndx == SHN_COMMON || y.bind == STB_LOCAL ||
			    strcmp(y.name, name) != 0)
				continue;
			if (shlib_sym_place(m, &y) < 0)
				continue;
			*out = y;
			return true;
		}
	}
	return false;
}

/* --- relocation ------------------------------------------------------------------------ */

static int shlib_no_pair(const struct reloc_site *r, uint64_t da, uint64_t *value)
{
	(void)r;
	(void)da;
	(void)value;
	return -ENOENT;	/* PCREL_LO12 and friends never are dynamic relocations */
}

static int shlib_fail(struct shlib_ctx *c, const struct shlib_mod *m, const struct reloc_site *r,
		      uint64_t off, int err, const char *why)
{
	const char *tn = reloc_arch_type_name(c->arch, r->type);
	char tbuf[48];

	if (!tn) {
		snprintf(tbuf, sizeof(tbuf), "%s relocation type %u", c->arch->name, r->type);
		tn = tbuf;
	}
	rproc_load_err(c->load, "%s: %s at 0x%llx against '%s': %s", m->name, tn,
		       (unsigned long long)off, r->sym[0] ? r->sym : "(no symbol)", why);
	return err;
}

static int shlib_site_sym(struct shlib_ctx *c, struct shlib_mod *m, size_t symi,
			  struct reloc_site *r, uint64_t off)
{
	struct shlib_sym y;

	if (symi == 0)
		return 0;
	if (shlib_sym_get(m, symi, &y) < 0)
		return shlib_fail(c, m, r, off, -ENOEXEC, "symbol outside the dynamic symbol table");
	r->sym = y.name;
	if (y.bind == STB_LOCAL) {
		if (y.shndx == SHN_UNDEF || shlib_sym_place(m, &y) < 0)
			return shlib_fail(c, m, r, off, -ENOEXEC, "local symbol outside every segment");
	} else if (!shlib_lookup(c, y.name, &y)) {
		if (y.bind == STB_WEAK)
			return 0;	/* undefined weak: 0 */
		return shlib_fail(c, m, r, off, -ENOENT,
				  "undefined symbol: no module defines it (executable, then libraries breadth first)");
	}
	r->S = y.value;
	r->sym_defined = true;
	r->sym_thumb = y.thumb;
	r->sym_func = y.type == STT_FUNC;
	return 0;
}

/* RELATIVE: the bias of the segment its link address lies in, segments move apart */
static int shlib_site_relative(struct shlib_ctx *c, struct shlib_mod *m, struct reloc_site *r,
			       uint64_t off)
{
	unsigned int w = m->elf.is64 ? 8 : 4;
	struct elf_dyn_seg *s;
	uint64_t target;

	if (r->room < w)
		return shlib_fail(c, m, r, off, -ENOEXEC, "place past the end of its segment");
	target = r->rela ? (uint64_t)r->A : elf_image_uint_get(&m->elf, r->where, w);
	s = elf_dyn_seg_of(&m->dyn_file, target, 1);
	if (!s && target)
		s = elf_dyn_seg_of(&m->dyn_file, target - 1, 1);
	if (!s)
		return shlib_fail(c, m, r, off, -ENOEXEC, "its target is outside every segment");
	r->B = s->bias;
	return 0;
}

static int shlib_apply_entry(struct shlib_ctx *c, struct shlib_mod *m, const struct elf_dyn_table *t,
			     const uint8_t *p)
{
	unsigned int w = m->elf.is64 ? 8 : 4;
	uint64_t off = elf_image_uint_get(&m->elf, p, w), info = elf_image_uint_get(&m->elf, p + w, w);
	size_t symi = m->elf.is64 ? (size_t)(info >> 32) : (size_t)(info >> 8);
	struct reloc_site r;
	struct elf_dyn_seg *s;
	int err;

	memset(&r, 0, sizeof(r));
	r.type = (unsigned int)(m->elf.is64 ? (info & 0xffffffffu) : (info & 0xff));
	r.rela = t->rela;
	r.A = t->rela ? (int64_t)elf_image_uint_get(&m->elf, p + 2 * w, w) : 0;
	r.big_endian = m->elf.be;
	r.elf64 = m->elf.is64;
	r.pair = shlib_no_pair;
	r.core = c;
	r.sym = "";
	if (!m->elf.is64 && t->rela)
		r.A = (int32_t)r.A;
	if (reloc_arch_type_is_marker(c->arch, r.type))
		return 0;
	s = elf_dyn_seg_of(&m->dyn_file, off, 1);
	if (!s)
		return shlib_fail(c, m, &r, off, -ENOEXEC, "place outside every PT_LOAD segment");
	if (s->shared)
		return shlib_fail(c, m, &r, off, -ENOEXEC,
				  "place in the library's read-only segment, which every core shares: build it -fPIC");
	if (r.type == c->arch->copy)
		return shlib_fail(c, m, &r, off, -ENOTSUP,
				  "copy relocation: build the executable -fPIE, which reaches library data through its GOT");
	r.where = s->buf + (off - s->ph.p_vaddr);
	r.room = (size_t)(s->ph.p_memsz - (off - s->ph.p_vaddr));
	r.P = off + s->bias;
	r.B = s->bias;
	if (r.type == c->arch->relative)
		err = shlib_site_relative(c, m, &r, off);
	else
		err = shlib_site_sym(c, m, symi, &r, off);
	if (err < 0)
		return err;
	c->why[0] = '\0';
	err = reloc_arch_apply(c->arch, &r, c->why, sizeof(c->why));
	if (err < 0)
		return shlib_fail(c, m, &r, off, err, c->why[0] ? c->why : "cannot be applied");
	return 0;
}

static int shlib_apply_table(struct shlib_ctx *c, struct shlib_mod *m, const struct elf_dyn_table *t)
{
	size_t w = m->elf.is64 ? 8 : 4, ent = t->rela ? 3 * w : 2 * w, k;
	const uint8_t *p;
	int err;

	if (!t->has || !t->size)
		return 0;
	if (t->size % ent) {
		rproc_load_err(c->load, "%s: %s: %llu bytes is not a whole number of entries", m->name,
			       t->what, (unsigned long long)t->size);
		return -ENOEXEC;
	}
	p = elf_dyn_vaddr_file(&m->dyn_file, t->vaddr, t->size);
	if (!p) {
		rproc_load_err(c->load, "%s: %s outside the file bytes of a segment", m->name, t->what);
		return -ENOEXEC;
	}
	for (k = 0; k < t->size / ent; k++) {
		err = shlib_apply_entry(c, m, t, p + k * ent);
		if (err < 0)
			return err;
	}
	return 0;
}

static int shlib_relocate(struct shlib_ctx *c, struct shlib_mod *m)
{
	size_t i;
	int err;

	for (i = 0; i < m->nsegs; i++) {
		struct elf_dyn_seg *s = &m->segs[i];

		if (s->shared)
			continue;
		s->buf = calloc(1, (size_t)s->ph.p_memsz);
		if (!s->buf)
			return -ENOMEM;
		memcpy(s->buf, m->data + s->ph.p_offset, (size_t)s->ph.p_filesz);
	}
	for (i = 0; i < 3; i++) {
		err = shlib_apply_table(c, m, &m->tables[i]);
		if (err < 0)
			return err;
	}
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
	struct elf_dyn_seg *s = elf_dyn_seg_of(&app->dyn_file, sh->sh_addr,
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
static int shlib_seg_add(struct shlib_ctx *c, uint64_t da, uint64_t size, const void *data,
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
static int shlib_shared_add(struct shlib_ctx *c, uint64_t da, uint64_t size, const void *data)
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
static int shlib_plan(struct shlib_ctx *c)
{
	size_t i, k;
	int err;

	for (i = 0; i < c->n_mods; i++) {
		struct shlib_mod *m = c->mods[i];

		for (k = 0; k < m->nsegs; k++) {
			struct elf_dyn_seg *s = &m->segs[k];

			if (s->shared)
				continue;
			err = shlib_seg_add(c, s->ph.p_vaddr + s->bias, s->ph.p_memsz, s->buf,
					    s->ph.p_offset);
			if (err < 0)
				return err;
		}
	}
	for (i = 1; i < c->n_mods; i++) {
		struct shlib_mod *m = c->mods[i];

		if (m->text_present)
			continue;
		err = shlib_shared_add(c, m->text_da, m->text_hi - m->text_lo, m->text);
		if (err < 0)
			return err;
	}
	if (!c->man_dirty)
		return 0;
	shlib_man_encode(c);
	return shlib_shared_add(c, c->load->memories[c->shared_mem].da, SHLIB_MAN_SIZE, c->man_buf);
}

static int shlib_memories(struct shlib_ctx *c)
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

/*
 * Loads that share a memory take turns: from reading the manifest until the
 * host has written the plan (release() drops the lock), no other shlib load
 * on this host reads or writes it. Else two loads that both found a library
 * missing would both place it, and the second could write over text a core
 * already runs. One lock for every shared memory: shlib loads are short, and
 * the plugin cannot tell which memories of two backends are the same.
 */
/* lock_wait: decimal seconds, digits only */
static int shlib_lock_wait(struct shlib_ctx *c, unsigned long *secs)
{
	const char *wait = rproc_load_option_get(c->load, "lock_wait");
	char *end;

	*secs = SHLIB_LOCK_WAIT_DEFAULT;
	if (!wait)
		return 0;
	errno = 0;
	*secs = strtoul(wait, &end, 10);
	if (wait[0] < '0' || wait[0] > '9' || errno || *end || *secs > SHLIB_LOCK_WAIT_MAX) {
		rproc_load_err(c->load, "option lock_wait = '%.32s': expected seconds, 0 to %d",
			       wait, SHLIB_LOCK_WAIT_MAX);
		return -EINVAL;
	}
	return 0;
}

/*
 * The lock file, opened for flock() alone (read-only is enough; not
 * blocking, should it be a FIFO). As root,
 * in a directory others can write, someone else's file could keep every
 * load waiting: only a regular file of ours that nobody else can write is
 * taken. -EACCES (a user without the right to it, say a dry run by hand)
 * is the caller's to forgive.
 */
static int shlib_lock_open(struct shlib_ctx *c, const char *path)
{
	struct stat st;
	int fd, err;

	fd = open(path, O_RDONLY | O_CREAT | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK | O_CLOEXEC,
		  0600);
	if (fd < 0) {
		err = -errno;
		if (err != -EACCES)
			rproc_load_err(c->load, "lock: cannot open %.256s: %s", path, strerror(-err));
		return err;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid() ||
	    (st.st_mode & (S_IWGRP | S_IWOTH))) {
		rproc_load_err(c->load, "lock: %.256s is not a regular file of this user that only it can write: refused",
			       path);
		close(fd);
		return -EPERM;
	}
	return fd;
}

/*
 * Loads that share a memory take turns: from reading the manifest until the
 * host has written the plan (release() drops the lock), no other shlib load
 * on this host reads or writes it. Else two loads that both found a library
 * missing would both place it, and the second could write over text a core
 * already runs. One lock for every shared memory: shlib loads are short, and
 * the plugin cannot tell which memories of two backends are the same.
 */
static int shlib_lock_take(struct shlib_ctx *c)
{
	const char *path = rproc_load_option_get(c->load, "lock");
	unsigned long secs, polls;
	int fd, err;

	err = shlib_lock_wait(c, &secs);
	if (err < 0)
		return err;
	if (path && path[0] != '/') {
		rproc_load_err(c->load, "option lock = '%.256s': expected an absolute path", path);
		return -EINVAL;
	}
	/* the default's directory is made by the first load after boot */
	if (!path) {
		path = SHLIB_LOCK_DEFAULT;
		if (mkdir(SHLIB_LOCK_DIR, 0755) < 0 && errno != EEXIST) {
			err = -errno;
			if (err == -EACCES)
				goto unlocked;
			rproc_load_err(c->load, "lock: cannot make %s: %s (set shlib.lock)",
				       SHLIB_LOCK_DIR, strerror(-err));
			return err;
		}
	}
	fd = shlib_lock_open(c, path);
	if (fd == -EACCES) {
		err = fd;
		goto unlocked;
	}
	if (fd < 0)
		return fd;
	for (polls = 0; flock(fd, LOCK_EX | LOCK_NB) < 0; polls++) {
		/* a kernel or file system without file locking: load, say what is lost */
		if (errno == ENOSYS || errno == EOPNOTSUPP) {
			rproc_load_warn(c->load, "lock: %.256s: %s: loads into a shared memory do not take turns",
					path, strerror(errno));
			close(fd);
			return 0;
		}
		if (errno != EWOULDBLOCK && errno != EINTR) {
			err = -errno;
			rproc_load_err(c->load, "lock: %.256s: %s", path, strerror(-err));
			close(fd);
			return err;
		}
		if (polls >= secs * (1000000 / SHLIB_LOCK_POLL_US)) {
			rproc_load_err(c->load, "lock: another load has held %.256s for %lu s (shlib.lock_wait)",
				       path, secs);
			close(fd);
			return -EBUSY;
		}
		if (polls == 0)
			rproc_load_info(c->load, "waiting for %.256s: another load is using a shared memory",
					path);
		usleep(SHLIB_LOCK_POLL_US);
	}
	c->lock_fd = fd;
	return 0;

unlocked:
	/* not root: a dry run or a directory backend of one's own */
	rproc_load_warn(c->load, "lock: %.256s: %s: this load does not take turns with others",
			path, strerror(-err));
	return 0;
}

static int shlib_run(struct shlib_ctx *c)
{
	struct shlib_mod *app;
	size_t i;
	int err;

	err = shlib_memories(c);
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
		err = shlib_load_needed(c);
	if (!err)
		err = shlib_place_app(c, app);
	if (!err)
		err = shlib_lock_take(c);
	if (!err)
		err = shlib_man_read(c);
	for (i = 1; i < c->n_mods && !err; i++) {
		err = shlib_check_library(c, c->mods[i]);
		if (!err)
			err = shlib_text_build(c, c->mods[i]);
		if (!err)
			err = shlib_place_text(c, c->mods[i]);
		if (!err)
			err = shlib_place_data(c, c->mods[i]);
	}
	for (i = 0; i < c->n_mods && !err; i++)
		err = shlib_relocate(c, c->mods[i]);
	if (!err)
		err = elf_rsc_find(c->load, app->data, app->size, shlib_rsc_run, c, &c->rsc);
	if (!err)
		err = rproc_load_boot_addr_set(c->load, app->elf.eh.e_entry + app->segs[0].bias);
	if (!err)
		err = shlib_plan(c);
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
};
