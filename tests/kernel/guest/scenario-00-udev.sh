# systemd-udevd runs the project's kind of rule: on a `change` uevent that
# carries the right key, RUN+= starts a program with the event in its
# environment (what rproc-loader relies on), and not on one without the key.
# A known device stands in for the remoteproc: /sys/class/mem/null. The
# keys come as the kernel adds them to a synthetic uevent written to the
# device's uevent file: prefixed with SYNTH_ARG_, and alphanumeric only
# (RPROCEVENT for RPROC_EVENT; lib/kobject_uevent.c refuses '_' and '/').
# timeout: 60
. "$RPROC_GUEST/lib.sh"

pidof systemd-udevd > /dev/null || fail "systemd-udevd is not running"
[ -e /sys/class/mem/null/uevent ] || fail "no /sys/class/mem/null"

# the recorder: one file per event it ran for, holding the event's environment
cat > "$S_TMP/record" << EOF
#!/bin/sh
env > "$S_TMP/event.\$1.\$SEQNUM"
EOF
chmod +x "$S_TMP/record"

# the shape of rules/60-rproc-loader.rules.in
mkdir -p /run/udev/rules.d
cat > "$S_TMP/rules" << EOF
ACTION=="change", SUBSYSTEM=="mem", KERNEL=="null", RUN+="$S_TMP/record any"
ACTION=="change", SUBSYSTEM=="mem", KERNEL=="null", ENV{SYNTH_ARG_RPROCEVENT}=="load", \\
	RUN+="$S_TMP/record load"
EOF
trap 'rm -rf "$S_TMP" /run/udev/rules.d/99-rproc-test.rules; udev_reload' EXIT
# in effect once udev_rules_write returns (its probe is a synthetic uevent
# on the same device, without RPROCEVENT); what the probe's events
# recorded goes before the checks
udev_rules_write /run/udev/rules.d/99-rproc-test.rules "$S_TMP/rules" ||
	fail "udevd does not apply /run/udev/rules.d/99-rproc-test.rules"
must "udevadm settle" udevadm settle --timeout=20
rm -f "$S_TMP"/event.*

# 1. udevadm trigger --action=change: the plain rule runs, the keyed one not
must "udevadm trigger --action=change" \
	udevadm trigger --action=change --subsystem-match=mem --sysname-match=null
must "udevadm settle" udevadm settle --timeout=20
ev=$(ls "$S_TMP"/event.any.* 2>/dev/null | head -n 1)
[ -n "$ev" ] || fail "udevadm trigger --action=change: the rule's program did not run"
grep -qx 'ACTION=change' "$ev" || fail "RUN program: no ACTION=change in its environment"
grep -qx 'DEVPATH=/devices/virtual/mem/null' "$ev" ||
	fail "RUN program: DEVPATH is not /devices/virtual/mem/null: $(grep DEVPATH "$ev")"
ls "$S_TMP"/event.load.* > /dev/null 2>&1 &&
	fail "the ENV{...}==\"load\" rule ran on an event without the key"
echo "udevadm trigger --action=change ran the rule's program"

# 2. a change uevent with keys, as the remoteproc core will send (with
#    RPROC_EVENT=load, RPROC_FIRMWARE, RPROC_COOKIE): the keyed rule runs
echo "change 0f3ac1a2-7d4e-4b52-9b1e-5a1c9d2e8f00 RPROCEVENT=load RPROCFIRMWARE=testelf RPROCCOOKIE=305419896" \
	> /sys/class/mem/null/uevent || fail "writing a synthetic uevent with keys failed"
must "udevadm settle" udevadm settle --timeout=20
ev=$(ls "$S_TMP"/event.load.* 2>/dev/null | head -n 1)
[ -n "$ev" ] || fail "a change uevent with RPROCEVENT=load did not run the keyed rule's program"
for kv in SYNTH_ARG_RPROCEVENT=load SYNTH_ARG_RPROCFIRMWARE=testelf \
	SYNTH_ARG_RPROCCOOKIE=305419896 SYNTH_UUID=0f3ac1a2-7d4e-4b52-9b1e-5a1c9d2e8f00; do
	grep -qx "$kv" "$ev" || fail "RUN program: no $kv in its environment"
done
echo "a change uevent with RPROCEVENT=load ran the keyed rule's program with the event's keys"

# 3. the project's own rule is where udevd reads rules, and runs a program
#    that is there
[ -n "${RPROC_RULES:-}" ] || fail "the project's udev rule is not in the initramfs"
case "$RPROC_RULES" in
/etc/udev/rules.d/* | /run/udev/rules.d/* | /usr/lib/udev/rules.d/* | \
	/usr/local/lib/udev/rules.d/* | /lib/udev/rules.d/*) ;;
*) fail "$RPROC_RULES is not in a directory systemd-udevd reads" ;;
esac
prog=$(sed -n 's/.*RUN+="\([^" ]*\).*/\1/p' "$RPROC_RULES" | head -n 1)
[ -x "$prog" ] || fail "$RPROC_RULES runs $prog, which is not in the initramfs"
pass "udevd runs change-event rules with the event's keys; $RPROC_RULES runs $prog"
