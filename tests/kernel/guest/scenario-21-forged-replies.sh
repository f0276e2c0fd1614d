# Issue scenario 5: forged replies are refused. Nobody but rproc-forge
# answers (the rule runs no helper). A reply with a wrong cookie, an
# out-of-range status, a staged failure, no boot address or for another
# rproc is not an answer: refused (ESTALE, ERANGE, EINVAL, ENOENT), the load
# stays pending, its mappings live. A resource table outside every memory,
# of another version, with reserved bits, or whose size lies (no header,
# offsets or entries past it, larger than its memory) is refused with
# EINVAL and a dmesg line naming the check: the start fails with EINVAL,
# offline, mappings revoked. Then a good start works.
# timeout: 120
. "$RPROC_GUEST/lib.sh"
. "$RPROC_GUEST/rproc.sh"
. "$RPROC_GUEST/uload.sh"

sim_up
helper_rule

hex() {
	printf '0x%x' "$1"
}

echo "=== malformed and misdirected replies: the load stays pending"
begin_load
"$FORGE" --cookie "$COOKIE" memories > "$S_TMP/memories" 2>&1 ||
	fail "GET_MEMORIES: $(tr '\n' '|' < "$S_TMP/memories")"
# TOP: past every memory. MEM holds the tables: mappable, and no other
# memory over it or within 16 bytes past its end (memories may nest: the
# vrings are in shm), so that a table across its end is in no memory
MEM='' TOP=0
grep '^memory ' "$S_TMP/memories" > "$S_TMP/memories.list"
while read -r _ name _ da _ size _ flags _ offset; do
	[ $((da + size)) -gt "$TOP" ] && TOP=$((da + size))
done < "$S_TMP/memories.list"
while read -r _ name _ da _ size _ flags _ offset; do
	if [ -n "$MEM" ] || [ $((flags & 1)) != 0 ]; then continue; fi
	alone=1
	while read -r _ name2 _ da2 _ size2 _; do
		[ "$name2" != "$name" ] && [ $((da2)) -lt $((da + size + 16)) ] &&
			[ $((da2 + size2)) -gt $((da)) ] && alone=0
	done < "$S_TMP/memories.list"
	[ "$alone" = 1 ] && MEM=$name MEM_DA=$da MEM_SIZE=$size
done < "$S_TMP/memories.list"
[ -n "$MEM" ] || fail "no mappable memory apart from the others: $(cat "$S_TMP/memories")"
TDA=$(hex $((MEM_DA + 0x100)))
echo "memories: $(tr '\n' '|' < "$S_TMP/memories.list"); tables in $MEM at $TDA"

forge "wrong cookie refused (ESTALE), mappings live" \
	--cookie-delta 1 --boot 0 --after live --expect ESTALE reply
forge "status 5 refused (ERANGE)" --raw-status 5 --expect ERANGE reply
forge "a staged failure refused (EINVAL)" --status EIO --flags 1 --expect EINVAL reply
forge "success without a boot address refused (EINVAL)" --expect EINVAL reply
forge "an answer for remoteproc9 refused (ENOENT)" --rproc 9 --boot 0 --expect ENOENT reply
kill -0 "$BG_START" 2> /dev/null || fail "the start ended after replies that are no answer"
forge "the load is still pending: GET_MEMORIES" --expect OK memories
echo "ok: the start still waits"

echo "=== a table outside every memory"
# sent twice at once: the refusal ended the load, the second finds none
forge "table at $(hex "$TOP") refused (EINVAL), then no load (ENOENT), mappings revoked" \
	--boot 0 --rsc-da "$TOP" --rsc-size 64 --after revoked --expect EINVAL \
	--again ENOENT reply
start_failed
expect_start_error "Invalid argument"
expect_dmesg "resource table at $(hex "$TOP") (64 bytes) is in no memory"
expect_dmesg "user-mode load of ${GOOD_FW} failed: -22"
expect_offline
forge "the refused answer ended the load: another one (ENOENT)" \
	--boot 0 --expect ENOENT reply

# forged_table NAME DMESG-PATTERN OPTIONS...: a load, answered with a table
# as OPTIONS make it, refused with EINVAL; the start fails cleanly
forged_table() {
	local name=$1 pattern=$2
	shift 2
	echo "=== $name"
	begin_load
	forge "$name: refused (EINVAL), mappings revoked" \
		--boot 0 --after revoked --expect EINVAL "$@" reply
	grep '^table written' "$S_TMP/forge.out" || :
	start_failed
	expect_start_error "Invalid argument"
	expect_dmesg "$pattern"
	expect_dmesg "user-mode loader's answer refused: -22"
	expect_offline
}

forged_table "version 2" "unsupported fw ver: 2" \
	--rsc-da "$TDA" --rsc-size 16 --table-ver 2
forged_table "version 0" "unsupported fw ver: 0" \
	--rsc-da "$TDA" --rsc-size 16 --table-ver 0
forged_table "reserved bits set" "non zero reserved bytes" \
	--rsc-da "$TDA" --rsc-size 16 --table-reserved 1
forged_table "size smaller than the header" "header-less resource table" \
	--rsc-da "$TDA" --rsc-size 8
forged_table "size smaller than num offsets need" "resource table incomplete" \
	--rsc-da "$TDA" --rsc-size 20 --table-num 2
forged_table "an entry header past the size" "rsc table is truncated" \
	--rsc-da "$TDA" --rsc-size 32 --table-num 1 --table-offset 30
forged_table "an entry offset at the size" "rsc table is truncated" \
	--rsc-da "$TDA" --rsc-size 32 --table-num 1 --table-offset 32
forged_table "an entry offset inside the header" "rsc table is truncated" \
	--rsc-da "$TDA" --rsc-size 32 --table-num 1 --table-offset 8
forged_table "size larger than the memory" \
	"resource table at $(hex "$MEM_DA") ($((MEM_SIZE + 4)) bytes) is in no memory" \
	--rsc-da "$MEM_DA" --rsc-size $((MEM_SIZE + 4)) --table-num 0
forged_table "a table across the memory's end" \
	"resource table at $(hex $((MEM_DA + MEM_SIZE - 8))) (16 bytes) is in no memory" \
	--rsc-da $((MEM_DA + MEM_SIZE - 8)) --rsc-size 16

echo "=== a good start"
expect_no_mappings
good_start
pass "wrong cookie (ESTALE), bad status (ERANGE/EINVAL), other rproc (ENOENT) left the load pending; a table outside every memory and 10 forged ones refused (EINVAL, dmesg names the check), start failed offline with mappings revoked; next start ran"
