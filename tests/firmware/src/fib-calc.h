/*
 * fib-calc.h - the Fibonacci computations of the fib and fibbench firmware
 *
 * Shared by the firmware (src/fib.c, src/fibbench.c) and the native
 * tests/bench/bench-fib.c, so that bench-sim.sh compares the emulated core
 * and the host on the very same C source at the same -O2.  Plain C with
 * nothing but <stdint.h>: it must build freestanding and hosted alike.
 *
 * The functions are static, so that each program has its own copy, and
 * noipa: n must stay a run-time value inside them, or GCC may fold the
 * whole computation into a constant (or clone, inline or skip a call
 * whose result it can predict) and there would be nothing left to run.
 */
#ifndef FW_FIB_CALC_H
#define FW_FIB_CALC_H

#include <stdint.h>

/*
 * The benchmark: fib(FIB_BENCH_N) recursively, 1.7 million calls as
 * written.  Sized for 0.5 to 2 s under rproc-sim: 11 to 20 million
 * guest instructions, depending on the CPU, at the 10 to 30 MIPS of a
 * Unicorn with a hook on every instruction.  Natively it takes a few
 * milliseconds, which bench-fib repeats until it can time them.
 */
#define FIB_BENCH_N	29
#define FIB_BENCH_WANT	514229u

/* unused: each program uses only one of them; the other is dropped */
static __attribute__((noipa, unused)) uint32_t fib_iter(uint32_t n)
{
	uint32_t a = 0, b = 1, t;

	while (n--) {
		t = a + b;
		a = b;
		b = t;
	}
	return a;
}

static __attribute__((noipa, unused)) uint32_t fib_rec(uint32_t n)
{
	if (n < 2)
		return n;
	return fib_rec(n - 1) + fib_rec(n - 2);
}

#endif /* FW_FIB_CALC_H */
