# Issue scenario 6: an mmap after the load ended is refused, and an old
# mapping faults. udev runs rproc-forge hold (it maps every mappable memory
# while the load is pending) and then rproc-loader, which loads
# hello-interp.elf. Once the load is done, the holder's mappings fault with
# SIGBUS (a page it had touched, so zapped, and one it had not, so refused
# on fault) and a new mmap on its open device fails with EPERM; a fresh
# open cannot map either, before a load, while running, after stop. The
# firmware keeps running. During the next load, the old mappings still
# fault (they belong to the load that ended, not to the new one).
# timeout: 90
. "$RPROC_GUEST/lib.sh"
. "$RPROC_GUEST/rproc.sh"
. "$RPROC_GUEST/uload.sh"

sim_up

# mmap_refused WHEN: a fresh open of /dev/remoteproc0 cannot map (EPERM)
mmap_refused() {
	"$FORGE" --expect EPERM mmap > "$S_TMP/mmap.out" 2>&1 ||
		fail "mmap $1: $(tr '\n' '|' < "$S_TMP/mmap.out")"
	echo "ok: mmap $1: $(cat "$S_TMP/mmap.out")"
}

mmap_refused "before any load (offline)"

echo "=== a load by rproc-loader, a holder mapping its memories"
helper_rule "$FORGE --from-env --detach --across --timeout 60 --output $S_TMP/hold.out hold" \
	"$RPROC_LOADER"
dmesg_mark
start "$GOOD_FW" || fail "start failed: $(dmesg_since | tail -n 3 | tr '\n' '|')"
wait_for 30 state_is running || fail "state $(cat "$R/state")"
echo "ok: running"
wait_for 15 grep -q '^hold: ' "$S_TMP/hold.out" ||
	fail "no holder report: $(tr '\n' '|' < "$S_TMP/hold.out" 2> /dev/null)"
grep -q '^holding: every mapped memory reads' "$S_TMP/hold.out" ||
	fail "the holder could not map or read the memories: $(tr '\n' '|' < "$S_TMP/hold.out")"
grep -q '^ended: DONE status 0' "$S_TMP/hold.out" ||
	fail "the load did not end with DONE: $(tr '\n' '|' < "$S_TMP/hold.out")"
mapped=$(grep -c '^mapped ' "$S_TMP/hold.out")
revoked=$(grep -c '^revoked .*: first page SIGBUS, last page SIGBUS' "$S_TMP/hold.out")
[ "$mapped" -gt 0 ] || fail "the holder mapped nothing"
[ "$revoked" = "$mapped" ] ||
	fail "old mappings do not all fault: $(grep -e '^mapped' -e '^revoked' "$S_TMP/hold.out" | tr '\n' '|')"
echo "ok: the $mapped memories mapped during the load fault after it: $(grep '^revoked' "$S_TMP/hold.out" | tr '\n' '|')"
grep -q '^mmap .* after the load: Operation not permitted' "$S_TMP/hold.out" ||
	fail "mmap after the load on the holder's device: $(grep '^mmap' "$S_TMP/hold.out")"
echo "ok: $(grep '^mmap' "$S_TMP/hold.out")"
grep -q '^hold: ok; waiting for the next load' "$S_TMP/hold.out" ||
	fail "holder: $(grep '^hold' "$S_TMP/hold.out")"
mmap_refused "while running"
wait_for 20 trace_has hello || fail "the firmware does not run after the revocation: no hello in trace0"
echo "ok: the firmware runs: trace0 has hello"
rproc_stop || fail "stop: state $(cat "$R/state")"
mmap_refused "after stop"

echo "=== the next load: the old mappings still fault"
# a helper that answers nothing keeps the load pending until load_timeout
echo 3 > "$R/load_timeout"
helper_rule
(echo start > "$R/state") 2> "$S_TMP/start.err" &
BG_START=$!
wait_for 20 grep -q -e '^hold: ok$' -e '^hold: FAIL$' "$S_TMP/hold.out" ||
	fail "the holder saw no next load: $(tail -n 3 "$S_TMP/hold.out" | tr '\n' '|')"
grep -q '^pending: ' "$S_TMP/hold.out" || fail "the holder missed the next load"
during=$(grep -c '^during the next load, old mapping of .*: first page SIGBUS, last page SIGBUS' "$S_TMP/hold.out")
[ "$during" = "$mapped" ] ||
	fail "an old mapping reads during a new load: $(grep '^during' "$S_TMP/hold.out" | tr '\n' '|')"
echo "ok: $(grep '^during' "$S_TMP/hold.out" | tr '\n' '|')"
wait "$BG_START" && fail "the unanswered start succeeded"
BG_START=
echo "ok: the unanswered start failed: $(sed -n '$s/.*: //p' "$S_TMP/start.err")"
expect_offline
expect_no_mappings
echo "$LOAD_TIMEOUT0" > "$R/load_timeout"
good_start
pass "after the load (rproc-loader, running firmware): $mapped old mappings fault (SIGBUS, touched and untouched pages), also during the next load; mmap EPERM on the old fd, and fresh before load, running, after stop"
