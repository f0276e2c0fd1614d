/*
 * ovl-alpha.c - overlay .ovl_alpha of the overlay firmware (ld/overlay.ld puts
 * this object's text and constants into it)
 */
#include "ovl-calc.h"

uint32_t ovl_alpha(uint32_t acc, uint32_t i)
{
	return ovl_calc_alpha(acc, i);
}
