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
qemu_boot "rproc_sim.memories=$rproc_sim_memories ${RPROC_KERNEL_APPEND:-}"
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

# every scenario reports, once (the one of rproc.only=NAME, when given)
only=$(echo " ${RPROC_KERNEL_APPEND:-} " | sed -n 's/.* rproc\.only=\([^ ]*\) .*/\1/p')
for s in "$guest"/scenario-*.sh; do
	name=${s##*/scenario-}
	name=${name%.sh}
	[ -z "$only" ] || [ "$only" = "$name" ] || continue
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
