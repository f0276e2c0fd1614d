// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Unicorn 2.0's store path, made as cheap as Unicorn 2.1 made it.
 *
 * In Unicorn 2.0 (Debian 12 ships 2.0.1) no RAM page ever becomes "dirty"
 * (its cpu_physical_memory_is_clean() is always true), so every store the
 * firmware makes leaves translated code for QEMU's slow path, which looks
 * for translated code to invalidate in the page written (self-modifying
 * code), and first builds a "page collection": a g_tree and two
 * allocations per store, for locks Unicorn does not take. On fibbench
 * (a recursive fib, stores on every call) that path was three quarters of
 * rproc-sim's time, far more than any hook (perf: malloc, free,
 * page_collection_lock, tb_invalidate_phys_page_fast).
 *
 * Unicorn exports those functions and calls them through its PLT, so a
 * definition in this program takes their place (ELF symbol interposition):
 * - page_collection_lock/unlock do nothing, as in Unicorn 2.1, where they
 *   are empty (upstream pull request 1838: the collection is only ever
 *   freed again);
 * - tb_invalidate_phys_page_fast is passed on to Unicorn's own only for a
 *   page that ever held translated code. Such a page is one Unicorn called
 *   tlb_protect_code() on (when it put the first block in it), which is
 *   passed on as well, after noting the page. A page never noted has no
 *   translated block to invalidate, so skipping the call changes nothing;
 *   a noted page stays noted (a wasted call at worst, never a missed
 *   invalidation). Code written at run time (overlays) is still found.
 *
 * Only with the Unicorn this was built for, 2.0: with another at run time
 * (a newer library, same soname) every call is passed on unchanged; built
 * against another, this file defines nothing. The functions are Unicorn's
 * internals, per target: their names carry the target (_arm, _riscv32...)
 * and their prototypes are those of Unicorn 2.0.1 (and 2.1.4, unchanged).
 */
#include <dlfcn.h>
#include <stdint.h>
#include <stdlib.h>

#include "log.h"
#include "sim.h"

#if UC_API_MAJOR == 2 && UC_API_MINOR == 0

/* 1 KiB granules: the smallest target page (Arm's) */
#define CODE_GRANULE_BITS	10
/* what one tlb_protect_code() call covers at most: a 4 KiB page */
#define CODE_PAGE_MAX		4096u

static uint8_t *code_map;		/* one byte per granule: held code */
static size_t code_map_len;
static bool code_map_broken;		/* out of memory: pass every call on */
static int uc20_active = -1;

static bool uc20_on(void)
{
	unsigned int major, minor;

	if (uc20_active < 0) {
		uc_version(&major, &minor);
		uc20_active = major == 2 && minor == 0;
		DBG("Unicorn %u.%u: store path shortcuts %s", major, minor,
		    uc20_active ? "on" : "off");
	}
	return uc20_active;
}

static void code_map_note(uint64_t ram_addr)
{
	size_t first = ram_addr >> CODE_GRANULE_BITS;
	size_t last = (ram_addr + CODE_PAGE_MAX - 1) >> CODE_GRANULE_BITS, i;

	if (last >= code_map_len && !code_map_broken) {
		size_t len = (last + 1) * 2;
		uint8_t *m = realloc(code_map, len);

		if (!m) {
			code_map_broken = true;
			return;
		}
		for (i = code_map_len; i < len; i++)
			m[i] = 0;
		code_map = m;
		code_map_len = len;
	}
	for (i = first; i <= last && i < code_map_len; i++)
		code_map[i] = 1;
}

static bool code_map_may_hold(uint64_t start, int len)
{
	size_t a = start >> CODE_GRANULE_BITS;
	size_t b = (start + (len > 0 ? len - 1 : 0)) >> CODE_GRANULE_BITS;

	if (code_map_broken)
		return true;
	return (a < code_map_len && code_map[a]) || (b < code_map_len && code_map[b]);
}

static void *uc20_real(const char *name)
{
	void *f = dlsym(RTLD_NEXT, name);

	if (!f)
		ERR("Unicorn: %s not found: %s", name, dlerror());
	return f;
}

struct page_collection;

typedef struct page_collection *(*pcl_fn)(void *uc, uint64_t start, uint64_t end);
typedef void (*pcu_fn)(struct page_collection *set);
typedef void (*tipf_fn)(void *uc, struct page_collection *pages, uint64_t start,
			int len, uintptr_t retaddr);
typedef void (*tpc_fn)(void *uc, uint64_t ram_addr);

#define UC20_EXPORT __attribute__((visibility("default")))

#define UC20_TARGET(t)								\
UC20_EXPORT struct page_collection *page_collection_lock_##t(void *uc,		\
							     uint64_t start,	\
							     uint64_t end);	\
UC20_EXPORT struct page_collection *page_collection_lock_##t(void *uc,		\
							     uint64_t start,	\
							     uint64_t end)	\
{										\
	static pcl_fn real;							\
										\
	if (uc20_on())								\
		return NULL;							\
	if (!real)								\
		real = (pcl_fn)uc20_real("page_collection_lock_" #t);		\
	return real ? real(uc, start, end) : NULL;				\
}										\
										\
UC20_EXPORT void page_collection_unlock_##t(struct page_collection *set);	\
UC20_EXPORT void page_collection_unlock_##t(struct page_collection *set)	\
{										\
	static pcu_fn real;							\
										\
	if (uc20_on())								\
		return;								\
	if (!real)								\
		real = (pcu_fn)uc20_real("page_collection_unlock_" #t);	\
	if (real)								\
		real(set);							\
}										\
										\
UC20_EXPORT void tlb_protect_code_##t(void *uc, uint64_t ram_addr);		\
UC20_EXPORT void tlb_protect_code_##t(void *uc, uint64_t ram_addr)		\
{										\
	static tpc_fn real;							\
										\
	if (!real)								\
		real = (tpc_fn)uc20_real("tlb_protect_code_" #t);		\
	if (uc20_on())								\
		code_map_note(ram_addr);					\
	if (real)								\
		real(uc, ram_addr);						\
}										\
										\
UC20_EXPORT void tb_invalidate_phys_page_fast_##t(void *uc,			\
		struct page_collection *pages, uint64_t start, int len,		\
		uintptr_t retaddr);						\
UC20_EXPORT void tb_invalidate_phys_page_fast_##t(void *uc,			\
		struct page_collection *pages, uint64_t start, int len,		\
		uintptr_t retaddr)						\
{										\
	static tipf_fn real;							\
										\
	if (uc20_on() && !code_map_may_hold(start, len))			\
		return;								\
	if (!real)								\
		real = (tipf_fn)uc20_real("tb_invalidate_phys_page_fast_" #t);	\
	if (real)								\
		real(uc, pages, start, len, retaddr);				\
}

UC20_TARGET(arm)
UC20_TARGET(aarch64)
UC20_TARGET(riscv32)
UC20_TARGET(riscv64)

#endif
