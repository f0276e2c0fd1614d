# tests/bench/bench-rpmsg.sh's guest half (rproc.bench=rpmsg): arm/svc-interp.elf
# on remoteproc0 through rproc-loader, its services under the udev rules'
# names /dev/rpmsg/<rproc>/<service>, then rpmsg-bench (tests/kernel/tools/)
# with rproc.runs=N runs of each comparison (default 11): round trips
# through librproc against write/read on the same /dev/rpmsgN, batched TX
# and RX against a call a message, endpoints made and destroyed by fd
# against through a /dev node. Its RPROC-BENCH lines go to the result port
# (guest/init); it fails only when something does not work.
# timeout: 600
. "$RPROC_GUEST/lib.sh"
. "$RPROC_GUEST/rproc.sh"

[ -n "${RPROC_LOADER:-}" ] || skip "rproc-loader was not built"
fw=$(fw_name arm/svc-interp.elf)
[ -f "/lib/firmware/$fw" ] || skip "no /lib/firmware/$fw"
command -v rpmsg-bench > /dev/null || fail "no rpmsg-bench in \$PATH (KERNEL_GUEST_TOOLS)"
runs=11
for arg in $(cat /proc/cmdline); do
	case "$arg" in
	rproc.runs=*) runs=${arg#rproc.runs=} ;;
	esac
done

sim_up
rp=$(cat "$R/name")
D=/dev/rpmsg/$rp
start "$fw" || fail "start $fw failed"
wait_for 30 state_is running || fail "state $(cat "$R/state") after start"
wait_for 20 trace_has "svc: ready" || fail "svc-interp never got ready: $(tr '\n' '|' < "$DBG/trace0")"
for n in rpmsg-echo@0x400 rpmsg-sink rpmsg-flood rpmsg_ctrl; do
	wait_for 20 test -c "$D/$n" || fail "no $D/$n (the rpmsg udev rules, the issue-13 uevents)"
done
udevadm settle --timeout=30 || :
rpmsg-bench --proc "$rp" --runs "$runs" > "$S_TMP/bench.out" 2>&1
rc=$?
cat "$S_TMP/bench.out"
[ "$rc" = 0 ] || fail "rpmsg-bench: exit $rc: $(grep -v '^RPROC-BENCH ' "$S_TMP/bench.out" | tail -n 1)"
trace_has "not echoed\|stopped at\|lost\|failed" && fail "the firmware reports an error: $(tr '\n' '|' < "$DBG/trace0")"
echo stop > "$R/state"
wait_for 10 state_is offline || fail "stop: state $(cat "$R/state")"
sim_down
pass "$runs runs of each comparison (latency, tx, rx, ept)"
