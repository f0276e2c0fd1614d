# Sourced by the scenarios of the user-mode load's failure paths (20-29),
# after lib.sh and rproc.sh: replace the helper udev runs for a load event,
# hold mappings across a load's end with rproc-forge (tests/kernel/tools/),
# check how a start failed. POSIX sh plus "local".

[ -n "${RPROC_LOADER:-}" ] || skip "rproc-loader was not built"
[ -n "${RPROC_RULES:-}" ] || skip "the project's udev rule was not installed"
[ -f "$R/loader" ] || fail "no $R/loader: the user-mode loading patches are not in this kernel"
FORGE=$(command -v rproc-forge) || skip "no rproc-forge (tests/kernel/tools/) in the initramfs"
GOOD_FW=$(fw_name arm/hello-interp.elf)
[ -f "/lib/firmware/$GOOD_FW" ] || skip "no /lib/firmware/$GOOD_FW"

# a rule of the same name in /etc/udev/rules.d overrides the installed one
RULE_OVERRIDE=/etc/udev/rules.d/${RPROC_RULES##*/}
RULE_SAVED=
LOAD_TIMEOUT0=$(cat "$R/load_timeout")
LOADER0=$(cat "$R/loader")
echo auto > "$R/loader"
BG_START=	# a start left in the background (begin_load), ended by the cleanup

# helper_rule [RUN]...: udev runs these programs, in order, for a load event
# instead of rproc-loader; none: nobody answers but the scenario. Returns
# once udevd applies the rule (udev_rules_write's probe), or fails
helper_rule() {
	if [ -z "$RULE_SAVED" ]; then
		if [ -e "$RULE_OVERRIDE" ]; then
			cp "$RULE_OVERRIDE" "$S_TMP/rule.saved"
			RULE_SAVED="file"
		else
			RULE_SAVED="none"
		fi
	fi
	{
		echo "# ${0##*/}: replaces $RPROC_RULES"
		for run in "$@"; do
			echo "ACTION==\"change\", SUBSYSTEM==\"remoteproc\", ENV{RPROC_EVENT}==\"load\", RUN+=\"$run\""
		done
	} > "$S_TMP/rule.helper"
	udev_rules_write "$RULE_OVERRIDE" "$S_TMP/rule.helper" ||
		fail "udevd does not apply the scenario's rule $RULE_OVERRIDE"
}

# helper_rule_restore: the installed rule (rproc-loader) again, in effect
# when it returns 0 (1: udevd never applied it). With no override before,
# the override becomes a copy of the installed rule (and the probe) rather
# than going: a deletion cannot carry a probe, and a rules load that
# listed the override before it went and opened it after would have no
# rule for a load at all
helper_rule_restore() {
	local src
	case "$RULE_SAVED" in
	file) src=$S_TMP/rule.saved ;;
	none) src=$RPROC_RULES ;;
	*) return 0 ;;
	esac
	udev_rules_write "$RULE_OVERRIDE" "$src" || return 1
	RULE_SAVED=
}

# begin_load: start GOOD_FW in the background (BG_START), nobody answering
# (helper_rule with no RUN); the load's cookie in COOKIE
begin_load() {
	# a fresh file: the child truncates it only once it runs, and the
	# previous load's "listening" line must not let the start go first
	rm -f "$S_TMP/wait.out"
	"$FORGE" --timeout 20 wait > "$S_TMP/wait.out" 2>&1 &
	local wait_pid=$!
	wait_for 10 grep -q '^listening' "$S_TMP/wait.out" ||
		fail "rproc-forge wait: $(tr '\n' '|' < "$S_TMP/wait.out")"
	echo "$GOOD_FW" > "$R/firmware"
	dmesg_mark
	(echo start > "$R/state") 2> "$S_TMP/start.err" &
	BG_START=$!
	wait "$wait_pid" || fail "no PENDING load event: $(tr '\n' '|' < "$S_TMP/wait.out");" \
		"state $(cat "$R/state"), start $(kill -0 "$BG_START" 2> /dev/null && echo waiting || echo ended);" \
		"dmesg: $(dmesg_since | tail -n 4 | tr '\n' '|')"
	COOKIE=$(sed -n 's/^pending: .* cookie \([0-9]*\) .*/\1/p' "$S_TMP/wait.out")
	[ -n "$COOKIE" ] || fail "no cookie in: $(cat "$S_TMP/wait.out")"
}

# start_failed: the background start failed; its error text in START_ERR
start_failed() {
	wait "$BG_START" && fail "the start succeeded after a reply that is no answer"
	BG_START=
	START_ERR=$(sed -n '$s/.*: //p' "$S_TMP/start.err")
}

# forge WHAT OPTIONS...: rproc-forge for the pending load; fails the scenario
# unless it exits 0 (the kernel answered as --expect says, mappings as --after says)
forge() {
	local what=$1
	shift
	"$FORGE" --cookie "$COOKIE" "$@" > "$S_TMP/forge.out" 2>&1 ||
		fail "$what: $(tr '\n' '|' < "$S_TMP/forge.out")"
	echo "ok: $what: $(grep -e '^LOAD_DONE' -e '^GET_MEMORIES' -e '^extack' "$S_TMP/forge.out" | tr '\n' ' ')"
}

# holder OUT: the first RUN of a rule: rproc-forge maps the load's memories,
# hands over to the next helper, and reports in OUT on the load's end
holder() {
	echo "$FORGE --from-env --detach --timeout 30 --output $1 hold"
}

# the kernel's messages from now on: dmesg_mark, then dmesg_since
dmesg_mark() {
	DMESG_MARK="rproc-tests mark $$.$(cut -d' ' -f1 /proc/uptime)"
	echo "$DMESG_MARK" > /dev/kmsg
}
dmesg_since() {
	dmesg | sed -n "/$DMESG_MARK/,\$p" | sed 1d
}

# start_must_fail FIRMWARE: echo start fails; its error text in START_ERR
start_must_fail() {
	echo "$1" > "$R/firmware" || fail "cannot set firmware $1"
	if (echo start > "$R/state") 2> "$S_TMP/start.err"; then
		fail "start of $1 succeeded (state $(cat "$R/state"))"
	fi
	# busybox: "sh: write error: Connection timed out"
	START_ERR=$(sed -n '$s/.*: //p' "$S_TMP/start.err")
}

# expect_start_error TEXT: the failed start's errno, as strerror() says it
expect_start_error() {
	[ "$START_ERR" = "$1" ] || fail "start failed with '$START_ERR', not '$1'"
	echo "ok: start failed with '$START_ERR'"
}

# expect_dmesg PATTERN: the kernel said it since dmesg_mark
expect_dmesg() {
	local line
	line=$(dmesg_since | grep -e "$1" | tail -n 1)
	[ -n "$line" ] || fail "no dmesg line matching '$1'; since the mark: $(dmesg_since | tail -n 5 | tr '\n' '|')"
	echo "ok: dmesg: ${line#*] }"
}

expect_offline() {
	wait_for 5 state_is offline || fail "state $(cat "$R/state"), not offline"
	echo "ok: state offline"
}

# expect_report FILE: a holder's report ended with "hold: ok"
expect_report() {
	wait_for 15 grep -q '^hold: ' "$1" ||
		fail "no holder report in $1: $(tr '\n' '|' < "$1" 2> /dev/null)"
	grep -q '^holding: every mapped memory reads' "$1" ||
		fail "the holder could not map or read the memories: $(tr '\n' '|' < "$1")"
	grep -q '^hold: ok' "$1" || fail "mappings not revoked: $(grep -v '^memory' "$1" | tr '\n' '|')"
	echo "ok: holder: $(grep -e '^ended' -e '^revoked' -e '^mmap' -e '^during' "$1" | tr '\n' '|')"
}

# no process maps /dev/remoteprocN any more
no_mappings() {
	! grep -l "/dev/remoteproc" /proc/[0-9]*/maps > /dev/null 2>&1
}
expect_no_mappings() {
	wait_for 5 no_mappings ||
		fail "still mapped by: $(grep -l /dev/remoteproc /proc/[0-9]*/maps 2> /dev/null | tr '\n' ' ')"
	echo "ok: no process maps /dev/remoteproc*"
}

# good_start: the installed rule, rproc-loader, hello-interp.elf runs
good_start() {
	helper_rule_restore || fail "udevd does not apply the installed rule again ($RULE_OVERRIDE)"
	start "$GOOD_FW" || fail "the next start failed: $(dmesg | tail -n 3 | tr '\n' '|')"
	wait_for 30 state_is running || fail "the next start: state $(cat "$R/state")"
	wait_for 20 trace_has hello || fail "the next start: no hello in trace0"
	rproc_stop || fail "stop: state $(cat "$R/state")"
	echo "ok: the next start (rproc-loader, ${GOOD_FW##*/}) runs, stopped again"
}

# a start the scenario left waiting in the background (BG_START, its pid):
# interrupted, so that no load stays pending into the next scenario
bg_start_end() {
	[ -n "${BG_START:-}" ] || return 0
	kill "$BG_START" 2> /dev/null
	wait "$BG_START" 2> /dev/null
	BG_START=
}

# the machine as the scenario found it: rule, loader, timeout, offline, no rproc-sim
uload_cleanup() {
	local restored=0
	bg_start_end
	helper_rule_restore || restored=1
	echo "$LOADER0" > "$R/loader"
	echo "$LOAD_TIMEOUT0" > "$R/load_timeout"
	cleanup
	# the next scenarios would run with this one's rule
	[ "$restored" = 0 ] || fail "udevd does not apply the installed rule again ($RULE_OVERRIDE)"
}
trap uload_cleanup EXIT
