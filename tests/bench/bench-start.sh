#!/bin/sh
# Benchmark, informational: in one boot of the kernel tier's machine
# (tests/kernel/qemu.sh), the time from 'echo start' to a 4 MiB firmware
# running (arm/start4m.elf: its trace buffer says hello), the kernel's own
# loader against rproc-loader (through udev: uevent, helper, netlink, mmap,
# copy, reply), alternating, 20 runs each (RPROC_BENCH_RUNS); prints both
# medians and their ratio. Never fails on time: it fails when a start fails,
# the guest does not report, or the kernel splats. Goal: rproc-loader within
# 1.2x of the in-kernel loader.
. "$abs_top_srcdir/tests/lib.sh"
. "$abs_top_srcdir/tests/kernel/qemu.sh"

[ -f "$FW/arm/start4m.elf" ] || skip "no arm start4m.elf (arm-none-eabi-gcc)"
[ -n "$SIM" ] || skip "no rproc-sim (libunicorn-dev)"
runs=${RPROC_BENCH_RUNS:-20}
qemu_need
qemu_kernel
qemu_initramfs "$T_TMP/initramfs.gz"
# 40 starts and stops of TCG-emulated udev, helper and core: give it time
qemu_limit=${RPROC_KERNEL_TIMEOUT:-900}
# start4m.elf's memories (tests/firmware/arm/start4m/memory.ld): an 8 MiB flash
qemu_boot "rproc.bench=start rproc.runs=$runs" \
	"rproc_sim.memories=flash@0x0:8M,sram@0x20000000:256K,shm@0x30000000:1M" \
	"${RPROC_KERNEL_APPEND:-}"

r=$T_TMP/results.txt
grep '^RPROC-' "$r" | grep -v '^RPROC-BENCH run ' || :
line=$(grep '^RPROC-RESULT start ' "$r")
check "the guest's benchmark ran: ${line:-no result line}" \
	[ "$(echo "$line" | cut -d' ' -f3)" = PASS ]
splat=$(qemu_splat)
check "no BUG, WARNING, Oops or panic on the console${splat:+: $splat}" [ -z "$splat" ]
n_kernel=$(grep -c '^RPROC-BENCH run kernel ' "$r")
n_user=$(grep -c '^RPROC-BENCH run user ' "$r")
check "$runs timed runs of each loader (kernel $n_kernel, user $n_user)" \
	[ "$n_kernel" -eq "$runs" ] && [ "$n_user" -eq "$runs" ]
median() {	# LOADER FIELD
	sed -n "s/^RPROC-BENCH median $1 .*$2=\([0-9]*\).*/\1/p" "$r"
}
k_run=$(median kernel running_us)
u_run=$(median user running_us)
k_tr=$(median kernel traced_us)
u_tr=$(median user traced_us)
if [ -n "$k_run" ] && [ -n "$u_run" ] && [ -n "$k_tr" ] && [ -n "$u_tr" ] && [ "$k_run" -gt 0 ]; then
	pass "medians reported"
	ex=$(sed -n 's/^RPROC-BENCH median exec .* us=\([0-9]*\).*/\1/p' "$r")
	awk -v ex="${ex:-0}" -v kr="$k_run" -v ur="$u_run" -v kt="$k_tr" -v ut="$u_tr" -v n="$runs" 'BEGIN {
		printf "bench-start: 4 MiB firmware (arm/start4m.elf), %d runs of each loader, medians\n", n
		printf "bench-start: echo start returned (running): kernel loader %.1f ms, rproc-loader %.1f ms\n", kr / 1e3, ur / 1e3
		printf "bench-start: firmware traced hello:         kernel loader %.1f ms, rproc-loader %.1f ms\n", kt / 1e3, ut / 1e3
		printf "bench-start: ratio rproc-loader/kernel, to running = %.2f, to hello = %.2f (goal <= 1.20)\n", ur / kr, ut / kt
		if (ex > 0)
			printf "bench-start: of which starting rproc-loader alone (fork, exec, --version) %.1f ms\n", ex / 1e3
	}'
else
	fail "no medians in the guest's results"
fi
if [ "$T_FAILS" -gt 0 ]; then
	echo "=== guest console ($kernel)"
	cat "$T_TMP/console.txt"
	echo "=== end of guest console"
fi
finish
