# Issue 13, the kernel's side of rpmsg from user space, with
# arm/svc-interp.elf running (rpmsg-echo 0x400, rpmsg-ctl 0x401,
# rpmsg-flood 0x402, rpmsg-sink 0x403; tests/firmware/README.md):
# - the name service in sysfs: $R/services lists exactly what the firmware's
#   trace says it announced, each link a channel whose name@dst it is, with
#   a "remoteproc" attribute naming $R; "announce" and "destroy" through
#   rpmsg-ctl add and remove a link (two channels of one name, too)
# - the uevents, seen by udevadm monitor: the channels' add (RPMSG_NAME,
#   SRC, DST, REMOTEPROC, REMOTEPROC_NAME, ANNOUNCED=1) and remove (the
#   NS_DESTROY, the stop), bind with the bound address; the control
#   device's and the endpoint devices' (RPMSG_EPT=channel, ctrl)
# - rpmsg_char (tests/kernel/tools/rpmsg-api): the MTU (496 on virtio),
#   endpoints as fds, a short read is EMSGSIZE and the message stays, 64
#   messages each way in one batch call, poll blocked on a full TX ring
#   woken by the firmware's "hold" ending, and a stop waking a blocked poll
#   with EPOLLHUP, read and write EPIPE
# timeout: 300
. "$RPROC_GUEST/lib.sh"
. "$RPROC_GUEST/rproc.sh"

[ -n "${RPROC_LOADER:-}" ] || skip "rproc-loader was not built"
fw=$(fw_name arm/svc-interp.elf)
[ -f "/lib/firmware/$fw" ] || skip "no /lib/firmware/$fw"
command -v rpmsg-api > /dev/null || fail "no rpmsg-api in $PATH (KERNEL_GUEST_TOOLS)"
command -v rpmsg-echo > /dev/null || fail "no rpmsg-echo in $PATH (KERNEL_GUEST_TOOLS)"
[ -d "$R/services" ] || fail "no $R/services: the rpmsg name-service patches are not in this kernel"

rp=${R##*/}
rname=$(cat "$R/name")
case "$EXT:$rname" in
0:rproc_sim.0 | 1:rproc_sim-ext-*) ;;
*) fail "$R/name is '$rname', not rproc_sim.0 (the in-guest core) or rproc_sim-ext-* (the external one)" ;;
esac

mon=
diag() {
	echo "--- dmesg"
	dmesg | tail -n 30
	echo "--- trace0"
	cat "$DBG/trace0" 2> /dev/null
	echo "--- $R/services"
	ls -l "$R/services" 2> /dev/null
	echo "--- uevents (the last 25)"
	awk 'BEGIN { RS = "" } { e[NR % 25] = $0 } END { for (i = NR + 1; i <= NR + 25; i++) if ((i % 25) in e) print e[i % 25] "\n" }' \
		"$S_TMP/uevents" 2> /dev/null
}
die() {
	diag
	fail "$*"
}
trap '[ -z "$mon" ] || kill "$mon" 2> /dev/null; cleanup' EXIT

# uevent_has KEY=VALUE...: one event that udevadm monitor printed has every
# KEY=VALUE (events are blank-line separated blocks, one KEY=VALUE a line)
uevent_has() {
	awk -v want="$*" 'BEGIN { RS = ""; n = split(want, w, " ") }
	{
		ok = 1
		for (i = 1; i <= n; i++)
			if (index("\n" $0 "\n", "\n" w[i] "\n") == 0) { ok = 0; break }
		if (ok) { found = 1; exit }
	}
	END { exit !found }' "$S_TMP/uevents"
}
listing() {
	ls "$R/services" 2> /dev/null | sort | tr '\n' ' '
}
listing_is() {
	[ "$(listing)" = "$1" ]
}
has_link() {
	[ -e "$R/services/$1" ]
}
no_link() {
	! has_link "$1"
}
# run_api TEST [ARGS...]: rpmsg-api TEST, its output in the log; the
# summary ("ok TEST: ...") in $api_ok
run_api() {
	local rc
	rpmsg-api --ctrl "$ctrl" "$@" > "$S_TMP/api.out" 2>&1
	rc=$?
	cat "$S_TMP/api.out"
	[ "$rc" = 0 ] || die "rpmsg-api $*: exit $rc: $(tail -n 1 "$S_TMP/api.out")"
	api_ok=$(grep '^ok ' "$S_TMP/api.out" | tail -n 1)
	[ -n "$api_ok" ] || die "rpmsg-api $*: no summary"
}

# --- the firmware's announcements, as uevents and in sysfs ---
udevadm monitor --kernel --property --subsystem-match=rpmsg > "$S_TMP/uevents" 2>&1 &
mon=$!
sleep 0.5
kill -0 "$mon" 2> /dev/null || fail "udevadm monitor exited: $(cat "$S_TMP/uevents")"
sim_up
start "$fw" || die "echo start failed"
wait_for 30 state_is running || die "state $(cat "$R/state") after start"
wait_for 30 trace_has "svc: ready" || die "the firmware never said 'svc: ready'"
expected=$(sed -n 's/.*svc: announced \([^ ]*\) at \(0x[0-9a-f]*\).*/\1@\2/p' "$DBG/trace0" | sort | tr '\n' ' ')
[ "$expected" = "rpmsg-ctl@0x401 rpmsg-echo@0x400 rpmsg-flood@0x402 rpmsg-sink@0x403 " ] ||
	die "the firmware's trace announces '$expected'"
wait_for 10 listing_is "$expected" || die "$R/services: '$(listing)', the firmware announced '$expected'"
for l in $expected; do
	d=$(readlink -f "$R/services/$l")
	[ -n "$d" ] && [ -d "$d" ] || die "$R/services/$l points nowhere"
	[ "$(cat "$d/name")@$(cat "$d/dst")" = "$l" ] || die "$l is $(cat "$d/name")@$(cat "$d/dst")"
	[ "$(cat "$d/remoteproc")" = "$rp" ] || die "$d/remoteproc: '$(cat "$d/remoteproc")', not $rp"
	wait_for 5 uevent_has ACTION=add SUBSYSTEM=rpmsg "RPMSG_NAME=${l%@*}" "RPMSG_DST=${l#*@}" \
		RPMSG_SRC=0xffffffff "RPMSG_REMOTEPROC=$rp" "RPMSG_REMOTEPROC_NAME=$rname" RPMSG_ANNOUNCED=1 ||
		die "no add uevent of ${l%@*} with its RPMSG_* keys"
done
echo "services: $expected(as announced)"

# the control channel: not announced, still below $rp; its control device
chan=$(readlink -f "$R/services/rpmsg-echo@0x400")
vdev=${chan%/*}
ctrlch=$(ls -d "$vdev"/*.rpmsg_ctrl.0.0 2> /dev/null | head -n 1)
[ -n "$ctrlch" ] || die "no rpmsg_ctrl channel in $vdev"
[ "$(cat "$ctrlch/remoteproc")" = "$rp" ] || die "$ctrlch/remoteproc: '$(cat "$ctrlch/remoteproc")'"
uevent_has ACTION=add RPMSG_NAME=rpmsg_ctrl RPMSG_ANNOUNCED=1 && die "the rpmsg_ctrl channel's uevent says RPMSG_ANNOUNCED"
uevent_has ACTION=add RPMSG_NAME=rpmsg_ctrl "RPMSG_REMOTEPROC=$rp" || die "no add uevent of the rpmsg_ctrl channel"
ctrl=$(ls -d "$ctrlch"/rpmsg/rpmsg_ctrl* 2> /dev/null | head -n 1)
[ -n "$ctrl" ] || die "no rpmsg_ctrlN below $ctrlch"
ctrl=/dev/${ctrl##*/}
wait_for 10 test -c "$ctrl" || die "no $ctrl"
uevent_has ACTION=add DEVTYPE=rpmsg_ctrl "DEVNAME=$ctrl" "RPMSG_REMOTEPROC=$rp" "RPMSG_REMOTEPROC_NAME=$rname" ||
	die "no add uevent of $ctrl with RPMSG_REMOTEPROC"

# rpmsg_char for rpmsg-echo, unless a rule bound it already
# (rules/60-rproc-rpmsg.rules gives it the announced channels): its
# device's uevent
udevadm settle --timeout=10
if [ ! -e "$chan/driver" ]; then
	echo rpmsg_chrdev > "$chan/driver_override" || die "driver_override refused"
	echo "${chan##*/}" > /sys/bus/rpmsg/drivers/rpmsg_chrdev/bind ||
		[ -e "$chan/driver" ] || die "binding rpmsg_chrdev to ${chan##*/} failed"
fi
wait_for 10 test -d "$chan/rpmsg" || die "rpmsg_char made no device for ${chan##*/}"
chan_dev=$(ls -d "$chan"/rpmsg/rpmsg[0-9]* 2> /dev/null | head -n 1)
chan_dev=/dev/${chan_dev##*/}
wait_for 10 test -c "$chan_dev" || die "no $chan_dev"
src=$(cat "$chan/src")
[ "$src" != 0xffffffff ] || die "${chan##*/} bound, src still 0xffffffff"
wait_for 5 uevent_has ACTION=bind RPMSG_NAME=rpmsg-echo RPMSG_DST=0x400 "RPMSG_SRC=$src" RPMSG_ANNOUNCED=1 ||
	die "no bind uevent of rpmsg-echo with RPMSG_SRC=$src"
wait_for 5 uevent_has ACTION=add DEVTYPE=rpmsg_eptdev "DEVNAME=$chan_dev" RPMSG_NAME=rpmsg-echo \
	"RPMSG_SRC=$src" RPMSG_DST=0x400 RPMSG_EPT=channel "RPMSG_REMOTEPROC=$rp" "RPMSG_REMOTEPROC_NAME=$rname" ||
	die "no add uevent of $chan_dev with RPMSG_EPT=channel and the channel's keys"
# an endpoint device made through rpmsg_ctrl (rpmsg-echo --ctrl makes one)
rpmsg-echo --ctrl "$ctrl" --name rpmsg-echo --dst 0x400 --count 5 > "$S_TMP/echo.out" 2>&1 ||
	die "rpmsg-echo --ctrl: $(tail -n 1 "$S_TMP/echo.out")"
wait_for 5 uevent_has ACTION=add DEVTYPE=rpmsg_eptdev RPMSG_NAME=rpmsg-echo RPMSG_DST=0x400 RPMSG_EPT=ctrl \
	"RPMSG_REMOTEPROC=$rp" || die "no add uevent of an rpmsg_ctrl endpoint device with RPMSG_EPT=ctrl"
echo "uevents: channels, bind, control device, endpoint devices (channel, ctrl): as the contract says"

# --- announce and destroy through rpmsg-ctl ---
run_api ctl "announce rpmsg-extra 0x410"
wait_for 10 has_link rpmsg-extra@0x410 || die "no services/rpmsg-extra@0x410 after the announcement"
run_api ctl "announce rpmsg-echo 0x404"
wait_for 10 has_link rpmsg-echo@0x404 || die "no services/rpmsg-echo@0x404 (a second rpmsg-echo)"
has_link rpmsg-echo@0x400 || die "the first rpmsg-echo left the listing"
wait_for 5 uevent_has ACTION=add RPMSG_NAME=rpmsg-extra RPMSG_DST=0x410 "RPMSG_REMOTEPROC=$rp" RPMSG_ANNOUNCED=1 ||
	die "no add uevent of rpmsg-extra"
run_api ctl "destroy rpmsg-extra 0x410"
wait_for 10 no_link rpmsg-extra@0x410 || die "services/rpmsg-extra@0x410 outlived its NS_DESTROY"
wait_for 5 uevent_has ACTION=remove SUBSYSTEM=rpmsg RPMSG_NAME=rpmsg-extra RPMSG_DST=0x410 "RPMSG_REMOTEPROC=$rp" \
	"RPMSG_REMOTEPROC_NAME=$rname" RPMSG_ANNOUNCED=1 || die "no remove uevent of rpmsg-extra"
ls -d /sys/bus/rpmsg/devices/*.rpmsg-extra.* > /dev/null 2>&1 && die "the rpmsg-extra device outlived its NS_DESTROY"
run_api ctl "destroy rpmsg-echo 0x404"
wait_for 10 no_link rpmsg-echo@0x404 || die "services/rpmsg-echo@0x404 outlived its NS_DESTROY"
listing_is "$expected" || die "$R/services after announce/destroy: '$(listing)'"
# what udev did for the two (rpmsg_char bound, /dev names) is over
udevadm settle --timeout=10
echo "announce/destroy: rpmsg-extra@0x410 and a second rpmsg-echo@0x404 came and went, with their uevents"

# --- rpmsg_char ---
run_api mtu --dev "$chan_dev"
[ "$api_ok" = "ok mtu: 496" ] || die "the MTU: '$api_ok', expected 496"
summary="MTU 496"
run_api fd
summary="$summary; ${api_ok#ok }"
run_api emsgsize --dev "$chan_dev"
summary="$summary; ${api_ok#ok }"
run_api batch
summary="$summary; ${api_ok#ok }"
run_api poll
summary="$summary; ${api_ok#ok }"
trace_has "not echoed\|failed" && die "the firmware reports an error"
dmesg | grep -q "crash detected" && die "the core crashed"

# --- the stop: blocked poll woken, EPIPE; the listing empties, remove uevents ---
run_api hup --dev "$chan_dev" --state "$R/state"
summary="$summary; ${api_ok#ok }"
wait_for 10 state_is offline || die "state $(cat "$R/state") after the stop"
wait_for 10 listing_is "" || die "$R/services after the stop: '$(listing)'"
[ -d "$R/services" ] || die "$R/services went with the stop"
for l in $expected; do
	wait_for 5 uevent_has ACTION=remove "RPMSG_NAME=${l%@*}" "RPMSG_DST=${l#*@}" "RPMSG_REMOTEPROC=$rp" \
		RPMSG_ANNOUNCED=1 || die "no remove uevent of ${l%@*} at the stop"
done
[ -e "$chan_dev" ] && die "$chan_dev outlived the stop"
pass "services as announced, uevents, announce/destroy; $summary"
