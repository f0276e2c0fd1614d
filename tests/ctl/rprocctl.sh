#!/bin/sh
# rprocctl on a fake sysfs and /dev (--sysfs, --dev; and the environment
# variables librproc reads): list, status, services with and without
# --json against the exact output the tree makes, start and stop as writes
# of the state attribute, ping through a FIFO (which gives back what is
# written into it: an echo), and the exit codes rprocctl(1) documents,
# with errors naming the processor and service.
. "$abs_top_srcdir/tests/lib.sh"

CTL=${RPROCCTL_BIN:?}
[ -x "$CTL" ] || { fail "$CTL was not built"; finish; }
S=$T_TMP/sys
D=$T_TMP/dev
# proc N NAME STATE FIRMWARE: a remoteproc, its class link to its device
proc() {
	local d="$S/devices/platform/$2/remoteproc/remoteproc$1"
	mkdir -p "$d/services" "$S/class/remoteproc"
	echo "$2" > "$d/name"
	echo "$3" > "$d/state"
	echo "$4" > "$d/firmware"
	ln -s "../../devices/platform/$2/remoteproc/remoteproc$1" "$S/class/remoteproc/remoteproc$1"
}
# channel NAME DST: an announced channel of remoteproc0
channel() {
	local d="$S/devices/platform/rproc_sim.0/remoteproc/remoteproc0/virtio0/virtio0.$1.-1.$(($2))"
	mkdir -p "$d/rpmsg" "$S/bus/rpmsg/devices"
	echo "$1" > "$d/name"
	echo 0xffffffff > "$d/src"
	echo "$2" > "$d/dst"
	echo remoteproc0 > "$d/remoteproc"
	ln -s "$d" "$S/bus/rpmsg/devices/${d##*/}"
	ln -s "$d" "$S/class/remoteproc/remoteproc0/services/$1@$2"
}
proc 0 rproc_sim.0 running rproc-tools/arm/svc-interp.elf
proc 1 'dsp"1' offline dsp.elf
channel rpmsg-echo 0x400
channel rpmsg-ctl 0x401
mkdir -p "$D/rpmsg/rproc_sim.0"
mkfifo "$D/rpmsg0"
ln -s ../../rpmsg0 "$D/rpmsg/rproc_sim.0/rpmsg-echo"

# run EXPECTED_EXIT ARGS...: rprocctl's stdout in $out, stderr in $err
run() {
	local want="$1" rc
	shift
	"$CTL" --sysfs "$S" --dev "$D" "$@" > "$T_TMP/out" 2> "$T_TMP/err"
	rc=$?
	out=$(cat "$T_TMP/out")
	err=$(cat "$T_TMP/err")
	if [ "$rc" = "$want" ]; then
		pass "rprocctl $*: exit $rc"
	else
		fail "rprocctl $*: exit $rc, expected $want; stderr: $err"
	fi
}
# same WHAT EXPECTED: $out is EXPECTED
same() {
	if [ "$out" = "$2" ]; then
		pass "$1"
	else
		fail "$1: got"
		printf '%s\n' "$out"
		echo "expected"
		printf '%s\n' "$2"
	fi
}

run 0 list
same "list" "$(printf '%-14s %-24s %-10s %s\n%-14s %-24s %-10s %s' \
	remoteproc0 rproc_sim.0 running rproc-tools/arm/svc-interp.elf \
	remoteproc1 'dsp"1' offline dsp.elf)"
run 0 list --json
same "list --json (a name with a quote escaped)" \
	'[{"name": "rproc_sim.0", "device": "remoteproc0", "state": "running", "firmware": "rproc-tools/arm/svc-interp.elf"}, {"name": "dsp\"1", "device": "remoteproc1", "state": "offline", "firmware": "dsp.elf"}]'
run 0 --json status rproc_sim.0
same "status --json RPROC, with its services" \
	'{"name": "rproc_sim.0", "device": "remoteproc0", "state": "running", "firmware": "rproc-tools/arm/svc-interp.elf", "services": [{"name": "rpmsg-ctl", "src": null, "dst": 1025, "device": "virtio0.rpmsg-ctl.-1.1025"}, {"name": "rpmsg-echo", "src": null, "dst": 1024, "device": "virtio0.rpmsg-echo.-1.1024"}]}'
run 0 status remoteproc0
same "status by device name" "rproc_sim.0 (remoteproc0)
  state: running
  firmware: rproc-tools/arm/svc-interp.elf
  services:
    rpmsg-ctl                src - dst 0x401  virtio0.rpmsg-ctl.-1.1025
    rpmsg-echo               src - dst 0x400  virtio0.rpmsg-echo.-1.1024"
run 0 services --json
same "services --json, every processor" \
	'{"rproc_sim.0": [{"name": "rpmsg-ctl", "src": null, "dst": 1025, "device": "virtio0.rpmsg-ctl.-1.1025"}, {"name": "rpmsg-echo", "src": null, "dst": 1024, "device": "virtio0.rpmsg-echo.-1.1024"}], "dsp\"1": []}'
run 0 services rproc_sim.0
same "services RPROC" "rpmsg-ctl                src - dst 0x401  virtio0.rpmsg-ctl.-1.1025
rpmsg-echo               src - dst 0x400  virtio0.rpmsg-echo.-1.1024"

# start and stop write the state attribute (here a file: it keeps the word)
run 0 start rproc_sim.0 other.elf
check "start RPROC FIRMWARE wrote the firmware" [ "$(cat "$S/class/remoteproc/remoteproc0/firmware")" = other.elf ]
check "and 'start' into state" [ "$(cat "$S/class/remoteproc/remoteproc0/state")" = start ]
run 0 --json stop remoteproc1
same "stop --json" '{"name": "dsp\"1", "state": "unknown"}'
check "stop wrote 'stop'" [ "$(cat "$S/class/remoteproc/remoteproc1/state")" = stop ]

# ping: the FIFO behind /dev/rpmsg/rproc_sim.0/rpmsg-echo gives every message back
run 0 ping rproc_sim.0 rpmsg-echo --count 20 --size 100
case "$out" in
"rproc_sim.0 rpmsg-echo through $D/rpmsg/rproc_sim.0/rpmsg-echo: 20 of 20 messages echoed unchanged (100 bytes), round trip min "*" us, median "*" us, max "*" us")
	pass "ping: 20 of 20, min/median/max" ;;
*) fail "ping: '$out'" ;;
esac
run 0 ping --json rproc_sim.0 rpmsg-echo --count 5
case "$out" in
'{"processor": "rproc_sim.0", "service": "rpmsg-echo", "path": "'"$D"'/rpmsg/rproc_sim.0/rpmsg-echo", "count": 5, "size": 64, "sent": 5, "unchanged": 5, "differed": 0, "lost": 0, "rtt_us": {"min": '*', "median": '*', "max": '*'}}')
	pass "ping --json" ;;
*) fail "ping --json: '$out'" ;;
esac
run 2 ping rproc_sim.0 rpmsg-echo --size 497
check "a size over the MTU names it: $err" grep -q "over the endpoint's MTU, 496" "$T_TMP/err"

# exit codes, errors naming what is missing
run 3 status nosuch
check "an unknown processor is named: $err" grep -q 'nosuch: no such processor' "$T_TMP/err"
run 3 ping rproc_sim.0 rpmsg-nope
check "an unknown service is named with its processor: $err" \
	grep -q 'rproc_sim.0: service rpmsg-nope: no such service' "$T_TMP/err"
run 2 frobnicate
run 2 list extra
run 2 start
run 2 list --count 3
run 2 ping rproc_sim.0 rpmsg-echo --count 0
run 0 --help
check "--help lists the commands and exit codes" sh -c "grep -q '^  ping RPROC SERVICE' '$T_TMP/out' && grep -q '3 not found' '$T_TMP/out'"
chmod 000 "$S/class/remoteproc/remoteproc0/state" 2> /dev/null
if [ "$(id -u)" != 0 ]; then
	run 4 start rproc_sim.0
fi
chmod 644 "$S/class/remoteproc/remoteproc0/state"
# the environment, as librproc reads it, when no option is given
RPROC_SYSFS_ROOT="$S" RPROC_DEV_ROOT="$D" "$CTL" list --json > "$T_TMP/out" 2>&1
check "RPROC_SYSFS_ROOT is read without --sysfs" grep -q '"device": "remoteproc1"' "$T_TMP/out"
finish
