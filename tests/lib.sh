# Shared by the shell test tiers. Sourced; POSIX sh plus `local`.
set -u

: "${abs_top_builddir:?run through make check}"
LOADER="$RPROC_LOADER_BIN"
PLUGINDIR="$RPROC_PLUGINDIR"
FW="$RPROC_FW"
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

mkdir -p "$T_TMP/conf"

# not COMMAND...: succeeds when the command fails (for check)
not() {
	! "$@"
}
