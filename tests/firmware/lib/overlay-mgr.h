/*
 * overlay-mgr.h - the firmware's overlay manager
 *
 * Overlays are pieces of code (and their constants) linked to run at one
 * address, the region, and loaded elsewhere (flash, or any memory), each
 * at its own load address.  Before calling into an overlay the firmware
 * asks the manager to make it resident: the manager copies the overlay's
 * image from its load address into the region, makes instruction fetch
 * see the new bytes (Cortex-M: DSB then ISB; RISC-V: fence.i), checks the
 * copy against the CRC32 the loader recorded, and remembers which overlay
 * each region holds, so a call into the resident one copies nothing.
 *
 * Everything it knows comes from the overlay table (rproc_overlay.h) that
 * the "overlay" loader plugin fills at load.  A table the plugin did not
 * fill is refused (OVL_ENOTFILLED): the linker cannot compute the CRCs,
 * and a manager that trusted an unfilled table would run whatever the
 * region holds.  One overlay per region is resident at a time; the
 * manager is not reentrant (one core, no interrupt handler in overlays).
 */
#ifndef FW_OVERLAY_MGR_H
#define FW_OVERLAY_MGR_H

#include <stdint.h>

#include "rproc_overlay.h"

/* regions the manager keeps track of */
#define OVL_MAX_REGIONS		4

/* errors, returned negated */
enum {
	OVL_ENOTABLE = 1,	/* no magic, another version or entry size */
	OVL_ENOTFILLED,		/* the loader did not fill the table */
	OVL_EBADTABLE,		/* count, region or id out of range */
	OVL_ENOENT,		/* no overlay of that name */
	OVL_EBADCRC,		/* the region does not hold the image's bytes */
};

/* Take the table at @hdr; 0 or -OVL_E*. Checks the overlays the loader made resident. */
int ovl_init(const struct rproc_ovl_header *hdr);
/* id of the overlay named @name (its section name), or -OVL_ENOENT */
int ovl_find(const char *name);
/* Make overlay @id resident in its region; 0 or -OVL_E*. */
int ovl_enter(int id);
/* copies made by ovl_enter() since ovl_init() */
uint32_t ovl_copies(void);
/* id of the overlay region @region holds, or -1 */
int ovl_resident(uint32_t region);
/* the table entry of overlay @id (after ovl_init() succeeded) */
const struct rproc_ovl_entry *ovl_entry(int id);
const char *ovl_strerror(int err);

/* CRC-32 (IEEE 802.3, reflected, as zlib's crc32()) of @len bytes at @p */
uint32_t ovl_crc32(const void *p, uint32_t len);

#endif /* FW_OVERLAY_MGR_H */
