/*
 * ovl-gamma.c - overlay .ovl_gamma of the overlay firmware (ld/overlay.ld puts
 * this object's text and constants into it)
 */
#include "ovl-calc.h"

uint32_t ovl_gamma(uint32_t acc, uint32_t i)
{
	return ovl_calc_gamma(acc, i);
}
