# Issue 11, part 5: a core with a memory private to it (a TCM the host
# cannot address). The kernel lists such a memory with RPROC_LOADER_MEM_NOMAP
# and without RPROC_LOADER_ATTR_MEM_MMAP_OFFSET (it has no place on
# /dev/remoteprocN); rproc-loader once refused the whole list (-EPROTO), so
# every start of such a core failed. kernel.sh boots every scenario with
# rproc_sim.memories=...,tcm@0x10000000:64K:private (the driver's parameters
# are read-only at run time and it is built in, so the command line is the
# one place to set them).
#  - hello-interp.elf starts through udev and rproc-loader, runs under
#    rproc-sim (its trace buffer has hello);
#  - a raw image the config places into tcm (bin plugin, bin.da in tcm) is
#    refused before anything is written: the start fails at once with
#    EACCES (-13 in dmesg), rproc-loader says the memory is one the host
#    cannot address (its syslog), and the next start works.
# timeout: 120
. "$RPROC_GUEST/lib.sh"
. "$RPROC_GUEST/rproc.sh"

[ -n "${RPROC_LOADER:-}" ] || skip "rproc-loader was not built"
[ -f "$R/loader" ] || fail "no $R/loader: the user-mode loading patches are not in this kernel"
fw=$(fw_name arm/hello-interp.elf)
[ -f "/lib/firmware/$fw" ] || skip "no /lib/firmware/$fw"
grep -q 'rproc_sim.memories=[^ ]*tcm@0x10000000:64K:private' /proc/cmdline ||
	fail "booted without the private memory tcm (tests/kernel/kernel.sh sets rproc_sim.memories): $(cat /proc/cmdline)"

# the driver has it: rproc-sim --dump copies every memory, the private one too
mkdir -p "$S_TMP/dump"
"$RPROC_SIM" --device "$SIMDEV" --dump "$S_TMP/dump" > "$S_TMP/dump.out" 2>&1 ||
	fail "rproc-sim --dump: $(tr '\n' '|' < "$S_TMP/dump.out")"
[ "$(stat -c %s "$S_TMP/dump/tcm.bin" 2> /dev/null)" = 65536 ] ||
	fail "the driver has no 64 KiB memory tcm: $(ls "$S_TMP/dump" | tr '\n' ' ')"

confdir=$("$RPROC_LOADER" --help | sed -n 's/.*configuration directory (default \(.*\))$/\1/p')
[ -n "$confdir" ] || fail "rproc-loader --help names no configuration directory"
snippet=$confdir/loader.conf.d/90-rproc-tests-private.conf
mkdir -p "$confdir/loader.conf.d"
loader0=$(cat "$R/loader")
raw=rproc-tools/rproc-tests-tcm.bin
syslog=$S_TMP/syslog
syslogd -n -O "$syslog" &
SYSLOGD_PID=$!
wait_for 5 test -S /dev/log || fail "busybox syslogd made no /dev/log"
private_cleanup() {
	kill "$SYSLOGD_PID" 2> /dev/null
	rm -f "$snippet" "/lib/firmware/$raw"
	echo "$loader0" > "$R/loader"
	cleanup
}
trap private_cleanup EXIT
cat > "$snippet" << CONF
[loader]
log_target = syslog
log_level = info

[firmware rproc-tests-tcm.bin]
loader = bin
bin.da = 0x10000000
CONF
head -c 256 /dev/urandom > "/lib/firmware/$raw"

sim_up
echo auto > "$R/loader"

# a start through rproc-loader: the memory list has tcm, and is taken
start "$fw" || fail "hello-interp.elf: echo start failed: $(dmesg | tail -n 4 | tr '\n' '|') $(grep rproc-loader "$syslog" | tail -n 3 | tr '\n' '|')"
wait_for 30 state_is running || fail "hello-interp.elf: state $(cat "$R/state"); dmesg: $(dmesg | tail -n 4 | tr '\n' '|')"
wait_for 20 trace_has hello || fail "hello-interp.elf: trace0 has no hello: '$(cat "$DBG/trace0" 2>&1)'"
rproc_stop || fail "hello-interp.elf: stop: state $(cat "$R/state")"
echo "ok: hello-interp.elf started through rproc-loader with tcm private, ran: trace0 has hello"

# a plan that writes into tcm: refused at once, nothing written
echo user > "$R/loader"
dmesg_n=$(dmesg | wc -l)
echo "$raw" > "$R/firmware"
t0=$(cut -d' ' -f1 /proc/uptime)
if (echo start > "$R/state") 2> "$S_TMP/start.err"; then
	fail "$raw started though its image lies in the private memory tcm"
fi
t1=$(cut -d' ' -f1 /proc/uptime)
took=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
grep -q "Permission denied" "$S_TMP/start.err" ||
	fail "the start failed with '$(cat "$S_TMP/start.err")', not EACCES"
dmesg | tail -n +$((dmesg_n + 1)) | grep -q "user-mode load of $raw failed: -13" ||
	fail "no dmesg line of the helper's -13 answer: $(dmesg | tail -n 3 | tr '\n' '|')"
awk -v t="$took" 'BEGIN { exit !(t < 10) }' ||
	fail "the refused start took $took s: the kernel waited for its own load_timeout"
wait_for 5 grep -q "rproc-loader.*segment 0: da 0x10000000-0x100000ff is in memory 'tcm', which the host cannot address (nomap)" "$syslog" ||
	fail "rproc-loader did not say why: $(grep rproc-loader "$syslog" | tail -n 4 | tr '\n' '|')"
wait_for 5 state_is offline || fail "state $(cat "$R/state") after the refused load"
echo "ok: $raw refused in $took s: $(grep -o "segment 0: da .*(nomap)" "$syslog" | head -n 1)"

# and the next start works
echo auto > "$R/loader"
start "$fw" || fail "hello-interp.elf after the refusal: echo start failed: $(dmesg | tail -n 4 | tr '\n' '|')"
wait_for 30 state_is running || fail "hello-interp.elf after the refusal: state $(cat "$R/state")"
rproc_stop || fail "hello-interp.elf after the refusal: stop"
pass "a core with a private memory (tcm): hello-interp.elf started through rproc-loader and ran; a raw image placed in tcm was refused in $took s (EACCES, the reason in rproc-loader's log); the next start worked"
