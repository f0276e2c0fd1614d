# Sourced by the scenarios that drive remoteproc0 of the rproc_sim driver
# with rproc-sim as its core (after lib.sh). POSIX sh plus "local".
R=/sys/class/remoteproc/remoteproc0
DBG=/sys/kernel/debug/remoteproc/remoteproc0
SIMDEV=/dev/rproc-sim0
SIM_PID=

[ -d "$R" ] || skip "no remoteproc0 (rproc_sim driver not built in)"
[ -c "$SIMDEV" ] || skip "no $SIMDEV (rproc_sim control device)"
[ -n "${RPROC_SIM:-}" ] || skip "rproc-sim was not built (not in the initramfs)"

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
	"$RPROC_SIM" --device "$SIMDEV" -v > "$S_TMP/sim.out" 2> "$S_TMP/sim.err" &
	SIM_PID=$!
	# it opens the device at once; a second opener would get EBUSY
	sleep 0.3
	kill -0 "$SIM_PID" 2> /dev/null || fail "rproc-sim --device exited: $(cat "$S_TMP/sim.err")"
}

sim_down() {
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
