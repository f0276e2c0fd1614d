#!/bin/sh
# Benchmark, informational: in one boot of the kernel tier's machine
# (tests/kernel/qemu.sh), the time from 'echo start' to a 4 MiB firmware
# running (arm/start4m.elf: its trace buffer says hello), the kernel's own
# loader against rproc-loader (through udev: uevent, helper, netlink, mmap,
# copy, reply), alternating, 20 runs each (RPROC_BENCH_RUNS); prints both
# medians and their ratios, then where rproc-loader's time goes
# (tests/kernel/guest/bench-start.sh): the kernel's share (to the PENDING
# event, after DONE), udev's (the same runs with the helper run on PENDING
# by the benchmark itself), and the helper's pieces, each measured alone:
# fork and exec, dynamic linking, the plugin's dlopen, a netlink round trip,
# a page fault on the mapped memory. Then the same starts served by the
# resident loader (rproc-loader --listen: no udev, no fork or exec, the
# plugin kept loaded), side by side with the kernel's loader and the
# udev-run helper. Never fails on time: it fails when a start fails, the
# guest does not report, or the kernel splats. Goals: rproc-loader within
# 1.2x of the in-kernel loader to running, 1.1x to the first trace line.
. "$abs_top_srcdir/tests/lib.sh"
. "$abs_top_srcdir/tests/kernel/qemu.sh"

[ -f "$FW/arm/start4m.elf" ] || skip "no arm start4m.elf (arm-none-eabi-gcc)"
[ -n "$SIM" ] || skip "no rproc-sim (libunicorn-dev)"
runs=${RPROC_BENCH_RUNS:-20}
qemu_need
qemu_kernel
qemu_initramfs "$T_TMP/initramfs.gz"
# 80 starts and stops of TCG-emulated udev, helper and core: give it time
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
qemu_kmsg_check || :
splat=$(qemu_splat)
check "no BUG, WARNING, Oops or panic on the console or in the kernel's whole log${splat:+: $splat}" [ -z "$splat" ]
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
else
	fail "no medians in the guest's results"
fi
n_direct=$(grep -c '^RPROC-BENCH run direct ' "$r")
check "$runs timed runs with the helper run directly (direct $n_direct)" [ "$n_direct" -eq "$runs" ]
n_listen=$(grep -c '^RPROC-BENCH run listen ' "$r")
check "$runs timed runs served by rproc-loader --listen (listen $n_listen)" [ "$n_listen" -eq "$runs" ]
# the breakdown: medians of each piece, printed as measured (a median of
# differences is not a difference of medians: what is derived says so)
# what the helper's dynamic linking has to load
nlibs=$(ldd "$LOADER" 2> /dev/null | grep -c '=> /')
awk -v n="$runs" -v nlibs="${nlibs:-0}" '
/^RPROC-BENCH median (kernel|user|direct|listen) / {
	for (i = 4; i <= NF; i++) {
		split($i, kv, "=")
		M[$3, kv[1]] = kv[2]
	}
}
/^RPROC-BENCH median exec / { sub("us=", "", $5); M["exec", "us"] = $5 }
/^RPROC-BENCH median spawn / { sub("us=", "", $5); M["spawn", $4] = $5 }
/^RPROC-BENCH median dlopen / { sub("us=", "", $5); M["dlopen", "us"] = $5 }
/^RPROC-BENCH median netlink / { sub("us=", "", $4); M["netlink", "us"] = $4 }
function ms(us) { return sprintf("%7.1f ms", us / 1e3) }
END {
	kr = M["kernel", "running_us"]; kt = M["kernel", "traced_us"]
	ur = M["user", "running_us"]; ut = M["user", "traced_us"]
	up = M["user", "pending_us"]; ud = M["user", "done_us"]
	dp = M["direct", "pending_us"]; ds = M["direct", "spawn_us"]
	dd = M["direct", "done_us"]; de = M["direct", "exit_us"]
	dr = M["direct", "running_us"]
	pages = 1024
	printf "bench-start: 4 MiB firmware (arm/start4m.elf), %d runs of each, medians\n", n
	printf "bench-start: echo start returned (running): kernel loader %.1f ms, rproc-loader %.1f ms\n", kr / 1e3, ur / 1e3
	printf "bench-start: firmware traced hello:         kernel loader %.1f ms, rproc-loader %.1f ms\n", kt / 1e3, ut / 1e3
	printf "bench-start: ratio rproc-loader/kernel, to running = %.2f (goal <= 1.20), to hello = %.2f (goal <= 1.10)\n", ur / kr, ut / kt
	lr = M["listen", "running_us"]; lt = M["listen", "traced_us"]
	lp = M["listen", "pending_us"]; ld = M["listen", "done_us"]
	if (lr != "") {
		printf "bench-start: side by side, medians            kernel loader   udev helper    listener\n"
		printf "bench-start:   to running                      %s    %s    %s\n", ms(kr), ms(ur), ms(lr)
		printf "bench-start:   to hello                        %s    %s    %s\n", ms(kt), ms(ut), ms(lt)
		printf "bench-start:   ratio to running                %7.2f       %7.2f       %7.2f    (goal <= 1.20)\n", 1, ur / kr, lr / kr
		printf "bench-start:   ratio to hello                  %7.2f       %7.2f       %7.2f    (goal <= 1.10)\n", 1, ut / kt, lt / kt
		printf "bench-start:   kernel to PENDING                              %s    %s\n", ms(up), ms(lp)
		printf "bench-start:   PENDING to DONE (the loader)                   %s    %s\n", ms(ud - up), ms(ld - lp)
		printf "bench-start:   DONE to running (kernel: table, start)         %s    %s\n", ms(ur - ud), ms(lr - ld)
		printf "bench-start:   (one CPU: the listener, woken by its own event before the benchmark hears PENDING, runs first; part of its work shows in kernel to PENDING)\n"
		printf "bench-start:   listener over the kernel loader: %s to running, %s to hello\n", ms(lr - kr), ms(lt - kt)
	}
	printf "bench-start: where rproc-loader (udev) goes, from echo start:\n"
	printf "bench-start:   kernel: prepare, uevent, PENDING     %s (user runs, to PENDING)\n", ms(up)
	printf "bench-start:   PENDING to the answer taken (DONE)   %s (udev + helper)\n", ms(ud - up)
	printf "bench-start:   DONE to echo start returning         %s (kernel: table, start)\n", ms(ur - ud)
	if (dd == "") {
		printf "bench-start: (no direct runs)\n"
		exit
	}
	printf "bench-start: the helper run by the benchmark on PENDING (udev running nothing), %d runs in the same rotation:\n", n
	printf "bench-start:   helper, fork to DONE                 %s; to its exit %s\n", ms(dd - ds), ms(de - ds)
	printf "bench-start:   => udev dispatch (both PENDING to DONE, less the helper) %s\n", ms((ud - up) - (dd - ds))
	printf "bench-start:   helper CPU (user+sys) %s, minor faults %d\n", ms(M["direct", "cpu_us"]), M["direct", "minflt"]
	printf "bench-start:   fork+exec+exit, static busybox       %s\n", ms(M["spawn", "static"])
	printf "bench-start:   fork+exec+exit, libc only (flock)    %s\n", ms(M["spawn", "libc"])
	printf "bench-start:   fork+exec+exit, rproc-loader -V      %s (=> its dynamic linking %s over static; %d shared libraries)\n", ms(M["exec", "us"]), ms(M["exec", "us"] - M["spawn", "static"]), nlibs
	printf "bench-start:   dlopen of the elf plugin             %s\n", ms(M["dlopen", "us"])
	printf "bench-start:   a generic netlink round trip         %s (the helper makes 3: family, memories, answer)\n", ms(M["netlink", "us"])
	tf = M["direct", "touch_first_us"]; ta = M["direct", "touch_again_us"]; tl = M["direct", "touch_fill_us"]
	printf "bench-start:   4 MiB of the mapped flash: first touch %s (%.1f us a page: faults and inserts), again %s, fill %s\n", ms(tf), (tf - ta) / pages, ms(ta), ms(tl)
	rest = (dd - ds) - M["exec", "us"] - M["dlopen", "us"] - 3 * M["netlink", "us"] - (tf - ta) - tl
	printf "bench-start:   => the helper less exec, dlopen, 3 round trips, the first touch and a fill of 4 MiB: %s (config, firmware, plan, checks, exit)\n", ms(rest)
}' "$r"
if [ "$T_FAILS" -gt 0 ] || [ -n "${RPROC_SHOW_CONSOLE:-}" ]; then
	echo "=== guest console ($kernel)"
	cat "$T_TMP/console.txt"
	echo "=== end of guest console"
fi
finish
