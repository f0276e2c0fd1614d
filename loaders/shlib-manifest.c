// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * shlib-manifest.c - the manifest at the start of the shared memory, written
 * last: which library text lies where (name, address, size, FNV-1a hash,
 * build-id), little-endian whatever the firmware's byte order. A memory
 * without one is empty only when every byte of it is zero; a damaged one
 * is refused, never guessed at; an entry's text must be exactly the
 * library file's, or the load is refused rather than written over it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rproc/loader.h>

#include "plugin-util.h"
#include "shlib.h"

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

void shlib_man_encode(struct shlib_ctx *c)
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
static int shlib_man_empty_check(struct shlib_ctx *c)
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
int shlib_man_read(struct shlib_ctx *c)
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
		return shlib_man_empty_check(c);
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
uint64_t shlib_man_cursor(const struct shlib_ctx *c)
{
	uint64_t end = c->load->memories[c->shared_mem].da + SHLIB_MAN_SIZE;
	unsigned int i;

	for (i = 0; i < c->n_man; i++)
		if (c->man[i].da + c->man[i].size > end)
			end = c->man[i].da + c->man[i].size;
	return end;
}

static void shlib_hex_format(const uint8_t *p, size_t n, char *out, size_t len)
{
	size_t i;

	out[0] = '\0';
	for (i = 0; i < n && 2 * i + 3 <= len; i++)
		snprintf(out + 2 * i, 3, "%02x", p[i]);
	if (!n)
		snprintf(out, len, "none");
}

/* an entry for m: the memory must hold exactly the library's bytes */
int shlib_text_verify(struct shlib_ctx *c, struct shlib_mod *m,
			     const struct shlib_man_entry *e)
{
	const char *mname = c->load->memories[c->shared_mem].name;
	uint64_t size = m->text_hi - m->text_lo, k;
	char want[2 * SHLIB_BUILD_ID_MAX + 1], got[2 * SHLIB_BUILD_ID_MAX + 1];
	uint8_t *now;
	int err;

	shlib_hex_format(m->build_id, m->build_id_len, want, sizeof(want));
	shlib_hex_format(e->build_id, e->build_id_len, got, sizeof(got));
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
