# The kernel tier's machine, shared by tests/kernel/kernel.sh (the
# scenarios) and tests/bench/bench-start.sh (the start benchmark). Sourced
# after tests/lib.sh; POSIX sh plus "local".
#
#   qemu_need                  skip unless the host has what it takes
#   qemu_kernel                $kernel: RPROC_KERNEL_IMAGE, or kernel/build.sh's
#                              bzImage (cached); fails the test otherwise
#   qemu_initramfs OUT         tests/kernel/mkinitramfs.sh of this build
#   qemu_boot APPEND...        boot them (TCG) with APPEND on the command
#                              line; the console in $T_TMP/console.txt, the
#                              guest's result lines (its ttyS1) in
#                              $T_TMP/results.txt, the kernel's whole log
#                              the guest dumps at its end (its ttyS2) in
#                              $T_TMP/kmsg.txt, QEMU's exit in $qemu_rc;
#                              killed after $qemu_limit seconds; $qemu_extra
#                              (unquoted) are more QEMU arguments
#   qemu_kmsg_check            fails the test unless kmsg.txt holds the whole
#                              log, from the boot's first line to the dump's
#                              end marker (the guest may have died first)
#   qemu_splat                 the first kernel splat of the console or of
#                              the whole log, if any
#
# The console is quiet (loglevel 4): a WARN() prints at KERN_WARNING and
# never reaches it. The guest's /init therefore dumps the whole log, every
# level, to its third serial port once the scenarios are done (dmesg -r),
# and qemu_splat reads that too; log_buf_len is large enough that nothing
# of the boot has been overwritten by then (qemu_kmsg_check proves it).
#
# environment: RPROC_KERNEL_CACHE (kernel/build.sh), RPROC_KERNEL_IMAGE,
# RPROC_KERNEL_TIMEOUT (seconds before QEMU is killed, 600)
qemu=qemu-system-x86_64

qemu_need() {
	local t
	[ -f /usr/src/linux-source-6.1.tar.xz ] ||
		skip "no /usr/src/linux-source-6.1.tar.xz (apt-get install linux-source-6.1; scripts/install-deps)"
	for t in "$qemu:qemu-system-x86" make:make gcc:build-essential flex:flex \
		bison:bison bc:bc cpio:cpio patch:patch xz:xz-utils flock:util-linux; do
		command -v "${t%%:*}" > /dev/null 2>&1 ||
			skip "no ${t%%:*} (apt-get install ${t#*:}; scripts/install-deps)"
	done
	[ -x /bin/busybox ] || skip "no /bin/busybox (apt-get install busybox-static)"
	[ -x /bin/udevadm ] && [ -e /lib/systemd/systemd-udevd ] ||
		skip "no systemd-udevd (apt-get install udev)"
	[ -f /usr/include/openssl/opensslv.h ] || skip "no OpenSSL headers (apt-get install libssl-dev)"
	[ -f /usr/include/libelf.h ] || skip "no libelf headers (apt-get install libelf-dev)"
}

qemu_kernel() {
	local t0=$(date +%s)

	if [ -n "${RPROC_KERNEL_IMAGE:-}" ]; then
		# a kernel built elsewhere (your own tree with the series and the fragment)
		kernel=$RPROC_KERNEL_IMAGE
		[ -f "$kernel" ] || { fail "RPROC_KERNEL_IMAGE=$kernel: no such file"; finish; }
		echo "kernel: $kernel (RPROC_KERNEL_IMAGE, not built here)"
		return 0
	fi
	"$abs_top_srcdir/kernel/build.sh" > "$T_TMP/build.out" || { fail "kernel/build.sh"; finish; }
	kernel=$(tail -n 1 "$T_TMP/build.out")
	echo "kernel: $kernel ($(($(date +%s) - t0)) s)"
}

qemu_initramfs() {
	local t0=$(date +%s)

	MAKE="${MAKE:-make}" "$abs_top_srcdir/tests/kernel/mkinitramfs.sh" "$abs_top_builddir" "$1" ||
		{ fail "tests/kernel/mkinitramfs.sh"; finish; }
	echo "initramfs: $(du -h "$1" | cut -f1) ($(($(date +%s) - t0)) s)"
}

# Under TCG the guest finds no HPET nor PM timer (no ACPI in the kernel) to
# calibrate its TSC against, and falls back to jiffies: 4 ms steps in every
# time a scenario or a benchmark measures. The emulated TSC counts at the
# host's rate: tell the guest that rate, and that the TSC is reliable.
qemu_clock() {
	local khz

	khz=$(awk '/^cpu MHz/ { printf "%d", $4 * 1000; exit }' /proc/cpuinfo 2> /dev/null)
	[ -n "$khz" ] && [ "$khz" -gt 0 ] && echo "tsc_early_khz=$khz tsc=reliable"
}

# TCG only: /dev/kvm exists on the project's machines but does not work. The
# first serial port is the console, the second carries the result lines alone.
qemu_limit=${RPROC_KERNEL_TIMEOUT:-600}
qemu_boot() {
	local t0=$(date +%s)

	qemu_rc=0
	timeout -k 10 "$qemu_limit" "$qemu" -M q35 -accel tcg -m 512 \
		-nographic -no-reboot -nic none \
		-kernel "$kernel" -initrd "$T_TMP/initramfs.gz" \
		-serial mon:stdio -serial "file:$T_TMP/results" -serial "file:$T_TMP/kmsg" \
		${qemu_extra:-} \
		-append "console=ttyS0 panic=-1 quiet log_buf_len=8M $(qemu_clock) $*" \
		< /dev/null > "$T_TMP/console" 2>&1 || qemu_rc=$?
	tr -d '\r' < "$T_TMP/console" > "$T_TMP/console.txt"
	tr -d '\r' < "$T_TMP/results" > "$T_TMP/results.txt" 2> /dev/null || : > "$T_TMP/results.txt"
	tr -d '\r' < "$T_TMP/kmsg" > "$T_TMP/kmsg.txt" 2> /dev/null || : > "$T_TMP/kmsg.txt"
	echo "boot and guest: $(($(date +%s) - t0)) s (QEMU exit $qemu_rc)"
}

qemu_kmsg_check() {
	local n

	if ! grep -qx 'RPROC-KMSG-END' "$T_TMP/kmsg.txt"; then
		fail "no complete kernel log from the guest (ttyS2: $(wc -l < "$T_TMP/kmsg.txt") lines, no RPROC-KMSG-END): a splat printed below the console's level may have gone unseen"
		return 1
	fi
	# the boot's first record still there: the ring buffer never wrapped
	if ! sed -n '/^RPROC-KMSG-BEGIN$/{n;p;q}' "$T_TMP/kmsg.txt" | grep -q 'Linux version'; then
		fail "the kernel log the guest dumped does not start with the boot's first line (log_buf_len too small?): $(sed -n 2p "$T_TMP/kmsg.txt")"
		return 1
	fi
	n=$(sed -n '/^RPROC-KMSG-BEGIN$/,/^RPROC-KMSG-END$/p' "$T_TMP/kmsg.txt" | wc -l)
	pass "the kernel's whole log, $((n - 2)) lines from the boot's first, dumped by the guest (ttyS2)"
}

qemu_splat() {
	grep -h -E 'BUG:|WARNING:|Oops|Kernel panic|general protection fault|Call Trace:|UBSAN:|kmemleak: [0-9]+ new suspected' \
		"$T_TMP/console.txt" "$T_TMP/kmsg.txt" | head -n 1
}
