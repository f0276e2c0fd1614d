#!/bin/sh
# fuzz tier: libFuzzer with ASan and UBSan over librproc's reassembly of
# fragmented messages (src/lib/librproc-frag.c; the format is in
# rproc_ept_fragments(3)), which parses what a peer sends. The input is a
# limit selector byte, then fragments as a u16 length and bytes
# (tests/fuzz/fuzz-frag.c). Seeded with a message in order, reordered,
# with a fragment lost, truncated, over the limit and from a later
# version. First the inputs of bugs it found (tests/fuzz/frag/, when there
# are any) are replayed. RPROC_FUZZ_RUNS sets the executions (300000).
. "$abs_top_srcdir/tests/lib.sh"
. "$abs_top_srcdir/tests/fuzz/fuzz-run.sh"

FUZZER="$abs_top_builddir/tests/fuzz/fuzz-frag"
[ "$HAVE_FUZZ" = yes ] || skip "no clang with libFuzzer (apt-get install clang-14 libclang-rt-14-dev)"
[ -x "$FUZZER" ] || { fail "fuzzer not built"; finish; }

seeds="$T_TMP/seeds"
mkdir -p "$seeds" "$T_TMP/corpus"
# bytes N...: each number as one byte
bytes() {
	local b
	for b in "$@"; do
		printf "\\$(printf %03o "$b")"
	done
}
le16() { bytes $(($1 & 255)) $(($1 >> 8 & 255)); }
le32() { bytes $(($1 & 255)) $(($1 >> 8 & 255)) $(($1 >> 16 & 255)) $(($1 >> 24 & 255)); }
# frag ID TOTAL OFFSET N [VERSION]: one record, u16 length then the
# fragment: header and N bytes of payload
frag() {
	le16 $((16 + $4))
	bytes 82 70 "${5:-1}" 16
	le32 "$1"
	le32 "$2"
	le32 "$3"
	head -c "$4" /dev/zero | tr '\0' 'p'
}
{ bytes 3; frag 1 600 0 256; frag 1 600 256 256; frag 1 600 512 88; frag 2 0 0 0; } > "$seeds/in-order"
{ bytes 3; frag 1 600 0 256; frag 1 600 512 88; frag 1 600 256 256; frag 2 5 0 5; } > "$seeds/reordered"
{ bytes 3; frag 1 600 0 256; frag 2 600 0 256; frag 2 600 256 256; frag 2 600 512 88; } > "$seeds/lost"
{ bytes 3; frag 1 600 0 256; le16 40; bytes 82 70 1; } > "$seeds/truncated"
{ bytes 2; frag 1 600 0 256; frag 1 600 256 256; } > "$seeds/over-limit"
{ bytes 3; frag 1 10 0 10 2; } > "$seeds/version-2"
{ bytes 5; frag 7 4294967295 0 100; frag 7 4294967295 100 100; } > "$seeds/huge"
n_seeds=$(ls "$seeds" | wc -l)
check "corpus seeded with $n_seeds files" [ "$n_seeds" -ge 7 ]
check "the in-order seed is 3 fragments and an empty message" \
	[ "$(wc -c < "$seeds/in-order")" -eq $((1 + 4 * 18 + 256 + 256 + 88)) ]
fuzz_replay_and_run "$abs_top_srcdir/tests/fuzz/frag" 300000
finish
