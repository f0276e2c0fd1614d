# Issue scenario 7: 50 start/stop cycles, each load alternating between
# rproc-loader (hello-interp.elf, through udev) and the kernel's own loader
# (hello.elf), each run proven by the firmware's trace buffer; then kmemleak
# reports nothing new, no helper is left behind and nothing stays mapped.
# timeout: 300
. "$RPROC_GUEST/lib.sh"
. "$RPROC_GUEST/rproc.sh"

cycles=50
k=/sys/kernel/debug/kmemleak
[ -n "${RPROC_LOADER:-}" ] || skip "rproc-loader was not built"
[ -f "$R/loader" ] || fail "no $R/loader: the user-mode loading patches are not in this kernel"
user_fw=$(fw_name arm/hello-interp.elf)
kernel_fw=$(fw_name arm/hello.elf)
for f in "$user_fw" "$kernel_fw"; do
	[ -f "/lib/firmware/$f" ] || skip "no /lib/firmware/$f"
done
[ -e "$k" ] || skip "no $k (CONFIG_DEBUG_KMEMLEAK, debugfs)"

echo auto > "$R/loader"
# kmemleak is not cleared here: a leak of an earlier scenario fails this
# one too (its backtrace names the culprit), and scenario 99 checks again
sim_up

user=0
kernel=0
t0=$(cut -d' ' -f1 /proc/uptime)
i=1
while [ "$i" -le "$cycles" ]; do
	if [ $((i % 2)) -eq 1 ]; then
		fw=$user_fw
		user=$((user + 1))
	else
		fw=$kernel_fw
		kernel=$((kernel + 1))
	fi
	start "$fw" || fail "cycle $i: echo start ($fw) failed: $(dmesg | tail -n 3 | tr '\n' '|')"
	wait_for 20 state_is running || fail "cycle $i: state $(cat "$R/state"), not running"
	wait_for 20 trace_has hello ||
		fail "cycle $i ($fw): trace0 has no hello: '$(cat "$DBG/trace0" 2>&1)'"
	echo stop > "$R/state" || fail "cycle $i: echo stop failed"
	wait_for 10 state_is offline || fail "cycle $i: stop: state $(cat "$R/state")"
	i=$((i + 1))
done
t1=$(cut -d' ' -f1 /proc/uptime)
echo "$cycles cycles ($user by rproc-loader, $kernel by the kernel) in $(echo "$t1 - $t0" | bc) s"

# rproc-sim served every cycle and is still the core
kill -0 "$SIM_PID" 2> /dev/null || fail "rproc-sim exited during the cycles: $(tail -n 3 "$S_TMP/sim.err")"
# no helper left running, no process maps the remoteproc device
pids=$(pidof rproc-loader) && fail "an rproc-loader is still running: pid $pids"
for m in /proc/[0-9]*/maps; do
	grep -q remoteproc "$m" 2> /dev/null && fail "${m%/maps} still maps: $(grep remoteproc "$m" | head -n 1)"
done

kmemleak_quiet " after $cycles start/stop cycles"
pass "$cycles start/stop cycles ($user rproc-loader, $kernel kernel loader) in $(echo "$t1 - $t0" | bc) s, each traced hello; kmemleak: nothing new"
