/*
 * shlib-lib.c - libshlib-demo.so, the shared library of the shlib plugin's
 * test (tests/sim/shlib.sh)
 *
 * Its text and constants go once into the memory the cores share; its data
 * (calls, history, shlib_scale) and GOT into each core's own memory. It is
 * built -fPIC -msingle-pic-base -mpic-register=r9
 * -mno-pic-data-is-text-relative: every data access goes through the GOT
 * whose base is r9, which each core's startup sets to its own GOT copy
 * (shlib_got_base, arm/shlib-got.S). The results depend on the data of the
 * core alone: a core that saw another core's calls would print other sums.
 */
#include "shlib-lib.h"

/* interposable: the second application defines its own (DT_NEEDED order) */
int shlib_scale = 3;

static int calls;
static int history[8];

/* constants: in the shared text, reached through GOT entries */
const int shlib_primes[8] = { 2, 3, 5, 7, 11, 13, 17, 19 };

int shlib_step(int x)
{
	int v = x * shlib_scale + shlib_primes[calls & 7];

	history[calls & 7] += v;
	calls++;
	return v;
}

int shlib_calls(void)
{
	return calls;
}

int shlib_sum(void)
{
	int i, s = 0;

	for (i = 0; i < 8; i++)
		s += history[i];
	return s;
}

const char *shlib_name(void)
{
	return "shlib-demo";
}
