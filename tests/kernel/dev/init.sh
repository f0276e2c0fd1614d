#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# /init of the rproc_sim development initramfs (mkinitramfs-dev.sh): checks
# the driver against hello.elf and rpmsg-fw.elf, prints "RESULT: PASS" or
# "RESULT: FAIL (n)", and powers off.
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
DEV=/dev/rproc-sim0
TRACE_DA=$(cat /etc/hello-trace-da)

settle() { # settle STATE: wait up to 10 s for the remoteproc's state
	i=0
	while [ "$(cat $R/state)" != "$1" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	[ "$(cat $R/state)" = "$1" ]
}
waitfor() { # waitfor FILE PATTERN: up to 20 s
	i=0
	while ! grep -q "$2" "$1" 2>/dev/null && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
	grep -q "$2" "$1"
}

if [ -f /lib/modules/rproc_sim.ko ]; then
	expect "insmod rproc_sim" insmod /lib/modules/rproc_sim.ko
fi
dmesg | grep rproc_sim
echo "name: $(cat $R/name) state: $(cat $R/state) firmware: $(cat $R/firmware)"
expect "remoteproc0 is rproc_sim.0" [ "$(cat $R/name)" = rproc_sim.0 ]
expect "remoteproc0 is offline" [ "$(cat $R/state)" = offline ]
expect "$DEV is a character device" [ -c $DEV ]
ls -l $DEV

echo "=== info"
rproc-sim-test info $DEV || fails=$((fails + 1))

echo "=== hello.elf: start, compare, trace, stop"
rproc-sim-test watch $DEV -e /lib/firmware/hello.elf -d flash=/tmp/flash.bin \
	-w "$TRACE_DA=hello from rproc-sim-test" -k 0 -n 2 -t 60 > /tmp/w1.log 2>&1 &
w=$!
waitfor /tmp/w1.log watching
echo hello.elf > $R/firmware
echo start > $R/state
expect "state running" settle running
waitfor /tmp/w1.log "event START"
echo "trace0: $(cat $T/trace0)"
expect "trace0 shows what the core wrote" grep -q "hello from rproc-sim-test" $T/trace0
echo stop > $R/state
expect "state offline" settle offline
wait $w || fails=$((fails + 1))
cat /tmp/w1.log
expect "START with boot address 0x41 (hello.elf's entry)" \
	grep -q "event START value=0x41 boot_addr=0x41" /tmp/w1.log
expect "STOP" grep -q "event STOP" /tmp/w1.log
n=$(wc -c < /etc/hello-flash.bin)
head -c "$n" /tmp/flash.bin > /tmp/flash.head
expect "flash mapping equals objcopy -j .text -j .rodata ($n bytes)" cmp /tmp/flash.head /etc/hello-flash.bin

echo "=== 10 start/stop cycles"
rproc-sim-test watch $DEV -n 20 -t 120 > /tmp/w2.log 2>&1 &
w=$!
waitfor /tmp/w2.log watching
i=0
while [ $i -lt 10 ]; do
	echo start > $R/state || ko "start $i"
	echo stop > $R/state || ko "stop $i"
	i=$((i + 1))
done
wait $w || fails=$((fails + 1))
expect "10 START events" [ "$(grep -c 'event START' /tmp/w2.log)" = 10 ]
expect "10 STOP events" [ "$(grep -c 'event STOP' /tmp/w2.log)" = 10 ]

echo "=== 40 start/stop cycles while the emulator does not read: overflow"
rproc-sim-test watch $DEV -s 15 -n 64 -t 60 > /tmp/w5.log 2>&1 &
w=$!
waitfor /tmp/w5.log watching
i=0
while [ $i -lt 40 ]; do
	echo start > $R/state; echo stop > $R/state
	i=$((i + 1))
done
wait $w || fails=$((fails + 1))
expect "64 events read, the rest dropped" [ "$(grep -c '^event' /tmp/w5.log)" = 64 ]
dmesg | grep "event queue full" | tail -2
expect "overflow reported" sh -c 'dmesg | grep -q "event queue full"'

echo "=== 50 start/stop cycles with no emulator"
i=0
while [ $i -lt 50 ]; do
	echo start > $R/state || ko "start $i"
	echo stop > $R/state || ko "stop $i"
	i=$((i + 1))
done
expect "offline after 50 cycles" [ "$(cat $R/state)" = offline ]

echo "=== CRASH written by the core: recovery"
rproc-sim-test watch $DEV -c -n 3 -t 60 > /tmp/w3.log 2>&1 &
w=$!
waitfor /tmp/w3.log watching
echo start > $R/state
wait $w || fails=$((fails + 1))
cat /tmp/w3.log
expect "START (then CRASH written), STOP, START" [ "$(grep event /tmp/w3.log | cut -d' ' -f2 | tr '\n' ' ')" = "START STOP START " ]
expect "recovered: running" settle running
dmesg | grep -E "crash detected|handling crash|recover" | tail -3
echo stop > $R/state
settle offline

echo "=== the core emulator closes while running"
rproc-sim-test watch $DEV -n 1 -t 60 > /tmp/w4.log 2>&1 &
w=$!
waitfor /tmp/w4.log watching
echo start > $R/state
wait $w
expect "closing while running is reported" sh -c 'dmesg | grep -q "rproc-sim0 closed while remoteproc0 runs"'
dmesg | grep -E "closed while|crash detected" | tail -2
settle running
echo stop > $R/state
expect "offline after stop" settle offline

echo "=== rpmsg: rpmsg-fw.elf, rproc-sim-test as the core"
rproc-sim-test rpmsg $DEV /lib/firmware/rpmsg-fw.elf -t 60 > /tmp/r.log 2>&1 &
w=$!
waitfor /tmp/r.log "waiting for START"
echo rpmsg-fw.elf > $R/firmware
echo start > $R/state
expect "rpmsg: running" settle running
i=0
while [ ! -c /dev/rpmsg0 ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
expect "/dev/rpmsg0 created for rpmsg-raw" [ -c /dev/rpmsg0 ]
ls /sys/bus/rpmsg/devices/
if [ -c /dev/rpmsg0 ]; then
	exec 3<>/dev/rpmsg0
	printf 'ping from the host' >&3
	reply=$(dd bs=64 count=1 <&3 2>/dev/null)
	exec 3>&-
	echo "reply: $reply"
	expect "echo over rpmsg" [ "$reply" = "ping from the host" ]
fi
echo stop > $R/state
settle offline
wait $w || fails=$((fails + 1))
cat /tmp/r.log
dmesg | grep -E "virtio|rpmsg" | tail -6

if [ -f /lib/modules/rproc_sim.ko ]; then
	echo "=== rmmod, and a private memory"
	expect "rmmod rproc_sim" rmmod rproc_sim
	expect "remoteproc0 gone" [ ! -e $R ]
	expect "insmod with sram private" insmod /lib/modules/rproc_sim.ko \
		memories=flash@0x0:256K,sram@0x20000000:256K:private,shm@0x30000000:1M
	rproc-sim-test info $DEV | grep memory
	echo hello.elf > $R/firmware
	expect "hello.elf into a private sram refuses to start" sh -c "! echo start > $R/state"
	dmesg | tail -3
	expect "state offline" [ "$(cat $R/state)" = offline ]
	expect "rmmod rproc_sim" rmmod rproc_sim

	echo "=== bad parameters"
	for p in "memories=flash@0x0:256K,sram@0x1000:4K" "memories=a@0x0:1000" \
		"memories=x@0x0:4K:secret" "memories=vdev0buffer@0x0:4K" "count=0" \
		"memories=a@0x0:4K,a@0x10000:4K" "mailbox_da=0x1000" "cpu=bad/cpu" \
		"memories=big@0xfffff000:8K"; do
		if insmod /lib/modules/rproc_sim.ko $p 2>/dev/null; then
			ko "insmod $p accepted"
			rmmod rproc_sim
		else
			ok "insmod $p refused: $(dmesg | sed 's/^\[[ 0-9.]*\] //' | grep -E '^rproc_sim' | grep -v 'probe of' | tail -1)"
		fi
	done
	echo "=== an 8 MiB memory (vmalloc()ed) and a private one"
	expect "insmod with big@0x10000000:8M" insmod /lib/modules/rproc_sim.ko \
		memories=flash@0x0:256K,big@0x10000000:8M,sram@0x20000000:256K,dsp@0x40000000:64K:private,shm@0x30000000:1M \
		cpu=riscv32 mailbox_da=0x3e000000 firmware=hello.elf
	rproc-sim-test info $DEV > /tmp/i.log || fails=$((fails + 1))
	grep -E "^info|^memory|FAIL" /tmp/i.log
	echo start > $R/state
	expect "hello.elf (the firmware parameter) runs with an 8 MiB memory" settle running
	echo stop > $R/state
	expect "rmmod rproc_sim" rmmod rproc_sim

	expect "insmod count=2" insmod /lib/modules/rproc_sim.ko count=2
	ls /dev/rproc-sim* /sys/class/remoteproc/
	expect "rmmod rproc_sim" rmmod rproc_sim
fi

if [ -e /sys/kernel/debug/kmemleak ]; then
	echo "=== kmemleak"
	echo scan > /sys/kernel/debug/kmemleak
	sleep 6
	echo scan > /sys/kernel/debug/kmemleak
	cat /sys/kernel/debug/kmemleak > /tmp/leaks
	expect "kmemleak: no unreferenced object" [ "$(grep -c 'unreferenced object' /tmp/leaks)" = 0 ]
	head -40 /tmp/leaks
fi
expect "no kernel warnings" sh -c '! dmesg | grep -E "WARNING:|BUG:|possible circular|possible recursive|inconsistent lock|sleeping function|memremap"'
dmesg | grep -E "WARNING:|BUG:|possible circular|possible recursive|inconsistent lock|sleeping function|memremap" | head

if [ $fails = 0 ]; then echo "RESULT: PASS"; else echo "RESULT: FAIL ($fails)"; fi
reboot -f
