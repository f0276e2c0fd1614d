# Issue 11, overlays: the kit's overlay firmware (arm/overlay.elf: three
# overlays sharing one region, 1200 calls) through the real path: its
# PT_INTERP "overlay" sends it to user space, udevd runs rproc-loader, the
# overlay plugin fills its overlay table and the kernel backend writes the
# plan into the rproc_sim memories (the kit's Cortex-M4 ones); rproc-sim
# runs it and it prints its sum and copy count. Then with overlay.preload =
# .ovl_gamma (the first call's overlay placed in the region at load: one
# copy less, first=resident); with a preload that names no overlay (the
# start fails with the plugin's -EINVAL); and the next start, with an
# overlay built apart (overlay.objects: arm/overlay-delta.o, linked at load
# against the base's symbols, 200 calls more).
# timeout: 120
. "$RPROC_GUEST/lib.sh"
. "$RPROC_GUEST/rproc.sh"

[ -n "${RPROC_LOADER:-}" ] || skip "rproc-loader was not built"
[ -f "$R/loader" ] || fail "no $R/loader: the user-mode loading patches are not in this kernel"
for f in arm/overlay.elf arm/overlay-delta.o; do
	[ -f "$RPROC_FW/$f" ] || skip "no $RPROC_FW/$f (arm-none-eabi-gcc)"
done
WANT='overlay: calls=1200 alpha=373 beta=427 gamma=400 copies=797 first=copied sum=0x8d8f050c'
WANT_PRE='overlay: calls=1200 alpha=373 beta=427 gamma=400 copies=796 first=resident sum=0x8d8f050c'
WANT_DELTA='overlay: delta calls=200 copies=200 sum=0x1b07ac52'

confdir=$("$RPROC_LOADER" --help | sed -n 's/.*configuration directory (default \(.*\))$/\1/p')
[ -n "$confdir" ] || fail "rproc-loader --help names no configuration directory"
snippet=$confdir/loader.conf.d/90-rproc-tests-overlay.conf
mkdir -p "$confdir/loader.conf.d"
loader0=$(cat "$R/loader")
overlay_cleanup() {
	rm -f "$snippet"
	echo "$loader0" > "$R/loader"
	cleanup
}
trap overlay_cleanup EXIT
# write_snippet [LINE]: the overlay firmware's config, LINE added
write_snippet() {
	printf '[firmware overlay.elf]\n%s\n' "${1:-}" > "$snippet"
}
write_snippet
echo auto > "$R/loader"
sim_up

# run TEXT: start the overlay firmware, wait for TEXT on rproc-sim's stdout, stop
run() {
	local before
	before=$(wc -l < "$S_TMP/sim.out")
	start "$(fw_name arm/overlay.elf)" ||
		fail "overlay.elf: echo start failed: $(dmesg | tail -n 4 | tr '\n' '|')"
	wait_for 30 state_is running || fail "overlay.elf: state $(cat "$R/state")"
	wait_for 30 sh -c "tail -n +$((before + 1)) '$S_TMP/sim.out' | grep -qxF '$1'" ||
		fail "overlay.elf: rproc-sim printed no '$1': $(tail -n 3 "$S_TMP/sim.out" | tr '\n' '|') $(tail -n 3 "$S_TMP/sim.err" | tr '\n' '|')"
	echo "ok: $1"
	rproc_stop || fail "overlay.elf: stop: state $(cat "$R/state")"
}

run "$WANT"
dmesg | grep -q "loading rproc-tools/arm/overlay.elf with a user-mode loader" ||
	fail "overlay.elf: dmesg has no user-mode load line"

write_snippet "overlay.preload = .ovl_gamma"
run "$WANT_PRE"

# a refused plan: the start fails with the plugin's errno, the next one works
write_snippet "overlay.preload = .ovl_delta"
dmesg_n=$(dmesg | wc -l)
if start "$(fw_name arm/overlay.elf)" 2> "$S_TMP/start.err"; then
	fail "overlay.elf started with overlay.preload = .ovl_delta"
fi
wait_for 5 state_is offline || fail "state $(cat "$R/state") after the refused load"
dmesg | tail -n +$((dmesg_n + 1)) | grep -q "user-mode load of rproc-tools/arm/overlay.elf failed: -22" ||
	fail "no dmesg line of the plugin's -22: $(dmesg | tail -n 3 | tr '\n' '|')"
# the next start works: with an overlay built apart, arm/overlay-delta.o,
# linked at load against the base's symbols, stored after the firmware in
# flash, 200 calls more
write_snippet "overlay.objects = delta=$RPROC_FW/arm/overlay-delta.o"
run "$WANT_DELTA"
pass "overlay.elf through udev, rproc-loader's kernel backend and the overlay plugin ran under rproc-sim: 1200 calls, 797 copies; preloaded: 796, first call resident; with overlay-delta.o linked at load: 200 calls more; a bad preload refused with -22, the next start fine"
