/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * plugin-util.h - the small helpers every loader plugin needs: alignment in
 * overflow-safe arithmetic, the memories of a load by name and by device
 * address, the `base` option (where a position-independent image starts),
 * little-endian fields.
 */
#ifndef PLUGIN_UTIL_H
#define PLUGIN_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rproc/loader.h>

static inline bool plugin_is_pow2(uint64_t v)
{
	return v && !(v & (v - 1));
}

/* v aligned up to a (a power of two, or 0/1 for none); false on overflow */
static inline bool plugin_align_up(uint64_t v, uint64_t a, uint64_t *out)
{
	if (a <= 1) {
		*out = v;
		return true;
	}
	if (v > UINT64_MAX - (a - 1))
		return false;
	*out = (v + a - 1) & ~(a - 1);
	return true;
}

/* the index of the memory named by the @len bytes at @name, or -1 */
int plugin_memory_find(const struct rproc_load *load, const char *name, size_t len);

/* the first memory the host can address that holds [da, da + size), or -1 */
int plugin_memory_find_da(const struct rproc_load *load, uint64_t da, uint64_t size);

/* the first memory that holds [da, da + size), one the host cannot address too; or NULL */
const struct rproc_memory *plugin_memory_get_da(const struct rproc_load *load, uint64_t da,
						uint64_t size);

/*
 * The size of the largest memory the host can address: nothing larger can
 * be placed, so no buffer of a plugin needs to be larger.
 */
uint64_t plugin_memory_size_max(const struct rproc_load *load);

/*
 * The option "base": where the lowest segment of a position-independent
 * image goes, a memory's name (its start) or an address (decimal with no
 * leading 0, or 0x hex: the host's typed getter, ABI 1.2), aligned to
 * @align; without the option, the start of memory @default_mem. -EINVAL,
 * said, for a bad value; -ERANGE when aligning overflows.
 */
int plugin_option_base_get(struct rproc_load *load, uint64_t align, int default_mem,
			   uint64_t *at);

/*
 * The whole of the regular file at @path, at most @max bytes, in a buffer
 * of malloc()'s (free() it): the objects and libraries a plugin reads
 * beside the firmware. -EINVAL for anything but a regular file (opened
 * non-blocking, so a FIFO never waits), -EFBIG over @max, or the failing
 * call's -errno.
 */
int plugin_file_read(const char *path, uint64_t max, uint8_t **out, size_t *len);

/* little-endian fields of n <= 8 bytes, whatever the host's order */
uint64_t plugin_le_get(const uint8_t *p, unsigned int n);
void plugin_le_put(uint8_t *p, unsigned int n, uint64_t v);

#endif /* PLUGIN_UTIL_H */
