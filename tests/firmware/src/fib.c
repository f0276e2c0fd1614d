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

#include "semihost.h"
#include "trace.h"

#define FIB_ITER_N	30
#define FIB_ITER_WANT	832040u
#define FIB_REC_N	20
#define FIB_REC_WANT	6765u

/* .bss, at a symbol tests look up; volatile: it is written for the host */
volatile uint32_t fib_result;

/*
 * noipa: n must be a run-time value, or GCC may fold the whole
 * computation into a constant and the core would prove nothing.
 */
__attribute__((noipa)) uint32_t fib_iter(uint32_t n)
{
	uint32_t a = 0, b = 1, t;

	while (n--) {
		t = a + b;
		a = b;
		b = t;
	}
	return a;
}

__attribute__((noipa)) uint32_t fib_rec(uint32_t n)
{
	if (n < 2)
		return n;
	return fib_rec(n - 1) + fib_rec(n - 2);
}

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
