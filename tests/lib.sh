# Shared by the shell test tiers. Sourced; POSIX sh plus `local`.
set -u

: "${abs_top_builddir:?run through make check}"
LOADER="$RPROC_LOADER_BIN"
PLUGINDIR="$RPROC_PLUGINDIR"
FW="$RPROC_FW"
SIM="${RPROC_SIM_BIN:-}"
T_NAME=$(basename "$0" .sh)
T_FAILS=0
T_PASSES=0

# A tier that cannot run says so loudly; where it must run (CI), that is an error.
skip() {
	echo "SKIP: $T_NAME: $*" >&2
	echo "SKIP: $T_NAME: $*"
	if [ "${RPROC_TESTS_NO_SKIP:-0}" = 1 ]; then
		echo "ERROR: $T_NAME: skipping is not allowed here (RPROC_TESTS_NO_SKIP=1)" >&2
		exit 99
	fi
	exit 77
}

# skip_part WHAT WHY: one part of a test cannot run: said as loudly as a
# skip; where nothing may be skipped (CI), a failure. The rest goes on.
skip_part() {
	echo "SKIP: $T_NAME: $1 ($2)" >&2
	echo "SKIP: $T_NAME: $1 ($2)"
	if [ "${RPROC_TESTS_NO_SKIP:-0}" = 1 ]; then
		fail "$1: skipped (RPROC_TESTS_NO_SKIP=1)"
	fi
}

pass() {
	T_PASSES=$((T_PASSES + 1))
	echo "ok - $*"
}

fail() {
	T_FAILS=$((T_FAILS + 1))
	echo "not ok - $*"
}

# check DESCRIPTION COMMAND...: pass when the command succeeds
check() {
	local what="$1"
	shift
	if "$@"; then pass "$what"; else fail "$what"; fi
}

finish() {
	echo "$T_NAME: $T_PASSES passed, $T_FAILS failed"
	[ "$T_FAILS" -eq 0 ] || exit 1
	[ "$T_PASSES" -gt 0 ] || { echo "ERROR: $T_NAME: no assertion ran" >&2; exit 99; }
	exit 0
}

T_TMP=$(mktemp -d "${TMPDIR:-/tmp}/rproc-$T_NAME.XXXXXX")
trap 'rm -rf "$T_TMP"' EXIT

# The loader with a config dir of the test's own and the built plugins.
loader() {
	"$LOADER" --confdir "$T_TMP/conf" --plugindir "$PLUGINDIR" "$@"
}

# cpus whose firmware was built here
fw_cpus() {
	local c
	for c in arm armbe riscv32 riscv64 aarch64 aarch64be; do
		[ -f "$FW/$c/hello.elf" ] && echo "$c"
	done
}

# A fresh directory-backend co-processor for CPU (memories.ini of its kit).
mkcore() {
	local dir="$1" cpu="$2"
	rm -rf "$dir"
	mkdir -p "$dir"
	cp "$FW/$cpu/memories.ini" "$dir/memories.ini"
}

# Digest of every memory file of a core, to prove nothing was written.
core_digest() {
	(cd "$1" && for f in *; do
		[ -f "$f" ] && printf '%s ' "$f" && cksum < "$f"
	done) 2>/dev/null
}

# GNU binutils of the firmware's own toolchain (prefix): the host's know only x86
binutils_for() {
	case "$1" in
	arm*) echo "${ARM_CC%gcc}" ;;
	riscv*) echo "${RISCV_CC%gcc}" ;;
	aarch64*) echo "${AARCH64_CC%gcc}" ;;
	esac
}

# mem_field CORE NAME FIELD: a field of [memory NAME] in CORE/memories.ini
mem_field() {
	awk -v sec="[memory $2]" -v key="$3" '
		/^\[/ { insec = ($0 == sec) }
		insec && $1 == key { print $3 }' "$1/memories.ini"
}

mem_names() {
	sed -n 's/^\[memory \(.*\)\]$/\1/p' "$1/memories.ini"
}

# symbol CPU ELF NAME: "ADDRESS SIZE" of a symbol, as 0x numbers
symbol() {
	"$(binutils_for "$1")nm" -S "$2" |
		awk -v n="$3" '$4 == n { print "0x" $1, "0x" $2; exit }'
}

# mem_dump CORE DA LEN: LEN bytes of device memory at DA, read from the file
# of the memory that holds them
mem_dump() {
	local core="$1" da=$(($2)) len="$3" m mda size
	for m in $(mem_names "$core"); do
		mda=$(($(mem_field "$core" "$m" da)))
		size=$(($(mem_field "$core" "$m" size)))
		if [ "$da" -ge "$mda" ] && [ $((da + len)) -le $((mda + size)) ]; then
			dd if="$core/$(mem_field "$core" "$m" file)" bs=1 \
				skip=$((da - mda)) count="$len" status=none
			return
		fi
	done
	return 1
}

# --- rproc-sim -----------------------------------------------------------------

# sim_need: rproc-sim and the firmware of at least one CPU it runs, or skip;
# sets SIM_CPUS
sim_need() {
	local c
	[ -n "$SIM" ] && [ -x "$SIM" ] ||
		skip "rproc-sim not built (configure found no libunicorn-dev)"
	SIM_CPUS=""
	for c in arm riscv32 riscv64 aarch64; do
		[ -f "$FW/$c/hello.elf" ] && SIM_CPUS="$SIM_CPUS $c"
	done
	[ -n "$SIM_CPUS" ] ||
		skip "no cross-built firmware (arm-none-eabi-gcc, riscv64-unknown-elf-gcc, aarch64-linux-gnu-gcc)"
}

# qemu_cmd CPU: QEMU's machine for the kit's memory map of CPU (mps2-an386,
# virt); the ELF follows -kernel
qemu_cmd() {
	case "$1" in
	arm) echo "qemu-system-arm -M mps2-an386" ;;
	riscv32) echo "qemu-system-riscv32 -M virt -bios none" ;;
	riscv64) echo "qemu-system-riscv64 -M virt -bios none" ;;
	aarch64) echo "qemu-system-aarch64 -M virt -cpu cortex-a53 -nic none" ;;
	esac
}

# cpu_ticks PID: user + system time of a process, in clock ticks (getconf CLK_TCK)
cpu_ticks() {
	awk '{ print $14 + $15 }' "/proc/$1/stat"
}

# idle_ticks PID: the CPU time (clock ticks) PID uses in one second of wall
# time, after 0.2 s to settle: an idle core costs well under HZ / 10, a
# core spinning on its wait instruction the whole HZ
idle_ticks() {
	local c0 c1
	sleep 0.2
	c0=$(cpu_ticks "$1")
	sleep 1
	c1=$(cpu_ticks "$1")
	echo $((c1 - c0))
}

# wait_for_text FILE TEXT: until FILE holds TEXT, 20 s at most
wait_for_text() {
	local i=0
	while ! grep -q "$2" "$1" 2> /dev/null; do
		i=$((i + 1))
		[ "$i" -le 200 ] || return 1
		sleep 0.1
	done
}

# the [core] cpu name of a kit CPU
sim_cpu_name() {
	case "$1" in
	arm) echo cortex-m4 ;;
	*) echo "$1" ;;
	esac
}

# sim_load CPU FW: a fresh core T_TMP/CPU-FW with FW loaded into it; sets CORE
sim_load() {
	CORE="$T_TMP/$1-$2"
	mkcore "$CORE" "$1"
	loader --backend "dir:$CORE" "$FW/$1/$2.elf" > "$T_TMP/load.out" 2>&1 || {
		cat "$T_TMP/load.out"
		return 1
	}
}

# sim_run [ARGS]: run rproc-sim on CORE; stdout in T_TMP/out, stderr in
# T_TMP/err, exit status in RC
sim_run() {
	RC=0
	"$SIM" --dir "$CORE" --timeout 60 "$@" > "$T_TMP/out" 2> "$T_TMP/err" < /dev/null || RC=$?
}

# report KEY: the value of a KEY=VALUE line of rproc-sim's fault report
report() {
	sed -n "s/^$1=//p" "$T_TMP/err"
}

mkdir -p "$T_TMP/conf"

# not COMMAND...: succeeds when the command fails (for check)
not() {
	! "$@"
}
