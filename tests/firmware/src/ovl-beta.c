/*
 * ovl-beta.c - overlay .ovl_beta of the overlay firmware (ld/overlay.ld puts
 * this object's text and constants into it)
 */
#include "ovl-calc.h"

uint32_t ovl_beta(uint32_t acc, uint32_t i)
{
	return ovl_calc_beta(acc, i);
}
