# Issue 11 part 6: the resident loader, rproc-loader --listen. With a
# listener joined to the "serve" group, a start of a PT_INTERP firmware is
# served by the listener (its log says so, the core runs), the kernel sends
# no load uevent (a rule of this scenario records every one) and the
# installed rule's helper does not run (the rule of this scenario is the
# installed one with its RUN replaced by a wrapper that leaves a trace). A broken config and an unknown plugin fail
# their starts at once with their errno (config read again at each load),
# the listener keeps going and serves the next start. Two listeners: each
# load is served once (CLAIM: one "serving", one "another loader's"). A
# stopped listener (SIGSTOP) is offered the load and never claims it: the
# start times out with the dmesg line saying so; resumed, it finds the load
# over. After SIGTERM (exit 0) the next start has its uevent again, and
# goes through the rule's helper.
# timeout: 300
. "$RPROC_GUEST/lib.sh"
. "$RPROC_GUEST/rproc.sh"
. "$RPROC_GUEST/uload.sh"

LOADER_FW=$(fw_name arm/hello.elf)
[ -f "/lib/firmware/$LOADER_FW" ] || skip "no /lib/firmware/$LOADER_FW"
confdir=$("$RPROC_LOADER" --help | sed -n 's/.*configuration directory (default \(.*\))$/\1/p')
[ -n "$confdir" ] || fail "rproc-loader --help names no configuration directory"
dropin=$confdir/loader.conf.d/50-rproc-tests-listen.conf
mkdir -p "$confdir/loader.conf.d"
LISTENERS=
listen_cleanup() {
	local pid
	for pid in $LISTENERS; do
		kill -KILL "$pid" 2> /dev/null
		wait "$pid" 2> /dev/null
	done
	rm -f "$dropin"
	uload_cleanup
}
trap listen_cleanup EXIT

sim_up
echo 10 > "$R/load_timeout"

# --- the rule: the installed one, its helper wrapped to leave a trace --------
grep -q "RUN+=\"$RPROC_LOADER\"" "$RPROC_RULES" || fail "$RPROC_RULES does not run $RPROC_LOADER"
cat > "$S_TMP/helper.sh" <<SH
#!/bin/sh
echo "\$RPROC_COOKIE" >> "$S_TMP/helper.ran"
exec $RPROC_LOADER
SH
{
	sed "s|RUN+=\"$RPROC_LOADER\"|RUN+=\"/bin/sh $S_TMP/helper.sh\"|" "$RPROC_RULES"
	# every load uevent udev gets: recorded
	echo "ACTION==\"change\", SUBSYSTEM==\"remoteproc\", ENV{RPROC_EVENT}==\"load\", RUN+=\"/bin/sh -c 'echo \$env{RPROC_COOKIE} >> $S_TMP/load.uevents'\""
} > "$S_TMP/rule.listen"
RULE_SAVED=${RULE_SAVED:-none}
[ -e "$RULE_OVERRIDE" ] && { cp "$RULE_OVERRIDE" "$S_TMP/rule.saved"; RULE_SAVED=file; }
udev_rules_write "$RULE_OVERRIDE" "$S_TMP/rule.listen" ||
	fail "udevd does not apply the scenario's rule $RULE_OVERRIDE"

# listener_up NAME: rproc-loader --listen -v in the background, its log in
# $S_TMP/NAME.err; its pid in LISTENER once it listens
listener_up() {
	"$RPROC_LOADER" --listen -v > "$S_TMP/$1.out" 2> "$S_TMP/$1.err" &
	LISTENER=$!
	LISTENERS="$LISTENERS $LISTENER"
	wait_for 10 grep -q 'listening for loads' "$S_TMP/$1.err" 2> /dev/null ||
		fail "rproc-loader --listen ($1) does not listen: $(tr '\n' '|' < "$S_TMP/$1.err")"
	echo "ok: $1 listens (pid $LISTENER)"
}

# served_start NAME: the start runs, served by listener NAME, not by the helper
served_start() {
	local n0
	n0=$(grep -c 'served: exit status 0' "$S_TMP/$1.err")
	rm -f "$S_TMP/helper.ran" "$S_TMP/load.uevents"
	start "$GOOD_FW" || fail "start with listener $1 failed: $(dmesg | tail -n 3 | tr '\n' '|')"
	wait_for 30 state_is running || fail "start with listener $1: state $(cat "$R/state")"
	wait_for 20 trace_has hello || fail "start with listener $1: no hello in trace0"
	wait_for 5 test "$(grep -c 'served: exit status 0' "$S_TMP/$1.err")" -gt "$n0" ||
		fail "listener $1 did not serve the start: $(tail -n 4 "$S_TMP/$1.err" | tr '\n' '|')"
	rproc_stop || fail "stop: state $(cat "$R/state")"
	# whatever udevd got is handled: no load uevent, no helper
	udevadm settle -t 10 || fail "udevadm settle: udevd still busy after 10 s"
	[ ! -e "$S_TMP/load.uevents" ] ||
		fail "a load uevent came to udev for cookie $(cat "$S_TMP/load.uevents")"
	[ ! -e "$S_TMP/helper.ran" ] ||
		fail "udev's rule ran the helper too, for cookie $(cat "$S_TMP/helper.ran")"
	echo "ok: listener $1 served the start, no load uevent, no helper ran"
}

listener_up one
L1=$LISTENER
served_start one
served_start one
echo "ok: two starts in a row, both the listener's"

# --- failing loads: answered with their errno, the listener goes on ---------
# failed_start NAME FIRMWARE ERRNO-TEXT ERRNO EXIT
failed_start() {
	local t0 t1
	dmesg_mark
	t0=$(awk '{ printf "%d", $1 * 1000 }' /proc/uptime)
	start_must_fail "$2"
	t1=$(awk '{ printf "%d", $1 * 1000 }' /proc/uptime)
	expect_start_error "$3"
	[ $((t1 - t0)) -le 2000 ] || fail "$1: the start took $((t1 - t0)) ms, not 2 s at most"
	expect_dmesg "user-mode load of $2 failed: -$4\$"
	expect_offline
	wait_for 5 grep -q "served: exit status $5" "$S_TMP/one.err" ||
		fail "$1: the listener did not answer it (exit status $5): $(tail -n 4 "$S_TMP/one.err" | tr '\n' '|')"
	kill -0 "$L1" 2> /dev/null || fail "$1: the listener died: $(tail -n 4 "$S_TMP/one.err" | tr '\n' '|')"
	[ ! -e "$S_TMP/helper.ran" ] || fail "$1: udev's helper ran too"
	echo "ok: $1: answered in $((t1 - t0)) ms by the listener, which goes on"
}
rm -f "$S_TMP/helper.ran"
printf '[loader]\ntimeout = soon\n' > "$dropin"
failed_start "broken config" "$GOOD_FW" "Invalid argument" 22 3
grep -q "50-rproc-tests-listen.conf:2: \[loader\] timeout = 'soon'" "$S_TMP/one.err" ||
	fail "broken config: the listener did not name the line"
printf '[firmware hello.elf]\nloader = nosuchplugin\n' > "$dropin"
echo user > "$R/loader"
failed_start "unknown plugin" "$LOADER_FW" "No such file or directory" 2 5
echo auto > "$R/loader"
rm -f "$dropin"
served_start one
echo "ok: the config's edits count from the next load"

# --- two listeners: each load claimed once -----------------------------------
listener_up two
L2=$LISTENER
n1=$(grep -c 'serving the load' "$S_TMP/one.err")
n2=$(grep -c 'serving the load' "$S_TMP/two.err")
rm -f "$S_TMP/helper.ran"
start "$GOOD_FW" || fail "start with two listeners failed: $(dmesg | tail -n 3 | tr '\n' '|')"
wait_for 30 state_is running || fail "start with two listeners: state $(cat "$R/state")"
wait_for 20 trace_has hello || fail "start with two listeners: no hello in trace0"
rproc_stop || fail "stop: state $(cat "$R/state")"
wait_for 5 sh -c "grep -q \"another loader's\" '$S_TMP/one.err' '$S_TMP/two.err'" ||
	fail "neither listener saw the other's claim: $(tail -n 2 "$S_TMP/one.err" "$S_TMP/two.err" | tr '\n' '|')"
d1=$(($(grep -c 'serving the load' "$S_TMP/one.err") - n1))
d2=$(($(grep -c 'serving the load' "$S_TMP/two.err") - n2))
[ $((d1 + d2)) -eq 1 ] || fail "two listeners served the load $((d1 + d2)) times"
[ ! -e "$S_TMP/helper.ran" ] || fail "two listeners: udev's helper ran too"
echo "ok: two listeners, one served the load (one: $d1, two: $d2), the other's claim refused"
kill -TERM "$L2"
wait "$L2"
rc=$?
[ "$rc" = 0 ] || fail "listener two exited $rc after SIGTERM, not 0"
echo "ok: SIGTERM: the listener exits 0: $(tail -n 1 "$S_TMP/two.err")"

# --- a stopped listener: offered, never claimed: the kernel's timeout ---------
echo 3 > "$R/load_timeout"
kill -STOP "$L1"
dmesg_mark
start_must_fail "$GOOD_FW"
expect_start_error "Connection timed out"
expect_dmesg "no answer in 3 s (offered to resident loaders, none claimed it)"
expect_offline
[ ! -e "$S_TMP/helper.ran" ] || fail "a stopped listener: udev's helper ran too"
kill -CONT "$L1"
wait_for 5 grep -q 'ended before it was claimed' "$S_TMP/one.err" ||
	fail "the resumed listener did not find the load over: $(tail -n 3 "$S_TMP/one.err" | tr '\n' '|')"
echo "ok: resumed, the listener finds the load over and goes on"
echo 10 > "$R/load_timeout"
served_start one

# --- no listener: udev's helper again ------------------------------------------
kill -TERM "$L1"
wait "$L1"
rc=$?
[ "$rc" = 0 ] || fail "listener one exited $rc after SIGTERM, not 0"
LISTENERS=
grep -q 'listener ends: [1-9][0-9]* loads loaded, 2 failed' "$S_TMP/one.err" ||
	fail "listener one's last words: $(tail -n 1 "$S_TMP/one.err")"
rm -f "$S_TMP/helper.ran" "$S_TMP/load.uevents"
start "$GOOD_FW" || fail "start without a listener failed: $(dmesg | tail -n 3 | tr '\n' '|')"
wait_for 30 state_is running || fail "start without a listener: state $(cat "$R/state")"
wait_for 20 trace_has hello || fail "start without a listener: no hello in trace0"
rproc_stop || fail "stop: state $(cat "$R/state")"
wait_for 5 test -s "$S_TMP/helper.ran" || fail "without a listener, udev's helper did not run"
wait_for 5 test -s "$S_TMP/load.uevents" || fail "without a listener, no load uevent came to udev"
pass "listener served its loads, answered failures and kept going, two listeners claimed once, a stopped one timed out, udev's helper serves without one"
