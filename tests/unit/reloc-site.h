/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * reloc-site.h - what the test-reloc-<cpu> suites share: one place to patch,
 * a buffer for the reason apply() gives, a struct reloc_site builder, and
 * "patch this instruction" / "try this relocation" helpers.
 *
 * Each suite is one translation unit, so the buffers are static here; the
 * suite names its architecture (&reloc_arch_riscv, ...) at each call.
 */
#ifndef RELOC_SITE_H
#define RELOC_SITE_H

#include <check.h>
#include <stdint.h>
#include <string.h>

#include "reloc-arch.h"

/* 8 bytes for a CALL pair or a 64-bit word, the rest for ULEB128s and slack */
static uint8_t site_buf[32];
static char site_why[256];

/*
 * A RELA site on site_buf for a defined symbol "sym"; a suite that needs
 * more (REL, elf64) sets it on the result.
 */
static inline struct reloc_site site_make(unsigned int type, uint64_t P, uint64_t S, int64_t A)
{
	struct reloc_site r = {
		.type = type, .where = site_buf, .room = sizeof(site_buf),
		.P = P, .S = S, .A = A, .rela = true, .sym_defined = true, .sym = "sym",
	};

	return r;
}

/*
 * Little-endian, byte by byte, and not with reloc_put32() and friends: a
 * byte-order bug in the code under test must not cancel out in the check.
 */
static inline void site_put32(size_t off, uint32_t v)
{
	site_buf[off] = v;
	site_buf[off + 1] = v >> 8;
	site_buf[off + 2] = v >> 16;
	site_buf[off + 3] = v >> 24;
}

static inline uint32_t site_get32(size_t off)
{
	return site_buf[off] | site_buf[off + 1] << 8 | site_buf[off + 2] << 16 |
	       (uint32_t)site_buf[off + 3] << 24;
}

static inline void site_put16(size_t off, uint16_t v)
{
	site_buf[off] = v;
	site_buf[off + 1] = v >> 8;
}

static inline uint16_t site_get16(size_t off)
{
	return site_buf[off] | site_buf[off + 1] << 8;
}

/* site_why is cleared first, so a test sees only this call's reason */
static inline int site_apply(const struct reloc_arch *arch, const struct reloc_site *r)
{
	site_why[0] = '\0';
	return reloc_arch_apply(arch, r, site_why, sizeof(site_why));
}

/* patch the 32-bit instruction @in at the start of a zeroed place: the result */
static inline uint32_t site_patch32(const struct reloc_arch *arch, struct reloc_site r,
				    uint32_t in)
{
	memset(site_buf, 0, sizeof(site_buf));
	site_put32(0, in);
	ck_assert_msg(site_apply(arch, &r) == 0, "%s", site_why);
	return site_get32(0);
}

/* apply @r to a zeroed place: its result, for the ranges and refusals */
static inline int site_try(const struct reloc_arch *arch, struct reloc_site r)
{
	memset(site_buf, 0, sizeof(site_buf));
	return site_apply(arch, &r);
}

#endif /* RELOC_SITE_H */
