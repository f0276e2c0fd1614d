#!/bin/sh
# Kernel tier: Debian's linux-source-6.1 with kernel/patches and the config
# fragment (kernel/build.sh, cached), booted under QEMU (TCG) on an initramfs
# with busybox, systemd-udevd, the project's rules, programs and firmware
# (tests/kernel/mkinitramfs.sh). The guest's /init (tests/kernel/guest/init)
# runs every tests/kernel/guest/scenario-*.sh and reports each on a line
#   RPROC-RESULT <name> PASS|FAIL|SKIP <detail>
# then RPROC-DONE. Every scenario must report; a FAIL, a missing line, a
# missing RPROC-DONE or a kernel splat (BUG, WARNING, Oops, panic) fails the
# tier and prints the guest's whole console.
#
# environment: RPROC_KERNEL_CACHE (kernel/build.sh), RPROC_KERNEL_IMAGE (boot
# this bzImage instead of building one), RPROC_KERNEL_TIMEOUT (seconds before
# QEMU is killed, 300), RPROC_KERNEL_APPEND (more kernel command line:
# rproc.debug=1, rproc.only=NAME, dyndbg=...).
. "$abs_top_srcdir/tests/lib.sh"

guest=$abs_top_srcdir/tests/kernel/guest
qemu=qemu-system-x86_64

# --- what it needs ------------------------------------------------------------
need() {
	command -v "$1" > /dev/null 2>&1 || skip "no $1 (apt-get install $2; scripts/install-deps)"
}
[ -f /usr/src/linux-source-6.1.tar.xz ] ||
	skip "no /usr/src/linux-source-6.1.tar.xz (apt-get install linux-source-6.1; scripts/install-deps)"
need "$qemu" qemu-system-x86
need make make
need gcc build-essential
need flex flex
need bison bison
need bc bc
need cpio cpio
need patch patch
need xz xz-utils
need flock util-linux
[ -x /bin/busybox ] || skip "no /bin/busybox (apt-get install busybox-static)"
[ -x /bin/udevadm ] && [ -e /lib/systemd/systemd-udevd ] || skip "no systemd-udevd (apt-get install udev)"
[ -f /usr/include/openssl/opensslv.h ] || skip "no OpenSSL headers (apt-get install libssl-dev)"
[ -f /usr/include/libelf.h ] || skip "no libelf headers (apt-get install libelf-dev)"

# --- kernel, initramfs ---------------------------------------------------------------
t0=$(date +%s)
if [ -n "${RPROC_KERNEL_IMAGE:-}" ]; then
	# a kernel built elsewhere (your own tree with the series and the fragment)
	kernel=$RPROC_KERNEL_IMAGE
	[ -f "$kernel" ] || { fail "RPROC_KERNEL_IMAGE=$kernel: no such file"; finish; }
	echo "kernel: $kernel (RPROC_KERNEL_IMAGE, not built here)"
elif ! "$abs_top_srcdir/kernel/build.sh" > "$T_TMP/build.out"; then
	fail "kernel/build.sh"
	finish
else
	kernel=$(tail -n 1 "$T_TMP/build.out")
fi
t1=$(date +%s)
echo "kernel: $kernel ($((t1 - t0)) s)"

if ! MAKE="${MAKE:-make}" "$abs_top_srcdir/tests/kernel/mkinitramfs.sh" \
	"$abs_top_builddir" "$T_TMP/initramfs.gz"; then
	fail "tests/kernel/mkinitramfs.sh"
	finish
fi
t2=$(date +%s)
echo "initramfs: $(du -h "$T_TMP/initramfs.gz" | cut -f1) ($((t2 - t1)) s)"

# --- boot ---------------------------------------------------------------------------
# TCG only: /dev/kvm exists on the project's machines but does not work. The
# first serial port is the console, the second carries the result lines alone.
limit=${RPROC_KERNEL_TIMEOUT:-300}
rc=0
timeout -k 10 "$limit" "$qemu" -M q35 -accel tcg -m 512 -nographic -no-reboot -nic none \
	-kernel "$kernel" -initrd "$T_TMP/initramfs.gz" \
	-serial mon:stdio -serial "file:$T_TMP/results" \
	-append "console=ttyS0 panic=-1 quiet ${RPROC_KERNEL_APPEND:-}" \
	< /dev/null > "$T_TMP/console" 2>&1 || rc=$?
t3=$(date +%s)
tr -d '\r' < "$T_TMP/console" > "$T_TMP/console.txt"
tr -d '\r' < "$T_TMP/results" > "$T_TMP/results.txt" 2> /dev/null || : > "$T_TMP/results.txt"
echo "boot and scenarios: $((t3 - t2)) s (QEMU exit $rc)"

show_console=0
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

# every scenario reports, once
for s in "$guest"/scenario-*.sh; do
	name=${s##*/scenario-}
	name=${name%.sh}
	line=$(grep "^RPROC-RESULT $name " "$T_TMP/results.txt" | head -n 1)
	status=$(echo "$line" | cut -d' ' -f3)
	detail=${line#RPROC-RESULT $name $status}
	detail=${detail# }
	case "$status" in
	PASS) pass "$name: $detail" ;;
	FAIL) fail "$name: $detail"; show_console=1 ;;
	SKIP) echo "SKIP: $T_NAME: scenario $name: $detail" ;;
	'') fail "$name: never reported"; show_console=1 ;;
	*) fail "$name: unknown status '$status'"; show_console=1 ;;
	esac
done

# a kernel splat fails the run, whatever the scenarios said
if grep -E 'BUG:|WARNING:|Oops|Kernel panic|general protection fault|Call Trace:|UBSAN:|kmemleak: [0-9]+ new suspected' \
	"$T_TMP/console.txt" > "$T_TMP/splat"; then
	fail "the kernel reported a problem: $(head -n 1 "$T_TMP/splat")"
	show_console=1
else
	pass "no BUG, WARNING, Oops or panic on the console"
fi

if [ "$show_console" = 1 ]; then
	echo "=== guest console ($kernel)"
	cat "$T_TMP/console.txt"
	echo "=== end of guest console"
fi
finish
