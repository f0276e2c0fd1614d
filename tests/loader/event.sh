#!/bin/sh
# loader tier: rproc-loader run as udev runs it: no arguments, inputs from the
# uevent environment, validated; plugin chosen by PT_INTERP, config, default.
. "$abs_top_srcdir/tests/lib.sh"

[ -f "$FW/arm/hello.elf" ] || skip "no arm firmware (arm-none-eabi-gcc)"
core="$T_TMP/core"
mkcore "$core" arm
printf '[loader]\nfirmware_path = %s\n' "$FW/arm" > "$T_TMP/conf/loader.conf"

event() {
	env -i PATH="$PATH" ACTION=change DEVPATH=/devices/platform/rproc_sim.0/remoteproc/remoteproc0 \
		RPROC_EVENT=load RPROC_COOKIE=7 "$@" \
		"$LOADER" --confdir "$T_TMP/conf" --plugindir "$PLUGINDIR" --backend "dir:$core" \
		> "$T_TMP/out" 2> "$T_TMP/err"
}

event RPROC_FIRMWARE=hello.elf
check "event: loads the named firmware from firmware_path" [ $? -eq 0 ]
check "event: prints the result" grep -q '^rsc_size=[1-9]' "$T_TMP/out"

for bad in "../arm/hello.elf" "/etc/passwd" "$(printf 'a\tb')" "sub/../../x"; do
	event RPROC_FIRMWARE="$bad"
	rc=$?
	check "event: RPROC_FIRMWARE='$bad' refused with exit 2" [ "$rc" -eq 2 ]
	check "event: message names RPROC_FIRMWARE" grep -q "RPROC_FIRMWARE=" "$T_TMP/err"
done
event RPROC_FIRMWARE=hello.elf RPROC_COOKIE=
check "event: empty cookie refused with exit 2" [ $? -eq 2 ]
env -i PATH="$PATH" "$LOADER" --confdir "$T_TMP/conf" --plugindir "$PLUGINDIR" > "$T_TMP/out" 2> "$T_TMP/err"
check "no firmware and no uevent: exit 2" [ $? -eq 2 ]
check "no firmware and no uevent: says so" grep -q "no FIRMWARE given and no uevent" "$T_TMP/err"
event RPROC_FIRMWARE=missing.elf
check "event: missing firmware exit 4" [ $? -eq 4 ]
check "event: lists the searched directories" grep -q "  $FW/arm" "$T_TMP/err"

# Plugin selection: RPROC_LOADER (the kernel's copy of PT_INTERP) first
event RPROC_FIRMWARE=hello.elf RPROC_LOADER=/lib/rproc/bin
rc=$?
check "RPROC_LOADER=bin selects the bin plugin (which needs bin.da): exit 1" [ "$rc" -eq 1 ]
check "RPROC_LOADER=bin: bin's own error" grep -q "option bin.da is required" "$T_TMP/err"
event RPROC_FIRMWARE=hello.elf RPROC_LOADER=nosuch
check "RPROC_LOADER names a missing plugin: exit 5" [ $? -eq 5 ]

if [ -f "$FW/arm/hello-interp.elf" ]; then
	interp=$(readelf -lW "$FW/arm/hello-interp.elf" | sed -n 's/.*Requesting program interpreter: \(.*\)]/\1/p')
	check "hello-interp has PT_INTERP '$interp'" [ "$interp" = elf ]
	# config asks for bin, PT_INTERP says elf: PT_INTERP wins
	printf '[loader]\nfirmware_path = %s\n[firmware hello*]\nloader = bin\n' "$FW/arm" > "$T_TMP/conf/loader.conf"
	event RPROC_FIRMWARE=hello-interp.elf
	check "PT_INTERP beats config: loaded by elf" [ $? -eq 0 ]
	# the same config picks bin for a firmware without PT_INTERP
	event RPROC_FIRMWARE=hello.elf
	check "config beats default: bin chosen for hello.elf" grep -q "option bin.da is required" "$T_TMP/err"
	# default_loader when nothing else says
	printf '[loader]\nfirmware_path = %s\ndefault_loader = bin\n' "$FW/arm" > "$T_TMP/conf/loader.conf"
	event RPROC_FIRMWARE=hello.elf
	check "default_loader = bin is used" grep -q "option bin.da is required" "$T_TMP/err"
	event RPROC_FIRMWARE=hello-interp.elf
	check "PT_INTERP beats default_loader" [ $? -eq 0 ]
fi
finish
