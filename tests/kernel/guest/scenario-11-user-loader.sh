# Issue scenario 2 (loading half): an ELF with PT_INTERP is not loaded by
# the kernel: echo start -> uevent -> systemd-udevd -> the project's rule ->
# rproc-loader (kernel backend: sysfs, netlink, mmap) -> the firmware runs
# under rproc-sim and its trace buffer is readable.
# timeout: 90
. "$RPROC_GUEST/lib.sh"
. "$RPROC_GUEST/rproc.sh"

[ -n "${RPROC_LOADER:-}" ] || skip "rproc-loader was not built"
[ -f "$R/loader" ] || fail "no $R/loader: the user-mode loading patches are not in this kernel"
fw=$(fw_name arm/hello-interp.elf)
[ -f "/lib/firmware/$fw" ] || skip "no /lib/firmware/$fw"
echo auto > "$R/loader"
udevadm control --log-level=info 2> /dev/null
sim_up
t0=$(cut -d' ' -f1 /proc/uptime)
# what rproc-loader said, as udevd logged it (with rproc.debug=1)
helper_log() {
	grep -h "rproc-loader" /run/rproc-tests/udevd.log 2> /dev/null | tail -n 8
}
start "$fw" || { helper_log; fail "echo start failed: $(dmesg | tail -n 5 | tr '\n' '|')"; }
wait_for 30 state_is running || fail "state $(cat "$R/state"); dmesg: $(dmesg | tail -n 5 | tr '\n' '|')"
t1=$(cut -d' ' -f1 /proc/uptime)
wait_for 20 trace_has hello || fail "trace0 has no hello: '$(cat "$DBG/trace0" 2>&1)'"
dmesg | grep -q "rproc-loader\|user-mode\|user space" && echo "dmesg: $(dmesg | grep -i 'load' | tail -n 2 | tr '\n' '|')"
echo stop > "$R/state"
wait_for 10 state_is offline || fail "stop: state $(cat "$R/state")"
pass "hello-interp.elf loaded by rproc-loader through udev in $(echo "$t1 - $t0" | bc 2>/dev/null || echo "$t0..$t1") s, ran under rproc-sim: trace0 has hello"
