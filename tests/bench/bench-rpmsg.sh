#!/bin/sh
# Benchmark, informational: rpmsg from user space (issue 13), in one boot of
# the kernel tier's machine (tests/kernel/qemu.sh) with arm/svc-interp.elf
# on remoteproc0 (tests/kernel/guest/bench-rpmsg.sh, rpmsg-bench), side by
# side, medians of RPROC_BENCH_RUNS (11) runs whose first side alternates:
#   - a 32-byte round trip through rpmsg-echo: librproc against write/read
#     on the channel's /dev/rpmsgN (goal: librproc <= 1.1x);
#   - messages a second, batched (RPMSG_SEND_BATCH_IOCTL into rpmsg-sink,
#     RPMSG_RECV_BATCH_IOCTL out of rpmsg-flood, 64 a call) against a
#     write or a read a message (goal: >= 3x);
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
qemu_boot "rproc.bench=rpmsg rproc.runs=$runs" \
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
for part in latency tx rx ept; do
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
/^RPROC-BENCH median / {
	for (i = 4; i <= NF; i++) {
		split($i, kv, "=")
		M[$3, kv[1]] = kv[2]
	}
}
function ratio(a, b) { return b > 0 ? a / b : 0 }
END {
	printf "bench-rpmsg: svc-interp on rproc-sim in the guest, medians of %d alternating runs\n", n
	printf "bench-rpmsg:                                         baseline            issue 13         ratio\n"
	printf "bench-rpmsg:   round trip, 32 B (rpmsg-echo)      raw write/read      librproc\n"
	printf "bench-rpmsg:                                      %9.1f us        %9.1f us    %6.2fx  (librproc/raw, goal <= 1.10)\n", \
		M["latency", "raw_us"], M["latency", "lib_us"], ratio(M["latency", "lib_us"], M["latency", "raw_us"])
	printf "bench-rpmsg:   TX into rpmsg-sink, 64 B           a write each        batches of 64\n"
	printf "bench-rpmsg:                                      %9.0f msg/s     %9.0f msg/s %6.2fx  (batched/single, goal >= 3)\n", \
		M["tx", "single_mps"], M["tx", "batch_mps"], ratio(M["tx", "batch_mps"], M["tx", "single_mps"])
	printf "bench-rpmsg:   RX out of rpmsg-flood, 64 B        a read each         batches of 64\n"
	printf "bench-rpmsg:                                      %9.0f msg/s     %9.0f msg/s %6.2fx  (batched/single, goal >= 3)\n", \
		M["rx", "single_mps"], M["rx", "batch_mps"], ratio(M["rx", "batch_mps"], M["rx", "single_mps"])
	printf "bench-rpmsg:   endpoint create+destroy            through a /dev node by fd\n"
	printf "bench-rpmsg:                                      %9.1f us        %9.1f us    %6.1fx  (node/fd, upstream reports ~120x)\n", \
		M["ept", "node_us"], M["ept", "fd_us"], ratio(M["ept", "node_us"], M["ept", "fd_us"])
}' "$r"
if [ "$T_FAILS" -gt 0 ] || [ -n "${RPROC_SHOW_CONSOLE:-}" ]; then
	echo "=== guest console ($kernel)"
	cat "$T_TMP/console.txt"
	echo "=== end of guest console"
fi
finish
