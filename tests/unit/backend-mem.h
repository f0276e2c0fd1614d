/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A backend whose memories are caller-owned host buffers, for the unit tests
 * and the fuzzer: what a plan writes lands in bufs[], nowhere else.
 */
#ifndef BACKEND_MEM_H
#define BACKEND_MEM_H

#include <string.h>

#include "loader-backend.h"

struct mem_backend {
	struct loader_backend b;
	uint8_t **bufs;
};

static inline int mem_backend_write(struct loader_backend *b, unsigned int mem,
				    uint64_t off, const void *data, uint64_t len)
{
	memcpy(((struct mem_backend *)b)->bufs[mem] + off, data, len);
	return 0;
}

static inline int mem_backend_zero(struct loader_backend *b, unsigned int mem,
				   uint64_t off, uint64_t len)
{
	memset(((struct mem_backend *)b)->bufs[mem] + off, 0, len);
	return 0;
}

static const struct loader_backend_ops mem_backend_ops = {
	.name = "mem",
	.write = mem_backend_write,
	.zero = mem_backend_zero,
};

static inline void mem_backend_init(struct mem_backend *mb, uint8_t **bufs)
{
	memset(mb, 0, sizeof(*mb));
	mb->b.ops = &mem_backend_ops;
	mb->bufs = bufs;
}

#endif
