# Issue 11 part 2: every load gets an answer. rproc-loader, run by udev,
# fails for a broken loader.conf, a *.conf drop-in that is a directory, an
# unknown plugin, a firmware it cannot find or read in its firmware_path, a
# firmware name the kernel takes and it refuses, and a backend failure after
# the plan was checked (the mmap of a memory, under an address-space limit
# just above what the checked plan needed). Each time it answers the
# failure's errno at once: `echo start` fails within 2 s (load_timeout is
# 10 s here) with that errno, dmesg has "user-mode load of FIRMWARE failed:
# -ERRNO", the rproc is offline, and the next start (the installed rule,
# hello-interp.elf) runs. Every case is run and reported before the verdict.
# timeout: 240
. "$RPROC_GUEST/lib.sh"
. "$RPROC_GUEST/rproc.sh"
. "$RPROC_GUEST/uload.sh"

TIMEOUT=10
LOADER_FW=$(fw_name arm/hello.elf)
[ -f "/lib/firmware/$LOADER_FW" ] || skip "no /lib/firmware/$LOADER_FW"
confdir=$("$RPROC_LOADER" --help | sed -n 's/.*configuration directory (default \(.*\))$/\1/p')
[ -n "$confdir" ] || fail "rproc-loader --help names no configuration directory"
conf=$confdir/loader.conf
dropin=$confdir/loader.conf.d/50-rproc-tests-answers.conf
mkdir -p "$confdir/loader.conf.d"
[ -e "$conf" ] && cp "$conf" "$S_TMP/loader.conf.saved"
answers_cleanup() {
	rm -rf "$dropin" "/lib/firmware/rproc-tools/arm/hello..elf"
	if [ -e "$S_TMP/loader.conf.saved" ]; then cp "$S_TMP/loader.conf.saved" "$conf"; else rm -f "$conf"; fi
	uload_cleanup
}
trap answers_cleanup EXIT

sim_up
echo "$TIMEOUT" > "$R/load_timeout"

# udev runs rproc-loader through run.sh for the whole scenario, which keeps
# its messages and exit status; $S_TMP/mode says how: "plain", "limit KIB"
# (under that address-space limit) or "calibrate" (below). One rule for all:
# a case changes the mode, not the rule
cat > "$S_TMP/run.sh" <<SH
#!/bin/sh
read -r mode arg < "$S_TMP/mode"
case "\$mode" in
limit) ulimit -v "\$arg" ;;
calibrate) /bin/sh "$S_TMP/calibrate.sh" ;;
esac
$RPROC_LOADER 2> "$S_TMP/loader.err.new"
echo "exit \$?" >> "$S_TMP/loader.err.new"
mv "$S_TMP/loader.err.new" "$S_TMP/loader.err"
SH
mode() {
	echo "$*" > "$S_TMP/mode"
}

uptime_ms() {
	awk '{ printf "%d", $1 * 1000 }' /proc/uptime
}

FAILED=
bad() {
	echo "FAIL: $*"
	FAILED="${FAILED:+$FAILED; }$*"
}

# next_start: through run.sh, plain: hello-interp.elf runs; 0 when run.sh ran
next_start() {
	mode plain
	rm -f "$S_TMP/loader.err"
	start "$GOOD_FW" || fail "the next start failed: $(dmesg | tail -n 3 | tr '\n' '|')"
	wait_for 30 state_is running || fail "the next start: state $(cat "$R/state")"
	wait_for 20 trace_has hello || fail "the next start: no hello in trace0"
	rproc_stop || fail "stop: state $(cat "$R/state")"
	wait_for 5 grep -q '^exit 0' "$S_TMP/loader.err"
}

# in effect when helper_rule returns: the first start goes through run.sh
helper_rule "/bin/sh $S_TMP/run.sh"
next_start || fail "the first start after helper_rule did not run the scenario's rule (${RULE_OVERRIDE})"
echo "ok: udevd runs rproc-loader through the scenario's rule"

# answered NAME FIRMWARE ERRNO-TEXT ERRNO [MODE]: the start fails at once with
# that errno, dmesg says so, the next start runs
answered() {
	local name=$1 fw=$2 text=$3 errno=$4 t0 t1 ms
	echo "=== $name"
	mode "${5:-plain}"
	rm -f "$S_TMP/loader.err"
	dmesg_mark
	t0=$(uptime_ms)
	echo "$fw" > "$R/firmware" || fail "cannot set firmware $fw"
	if (echo start > "$R/state") 2> "$S_TMP/start.err"; then
		bad "$name: the start succeeded (state $(cat "$R/state"))"
		rproc_stop
	fi
	t1=$(uptime_ms)
	# busybox: "sh: write error: Connection timed out"
	START_ERR=$(sed -n '$s/.*: //p' "$S_TMP/start.err")
	ms=$((t1 - t0))
	TIMES="${TIMES:+$TIMES, }-$errno in $ms ms"
	# rproc-loader answered before it exits: its last words may come later
	wait_for 5 test -f "$S_TMP/loader.err" || bad "$name: run.sh did not run (another rule?)"
	echo "start failed after $ms ms: '$START_ERR'; rproc-loader: $(tail -n 4 "$S_TMP/loader.err" | tr '\n' '|')"
	dmesg_since | grep -e remoteproc -e rproc | tail -n 4
	[ "$ms" -le 2000 ] || bad "$name: the start took $ms ms, not 2 s at most"
	[ "$START_ERR" = "$text" ] || bad "$name: the start failed with '$START_ERR', not '$text'"
	dmesg_since | grep -q "user-mode load of $fw failed: -$errno\$" ||
		bad "$name: no 'user-mode load of $fw failed: -$errno' in dmesg: $(dmesg_since | tail -n 3 | tr '\n' '|')"
	wait_for 5 state_is offline || bad "$name: state $(cat "$R/state"), not offline"
	cp "$S_TMP/loader.err" "$S_TMP/case.err" 2> /dev/null
	# what the case set up goes before the next start
	eval "$UNDO"
	UNDO=
	next_start || bad "$name: the next start did not go through run.sh"
	echo "ok: the next start runs"
}
UNDO=
TIMES=
restore_conf() {
	if [ -e "$S_TMP/loader.conf.saved" ]; then cp "$S_TMP/loader.conf.saved" "$conf"; else rm -f "$conf"; fi
}

# --- the config: a bad value in loader.conf, a drop-in that is a directory --------------
printf '[loader]\ntimeout = soon\n' > "$conf"
UNDO=restore_conf
answered "broken loader.conf" "$GOOD_FW" "Invalid argument" 22
grep -q "loader.conf:2: \[loader\] timeout = 'soon'" "$S_TMP/case.err" ||
	bad "broken loader.conf: rproc-loader did not name the line"
mkdir "$dropin"
UNDO='rmdir "$dropin"'
answered "a directory named *.conf" "$GOOD_FW" "Is a directory" 21

# --- an unknown plugin: the config names it for a firmware without PT_INTERP -----------
printf '[firmware hello.elf]\nloader = nosuchplugin\n' > "$dropin"
echo user > "$R/loader"
UNDO='rm -f "$dropin"; echo auto > "$R/loader"'
answered "unknown plugin" "$LOADER_FW" "No such file or directory" 2
grep -q "nosuchplugin" "$S_TMP/case.err" || bad "unknown plugin: rproc-loader did not name it"

# --- a firmware rproc-loader cannot read: the kernel read its own copy (and
# found PT_INTERP), rproc-loader searches the firmware_path of its config
fwdir=$S_TMP/firmware
mkdir -p "$fwdir/rproc-tools/arm"
printf '[loader]\nfirmware_path = %s\n' "$fwdir" > "$dropin"
UNDO='rm -f "$dropin"'
answered "firmware not in firmware_path" "$GOOD_FW" "No such file or directory" 2
printf '[loader]\nfirmware_path = %s\n' "$fwdir" > "$dropin"
: > "$fwdir/$GOOD_FW"
UNDO='rm -f "$dropin"'
answered "empty firmware in firmware_path" "$GOOD_FW" "Invalid argument" 22

# --- an event rproc-loader refuses: a name the kernel takes ('..' inside a
# component), that rproc-loader does not; the event named the load, so it is
# answered
dotfw=rproc-tools/arm/hello..elf
cp "/lib/firmware/$GOOD_FW" "/lib/firmware/$dotfw"
UNDO='rm -f "/lib/firmware/$dotfw"'
answered "firmware name with '..'" "$dotfw" "Invalid argument" 22
grep -q "RPROC_FIRMWARE='$dotfw': contains '..'" "$S_TMP/case.err" ||
	bad "firmware name with '..': rproc-loader did not name RPROC_FIRMWARE"

# --- the backend after the plan was checked: an mmap fails -----------------------------
# the smallest address-space limit (KiB) under which this load's dry run
# passes (same event, firmware, plugin, memories: everything up to the
# checked plan), found in the event itself before run.sh's real run
cat > "$S_TMP/calibrate.sh" <<SH
#!/bin/sh
lo=1024 hi=524288
if (ulimit -v \$hi; exec $RPROC_LOADER --dry-run) > "$S_TMP/calibrate.out" 2>&1; then
	while [ \$((hi - lo)) -gt 16 ]; do
		mid=\$(((lo + hi) / 2))
		if (ulimit -v \$mid; exec $RPROC_LOADER --dry-run) > /dev/null 2>&1; then
			hi=\$mid
		else
			lo=\$mid
		fi
	done
	echo \$hi > "$S_TMP/limit"
fi
SH
echo 60 > "$R/load_timeout"
mode calibrate
rm -f "$S_TMP/limit"
start "$GOOD_FW" || fail "the calibrating start failed: $(dmesg | tail -n 3 | tr '\n' '|')"
wait_for 30 state_is running || fail "the calibrating start: state $(cat "$R/state")"
rproc_stop || fail "stop: state $(cat "$R/state")"
echo "$TIMEOUT" > "$R/load_timeout"
[ -s "$S_TMP/limit" ] ||
	fail "no dry run of rproc-loader passed under 512 MiB of address space: $(tr '\n' '|' < "$S_TMP/calibrate.out" 2> /dev/null)"
need=$(cat "$S_TMP/limit")
# the memories it maps next: flash, sram (256 KiB each) and shm (1 MiB)
echo "a dry run needs $need KiB of address space; the load gets $((need + 512)) KiB"
answered "mmap after the checked plan" "$GOOD_FW" "Cannot allocate memory" 12 "limit $((need + 512))"
grep -q "mmap of memory .*Cannot allocate memory" "$S_TMP/case.err" ||
	bad "mmap after the checked plan: rproc-loader failed elsewhere: $(tr '\n' '|' < "$S_TMP/case.err")"

# the installed rule again
good_start

[ -z "$FAILED" ] || fail "$FAILED"
pass "broken loader.conf (-22), a directory drop-in (-21), an unknown plugin (-2), a firmware missing (-2) or empty (-22) in firmware_path, a refused firmware name (-22), an mmap failing after the checked plan (-12): each start failed within 2 s ($TIMES) with the errno in dmesg, and the next one ran"
