# Shared by the plugin fuzz tests (fuzz-reloc.sh, fuzz-shlib.sh,
# fuzz-overlay.sh), sourced after tests/lib.sh once FUZZER is set and the
# seeds are in $seeds:
#
#   fuzz_seed NAME FILE SET...
#
# copies FILE (if it exists) into $seeds as NAME.SET for each option SET of
# a harness that picks its set by e_ident[15] (EI_PAD + 6, a byte no ELF
# reader looks at), that byte set to SET.
#
#   fuzz_replay_and_run REGRESS_DIR DEFAULT_RUNS
#
# runs each input of REGRESS_DIR (bugs found before) once, then fuzzes from
# $seeds into $T_TMP/corpus for RPROC_FUZZ_RUNS executions (DEFAULT_RUNS),
# -max_len the largest seed (64 KiB at least), under ASan (leaks too) and
# UBSan, a hang being an error; and checks each step.
ASAN="detect_leaks=1:abort_on_error=1"
UBSAN="halt_on_error=1:print_stacktrace=1"

fuzz_seed() {
	local name="$1" f="$2" s
	shift 2
	[ -f "$f" ] || return 0
	for s in "$@"; do
		cp "$f" "$seeds/$name.$s"
		printf '%b' "\\$(printf %03o "$s")" |
			dd of="$seeds/$name.$s" bs=1 seek=15 conv=notrunc 2>/dev/null
	done
}

fuzz_replay_and_run() {
	local regress="$1" runs="${RPROC_FUZZ_RUNS:-$2}" maxlen n rc done_runs

	maxlen=$(ls -l "$seeds" | awk 'NR > 1 && $5 > m { m = $5 } END { print m + 0 }')
	[ "$maxlen" -ge 65536 ] || maxlen=65536

	n=$(ls "$regress" 2>/dev/null | wc -l)
	if [ "$n" -gt 0 ]; then
		rc=0
		ASAN_OPTIONS=$ASAN UBSAN_OPTIONS=$UBSAN "$FUZZER" -timeout=10 "$regress"/* \
			> "$T_TMP/regress.log" 2>&1 || rc=$?
		[ "$rc" -eq 0 ] || tail -n 30 "$T_TMP/regress.log"
		check "$n inputs of fixed bugs load or are refused cleanly (exit $rc)" [ "$rc" -eq 0 ]
	fi

	cd "$T_TMP" || exit 99
	rc=0
	ASAN_OPTIONS=$ASAN UBSAN_OPTIONS=$UBSAN \
		"$FUZZER" -runs="$runs" -max_len="$maxlen" -max_total_time=300 -timeout=10 \
		-print_final_stats=1 "$T_TMP/corpus" "$seeds" > "$T_TMP/fuzz.log" 2>&1 || rc=$?
	tail -n 25 "$T_TMP/fuzz.log"
	check "fuzzer ran $runs executions without a crash, leak, UB or hang (exit $rc)" [ "$rc" -eq 0 ]
	done_runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$T_TMP/fuzz.log")
	check "fuzzer reports its runs (${done_runs:-none})" [ -n "$done_runs" ]
	echo "executed units: $(sed -n 's/^stat::number_of_executed_units: *//p' "$T_TMP/fuzz.log")"
}
