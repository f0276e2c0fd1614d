# Sourced by the scenarios that drive a remoteproc of the rproc_sim driver
# with rproc-sim as its core (after lib.sh). POSIX sh plus "local".
#
# RPROC_CORE (from guest/init) says which core:
#   in   (default) remoteproc0, the in-guest core: rproc-sim runs here, on
#        the control device /dev/rproc-sim0 (sim_up, sim_down)
#   ext  the external core: the remoteproc of the ivshmem-doorbell device
#        (PCI 1af4:1110), whose rproc-sim runs on the machine that runs
#        QEMU (tests/kernel/kernel.sh starts it); sim_up and sim_down do
#        nothing, EXT is 1, and what rproc-sim prints is the host's to check
SIM_PID=
EXT=0
if [ "${RPROC_CORE:-in}" = ext ]; then
	EXT=1
	R=
	for r in /sys/class/remoteproc/remoteproc*; do
		[ "$(cat "$r/device/vendor" 2> /dev/null):$(cat "$r/device/device" 2> /dev/null)" = 0x1af4:0x1110 ] &&
			R=$r
	done
	[ -n "$R" ] || fail "no remoteproc on the ivshmem-doorbell device (1af4:1110): $(dmesg | grep rproc_sim | tail -n 2 | tr '\n' '|')"
	DBG=/sys/kernel/debug/remoteproc/${R##*/}
	SIMDEV=
else
	R=/sys/class/remoteproc/remoteproc0
	DBG=/sys/kernel/debug/remoteproc/remoteproc0
	SIMDEV=/dev/rproc-sim0
	[ -d "$R" ] || skip "no remoteproc0 (rproc_sim driver not built in)"
	[ -c "$SIMDEV" ] || skip "no $SIMDEV (rproc_sim control device)"
	[ -n "${RPROC_SIM:-}" ] || skip "rproc-sim was not built (not in the initramfs)"
fi

# the firmware name the kernel takes: relative to /lib/firmware
fw_name() {
	echo "rproc-tools/$1"
}

# wait_for SECONDS COMMAND...: until COMMAND succeeds, polling every 0.1 s
wait_for() {
	local n=$(($1 * 10))
	shift
	while ! "$@"; do
		n=$((n - 1))
		[ "$n" -gt 0 ] || return 1
		sleep 0.1
	done
}

state_is() {
	[ "$(cat "$R/state")" = "$1" ]
}

# sim_up: rproc-sim as the core of remoteproc0, in the background
sim_up() {
	[ "$EXT" = 0 ] || return 0
	"$RPROC_SIM" --device "$SIMDEV" -v > "$S_TMP/sim.out" 2> "$S_TMP/sim.err" &
	SIM_PID=$!
	# it opens the device at once; a second opener would get EBUSY
	sleep 0.3
	kill -0 "$SIM_PID" 2> /dev/null || fail "rproc-sim --device exited: $(cat "$S_TMP/sim.err")"
}

sim_down() {
	[ "$EXT" = 0 ] || return 0
	[ -n "$SIM_PID" ] || return 0
	kill "$SIM_PID" 2> /dev/null
	wait "$SIM_PID" 2> /dev/null
	SIM_PID=
}

# rproc_stop: offline again, whatever the state
rproc_stop() {
	state_is offline || echo stop > "$R/state" 2> /dev/null
	wait_for 10 state_is offline
}

# start FIRMWARE: set it and start; the exit status of the write
start() {
	echo "$1" > "$R/firmware" || return 1
	echo start > "$R/state"
}

# trace_has TEXT: the firmware's trace buffer holds TEXT
trace_has() {
	grep -q "$1" "$DBG/trace0" 2> /dev/null
}

# the rproc first: the core hears STOP; closing the device of a running
# rproc would be a crash
cleanup() {
	rproc_stop
	sim_down
	rm -rf "$S_TMP"
}
trap cleanup EXIT
