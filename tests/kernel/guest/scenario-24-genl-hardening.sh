# The rproc_loader family's hardening (issue 11, part 5): the "load"
# multicast group takes privileged listeners only (root joins it, nobody
# gets EPERM); every command is validated strictly: a LOAD_DONE with a
# non-zero genetlink reserved field or an nlmsg_flags bit the core does not
# take (NLM_F_EXCL) is refused with EINVAL (what resv_start_op left at 0
# adds), so is one with an attribute it does not take or a status of 8
# bytes (its policy's strict parsing, which 6.1 applied already); none of
# them is an answer: the load stays pending, and ends on the next real one. With a memory over 4 MiB
# (a boot with RPROC_KERNEL_APPEND='rproc_sim.memories=flash@0x0:8M,...'),
# also: a resource table of the whole memory, too large to allocate, fails
# the start with ENOMEM and a dmesg line, without an allocation warning in
# dmesg (the quiet console does not show it); the detail line says whether
# that part ran.
# timeout: 90
. "$RPROC_GUEST/lib.sh"
. "$RPROC_GUEST/rproc.sh"
. "$RPROC_GUEST/uload.sh"

sim_up
helper_rule
BG_START=

# begin_load: start GOOD_FW in the background, nobody answering; COOKIE
begin_load() {
	rm -f "$S_TMP/wait.out"
	"$FORGE" --timeout 20 wait > "$S_TMP/wait.out" 2>&1 &
	local wait_pid=$!
	wait_for 10 grep -q '^listening' "$S_TMP/wait.out" ||
		fail "rproc-forge wait: $(tr '\n' '|' < "$S_TMP/wait.out")"
	echo "$GOOD_FW" > "$R/firmware"
	dmesg_mark
	(echo start > "$R/state") 2> "$S_TMP/start.err" &
	BG_START=$!
	wait "$wait_pid" || fail "no PENDING load event: $(tr '\n' '|' < "$S_TMP/wait.out")"
	COOKIE=$(sed -n 's/^pending: .* cookie \([0-9]*\) .*/\1/p' "$S_TMP/wait.out")
	[ -n "$COOKIE" ] || fail "no cookie in: $(cat "$S_TMP/wait.out")"
}

start_failed() {
	wait "$BG_START" && fail "the start succeeded"
	BG_START=
	START_ERR=$(sed -n '$s/.*: //p' "$S_TMP/start.err")
}

forge() {
	local what=$1
	shift
	"$FORGE" --cookie "$COOKIE" "$@" > "$S_TMP/forge.out" 2>&1 ||
		fail "$what: $(tr '\n' '|' < "$S_TMP/forge.out")"
	echo "ok: $what: $(grep -e '^LOAD_DONE' -e '^extack' "$S_TMP/forge.out" | tr '\n' ' ')"
}

echo "=== the load group: privileged listeners only"
"$FORGE" join > "$S_TMP/join.out" 2>&1 ||
	fail "root cannot join the load group: $(tr '\n' '|' < "$S_TMP/join.out")"
echo "ok: root: $(cat "$S_TMP/join.out")"
uid=$(su -s /bin/sh -c 'id -u' nobody) || fail "su nobody does not work in this initramfs"
[ "$uid" = 65534 ] || fail "su nobody runs as uid $uid"
su -s /bin/sh -c "$FORGE --expect EPERM join" nobody > "$S_TMP/join.out" 2>&1 ||
	fail "nobody (uid $uid) joining the load group: $(tr '\n' '|' < "$S_TMP/join.out")"
echo "ok: nobody: $(tr '\n' ' ' < "$S_TMP/join.out")"

echo "=== strict validation: refused, no answer, the load stays pending"
begin_load
forge "an attribute LOAD_DONE does not take (8) refused (EINVAL)" \
	--boot 0 --extra-attr 8 --expect EINVAL reply
forge "a status of 8 bytes refused (EINVAL)" --boot 0 --wide-status --expect EINVAL reply
forge "genlmsghdr.reserved 1 refused (EINVAL)" --boot 0 --genl-reserved 1 --expect EINVAL reply
forge "NLM_F_EXCL refused (EINVAL)" --boot 0 --nl-flags 0x200 --expect EINVAL reply
kill -0 "$BG_START" 2> /dev/null || fail "the start ended after requests that are no answer"
forge "the load is still pending: an answer ECANCELED is taken" --status ECANCELED --expect OK reply
start_failed
[ "$START_ERR" = "Operation canceled" ] || fail "the start failed with '$START_ERR', not ECANCELED"
echo "ok: the start failed with '$START_ERR'"
expect_offline

# a memory over 4 MiB: kmalloc() of its size is beyond the page allocator's
# largest order (4 MiB with 4 KiB pages)
begin_load
"$FORGE" --cookie "$COOKIE" memories > "$S_TMP/mem.out" 2>&1 ||
	fail "GET_MEMORIES: $(tr '\n' '|' < "$S_TMP/mem.out")"
huge=
while read -r _ name _ da _ size _ flags _; do
	[ -z "$huge" ] && [ $((flags & 1)) = 0 ] && [ $((size)) -gt $((4 << 20)) ] &&
		huge="$name $da $size"
done <<EOF
$(grep '^memory ' "$S_TMP/mem.out")
EOF
if [ -n "$huge" ]; then
	set -- $huge
	echo "=== a resource table of all of $1 ($3 bytes at $2)"
	forge "a table of $3 bytes: refused (ENOMEM)" \
		--boot 0 --rsc-da "$2" --rsc-size "$(($3))" --table-ver 1 --expect ENOMEM reply
	start_failed
	[ "$START_ERR" = "Cannot allocate memory" ] || fail "the start failed with '$START_ERR', not ENOMEM"
	expect_dmesg "no memory for a resource table of $(($3)) bytes"
	# the console is quiet: a warning shows in dmesg only
	warned=$(dmesg_since | grep -e 'WARNING:' -e 'Call Trace' | head -n 1)
	[ -z "$warned" ] || fail "the allocation warned: $warned"
	echo "ok: no allocation warning in dmesg"
	expect_offline
	big="a table of $(($3)) bytes fails with ENOMEM"
else
	forge "end the load" --status ECANCELED --expect OK reply
	start_failed
	big="the huge-table part not run: no memory over 4 MiB in this boot"
fi
good_start
pass "nobody cannot join the load group (EPERM), root can; an extra attribute, a wide status, a reserved header field, NLM_F_EXCL: EINVAL, load still pending; $big"
