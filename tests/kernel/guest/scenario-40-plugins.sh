# Issue 5's end: one firmware of each new loader plugin through the real
# path (uevent, udevd, rproc-loader's kernel backend), running under
# rproc-sim. reloc: arm/reloc.o, an object (ET_REL) placed by a section map
# and relocated (thousands of relocations of every ARM type); it prints the
# sum its generator computed. shlib: arm/shlib-app1.elf with its DT_NEEDED
# library, whose text goes to the shared memory "shm" behind a manifest the
# plugin reads back (the kernel backend's read); it prints its results.
# Twice: rproc-loader's messages (log_target = syslog, to busybox syslogd)
# say that the first load placed the library text and the second found it
# there, verified it and wrote none of it.
# Neither has a PT_INTERP: the loader attribute "user" sends them to
# rproc-loader, and a config snippet picks the plugin.
# timeout: 150
. "$RPROC_GUEST/lib.sh"
. "$RPROC_GUEST/rproc.sh"

[ -n "${RPROC_LOADER:-}" ] || skip "rproc-loader was not built"
[ -f "$R/loader" ] || fail "no $R/loader: the user-mode loading patches are not in this kernel"
for f in arm/reloc.o arm/shlib-app1.elf arm/shlib/libshlib-demo.so arm/gen/reloc-sum.h; do
	[ -f "$RPROC_FW/$f" ] || skip "no $RPROC_FW/$f (arm-none-eabi-gcc)"
done
sum=$(sed -n 's/^#define RELOC_SUM 0x0*\([0-9a-f]*\)u$/\1/p' "$RPROC_FW/arm/gen/reloc-sum.h")
[ -n "$sum" ] || fail "no RELOC_SUM in $RPROC_FW/arm/gen/reloc-sum.h"

# rproc-loader's configuration directory, as it was built
confdir=$("$RPROC_LOADER" --help | sed -n 's/.*configuration directory (default \(.*\))$/\1/p')
[ -n "$confdir" ] || fail "rproc-loader --help names no configuration directory"
snippet=$confdir/loader.conf.d/90-rproc-tests-plugins.conf
mkdir -p "$confdir/loader.conf.d"
loader0=$(cat "$R/loader")
# rproc-loader's messages, as an admin would collect them
syslog=$S_TMP/syslog
syslogd -n -O "$syslog" &
SYSLOGD_PID=$!
wait_for 5 test -S /dev/log || fail "busybox syslogd made no /dev/log"
lt0=$(cat "$R/load_timeout")
plugins_cleanup() {
	touch "$S_TMP/go"	# a flock(1) holder below lets go
	echo "$lt0" > "$R/load_timeout"
	kill "$SYSLOGD_PID" 2> /dev/null
	rm -f "$snippet"
	echo "$loader0" > "$R/loader"
	cleanup
}
trap plugins_cleanup EXIT
# the rproc_sim memories are the kit's Cortex-M4 ones (arm/memories.ini); a
# [firmware GLOB] matches the last component of the firmware name. shlib's
# base and data are named: by default they are the first memories the host
# can address, and the kernel lists rproc_sim's vring carveouts first
# write_snippet [LINE]: the config, LINE (a setting of [loader]) added
write_snippet() {
	cat > "$snippet" <<CONF
[loader]
log_target = syslog
log_level = info
${1:-}

[firmware reloc.o]
loader = reloc
reloc.sections = .vectors=flash .text*=flash .rodata*=flash .resource_table=sram .data*=sram .bss*=sram

[firmware shlib-app*.elf]
loader = shlib
shlib.path = /lib/firmware/rproc-tools/arm/shlib
shlib.base = flash
shlib.data = sram
CONF
}
write_snippet
echo user > "$R/loader"
# a fresh shared memory, as after a board reset: earlier scenarios' firmware
# (vrings, buffers) left bytes in shm, and shlib takes a memory without its
# manifest for empty only when all of it is zero (it refuses it otherwise)
"$RPROC_SIM" --device "$SIMDEV" --clear shm || fail "rproc-sim --clear shm failed"
sim_up

# run FIRMWARE TEXT: start it, wait for TEXT on rproc-sim's stdout, stop
run() {
	local before
	before=$(wc -l < "$S_TMP/sim.out")
	start "$(fw_name "$1")" || fail "$1: echo start failed: $(dmesg | tail -n 4 | tr '\n' '|')"
	wait_for 30 state_is running || fail "$1: state $(cat "$R/state")"
	wait_for 30 sh -c "tail -n +$((before + 1)) '$S_TMP/sim.out' | grep -q '$2'" ||
		fail "$1: rproc-sim printed no '$2': $(tail -n 3 "$S_TMP/sim.out" | tr '\n' '|') $(tail -n 3 "$S_TMP/sim.err" | tr '\n' '|')"
	echo "ok: $1: $(tail -n +$((before + 1)) "$S_TMP/sim.out" | grep "$2" | head -n 1)"
	rproc_stop || fail "$1: stop: state $(cat "$R/state")"
}

run arm/reloc.o "reloc sum=0x$sum"
dmesg | grep -q "loading rproc-tools/arm/reloc.o with a user-mode loader" ||
	fail "reloc.o: dmesg has no user-mode load line"
# logged NAME PATTERN: rproc-loader's syslog has a line matching PATTERN
logged() {
	wait_for 5 grep -q "rproc-loader.*libshlib-demo.so: $2" "$syslog" ||
		fail "$1: rproc-loader logged no '$2': $(grep rproc-loader "$syslog" | tail -n 4 | tr '\n' '|')"
}
run arm/shlib-app1.elf "calls=5 sum=73 last=26 scale=3"
logged "first shlib load" "text new in memory shm: placed at 0x[0-9a-f]*"
# the shared memory now starts with the manifest the plugin wrote
run arm/shlib-app1.elf "calls=5 sum=73 last=26 scale=3"
logged "second shlib load" "text already in memory shm at 0x[0-9a-f]* ([0-9]* bytes), verified: not written"
# the loads took turns on the lock (/run/rproc-tools/shlib.lock by default)
! grep -q "do not take turns" "$syslog" ||
	fail "shlib took no lock: $(grep 'do not take turns' "$syslog" | head -n 1)"
n=$(grep -c "libshlib-demo.so: text new in memory" "$syslog")
[ "$n" = 1 ] || fail "the library text was placed $n times, not once"
echo "ok: $(grep -o 'libshlib-demo.so: text.*' "$syslog" | tr '\n' '|')"

# rproc-loader's own timeout answers the kernel at once (-ETIMEDOUT): a shlib
# load waits for its lock, held by flock(1), longer than [loader] timeout = 1
# allows (shlib.lock_wait is 20 s); the kernel's load_timeout, 30 s here, is
# not waited out
echo 30 > "$R/load_timeout"
write_snippet "timeout = 1"
rm -f "$S_TMP/held" "$S_TMP/go"
flock -o /run/rproc-tools/shlib.lock sh -c \
	'touch "$1/held"; while [ ! -f "$1/go" ]; do sleep 0.1; done' sh "$S_TMP" &
holder=$!
wait_for 10 test -f "$S_TMP/held" || fail "flock(1) did not take /run/rproc-tools/shlib.lock"
dmesg_n=$(dmesg | wc -l)
echo "$(fw_name arm/shlib-app1.elf)" > "$R/firmware"
t0=$(cut -d' ' -f1 /proc/uptime)
if (echo start > "$R/state") 2> "$S_TMP/start.err"; then
	fail "shlib-app1.elf started while its lock was held"
fi
t1=$(cut -d' ' -f1 /proc/uptime)
touch "$S_TMP/go"
wait "$holder"
echo "$lt0" > "$R/load_timeout"
write_snippet
took=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
grep -q "Connection timed out" "$S_TMP/start.err" ||
	fail "the start failed with '$(cat "$S_TMP/start.err")', not ETIMEDOUT"
dmesg | tail -n +$((dmesg_n + 1)) | grep -q "user-mode load of rproc-tools/arm/shlib-app1.elf failed: -110" ||
	fail "no dmesg line of the helper's -110 answer: $(dmesg | tail -n 3 | tr '\n' '|')"
awk -v t="$took" 'BEGIN { exit !(t < 10) }' ||
	fail "the failed start took $took s: the kernel waited for its own load_timeout"
wait_for 5 state_is offline || fail "state $(cat "$R/state") after the timed-out load"
echo "ok: a helper past its timeout (1 s) answered -ETIMEDOUT: start failed after $took s"
pass "reloc.o (ET_REL, sum 0x$sum) and shlib-app1.elf (twice: libshlib-demo.so's text placed once, then verified and not written) loaded by rproc-loader through udev, ran under rproc-sim; a load held past rproc-loader's timeout failed at once (-ETIMEDOUT, $took s)"
