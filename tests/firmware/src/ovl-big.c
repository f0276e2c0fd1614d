/*
 * ovl-big.c - an overlay object (overlay-big.o) of more than 4 KiB, larger
 * than the overlay firmware's region: the plugin must refuse it.
 */
#include <stdint.h>

static const uint32_t ovl_big_tab[1100] = { 1, 2, 3 };

uint32_t ovl_big(uint32_t acc, uint32_t i)
{
	return acc + ovl_big_tab[i % 1100];
}
