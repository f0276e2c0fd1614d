/*
 * fib.c - a firmware that computes something and says whether it is right
 *
 * fib(30) iteratively and fib(20) recursively: loops, calls, a deep stack
 * and 32-bit arithmetic, checked against known values.  Prints
 * "fib(30)=832040\n" to the trace buffer and semihosting stdout, leaves
 * the value in fib_result for a host to read from memory, and exits 0 if
 * both values are right, 1 if not.
 */
#include <stdint.h>

/* fib_iter(), fib_rec(): the source fibbench and the native bench-fib share */
#include "fib-calc.h"
#include "semihost.h"
#include "trace.h"

#define FIB_ITER_N	30
#define FIB_ITER_WANT	832040u
#define FIB_REC_N	20
#define FIB_REC_WANT	6765u

/* .bss, at a symbol tests look up; volatile: it is written for the host */
volatile uint32_t fib_result;

int main(void)
{
	uint32_t it = fib_iter(FIB_ITER_N);
	uint32_t rec = fib_rec(FIB_REC_N);

	fib_result = it;
	tr_echo(true);
	/* uint32_t is unsigned long on some of the toolchains: cast */
	tr_printf("fib(%u)=%u\n", FIB_ITER_N, (unsigned int)it);
	if (rec != FIB_REC_WANT)
		tr_printf("fib(%u)=%u, expected %u\n", FIB_REC_N,
			  (unsigned int)rec, FIB_REC_WANT);
	return it == FIB_ITER_WANT && rec == FIB_REC_WANT ? 0 : 1;
}
