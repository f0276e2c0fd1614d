#!/bin/sh
# fuzz tier: libFuzzer with ASan and UBSan over the shlib plugin (the
# executable and the DT_NEEDED libraries it reads from its search path:
# program headers, dynamic sections, symbols, relocations across modules;
# the manifest and the library text it reads back from the shared memory).
# One input holds the executable, the libraries and the shared memory's
# bytes (the layout is in tests/fuzz/fuzz-shlib.c). Seeds are made here
# from the ARM firmware of tests/sim/shlib.sh (shlib-app1.elf,
# shlib-app2.elf, libshlib-demo.so, debug sections stripped): with an empty
# shared memory, and with the memory a first load left (manifest and
# text), for several option sets. First the inputs of the bugs it found
# (tests/fuzz/shlib/) are replayed: each must load or be refused cleanly.
# A crash, leak, undefined behaviour or a hang (-timeout) fails the run.
# RPROC_FUZZ_RUNS sets the number of executions (default 500000).
. "$abs_top_srcdir/tests/lib.sh"
. "$abs_top_srcdir/tests/fuzz/fuzz-run.sh"

FUZZER="$abs_top_builddir/tests/fuzz/fuzz-shlib"
[ "$HAVE_FUZZ" = yes ] || skip "no clang with libFuzzer (apt-get install clang-14 libclang-rt-14-dev)"
[ -x "$FUZZER" ] || { fail "fuzzer not built"; finish; }
[ -f "$FW/arm/shlib-app1.elf" ] || skip "no ARM shlib firmware to seed the corpus (arm-none-eabi-gcc not found)"

seeds="$T_TMP/seeds"
mkdir -p "$seeds" "$T_TMP/corpus"

# byte N, le32 N: binary integers of the input layout
byte() {
	printf '%b' "\\$(printf %03o "$(($1 & 255))")"
}
le32() {
	byte "$1"; byte "$(($1 >> 8))"; byte "$(($1 >> 16))"; byte "$(($1 >> 24))"
}

# pack OUT CONTROL APP [NAME LIB]...: an input with an empty shared memory
pack() {
	local out="$1" ctl="$2" app="$3"
	shift 3
	{
		byte "$ctl"
		le32 "$(wc -c < "$app")"
		cat "$app"
		byte $(($# / 2))
		while [ $# -ge 2 ]; do
			byte "${#1}"
			printf '%s' "$1"
			le32 "$(wc -c < "$2")"
			cat "$2"
			shift 2
		done
	} > "$out"
}

BU=$(binutils_for arm)
lib="$T_TMP/libshlib-demo.so"
"${BU}strip" --strip-debug -o "$lib" "$FW/arm/shlib/libshlib-demo.so" ||
	fail "stripping libshlib-demo.so"
for app in shlib-app1 shlib-app2; do
	"${BU}strip" --strip-debug -o "$T_TMP/$app.elf" "$FW/arm/$app.elf" || {
		fail "stripping $app.elf"
		continue
	}
	# option sets 0, 1, 2, 3 and 5 load it; bit 7 makes the manifest's checksum right
	for set in 0 1 2 3 5 4 6 7; do
		pack "$seeds/$app.$set" $((set | 128)) "$T_TMP/$app.elf" libshlib-demo.so "$lib"
	done
	# the memory a first load leaves: manifest and text, for the second load to verify
	for set in 0 1 2 3 5; do
		rm -f "$T_TMP/saved"
		ASAN_OPTIONS=$ASAN UBSAN_OPTIONS=$UBSAN FUZZ_SHLIB_SAVE="$T_TMP/saved" \
			"$FUZZER" "$seeds/$app.$set" > "$T_TMP/save.log" 2>&1
		if [ -s "$T_TMP/saved" ]; then
			cp "$T_TMP/saved" "$seeds/$app.$set.shm"
		else
			tail -n 20 "$T_TMP/save.log"
			FUZZ_SHLIB_LOG=1 "$FUZZER" "$seeds/$app.$set" 2>&1 | grep -i 'shlib:' | head -n 5
			fail "$app, option set $set: loads, leaving a manifest to seed with"
		fi
	done
done
# AArch64 (64-bit symbols and RELA): tests/unit/reloc/aarch64-dyn.S as the
# executable, needing a library of one instruction
if [ -n "${AARCH64_CC:-}" ] && command -v "$AARCH64_CC" > /dev/null; then
	A64LD=$("$AARCH64_CC" -print-prog-name=ld)
	printf '.text\n.globl _start\n_start: nop\n' > "$T_TMP/a64app.S"
	if "$AARCH64_CC" -c -o "$T_TMP/a64d.o" "$abs_top_srcdir/tests/unit/reloc/aarch64-dyn.S" &&
		"$AARCH64_CC" -c -o "$T_TMP/a64lib.o" "$T_TMP/a64app.S" &&
		"$A64LD" -shared -soname liba64.so -z max-page-size=0x1000 -o "$T_TMP/liba64.so" "$T_TMP/a64lib.o" &&
		"$A64LD" -shared -z max-page-size=0x1000 -o "$T_TMP/a64app.so" "$T_TMP/a64d.o" "$T_TMP/liba64.so"; then
		for set in 0 1; do
			pack "$seeds/a64.$set" $((set | 128)) "$T_TMP/a64app.so" liba64.so "$T_TMP/liba64.so"
		done
	fi
fi
# the library missing, and under another name
pack "$seeds/nolib" 128 "$T_TMP/shlib-app1.elf"
pack "$seeds/otherlib" 128 "$T_TMP/shlib-app1.elf" libother.so "$lib"
# RPROC_FUZZ_KEEP=DIR: the seeds are copied there, to run the fuzzer by hand
[ -z "${RPROC_FUZZ_KEEP:-}" ] || { mkdir -p "$RPROC_FUZZ_KEEP" && cp "$seeds"/* "$RPROC_FUZZ_KEEP"; }
n_seeds=$(ls "$seeds" | wc -l)
check "corpus seeded with $n_seeds files" [ "$n_seeds" -ge 20 ]
n_shm=$(ls "$seeds" | grep -c '\.shm$')
check "$n_shm seeds hold a manifest a first load wrote" [ "$n_shm" -ge 10 ]
fuzz_replay_and_run "$abs_top_srcdir/tests/fuzz/shlib" 500000
finish
