// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The reference for bench-sim.sh: fib_rec(FIB_BENCH_N) from
 * tests/firmware/src/fib-calc.h, the very source the fibbench firmware runs
 * under rproc-sim, compiled for the host at the firmware's -O2.
 * Prints the median time of one computation over RUNS samples:
 *
 *	fib(29)=514229		the value, as the firmware prints it
 *	seconds=0.002512	median time of one fib_rec(FIB_BENCH_N)
 *	reps=16			computations per sample
 *	optimized=1		0: built without optimization, the time is
 *				not that of -O2 code
 *
 * One computation takes a few milliseconds, too close to the timer and the
 * scheduler to time alone: a sample repeats it until it lasts 20 ms.
 * Exit status 1 if any computation gives a wrong value, 2 on bad usage.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "fib-calc.h"

#include "bench.h"

/* a sample lasts at least this long */
#define SAMPLE_MIN_SECONDS	0.02
#define MAX_RUNS		64

/*
 * volatile: n is read at run time for every computation, so GCC can
 * neither propagate it into fib_rec() nor hoist the call out of the loop,
 * whatever it knows; the fibbench firmware reads its n the same way.
 */
static volatile uint32_t fib_bench_n = FIB_BENCH_N;


/* REPS computations; the time they took, or -1 if one was wrong */
static double sample(unsigned long reps)
{
	double t0 = bench_now();
	int bad = 0;

	/* every value is checked: a wrong one is cheap to see, and it
	 * keeps each result in use */
	while (reps--)
		bad |= fib_rec(fib_bench_n) != FIB_BENCH_WANT;
	return bad ? -1 : bench_now() - t0;
}

int main(int argc, char **argv)
{
	double t[MAX_RUNS];
	unsigned long reps = 1;
	int runs, i;

	runs = argc == 2 ? atoi(argv[1]) : 0;
	if (runs < 1 || runs > MAX_RUNS) {
		fprintf(stderr, "usage: bench-fib RUNS (1 to %d)\n", MAX_RUNS);
		return 2;
	}

	/* Find how many computations fill a sample; this also warms the
	 * caches and wakes the CPU up from a low clock. */
	for (;;) {
		double s = sample(reps);

		if (s < 0)
			goto wrong;
		if (s >= SAMPLE_MIN_SECONDS)
			break;
		reps *= 2;
	}
	for (i = 0; i < runs; i++) {
		t[i] = sample(reps);
		if (t[i] < 0)
			goto wrong;
	}
	qsort(t, runs, sizeof(t[0]), bench_cmp);

	printf("fib(%u)=%u\n", FIB_BENCH_N, (unsigned int)fib_rec(fib_bench_n));
	printf("seconds=%.9f\n", t[runs / 2] / reps);
	printf("reps=%lu\n", reps);
#ifdef __OPTIMIZE__
	printf("optimized=1\n");
#else
	printf("optimized=0\n");
#endif
	return 0;

wrong:
	fprintf(stderr, "bench-fib: fib(%u) is not %u\n", FIB_BENCH_N,
		FIB_BENCH_WANT);
	return 1;
}
