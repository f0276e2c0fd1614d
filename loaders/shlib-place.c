// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * shlib-place.c - where the shlib plugin puts things: the executable by one
 * bias (shlib.base), each library's writable segments together in the data
 * memory, each library's read-only block once in the shared memory (found
 * in the manifest and verified, or placed new after what it lists).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rproc/loader.h>

#include "plugin-util.h"
#include "shlib.h"

static uint64_t shlib_mod_align_max(const struct shlib_mod *m, bool shared)
{
	uint64_t a = 1;
	size_t i;

	for (i = 0; i < m->nsegs; i++)
		if (m->segs[i].shared == shared && m->segs[i].ph.p_align > a)
			a = m->segs[i].ph.p_align;
	return a;
}

/* the executable: every segment by one bias, to shlib.base (a memory or an address) */
int shlib_app_place(struct shlib_ctx *c, struct shlib_mod *m)
{
	uint64_t lo = UINT64_MAX, hi = 0, align = shlib_mod_align_max(m, false), at;
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
int shlib_data_place(struct shlib_ctx *c, struct shlib_mod *m)
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
int shlib_text_build(struct shlib_ctx *c, struct shlib_mod *m)
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

/* where each library's text is: found in the manifest and verified, or placed new */
int shlib_text_place(struct shlib_ctx *c, struct shlib_mod *m)
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
