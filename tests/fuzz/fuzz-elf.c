// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libFuzzer harness over everything rproc-loader parses in a firmware: the
 * host's PT_INTERP lookup, the elf plugin (headers, segments, section names,
 * resource table) and the load plan checks; a plan that passes is written
 * into heap buffers of the memories' sizes, so ASan sees any write outside.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "rsc-table.h"
#include "loader-firmware.h"
#include "loader-plan.h"
#include "backend-mem.h"
#include "fuzz-plugin.h"

extern const struct rproc_loader_plugin rproc_loader_plugin;

/* the kits' memory maps and one the host cannot map */
static const struct rproc_memory mem[] = { FUZZ_KIT_MEMORIES };
#define N_MEM (sizeof(mem) / sizeof(mem[0]))

static uint8_t *bufs[N_MEM];
static struct mem_backend backend;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	log_open("fuzz", LOG_TARGET_STDERR, LOG_EMERG);
	fuzz_memories_init(mem, N_MEM, bufs, &backend);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct loader_plan plan;
	char interp[256], why[160];
	uint8_t *copy;

	/* an exact-size copy: ASan flags any read past the image */
	copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);

	loader_firmware_interp(copy, size, interp, sizeof(interp));
	rsc_table_check(copy, size, size && (copy[0] & 1), why, sizeof(why));

	loader_plan_init(&plan, "elf", NULL, mem, N_MEM, copy, size, "fuzz", "fuzz");
	if (rproc_loader_plugin.load(&plan.load) == 0 && loader_plan_check(&plan) == 0)
		loader_plan_write(&plan, &backend.b);
	loader_plan_release(&plan);
	free(copy);
	return 0;
}
