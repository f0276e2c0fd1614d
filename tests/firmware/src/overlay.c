/*
 * overlay.c - three overlays sharing one region, called 1200 times
 *
 * ld/overlay.ld links ovl-alpha.c, ovl-beta.c and ovl-gamma.c with GNU
 * ld's OVERLAY command: one run region in DATA, each overlay's image at a
 * load address of its own in CODE.  The loader ("overlay" plugin) fills
 * the overlay table reserved here; the manager (lib/overlay-mgr.c) copies
 * an overlay into the region before each call that needs another one.
 * The sequence of calls comes from an LCG, so both the sum and the number
 * of copies are fixed; each result is checked against the same function
 * built into the base text (ovl-calc.h).
 *
 * If the table has an overlay named "delta" (an object the plugin linked at
 * load, ovl-delta.c), 200 more calls alternate between it and .ovl_alpha
 * and a second line says so:
 *   overlay: delta calls=200 copies=200 sum=0xX
 *
 * Prints one line (trace buffer and stdout):
 *   overlay: calls=1200 alpha=N beta=N gamma=N copies=N first=copied|resident sum=0xX
 * "first" says whether the first call found its overlay resident (the
 * plugin's preload option) or copied it.  Exit 0; 1 on a wrong sum; 4 if
 * the table is unusable (not filled by the plugin, say); 5 if a copy does
 * not match its CRC32.
 */
#include <stdint.h>

#include "overlay-mgr.h"
#include "ovl-calc.h"
#include "semihost.h"
#include "trace.h"

#define OVL_CALLS	1200
#define OVL_N		3

RPROC_OVL_TABLE(overlay_table, 8);

typedef uint32_t ovl_fn(uint32_t acc, uint32_t i);

static const char *const ovl_names[OVL_N] = { ".ovl_alpha", ".ovl_beta", ".ovl_gamma" };
static ovl_fn *const ovl_fns[OVL_N] = { ovl_alpha, ovl_beta, ovl_gamma };
static ovl_fn *const ovl_refs[OVL_N] = { ovl_calc_alpha, ovl_calc_beta, ovl_calc_gamma };

/* the sum both ways; the answer lives here so a debugger can look */
volatile uint32_t overlay_sum;

/* what the overlay built apart (ovl-delta.c) links against */
uint32_t ovl_delta_k = 0x01000193u;

__attribute__((noinline)) uint32_t ovl_delta_mix(uint32_t acc)
{
	acc ^= acc >> 16;
	acc *= 0x85ebca6bu;
	return acc ^ (acc >> 13);
}

/*
 * 200 calls alternating between "delta", if the loader linked it in
 * (overlay.objects), and .ovl_alpha: every call copies. Entered at its
 * run address, in Thumb state on arm.
 */
static int delta_calls(int alpha, uint32_t acc)
{
	const struct rproc_ovl_entry *e;
	uint32_t ref = acc, copies = ovl_copies(), i;
	ovl_fn *delta;
	int id, err;

	id = ovl_find("delta");
	if (id < 0)
		return 0;
	e = ovl_entry(id);
#ifdef __thumb__
	delta = (ovl_fn *)(uintptr_t)(e->run | 1);
#else
	delta = (ovl_fn *)(uintptr_t)e->run;
#endif
	for (i = 0; i < 200; i++) {
		err = ovl_enter(i & 1 ? alpha : id);
		if (err < 0) {
			tr_printf("overlay: delta: %s\n", ovl_strerror(err));
			return 5;
		}
		acc = i & 1 ? ovl_alpha(acc, i) : delta(acc, i);
		ref = i & 1 ? ovl_calc_alpha(ref, i) : ovl_calc_delta(ref, i);
	}
	tr_printf("overlay: delta calls=200 copies=%u sum=0x%x\n",
		  (unsigned)(ovl_copies() - copies), (unsigned)acc);
	if (acc != ref) {
		tr_printf("overlay: delta: wrong sum, want 0x%x\n", (unsigned)ref);
		return 1;
	}
	return 0;
}

int main(void)
{
	uint32_t ncalls[OVL_N] = { 0 }, acc = 1, ref = 1, seed = 12345, i, k;
	int id[OVL_N], err;
	const char *first = "copied";

	tr_echo(true);
	err = ovl_init(&overlay_table.hdr);
	if (err < 0) {
		tr_printf("overlay: %s\n", ovl_strerror(err));
		return 4;
	}
	for (k = 0; k < OVL_N; k++) {
		id[k] = ovl_find(ovl_names[k]);
		if (id[k] < 0) {
			tr_printf("overlay: %s: %s\n", ovl_names[k], ovl_strerror(id[k]));
			return 4;
		}
	}
	for (i = 0; i < OVL_CALLS; i++) {
		seed = seed * 1103515245u + 12345u;
		k = (seed >> 16) % OVL_N;
		if (i == 0 && ovl_resident(ovl_entry(id[k])->region) == id[k])
			first = "resident";
		err = ovl_enter(id[k]);
		if (err < 0) {
			tr_printf("overlay: %s: %s\n", ovl_names[k], ovl_strerror(err));
			return 5;
		}
		acc = ovl_fns[k](acc, i);
		ref = ovl_refs[k](ref, i);
		ncalls[k]++;
	}
	overlay_sum = acc;
	tr_printf("overlay: calls=%u alpha=%u beta=%u gamma=%u copies=%u first=%s sum=0x%x\n",
		  (unsigned)OVL_CALLS, (unsigned)ncalls[0], (unsigned)ncalls[1],
		  (unsigned)ncalls[2], (unsigned)ovl_copies(), first, (unsigned)acc);
	if (acc != ref) {
		tr_printf("overlay: wrong sum, want 0x%x\n", (unsigned)ref);
		return 1;
	}
	return delta_calls(id[0], acc);
}
