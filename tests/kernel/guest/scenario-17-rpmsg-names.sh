# Issue 13, names and permissions: rules/60-rproc-rpmsg.rules on the uevents
# of the issue-13 kernel patches. arm/svc-interp.elf announces rpmsg-echo,
# rpmsg-ctl, rpmsg-flood and rpmsg-sink, none of which a kernel driver
# binds: the rules hand each to rpmsg_char, and every one appears as
# /dev/rpmsg/<rproc name>/<service> and <service>@<dst>, group rpmsg, mode
# 0660, with /dev/rpmsg/<rproc name>/rpmsg_ctrl. "announce rpmsg-echo
# 0x404" makes a second rpmsg-echo: both @ names appear, <service> stays
# one of them; "destroy" (NS_DESTROY) removes its node and <service> goes
# back to the other; stop removes them all; a restart brings the same
# names back. rpuser (uid 1000, group rpmsg, no other privilege) echoes
# through the names; nobody (not in the group) cannot open them.
# timeout: 240
. "$RPROC_GUEST/lib.sh"
. "$RPROC_GUEST/rproc.sh"

[ -n "${RPROC_LOADER:-}" ] || skip "rproc-loader was not built"
[ -n "${RPROC_RPMSG_RULES:-}" ] || fail "the rpmsg udev rules are not installed (RPROC_RPMSG_RULES)"
[ -f "$RPROC_RPMSG_RULES" ] || fail "no $RPROC_RPMSG_RULES"
fw=$(fw_name arm/svc-interp.elf)
[ -f "/lib/firmware/$fw" ] || skip "no /lib/firmware/$fw"
for t in rpmsg-echo rpmsg-svc; do
	command -v "$t" > /dev/null || fail "no $t in \$PATH (KERNEL_GUEST_TOOLS)"
done
grep -q '^rpmsg:x:[0-9]*:.*rpuser' /etc/group || fail "no group rpmsg with rpuser in /etc/group"
[ "$(id -u rpuser 2> /dev/null)" = 1000 ] || fail "no user rpuser (uid 1000)"
id -Gn nobody 2> /dev/null | grep -qw rpmsg && fail "nobody is in group rpmsg"

diag() {
	echo "--- dmesg"
	dmesg | tail -n 25
	echo "--- rproc-sim"
	tail -n 10 "$S_TMP/sim.err" 2> /dev/null
	echo "--- trace0"
	cat "$DBG/trace0" 2> /dev/null
	echo "--- /dev/rpmsg"
	ls -lR /dev/rpmsg 2> /dev/null
	echo "--- rpmsg devices"
	for d in /sys/bus/rpmsg/devices/*; do
		[ -e "$d" ] || continue
		echo "${d##*/}: driver $(readlink "$d/driver" 2> /dev/null | sed 's|.*/||')," \
			"override $(cat "$d/driver_override" 2> /dev/null)"
	done
}
die() {
	diag
	fail "$*"
}

udevadm control --log-level=info 2> /dev/null
sim_up
rp=$(cat "$R/name")
[ -n "$rp" ] || die "$R/name is empty"
D=/dev/rpmsg/$rp

# a name, a link to a character device of group rpmsg, mode 0660
node_ok() {
	[ -L "$D/$1" ] && [ -c "$D/$1" ] &&
		[ "$(stat -L -c '%G %a' "$D/$1")" = "rpmsg 660" ]
}
gone() {
	[ ! -e "$D/$1" ] && [ ! -L "$D/$1" ]
}
# the sorted names below $D, one line each
names() {
	ls "$D" 2> /dev/null | LC_ALL=C sort | tr '\n' ' '
}
# the device a name points to
target() {
	readlink -f "$D/$1"
}
echo_as() {	# USER NAME COUNT
	su -s /bin/sh "$1" -c "rpmsg-echo --dev '$D/$2' --count $3" > "$S_TMP/echo.out" 2>&1
}

services="rpmsg-echo@0x400 rpmsg-ctl@0x401 rpmsg-flood@0x402 rpmsg-sink@0x403"
up() {
	start "$fw" || die "start $fw failed"
	wait_for 30 state_is running || die "state $(cat "$R/state") after start"
	wait_for 20 trace_has "svc: ready" || die "svc-interp never got ready"
	local s
	for s in $services; do
		wait_for 20 node_ok "$s" || die "no $D/$s (a link to a char device, rpmsg 660)"
		wait_for 10 node_ok "${s%@*}" || die "no $D/${s%@*}"
		[ "$(target "$s")" = "$(target "${s%@*}")" ] ||
			die "$D/${s%@*} -> $(target "${s%@*}"), not $D/$s's $(target "$s")"
	done
	wait_for 10 node_ok rpmsg_ctrl || die "no $D/rpmsg_ctrl (rpmsg 660)"
	# the services no kernel driver has were given to rpmsg_char
	for s in $services; do
		d=$(ls -d /sys/bus/rpmsg/devices/*."${s%@*}".*."$((${s#*@}))" 2> /dev/null | head -n 1)
		[ "$(readlink "$d/driver" | sed 's|.*/||')" = rpmsg_chrdev ] ||
			die "${d:-the rpmsg device of $s}: not bound to rpmsg_chrdev"
	done
}

# --- announce: every service's names, group, mode ---
up
names0=$(names)
echo "after the start: $D: $names0"

# --- the unprivileged user talks to the service, another user cannot ---
echo_as rpuser rpmsg-echo 100 || die "rpuser: rpmsg-echo --dev $D/rpmsg-echo: $(tail -n 1 "$S_TMP/echo.out")"
grep -q "100 of 100 messages echoed unchanged" "$S_TMP/echo.out" ||
	die "rpuser: no summary: $(tail -n 1 "$S_TMP/echo.out")"
cat "$S_TMP/echo.out"
if echo_as nobody rpmsg-echo 1; then
	die "nobody (not in group rpmsg) could open $D/rpmsg-echo"
fi
grep -q "Permission denied" "$S_TMP/echo.out" ||
	die "nobody: not refused for permission: $(tail -n 1 "$S_TMP/echo.out")"

# --- a second rpmsg-echo ---
reply=$(su -s /bin/sh rpuser -c "rpmsg-svc --dev '$D/rpmsg-ctl' cmd 'announce rpmsg-echo 0x404'") ||
	die "rpuser: announce through $D/rpmsg-ctl failed"
[ "$reply" = "ok announce rpmsg-echo 0x404" ] || die "announce: '$reply'"
wait_for 20 node_ok rpmsg-echo@0x404 || die "no $D/rpmsg-echo@0x404 after the announcement"
node_ok rpmsg-echo@0x400 || die "$D/rpmsg-echo@0x400 went with the second rpmsg-echo"
[ "$(target rpmsg-echo@0x400)" != "$(target rpmsg-echo@0x404)" ] ||
	die "rpmsg-echo@0x400 and @0x404 are one device"
t=$(target rpmsg-echo)
[ "$t" = "$(target rpmsg-echo@0x400)" ] || [ "$t" = "$(target rpmsg-echo@0x404)" ] ||
	die "$D/rpmsg-echo -> $t, neither @0x400 nor @0x404"
echo_as rpuser rpmsg-echo@0x404 20 || die "rpuser: echo through rpmsg-echo@0x404: $(tail -n 1 "$S_TMP/echo.out")"
echo "with rpmsg-echo 0x404: $(names); rpmsg-echo -> $t"

# --- NS_DESTROY removes its node, rpmsg-echo is the other one again ---
reply=$(rpmsg-svc --dev "$D/rpmsg-ctl" cmd "destroy rpmsg-echo 0x404") || die "destroy failed"
[ "$reply" = "ok destroy rpmsg-echo 0x404" ] || die "destroy: '$reply'"
wait_for 20 gone rpmsg-echo@0x404 || die "$D/rpmsg-echo@0x404 outlived the NS_DESTROY"
wait_for 10 eval '[ "$(target rpmsg-echo)" = "$(target rpmsg-echo@0x400)" ]' ||
	die "$D/rpmsg-echo -> $(target rpmsg-echo) after the destroy, not rpmsg-echo@0x400"
[ "$(names)" = "$names0" ] || die "after the destroy: $(names), not $names0"
echo_as rpuser rpmsg-echo 10 || die "rpmsg-echo after the destroy: $(tail -n 1 "$S_TMP/echo.out")"

# --- a service destroyed, its only name goes; announced again, it is back ---
reply=$(rpmsg-svc --dev "$D/rpmsg-ctl" cmd "destroy rpmsg-sink 0x403") || die "destroy rpmsg-sink failed"
[ "$reply" = "ok destroy rpmsg-sink 0x403" ] || die "destroy rpmsg-sink: '$reply'"
wait_for 20 eval 'gone rpmsg-sink@0x403 && gone rpmsg-sink' ||
	die "$D/rpmsg-sink (@0x403) outlived the NS_DESTROY"
reply=$(rpmsg-svc --dev "$D/rpmsg-ctl" cmd "announce rpmsg-sink 0x403") || die "announce rpmsg-sink failed"
[ "$reply" = "ok announce rpmsg-sink 0x403" ] || die "announce rpmsg-sink: '$reply'"
wait_for 20 eval 'node_ok rpmsg-sink@0x403 && node_ok rpmsg-sink' ||
	die "no $D/rpmsg-sink after it was announced again"
su -s /bin/sh rpuser -c "rpmsg-svc --dev '$D/rpmsg-sink' sink 10 16" > "$S_TMP/sink.out" 2>&1 ||
	die "rpmsg-sink after its second announcement: $(tail -n 1 "$S_TMP/sink.out")"

# --- stop: every name goes ---
echo stop > "$R/state"
wait_for 10 state_is offline || die "stop: state $(cat "$R/state")"
wait_for 20 eval '[ -z "$(names)" ]' || die "after the stop, $D still has: $(names)"

# --- restart: the same names ---
up
[ "$(names)" = "$names0" ] || die "after the restart: $(names), not $names0"
echo_as rpuser rpmsg-echo 20 || die "rpuser after the restart: $(tail -n 1 "$S_TMP/echo.out")"
echo stop > "$R/state"
wait_for 10 state_is offline || die "the last stop: state $(cat "$R/state")"
wait_for 20 eval '[ -z "$(names)" ]' || die "after the last stop, $D still has: $(names)"
sim_down
pass "$D: $names0(group rpmsg, 0660); @0x404 came with its announcement and went with its NS_DESTROY, as rpmsg-sink did; all went on stop and came back on restart; rpuser echoed, nobody was refused"
