/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * overlay-obj: an overlay built apart from its base firmware, a relocatable
 * object (ld -r), linked at its region's run address against the base's
 * symbols by the relocation back ends (reloc-arch.h).
 */
#ifndef RPROC_OVERLAY_OBJ_H
#define RPROC_OVERLAY_OBJ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rproc/loader.h>

/* a symbol of the base firmware: its address and, on ARM, its state */
struct ovl_base_sym {
	uint64_t value;		/* without the Thumb bit */
	bool func;
	bool thumb;
};

/* the base's symbol @name: 0, or -ENOENT */
typedef int (*ovl_sym_lookup_fn)(void *ctx, const char *name, struct ovl_base_sym *sym);

/* What the base firmware's ELF says the object must be. */
struct ovl_obj_target {
	uint16_t machine;
	bool be;
	bool is64;
	uint64_t run;		/* the region's run address */
	uint64_t room;		/* the region's size */
	ovl_sym_lookup_fn lookup;
	void *ctx;
};

struct ovl_obj {
	const char *name;	/* the overlay's, from the config */
	uint8_t *image;		/* relocated, size bytes: what is stored */
	uint64_t size;
};

/*
 * Link the object in @data (@len bytes, the caller's) into o->image: its
 * allocated sections laid out from t->run (code first, each at its
 * alignment), its relocations applied. 0 or -errno, logged with the
 * overlay's name; o->image is the caller's to free.
 */
int ovl_obj_link(struct rproc_load *load, struct ovl_obj *o, const uint8_t *data,
		 size_t len, const struct ovl_obj_target *t);

/* the largest object file the plugin reads (plugin_file_read()) */
#define OVL_OBJ_FILE_MAX	(16u << 20)

/* ovl_sym_lookup_fn over a global or weak symbol the base defines; @ctx is its struct elf_image */
int ovl_obj_base_sym(void *ctx, const char *name, struct ovl_base_sym *b);

#endif /* RPROC_OVERLAY_OBJ_H */
