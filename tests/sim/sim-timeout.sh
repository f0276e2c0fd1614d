#!/bin/sh
# sim tier: --timeout holds against firmware that loops on semihosting, and
# the output stays bounded. shflood traps for SYS_WRITEC forever, shbad for a
# call rproc-sim does not have; both through a pipe (where Unicorn's own
# timer lost its stop after the hook's PC write, and a run went on forever).
# Each must end with rproc-sim's own exit 124 within a few seconds, with at
# most a few warning lines and a count of the ones it did not log; and so
# must a flood into a pipe nobody reads.
. "$abs_top_srcdir/tests/lib.sh"

sim_need
# the output bound: a second of flooding writes well under 1 MiB here
OUT_MAX=$((16 * 1024 * 1024))

# now_ms: the monotonic-enough wall clock of date(1), in milliseconds
now_ms() {
	echo $(($(date +%s%N) / 1000000))
}

# flood CPU FW: run FW with --timeout 1, stdout through a pipe; sets RC (the
# exit status of rproc-sim, 137 if timeout(1) had to kill it), MS (elapsed)
# and BYTES (stdout, cut at OUT_MAX + 1)
flood() {
	local t0
	sim_load "$1" "$2" || return 1
	t0=$(now_ms)
	{
		timeout -s KILL 20 "$SIM" --dir "$CORE" --timeout 1 2> "$T_TMP/err" < /dev/null
		echo $? > "$T_TMP/rc"
	} | head -c $((OUT_MAX + 1)) | wc -c > "$T_TMP/bytes"
	MS=$(($(now_ms) - t0))
	RC=$(cat "$T_TMP/rc")
	BYTES=$(cat "$T_TMP/bytes")
}

# stall CPU: shflood with a reader that never reads (rproc-sim ... | less,
# left alone): the pipe fills, and the write must not hold the run past
# the deadline. Sets RC and MS as flood does, measured when rproc-sim ends.
stall() {
	local t0
	sim_load "$1" shflood || return 1
	t0=$(now_ms)
	{
		timeout -s KILL 20 "$SIM" --dir "$CORE" --timeout 1 2> "$T_TMP/err" < /dev/null
		echo "$? $(($(now_ms) - t0))" > "$T_TMP/rc"
	} | sleep 6
	RC=$(cut -d' ' -f1 "$T_TMP/rc")
	MS=$(cut -d' ' -f2 "$T_TMP/rc")
}

n=0
for cpu in $SIM_CPUS; do
	[ -f "$FW/$cpu/shflood.elf" ] || continue
	n=$((n + 1))

	t="$cpu/shflood"
	if flood "$cpu" shflood; then
		check "$t: exit 124 from rproc-sim itself (got $RC)" [ "$RC" -eq 124 ]
		check "$t: ends within 6 s of a 1 s timeout (took $MS ms)" [ "$MS" -lt 6000 ]
		check "$t: the firmware ran ($BYTES bytes)" [ "$BYTES" -gt 0 ]
		check "$t: stdout bounded ($BYTES bytes, at most $OUT_MAX)" [ "$BYTES" -le "$OUT_MAX" ]
		check "$t: says it timed out" grep -q "time out after 1 s: core running" "$T_TMP/err"
	else
		fail "$t: load"
	fi

	# only the CPUs whose traps are fast enough to fill a pipe in a second
	case "$cpu" in
	arm|aarch64)
		t="$cpu/shflood, nobody reading"
		if stall "$cpu"; then
			check "$t: exit 124 from rproc-sim itself (got $RC; 141: SIGPIPE once the reader left)" \
				[ "$RC" -eq 124 ]
			check "$t: ends within 5 s of a 1 s timeout (took $MS ms)" [ "$MS" -lt 5000 ]
		else
			fail "$t: load"
		fi
		;;
	esac

	t="$cpu/shbad"
	if flood "$cpu" shbad; then
		lines=$(wc -l < "$T_TMP/err")
		check "$t: exit 124 from rproc-sim itself (got $RC)" [ "$RC" -eq 124 ]
		check "$t: ends within 6 s of a 1 s timeout (took $MS ms)" [ "$MS" -lt 6000 ]
		check "$t: at most 7 lines on stderr (got $lines)" [ "$lines" -le 7 ]
		check "$t: the first unsupported call is named" \
			grep -q "semihosting call 0x1ff not supported" "$T_TMP/err"
		check "$t: the others are counted" \
			grep -Eq "semihosting: [0-9]+ more unsupported calls not logged \(the last 0x1ff\)" "$T_TMP/err"
		check "$t: says it timed out" grep -q "time out after 1 s" "$T_TMP/err"
		[ "$lines" -le 7 ] || head -3 "$T_TMP/err" | sed 's/^/# stderr: /'
	else
		fail "$t: load"
	fi
done
[ "$n" -gt 0 ] || skip "no shflood firmware built for any CPU"
finish
