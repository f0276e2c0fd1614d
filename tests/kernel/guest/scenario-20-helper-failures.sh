# Issue scenario 4: the helper udev runs is missing, crashes, answers an
# error, or never answers (load_timeout 3 s). Each time `echo start` fails
# with a clear errno and a dmesg line, the state goes back to offline, a
# mapping made during the load faults afterwards (rproc-forge hold, run by
# udev before the helper), no process keeps /dev/remoteproc0 mapped, and the
# next start (rproc-loader, hello-interp.elf) works.
# timeout: 150
. "$RPROC_GUEST/lib.sh"
. "$RPROC_GUEST/rproc.sh"
. "$RPROC_GUEST/uload.sh"

TIMEOUT=3
sim_up
echo "$TIMEOUT" > "$R/load_timeout"
echo "load_timeout $(cat "$R/load_timeout") s; the installed rule: $RPROC_RULES"

# failing_start NAME FIRMWARE ERRNO-TEXT DMESG-PATTERN RUN...: the rule runs
# a holder, then RUN...; the start must fail as told and leave nothing
failing_start() {
	local name=$1 fw=$2 text=$3 pattern=$4 t0 t1
	shift 4
	echo "=== $name"
	helper_rule "$(holder "$S_TMP/hold.$name")" "$@"
	dmesg_mark
	t0=$(date +%s)
	start_must_fail "$fw"
	t1=$(date +%s)
	expect_start_error "$text"
	echo "ok: after $((t1 - t0)) s"
	expect_dmesg "$pattern"
	expect_offline
	expect_report "$S_TMP/hold.$name"
	expect_no_mappings
}

# --- missing: udev cannot run it; nobody answers ---------------------------------------
failing_start missing "$GOOD_FW" "Connection timed out" \
	"user-mode loader of ${GOOD_FW}: no answer in $TIMEOUT s" /nonexistent/rproc-loader
grep -q "ended: TIMEOUT status -110" "$S_TMP/hold.missing" || fail "holder saw no TIMEOUT"
good_start

# --- crashing: maps the memories, dies by SIGSEGV without answering -------------------------
failing_start crash "$GOOD_FW" "Connection timed out" \
	"user-mode loader of ${GOOD_FW}: no answer in $TIMEOUT s" \
	"$FORGE --from-env --output $S_TMP/crash.out crash"
grep -q "crashing with SIGSEGV" "$S_TMP/crash.out" ||
	fail "the crashing helper did not run: $(tr '\n' '|' < "$S_TMP/crash.out" 2> /dev/null)"
echo "ok: the helper ran and crashed: $(grep -e '^mapped' -e '^crashing' "$S_TMP/crash.out" | tr '\n' '|')"
good_start

# --- never answering: holds the memories until the timeout ends the load ------------------
failing_start silent "$GOOD_FW" "Connection timed out" \
	"user-mode loader of ${GOOD_FW}: no answer in $TIMEOUT s" \
	"$FORGE --from-env --timeout 30 --output $S_TMP/silent.out hold"
# the helper's own mapping, made while it kept the kernel waiting
expect_report "$S_TMP/silent.out"
good_start

# --- answering an error: rproc-forge says EIO -----------------------------------------------
failing_start eio "$GOOD_FW" "Input/output error" "user-mode load of ${GOOD_FW} failed: -5" \
	"$FORGE --from-env --status EIO --expect OK --output $S_TMP/eio.out reply"
grep -q "^LOAD_DONE .* status -5: OK" "$S_TMP/eio.out" ||
	fail "the kernel did not take the failure answer: $(tr '\n' '|' < "$S_TMP/eio.out")"
grep -q "ended: FAILED status -5" "$S_TMP/hold.eio" || fail "holder saw no FAILED -5"
good_start

# --- answering an error: rproc-loader refuses a firmware that is no ELF ---------------------
# loader=user hands any firmware to the helper; the kernel does not look at it
printf 'rproc-tests: not a firmware\n' > /lib/firmware/rproc-tools/garbage.bin
echo user > "$R/loader"
failing_start refused rproc-tools/garbage.bin "Exec format error" \
	"user-mode load of rproc-tools/garbage.bin failed: -8" "$RPROC_LOADER"
echo auto > "$R/loader"
rm -f /lib/firmware/rproc-tools/garbage.bin
good_start

pass "missing, crashing, silent, EIO and refusing helpers: start failed (ETIMEDOUT x3, EIO, ENOEXEC) with a dmesg line, offline, mappings revoked, next start ran"
