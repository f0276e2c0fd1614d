# Issue scenario 3: the same firmware loaded by the kernel's loader and by
# rproc-loader leaves identical memory contents, byte for byte. No core
# runs (no rproc-sim): each load starts the rproc, which is stopped again,
# and the memories, which stopping leaves as they are, are copied out
# through rproc_sim's control device (rproc-sim --dump).
# Two images: hello-interp.elf (every load address its run address) and
# echo-vendor.elf, the vendor layout (the resource table after .data, both
# stored in flash, AT>): the kernel loads the segment into flash and copies
# its table to the table's run address in sram (rproc_start()); rproc-loader
# must leave the same bytes in both.
# On the external core (12-same-bytes-ext) rproc-sim --ivshmem on the host
# would run what is loaded; the guest sets the hold word of the control
# block (rproc/sim-shm.h) through the device's BAR2 first, so that a START
# is answered running with nothing executed, and reads the memories back
# through BAR2 too (ivshmem-bar, at the offsets the control block gives);
# the hold is cleared on the way out, whatever the outcome, for the
# scenarios after it.
# timeout: 180
. "$RPROC_GUEST/lib.sh"
. "$RPROC_GUEST/rproc.sh"

[ -n "${RPROC_LOADER:-}" ] || skip "rproc-loader was not built"
if [ "$EXT" = 1 ]; then
	bar=$R/device/resource2
	[ -e "$bar" ] || fail "no $bar: BAR2 of the ivshmem-doorbell device"
	command -v ivshmem-bar > /dev/null || fail "no ivshmem-bar (tests/kernel/tools) in the guest"
	hold_cleanup() {
		rproc_stop
		ivshmem-bar "$bar" hold off || echo "WARNING: the hold word stays set: later -ext scenarios will not run"
		rm -rf "$S_TMP"
	}
	trap hold_cleanup EXIT
	ivshmem-bar "$bar" hold on || fail "ivshmem-bar $bar hold on failed"
fi
[ -f "$R/loader" ] || fail "no $R/loader: the user-mode loading patches are not in this kernel"
for f in hello-interp echo-vendor; do
	[ -f "/lib/firmware/$(fw_name arm/$f.elf)" ] || skip "no /lib/firmware/$(fw_name arm/$f.elf)"
done

# load_and_dump MODE DIR: load with loader=MODE, copy the memories to DIR
load_and_dump() {
	rproc_stop
	echo "$1" > "$R/loader" || fail "loader=$1 refused"
	start "$fw" || fail "$fw, loader=$1: start failed: $(dmesg | tail -n 3 | tr '\n' '|')"
	wait_for 30 state_is running || fail "$fw, loader=$1: state $(cat "$R/state")"
	# nothing ran what was loaded (no core in the guest, the external one
	# held): the trace buffer, zeroed by the load, stays empty
	if [ -e "$DBG/trace0" ]; then
		sleep 0.5
		[ -z "$(tr -d '\000' < "$DBG/trace0")" ] ||
			fail "$fw, loader=$1: the firmware ran (trace0: '$(tr -d '\000' < "$DBG/trace0" | head -c 80)')"
		traced=$((traced + 1))
	fi
	rproc_stop || fail "$fw, loader=$1: stop: state $(cat "$R/state")"
	mkdir -p "$2"
	if [ "$EXT" = 1 ]; then
		ivshmem-bar "$bar" dump "$2" > /dev/null || fail "$fw, loader=$1: ivshmem-bar $bar dump failed"
	else
		"$RPROC_SIM" --device "$SIMDEV" --dump "$2" || fail "$fw, loader=$1: rproc-sim --dump failed"
	fi
}

traced=0
# same_bytes IMAGE: load arm/IMAGE.elf with both loaders, compare every memory
same_bytes() {
	local f m
	fw=$(fw_name "arm/$1.elf")
	load_and_dump kernel "$S_TMP/$1-kernel"
	load_and_dump user "$S_TMP/$1-user"
	n=0
	for f in "$S_TMP/$1-kernel"/*.bin; do
		m=${f##*/}
		cmp "$f" "$S_TMP/$1-user/$m" ||
			fail "$1.elf: memory ${m%.bin} differs between the kernel's loader and rproc-loader"
		n=$((n + 1))
	done
	[ "$n" -gt 0 ] || fail "$1.elf: no memory dumped"
	# the load did write something: flash starts with the vector table
	[ "$(od -An -tx4 -N4 "$S_TMP/$1-user/flash.bin" | tr -d ' ')" != 00000000 ] ||
		fail "$1.elf: flash is empty after the load"
}

same_bytes hello-interp
same_bytes echo-vendor
# the vendor image's table is at its run address: sram starts with .data
# (16 bytes, left to crt0, so zero here), then the table: version 1
[ "$(od -An -tx4 -j16 -N4 "$S_TMP/echo-vendor-user/sram.bin" | tr -d ' ')" = 00000001 ] ||
	fail "echo-vendor.elf: no resource table (version 1) at its run address 0x20000010"
echo auto > "$R/loader"
[ "$traced" -gt 0 ] || fail "no trace0 in $DBG after any load: cannot tell that nothing ran"
[ "$EXT" = 0 ] || where=" (external core, held, read through BAR2)"
pass "$n memories identical${where:-} after the kernel's loader and rproc-loader, for hello-interp.elf and echo-vendor.elf (table at its run address); trace0 empty after $traced of the 4 loads: nothing ran"
