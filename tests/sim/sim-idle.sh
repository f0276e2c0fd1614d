#!/bin/sh
# sim tier: the mailbox and idle. The idle firmware waits for doorbells in
# WFI/WFE; rproc-sim must sleep meanwhile (its CPU time, read from /proc,
# barely moves), wake on each doorbell, and pass the firmware's answers back.
. "$abs_top_srcdir/tests/lib.sh"

sim_need
HZ=$(getconf CLK_TCK)

for cpu in $SIM_CPUS; do
	t="$cpu/idle"
	sim_load "$cpu" idle || { fail "$t: load"; continue; }
	"$SIM" --dir "$CORE" --timeout 60 > "$T_TMP/out" 2> "$T_TMP/err" &
	pid=$!
	if ! wait_for_text "$T_TMP/out" 'idle: waiting'; then
		fail "$t: never said it was waiting"
		kill "$pid"
		continue
	fi

	# idle: one second of wall time must cost well under a tenth of a
	# second of CPU; a core spinning on WFI would cost the whole second
	used=$(idle_ticks "$pid")
	check "$t: idle for 1 s cost $used/$HZ s of CPU (< 0.1 s)" [ $((used * 10)) -lt "$HZ" ]

	# three doorbells; the firmware answers each with its count
	"$SIM" --dir "$CORE" --kick 5 --kick 6 --kick 7 --replies 3 > "$T_TMP/acks" 2>&1
	check "$t: three doorbells answered 1, 2, 3" \
		[ "$(tr '\n' ' ' < "$T_TMP/acks")" = "0x00000001 0x00000002 0x00000003 " ]

	# idle again after the doorbells
	c0=$(cpu_ticks "$pid")
	sleep 0.5
	c1=$(cpu_ticks "$pid")
	used=$((c1 - c0))
	check "$t: idle again after the doorbells ($used/$HZ s of CPU in 0.5 s)" \
		[ $((used * 20)) -lt "$HZ" ]

	# the stop doorbell: the firmware says how many it counted and exits
	# with that count
	"$SIM" --dir "$CORE" --kick 0xffffffff --replies 1 > "$T_TMP/acks" 2>&1
	check "$t: stop doorbell answered 4" [ "$(cat "$T_TMP/acks")" = 0x00000004 ]
	RC=0
	wait "$pid" || RC=$?
	check "$t: exit status 3, the count of doorbells (got $RC)" [ "$RC" -eq 3 ]
	check "$t: stdout as expected" \
		[ "$(cat "$T_TMP/out")" = "$(printf 'idle: waiting\nidle: 3 doorbells')" ]
	check "$t: nothing on stderr" [ ! -s "$T_TMP/err" ]
	set -- $(symbol "$cpu" "$FW/$cpu/idle.elf" trace_buf)
	check "$t: trace buffer logs the four doorbells" \
		[ "$(mem_dump "$CORE" "$1" 80 | tr -d '\0' | grep -c '^idle: doorbell [1-4]$')" -eq 4 ]
	check "$t: the mailbox socket is gone" [ ! -e "$CORE/mailbox.sock" ]
done

# a doorbell with no rproc-sim running is a clear error, not a hang
"$SIM" --dir "$T_TMP" --kick 1 > "$T_TMP/out" 2>&1
RC=$?
check "--kick with no rproc-sim: exit 125" [ "$RC" -eq 125 ]
check "--kick with no rproc-sim: names the socket" grep -q "$T_TMP/mailbox.sock" "$T_TMP/out"
finish
