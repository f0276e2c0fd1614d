#!/bin/sh
# fuzz tier: libFuzzer with ASan and UBSan over the overlay plugin (the
# firmware's sections, overlays, overlay table, preload; elf-image.c) and
# its object linker (overlay-obj.c: sections, symbols resolved against the
# base firmware, REL/RELA tables through the ARM and RISC-V back ends),
# seeded with the kit's overlay firmware (arm, riscv32, riscv64; debug
# sections stripped) once per option set, and its overlay objects. A crash,
# leak, undefined behaviour or a hang fails the run. RPROC_FUZZ_RUNS sets
# the number of executions (default 500000).
. "$abs_top_srcdir/tests/lib.sh"
. "$abs_top_srcdir/tests/fuzz/fuzz-run.sh"

FUZZER="$abs_top_builddir/tests/fuzz/fuzz-overlay"
[ "$HAVE_FUZZ" = yes ] || skip "no clang with libFuzzer (apt-get install clang-14 libclang-rt-14-dev)"
[ -x "$FUZZER" ] || { fail "fuzzer not built"; finish; }
[ -f "$FW/arm/overlay.elf" ] || skip "no overlay firmware to seed the corpus (arm-none-eabi-gcc not found)"

seeds="$T_TMP/seeds"
mkdir -p "$seeds" "$T_TMP/corpus"

for cpu in arm riscv32 riscv64; do
	[ -f "$FW/$cpu/overlay.elf" ] || continue
	BU=$(binutils_for "$cpu")
	"${BU}strip" --strip-debug -o "$T_TMP/$cpu-overlay.elf" "$FW/$cpu/overlay.elf" &&
		fuzz_seed "$cpu-overlay.elf" "$T_TMP/$cpu-overlay.elf" 0 1 2 3
	for o in delta undef big; do
		"${BU}strip" --strip-debug -o "$T_TMP/$cpu-$o.o" "$FW/$cpu/overlay-$o.o" &&
			fuzz_seed "$cpu-$o.o" "$T_TMP/$cpu-$o.o" 4
	done
done
export FUZZ_OVERLAY_BASE_ARM="$T_TMP/arm-overlay.elf"
export FUZZ_OVERLAY_BASE_RV32="$T_TMP/riscv32-overlay.elf"
export FUZZ_OVERLAY_BASE_RV64="$T_TMP/riscv64-overlay.elf"
n_seeds=$(ls "$seeds" | wc -l)
check "corpus seeded with $n_seeds files" [ "$n_seeds" -ge 7 ]
fuzz_replay_and_run "$abs_top_srcdir/tests/fuzz/overlay" 500000
finish
