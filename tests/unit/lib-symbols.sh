#!/bin/sh
# librproc's ABI: the library exports exactly the functions its header
# marks RPROC_EXPORT, each at version LIBRPROC_1 of the version script,
# and nothing else (no internal helper, no libshared symbol); its soname
# follows -version-info (librproc.so.1).
. "$abs_top_srcdir/tests/lib.sh"

so="$abs_top_builddir/src/lib/.libs/librproc.so"
[ -f "$so" ] || { fail "$so was not built"; finish; }
command -v nm > /dev/null || skip "no nm (binutils)"

sed -n 's/^RPROC_EXPORT .*[ *]\([a-z_0-9]*\)(.*/\1/p' "$abs_top_srcdir/src/include/rproc/rproc.h" |
	sort > "$T_TMP/header"
sed -n 's/^[[:space:]]*\([a-z_0-9]*\);$/\1/p' "$abs_top_srcdir/src/lib/librproc.sym" |
	sort > "$T_TMP/script"
nm -D --defined-only "$so" | awk '$2 == "T" { print $3 }' | sort > "$T_TMP/exported"

check "the header declares functions ($(wc -l < "$T_TMP/header"))" [ -s "$T_TMP/header" ]
if diff "$T_TMP/header" "$T_TMP/script" > "$T_TMP/d1"; then
	pass "the version script lists every RPROC_EXPORT function of rproc.h, and only them"
else
	fail "rproc.h and librproc.sym differ:"; cat "$T_TMP/d1"
fi
if sed 's/@@LIBRPROC_1$//' "$T_TMP/exported" | diff "$T_TMP/header" - > "$T_TMP/d2"; then
	pass "librproc.so exports exactly those"
else
	fail "librproc.so's exports differ from rproc.h:"; cat "$T_TMP/d2"
fi
check "every export is versioned LIBRPROC_1" \
	[ "$(grep -vc '@@LIBRPROC_1$' "$T_TMP/exported")" -eq 0 ]
check "no internal symbol leaks (frag_reasm_feed, sysfs_read_line, log_printf)" \
	not grep -q 'frag_reasm\|sysfs_read\|log_printf\|path_join' "$T_TMP/exported"
soname=$(objdump -p "$so" | awk '$1 == "SONAME" { print $2 }')
check "soname librproc.so.1 (-version-info 1:0:0) ($soname)" [ "$soname" = librproc.so.1 ]
finish
