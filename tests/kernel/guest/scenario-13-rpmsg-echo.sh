# Issue scenario 2, the whole chain: an ELF with PT_INTERP
# (arm/echo-interp.elf): echo start -> uevent -> systemd-udevd ->
# rproc-loader -> the firmware runs under rproc-sim -> its trace buffer is
# readable -> Linux's virtio_rpmsg_bus sees the firmware's name-service
# announcement (channel rpmsg-raw at 0x400, which rpmsg_char binds) ->
# rpmsg-echo sends 100 messages through an endpoint device made with
# rpmsg_ctrl, and 100 through the channel's own /dev/rpmsgN, each echo
# compared byte for byte. Stopping the core takes the channel away.
# Then the same with arm/echo-vendor.elf, the vendor layout (the resource
# table after .data, both stored in flash, read by the core at its run
# address, which only the loader writes), loaded by rproc-loader and by the
# kernel's own loader (loader=kernel): rpmsg comes up only if the table is
# where the kernel's rproc_start() puts it. And arm/echo-irq-interp.elf:
# echo-interp taking its doorbells by the Cortex-M mailbox interrupt (NVIC
# line 31) instead of polling, which only works if rproc-sim takes it.
# timeout: 420
. "$RPROC_GUEST/lib.sh"
. "$RPROC_GUEST/rproc.sh"

[ -n "${RPROC_LOADER:-}" ] || skip "rproc-loader was not built"
[ -f "$R/loader" ] || fail "no $R/loader: the user-mode loading patches are not in this kernel"
for f in echo-interp echo-vendor echo-irq-interp; do
	[ -f "/lib/firmware/$(fw_name arm/$f.elf)" ] || skip "no /lib/firmware/$(fw_name arm/$f.elf)"
done
command -v rpmsg-echo > /dev/null || fail "no rpmsg-echo in $PATH (KERNEL_GUEST_TOOLS)"

# what to look at when a step fails: the kernel, the core, the firmware
diag() {
	echo "--- dmesg since the start"
	new_dmesg | tail -n 30
	echo "--- rproc-sim"
	tail -n 20 "$S_TMP/sim.err" 2> /dev/null
	if [ "$EXT" = 1 ]; then
		echo "--- the external core's interrupts"
		grep rproc_sim /proc/interrupts
	fi
	echo "--- trace0"
	cat "$DBG/trace0" 2> /dev/null
	echo "--- rproc-loader (udevd's log, with rproc.debug=1)"
	grep -h "rproc-loader" /run/rproc-tests/udevd.log 2> /dev/null | tail -n 8
}
die() {
	diag
	fail "${run:+$run: }$*"
}
# the kernel's messages since the start of this run (a mark: the ring
# buffer may be full); echo_run sets it
mark=
new_dmesg() {
	dmesg | sed -n "/$mark/,\$p"
}
dmesg_has() {
	new_dmesg | grep -q "$1"
}
# the sysfs directory of the channel the firmware announced
channel() {
	ls -d /sys/bus/rpmsg/devices/*.rpmsg-raw.*.1024 2> /dev/null | head -n 1
}
has_channel() {
	[ -n "$(channel)" ]
}
no_channel() {
	! has_channel
}
# the /dev node of the class device $2 (a pattern, left unquoted to glob)
# of rpmsg device $1
class_dev() {
	local d
	d=$(ls -d "$1"/rpmsg/$2 2> /dev/null | head -n 1)
	[ -n "$d" ] && echo "/dev/${d##*/}"
}
has_class_dev() {
	[ -n "$(class_dev "$1" "$2")" ]
}
# the N of rpmsg-echo's summary line "... in N ms" in file $1
ms() {
	sed -n 's/.* in \([0-9]*\) ms$/\1/p' "$1"
}
# the interrupts of /proc/interrupts named $1, summed over the CPUs
irq_count() {
	awk -v n="$1" '$NF == n { c = 0; for (i = 2; i < NF; i++) if ($i ~ /^[0-9]+$/) c += $i; print c }' /proc/interrupts
}
# endpoint devices rpmsg_ctrl made: the rpmsgN below the control device
ctrl_epts() {
	ls -d "/sys/class/rpmsg/${ctrl##*/}"/rpmsg[0-9]* 2> /dev/null | wc -l
}

# echo_run IMAGE LOADER: one run of IMAGE (arm/IMAGE.elf) with the rproc's
# loader attribute LOADER (auto: PT_INTERP hands it to rproc-loader;
# kernel: the kernel's own ELF loader); appends its summary to $summary
echo_run() {
	local name="$1" loader="$2" fw t0 t1 chan chan_dev ctrl ctrl_ept epts0 rc how kicks= ctrls=
	fw=$(fw_name "arm/$1.elf")
	run="$name.elf, loader=$loader"
	mark="rproc-tests: 13-rpmsg-echo $run starts, pid $$"
	echo "$loader" > "$R/loader" || die "loader=$loader refused"
	echo "$mark" > /dev/kmsg
	t0=$(cut -d' ' -f1 /proc/uptime)

	# --- the load: through udev and rproc-loader, or the kernel's loader ---
	start "$fw" || die "echo start failed"
	wait_for 30 state_is running || die "state $(cat "$R/state") after start"
	t1=$(cut -d' ' -f1 /proc/uptime)
	if [ "$loader" = kernel ]; then
		how="the kernel's loader"
		dmesg_has "loading $fw with a user-mode loader" &&
			die "a user-mode load in dmesg"
	else
		how="rproc-loader"
		dmesg_has "loading $fw with a user-mode loader (\"elf\")" ||
			die "no user-mode load of $fw in dmesg: PT_INTERP not honoured?"
	fi

	# --- the firmware runs: its trace buffer says so ---
	wait_for 20 trace_has "echo: waiting for the host" || die "trace0 has no 'echo: waiting for the host'"
	if ! wait_for 20 trace_has "echo: rpmsg-raw at 0x400"; then
		dmesg_has "crash detected" && die "the core crashed before it announced rpmsg-raw"
		die "the firmware never announced rpmsg-raw (vdev not up, or its buffers unreachable)"
	fi
	trace_has "not echoed\|failed\|unusable" && die "the firmware reports an error"
	case "$name" in
	echo-irq-*)
		trace_has "echo: doorbells by interrupt" ||
			die "the firmware does not say it takes its doorbells by interrupt"
		;;
	esac

	# --- the name service: virtio_rpmsg_bus made the channel, rpmsg_char its device ---
	wait_for 20 dmesg_has "creating channel rpmsg-raw addr 0x400" ||
		die "virtio_rpmsg_bus did not see the announcement (no 'creating channel rpmsg-raw addr 0x400')"
	wait_for 10 has_channel || die "no /sys/bus/rpmsg/devices/*.rpmsg-raw.*.1024"
	chan=$(channel)
	[ "$(cat "$chan/name")" = rpmsg-raw ] || die "$chan/name: '$(cat "$chan/name")'"
	[ "$(cat "$chan/dst")" = 0x400 ] || die "$chan/dst: '$(cat "$chan/dst")', expected 0x400"
	wait_for 10 has_class_dev "$chan" 'rpmsg[0-9]*' || die "rpmsg_char made no rpmsgN for $chan"
	chan_dev=$(class_dev "$chan" 'rpmsg[0-9]*')
	wait_for 10 test -c "$chan_dev" || die "no $chan_dev"
	ctrl=$(class_dev "${chan%%.rpmsg-raw.*}.rpmsg_ctrl.0.0" 'rpmsg_ctrl*')
	[ -n "$ctrl" ] || die "no rpmsg_ctrl device for ${chan%%.rpmsg-raw.*}"
	wait_for 10 test -c "$ctrl" || die "no $ctrl"
	echo "channel $chan: $chan_dev; control device $ctrl"

	# --- 100 echoes through an endpoint made with rpmsg_ctrl ---
	epts0=$(ctrl_epts)
	rpmsg-echo --ctrl "$ctrl" --name rpmsg-raw --dst 0x400 --count 100 > "$S_TMP/ctrl.out" 2>&1
	rc=$?
	cat "$S_TMP/ctrl.out"
	[ "$rc" = 0 ] || die "rpmsg-echo --ctrl $ctrl: exit $rc: $(tail -n 1 "$S_TMP/ctrl.out")"
	grep -q "100 of 100 messages echoed unchanged" "$S_TMP/ctrl.out" || die "rpmsg-echo --ctrl: no summary"
	ctrl_ept=$(sed -n 's|.* through \(/dev/[^ ]*\) (.*|\1|p' "$S_TMP/ctrl.out")
	[ "$(ctrl_epts)" = "$epts0" ] || die "the endpoint device made through $ctrl is still there"

	# --- 100 echoes through the announced channel's own device ---
	rpmsg-echo --dev "$chan_dev" --count 100 > "$S_TMP/dev.out" 2>&1
	rc=$?
	cat "$S_TMP/dev.out"
	[ "$rc" = 0 ] || die "rpmsg-echo --dev $chan_dev: exit $rc: $(tail -n 1 "$S_TMP/dev.out")"
	grep -q "100 of 100 messages echoed unchanged" "$S_TMP/dev.out" || die "rpmsg-echo --dev: no summary"

	# the external core's doorbells to Linux are MSI-X interrupts: the
	# kick vector carried the echoes, the control vector start's answer
	if [ "$EXT" = 1 ]; then
		kicks=$(irq_count rproc_sim-kick)
		ctrls=$(irq_count rproc_sim-ctrl)
		[ "${kicks:-0}" -ge 200 ] || die "only ${kicks:-no} MSI-X kick interrupts for 200 echoes"
		[ "${ctrls:-0}" -gt 0 ] || die "no MSI-X control interrupt (start's answer)"
	fi
	# the core is still up and well
	state_is running || die "state $(cat "$R/state") after the echoes"
	[ "$EXT" = 1 ] || kill -0 "$SIM_PID" 2> /dev/null || die "rproc-sim died"
	trace_has "not echoed" && die "the firmware could not echo everything"
	dmesg_has "inbound msg too big\|event queue full\|crash detected" && die "the kernel complains"

	# --- stop: the channel and its device go away ---
	echo stop > "$R/state"
	wait_for 10 state_is offline || die "stop: state $(cat "$R/state")"
	wait_for 10 no_channel || die "the rpmsg-raw channel outlived the stop"
	[ -e "$chan_dev" ] && die "$chan_dev outlived the stop"
	summary="${summary:+$summary; }$name.elf by $how in $(awk "BEGIN { printf \"%.2f\", $t1 - $t0 }") s: rpmsg-raw announced, 100 echoes through rpmsg_ctrl's ${ctrl_ept:-?} in $(ms "$S_TMP/ctrl.out") ms and 100 through $chan_dev in $(ms "$S_TMP/dev.out") ms${kicks:+ (MSI-X: $kicks kicks, $ctrls answers so far)}"
}

udevadm control --log-level=info 2> /dev/null
sim_up
run=
summary=
echo_run echo-interp auto
echo_run echo-vendor auto
echo_run echo-vendor kernel
echo_run echo-irq-interp auto
echo auto > "$R/loader"
pass "$summary, byte for byte"
