#!/bin/sh
# Benchmark, informational: the speed of rproc-sim's emulated core against
# the host, in one run. The fibbench firmware computes fib(29) recursively
# under rproc-sim on every CPU it was built for; tests/bench/bench-fib
# computes the same on the host, from the same C source
# (tests/firmware/src/fib-calc.h) at the same -O2. Per CPU it prints the
# instructions the emulated core executed, the time of the emulated run,
# the emulator's speed in MIPS (millions of guest instructions per second)
# and the slowdown: emulated time / native time of the same computation.
# The host's instruction count is not measured, so there is no native MIPS
# to set against the guest's (they would count different instruction sets
# anyway). Never fails on time: it fails only when a run fails (the loader,
# rproc-sim or the firmware: fibbench exits 1 on a wrong value), rproc-sim
# prints no statistics, or the native program computes a wrong value.
# RPROC_BENCH_RUNS sets the emulated runs per CPU (median; default 3).
#
# tests/bench/bench-fib is a check program: bench-fib.c compiled with the
# header's directory on the include path at -O2, the firmware's level (a
# level in the user's CFLAGS comes later and wins; bench-fib says when it
# was built unoptimized, and this script prints it):
#	check_PROGRAMS += tests/bench/bench-fib
#	tests_bench_bench_fib_SOURCES = tests/bench/bench-fib.c \
#		tests/firmware/src/fib-calc.h
#	tests_bench_bench_fib_CFLAGS = $(AM_CFLAGS) -O2 \
#		-I$(top_srcdir)/tests/firmware/src
# By hand: gcc -O2 -Itests/firmware/src -o tests/bench/bench-fib tests/bench/bench-fib.c
. "$abs_top_srcdir/tests/lib.sh"

SIMBIN="${RPROC_SIM_BIN:-$abs_top_builddir/rproc-sim}"
NATIVE="$abs_top_builddir/tests/bench/bench-fib"
RUNS=${RPROC_BENCH_RUNS:-3}
NATIVE_RUNS=7	# samples of at least 20 ms each: cheap, so always 7

[ -x "$SIMBIN" ] || skip "rproc-sim not built (configure found no libunicorn-dev)"
cpus=""
for c in arm riscv32 riscv64 aarch64; do
	[ -f "$FW/$c/fibbench.elf" ] && cpus="$cpus $c"
done
[ -n "$cpus" ] ||
	skip "no fibbench firmware (arm-none-eabi-gcc, riscv64-unknown-elf-gcc, aarch64-linux-gnu-gcc)"
[ -x "$NATIVE" ] || { fail "tests/bench/bench-fib not built"; finish; }

# the host first: its value is the one every firmware must print
rc=0
"$NATIVE" "$NATIVE_RUNS" > "$T_TMP/native" 2>&1 || rc=$?
check "native bench-fib computes fib right (exit $rc)" [ "$rc" -eq 0 ]
want=$(sed -n '/^fib(/p' "$T_TMP/native")
native_s=$(sed -n 's/^seconds=//p' "$T_TMP/native")
native_reps=$(sed -n 's/^reps=//p' "$T_TMP/native")
native_opt=$(sed -n 's/^optimized=//p' "$T_TMP/native")
check "native bench-fib prints its value and time (${want:-no value}, ${native_s:-no} s)" \
	[ "${want:+y}${native_s:+y}" = yy ]
[ "$rc" -eq 0 ] && [ -n "$want" ] && [ -n "$native_s" ] || {
	cat "$T_TMP/native"; finish; }

# median of a list of numbers
median() {
	echo "$@" | tr ' ' '\n' | sort -g | sed -n "$((($# + 1) / 2))p"
}

: > "$T_TMP/rows"
for cpu in $cpus; do
	core="$T_TMP/core-$cpu"
	times=""
	insns=""
	err=""
	for i in $(seq "$RUNS"); do
		# a fresh core each run: the firmware starts from what it was
		# linked with, never from the last run's memory
		mkcore "$core" "$cpu"
		loader --backend "dir:$core" "$FW/$cpu/fibbench.elf" > "$T_TMP/load" 2>&1 || {
			err="the loader failed"; cat "$T_TMP/load"; break; }
		# --timeout only guards against a hang: 300 times the usual run
		rc=0
		"$SIMBIN" --dir "$core" --stats --timeout 300 < /dev/null \
			> "$T_TMP/out" 2> "$T_TMP/err" || rc=$?
		[ "$rc" -eq 0 ] || { err="exit $rc"; cat "$T_TMP/out" "$T_TMP/err"; break; }
		n=$(sed -n 's/^sim\.insns=//p' "$T_TMP/err")
		s=$(sed -n 's/^sim\.seconds=//p' "$T_TMP/err")
		[ -n "$n" ] && [ -n "$s" ] || {
			err="no sim.insns/sim.seconds"; cat "$T_TMP/err"; break; }
		times="$times $s"
		insns="$n"
	done
	check "$cpu: fibbench under rproc-sim, $RUNS run(s): exit 0 and stats${err:+ ($err)}" \
		[ -z "$err" ]
	[ -z "$err" ] || continue
	# the same computation as the host's, or the times are not comparable
	if [ "$(cat "$T_TMP/out")" = "fibbench: $want" ]; then
		pass "$cpu: fibbench prints the native value ($want)"
		echo "$cpu $insns $(median $times)" >> "$T_TMP/rows"
	else
		fail "$cpu: fibbench prints the native value ($want)"
		cat "$T_TMP/out"
	fi
done

awk -v ns="$native_s" -v reps="$native_reps" -v nr="$NATIVE_RUNS" \
    -v runs="$RUNS" -v want="$want" -v host="$(uname -m)" -v opt="$native_opt" '
BEGIN {
	printf "bench-sim: %s recursive, one C source (fib-calc.h): firmware -O2, native %s\n",
		want, opt == 1 ? "-O2 (unless CFLAGS set another level)" : "UNOPTIMIZED (CFLAGS): slowdown understated"
	printf "bench-sim: native %s: %.3f ms per computation (median of %d samples of %d)\n",
		host, ns * 1e3, nr, reps
	printf "bench-sim: %-8s %12s %12s %14s %12s\n", "cpu", "guest insns",
		"emulated s", "emulator MIPS", "slowdown"
}
{
	printf "bench-sim: %-8s %12d %12.3f %14.1f %11.0fx\n", $1, $2, $3,
		$2 / $3 / 1e6, $3 / ns
}
END {
	printf "bench-sim: emulated s: median of %d rproc-sim runs (sim.seconds: the run, not the process);\n", runs
	printf "bench-sim: guest insns: the whole firmware, start-up and output included (~2000 of them);\n"
	printf "bench-sim: slowdown = emulated s / native s; the native instruction count is not measured\n"
}' "$T_TMP/rows" | tee "$T_TMP/result"
finish
