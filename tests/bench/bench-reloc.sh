#!/bin/sh
# Benchmark, informational: relocate an ld -r object of more than 100k
# relocations with rproc-loader (the whole process: exec, config, dlopen,
# placement, relocation, checks, writing the memories on tmpfs) and link the
# same object with GNU ld to the same placement, in one run; print both
# times and their ratio. Never fails on time: only when a step fails or the
# two results differ. Goal: rproc-loader at least 10x faster than ld.
#
# On a loaded machine one run's times swing by half (9.6x to 15.4x in five
# runs of five): the two sides are measured in pairs, rproc-loader and ld
# one right after the other, the order swapped every run so that neither
# always gets the warmer cache, after one warm-up pair that does not count.
# The ratio printed is the median of the pairs' ratios (a burst of load
# slows both of a pair alike, and one pair far off moves a median little);
# beside it, the ratio of the two sides' fastest runs (noise only ever adds
# time: the minimum is the least disturbed). RPROC_BENCH_RUNS pairs (21).
. "$abs_top_srcdir/tests/lib.sh"

[ -n "${ARM_CC:-}" ] && command -v "${ARM_CC%% *}" > /dev/null || skip "arm-none-eabi-gcc not found"
BU=$(binutils_for arm)
RUNS=${RPROC_BENCH_RUNS:-21}
N=${RPROC_BENCH_RELOC_N:-8000}
shm=/dev/shm
[ -d "$shm" ] && [ -w "$shm" ] || shm="$T_TMP"
core=$(mktemp -d "$shm/rproc-bench.XXXXXX")
trap 'rm -rf "$T_TMP" "$core"' EXIT

# the reloc test firmware's generated sources, without the runtime
sh "$abs_top_srcdir/tests/firmware/src/reloc-gen.sh" "$T_TMP/gen" "$N"
flags="-mcpu=cortex-m4 -mthumb -O2 -ffreestanding -fno-common -fno-merge-constants -mslow-flash-data -I$abs_top_srcdir/tests/firmware/src -I$T_TMP/gen"
# shellcheck disable=SC2086 # flags are words
"$ARM_CC" $flags -c -o "$T_TMP/gen.o" "$T_TMP/gen/reloc-gen.c" &&
	"$ARM_CC" $flags -c -o "$T_TMP/thumb.o" "$T_TMP/gen/reloc-thumb.S" &&
	"${BU}ld" -r -o "$T_TMP/big.o" "$T_TMP/gen.o" "$T_TMP/thumb.o" || { fail "building the object"; finish; }
# the same object with one function of each kind: what a load costs
# without the relocations (exec, dynamic linking, config, dlopen, writing)
sh "$abs_top_srcdir/tests/firmware/src/reloc-gen.sh" "$T_TMP/gen1" 1
# shellcheck disable=SC2086 # flags are words
"$ARM_CC" ${flags%-I*} -I"$T_TMP/gen1" -c -o "$T_TMP/gen1.o" "$T_TMP/gen1/reloc-gen.c" &&
	"$ARM_CC" ${flags%-I*} -I"$T_TMP/gen1" -c -o "$T_TMP/thumb1.o" "$T_TMP/gen1/reloc-thumb.S" &&
	"${BU}ld" -r -o "$T_TMP/small.o" "$T_TMP/gen1.o" "$T_TMP/thumb1.o" || { fail "building the small object"; finish; }
nrel=$("${BU}readelf" -rW "$T_TMP/big.o" | grep -c ' R_ARM_')
check "the object has $nrel relocations (at least 100000)" [ "$nrel" -ge 100000 ]

printf '[memory code]\nda = 0x00000000\nsize = 16M\nfile = code.bin\n\n[memory data]\nda = 0x20000000\nsize = 16M\nfile = data.bin\n' > "$core/memories.ini"
printf '[firmware *]\nloader = reloc\nreloc.sections = .text*=code .rodata*=code .data*=data .bss*=data\n' > "$T_TMP/conf/loader.conf"
cat > "$T_TMP/big.ld" <<'LD'
SECTIONS
{
	.code 0x00000000 : { *(.text*) *(.rodata*) }
	.data 0x20000000 : { *(.data*) *(.bss*) }
}
LD

# median, min LIST: of the numbers in LIST
median() { echo $1 | tr ' ' '\n' | sort -n | awk '{ v[NR] = $1 } END { printf "%.6f\n", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
min() { echo $1 | tr ' ' '\n' | sort -n | head -n 1; }
now() { date +%s%N; }
# time_small, time_loader, time_ld: one run of each side, its ns in T
time_small() {
	rm -f "$core"/*.bin
	t0=$(now)
	loader --backend "dir:$core" "$T_TMP/small.o" > /dev/null 2> "$T_TMP/err" || {
		fail "rproc-loader failed on the small object"; cat "$T_TMP/err"; finish; }
	T=$(($(now) - t0))
}
time_loader() {
	rm -f "$core"/*.bin
	t0=$(now)
	loader --backend "dir:$core" "$T_TMP/big.o" > "$T_TMP/out" 2> "$T_TMP/err" || {
		fail "rproc-loader failed"; cat "$T_TMP/err"; finish; }
	T=$(($(now) - t0))
}
time_ld() {
	t0=$(now)
	"${BU}ld" -T "$T_TMP/big.ld" -e 0 --no-warn-rwx-segments -o "$T_TMP/big.elf" "$T_TMP/big.o" || {
		fail "ld failed"; finish; }
	T=$(($(now) - t0))
}
cat "$T_TMP/big.o" > /dev/null
time_small && time_loader && time_ld	# the warm-up pair
lt="" ldt="" st="" ratios=""
for i in $(seq "$RUNS"); do
	time_small
	st="$st $T"
	if [ $((i % 2)) = 1 ]; then
		time_loader; l=$T
		time_ld; d=$T
	else
		time_ld; d=$T
		time_loader; l=$T
	fi
	lt="$lt $l"
	ldt="$ldt $d"
	ratios="$ratios $(awk -v d="$d" -v l="$l" 'BEGIN { printf "%.3f", d / l }')"
done
# the same result: ld's output loaded by the elf plugin gives the memories
# the last run of rproc-loader (the big object) left
mkdir -p "$T_TMP/o"
cp "$core/memories.ini" "$T_TMP/o/"
"$LOADER" --confdir "$T_TMP/none" --plugindir "$PLUGINDIR" --backend "dir:$T_TMP/o" "$T_TMP/big.elf" > /dev/null
check "rproc-loader's memories are ld's, byte for byte" \
	sh -c "cmp '$core/code.bin' '$T_TMP/o/code.bin' && cmp '$core/data.bin' '$T_TMP/o/data.bin'"

awk -v n="$nrel" -v l="$(median "$lt")" -v d="$(median "$ldt")" -v s="$(median "$st")" \
	-v lmin="$(min "$lt")" -v dmin="$(min "$ldt")" -v r="$(median "$ratios")" \
	-v rlo="$(min "$ratios")" -v rhi="$(echo $ratios | tr ' ' '\n' | sort -n | tail -n 1)" 'BEGIN {
	printf "bench-reloc: %d relocations, %d pairs (rproc-loader and ld back to back, order alternating, after a warm-up pair)\n", n, '"$RUNS"'
	printf "bench-reloc: rproc-loader median %.1f ms (fastest %.1f), arm-none-eabi-ld median %.1f ms (fastest %.1f)\n", l / 1e6, lmin / 1e6, d / 1e6, dmin / 1e6
	printf "bench-reloc: of which the process floor (the same load of a 1-function object) %.1f ms, the big object itself %.1f ms (medians)\n", s / 1e6, (l - s) / 1e6
	printf "bench-reloc: ratio ld/rproc-loader time = %.1f, the median of the per-pair ratios (goal >= 10; pairs from %.1f to %.1f; fastest against fastest %.1f)\n", r, rlo, rhi, dmin / lmin
}'
finish
