// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libFuzzer harness over the shlib plugin (loaders/shlib*.c and the ARM,
 * RISC-V and AArch64 back ends of the plugins' library): the executable's
 * program headers, dynamic section and dynamic symbols; the libraries it
 * names in DT_NEEDED, which the plugin reads from its search path; the
 * manifest and the library text it reads back from the shared memory
 * (rproc_load_memory_read); the relocations across modules; the load plan
 * checks. A plan that passes is written into heap buffers of the memories'
 * sizes, so ASan sees any write outside.
 *
 * One input is all three, little-endian, every length clamped to what is
 * left (so that a mutation never makes an input meaningless):
 *
 *   u8   control: bits 0-2 the option set; bit 7: the manifest's checksum
 *        is made right before the plugin reads it (else the fuzzer almost
 *        never gets past it)
 *   u32  n, then n bytes: the executable
 *   u8   count of libraries (at most FUZZ_LIBS_MAX used), each:
 *          u8 n, then n bytes: its file name in the search path
 *          u32 n, then n bytes: the file
 *   the rest: the shared memories' first bytes (manifest, library text)
 *
 * The libraries are written as files into a directory of this process
 * (the plugin reads them with open()/read(), as it does in real use) and
 * removed after each input.
 *
 * FUZZ_SHLIB_SAVE=FILE: for the input given, once it loads, FILE is the
 * same input with the shared memory as the load left it: how
 * tests/fuzz/fuzz-shlib.sh makes seeds that hold a manifest.
 * FUZZ_SHLIB_LOG=1: the plugin's messages, to see why a seed is refused.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "loader-config.h"
#include "loader-plan.h"
#include "backend-mem.h"
#include "fuzz-plugin.h"

extern const struct rproc_loader_plugin rproc_loader_plugin;

#define FUZZ_LIBS_MAX	4
#define MAN_SIZE	1024	/* loaders/shlib.h SHLIB_MAN_SIZE */
#define MAN_HDR		32	/* loaders/shlib.h SHLIB_MAN_HDR */

/* tests/firmware/arm/shlib-memories.ini, a smaller shm and one the host cannot map */
static const struct rproc_memory mem[] = {
	{ .name = "flash", .da = 0x00000000, .size = 0x40000 },
	{ .name = "sram", .da = 0x20000000, .size = 0x40000 },
	{ .name = "shm", .da = 0x30000000, .size = 0x10000 },
	{ .name = "shm2", .da = 0x31000000, .size = 0x900 },
	{ .name = "tcm", .da = 0x10000000, .size = 0x1000, .flags = RPROC_MEMORY_NOMAP },
};
#define N_MEM (sizeof(mem) / sizeof(mem[0]))
#define SHM 2

/*
 * option sets: key, value pairs, NULL-terminated; "@" is the library
 * directory, which holds the lock file too (the default is in /run)
 */
static const char *const optsets[][12] = {
	/* 0: tests/sim/shlib.sh's */
	{ "shlib.path", "@/nothing-here:@", "shlib.lock", "@/lock", NULL },
	/* 1: everything of the cores in sram, the executable at an address */
	{ "shlib.path", "@", "shlib.base", "0x20001000", "shlib.data", "sram", "shlib.lock", "@/lock", NULL },
	/* 2: the data in flash, empty path elements */
	{ "shlib.path", "::@:", "shlib.data", "flash", "shlib.base", "sram", "shlib.lock", "@/lock", NULL },
	/* 3: a small shared memory: a manifest and little room */
	{ "shlib.path", "@", "shlib.shared", "shm2", "shlib.lock", "@/lock", NULL },
	/* 4: memories the plugin must refuse */
	{ "shlib.path", "@", "shlib.shared", "tcm", "shlib.data", "tcm", "shlib.lock", "@/lock", NULL },
	/* 5: the data where the executable is, high in the memory */
	{ "shlib.path", "@", "shlib.base", "0x20030000", "shlib.data", "sram", "shlib.lock", "@/lock", NULL },
	/* 6: another resource section; an executable at an address no memory has */
	{ "shlib.path", "@", "shlib.rsc_section", ".data", "shlib.base", "0x7000000", "shlib.lock", "@/lock", NULL },
	/* 7: no search path */
	{ "shlib.base", "nothing", "shlib.lock", "@/lock", NULL },
};
#define N_OPTSETS (sizeof(optsets) / sizeof(optsets[0]))

static struct loader_setting settings[N_OPTSETS][6];
static const struct loader_setting *setting_ptrs[N_OPTSETS][6];
static struct loader_selection sels[N_OPTSETS];

static char libdir[64];
static uint8_t *bufs[N_MEM];
static struct mem_backend backend;

static int fuzz_backend_read(struct loader_backend *b, unsigned int m, uint64_t off,
			     void *buf, uint64_t len)
{
	memcpy(buf, ((struct mem_backend *)b)->bufs[m] + off, len);
	return 0;
}

static const struct loader_backend_ops fuzz_backend_ops = {
	.name = "fuzz",
	.write = mem_backend_write,
	.zero = mem_backend_zero,
	.read = fuzz_backend_read,
};

/* "@" in an option value: the library directory */
static char *optval(const char *v)
{
	char *out = malloc(strlen(v) * sizeof(libdir) + 1), *o = out;

	if (!out)
		abort();
	for (; *v; v++) {
		if (*v == '@')
			o = stpcpy(o, libdir);
		else
			*o++ = *v;
	}
	*o = '\0';
	return out;
}

static void cleanup(void)
{
	char lock[sizeof(libdir) + 8];

	snprintf(lock, sizeof(lock), "%s/lock", libdir);
	unlink(lock);
	rmdir(libdir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	unsigned int i;

	(void)argc;
	(void)argv;
	log_open("fuzz", LOG_TARGET_STDERR, getenv("FUZZ_SHLIB_LOG") ? LOG_DEBUG : LOG_EMERG);
	snprintf(libdir, sizeof(libdir), "/tmp/fuzz-shlib.XXXXXX");
	if (!mkdtemp(libdir))
		abort();
	atexit(cleanup);
	fuzz_memories_init(mem, N_MEM, bufs, &backend);
	backend.b.ops = &fuzz_backend_ops;
	for (i = 0; i < N_OPTSETS; i++)
		fuzz_optset_init(optsets[i], 6, optval, settings[i], setting_ptrs[i], &sels[i]);
	return 0;
}

struct cursor {
	const uint8_t *p;
	size_t left;
};

static size_t take_len(struct cursor *c, unsigned int width)
{
	size_t n = 0;
	unsigned int i;

	for (i = 0; i < width && c->left; i++, c->p++, c->left--)
		n |= (size_t)*c->p << (8 * i);
	return n < c->left ? n : c->left;
}

static const uint8_t *take(struct cursor *c, size_t n)
{
	const uint8_t *p = c->p;

	c->p += n;
	c->left -= n;
	return p;
}

/* a name the plugin could ask for: a plain file name (it refuses the others) */
static bool name_ok(const uint8_t *n, size_t len)
{
	size_t i;

	if (!len || (len == 1 && n[0] == '.') || (len == 2 && n[0] == '.' && n[1] == '.'))
		return false;
	for (i = 0; i < len; i++)
		if (n[i] == '/' || n[i] < 0x21 || n[i] >= 0x7f)
			return false;
	return true;
}

static void write_file(const char *path, const uint8_t *p, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	if (fd < 0)
		abort();
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			abort();
		p += w;
		n -= (size_t)w;
	}
	close(fd);
}

/* the manifest's checksum as loaders/shlib-manifest.c computes it (FNV-1a) */
static void man_fix(uint8_t *m)
{
	uint64_t h = 0xcbf29ce484222325ull;
	unsigned int i;

	for (i = MAN_HDR; i < MAN_SIZE; i++) {
		h ^= m[i];
		h *= 0x100000001b3ull;
	}
	for (i = 0; i < 8; i++)
		m[16 + i] = (uint8_t)(h >> (8 * i));
}

/* FUZZ_SHLIB_SAVE: the input, its shared memory replaced by the memory after the load */
static void save(const uint8_t *data, size_t head, unsigned int shm)
{
	const char *out = getenv("FUZZ_SHLIB_SAVE");
	size_t n = mem[shm].size;
	FILE *f;

	if (!out)
		return;
	while (n && !bufs[shm][n - 1])
		n--;
	f = fopen(out, "we");
	if (!f || fwrite(data, 1, head, f) != head || fwrite(bufs[shm], 1, n, f) != n ||
	    fclose(f) != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char files[FUZZ_LIBS_MAX][sizeof(libdir) + 258];
	struct cursor c = { data, size };
	struct loader_plan plan;
	unsigned int set = 0, n_files = 0, i, n_libs, shm;
	bool fix = false;
	const uint8_t *app;
	uint8_t *copy;
	size_t app_len, n;

	if (c.left) {
		set = (*c.p & 7) % N_OPTSETS;
		fix = *c.p & 0x80;
		take(&c, 1);
	}
	app_len = take_len(&c, 4);
	app = take(&c, app_len);
	n_libs = c.left ? *take(&c, 1) : 0;
	for (i = 0; i < n_libs && i < FUZZ_LIBS_MAX && c.left; i++) {
		size_t name_len = take_len(&c, 1), len;
		const uint8_t *name = take(&c, name_len), *lib;

		len = take_len(&c, 4);
		lib = take(&c, len);
		if (!name_ok(name, name_len))
			continue;
		snprintf(files[n_files], sizeof(files[0]), "%s/%.*s", libdir, (int)name_len,
			 (const char *)name);
		write_file(files[n_files++], lib, len);
	}
	/* the shared memories: what the input has, then zeroes */
	shm = set == 3 ? SHM + 1 : SHM;
	memset(bufs[SHM], 0, mem[SHM].size);
	memset(bufs[SHM + 1], 0, mem[SHM + 1].size);
	n = c.left < mem[shm].size ? c.left : mem[shm].size;
	memcpy(bufs[shm], c.p, n);
	if (fix && !memcmp(bufs[shm], "RPSHLIB1", 8))
		man_fix(bufs[shm]);

	/* an exact-size copy: ASan flags any read past the image */
	copy = malloc(app_len ? app_len : 1);
	if (!copy)
		abort();
	memcpy(copy, app, app_len);
	loader_plan_init(&plan, "shlib", &sels[set], mem, N_MEM, copy, app_len, "fuzz", "fuzz");
	plan.backend = &backend.b;
	if (rproc_loader_plugin.load(&plan.load) == 0 && loader_plan_check(&plan) == 0 &&
	    loader_plan_write(&plan, &backend.b) == 0)
		save(data, (size_t)(c.p - data), shm);
	/* the host releases the plugin's state whatever load() said */
	rproc_loader_plugin.release(&plan.load);
	loader_plan_release(&plan);
	free(copy);
	for (i = 0; i < n_files; i++)
		unlink(files[i]);
	return 0;
}
