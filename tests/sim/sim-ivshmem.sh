#!/bin/sh
# sim tier: rproc-sim --ivshmem, the external core's server, with
# tests/tools/ivshmem-guest in QEMU's place (the kernel tier has the real
# guest): QEMU's setup messages and the control block (memories at their
# offsets, the CPU); a firmware copied into the shared memory runs on a
# START and stops on a STOP, each answered; a kick each way; the core
# outlives a guest that goes away, and the next guest (a new peer id) finds
# it running and is answered by it; a second guest at the same time is
# refused; a firmware that faults puts the core in state crashed. The hold
# word (rproc/sim-shm.h): a START while it is set is answered running and
# runs nothing, the STOP after it offline; cleared, the next START runs.
. "$abs_top_srcdir/tests/lib.sh"

sim_need
case " $SIM_CPUS " in
*" arm "*) ;;
*) skip "no arm firmware (arm-none-eabi-gcc)" ;;
esac
guest=$RPROC_TOOLS/ivshmem-guest
[ -x "$guest" ] || { fail "no $guest"; finish; }
sock=$T_TMP/ivs.sock
pid=
stop_server() {
	[ -n "$pid" ] || return 0
	kill "$pid" 2> /dev/null
	wait "$pid" 2> /dev/null
	pid=
}
trap 'stop_server; rm -rf "$T_TMP"' EXIT

# serve DIR: rproc-sim --ivshmem on DIR's memories, up once the socket is
serve() {
	rm -f "$sock"	# a killed server leaves it
	"$SIM" --ivshmem "$sock" --dir "$1" -v > "$T_TMP/sim.out" 2> "$T_TMP/sim.err" &
	pid=$!
	n=50
	while [ ! -S "$sock" ] && [ "$n" -gt 0 ]; do sleep 0.1; n=$((n - 1)); done
	[ -S "$sock" ] || { fail "rproc-sim --ivshmem did not come up: $(cat "$T_TMP/sim.err")"; finish; }
}

# copy_in DIR: each memory file of DIR into the shared memory, at the
# offset the control block gives (what the guest's kernel does on a load)
copy_in() {
	"$guest" "$sock" info > "$T_TMP/info" || return 1
	sed -n 's/^memory \([^ ]*\) da .* offset \(0x[0-9a-f]*\) .*/\1 \2/p' "$T_TMP/info" |
	while read -r m off; do
		f=$1/$(mem_field "$1" "$m" file)
		[ -f "$f" ] || continue
		dd if="$f" of="$1/ivshmem.shm" bs=4096 seek=$((off / 4096)) conv=notrunc status=none
	done
}

# state: the core's state as a guest that connects now reads it
state() {
	"$guest" "$sock" info | sed -n 's/^id [0-9]* state //p'
}

# wait_for N COMMAND...: up to N tenths of a second
wait_for() {
	n=$1
	shift
	until "$@"; do
		n=$((n - 1))
		[ "$n" -gt 0 ] || return 1
		sleep 0.1
	done
}

# --- hello: setup, layout, START, the firmware's output, STOP ---
sim_load arm hello || { fail "arm/hello: load"; finish; }
hello=$CORE
boot=$(sed -n 's/^boot_addr = //p' "$hello/loaded.ini")
serve "$hello"
"$guest" "$sock" info > "$T_TMP/info1" 2> "$T_TMP/gerr"
check "the first guest is peer 1, the core peer 0" grep -q "^id 1 state 0$" "$T_TMP/info1"
check "the control block names the CPU" grep -q "^core 0 cpu cortex-m4 " "$T_TMP/info1"
for m in $(sed -n 's/^\[memory \(.*\)\]$/\1/p' "$hello/memories.ini"); do
	da=$(($(mem_field "$hello" "$m" da)))
	size=$(($(mem_field "$hello" "$m" size)))
	check "memory $m at its da and size in the control block" \
		grep -q "^memory $m da $(printf '0x%x' "$da") size $(printf '0x%x' "$size") offset " "$T_TMP/info1"
done
check "the shared memory is a power of two" \
	sh -c 'size=$(stat -c %s "$1"); [ $((size & (size - 1))) -eq 0 ]' sh "$hello/ivshmem.shm"
copy_in "$hello" || fail "copy_in"
"$guest" "$sock" start "$boot" > "$T_TMP/start" 2> "$T_TMP/gerr"
check "START is answered: running" grep -q "^id 3 state 1$" "$T_TMP/start"
check "the firmware ran from the shared memory: hello" wait_for 100 grep -q '^hello$' "$T_TMP/sim.out"
"$guest" "$sock" stop > "$T_TMP/stop" 2> "$T_TMP/gerr"
check "STOP is answered: offline" grep -q "state 0$" "$T_TMP/stop"
check "the server saw each guest go" grep -q "guest 3 disconnected; the core goes on" "$T_TMP/sim.err"
# the hold: answered, but the firmware does not run (no second hello)
"$guest" "$sock" hold-word on > /dev/null 2> "$T_TMP/gerr" || fail "hold-word on: $(cat "$T_TMP/gerr")"
"$guest" "$sock" start "$boot" > "$T_TMP/start" 2> "$T_TMP/gerr"
check "a START under the hold is answered: running" grep -q "state 1$" "$T_TMP/start"
check "the server says it holds the core" grep -q "held (the hold word is set): the core does not run" "$T_TMP/sim.err"
sleep 1
check "under the hold the firmware did not run: still one hello" [ "$(grep -c '^hello$' "$T_TMP/sim.out")" = 1 ]
"$guest" "$sock" stop > "$T_TMP/stop" 2> "$T_TMP/gerr"
check "the STOP of a held START is answered: offline" grep -q "state 0$" "$T_TMP/stop"
"$guest" "$sock" hold-word off > /dev/null 2> "$T_TMP/gerr" || fail "hold-word off: $(cat "$T_TMP/gerr")"
"$guest" "$sock" start "$boot" > "$T_TMP/start" 2> "$T_TMP/gerr"
check "the hold cleared, a START runs the firmware again: a second hello" \
	wait_for 100 sh -c '[ "$(grep -c "^hello$" "$1")" = 2 ]' sh "$T_TMP/sim.out"
"$guest" "$sock" stop > /dev/null 2> "$T_TMP/gerr"
stop_server

# --- idle: kicks both ways, a core that outlives its guest ---
sim_load arm idle || { fail "arm/idle: load"; finish; }
idle=$CORE
boot=$(sed -n 's/^boot_addr = //p' "$idle/loaded.ini")
serve "$idle"
copy_in "$idle" || fail "copy_in"
"$guest" "$sock" start "$boot" > "$T_TMP/start" 2> "$T_TMP/gerr" || fail "start: $(cat "$T_TMP/gerr")"
wait_for 100 grep -q "idle: waiting" "$T_TMP/sim.out" || fail "idle.elf did not start: $(tail -n 3 "$T_TMP/sim.err")"
# the guest that started it is gone; a new one kicks and is answered
"$guest" "$sock" kick 5 1 > "$T_TMP/kick" 2> "$T_TMP/gerr"
check "a kick (doorbell + host_kicks) reaches the core, its answer (core_kicks + MSI-X eventfd) the guest" \
	grep -q "^kick 1$" "$T_TMP/kick"
check "the core outlived the guest that started it: state running for the next" \
	grep -q "^id 3 state 1$" "$T_TMP/kick"
"$guest" "$sock" kick 7 1 > "$T_TMP/kick" 2> "$T_TMP/gerr"
check "a second kick, from a third guest: answered with the count 2" grep -q "^kick 2$" "$T_TMP/kick"
# a second guest at once is refused, the first one goes on
"$guest" "$sock" hold 2 > "$T_TMP/hold" 2> "$T_TMP/gerr3" &
gpid=$!
sleep 0.5
"$guest" "$sock" info > /dev/null 2> "$T_TMP/gerr2"
rc=$?
wait "$gpid"
check "a second guest at the same time is refused" [ "$rc" -ne 0 ]
check "the server says why" grep -q "a second guest connected while guest 5 is: refused" "$T_TMP/sim.err"
check "the guest connected first was served to its end" grep -q "^id 5 state 1$" "$T_TMP/hold"
"$guest" "$sock" stop > "$T_TMP/stop" 2> "$T_TMP/gerr"
check "STOP of a running core: offline" grep -q "state 0$" "$T_TMP/stop"
stop_server

# --- fault: the core crashes, the guest sees it ---
sim_load arm fault || { fail "arm/fault: load"; finish; }
fault=$CORE
boot=$(sed -n 's/^boot_addr = //p' "$fault/loaded.ini")
serve "$fault"
copy_in "$fault" || fail "copy_in"
"$guest" "$sock" start "$boot" > "$T_TMP/start" 2> "$T_TMP/gerr"
check "a faulting firmware: state crashed" wait_for 100 sh -c '[ "$("$1" "$2" info | sed -n "s/^id [0-9]* state //p")" = 2 ]' sh "$guest" "$sock"
check "the fault is reported on the server" grep -q "core fault: unmapped-read at 0x2badf00c" "$T_TMP/sim.err"
"$guest" "$sock" stop > "$T_TMP/stop" 2> "$T_TMP/gerr"
check "STOP of a crashed core: offline" grep -q "state 0$" "$T_TMP/stop"
stop_server
finish
