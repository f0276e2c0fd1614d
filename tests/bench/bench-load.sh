#!/bin/sh
# Benchmark, informational: load a 16 MiB multi-segment ELF into directory-
# backend memories on tmpfs with rproc-loader (the whole process: exec,
# config, dlopen, checks, mmap, copy), and memcpy the same bytes, in one run;
# print both throughputs and their ratio. Never fails on time: it fails only
# when the load itself fails. Goal: the loader reaches at least half of memcpy.
. "$abs_top_srcdir/tests/lib.sh"

elf="$FW/arm/big.elf"
[ -f "$elf" ] || skip "no arm big.elf (arm-none-eabi-gcc)"
RUNS=${RPROC_BENCH_RUNS:-7}
shm=/dev/shm
[ -d "$shm" ] && [ -w "$shm" ] || shm="$T_TMP"
core=$(mktemp -d "$shm/rproc-bench.XXXXXX")
trap 'rm -rf "$T_TMP" "$core"' EXIT
cp "$FW/arm/big-memories.ini" "$core/memories.ini"

bytes=0
for sz in $(readelf -lW "$elf" | awk '$1 == "LOAD" { print $5 }'); do
	bytes=$((bytes + sz))
done
nseg=$(readelf -lW "$elf" | grep -c '^ *LOAD')
check "big.elf: $nseg segments, $bytes bytes of data" [ "$bytes" -ge $((16 * 1024 * 1024 - 65536)) ]

cat "$elf" > /dev/null	# page cache, as for memcpy's source
times=""
for i in $(seq "$RUNS"); do
	rm -f "$core"/*.bin	# fresh memories each run: new pages, like memcpy's
	t0=$(date +%s%N)
	loader --backend "dir:$core" "$elf" > "$T_TMP/out" 2> "$T_TMP/err" || {
		fail "load failed"; cat "$T_TMP/err"; finish; }
	t1=$(date +%s%N)
	times="$times $((t1 - t0))"
done
check "the benchmark load wrote the last segment's bytes" grep -q '^boot_addr=' "$T_TMP/out"
load_ns=$(echo $times | tr ' ' '\n' | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")
memcpy_s=$("$abs_top_builddir/tests/bench/bench-memcpy" "$elf" "$bytes" "$RUNS")

awk -v b="$bytes" -v l="$load_ns" -v m="$memcpy_s" 'BEGIN {
	lt = b / (l / 1e9) / 1048576; mt = b / m / 1048576
	printf "bench-load: %d bytes in %d segments, median of runs\n", b, '"$nseg"'
	printf "bench-load: rproc-loader %.1f ms (%.0f MiB/s), memcpy %.1f ms (%.0f MiB/s)\n", l / 1e6, lt, m * 1e3, mt
	printf "bench-load: ratio loader/memcpy throughput = %.2f (goal >= 0.50)\n", lt / mt
}' | tee "$T_TMP/result"
finish
