/*
 * overlay-mgr.c - the firmware's overlay manager (see overlay-mgr.h)
 */
#include <stddef.h>
#include <stdint.h>

#include "overlay-mgr.h"

static const struct rproc_ovl_header *ovl_hdr;
static const struct rproc_ovl_entry *ovl_entries;
static int ovl_res[OVL_MAX_REGIONS];
static uint32_t ovl_ncopies;
static uint32_t crc_tab[256];

static void crc_init(void)
{
	uint32_t i, j, c;

	for (i = 0; i < 256; i++) {
		c = i;
		for (j = 0; j < 8; j++)
			c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
		crc_tab[i] = c;
	}
}

uint32_t ovl_crc32(const void *p, uint32_t len)
{
	const volatile uint8_t *b = p;
	uint32_t c = 0xffffffffu;

	if (crc_tab[1] == 0)
		crc_init();
	while (len--)
		c = crc_tab[(c ^ *b++) & 0xff] ^ (c >> 8);
	return c ^ 0xffffffffu;
}

/*
 * After writing instructions, make the core fetch them and not what it
 * fetched, predicted or cached before.  ARMv7-M: a DSB completes the
 * stores, an ISB flushes the pipeline (the Cortex-M4 has no caches of its
 * own; a system cache would need cleaning to the point of unification
 * first).  RISC-V: fence.i orders this hart's stores before its later
 * instruction fetches (Zifencei, a separate extension since ISA 2.1).
 */
static void ovl_sync_ifetch(void)
{
#if defined(__arm__)
	__asm__ volatile("dsb\n\tisb" ::: "memory");
#elif defined(__riscv)
	__asm__ volatile(".option push\n\t.option arch, +zifencei\n\t"
			 "fence.i\n\t.option pop" ::: "memory");
#else
#error "overlay-mgr: no instruction-fetch barrier for this architecture"
#endif
}

/* n bytes from load to run: words when all three allow, so a copy is quick */
static void ovl_copy(uintptr_t run, uintptr_t load, uint32_t n)
{
	if (((run | load | n) & 3) == 0) {
		volatile uint32_t *d = (volatile uint32_t *)run;
		const volatile uint32_t *s = (const volatile uint32_t *)load;

		for (n /= 4; n; n--)
			*d++ = *s++;
	} else {
		volatile uint8_t *d = (volatile uint8_t *)run;
		const volatile uint8_t *s = (const volatile uint8_t *)load;

		while (n--)
			*d++ = *s++;
	}
}

static int ovl_name_eq(const char *a, const char *b)
{
	uint32_t i;

	for (i = 0; i < RPROC_OVL_NAME_LEN; i++) {
		if (a[i] != b[i])
			return 0;
		if (a[i] == '\0')
			return 1;
	}
	return 0;
}

int ovl_init(const struct rproc_ovl_header *hdr)
{
	const struct rproc_ovl_entry *e;
	uint32_t i;

	ovl_hdr = NULL;
	ovl_ncopies = 0;
	for (i = 0; i < OVL_MAX_REGIONS; i++)
		ovl_res[i] = -1;
	if (hdr->magic != RPROC_OVL_MAGIC || hdr->version != RPROC_OVL_VERSION ||
	    hdr->entry_size != sizeof(struct rproc_ovl_entry))
		return -OVL_ENOTABLE;
	if (!(hdr->flags & RPROC_OVL_T_FILLED))
		return -OVL_ENOTFILLED;
	if (hdr->count > hdr->capacity || hdr->regions > OVL_MAX_REGIONS)
		return -OVL_EBADTABLE;
	e = (const struct rproc_ovl_entry *)(hdr + 1);
	for (i = 0; i < hdr->count; i++) {
		if (e[i].id != i || e[i].region >= hdr->regions ||
		    e[i].size > UINT32_MAX || e[i].name[RPROC_OVL_NAME_LEN - 1] != '\0')
			return -OVL_EBADTABLE;
		if (!(e[i].flags & RPROC_OVL_F_RESIDENT))
			continue;
		/* the loader placed it: believe it only if the bytes say so */
		if (ovl_res[e[i].region] != -1 ||
		    ovl_crc32((const void *)(uintptr_t)e[i].run, (uint32_t)e[i].size) != e[i].crc32)
			return -OVL_EBADCRC;
		ovl_res[e[i].region] = (int)i;
	}
	ovl_hdr = hdr;
	ovl_entries = e;
	return 0;
}

int ovl_find(const char *name)
{
	uint32_t i;

	if (!ovl_hdr)
		return -OVL_ENOTABLE;
	for (i = 0; i < ovl_hdr->count; i++)
		if (ovl_name_eq(ovl_entries[i].name, name))
			return (int)i;
	return -OVL_ENOENT;
}

int ovl_enter(int id)
{
	const struct rproc_ovl_entry *e;

	if (!ovl_hdr)
		return -OVL_ENOTABLE;
	if (id < 0 || (uint32_t)id >= ovl_hdr->count)
		return -OVL_ENOENT;
	e = &ovl_entries[id];
	if (ovl_res[e->region] == id)
		return 0;
	ovl_res[e->region] = -1;	/* half copied: nothing resident */
	ovl_copy((uintptr_t)e->run, (uintptr_t)e->load, (uint32_t)e->size);
	ovl_sync_ifetch();
	ovl_ncopies++;
	if (ovl_crc32((const void *)(uintptr_t)e->run, (uint32_t)e->size) != e->crc32)
		return -OVL_EBADCRC;
	ovl_res[e->region] = id;
	return 0;
}

uint32_t ovl_copies(void)
{
	return ovl_ncopies;
}

int ovl_resident(uint32_t region)
{
	return region < OVL_MAX_REGIONS ? ovl_res[region] : -1;
}

const struct rproc_ovl_entry *ovl_entry(int id)
{
	if (!ovl_hdr || id < 0 || (uint32_t)id >= ovl_hdr->count)
		return NULL;
	return &ovl_entries[id];
}

const char *ovl_strerror(int err)
{
	switch (-err) {
	case OVL_ENOTABLE:
		return "no overlay table (magic, version or entry size wrong)";
	case OVL_ENOTFILLED:
		return "overlay table not filled: load with the overlay plugin";
	case OVL_EBADTABLE:
		return "overlay table inconsistent";
	case OVL_ENOENT:
		return "no such overlay";
	case OVL_EBADCRC:
		return "overlay region does not hold the overlay's bytes (CRC32)";
	}
	return "unknown overlay error";
}
