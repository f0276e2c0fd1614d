#!/bin/sh
# fuzz tier: libFuzzer with ASan and UBSan over the ELF, PT_INTERP,
# resource-table and load-plan code, seeded with the kit firmware of every
# CPU and its malformed variants, and over the kernel's netlink replies, for
# a bounded number of executions.
# A crash, leak or undefined behaviour fails the run.
# RPROC_FUZZ_RUNS sets the number of executions (default 2000000).
. "$abs_top_srcdir/tests/lib.sh"

FUZZER="$abs_top_builddir/tests/fuzz/fuzz-elf"
[ "$HAVE_FUZZ" = yes ] || skip "no clang with libFuzzer (apt-get install clang-14 libclang-rt-14-dev)"
[ -x "$FUZZER" ] || { fail "fuzzer not built"; finish; }
cpus=$(fw_cpus)
[ -n "$cpus" ] || skip "no cross-built firmware to seed the corpus"

seeds="$T_TMP/seeds"
mkdir -p "$seeds" "$T_TMP/corpus"
for cpu in $cpus; do
	for f in "$FW/$cpu"/*.elf; do
		[ "$(stat -c %s "$f")" -le 65536 ] && cp "$f" "$seeds/$cpu-$(basename "$f")"
	done
	"$RPROC_TOOLS/elf-mutate" --list | while read -r m verdict; do
		"$RPROC_TOOLS/elf-mutate" "$m" "$FW/$cpu/hello.elf" "$seeds/$cpu-$m" >/dev/null 2>&1 ||
			rm -f "$seeds/$cpu-$m"
	done
done
n_seeds=$(ls "$seeds" | wc -l)
check "corpus seeded with $n_seeds files" [ "$n_seeds" -ge 10 ]

runs=${RPROC_FUZZ_RUNS:-2000000}
cd "$T_TMP" || exit 99
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	"$FUZZER" -runs="$runs" -max_len=65536 -max_total_time=300 -print_final_stats=1 \
	"$T_TMP/corpus" "$seeds" > "$T_TMP/fuzz.log" 2>&1
rc=$?
tail -n 25 "$T_TMP/fuzz.log"
check "fuzzer ran $runs executions without a crash (exit $rc)" [ "$rc" -eq 0 ]
done_runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$T_TMP/fuzz.log")
check "fuzzer reports its runs (${done_runs:-none})" [ -n "$done_runs" ]
cov=$(sed -n 's/^stat::number_of_executed_units: *//p' "$T_TMP/fuzz.log")
echo "executed units: ${cov:-?}"

# the kernel's netlink replies: attributes of a GET_MEMORIES message, seeded
# with a well-formed one (index 3, cookie 0xc0ffee, "sram" at 0x20000000)
NLFUZZER="$abs_top_builddir/tests/fuzz/fuzz-netlink"
if [ -x "$NLFUZZER" ]; then
	mkdir -p "$T_TMP/nlseeds" "$T_TMP/nlcorpus"
	# struct nlattr {u16 len, u16 type} + payload, 4-byte aligned, little-endian
	printf '\010\000\001\000\003\000\000\000\010\000\002\000\356\377\300\000\011\000\010\000sram\000\000\000\000\014\000\011\000\000\000\000\040\000\000\000\000\014\000\012\000\000\000\004\000\000\000\000\000\010\000\013\000\000\000\000\000\014\000\014\000\000\020\000\000\000\000\000\000' \
		> "$T_TMP/nlseeds/memory"
	nlruns=$((runs / 10))
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
		"$NLFUZZER" -runs="$nlruns" -max_len=4096 -max_total_time=120 \
		"$T_TMP/nlcorpus" "$T_TMP/nlseeds" > "$T_TMP/nlfuzz.log" 2>&1
	rc=$?
	tail -n 5 "$T_TMP/nlfuzz.log"
	check "netlink fuzzer ran $nlruns executions without a crash (exit $rc)" [ "$rc" -eq 0 ]
else
	fail "netlink fuzzer not built"
fi
finish
