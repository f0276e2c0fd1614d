#!/bin/sh
# fuzz tier: libFuzzer with ASan and UBSan over the reloc plugin (ET_REL
# section map, symbols and relocation tables; ET_DYN segments, dynamic
# section and dynamic relocations; the ARM, RISC-V and AArch64 formulas),
# seeded with objects made here: the ARM reloc firmware (reloc.o,
# reloc-ar.o, reloc-pie.elf, small and stripped) and the objects and
# shared objects of tests/unit/reloc/ (ARM, and RISC-V and AArch64 when
# their cross tools exist). First the inputs of the bugs it found
# (tests/fuzz/reloc/) are replayed: each must load or be refused cleanly.
# A crash, leak, undefined behaviour or a hang (-timeout) fails the run.
# RPROC_FUZZ_RUNS sets the number of executions (default 2000000).
. "$abs_top_srcdir/tests/lib.sh"
. "$abs_top_srcdir/tests/fuzz/fuzz-run.sh"

FUZZER="$abs_top_builddir/tests/fuzz/fuzz-reloc"
SRC="$abs_top_srcdir/tests/unit/reloc"
[ "$HAVE_FUZZ" = yes ] || skip "no clang with libFuzzer (apt-get install clang-14 libclang-rt-14-dev)"
[ -x "$FUZZER" ] || { fail "fuzzer not built"; finish; }
[ -f "$FW/arm/reloc.o" ] || skip "no ARM reloc firmware to seed the corpus (arm-none-eabi-gcc not found)"

seeds="$T_TMP/seeds"
mkdir -p "$seeds" "$T_TMP/corpus"

# ARM: the firmware of tests/sim/reloc.sh (reloc.o, reloc-ar.o,
# reloc-pie.elf), built by its own rules with 2 functions of each kind
# instead of 1000 (a few KiB where libFuzzer mutates well, not 2 MB), debug
# sections stripped
ABU=$(binutils_for arm)
fw="$T_TMP/fw"
if ${MAKE:-make} --no-print-directory -f "$abs_top_srcdir/tests/firmware/Makefile.fw" \
	SRCDIR="$abs_top_srcdir/tests/firmware" OUT="$fw" ARM_CC="$ARM_CC" RELOC_N=2 \
	"$fw/arm/reloc.o" "$fw/arm/reloc-ar.o" "$fw/arm/reloc-pie.elf" > "$T_TMP/fw.log" 2>&1; then
	for f in reloc.o reloc-ar.o reloc-pie.elf; do
		"${ABU}strip" --strip-debug -o "$T_TMP/$f" "$fw/arm/$f" &&
			fuzz_seed "arm-$f" "$T_TMP/$f" 0 1 4 5
	done
else
	tail -n 20 "$T_TMP/fw.log"
	fail "building the small ARM reloc firmware"
fi
# ARM shared object: GLOB_DAT, JUMP_SLOT, ABS32, RELATIVE in REL tables
"$ARM_CC" -mcpu=cortex-r5 -c -o "$T_TMP/ad.o" "$SRC/arm-dyn.S" &&
	"${ABU}ld" -shared -o "$T_TMP/ad.so" "$T_TMP/ad.o" &&
	fuzz_seed arm-dyn.so "$T_TMP/ad.so" 0 1

# RISC-V: every type, RV32 and RV64; the shared objects if ld can make them
if [ -n "${RISCV_CC:-}" ] && command -v "$RISCV_CC" > /dev/null; then
	"$RISCV_CC" -march=rv32imac -mabi=ilp32 -c -o "$T_TMP/rv32.o" "$SRC/riscv.S" &&
		fuzz_seed rv32.o "$T_TMP/rv32.o" 0 2
	"$RISCV_CC" -march=rv64imac -mabi=lp64 -c -o "$T_TMP/rv64.o" "$SRC/riscv.S" &&
		fuzz_seed rv64.o "$T_TMP/rv64.o" 0 2
	"$RISCV_CC" -march=rv64imac -mabi=lp64 -fPIC -c -o "$T_TMP/rvd64.o" "$SRC/riscv-dyn.S" &&
		fuzz_seed rvdyn64.o "$T_TMP/rvd64.o" 2
	if command -v riscv64-linux-gnu-ld > /dev/null; then
		riscv64-linux-gnu-ld -shared -o "$T_TMP/rvd64.so" "$T_TMP/rvd64.o" &&
			fuzz_seed rvdyn64.so "$T_TMP/rvd64.so" 0 2
		"$RISCV_CC" -march=rv32imac -mabi=ilp32 -fPIC -c -o "$T_TMP/rvd32.o" "$SRC/riscv-dyn.S" &&
			riscv64-linux-gnu-ld -m elf32lriscv -shared -o "$T_TMP/rvd32.so" "$T_TMP/rvd32.o" &&
			fuzz_seed rvdyn32.so "$T_TMP/rvd32.so" 0 2
	fi
fi
# AArch64: every type, both byte orders; the shared object
if [ -n "${AARCH64_CC:-}" ] && command -v "$AARCH64_CC" > /dev/null; then
	"$AARCH64_CC" -c -o "$T_TMP/a64.o" "$SRC/aarch64.S" && fuzz_seed a64.o "$T_TMP/a64.o" 0 3
	"$AARCH64_CC" -mbig-endian -c -o "$T_TMP/a64be.o" "$SRC/aarch64.S" &&
		fuzz_seed a64be.o "$T_TMP/a64be.o" 3
	"$AARCH64_CC" -c -o "$T_TMP/a64d.o" "$SRC/aarch64-dyn.S" &&
		"$("$AARCH64_CC" -print-prog-name=ld)" -shared -z max-page-size=0x1000 -o "$T_TMP/a64d.so" "$T_TMP/a64d.o" &&
		fuzz_seed a64dyn.so "$T_TMP/a64d.so" 0 3
fi
# RPROC_FUZZ_KEEP=DIR: the seeds are copied there, to run the fuzzer by hand
[ -z "${RPROC_FUZZ_KEEP:-}" ] || { mkdir -p "$RPROC_FUZZ_KEEP" && cp "$seeds"/* "$RPROC_FUZZ_KEEP"; }
n_seeds=$(ls "$seeds" | wc -l)
check "corpus seeded with $n_seeds files" [ "$n_seeds" -ge 10 ]
fuzz_replay_and_run "$abs_top_srcdir/tests/fuzz/reloc" 2000000
finish
