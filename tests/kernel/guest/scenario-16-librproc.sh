# Issue 13, librproc and rprocctl on the real thing: arm/svc-interp.elf
# announces rpmsg-echo (0x400), rpmsg-ctl, rpmsg-flood and rpmsg-sink;
# rules/60-rproc-rpmsg.rules names them /dev/rpmsg/<rproc>/<service>,
# group rpmsg. rpuser (uid 1000, group rpmsg, nothing else) echoes 100
# messages through librproc (rproc-lib-echo: the udev name; an endpoint
# fd made through rpmsg_ctrl; batches of 16; fragments up to 4 MTUs) and
# 100 through "rprocctl ping". rprocctl list, status and services --json
# are what sysfs says, field by field; rpuser's stop is refused with the
# documented exit code (4), root's stops it; then the service is gone for
# librproc (3) and the listing empty.
# timeout: 300
. "$RPROC_GUEST/lib.sh"
. "$RPROC_GUEST/rproc.sh"

[ -n "${RPROC_LOADER:-}" ] || skip "rproc-loader was not built"
[ -n "${RPROC_RPMSG_RULES:-}" ] || fail "the rpmsg udev rules are not installed (RPROC_RPMSG_RULES)"
fw=$(fw_name arm/svc-interp.elf)
[ -f "/lib/firmware/$fw" ] || skip "no /lib/firmware/$fw"
for t in rproc-lib-echo rprocctl; do
	command -v "$t" > /dev/null || fail "no $t in \$PATH (KERNEL_GUEST_TOOLS, make install)"
done
grep -q '^rpmsg:x:[0-9]*:.*rpuser' /etc/group || fail "no group rpmsg with rpuser in /etc/group"
[ -d "$R/services" ] || fail "no $R/services: the issue-13 kernel patches are not in this kernel"

diag() {
	echo "--- dmesg"
	dmesg | tail -n 25
	echo "--- rproc-sim"
	tail -n 10 "$S_TMP/sim.err" 2> /dev/null
	echo "--- trace0"
	tail -n 20 "$DBG/trace0" 2> /dev/null
	echo "--- /dev/rpmsg"
	ls -lR /dev/rpmsg 2> /dev/null
	echo "--- $R/services"
	ls -l "$R/services" 2> /dev/null
}
die() {
	diag
	fail "$*"
}
# as_user CMD...: run as rpuser, output in $S_TMP/out
as_user() {
	su -s /bin/sh rpuser -c "$*" > "$S_TMP/out" 2>&1
}
out() {
	cat "$S_TMP/out"
}

# what rprocctl's JSON must be, made here from sysfs alone
json_proc() {	# DIR
	printf '{"name": "%s", "device": "%s", "state": "%s", "firmware": "%s"' \
		"$(cat "$1/name")" "${1##*/}" "$(cat "$1/state")" "$(cat "$1/firmware")"
}
json_services() {	# DIR: its services, by name then address
	local l first=1 src
	printf '['
	for l in "$1"/services/*; do
		[ -e "$l" ] || continue
		src=$(cat "$l/src")
		[ "$src" = 0xffffffff ] && src=null || src=$((src))
		printf '%s %d %s %s\n' "$(cat "$l/name")" "$(($(cat "$l/dst")))" "$src" \
			"$(readlink "$l" | sed 's|.*/||')"
	done | LC_ALL=C sort -k1,1 -k2,2n | while read -r name dst src dev; do
		[ "$first" = 1 ] || printf ', '
		first=0
		printf '{"name": "%s", "src": %s, "dst": %s, "device": "%s"}' "$name" "$src" "$dst" "$dev"
	done
	printf ']'
}
json_list() {
	local r first=1
	printf '['
	for r in $(ls -d /sys/class/remoteproc/remoteproc* | sed 's/.*remoteproc//' | sort -n); do
		[ "$first" = 1 ] || printf ', '
		first=0
		json_proc "/sys/class/remoteproc/remoteproc$r"
		printf '}'
	done
	printf ']\n'
}

udevadm control --log-level=info 2> /dev/null
sim_up
rp=$(cat "$R/name")
D=/dev/rpmsg/$rp
start "$fw" || die "start $fw failed"
wait_for 30 state_is running || die "state $(cat "$R/state") after start"
wait_for 20 trace_has "svc: ready" || die "svc-interp never got ready"
wait_for 20 test -c "$D/rpmsg-echo" || die "no $D/rpmsg-echo"
wait_for 10 test -c "$D/rpmsg_ctrl" || die "no $D/rpmsg_ctrl"
wait_for 10 eval '[ -e "$R/services/rpmsg-sink@0x403" ]' || die "rpmsg-sink@0x403 not listed"

# --- rpuser echoes through librproc ---
summary=
for how in "" "--create" "--batch 16" "--fragments --count 20"; do
	case "$how" in *--count*) n=${how##* } ;; *) n=100 ;; esac
	as_user "rproc-lib-echo --count $n $how '$rp' rpmsg-echo" ||
		die "rpuser: rproc-lib-echo $how $rp rpmsg-echo: $(out)"
	out
	grep -q "^$n of $n messages echoed unchanged through " "$S_TMP/out" ||
		die "rproc-lib-echo $how: no summary: $(out)"
	case "$how" in
	"") grep -q "through $D/rpmsg-echo (mtu 496" "$S_TMP/out" ||
		die "rproc-lib-echo did not take the udev name $D/rpmsg-echo: $(out)" ;;
	--create) grep -q "through an endpoint fd" "$S_TMP/out" ||
		die "rproc-lib-echo --create did not get an endpoint fd: $(out)" ;;
	esac
	summary="$summary; $n${how:+ ($how)} through $(sed -n 's/.* messages echoed unchanged through //p' "$S_TMP/out")"
done

# --- and through rprocctl ping ---
as_user "rprocctl ping '$rp' rpmsg-echo --count 100 --size 200" ||
	die "rpuser: rprocctl ping: exit $?: $(out)"
out
grep -q "100 of 100 messages echoed unchanged (200 bytes), round trip min .* us, median .* us, max .* us" \
	"$S_TMP/out" || die "rprocctl ping: $(out)"
ping_line=$(out)
as_user "rprocctl ping --json '$rp' rpmsg-echo --count 100" || die "rprocctl ping --json: $(out)"
grep -q '"sent": 100, "unchanged": 100, "differed": 0, "lost": 0, "rtt_us": {"min": ' "$S_TMP/out" ||
	die "rprocctl ping --json: $(out)"

# --- rprocctl's JSON is sysfs's ---
as_user "rprocctl list --json" || die "rprocctl list --json: $(out)"
want=$(json_list)
[ "$(out)" = "$want" ] || die "rprocctl list --json: $(out); sysfs: $want"
as_user "rprocctl status --json '$rp'" || die "rprocctl status --json: $(out)"
want="$(json_proc "$R"), \"services\": $(json_services "$R")}"
[ "$(out)" = "$want" ] || die "rprocctl status --json: $(out); sysfs: $want"
case "$want" in
*'"name": "rpmsg-echo", "src": '*', "dst": 1024'*) ;;
*) die "the listing has no rpmsg-echo at 1024: $want" ;;
esac
as_user "rprocctl services --json '$rp'" || die "rprocctl services --json: $(out)"
want=$(json_services "$R")
[ "$(out)" = "$want" ] || die "rprocctl services --json: $(out); sysfs: $want"
n_svc=$(out | grep -o '"name"' | wc -l)
[ "$n_svc" -ge 4 ] || die "only $n_svc services listed: $(out)"

# --- stop: refused to rpuser (4), done by root; then nothing to talk to ---
as_user "rprocctl stop '$rp'"
rc=$?
[ "$rc" = 4 ] || die "rpuser's rprocctl stop: exit $rc, expected 4 (permission denied): $(out)"
grep -q "$rp: stop: Permission denied" "$S_TMP/out" || die "the refusal does not name $rp: $(out)"
rprocctl --json stop "$rp" > "$S_TMP/out" 2>&1 || die "rprocctl stop: $(out)"
wait_for 10 state_is offline || die "stop: state $(cat "$R/state")"
wait_for 20 eval '[ -z "$(ls "$R/services")" ]' || die "services outlived the stop: $(ls "$R/services")"
as_user "rprocctl services --json '$rp'" || die "rprocctl services after stop: $(out)"
[ "$(out)" = "[]" ] || die "rprocctl services after stop: $(out)"
as_user "rproc-lib-echo --count 1 '$rp' rpmsg-echo"
rc=$?
[ "$rc" = 3 ] || die "rproc-lib-echo after stop: exit $rc, expected 3: $(out)"
as_user "rprocctl ping '$rp' rpmsg-echo --count 1"
rc=$?
[ "$rc" = 3 ] || die "rprocctl ping after stop: exit $rc, expected 3 (not found): $(out)"
as_user "rprocctl status --json '$rp'"
grep -q '"state": "offline"' "$S_TMP/out" || die "rprocctl status after stop: $(out)"
sim_down
pass "rpuser echoed through librproc: ${summary#; }; and rprocctl ping ($ping_line); list/status/services --json equal sysfs ($n_svc services); stop refused to rpuser (4), the service gone after root's (3)"
