# The rproc_loader family's hardening (issue 11, part 5): the "load"
# multicast group takes privileged listeners only (root joins it, nobody
# gets EPERM); every command is validated strictly: a LOAD_DONE with a
# non-zero genetlink reserved field or an nlmsg_flags bit the core does not
# take (NLM_F_EXCL) is refused with EINVAL (what resv_start_op left at 0
# adds), so is one with an attribute it does not take or a status of 8
# bytes (its policy's strict parsing, which 6.1 applied already); none of
# them is an answer: the load stays pending, and ends on the next real one.
#
# A memory's length in whole pages (patch 0003, rproc_uload_mappable()): a
# memory is listed mappable only if its length is whole pages as its
# address is, so that no mapping's last page shows what follows it. A
# length that is not whole pages cannot be reached here: the memories at
# load time are the driver's, and rproc_sim refuses a memories= size that is
# not a multiple of the page size (only another driver's bug would register
# one); the carveouts a firmware's table adds come after the load, when
# nothing is mapped. What is reached: every mappable memory listed has a
# length and an mmap offset in whole pages, one after the other, and a
# mapping one page longer than a memory is refused (EINVAL), at the last
# mappable one too (past every memory).
#
# A table larger than kmalloc() can give (patch 0002: kmalloc with
# __GFP_NOWARN): tests/kernel/kernel.sh gives remoteproc0 an 8 MiB memory
# (ext); a resource table of all of it is beyond the page allocator's
# largest order (4 MiB with 4 KiB pages), and the answer fails the start
# with ENOMEM and a dmesg line, and no allocation warning or splat in the
# log (a WARN prints below the quiet console's level: the log is read, and
# the harness reads the whole log too). Booted with memories of 4 MiB or
# less (RPROC_KERNEL_APPEND), that part cannot run, and an RPROC-NOTE says so.
# timeout: 90
. "$RPROC_GUEST/lib.sh"
. "$RPROC_GUEST/rproc.sh"
. "$RPROC_GUEST/uload.sh"

sim_up
helper_rule

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

begin_load
"$FORGE" --cookie "$COOKIE" memories > "$S_TMP/mem.out" 2>&1 ||
	fail "GET_MEMORIES: $(tr '\n' '|' < "$S_TMP/mem.out")"

echo "=== lengths in whole pages: listed, mapped, and no page past a memory"
page=$(getconf PAGESIZE 2> /dev/null || echo 4096)
next=0 n_map=0 last= first=
while read -r _ name _ da _ size _ flags _ offset; do
	[ $((flags & 1)) = 0 ] || continue
	[ $((size % page)) = 0 ] || fail "memory $name: mappable, length $size not whole pages"
	[ $((offset)) = "$next" ] ||
		fail "memory $name: mmap offset $offset, want $next (after the mappable memories before it)"
	[ -n "$first" ] || first="$name $offset $size"
	next=$((offset + size)) n_map=$((n_map + 1)) last="$name $offset $size"
done <<EOF
$(grep '^memory ' "$S_TMP/mem.out")
EOF
[ "$n_map" -gt 0 ] || fail "no mappable memory listed: $(tr '\n' '|' < "$S_TMP/mem.out")"
echo "ok: $n_map mappable memories, lengths and offsets in whole pages of $page bytes, one after the other"
# map_try WHAT ERRNO OFFSET LEN: an mmap of /dev/remoteproc0 during the load
map_try() {
	"$FORGE" --expect "$2" --map-offset "$3" --map-len "$4" mmap > "$S_TMP/map.out" 2>&1 ||
		fail "$1: $(tr '\n' '|' < "$S_TMP/map.out")"
	echo "ok: $1: $(cat "$S_TMP/map.out")"
}
set -- $last
map_try "all of $1, the last mappable memory" OK "$2" "$(($3))"
map_try "$1 and one page past its end (past every memory)" EINVAL "$2" "$(($3 + page))"
set -- $first
if [ "$n_map" -gt 1 ]; then
	map_try "$1 and one page of the memory after it" EINVAL "$2" "$(($3 + page))"
fi
lengths="mappable lengths and offsets whole pages ($n_map memories), a mapping a page past a memory EINVAL"

# a memory over 4 MiB: kmalloc() of its size is beyond the page allocator's
# largest order (4 MiB with 4 KiB pages)
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
	# the console is quiet: a warning shows in the log only. Without
	# __GFP_NOWARN, __alloc_pages() warns of the order (WARN_ON_ONCE) and
	# warn_alloc() of the failure
	warned=$(dmesg_since | grep -e 'WARNING:' -e 'Call Trace' -e 'allocation failure' \
		-e 'BUG:' -e 'Oops' | head -n 1)
	[ -z "$warned" ] || fail "the allocation warned: $warned"
	echo "ok: no allocation warning, nor any splat, in dmesg"
	expect_offline
	big="a table of $(($3)) bytes fails with ENOMEM"
else
	forge "end the load" --status ECANCELED --expect OK reply
	start_failed
	big="the huge-table part not run: no memory over 4 MiB in this boot"
	echo "RPROC-NOTE $big (tests/kernel/kernel.sh boots with one: rproc_sim.memories overridden?)"
fi
good_start
pass "nobody cannot join the load group (EPERM), root can; an extra attribute, a wide status, a reserved header field, NLM_F_EXCL: EINVAL, load still pending; $lengths; $big"
