#!/bin/sh
# loader tier: golden-output tests of the rproc-loader command line: help,
# usage errors and their exit codes, byte for byte (paths normalised).
# RPROC_GOLDEN_UPDATE=1 rewrites the golden files instead of comparing.
. "$abs_top_srcdir/tests/lib.sh"

GOLDEN="$abs_top_srcdir/tests/loader/golden"

# golden NAME RC ARGS...: stdout+stderr of the loader against golden/NAME
golden() {
	local name="$1" want="$2" rc
	shift 2
	"$LOADER" "$@" > "$T_TMP/raw" 2>&1
	rc=$?
	sed -e "s|$T_TMP|@TMP@|g" -e "s|$FW|@FW@|g" -e "s|$PLUGINDIR|@PLUGINDIR@|g" \
	    -e 's|(default /[^)]*)|(default @PATH@)|' \
	    -e 's|da 0x[0-9a-f]*-0x[0-9a-f]* ([0-9]* bytes)|da @RANGE@|' "$T_TMP/raw" > "$T_TMP/got"
	if [ "${RPROC_GOLDEN_UPDATE:-0}" = 1 ]; then
		cp "$T_TMP/got" "$GOLDEN/$name"
	fi
	if [ "$rc" -ne "$want" ]; then
		fail "$name: exit $rc, want $want"
		cat "$T_TMP/got"
	elif ! diff -u "$GOLDEN/$name" "$T_TMP/got"; then
		fail "$name: output differs from golden/$name"
	else
		pass "$name: exit $rc and golden output"
	fi
}

C="--confdir $T_TMP/conf --plugindir $PLUGINDIR"
mkdir -p "$T_TMP/core"
# ram holds no segment of hello.elf; sram its resource table's run address,
# so that the first error is the host's, on segment 0
printf '[memory ram]\nda = 0x1000\nsize = 4K\nfile = ram.bin\n[memory sram]\nda = 0x20000000\nsize = 256K\nfile = sram.bin\n' > "$T_TMP/core/memories.ini"
printf 'not an elf\n' > "$T_TMP/text.elf"

golden help.out 0 --help
golden version.out 0 --version
# a resident loader serves the kernel's loads only
golden listen-args.out 2 $C --listen fw.elf
golden too-many.out 2 $C a b
golden bad-option.out 2 $C --bogus
golden bad-backend.out 2 $C --backend tape fw.elf
golden bad-rproc.out 2 $C --rproc 'a b' fw.elf
golden no-input.out 2 $C
golden kernel-backend.out 6 $C --backend kernel fw.elf
golden no-dir.out 6 $C --backend dir:$T_TMP/nonexistent fw.elf
golden no-memories.out 6 $C --backend dir:$T_TMP fw.elf
golden no-firmware.out 4 $C --backend dir:$T_TMP/core $T_TMP/missing.elf
golden bad-name.out 2 $C --backend dir:$T_TMP/core a..b.elf
golden no-value.out 2 $C --backend
golden not-elf.out 1 $C --backend dir:$T_TMP/core $T_TMP/text.elf
golden no-plugin.out 5 --confdir $T_TMP/conf --plugindir $T_TMP --backend dir:$T_TMP/core $T_TMP/text.elf
if [ -f "$FW/arm/hello.elf" ]; then
	# the segment's range depends on the compiler: take it from readelf
	set -- $(readelf -lW "$FW/arm/hello.elf" | awk '$1 == "LOAD" { print $4, $5; exit }')
	range=$(printf '0x%08x-0x%08x (%d bytes)' $(($1)) $(($1 + $2 - 1)) $(($2)))
	golden outside.out 1 $C --backend dir:$T_TMP/core $FW/arm/hello.elf
	check "outside.out: segment 0 is $range, as readelf says" \
		grep -q "segment 0: da $range is not inside" "$T_TMP/raw"
else
	fail "outside.out: no arm firmware"
fi

# --help documents every exit code the program uses
for code in 0 1 2 3 4 5 6 7; do
	check "--help mentions exit status $code" grep -q "$code [a-z]" "$GOLDEN/help.out"
done
finish
