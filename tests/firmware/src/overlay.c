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
	return 0;
}
