/*
 * shlib-app.c - the applications of tests/sim/shlib.sh: -fPIE executables
 * with DT_NEEDED libshlib-demo.so, one per core (SHLIB_APP 1 or 2)
 *
 * r9 is the library's GOT base (the -msingle-pic-base model), found from
 * shlib_got_anchor and set first,
 * before any call into the library, and never used for anything else here
 * (-ffixed-r9; the runtime, which does not call the library, saves it as
 * the AAPCS asks). The second application defines shlib_scale itself, so
 * the library's references to it bind to the application's (interposition).
 */
#include "semihost.h"
#include "shlib-lib.h"

#if SHLIB_APP == 2
int shlib_scale = 10;
#define FIRST	100
#define CALLS	7
#else
#define FIRST	1
#define CALLS	5
#endif

int main(void)
{
	int i, last = 0;

	__asm__ volatile("mov r9, %0" : : "r"((const char *)&shlib_got_anchor - shlib_got_anchor));
	for (i = 0; i < CALLS; i++)
		last = shlib_step(FIRST + i);
	sh_printf("%s app%d: calls=%d sum=%d last=%d scale=%d\n", shlib_name(), SHLIB_APP,
		  shlib_calls(), shlib_sum(), last, shlib_scale);
	return shlib_calls() == CALLS ? 0 : 1;
}
