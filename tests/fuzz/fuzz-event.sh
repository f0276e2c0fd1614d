#!/bin/sh
# fuzz tier: libFuzzer with ASan and UBSan over the uevent environment as
# rproc-loader reads it (src/loader/loader-event.c: ACTION, RPROC_EVENT,
# DEVPATH, RPROC_COOKIE, RPROC_FIRMWARE, RPROC_LOADER; the input is
# NAME=VALUE strings separated by NUL bytes), seeded with the event the
# kernel sends and a few bad ones. First the inputs of the bugs it found
# (tests/fuzz/event/, when there are any) are replayed.
# A crash, leak, undefined behaviour or a hang (-timeout) fails the run.
# RPROC_FUZZ_RUNS sets the number of executions (default 300000).
. "$abs_top_srcdir/tests/lib.sh"
. "$abs_top_srcdir/tests/fuzz/fuzz-run.sh"

FUZZER="$abs_top_builddir/tests/fuzz/fuzz-event"
[ "$HAVE_FUZZ" = yes ] || skip "no clang with libFuzzer (apt-get install clang-14 libclang-rt-14-dev)"
[ -x "$FUZZER" ] || { fail "fuzzer not built"; finish; }

seeds="$T_TMP/seeds"
mkdir -p "$seeds" "$T_TMP/corpus"
# event NAME VAR=VALUE...: a seed of these strings, each ending in NUL
event() {
	local name="$1"
	shift
	printf '%s\0' "$@" > "$seeds/$name"
}
DEV=DEVPATH=/devices/platform/rproc_sim.0/remoteproc/remoteproc0
event good ACTION=change "$DEV" SUBSYSTEM=remoteproc RPROC_EVENT=load \
	RPROC_FIRMWARE=rproc-tools/arm/hello-interp.elf RPROC_COOKIE=3405691582 \
	RPROC_LOADER=/lib/rproc/elf.so SEQNUM=1234
event noloader ACTION=change "$DEV" RPROC_EVENT=load RPROC_FIRMWARE=m4.elf RPROC_COOKIE=0 RPROC_LOADER=
event badfw ACTION=change "$DEV" RPROC_EVENT=load RPROC_FIRMWARE=../../etc/shadow RPROC_COOKIE=1
event badcookie ACTION=change "$DEV" RPROC_EVENT=load RPROC_FIRMWARE=a RPROC_COOKIE=0x10
event baddev ACTION=change DEVPATH=/devices/../x RPROC_EVENT=load RPROC_FIRMWARE=a RPROC_COOKIE=1
event crash ACTION=change "$DEV" RPROC_EVENT=crash
event add ACTION=add "$DEV"
n_seeds=$(ls "$seeds" | wc -l)
check "corpus seeded with $n_seeds files" [ "$n_seeds" -ge 7 ]
fuzz_replay_and_run "$abs_top_srcdir/tests/fuzz/event" 300000
finish
