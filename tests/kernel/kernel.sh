#!/bin/sh
# Kernel tier: Debian's linux-source-6.1 with kernel/patches and the config
# fragment (kernel/build.sh, cached), booted under QEMU (TCG) on an initramfs
# with busybox, systemd-udevd, the project's rules, programs and firmware
# (tests/kernel/mkinitramfs.sh). The guest's /init (tests/kernel/guest/init)
# runs every tests/kernel/guest/scenario-*.sh and reports each on a line
#   RPROC-RESULT <name> PASS|FAIL|SKIP <detail>
# then RPROC-DONE. Every scenario must report; a FAIL, a missing line, a
# missing RPROC-DONE or a kernel splat (BUG, WARNING, Oops, panic) fails the
# tier and prints the guest's whole console. Splats are looked for on the
# console and in the kernel's whole log, every level, which the guest dumps
# at its end (qemu.sh): the console is quiet, and a WARN() prints below its
# level. That the dump sees what the console does not is proved on every
# run: the guest's /init writes a warning-level probe record into the log
# (/dev/kmsg) before the scenarios, which must be in the dump; booted with
# rproc.splat-probe=1 (RPROC_KERNEL_APPEND), the record it writes is a
# "WARNING:" line, and the tier must fail on it.
#
# A SKIP is printed loudly, and fails the tier under RPROC_TESTS_NO_SKIP=1
# (CI).
#
# The external core: before QEMU, rproc-sim runs here as the ivshmem
# server (rproc-sim --ivshmem, memories of $T_TMP/ext/memories.ini) of an
# ivshmem-doorbell device given to the guest, and the guest runs the
# scenarios of guest/init's ext_scenarios a second time on it (NAME-ext).
# After the guest, the host checks its side: rproc-sim outlived the guest,
# printed the firmware's semihosting output, and the shared memory holds
# what the last firmware wrote in its trace buffer.
#
# environment: RPROC_KERNEL_CACHE (kernel/build.sh), RPROC_KERNEL_IMAGE (boot
# this bzImage instead of building one), RPROC_KERNEL_TIMEOUT (seconds before
# QEMU is killed, 600), RPROC_KERNEL_APPEND (more kernel command line:
# rproc.debug=1, rproc.only=NAME (only that scenario is expected), dyndbg=...).
. "$abs_top_srcdir/tests/lib.sh"
. "$abs_top_srcdir/tests/kernel/qemu.sh"

guest=$abs_top_srcdir/tests/kernel/guest
qemu_need
qemu_kernel
qemu_initramfs "$T_TMP/initramfs.gz"
# remoteproc0 has a memory private to its core, as a SoC's TCM: every
# scenario runs against a core whose memory list has one the host cannot
# map (scenario 14-private-memory checks it), and one of 8 MiB, ext (a
# Cortex-M's external RAM), larger than kmalloc() can give: scenario
# 24-genl-hardening answers a resource table of all of it. ext comes before
# shm: the driver puts the vdev area at the top of the last memory the host
# maps, and the firmware expects it in shm. The driver is built in and its
# parameters are read-only at run time: the command line sets them.
# RPROC_KERNEL_APPEND comes later and may set other memories.
rproc_sim_memories="flash@0x0:256K,sram@0x20000000:256K,ext@0x60000000:8M,shm@0x30000000:1M,tcm@0x10000000:64K:private"

# --- the external core: rproc-sim as the ivshmem server, here ---
# the in-guest core's map, its private memory before shm (the vdev area
# goes at the top of the last memory the host reaches)
ext=$T_TMP/ext
ext_sock=$ext/ivshmem.sock
ext_pid=
ext_why=
ext_scenarios="10-kernel-elf 11-user-loader 12-same-bytes 13-rpmsg-echo 15-rpmsg-api"
mkdir -p "$ext"
cat > "$ext/memories.ini" << 'EOF_INI'
[memory flash]
da = 0x00000000
size = 256K
file = flash.bin

[memory sram]
da = 0x20000000
size = 256K
file = sram.bin

[memory tcm]
da = 0x10000000
size = 64K
file = tcm.bin
flags = nomap

[memory shm]
da = 0x30000000
size = 1M
file = shm.bin

[core]
cpu = cortex-m4

[mailbox]
da = 0x3f000000
EOF_INI
qemu_extra=
if [ ! -x "$abs_top_builddir/rproc-sim" ]; then
	ext_why="rproc-sim was not built (libunicorn-dev)"
elif ! "$qemu" -device help 2> /dev/null | grep -q '"ivshmem-doorbell"'; then
	ext_why="$qemu has no ivshmem-doorbell device"
else
	"$abs_top_builddir/rproc-sim" --ivshmem "$ext_sock" --dir "$ext" ${RPROC_EXT_VERBOSE:--v} \
		> "$ext/sim.out" 2> "$ext/sim.err" &
	ext_pid=$!
	n=50
	while [ ! -S "$ext_sock" ] && [ "$n" -gt 0 ] && kill -0 "$ext_pid" 2> /dev/null; do
		sleep 0.1
		n=$((n - 1))
	done
	if [ -S "$ext_sock" ]; then
		qemu_extra="-chardev socket,path=$ext_sock,id=ivs -device ivshmem-doorbell,chardev=ivs,vectors=2"
	else
		fail "rproc-sim --ivshmem $ext_sock did not come up: $(tail -n 3 "$ext/sim.err")"
		ext_why="rproc-sim --ivshmem failed"
	fi
fi
[ -z "$ext_why" ] || skip_part "the external core (scenarios $ext_scenarios -ext)" "$ext_why"
ext_stop() {
	[ -n "$ext_pid" ] || return 0
	kill "$ext_pid" 2> /dev/null
	wait "$ext_pid" 2> /dev/null
	ext_pid=
}
trap 'ext_stop; rm -rf "$T_TMP"' EXIT

qemu_boot "rproc_sim.memories=$rproc_sim_memories ${qemu_extra:+rproc.ext=1} ${RPROC_KERNEL_APPEND:-}"
rc=$qemu_rc
limit=$qemu_limit

show_console=${RPROC_SHOW_CONSOLE:-0}
case "$rc" in
0) ;;
124 | 137) fail "QEMU killed after ${limit} s (RPROC_KERNEL_TIMEOUT)"; show_console=1 ;;
*) fail "QEMU exited with $rc"; show_console=1 ;;
esac

grep '^RPROC-' "$T_TMP/results.txt" || :

if grep -qx 'RPROC-DONE' "$T_TMP/results.txt"; then
	pass "the guest ran to RPROC-DONE"
else
	fail "the guest did not print RPROC-DONE"
	show_console=1
fi

# every scenario reports, once (the one of rproc.only=NAME, when given);
# with the external core, those of $ext_scenarios again as NAME-ext
only=$(echo " ${RPROC_KERNEL_APPEND:-} " | sed -n 's/.* rproc\.only=\([^ ]*\) .*/\1/p')
expected=
for s in "$guest"/scenario-*.sh; do
	name=${s##*/scenario-}
	expected="$expected ${name%.sh}"
done
[ -n "$qemu_extra" ] && for name in $ext_scenarios; do
	[ "$only" = "$name" ] && only="$only $name-ext"
	expected="$expected $name-ext"
done
for name in $expected; do
	[ -z "$only" ] || case " $only " in *" $name "*) ;; *) continue ;; esac
	line=$(grep "^RPROC-RESULT $name " "$T_TMP/results.txt" | head -n 1)
	status=$(echo "$line" | cut -d' ' -f3)
	detail=${line#RPROC-RESULT $name $status}
	detail=${detail# }
	case "$status" in
	PASS) pass "$name: $detail" ;;
	FAIL) fail "$name: $detail"; show_console=1 ;;
	SKIP)
		skip_part "scenario $name" "$detail"
		[ "${RPROC_TESTS_NO_SKIP:-0}" = 1 ] && show_console=1
		;;
	'') fail "$name: never reported"; show_console=1 ;;
	*) fail "$name: unknown status '$status'"; show_console=1 ;;
	esac
done

# the whole log, and in it the probe the console does not show
if qemu_kmsg_check; then
	probe=$(grep 'rproc-tests: kmsg probe' "$T_TMP/kmsg.txt" | head -n 1)
	if [ -z "$probe" ]; then
		fail "the guest's warning-level probe record is not in the kernel log it dumped"
	elif grep -q 'rproc-tests: kmsg probe' "$T_TMP/console.txt"; then
		pass "the guest's warning-level probe is in the dumped log (and on the console: a loglevel on the command line?)"
	else
		pass "the guest's warning-level probe is in the dumped log, not on the quiet console: $probe"
	fi
else
	show_console=1
fi

# --- the external core, seen from the host ---
# what the guest ran on it ran here: rproc-sim served the guest, outlived
# it, printed the firmware's semihosting output, held what scenario 12
# asked it to hold (and ran nothing then), and the shared memory
# holds the trace buffer the last firmware of scenario 13 wrote
# (echo-irq-interp.elf, else echo-vendor.elf), or of scenario 15
# (svc-interp.elf) when it ran, at the offset rproc-sim logged for its memory
if [ -n "$qemu_extra" ]; then
	if kill -0 "$ext_pid" 2> /dev/null; then
		pass "external core: rproc-sim --ivshmem outlived the guest"
	else
		fail "external core: rproc-sim --ivshmem is gone: $(tail -n 3 "$ext/sim.err")"
		show_console=1
	fi
	ext_stop
	if grep -q "guest 1 connected" "$ext/sim.err" &&
		grep -q "guest 1 disconnected; the core goes on" "$ext/sim.err"; then
		pass "external core: rproc-sim saw the guest (peer 1) connect and go, and went on"
	else
		fail "external core: rproc-sim did not see the guest connect and go"
		show_console=1
	fi
	ext_ran() {
		case " $only " in "  " | *" $1-ext "*) return 0 ;; esac
		return 1
	}
	if ext_ran 10-kernel-elf || ext_ran 11-user-loader; then
		n=$(grep -c '^hello$' "$ext/sim.out")
		want=0
		ext_ran 10-kernel-elf && want=$((want + 1))
		ext_ran 11-user-loader && want=$((want + 1))
		if [ "$n" -ge "$want" ]; then
			pass "external core: the host's rproc-sim printed hello $n times (hello.elf, hello-interp.elf)"
		else
			fail "external core: the host's rproc-sim printed hello $n times, expected $want: $(tail -n 5 "$ext/sim.err")"
		fi
	fi
	# scenario 12 held each of its 4 starts (2 images, 2 loaders): the
	# server answered them and ran nothing
	if ext_ran 12-same-bytes; then
		n=$(grep -c 'held (the hold word is set): the core does not run' "$ext/sim.err")
		h=$(grep -c '^hello$' "$ext/sim.out")
		want=0
		ext_ran 10-kernel-elf && want=$((want + 1))
		ext_ran 11-user-loader && want=$((want + 1))
		if [ "$n" -eq 4 ] && [ "$h" -eq "$want" ]; then
			pass "external core: rproc-sim held the 4 starts of 12-same-bytes-ext (the hold word), ran none (hello $h times, from 10 and 11 only)"
		else
			fail "external core: rproc-sim held $n starts, expected 4, hello $h times, expected $want (12-same-bytes-ext): $(grep -i held "$ext/sim.err" | tail -n 5 | tr '\n' '|')"
		fi
	fi
	# (scenario 15 runs after 13: then its svc-interp.elf is the last)
	if ext_ran 13-rpmsg-echo || ext_ran 15-rpmsg-api; then
		fw=$abs_top_builddir/tests/fw/arm/echo-irq-interp.elf
		[ -f "$fw" ] || fw=$abs_top_builddir/tests/fw/arm/echo-vendor.elf
		want_trace="echo: rpmsg-raw at 0x400"
		if ext_ran 15-rpmsg-api; then
			fw=$abs_top_builddir/tests/fw/arm/svc-interp.elf
			want_trace="svc: ready"
		fi
		tb=$(nm "$fw" 2> /dev/null | sed -n 's/^\([0-9a-f]*\) [bBdD] trace_buf$/\1/p')
		line=$(grep " memory sram da " "$ext/sim.err" | head -n 1)
		sram_da=$(echo "$line" | sed -n 's/.* da \(0x[0-9a-f]*\) .*/\1/p')
		sram_off=$(echo "$line" | sed -n 's/.* at offset \(0x[0-9a-f]*\).*/\1/p')
		if [ -z "$tb" ] || [ -z "$sram_da" ] || [ -z "$sram_off" ]; then
			fail "external core: cannot place the trace buffer (trace_buf '$tb' in $fw, sram '$line')"
		else
			off=$((sram_off + 0x$tb - sram_da))
			dd if="$ext/ivshmem.shm" bs=1 skip="$off" count=1024 2> /dev/null | tr -d '\000' > "$ext/trace.txt"
			if grep -q "$want_trace" "$ext/trace.txt"; then
				pass "external core: the shared memory holds ${fw##*/}'s trace buffer (0x$tb, file offset $off): $(tr '\n' '|' < "$ext/trace.txt")"
			else
				fail "external core: no '$want_trace' in the trace buffer at offset $off of $ext/ivshmem.shm: '$(head -c 200 "$ext/trace.txt")'"
			fi
		fi
	fi
	echo "=== rproc-sim --ivshmem (host) stderr, last lines"
	tail -n 15 "$ext/sim.err"
fi

# a kernel splat fails the run, whatever the scenarios said
splat=$(qemu_splat)
if [ -n "$splat" ]; then
	fail "the kernel reported a problem: $splat"
	show_console=1
else
	pass "no BUG, WARNING, Oops or panic on the console or in the kernel's whole log"
fi

if [ "$show_console" = 1 ]; then
	echo "=== guest console ($kernel)"
	cat "$T_TMP/console.txt"
	echo "=== end of guest console"
	echo "=== the kernel's whole log, as the guest dumped it (ttyS2)"
	cat "$T_TMP/kmsg.txt"
	echo "=== end of the kernel's log"
fi
finish
