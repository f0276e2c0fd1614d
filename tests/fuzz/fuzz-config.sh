#!/bin/sh
# fuzz tier: libFuzzer with ASan and UBSan over rproc-loader's configuration
# parser (src/shared/ini-file.c and src/loader/loader-config.c: inih, the
# line and size limits, the [loader] keys, [rproc GLOB] and [firmware GLOB]
# settings and their selection), seeded with conf/loader.conf, the examples
# of conf/examples and a few files made here. First the inputs of the bugs
# it found (tests/fuzz/config/, when there are any) are replayed.
# A crash, leak, undefined behaviour or a hang (-timeout) fails the run.
# RPROC_FUZZ_RUNS sets the number of executions (default 200000).
. "$abs_top_srcdir/tests/lib.sh"
. "$abs_top_srcdir/tests/fuzz/fuzz-run.sh"

FUZZER="$abs_top_builddir/tests/fuzz/fuzz-config"
[ "$HAVE_FUZZ" = yes ] || skip "no clang with libFuzzer (apt-get install clang-14 libclang-rt-14-dev)"
[ -x "$FUZZER" ] || { fail "fuzzer not built"; finish; }

seeds="$T_TMP/seeds"
mkdir -p "$seeds" "$T_TMP/corpus"
cp "$abs_top_srcdir/conf/loader.conf" "$seeds/loader.conf"
for f in "$abs_top_srcdir"/conf/examples/*.conf; do
	cp "$f" "$seeds/${f##*/}"
done
printf '[loader]\nfirmware_path = /opt/fw:/lib/firmware\ndefault_loader = bin ; c\ntimeout = 5\nlog_level = debug\nlog_target = syslog\n' \
	> "$seeds/global"
printf '[rproc m4_*]\nloader = elf\nelf.address = physical\n[firmware *.bin]\nloader = bin\nbin.da = 0x100\n[rproc m4_0]\nelf.address = virtual\n' \
	> "$seeds/scoped"
printf '[loader]\ntimeout = x\n[plugins]\nx = 1\n[rproc x]\naddress = 1\nno equals sign\n' > "$seeds/errors"
printf '# comment\n; comment\n\n[firmware vendor/[a-z]*.elf]\nreloc.base = 0x20000000\n  key = continued\n' \
	> "$seeds/glob"
n_seeds=$(ls "$seeds" | wc -l)
check "corpus seeded with $n_seeds files" [ "$n_seeds" -ge 8 ]
fuzz_replay_and_run "$abs_top_srcdir/tests/fuzz/config" 200000
finish
