/*
 * fibbench.c - the firmware half of the rproc-sim speed benchmark
 *
 * fib(FIB_BENCH_N) recursively, with fib_rec() from fib-calc.h: the very
 * source the native tests/bench/bench-fib.c times on the host, so that
 * bench-sim.sh can set the emulator's run against the host's.  Almost all
 * of the instructions the core executes are in fib_rec(); the start-up
 * code and the one line of output are a few thousand at most.
 *
 * Prints "fibbench: fib(29)=514229\n" to the trace buffer and semihosting
 * stdout and exits 0 if the value is right; a wrong value prints
 * "fibbench: expected <value>\n" as well and exits 1: a core that computes
 * wrongly has no speed worth reporting.
 */
#include <stdint.h>

#include "fib-calc.h"
#include "semihost.h"
#include "trace.h"

/*
 * volatile: read at run time, so the argument is not a constant GCC
 * could propagate even if noipa were lost; bench-fib does the same.
 */
static volatile uint32_t fib_bench_n = FIB_BENCH_N;

int main(void)
{
	uint32_t v = fib_rec(fib_bench_n);

	tr_echo(true);
	/* uint32_t is unsigned long on some of the toolchains: cast */
	tr_printf("fibbench: fib(%u)=%u\n", FIB_BENCH_N, (unsigned int)v);
	if (v != FIB_BENCH_WANT) {
		tr_printf("fibbench: expected %u\n", FIB_BENCH_WANT);
		return 1;
	}
	return 0;
}
