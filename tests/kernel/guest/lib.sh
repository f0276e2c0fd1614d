# Sourced by the guest scenarios (tests/kernel/guest/scenario-*.sh), run by
# the initramfs's /init (guest/init). A scenario exits 0 (PASS), 77 (SKIP) or
# anything else (FAIL); its last line of output is the detail of its
# RPROC-RESULT line. Environment from /init: RPROC_GUEST (this directory),
# RPROC_LOADER, RPROC_SIM (installed programs, empty when not built),
# RPROC_FW (the test firmware, under /lib/firmware), RPROC_RULES (the
# project's installed udev rule).
set -u

pass() { echo "$*"; exit 0; }
skip() { echo "$*"; exit 77; }
fail() { echo "$*"; exit 1; }

# must DESCRIPTION COMMAND...: run COMMAND; fail with DESCRIPTION if it fails
must() {
	local what="$1"
	shift
	"$@" || fail "$what (exit $?)"
}

# udev_reload: udevadm control --reload, again (up to 5 times, a second
# apart) when it fails: on a busy machine udevadm has seen its control
# connection closed under it ("Broken pipe") after the request went out. A
# reload more is harmless. It proves nothing about the rules in effect: see
# udev_rules_write.
udev_reload() {
	local n=1 err
	until err=$(udevadm control --reload 2>&1); do
		[ "$n" -lt 5 ] || {
			echo "udevadm control --reload failed $n times: $err"
			return 1
		}
		echo "RPROC-NOTE udevadm control --reload failed ($err): again"
		n=$((n + 1))
		sleep 1
	done
}

# udev_rules_write FILE SOURCE: FILE (a *.rules in a directory udevd reads)
# becomes the rules of SOURCE plus a probe rule with a token of this call,
# and udev_rules_write returns 0 once udevd demonstrably applies them: the
# probe rule ran for a synthetic change uevent on /sys/class/mem/null that
# carries the token (scenario 00 checks that such an event runs a keyed
# rule). udevadm control --reload returning is no such proof: udevd keeps
# its rules when the files' stat (inode, size, mtime at the clock's tick)
# look unchanged, and the reload itself may fail on a busy machine; then the
# next event ran the old rules. So FILE is replaced by a rename, a new inode
# each time (udevd never sees it half written either), and reload, probe,
# wait are repeated, 5 times at most (2, 4, ... 10 s of waiting). Probe
# rules of earlier calls in SOURCE are dropped. 1 and a message if udevd
# never ran the probe. What happened on the way is said in RPROC-NOTE lines
# (guest/init: on the result port, never a scenario's detail).
udev_rules_write() {
	local file=$1 src=$2 gen tok try n touch
	# the kernel takes only alphanumeric keys and values in a synthetic uevent
	gen=$(tr -d '-' < /proc/sys/kernel/random/uuid)
	tok=/run/rproc-tests/rule-probe.$gen
	# udevd runs a RUN+= program without a '/' from /usr/lib/udev, and
	# busybox's "command -v touch" says "touch" (an applet)
	touch=
	for n in /usr/bin/touch /bin/touch; do
		[ -x "$n" ] && touch=$n && break
	done
	[ -n "$touch" ] || {
		echo "no /usr/bin/touch or /bin/touch for the probe rule"
		return 1
	}
	for try in 1 2 3 4 5; do
		if ! {
			grep -v -e '^# rproc-tests probe ' -e 'SYNTH_ARG_RPROCRULEPROBE' "$src"
			echo "# rproc-tests probe $gen (tests/kernel/guest/lib.sh, udev_rules_write)"
			echo "ACTION==\"change\", SUBSYSTEM==\"mem\", KERNEL==\"null\", ENV{SYNTH_ARG_RPROCRULEPROBE}==\"$gen\", RUN+=\"$touch $tok\""
		} > "$file.new" || ! mv -f "$file.new" "$file"; then
			echo "cannot write $file"
			return 1
		fi
		udev_reload || return 1
		echo "change $(cat /proc/sys/kernel/random/uuid) RPROCRULEPROBE=$gen" > /sys/class/mem/null/uevent || {
			echo "cannot write a synthetic uevent to /sys/class/mem/null/uevent"
			return 1
		}
		n=$((try * 20))
		while [ ! -e "$tok" ]; do
			n=$((n - 1))
			[ "$n" -gt 0 ] || break
			sleep 0.1
		done
		if [ -e "$tok" ]; then
			rm -f "$tok"
			[ "$try" -eq 1 ] || echo "RPROC-NOTE udevd applied $file at the probe's attempt $try"
			return 0
		fi
		echo "RPROC-NOTE udevd did not run the probe rule $gen of $file within $((try * 2)) s (attempt $try)"
	done
	echo "udevd did not apply $file: its probe rule ($gen) never ran in 5 attempts"
	return 1
}

# A scratch directory of the scenario's own, removed on exit.
S_TMP=$(mktemp -d /run/rproc-tests/scenario.XXXXXX)
trap 'rm -rf "$S_TMP"' EXIT

# kmemleak_quiet WHAT: fail unless kmemleak finds no unreferenced object. An
# object is reported once it is 5 s old and unreferenced, so wait that long;
# a second scan drops transient suspects. WHAT ends the failure's detail.
kmemleak_quiet() {
	local k=/sys/kernel/debug/kmemleak n

	sleep 6
	echo scan > "$k" || fail "kmemleak scan failed (kmemleak disabled at boot?)"
	echo scan > "$k"
	cat "$k" > "$S_TMP/leaks"
	n=$(grep -c '^unreferenced object' "$S_TMP/leaks")
	if [ "$n" -gt 0 ]; then
		cat "$S_TMP/leaks"
		fail "kmemleak: $n unreferenced object(s)$1"
	fi
}
