#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# /init of the user-mode loading development initramfs (mkinitramfs-uload.sh):
# drives remoteproc0 (rproc_sim) through the user-mode load contract with
# rproc-uload-test as the uevent handler, prints PASS/FAIL lines, then
# "RESULT: PASS" or "RESULT: FAIL (n)", and reboots (QEMU -no-reboot exits).
# With rproc_sim.memories=...,tcm@0x10000000:64K:private on the command line,
# it also checks that the private memory is listed NOMAP and not mapped.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t debugfs debugfs /sys/kernel/debug
mount -t tmpfs tmpfs /tmp
echo 4 > /proc/sys/kernel/printk

fails=0
ok() { echo "PASS: $*"; }
ko() { echo "FAIL: $*"; fails=$((fails + 1)); }
expect() { # expect DESCRIPTION COMMAND...
	d=$1; shift
	if "$@"; then ok "$d"; else ko "$d"; fi
}
R=/sys/class/remoteproc/remoteproc0
T=/sys/kernel/debug/remoteproc/remoteproc0
MODE=/tmp/mode
LOG=/tmp/uload.log
EV=/tmp/events.log

settle() { # settle STATE: wait up to 10 s for the remoteproc's state
	i=0
	while [ "$(cat $R/state)" != "$1" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	[ "$(cat $R/state)" = "$1" ]
}
# start FIRMWARE: echo start, the shell's error message (if any) in /tmp/start.err
start() {
	echo "$1" > $R/firmware
	: > /tmp/start.err
	( echo start > $R/state ) 2> /tmp/start.err
}
newlog() { : > $LOG; : > $EV; dmesg -c > /dev/null; }
show() { echo "--- $1"; cat "$2"; echo "---"; }

if [ -f /lib/modules/rproc_sim.ko ]; then
	insmod /lib/modules/rproc_sim.ko
fi
echo "name: $(cat $R/name) state: $(cat $R/state)"

rproc-uload-test monitor > $EV 2>&1 &
rproc-uload-test daemon $MODE > $LOG 2>&1 &
sleep 1

echo "=== sysfs attributes"
expect "loader defaults to auto" [ "$(cat $R/loader)" = auto ]
expect "load_timeout defaults to 30" [ "$(cat $R/load_timeout)" = 30 ]
expect "loader refuses 'bogus'" sh -c "! echo bogus > $R/loader"
expect "load_timeout refuses 0" sh -c "! echo 0 > $R/load_timeout"
expect "load_timeout refuses 3601" sh -c "! echo 3601 > $R/load_timeout"
expect "load_timeout takes 3600" sh -c "echo 3600 > $R/load_timeout && [ \$(cat $R/load_timeout) = 3600 ]"
echo 30 > $R/load_timeout

echo "=== 1. hello-interp.elf (PT_INTERP \"elf\"): a user-mode load"
echo load > $MODE
newlog
# the core's side (rproc_sim's control device): on START, compare the
# memories with the ELF's segments and write into the trace buffer
sim=
if [ -x /bin/rproc-sim-test ] && [ -c /dev/rproc-sim0 ]; then
	rproc-sim-test watch /dev/rproc-sim0 -e /lib/firmware/hello-interp.elf \
		-w "$(cat /etc/hello-interp-trace-da)=hello from the core" -n 2 -t 60 \
		> /tmp/sim.log 2>&1 &
	sim=$!
	i=0
	while ! grep -q watching /tmp/sim.log && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
fi
expect "start hello-interp.elf" start hello-interp.elf
expect "state running" settle running
show "helper" $LOG
dmesg
expect "uevent named the loader 'elf'" grep -q 'loader "elf"' $LOG
expect "GET_MEMORIES listed flash and sram" sh -c "grep -q 'memory flash da 0x0 ' $LOG && grep -q 'memory sram da 0x20000000 ' $LOG"
if grep -q 'tcm@0x10000000:64K:private' /proc/cmdline; then
	expect "the private memory tcm is listed NOMAP, without an offset" \
		grep -q 'memory tcm da 0x10000000 size 0x10000 flags 0x1 offset 0x0' $LOG
	expect "and not mapped" sh -c "! grep -q 'mapped tcm' $LOG"
fi
expect "LOAD_DONE accepted" grep -q 'LOAD_DONE cookie .* status 0 boot 0x41 .* flags 0: 0 ' $LOG
expect "trace0 exists" [ -e $T/trace0 ]
echo "trace0: $(cat $T/trace0 2>&1 | head -c 200)"
[ -z "$sim" ] || expect "trace0 shows what the core wrote" grep -q "hello from the core" $T/trace0
expect "old mappings fault after the load (SIGBUS)" grep -q 'revoked flash: read SIGBUS' $LOG
expect "mmap after the load fails with EPERM" grep -q 'mmap after the load: Operation not permitted' $LOG
expect "mmap of a running rproc: EPERM" sh -c "rproc-uload-test mmap 0 | grep -q 'Operation not permitted'"
sleep 0.5
show "events" $EV
expect "events PENDING then DONE" sh -c "grep -q 'PENDING status 0 firmware hello-interp.elf loader \"elf\"' $EV && grep -q 'DONE status 0' $EV"
echo stop > $R/state
expect "stopped" settle offline
if [ -n "$sim" ]; then
	wait $sim
	show "rproc_sim's side" /tmp/sim.log
	expect "the core saw the ELF's segments in its memories" \
		grep -q 'PASS: .*hello-interp.elf: 2 PT_LOAD segments equal the memories' /tmp/sim.log
	expect "START at 0x41" grep -q 'event START value=0x41 boot_addr=0x41' /tmp/sim.log
fi

echo "=== 2. hello.elf: the kernel loads it"
newlog
expect "start hello.elf" start hello.elf
expect "state running" settle running
expect "trace0 exists" [ -e $T/trace0 ]
sleep 0.5
expect "no load uevent" sh -c "! grep -q 'load of remoteproc' $LOG"
expect "no load event" sh -c "! grep -q PENDING $EV"
echo stop > $R/state
expect "stopped" settle offline

echo "=== 3. wrong cookie, bad status: not answers, the load stays pending"
echo cookie > $MODE
newlog
expect "start hello-interp.elf" start hello-interp.elf
expect "state running" settle running
show "helper" $LOG
expect "wrong cookie refused with ESTALE" grep -q 'LOAD_DONE cookie .* status 0 .*: -116 ' $LOG
expect "status 5 refused with ERANGE (policy)" grep -q 'LOAD_DONE cookie .* status 5 .*: -34 ' $LOG
expect "then the right answer accepted" grep -q 'LOAD_DONE cookie .* status 0 boot 0x41 .* flags 0: 0 ' $LOG
echo stop > $R/state
expect "stopped" settle offline

echo "=== 4. no answer: the start times out"
echo ignore > $MODE
echo 2 > $R/load_timeout
newlog
t0=$(date +%s)
expect "start fails" sh -c "! ( echo hello-interp.elf > $R/firmware; echo start > $R/state ) 2> /tmp/start.err"
t1=$(date +%s)
cat /tmp/start.err
expect "with ETIMEDOUT" grep -q 'timed out' /tmp/start.err
expect "after about 2 s ($((t1 - t0)) s)" [ $((t1 - t0)) -ge 2 -a $((t1 - t0)) -le 4 ]
dmesg | tee /tmp/dmesg4
expect "a dmesg line says so" grep -q 'no answer in 2 s' /tmp/dmesg4
expect "state offline" [ "$(cat $R/state)" = offline ]
sleep 0.5
expect "event TIMEOUT -110" grep -q 'TIMEOUT status -110' $EV
echo load > $MODE
newlog
expect "the next start works" start hello-interp.elf
expect "state running" settle running
echo stop > $R/state
expect "stopped" settle offline

echo "=== 5. the helper fails: the start fails with its errno"
echo fail > $MODE
newlog
expect "start fails" sh -c "! ( echo hello-interp.elf > $R/firmware; echo start > $R/state ) 2> /tmp/start.err"
cat /tmp/start.err
expect "with ENOEXEC" grep -q 'Exec format error' /tmp/start.err
expect "state offline" [ "$(cat $R/state)" = offline ]
dmesg | grep remoteproc

echo "=== 6. a table with version 2: the answer is refused, the start fails"
echo badtable > $MODE
newlog
expect "start fails" sh -c "! ( echo hello-interp.elf > $R/firmware; echo start > $R/state ) 2> /tmp/start.err"
cat /tmp/start.err
show "helper" $LOG
expect "LOAD_DONE refused with EINVAL" grep -q 'LOAD_DONE cookie .* status 0 boot 0x41 .*: -22 ' $LOG
dmesg | tee /tmp/dmesg6
expect "dmesg: unsupported fw ver: 2" grep -q 'unsupported fw ver: 2' /tmp/dmesg6
expect "state offline" [ "$(cat $R/state)" = offline ]
expect "mappings revoked on a refusal too" grep -q 'revoked flash: read SIGBUS' $LOG

echo "=== 7. staged: a monitor first, then the final answer"
echo staged > $MODE
newlog
expect "start hello-interp.elf" start hello-interp.elf
expect "state running" settle running
show "helper" $LOG
expect "STAGED accepted" grep -q 'flags 1: 0 ' $LOG
expect "final answer accepted" grep -q 'LOAD_DONE cookie .* status 0 boot 0x41 .* flags 0: 0 ' $LOG
sleep 0.5
show "events" $EV
expect "events PENDING, STAGED, DONE" sh -c "grep -q PENDING $EV && grep -q STAGED $EV && grep -q DONE $EV"
dmesg | grep remoteproc
echo stop > $R/state
expect "stopped" settle offline

echo "=== 8. loader=kernel and loader=user"
echo load > $MODE
echo kernel > $R/loader
newlog
expect "loader=kernel: start hello-interp.elf" start hello-interp.elf
expect "state running" settle running
expect "without a uevent" sh -c "! grep -q 'load of remoteproc' $LOG"
echo stop > $R/state
settle offline
echo user > $R/loader
newlog
expect "loader=user: start hello.elf" start hello.elf
expect "state running" settle running
expect "through the helper, loader \"\"" grep -q 'firmware hello.elf loader "" ' $LOG
echo stop > $R/state
settle offline
echo auto > $R/loader

echo "=== 9. a manifest: #!rproc elf"
echo fail > $MODE
newlog
printf '#!rproc elf\nhello.elf\n' > /lib/firmware/hello.rproc
start hello.rproc
expect "uevent named the loader 'elf'" grep -q 'firmware hello.rproc loader "elf" ' $LOG
printf '#!rproc two words\n' > /lib/firmware/bad.rproc
expect "a manifest with two words on its first line is refused" sh -c "! ( echo bad.rproc > $R/firmware; echo start > $R/state ) 2>/dev/null"
dmesg | grep -q 'more than a loader name' && ok "dmesg says why" || ko "dmesg says why"
expect "state offline" [ "$(cat $R/state)" = offline ]

echo "=== 10. a start killed while it waits"
echo ignore > $MODE
echo 30 > $R/load_timeout
newlog
sh -c "echo hello-interp.elf > $R/firmware; echo start > $R/state" &
p=$!
sleep 1
kill $p
wait $p
sleep 0.5
dmesg | tee /tmp/dmesg10
expect "dmesg: interrupted" grep -q 'interrupted' /tmp/dmesg10
expect "state offline" [ "$(cat $R/state)" = offline ]
echo load > $MODE
expect "the next start works" start hello-interp.elf
expect "state running" settle running
echo stop > $R/state
expect "stopped" settle offline

echo "=== 11. crash recovery: the helper loads the firmware again"
echo load > $MODE
newlog
expect "start hello-interp.elf" start hello-interp.elf
expect "state running" settle running
c1=$(grep -c 'load of remoteproc0' $LOG)
if [ -e $T/crash ]; then
	echo 2 > $T/crash
	i=0
	while [ "$(grep -c 'LOAD_DONE cookie .* flags 0: 0 ' $LOG)" -lt 2 ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	expect "state running after the recovery" settle running
	show "helper" $LOG
	dmesg | tee /tmp/dmesg11
	expect "a second load, answered" [ "$(grep -c 'LOAD_DONE cookie .* flags 0: 0 ' $LOG)" = 2 ]
	expect "dmesg: recovering" grep -q 'recovering' /tmp/dmesg11
	echo "trace0: $(head -c 200 $T/trace0)"
else
	echo "SKIP: no $T/crash"
fi
echo stop > $R/state
expect "stopped" settle offline

if [ -e /sys/kernel/debug/kmemleak ]; then
	echo "=== kmemleak"
	echo scan > /sys/kernel/debug/kmemleak
	sleep 1
	echo scan > /sys/kernel/debug/kmemleak
	cat /sys/kernel/debug/kmemleak > /tmp/leaks
	head -40 /tmp/leaks
	expect "no leak" [ ! -s /tmp/leaks ]
fi

if dmesg | grep -E -q 'BUG|WARNING|Oops|panic'; then
	ko "kernel splat"
	dmesg | grep -E -A 20 'BUG|WARNING|Oops|panic'
fi

if [ $fails = 0 ]; then echo "RESULT: PASS"; else echo "RESULT: FAIL ($fails)"; fi
sync
reboot -f
