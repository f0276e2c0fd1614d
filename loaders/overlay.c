// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * overlay: a loader plugin for firmware linked with GNU ld's OVERLAY
 * command. Sections that share a run address (a region) and each have a
 * load address of their own are overlays; the firmware's overlay manager
 * copies one into its region before it calls it. The plugin loads the
 * image as the elf plugin does (lib/elf-load.h: segments by physical
 * address), checks that every overlay's image and every region lies in a
 * memory, and fills the overlay table the firmware reserves (section
 * .overlay_table: id, name, run and load address, size and CRC32 of each
 * overlay; layout in rproc-loader-overlay(7)). Option preload places
 * overlays in their regions at load, so their first call copies nothing.
 * Option objects adds overlays built apart: ld -r objects linked at the
 * region's run address against the base's symbols (overlay-obj.c, with
 * the reloc plugin's architecture back ends), stored in a backing memory
 * and entered in the same table.
 *
 * The image is untrusted: it is read through the library's ELF image
 * reader (lib/elf-image.h), which checks the header tables against the
 * file, and every overlay is checked against the file before its
 * bytes are read. On any error load() fails and the host writes nothing.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rproc/loader.h>

#include "elf-image.h"
#include "elf-load.h"
#include "elf-rsc.h"
#include "overlay-obj.h"
#include "plugin-util.h"
#include "strparse.h"

#define OVL_TABLE_SECTION	".overlay_table"
#define OVL_MAGIC		0x564f5052u	/* "RPOV" as a little-endian word */
#define OVL_VERSION		1
#define OVL_HDR_SIZE		32
#define OVL_ENTRY_SIZE		64
#define OVL_NAME_LEN		24		/* NUL included */
#define OVL_T_FILLED		(1u << 0)
#define OVL_F_RESIDENT		(1u << 0)
/* more would only be a malformed file */
#define OVL_MAX			1024

static const char *const ovl_options[] = {
	"table_section",	/* the overlay table's section (.overlay_table) */
	"preload",		/* overlays placed in their regions at load */
	"rsc_section",		/* the resource table's section, as elf's */
	"objects",		/* NAME=PATH...: overlays built apart, ld -r objects */
	"region",		/* the objects' region: an overlay linked into it */
	"store",		/* where the objects are stored: a memory or an address */
	NULL
};

struct ovl_section {
	const char *name;
	uint64_t run;		/* sh_addr */
	uint64_t load;		/* where its file bytes are loaded */
	uint64_t size;
	uint64_t offset;	/* in the file */
	size_t index;		/* section header index */
	uint32_t crc;
	uint32_t region;
	uint32_t id;		/* table entry + 1, once listed */
	bool overlay;
	bool resident;
	bool nobits;
	uint8_t *image;		/* an object's, relocated; NULL: the file's bytes */
};

struct ovl_plan {
	struct rproc_load *load;
	struct elf_image im;
	struct elf_rsc rsc;
	struct ovl_section *sec;	/* allocated sections, by run address */
	size_t n_sec;
	size_t n_ovl;
	uint32_t n_regions;
	uint64_t *region_run;		/* per region */
	uint64_t *region_size;
	char *objects;			/* a copy of option objects, names point into it */
	uint8_t *table;			/* the filled table, the plan's bytes */
	GElf_Shdr table_sh;
	uint64_t table_load;
	const char *table_name;
};

/* CRC-32 of IEEE 802.3 (reflected 0xedb88320), as zlib's crc32() */
static uint32_t ovl_crc32(const uint8_t *p, uint64_t len)
{
	uint32_t c = 0xffffffffu;
	int k;

	while (len--) {
		c ^= *p++;
		for (k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xedb88320u & -(c & 1));
	}
	return ~c;
}

static int ovl_sec_cmp(const void *a, const void *b)
{
	const struct ovl_section *x = a, *y = b;

	if (x->run != y->run)
		return x->run < y->run ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* The allocated sections with bytes in memory, sorted by run address. */
static int ovl_sections_read(struct ovl_plan *p)
{
	const struct elf_image *im = &p->im;
	size_t i, n = im->eh.e_shoff ? im->eh.e_shnum : 0;
	const char *name, *why;
	GElf_Shdr sh;
	int err;

	p->sec = calloc(n ? n : 1, sizeof(*p->sec));
	if (!p->sec)
		return -ENOMEM;
	for (i = 1; i < n; i++) {
		struct ovl_section *s = &p->sec[p->n_sec];

		err = elf_image_section_get(im, i, &sh, &name, &why);
		if (err < 0) {
			rproc_load_err(p->load, "not a valid ELF: section %zu: %s", i, why);
			return err;
		}
		if (!(sh.sh_flags & SHF_ALLOC) || sh.sh_size == 0)
			continue;
		if (sh.sh_addr + sh.sh_size < sh.sh_addr) {
			rproc_load_err(p->load, "section %s: address 0x%llx + %llu bytes wraps around",
				       name, (unsigned long long)sh.sh_addr,
				       (unsigned long long)sh.sh_size);
			return -ENOEXEC;
		}
		s->name = name;
		s->run = sh.sh_addr;
		s->size = sh.sh_size;
		s->offset = sh.sh_offset;
		s->index = i;
		s->nobits = sh.sh_type == SHT_NOBITS;
		p->n_sec++;
	}
	qsort(p->sec, p->n_sec, sizeof(*p->sec), ovl_sec_cmp);
	return 0;
}

/* does [a, a + n) meet [b, b + m)? */
static bool ovl_meet(uint64_t a, uint64_t n, uint64_t b, uint64_t m)
{
	return a < b + m && b < a + n;
}

/*
 * Overlays: loaded (PROGBITS) sections that share their run address with
 * another one. Each must be loaded somewhere of its own, in a memory, and
 * no other section may lie in its region: the manager overwrites it.
 */
static int ovl_overlays_find(struct ovl_plan *p)
{
	struct rproc_load *load = p->load;
	size_t i, j, k;

	p->region_run = calloc(p->n_sec ? p->n_sec : 1, sizeof(*p->region_run));
	p->region_size = calloc(p->n_sec ? p->n_sec : 1, sizeof(*p->region_size));
	if (!p->region_run || !p->region_size)
		return -ENOMEM;
	for (i = 0; i < p->n_sec; i = j) {
		uint64_t end = 0;

		for (j = i + 1; j < p->n_sec && p->sec[j].run == p->sec[i].run; j++)
			;
		if (j - i < 2)
			continue;
		for (k = i; k < j; k++) {
			struct ovl_section *s = &p->sec[k];

			if (s->nobits) {
				rproc_load_err(load, "section %s shares run address 0x%llx with %s but has no bytes (NOBITS): not an overlay",
					       s->name, (unsigned long long)s->run,
					       p->sec[k == i ? i + 1 : i].name);
				return -ENOEXEC;
			}
			s->overlay = true;
			s->region = p->n_regions;
			if (s->size > end)
				end = s->size;
			p->n_ovl++;
		}
		/* before the quadratic check below: a bound on the work a file can ask for */
		if (p->n_ovl > OVL_MAX) {
			rproc_load_err(load, "more than %d overlays", OVL_MAX);
			return -ENOEXEC;
		}
		/* the region: as large as the largest overlay in it */
		for (k = 0; k < p->n_sec; k++) {
			struct ovl_section *o = &p->sec[k];

			if ((k < i || k >= j) && ovl_meet(o->run, o->size, p->sec[i].run, end)) {
				rproc_load_err(load, "overlay region at 0x%llx (%llu bytes, overlay %s) overlaps section %s at 0x%llx",
					       (unsigned long long)p->sec[i].run,
					       (unsigned long long)end, p->sec[i].name,
					       o->name, (unsigned long long)o->run);
				return -ENOEXEC;
			}
		}
		if (!plugin_memory_get_da(load, p->sec[i].run, end)) {
			rproc_load_err(load, "overlay region at 0x%llx (%llu bytes, overlay %s): lies in no memory",
				       (unsigned long long)p->sec[i].run,
				       (unsigned long long)end, p->sec[i].name);
			return -ERANGE;
		}
		p->region_run[p->n_regions] = p->sec[i].run;
		p->region_size[p->n_regions] = end;
		p->n_regions++;
	}
	if (p->n_ovl == 0) {
		rproc_load_err(load, "no overlays: no two loaded sections share a run address (link with GNU ld's OVERLAY)");
		return -ENOEXEC;
	}
	return 0;
}

/* Each overlay's image: in the file, loaded, in a memory, not in its region. */
static int ovl_images_check(struct ovl_plan *p)
{
	const struct elf_image *im = &p->im;
	const struct rproc_memory *m;
	size_t i;

	for (i = 0; i < p->n_sec; i++) {
		struct ovl_section *s = &p->sec[i];

		if (!s->overlay || s->image)
			continue;
		if (strlen(s->name) >= OVL_NAME_LEN) {
			rproc_load_err(p->load, "overlay %s: name longer than %d bytes (the table's name field)",
				       s->name, OVL_NAME_LEN - 1);
			return -ENAMETOOLONG;
		}
		if (!elf_image_range_ok(im, s->offset, s->size) ||
		    !elf_load_offset_da_get(im, false, s->offset, s->size, &s->load)) {
			rproc_load_err(p->load, "overlay %s (file 0x%llx, %llu bytes) is not inside a loaded segment",
				       s->name, (unsigned long long)s->offset,
				       (unsigned long long)s->size);
			return -ENOEXEC;
		}
		m = plugin_memory_get_da(p->load, s->load, s->size);
		if (!m) {
			rproc_load_err(p->load, "overlay %s: image at 0x%llx (%llu bytes) lies in no memory",
				       s->name, (unsigned long long)s->load,
				       (unsigned long long)s->size);
			return -ERANGE;
		}
		if (m->flags & RPROC_MEMORY_NOMAP) {
			rproc_load_err(p->load, "overlay %s: image at 0x%llx lies in memory %s, which the host cannot write (nomap)",
				       s->name, (unsigned long long)s->load, m->name);
			return -EACCES;
		}
		if (ovl_meet(s->load, s->size, s->run, s->size)) {
			rproc_load_err(p->load, "overlay %s: image at 0x%llx overlaps its region at 0x%llx: the first copy of another overlay would destroy it",
				       s->name, (unsigned long long)s->load,
				       (unsigned long long)s->run);
			return -ENOEXEC;
		}
		s->crc = ovl_crc32(im->data + s->offset, s->size);
	}
	return 0;
}

static struct ovl_section *ovl_by_name(struct ovl_plan *p, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < p->n_sec; i++)
		if (p->sec[i].overlay && strlen(p->sec[i].name) == len &&
		    memcmp(p->sec[i].name, name, len) == 0)
			return &p->sec[i];
	return NULL;
}

/* preload = NAME[,NAME]...: one overlay per region, resident from the start */
static int ovl_preload_parse(struct ovl_plan *p, const char *list)
{
	struct rproc_load *load = p->load;
	const char *s = list;

	while (*s) {
		size_t len = strcspn(s, ", \t");
		struct ovl_section *o, *other;
		size_t i;

		if (len == 0) {
			s++;
			continue;
		}
		o = ovl_by_name(p, s, len);
		if (!o) {
			rproc_load_err(load, "option preload: '%.*s' is not an overlay of this firmware",
				       (int)(len > 64 ? 64 : len), s);
			return -EINVAL;
		}
		for (i = 0; i < p->n_sec; i++) {
			other = &p->sec[i];
			if (other != o && other->overlay && other->resident &&
			    other->region == o->region) {
				rproc_load_err(load, "option preload: overlays %s and %s share the region at 0x%llx: only one can be resident",
					       other->name, o->name, (unsigned long long)o->run);
				return -EINVAL;
			}
		}
		if (plugin_memory_get_da(load, o->run, o->size)->flags & RPROC_MEMORY_NOMAP) {
			rproc_load_err(load, "option preload: overlay %s: its region at 0x%llx is in a memory the host cannot write (nomap)",
				       o->name, (unsigned long long)o->run);
			return -EACCES;
		}
		o->resident = true;
		s += len;
	}
	return 0;
}

/* --- overlays built apart: ld -r objects named in the config ---------------- */

/* the region option: the region of the overlay it names, else the only one */
static int ovl_objects_region(struct ovl_plan *p, uint32_t *region)
{
	const char *want = rproc_load_option_get(p->load, "region");
	struct ovl_section *o;

	if (!want) {
		if (p->n_regions != 1) {
			rproc_load_err(p->load, "option objects: the firmware has %u overlay regions: name one of its overlays in option region",
				       p->n_regions);
			return -EINVAL;
		}
		*region = 0;
		return 0;
	}
	o = ovl_by_name(p, want, strlen(want));
	if (!o || o->image) {
		rproc_load_err(p->load, "option region: '%.64s' is not an overlay linked into this firmware",
			       want);
		return -EINVAL;
	}
	*region = o->region;
	return 0;
}

/*
 * The store option: an address, or a memory whose bytes after the last one
 * this firmware loads there take the objects; by default the memory of
 * the first linked-in overlay's image.
 */
static int ovl_objects_store(struct ovl_plan *p, uint64_t *at)
{
	struct rproc_load *load = p->load;
	const char *want = rproc_load_option_get(load, "store");
	const struct rproc_memory *m = NULL;
	unsigned int i;
	GElf_Phdr ph;
	size_t k;

	/* a number is an address; anything else names a memory */
	if (want && want[0] >= '0' && want[0] <= '9') {
		if (strparse_u64(want, at) == 0)
			return 0;
		rproc_load_err(load, "option store = '%.64s': not a number (an address), nor a memory name",
			       want);
		return -EINVAL;
	}
	for (i = 0; want && i < load->n_memories; i++)
		if (strcmp(load->memories[i].name, want) == 0)
			m = &load->memories[i];
	for (k = 0; !want && !m && k < p->n_sec; k++)
		if (p->sec[k].overlay && !p->sec[k].image)
			m = plugin_memory_get_da(load, p->sec[k].load, p->sec[k].size);
	if (!m) {
		rproc_load_err(load, "option store = '%.64s': neither an address nor a memory of this co-processor",
			       want ? want : "");
		return -EINVAL;
	}
	*at = m->da;
	for (k = 0; k < p->im.eh.e_phnum; k++) {
		elf_image_phdr_get(&p->im, k, &ph);
		if (ph.p_type != PT_LOAD)
			continue;
		if (ph.p_paddr >= m->da && ph.p_paddr - m->da < m->size &&
		    ph.p_paddr + ph.p_memsz > *at)
			*at = ph.p_paddr + ph.p_memsz;
	}
	/* and after the regions in it: the manager writes there */
	for (k = 0; k < p->n_regions; k++)
		if (p->region_run[k] >= m->da && p->region_run[k] - m->da < m->size &&
		    p->region_run[k] + p->region_size[k] > *at)
			*at = p->region_run[k] + p->region_size[k];
	*at = (*at + 7) & ~(uint64_t)7;
	return 0;
}

static bool ovl_obj_name_ok(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || len >= OVL_NAME_LEN)
		return false;
	for (i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '-' || s[i] == '.'))
			return false;
	return true;
}

/* One object: read, linked at the region, stored at *at, entered as an overlay. */
static int ovl_object_add(struct ovl_plan *p, const char *name, const char *path,
			  uint32_t region, uint64_t *at)
{
	struct rproc_load *load = p->load;
	struct ovl_obj_target t = {
		.machine = p->im.eh.e_machine,
		.be = p->im.be,
		.is64 = p->im.is64,
		.run = p->region_run[region],
		.room = p->region_size[region],
		.lookup = ovl_obj_base_sym,
		.ctx = &p->im,
	};
	struct ovl_obj o = { .name = name };
	const struct rproc_memory *m;
	struct ovl_section *s;
	uint8_t *data = NULL;
	size_t len = 0;
	int err;

	if (path[0] != '/') {
		rproc_load_err(load, "overlay %s: object '%.128s' is not an absolute path", name, path);
		return -EINVAL;
	}
	err = plugin_file_read(path, OVL_OBJ_FILE_MAX, &data, &len);
	if (err < 0) {
		rproc_load_err(load, "overlay %s: cannot read object %.128s: %s", name, path,
			       strerror(-err));
		return err;
	}
	err = ovl_obj_link(load, &o, data, len, &t);
	free(data);
	if (err < 0)
		return err;
	s = &p->sec[p->n_sec];
	memset(s, 0, sizeof(*s));
	s->name = name;
	s->image = o.image;
	p->n_sec++;	/* the plan frees the image from here on */
	s->run = t.run;
	s->size = o.size;
	s->load = *at;
	s->region = region;
	s->overlay = true;
	s->index = SIZE_MAX / 2 + p->n_sec;	/* after every section: its id */
	m = plugin_memory_get_da(load, s->load, s->size);
	if (!m || s->load + s->size < s->load) {
		rproc_load_err(load, "overlay %s: store at 0x%llx (%llu bytes) lies in no memory",
			       name, (unsigned long long)s->load, (unsigned long long)s->size);
		return -ERANGE;
	}
	if (m->flags & RPROC_MEMORY_NOMAP) {
		rproc_load_err(load, "overlay %s: store at 0x%llx lies in memory %s, which the host cannot write (nomap)",
			       name, (unsigned long long)s->load, m->name);
		return -EACCES;
	}
	if (ovl_meet(s->load, s->size, s->run, p->region_size[region])) {
		rproc_load_err(load, "overlay %s: store at 0x%llx overlaps its region at 0x%llx",
			       name, (unsigned long long)s->load, (unsigned long long)s->run);
		return -EINVAL;
	}
	s->crc = ovl_crc32(s->image, s->size);
	p->n_ovl++;
	*at = (s->load + s->size + 7) & ~(uint64_t)7;
	return 0;
}

/* objects = NAME=PATH [NAME=PATH]...: each linked, stored, in the table */
static int ovl_objects_add(struct ovl_plan *p)
{
	struct rproc_load *load = p->load;
	struct ovl_section *grown;
	uint32_t region;
	size_t n = 0;
	uint64_t at;
	char *s, *tok, *save = NULL;
	int err;

	p->objects = strdup(rproc_load_option_get(load, "objects"));
	if (!p->objects)
		return -ENOMEM;
	for (s = p->objects; *s; s++)
		n += *s == '=';
	if (n == 0 || n > OVL_MAX) {
		rproc_load_err(load, "option objects: expected NAME=PATH, separated by blanks or commas");
		return -EINVAL;
	}
	grown = realloc(p->sec, (p->n_sec + n) * sizeof(*p->sec));
	if (!grown)
		return -ENOMEM;
	p->sec = grown;
	err = ovl_objects_region(p, &region);
	if (!err)
		err = ovl_objects_store(p, &at);
	for (tok = strtok_r(p->objects, ", \t", &save); !err && tok;
	     tok = strtok_r(NULL, ", \t", &save)) {
		char *eq = strchr(tok, '=');

		if (!eq || !ovl_obj_name_ok(tok, (size_t)(eq - tok))) {
			rproc_load_err(load, "option objects: '%.64s': expected NAME=PATH, NAME of up to %d letters, digits, '_', '-', '.'",
				       tok, OVL_NAME_LEN - 1);
			return -EINVAL;
		}
		*eq = '\0';
		if (ovl_by_name(p, tok, strlen(tok))) {
			rproc_load_err(load, "option objects: overlay %s named twice", tok);
			return -EINVAL;
		}
		err = ovl_object_add(p, tok, eq + 1, region, &at);
	}
	return err;
}

/* The table section: there, loaded, the firmware's header, room for every overlay. */
static int ovl_table_find(struct ovl_plan *p)
{
	const struct elf_image *im = &p->im;
	struct rproc_load *load = p->load;
	GElf_Shdr *sh = &p->table_sh;
	const uint8_t *h;
	const char *why;
	uint64_t cap;
	size_t i;
	int err;

	err = elf_image_section_find(im, p->table_name, sh, &i, &why);
	if (err < 0) {
		rproc_load_err(load, "not a valid ELF: %s", why);
		return err;
	}
	if (i == 0) {
		rproc_load_err(load, "no overlay table: the firmware has no section %s (it reserves the table there, see rproc-loader-overlay(7))",
			       p->table_name);
		return -ENOEXEC;
	}
	if (sh->sh_type == SHT_NOBITS || !elf_image_range_ok(im, sh->sh_offset, sh->sh_size) ||
	    !elf_load_offset_da_get(im, false, sh->sh_offset, sh->sh_size, &p->table_load)) {
		rproc_load_err(load, "overlay table %s (file 0x%llx, %llu bytes) is not inside a loaded segment",
			       p->table_name, (unsigned long long)sh->sh_offset,
			       (unsigned long long)sh->sh_size);
		return -ENOEXEC;
	}
	if (sh->sh_size < OVL_HDR_SIZE) {
		rproc_load_err(load, "overlay table %s: %llu bytes, smaller than its %d-byte header",
			       p->table_name, (unsigned long long)sh->sh_size, OVL_HDR_SIZE);
		return -ENOSPC;
	}
	h = im->data + sh->sh_offset;
	if (elf_image_uint_get(im, h, 4) != OVL_MAGIC || elf_image_uint_get(im, h + 4, 2) != OVL_VERSION ||
	    elf_image_uint_get(im, h + 6, 2) != OVL_ENTRY_SIZE) {
		rproc_load_err(load, "overlay table %s: magic 0x%08llx, version %llu, entry size %llu: expected 0x%08x ('RPOV'), %d, %d",
			       p->table_name, (unsigned long long)elf_image_uint_get(im, h, 4),
			       (unsigned long long)elf_image_uint_get(im, h + 4, 2),
			       (unsigned long long)elf_image_uint_get(im, h + 6, 2),
			       OVL_MAGIC, OVL_VERSION, OVL_ENTRY_SIZE);
		return -ENOEXEC;
	}
	cap = elf_image_uint_get(im, h + 8, 4);
	if (cap > (sh->sh_size - OVL_HDR_SIZE) / OVL_ENTRY_SIZE) {
		rproc_load_err(load, "overlay table %s: capacity %llu entries, but the section (%llu bytes) holds %llu",
			       p->table_name, (unsigned long long)cap,
			       (unsigned long long)sh->sh_size,
			       (unsigned long long)((sh->sh_size - OVL_HDR_SIZE) / OVL_ENTRY_SIZE));
		return -ENOEXEC;
	}
	if (p->n_ovl > cap) {
		rproc_load_err(load, "overlay table %s too small: room for %llu overlays, the firmware has %zu",
			       p->table_name, (unsigned long long)cap, p->n_ovl);
		return -ENOSPC;
	}
	if (!plugin_memory_get_da(load, sh->sh_addr, sh->sh_size)) {
		rproc_load_err(load, "overlay table %s: its run address 0x%llx lies in no memory",
			       p->table_name, (unsigned long long)sh->sh_addr);
		return -ERANGE;
	}
	return 0;
}

/* The table's bytes as the firmware will read them. */
static int ovl_table_fill(struct ovl_plan *p)
{
	const struct elf_image *im = &p->im;
	uint32_t id = 0;
	uint8_t *e;
	size_t i;

	p->table = malloc(p->table_sh.sh_size);
	if (!p->table)
		return -ENOMEM;
	/* the firmware's header (magic, version, entry size, capacity); the rest is ours */
	memcpy(p->table, im->data + p->table_sh.sh_offset, OVL_HDR_SIZE);
	memset(p->table + 12, 0, p->table_sh.sh_size - 12);
	elf_image_uint_put(im, p->table + 12, 4, p->n_ovl);
	elf_image_uint_put(im, p->table + 16, 4, p->n_regions);
	elf_image_uint_put(im, p->table + 20, 4, OVL_T_FILLED);
	/* ids in section header order, which is the OVERLAY command's */
	for (;;) {
		struct ovl_section *next = NULL;

		for (i = 0; i < p->n_sec; i++) {
			struct ovl_section *s = &p->sec[i];

			if (s->overlay && s->id == 0 && (!next || s->index < next->index))
				next = s;
		}
		if (!next)
			break;
		next->id = ++id;	/* 1-based here, so 0 means not yet listed */
		e = p->table + OVL_HDR_SIZE + (size_t)(id - 1) * OVL_ENTRY_SIZE;
		elf_image_uint_put(im, e, 4, id - 1);
		elf_image_uint_put(im, e + 4, 4, next->region);
		elf_image_uint_put(im, e + 8, 8, next->run);
		elf_image_uint_put(im, e + 16, 8, next->load);
		elf_image_uint_put(im, e + 24, 8, next->size);
		elf_image_uint_put(im, e + 32, 4, next->crc);
		elf_image_uint_put(im, e + 36, 4, next->resident ? OVL_F_RESIDENT : 0);
		memcpy(e + 40, next->name, strlen(next->name));
		rproc_load_info(p->load, "overlay %s: id %u, region %u at 0x%llx, image at 0x%llx (%llu bytes), crc32 0x%08x%s",
				next->name, id - 1, next->region, (unsigned long long)next->run,
				(unsigned long long)next->load, (unsigned long long)next->size,
				next->crc, next->resident ? ", preloaded" : "");
	}
	return 0;
}

/* @size bytes of @data at @da, all file bytes (@offset in the file, 0 for an object's) */
static int ovl_segment_add(struct ovl_plan *p, uint64_t da, uint64_t size, const void *data,
			   uint64_t offset)
{
	struct rproc_segment seg;

	memset(&seg, 0, sizeof(seg));
	seg.da = da;
	seg.memsz = seg.filesz = size;
	seg.data = data;
	seg.offset = offset;
	return elf_rsc_segment_add(p->load, &p->rsc, &seg);
}

static int ovl_plan_add(struct ovl_plan *p)
{
	const struct elf_image *im = &p->im;
	struct elf_load_patch patch = {
		.offset = p->table_sh.sh_offset,
		.len = p->table_sh.sh_size,
		.data = p->table,
	};
	size_t i;
	int err;

	err = elf_load_segments_add(p->load, im, false, &patch, &p->rsc);
	/* the manager reads the table at its run address */
	if (!err && p->table_sh.sh_addr != p->table_load)
		err = ovl_segment_add(p, p->table_sh.sh_addr, p->table_sh.sh_size, p->table,
				      p->table_sh.sh_offset);
	/* the preloaded overlays in their regions */
	for (i = 0; !err && i < p->n_sec; i++) {
		const struct ovl_section *s = &p->sec[i];

		if (s->resident)
			err = ovl_segment_add(p, s->run, s->size,
					      s->image ? s->image : im->data + s->offset,
					      s->image ? 0 : s->offset);
	}
	/* the objects, relocated, where they are stored */
	for (i = 0; !err && i < p->n_sec; i++) {
		const struct ovl_section *s = &p->sec[i];

		if (s->image)
			err = ovl_segment_add(p, s->load, s->size, s->image, 0);
	}
	return err;
}

static void ovl_plan_free(struct ovl_plan *p)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; i < p->n_sec; i++)
		free(p->sec[i].image);
	free(p->region_run);
	free(p->region_size);
	free(p->objects);
	free(p->sec);
	free(p->table);
	free(p);
}

static int ovl_load(struct rproc_load *load)
{
	const char *preload = rproc_load_option_get(load, "preload");
	struct ovl_plan *p;
	const char *why;
	int err;

	p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	/* release() frees it, whatever the outcome: the plan points into it */
	load->priv = p;
	p->table_name = rproc_load_option_get(load, "table_section");
	if (!p->table_name)
		p->table_name = OVL_TABLE_SECTION;
	p->load = load;
	err = elf_image_open(&p->im, load->image, load->image_size, &why);
	if (err < 0) {
		rproc_load_err(load, "not a valid ELF: %s", why);
		return err;
	}
	err = elf_load_exec_check(load, &p->im);
	/* the resource table runs at sh_addr (elf-rsc.c), as with the elf plugin */
	if (!err)
		err = elf_rsc_find(load, &p->im, NULL, NULL, &p->rsc);
	if (!err)
		err = ovl_sections_read(p);
	if (!err)
		err = ovl_overlays_find(p);
	if (!err)
		err = ovl_images_check(p);
	if (!err && rproc_load_option_get(load, "objects")) {
		err = ovl_objects_add(p);
	} else if (!err && (rproc_load_option_get(load, "region") ||
			    rproc_load_option_get(load, "store"))) {
		rproc_load_err(load, "options region and store are for overlay objects: set objects too");
		err = -EINVAL;
	}
	if (!err && preload)
		err = ovl_preload_parse(p, preload);
	if (!err)
		err = ovl_table_find(p);
	if (!err)
		err = ovl_table_fill(p);
	if (!err)
		err = ovl_plan_add(p);
	if (!err)
		err = elf_rsc_table_set(load, &p->rsc);
	if (!err)
		err = rproc_load_boot_addr_set(load, p->im.eh.e_entry);
	return err;
}

static void ovl_release(struct rproc_load *load)
{
	ovl_plan_free(load->priv);
	load->priv = NULL;
}

RPROC_LOADER_EXPORT const struct rproc_loader_plugin rproc_loader_plugin = {
	.abi_version = RPROC_LOADER_ABI_VERSION,
	.name = "overlay",
	.description = "ELF executables with overlays (GNU ld OVERLAY): checked, an overlay table filled, optionally preloaded",
	.options = ovl_options,
	.load = ovl_load,
	.release = ovl_release,
	.size = RPROC_LOADER_PLUGIN_SIZE,
};
