// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libFuzzer harness over the reloc plugin (loaders/reloc*.c and the ARM,
 * RISC-V and AArch64 back ends of lib/): section headers, the section map,
 * symbols, SHT_REL/SHT_RELA tables and every formula of an ET_REL object;
 * program headers, the dynamic section, dynamic symbols and DT_REL/
 * DT_RELA/DT_JMPREL of an ET_DYN image; the load plan checks. A plan that
 * passes is written into heap buffers of the memories' sizes, so ASan
 * sees any write outside.
 *
 * The machine and the type come from the input. The options come from a
 * fixed table, chosen by e_ident[EI_PAD + 6], a byte of the identification
 * no ELF reader looks at: the fuzzer reaches every set by mutating one
 * byte without changing what the image means, and the seeds say which set
 * they were made for (tests/fuzz/fuzz-reloc.sh).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <elf.h>

#include "log.h"
#include "loader-config.h"
#include "loader-plan.h"
#include "backend-mem.h"
#include "fuzz-plugin.h"

extern const struct rproc_loader_plugin rproc_loader_plugin;

#define OPTSET_BYTE	(EI_PAD + 6)

/* the kits' memory maps and one the host cannot map */
static const struct rproc_memory mem[] = { FUZZ_KIT_MEMORIES };
#define N_MEM (sizeof(mem) / sizeof(mem[0]))

/* option sets: key, value pairs, NULL-terminated */
static const char *const optsets[][12] = {
	/* 0: the defaults (code in flash, data in sram, ET_DYN at flash) */
	{ NULL },
	/* 1: tests/sim/reloc.sh's ARM map; ET_DYN in sram */
	{ "reloc.sections", ".vectors=flash .text*=flash .rodata*=flash .resource_table=sram .data*=sram .bss*=sram",
	  "reloc.base", "sram", NULL },
	/* 2: RISC-V kit, the oracle's extra sections placed apart */
	{ "reloc.sections", ".text=text,.farcode=text .rodata*=text .sdata*=data .data*=data .lowdata=flash .diffs=data .bss*=data .sbss*=data",
	  "reloc.code", "text", "reloc.data", "data", "reloc.base", "0x80000000", NULL },
	/* 3: AArch64 kit (absolute 16-bit targets low), ET_DYN at an address */
	{ "reloc.sections", ".text*=a64text .nearcode=a64text .farcode=a64data .lowdata=flash *=a64data",
	  "reloc.base", "0x40100000", NULL },
	/* 4: everything into one memory, high and tight */
	{ "reloc.code", "data", "reloc.data", "data", "reloc.base", "data", NULL },
	/*
	 * 5: globs fnmatch() matches (the others are compared as prefixes);
	 * the relocated data taken for a resource table; an entry that may
	 * not exist
	 */
	{ "reloc.sections", ".te?t*=flash .[dr]*=sram [!.]*=sram",
	  "reloc.rsc_section", ".data", "reloc.entry", "main", NULL },
	/* 6: a memory the host cannot map */
	{ "reloc.sections", ".text=tcm", NULL },
};
#define N_OPTSETS (sizeof(optsets) / sizeof(optsets[0]))

static struct loader_setting settings[N_OPTSETS][6];
static const struct loader_setting *setting_ptrs[N_OPTSETS][6];
static struct loader_selection sels[N_OPTSETS];

static uint8_t *bufs[N_MEM];
static struct mem_backend backend;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	unsigned int i;

	/* FUZZ_RELOC_LOG=1: the plugin's messages, to see why a seed is refused */
	log_open("fuzz", LOG_TARGET_STDERR, getenv("FUZZ_RELOC_LOG") ? LOG_INFO : LOG_EMERG);
	fuzz_memories_init(mem, N_MEM, bufs, &backend);
	for (i = 0; i < N_OPTSETS; i++)
		fuzz_optset_init(optsets[i], 6, NULL, settings[i], setting_ptrs[i], &sels[i]);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct loader_plan plan;
	unsigned int set = 0;
	uint8_t *copy;

	/* an exact-size copy: ASan flags any read past the image */
	copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	if (size > OPTSET_BYTE)
		set = copy[OPTSET_BYTE] % N_OPTSETS;

	loader_plan_init(&plan, "reloc", &sels[set], mem, N_MEM, copy, size, "fuzz", "fuzz");
	if (rproc_loader_plugin.load(&plan.load) == 0 && loader_plan_check(&plan) == 0)
		loader_plan_write(&plan, &backend.b);
	/* the host releases the plugin's state whatever load() said */
	rproc_loader_plugin.release(&plan.load);
	loader_plan_release(&plan);
	free(copy);
	return 0;
}
