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
