#!/bin/sh
# Benchmark, informational: rpmsg from user space (issue 13), in one boot of
# the kernel tier's machine (tests/kernel/qemu.sh) with arm/svc-interp.elf
# on remoteproc0 (tests/kernel/guest/bench-rpmsg.sh, rpmsg-bench), side by
# side, medians of RPROC_BENCH_RUNS (11) runs whose first side alternates:
#   - a 32-byte round trip through rpmsg-echo: librproc against write/read
#     on the channel's /dev/rpmsgN (goal: librproc <= 1.1x);
#   - messages a second, batched (RPMSG_SEND_BATCH_IOCTL into rpmsg-sink,
#     RPMSG_RECV_BATCH_IOCTL out of rpmsg-flood, 64 a call) against a
#     write or a read a message (goal: >= 3x); TX until the sink counted
#     them all, RX from a queue that holds the whole flood already (the
#     emulated core produces ~2700 messages a second whoever reads them).
#     Each is measured twice: messages a second of the bench process's own
#     CPU time (the goal's figure: the host's cost per message, which is
#     what a batch saves), and of the wall clock, which for TX is the
#     emulated core's pace once the host outruns it (one CPU runs both);
#   - an endpoint made and destroyed through rpmsg_ctrl, as an fd
#     (RPMSG_CREATE_EPT_FD_IOCTL + close) against as a device
#     (RPMSG_CREATE_EPT_IOCTL + open of its node + RPMSG_DESTROY_EPT_IOCTL +
#     close); the upstream series reports ~120x.
# Everything runs on one emulated CPU (QEMU TCG), the core (rproc-sim) too:
# the figures are ratios on this machine, not what silicon does. Never
# fails on time: it fails when a run fails, the guest does not report, or
# the kernel splats.
. "$abs_top_srcdir/tests/lib.sh"
. "$abs_top_srcdir/tests/kernel/qemu.sh"

[ -f "$FW/arm/svc-interp.elf" ] || skip "no arm svc-interp.elf (arm-none-eabi-gcc)"
[ -n "$SIM" ] || skip "no rproc-sim (libunicorn-dev)"
runs=${RPROC_BENCH_RUNS:-11}
qemu_need
qemu_kernel
qemu_initramfs "$T_TMP/initramfs.gz"
qemu_limit=${RPROC_KERNEL_TIMEOUT:-900}
# remoteproc0's memories as in the kernel tier (tests/kernel/kernel.sh)
# kmemleak=off: the tier's kernel has the leak detector built in, which
# tracks every allocation and free (mm/kmemleak.c: an object looked up in
# its tree under a lock at each kfree); under TCG that made a message's
# skb free cost ~4 us of the ~5 us a read of it takes, so that the
# figures measured kmemleak, not rpmsg. The benchmark boots without it;
# the kernel tier keeps it for its leak checks.
qemu_boot "rproc.bench=rpmsg rproc.runs=$runs kmemleak=off" \
	"rproc_sim.memories=flash@0x0:256K,sram@0x20000000:256K,shm@0x30000000:1M" \
	"${RPROC_KERNEL_APPEND:-}"

r=$T_TMP/results.txt
grep '^RPROC-' "$r" | grep -v '^RPROC-BENCH run ' || :
line=$(grep '^RPROC-RESULT rpmsg ' "$r")
check "the guest's benchmark ran: ${line:-no result line}" \
	[ "$(echo "$line" | cut -d' ' -f3)" = PASS ]
qemu_kmsg_check || :
splat=$(qemu_splat)
check "no BUG, WARNING, Oops or panic on the console or in the kernel's whole log${splat:+: $splat}" [ -z "$splat" ]
for part in latency tx rx txcpu rxcpu ept; do
	n=$(grep -c "^RPROC-BENCH run $part " "$r")
	check "$runs runs of $part ($n)" [ "$n" -eq "$runs" ]
done
m() {	# PART FIELD: the median the guest printed
	sed -n "s/^RPROC-BENCH median $1 .*$2=\([0-9.]*\).*/\1/p" "$r"
}
if [ -n "$(m latency raw_us)" ] && [ -n "$(m ept node_us)" ]; then
	pass "medians reported"
else
	fail "no medians in the guest's results"
fi
awk -v n="$runs" '
/^RPROC-BENCH (median|spread) / {
	for (i = 4; i <= NF; i++) {
		split($i, kv, "=")
		if ($2 == "median")
			M[$3, kv[1]] = kv[2]
		else
			S[$3, kv[1]] = kv[2]
	}
}
function ratio(a, b) { return b > 0 ? a / b : 0 }
END {
	printf "bench-rpmsg: svc-interp on rproc-sim in the guest, medians of %d alternating runs\n", n
	printf "bench-rpmsg:                                         baseline            issue 13         ratio\n"
	printf "bench-rpmsg:   round trip, 32 B (rpmsg-echo)      raw write/read      librproc\n"
	printf "bench-rpmsg:                                      %9.1f us        %9.1f us    %6.2fx  (librproc/raw, goal <= 1.10)\n", \
		M["latency", "raw_us"], M["latency", "lib_us"], ratio(M["latency", "lib_us"], M["latency", "raw_us"])
	printf "bench-rpmsg:   messages a second of host CPU time (goal: batched >= 3x single)\n"
	printf "bench-rpmsg:   TX into rpmsg-sink, 64 B           a write each        batches of 64\n"
	printf "bench-rpmsg:                                      %9.0f msg/s     %9.0f msg/s %6.2fx  (batched/single, goal >= 3)\n", \
		M["txcpu", "single_mps"], M["txcpu", "batch_mps"], ratio(M["txcpu", "batch_mps"], M["txcpu", "single_mps"])
	printf "bench-rpmsg:   RX, 64 B, rpmsg-flood queued       a read each         batches of 64\n"
	printf "bench-rpmsg:                                      %9.0f msg/s     %9.0f msg/s %6.2fx  (batched/single, goal >= 3)\n", \
		M["rxcpu", "single_mps"], M["rxcpu", "batch_mps"], ratio(M["rxcpu", "batch_mps"], M["rxcpu", "single_mps"])
	printf "bench-rpmsg:   the same, messages a wall-clock second (TX: the emulated core, on the same CPU, sets the pace)\n"
	printf "bench-rpmsg:   TX into rpmsg-sink                 %9.0f msg/s     %9.0f msg/s %6.2fx\n", \
		M["tx", "single_mps"], M["tx", "batch_mps"], ratio(M["tx", "batch_mps"], M["tx", "single_mps"])
	printf "bench-rpmsg:   RX out of the queue                %9.0f msg/s     %9.0f msg/s %6.2fx\n", \
		M["rx", "single_mps"], M["rx", "batch_mps"], ratio(M["rx", "batch_mps"], M["rx", "single_mps"])
	printf "bench-rpmsg:   endpoint create+destroy            through a /dev node by fd\n"
	printf "bench-rpmsg:                                      %9.1f us        %9.1f us    %6.1fx  (node/fd, upstream reports ~120x)\n", \
		M["ept", "node_us"], M["ept", "fd_us"], ratio(M["ept", "node_us"], M["ept", "fd_us"])
	printf "bench-rpmsg: the runs spread (min-max): round trip raw %s us, librproc %s us; TX single %s, batched %s msg/s;\n", \
		S["latency", "raw_us"], S["latency", "lib_us"], S["tx", "single_mps"], S["tx", "batch_mps"]
	printf "bench-rpmsg:   RX single %s, batched %s msg/s; endpoints by fd %s us, through a node %s us\n", \
		S["rx", "single_mps"], S["rx", "batch_mps"], S["ept", "fd_us"], S["ept", "node_us"]
	printf "bench-rpmsg: (one emulated CPU runs the guest and the core alike: figures move from boot to boot; the ratios are the result)\n"
}' "$r"
if [ "$T_FAILS" -gt 0 ] || [ -n "${RPROC_SHOW_CONSOLE:-}" ]; then
	echo "=== guest console ($kernel)"
	cat "$T_TMP/console.txt"
	echo "=== end of guest console"
fi
finish
