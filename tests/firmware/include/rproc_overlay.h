/*
 * rproc_overlay.h - the overlay table the "overlay" loader plugin fills
 *
 * The firmware reserves the table in a section named .overlay_table
 * (RPROC_OVL_SECTION), allocated and loaded, with the header's magic,
 * version, entry_size and capacity set and the rest zero
 * (RPROC_OVL_TABLE() does that).  At load the plugin writes the header's
 * count, regions and flags and one entry per overlay, in the core's byte
 * order, at the section's run address.  Layout (offsets in bytes), the
 * same on every CPU; rproc-loader-overlay(7) has it too:
 *
 *   header, 32 bytes             entry, 64 bytes
 *    0 u32 magic "RPOV"           0 u32 id      (0, 1, ... in section order)
 *    4 u16 version (1)            4 u32 region  (0, 1, ... by run address)
 *    6 u16 entry_size (64)        8 u64 run     (run address of the region)
 *    8 u32 capacity (entries)    16 u64 load    (where its image is loaded)
 *   12 u32 count     (plugin)    24 u64 size    (bytes of the image)
 *   16 u32 regions   (plugin)    32 u32 crc32   (of the image, IEEE 802.3)
 *   20 u32 flags     (plugin)    36 u32 flags   (RPROC_OVL_F_RESIDENT)
 *   24 u32 reserved[2] (0)       40 char name[24] (section name, NUL-padded)
 *
 * Usable from C only; the layout has no padding on any ABI here.
 */
#ifndef RPROC_OVERLAY_H
#define RPROC_OVERLAY_H

#include <stdint.h>

#define RPROC_OVL_SECTION	".overlay_table"
/* the bytes "RPOV" read as a little-endian word; the core's order in memory */
#define RPROC_OVL_MAGIC		0x564f5052u
#define RPROC_OVL_VERSION	1
#define RPROC_OVL_NAME_LEN	24

/* header flags: the plugin wrote the table */
#define RPROC_OVL_T_FILLED	(1u << 0)
/* entry flags: the plugin placed this overlay in its region at load */
#define RPROC_OVL_F_RESIDENT	(1u << 0)

struct rproc_ovl_entry {
	uint32_t id;
	uint32_t region;
	uint64_t run;
	uint64_t load;
	uint64_t size;
	uint32_t crc32;
	uint32_t flags;
	char name[RPROC_OVL_NAME_LEN];
};

struct rproc_ovl_header {
	uint32_t magic;
	uint16_t version;
	uint16_t entry_size;
	uint32_t capacity;
	uint32_t count;
	uint32_t regions;
	uint32_t flags;
	uint32_t reserved[2];
};

_Static_assert(sizeof(struct rproc_ovl_header) == 32, "overlay table header: 32 bytes");
_Static_assert(sizeof(struct rproc_ovl_entry) == 64, "overlay table entry: 64 bytes");

/* The table with room for N overlays, as the plugin wants to find it. */
#define RPROC_OVL_TABLE(var, n)						\
	__attribute__((section(RPROC_OVL_SECTION), used, aligned(8)))	\
	struct {							\
		struct rproc_ovl_header hdr;				\
		struct rproc_ovl_entry entry[n];			\
	} var = {							\
		.hdr = {						\
			.magic = RPROC_OVL_MAGIC,			\
			.version = RPROC_OVL_VERSION,			\
			.entry_size = sizeof(struct rproc_ovl_entry),	\
			.capacity = (n),				\
		},							\
	}

#endif /* RPROC_OVERLAY_H */
