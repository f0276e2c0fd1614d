// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

#include "rsc-table.h"

static uint32_t rd32(const uint8_t *p, bool be)
{
	if (be)
		return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
		       (uint32_t)p[2] << 8 | p[3];
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[1] << 8 | p[0];
}

static int rsc_bad(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, len, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* Size of the entry body of a known type at body (avail bytes), or 0 if unknown. */
static int rsc_entry_check(const uint8_t *body, size_t avail, uint32_t type,
			   bool be, size_t *need)
{
	uint64_t n;

	switch (type) {
	case RSC_CARVEOUT:
		*need = RSC_CARVEOUT_SIZE;
		break;
	case RSC_DEVMEM:
		*need = RSC_DEVMEM_SIZE;
		break;
	case RSC_TRACE:
		*need = RSC_TRACE_SIZE;
		break;
	case RSC_VDEV:
		*need = RSC_VDEV_SIZE;
		if (avail < RSC_VDEV_SIZE)
			break;
		/* vrings and config space follow the fixed part */
		n = RSC_VDEV_SIZE + (uint64_t)body[21] * RSC_VRING_SIZE +
		    rd32(body + 16, be);
		*need = n > SIZE_MAX ? SIZE_MAX : (size_t)n;
		break;
	default:
		*need = 0;
		return 0;
	}
	return *need <= avail ? 0 : -EINVAL;
}

int rsc_table_check(const void *table, size_t size, bool be, char *why,
		    size_t why_len)
{
	static const char *const names[] = { "carveout", "devmem", "trace", "vdev" };
	const uint8_t *t = table;
	uint32_t ver, num, i;
	size_t need;

	if (size < RSC_TABLE_HDR_SIZE)
		return rsc_bad(why, why_len, "%zu bytes, smaller than the %d-byte header",
			       size, RSC_TABLE_HDR_SIZE);
	ver = rd32(t, be);
	num = rd32(t + 4, be);
	if (ver != RSC_TABLE_VERSION)
		return rsc_bad(why, why_len, "version %u, expected %d", ver,
			       RSC_TABLE_VERSION);
	if (rd32(t + 8, be) || rd32(t + 12, be))
		return rsc_bad(why, why_len, "reserved fields not zero");
	if ((uint64_t)num * 4 > size - RSC_TABLE_HDR_SIZE)
		return rsc_bad(why, why_len, "%u entries: offsets run past the %zu-byte table",
			       num, size);
	for (i = 0; i < num; i++) {
		uint32_t off = rd32(t + RSC_TABLE_HDR_SIZE + 4 * i, be);
		uint32_t type;

		if (off < RSC_TABLE_HDR_SIZE + 4 * (uint64_t)num ||
		    (uint64_t)off + RSC_HDR_SIZE > size)
			return rsc_bad(why, why_len,
				       "entry %u: offset %u outside the table entries (%zu bytes)",
				       i, off, size);
		type = rd32(t + off, be);
		if (rsc_entry_check(t + off + RSC_HDR_SIZE, size - off - RSC_HDR_SIZE,
				    type, be, &need) < 0)
			return rsc_bad(why, why_len,
				       "entry %u (%s at offset %u): needs %zu bytes, table has %zu",
				       i, names[type], off, need,
				       size - off - RSC_HDR_SIZE);
	}
	return 0;
}
