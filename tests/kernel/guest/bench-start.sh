# tests/bench/bench-start.sh's guest half (rproc.bench=start): the time
# from 'echo start' to the firmware running, for a 4 MiB firmware
# (arm/start4m.elf, no PT_INTERP: the loader attribute picks the loader),
# the kernel's loader against rproc-loader through udev, alternating, 20
# runs each (RPROC_BENCH_RUNS on the kernel command line: rproc.runs=N).
# The boot gives remoteproc0 an 8 MiB flash (rproc_sim.memories).
# timeout: 600
. "$RPROC_GUEST/lib.sh"
. "$RPROC_GUEST/rproc.sh"

[ -n "${RPROC_LOADER:-}" ] || skip "rproc-loader was not built"
[ -f "$R/loader" ] || fail "no $R/loader: the user-mode loading patches are not in this kernel"
fw=$(fw_name arm/start4m.elf)
[ -f "/lib/firmware/$fw" ] || skip "no /lib/firmware/$fw"
runs=20
for arg in $(cat /proc/cmdline); do
	case "$arg" in
	rproc.runs=*) runs=${arg#rproc.runs=} ;;
	esac
done
sim_up
rproc-start-time --rproc "$R" --runs "$runs" --trace hello --exec "$RPROC_LOADER" "$fw" ||
	fail "rproc-start-time failed; sim: $(tail -n 3 "$S_TMP/sim.err" | tr '\n' '|')"
echo auto > "$R/loader"
pass "$runs starts with each loader timed"
