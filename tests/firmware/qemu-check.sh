#!/bin/sh
# qemu-check.sh - run the kit firmware under QEMU and check stdout and exit
#
#   tests/firmware/qemu-check.sh OUT [CPU...]
#
# OUT is the Makefile.fw output directory.  For every CPU (default: arm
# riscv32 riscv64 aarch64) whose firmware was built and whose
# qemu-system-* is installed, each image runs with semihosting on, and
# its stdout must be exactly the expected bytes and its exit status the
# expected one (README.md, "Expected results").  stderr is shown on a
# failure.  Exit status: 0 all passed, 1 a check failed, 77 nothing could
# run (no firmware, no QEMU).  idle is not run: QEMU has no mailbox.
# POSIX sh plus "local", as tests/lib.sh
# shellcheck disable=SC3043
set -u

out=${1:?usage: qemu-check.sh OUT [CPU...]}
shift
cpus=${*:-arm riscv32 riscv64 aarch64}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/qemu-check.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fails=0
runs=0

# qemu_cmd CPU: the machine; the ELF follows -kernel
qemu_cmd() {
	case "$1" in
	arm) echo "qemu-system-arm -M mps2-an386" ;;
	riscv32) echo "qemu-system-riscv32 -M virt -bios none" ;;
	riscv64) echo "qemu-system-riscv64 -M virt -bios none" ;;
	aarch64) echo "qemu-system-aarch64 -M virt -cpu cortex-a53 -nic none" ;;
	esac
}

# what crt0's exception handler prints on CPU, as a printf format
trap_line() {
	case "$1" in
	arm) printf '%s' 'fault: hardfault\n' ;;
	*) printf '%s' 'fault: trap\n' ;;
	esac
}

# check CPU FW STATUS STDOUT (printf format of the expected bytes)
check() {
	local cpu="$1" fw="$2" want_rc="$3" want="$4" elf rc

	elf="$out/$cpu/$fw.elf"
	if [ ! -f "$elf" ]; then
		echo "not ok - $cpu/$fw: $elf not built"
		fails=$((fails + 1))
		return
	fi
	runs=$((runs + 1))
	# shellcheck disable=SC2046 # the command is split on purpose
	timeout 20 $(qemu_cmd "$cpu") -nographic -monitor none -serial none \
		-semihosting-config enable=on,target=native \
		-kernel "$elf" > "$tmp/out" 2> "$tmp/err" < /dev/null
	rc=$?
	# shellcheck disable=SC2059 # the expected output is a format
	printf "$want" > "$tmp/want"
	if [ "$rc" -eq "$want_rc" ] && cmp -s "$tmp/want" "$tmp/out"; then
		echo "ok - $cpu/$fw: exit $rc, stdout as expected"
		return
	fi
	echo "not ok - $cpu/$fw: exit $rc (want $want_rc)"
	echo "# stdout:" && od -c "$tmp/out" | sed 's/^/#   /'
	echo "# expected:" && od -c "$tmp/want" | sed 's/^/#   /'
	sed 's/^/# stderr: /' "$tmp/err"
	fails=$((fails + 1))
}

for cpu in $cpus; do
	qemu=$(qemu_cmd "$cpu")
	if [ -z "$qemu" ]; then
		echo "qemu-check.sh: unknown CPU '$cpu'" >&2
		exit 2
	fi
	if ! command -v "${qemu%% *}" > /dev/null; then
		echo "SKIP: $cpu: ${qemu%% *} not found"
		continue
	fi
	if [ ! -d "$out/$cpu" ]; then
		echo "SKIP: $cpu: no firmware in $out/$cpu"
		continue
	fi
	t=$(trap_line "$cpu")
	for fw in hello hello-lma hello-interp; do
		check "$cpu" "$fw" 0 'hello\n'
	done
	check "$cpu" fib 0 'fib(30)=832040\n'
	check "$cpu" fault 3 "fault: about to fault\\n$t"
	check "$cpu" undef 3 "$t"
done

[ "$runs" -gt 0 ] || exit 77
echo "qemu-check: $runs run, $fails failed"
[ "$fails" -eq 0 ]
