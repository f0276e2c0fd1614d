/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fuzz-plugin.h - what the plugin harnesses (fuzz-elf.c, fuzz-reloc.c,
 * fuzz-shlib.c, fuzz-overlay.c) set up alike: a buffer for each memory the
 * host maps, behind a mem_backend (tests/unit/backend-mem.h), and their
 * option sets as the config would give them.
 */
#ifndef FUZZ_PLUGIN_H
#define FUZZ_PLUGIN_H

#include <stdint.h>
#include <stdlib.h>

#include "backend-mem.h"
#include "loader-config.h"

/*
 * The firmware kits' memory maps (ARM, RISC-V, AArch64) and one the host
 * cannot map: static const struct rproc_memory mem[] = { FUZZ_KIT_MEMORIES };
 */
#define FUZZ_KIT_MEMORIES \
	{ .name = "flash", .da = 0x00000000, .size = 0x40000 }, \
	{ .name = "sram", .da = 0x20000000, .size = 0x40000 }, \
	{ .name = "text", .da = 0x80000000, .size = 0x40000 }, \
	{ .name = "data", .da = 0x80040000, .size = 0x40000 }, \
	{ .name = "a64text", .da = 0x40000000, .size = 0x40000 }, \
	{ .name = "a64data", .da = 0x40100000, .size = 0x40000 }, \
	{ .name = "tcm", .da = 0x10000000, .size = 0x1000, .flags = RPROC_MEMORY_NOMAP }

/* bufs[i]: @mem[i]'s bytes (zeroed), NULL for a memory the host cannot map */
static inline void fuzz_memories_init(const struct rproc_memory *mem, unsigned int n,
				      uint8_t **bufs, struct mem_backend *backend)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (mem[i].flags & RPROC_MEMORY_NOMAP)
			continue;
		bufs[i] = calloc(1, mem[i].size);
		if (!bufs[i])
			abort();
	}
	mem_backend_init(backend, bufs);
}

/*
 * The option set @kv (key, value pairs, NULL-terminated; at most @max
 * pairs) as settings of the config file "fuzz" for every firmware, in
 * @settings and @ptrs, which @sel then selects; @value maps each value
 * (NULL: as it is).
 */
static inline void fuzz_optset_init(const char *const *kv, unsigned int max,
				    char *(*value)(const char *),
				    struct loader_setting *settings,
				    const struct loader_setting **ptrs,
				    struct loader_selection *sel)
{
	unsigned int k;

	for (k = 0; kv[2 * k]; k++) {
		if (k == max)
			abort();	/* the harness's table is too small */
		settings[k].scope = LOADER_SCOPE_FIRMWARE;
		settings[k].pattern = "*";
		settings[k].key = (char *)kv[2 * k];
		settings[k].value = value ? value(kv[2 * k + 1]) : (char *)kv[2 * k + 1];
		settings[k].file = "fuzz";
		ptrs[k] = &settings[k];
	}
	sel->opts = ptrs;
	sel->n_opts = k;
}

#endif /* FUZZ_PLUGIN_H */
