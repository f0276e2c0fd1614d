/*
 * ovl-undef.c - an overlay object (overlay-undef.o) that calls a function
 * neither it nor the base firmware defines: the plugin must refuse it.
 */
#include <stdint.h>

#ifdef __arm__
__attribute__((long_call))
#endif
uint32_t ovl_no_such_function(uint32_t acc);

uint32_t ovl_undef(uint32_t acc, uint32_t i)
{
	return ovl_no_such_function(acc + i);
}
