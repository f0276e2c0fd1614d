/*
 * ovl-calc.h - what the overlay firmware's three overlays compute
 *
 * ovl-alpha.c, ovl-beta.c and ovl-gamma.c each build one of these into an
 * overlay; overlay.c builds all three again into its base text, as the
 * reference the overlays' results are checked against.  Each mixes the
 * accumulator differently, so a call that runs another overlay's code
 * (a stale copy, a missed instruction-fetch barrier) changes the sum.
 * gamma has constants of its own (ovl_gamma_tab), which travel with it.
 */
#ifndef FW_OVL_CALC_H
#define FW_OVL_CALC_H

#include <stdint.h>

/* the overlays' entry points, each in its own overlay; the region is far
 * from the base text on arm, beyond the reach of a BL */
#ifdef __arm__
#define OVL_FAR	__attribute__((long_call))
#else
#define OVL_FAR
#endif
OVL_FAR uint32_t ovl_alpha(uint32_t acc, uint32_t i);
OVL_FAR uint32_t ovl_beta(uint32_t acc, uint32_t i);
OVL_FAR uint32_t ovl_gamma(uint32_t acc, uint32_t i);

static inline uint32_t ovl_calc_alpha(uint32_t acc, uint32_t i)
{
	acc = (acc ^ i) * 0x9e3779b1u;
	return acc ^ (acc >> 15);
}

static inline uint32_t ovl_calc_beta(uint32_t acc, uint32_t i)
{
	uint32_t r = i & 31;

	acc = r ? (acc << r) | (acc >> (32 - r)) : acc;
	return acc + 0x7f4a7c15u + i * i;
}

static const uint32_t ovl_gamma_tab[16] = {
	0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u,
	0xa4093822u, 0x299f31d0u, 0x082efa98u, 0xec4e6c89u,
	0x452821e6u, 0x38d01377u, 0xbe5466cfu, 0x34e90c6cu,
	0xc0ac29b7u, 0xc97c50ddu, 0x3f84d5b5u, 0xb5470917u,
};

static inline uint32_t ovl_calc_gamma(uint32_t acc, uint32_t i)
{
	uint32_t k;

	for (k = 0; k < 4; k++) {
		acc ^= acc << 13;
		acc ^= acc >> 17;
		acc ^= acc << 5;
		acc += ovl_gamma_tab[(acc >> 28) ^ ((i + k) & 15)];
	}
	return acc;
}

/*
 * The overlay built apart (ovl-delta.c, an ld -r object the plugin links
 * at load): it calls into the base and reads a base variable, both found
 * by the plugin in the base firmware's symbol table.
 */
extern uint32_t ovl_delta_k;
OVL_FAR uint32_t ovl_delta_mix(uint32_t acc);

static inline uint32_t ovl_calc_delta(uint32_t acc, uint32_t i)
{
	return ovl_delta_mix(acc + i * ovl_delta_k) ^ 0xa5a5a5a5u;
}

#endif /* FW_OVL_CALC_H */
