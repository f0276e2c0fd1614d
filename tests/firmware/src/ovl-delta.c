/*
 * ovl-delta.c - an overlay built apart from the overlay firmware: an ld -r
 * object (overlay-delta.o) that the overlay plugin links at the region's
 * run address against the base's symbols (ovl_delta_mix, ovl_delta_k) and
 * enters in the table as "delta" (overlay.objects = delta=PATH). It is
 * entered at its run address: its one function is its only code.
 */
#include "ovl-calc.h"

uint32_t ovl_delta(uint32_t acc, uint32_t i)
{
	return ovl_calc_delta(acc, i);
}
