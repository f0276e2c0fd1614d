# Issue scenario 3: the same firmware loaded by the kernel's loader and by
# rproc-loader leaves identical memory contents, byte for byte. No core
# runs (no rproc-sim): each load starts the rproc, which is stopped again,
# and the memories, which stopping leaves as they are, are copied out
# through rproc_sim's control device (rproc-sim --dump).
# timeout: 120
. "$RPROC_GUEST/lib.sh"
. "$RPROC_GUEST/rproc.sh"

[ -n "${RPROC_LOADER:-}" ] || skip "rproc-loader was not built"
[ -f "$R/loader" ] || fail "no $R/loader: the user-mode loading patches are not in this kernel"
fw=$(fw_name arm/hello-interp.elf)
[ -f "/lib/firmware/$fw" ] || skip "no /lib/firmware/$fw"

# load_and_dump MODE DIR: load with loader=MODE, copy the memories to DIR
load_and_dump() {
	rproc_stop
	echo "$1" > "$R/loader" || fail "loader=$1 refused"
	start "$fw" || fail "loader=$1: start failed: $(dmesg | tail -n 3 | tr '\n' '|')"
	wait_for 30 state_is running || fail "loader=$1: state $(cat "$R/state")"
	rproc_stop || fail "loader=$1: stop: state $(cat "$R/state")"
	mkdir -p "$2"
	"$RPROC_SIM" --device "$SIMDEV" --dump "$2" || fail "loader=$1: rproc-sim --dump failed"
}

load_and_dump kernel "$S_TMP/kernel"
load_and_dump user "$S_TMP/user"
n=0
for f in "$S_TMP/kernel"/*.bin; do
	m=${f##*/}
	cmp "$f" "$S_TMP/user/$m" || fail "memory ${m%.bin} differs between the kernel's loader and rproc-loader"
	n=$((n + 1))
done
[ "$n" -gt 0 ] || fail "no memory dumped"
# the load did write something: flash starts with the vector table
[ "$(od -An -tx4 -N4 "$S_TMP/user/flash.bin" | tr -d ' ')" != 00000000 ] || fail "flash is empty after the load"
echo auto > "$R/loader"
pass "$n memories identical after the kernel's loader and rproc-loader"
