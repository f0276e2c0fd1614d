// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libFuzzer harness over the overlay plugin (loaders/overlay.c,
 * overlay-obj.c and the library's ELF reader and back ends).
 * Two kinds of input, chosen by e_ident[EI_PAD + 6], a byte no ELF reader
 * looks at (tests/fuzz/fuzz-overlay.sh seeds each kind):
 *
 *   sets 0-3   the input is the firmware: overlays found, images and
 *              regions checked, the overlay table found and filled,
 *              preloads; a plan that passes is checked by the host and
 *              written into heap buffers of the memories' sizes (ASan
 *              sees a write outside)
 *   sets 4-5   the input is an overlay object (ld -r), linked by
 *              ovl_obj_link() at a region, its undefined symbols looked up
 *              in the base firmware of its machine (FUZZ_OVERLAY_BASE_ARM,
 *              _RV32, _RV64: the kit's overlay.elf; without them these
 *              sets do nothing)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <elf.h>

#include "log.h"
#include "loader-config.h"
#include "loader-plan.h"
#include "backend-mem.h"
#include "fuzz-plugin.h"
#include "elf-image.h"
#include "overlay-obj.h"
#include "plugin-util.h"

extern const struct rproc_loader_plugin rproc_loader_plugin;

#define OPTSET_BYTE	(EI_PAD + 6)

/* the kits' memory maps and one the host cannot map */
static const struct rproc_memory mem[] = { FUZZ_KIT_MEMORIES };
#define N_MEM (sizeof(mem) / sizeof(mem[0]))

static const char *const optsets[][6] = {
	{ NULL },
	{ "overlay.preload", ".ovl_gamma", NULL },
	{ "overlay.preload", ".ovl_alpha .ovl_beta,", NULL },
	{ "overlay.table_section", ".data", "overlay.rsc_section", ".overlay_table", NULL },
};
#define N_OPTSETS (sizeof(optsets) / sizeof(optsets[0]))
#define N_SETS (N_OPTSETS + 2)

static struct loader_setting settings[N_OPTSETS][3];
static const struct loader_setting *setting_ptrs[N_OPTSETS][3];
static struct loader_selection sels[N_OPTSETS];

static uint8_t *bufs[N_MEM];
static struct mem_backend backend;

/* the base firmware of each machine, open for symbol lookups */
struct fuzz_base {
	const char *env;
	uint16_t machine;
	bool is64;
	uint64_t run;
	uint8_t *data;
	size_t len;
	struct loader_plan plan;
	struct elf_image im;
	bool ok;
};
static struct fuzz_base bases[] = {
	{ "FUZZ_OVERLAY_BASE_ARM", EM_ARM, false, 0x20001000 },
	{ "FUZZ_OVERLAY_BASE_RV32", EM_RISCV, false, 0x80041000 },
	{ "FUZZ_OVERLAY_BASE_RV64", EM_RISCV, true, 0x80041000 },
};
#define N_BASES (sizeof(bases) / sizeof(bases[0]))

static void base_open(struct fuzz_base *b)
{
	const char *path = getenv(b->env), *why;

	if (!path || plugin_file_read(path, OVL_OBJ_FILE_MAX, &b->data, &b->len) < 0)
		return;
	loader_plan_init(&b->plan, "overlay", NULL, mem, N_MEM, b->data, b->len, "base", "fuzz");
	b->ok = elf_image_open(&b->im, b->data, b->len, &why) == 0 &&
		b->im.eh.e_type == ET_EXEC;
	if (!b->ok)
		fprintf(stderr, "fuzz-overlay: %s: not an ELF executable\n", path);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	unsigned int i;

	(void)argc;
	(void)argv;
	/* FUZZ_OVERLAY_LOG=1: the plugin's messages, to see why a seed is refused */
	log_open("fuzz", LOG_TARGET_STDERR, getenv("FUZZ_OVERLAY_LOG") ? LOG_INFO : LOG_EMERG);
	fuzz_memories_init(mem, N_MEM, bufs, &backend);
	for (i = 0; i < N_OPTSETS; i++)
		fuzz_optset_init(optsets[i], 3, NULL, settings[i], setting_ptrs[i], &sels[i]);
	for (i = 0; i < N_BASES; i++)
		base_open(&bases[i]);
	return 0;
}

static void fuzz_object(const uint8_t *data, size_t size)
{
	struct fuzz_base *b = NULL;
	struct ovl_obj o = { .name = "fuzz" };
	struct ovl_obj_target t;
	unsigned int i;

	if (size < sizeof(Elf32_Ehdr))
		return;
	for (i = 0; i < N_BASES; i++)
		if (bases[i].ok && bases[i].im.eh.e_machine == (data[18] | data[19] << 8) &&
		    bases[i].is64 == (data[EI_CLASS] == ELFCLASS64))
			b = &bases[i];
	if (!b)
		return;
	t = (struct ovl_obj_target){
		.machine = b->im.eh.e_machine,
		.be = b->im.be,
		.is64 = b->is64,
		.run = b->run,
		.room = 0x1000,
		.lookup = ovl_obj_base_sym,
		.ctx = &b->im,
	};
	if (ovl_obj_link(&b->plan.load, &o, data, size, &t) == 0) {
		if (o.size == 0 || o.size > t.room)
			abort();	/* the link promised to fit */
		free(o.image);
	}
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
		set = copy[OPTSET_BYTE] % N_SETS;
	if (set >= N_OPTSETS) {
		fuzz_object(copy, size);
		free(copy);
		return 0;
	}
	loader_plan_init(&plan, "overlay", &sels[set], mem, N_MEM, copy, size, "fuzz", "fuzz");
	if (rproc_loader_plugin.load(&plan.load) == 0 && loader_plan_check(&plan) == 0)
		loader_plan_write(&plan, &backend.b);
	rproc_loader_plugin.release(&plan.load);
	loader_plan_release(&plan);
	free(copy);
	return 0;
}
