# tests/bench/bench-start.sh's guest half (rproc.bench=start): the time
# from 'echo start' to the firmware running, for a 4 MiB firmware
# (arm/start4m.elf, no PT_INTERP: the loader attribute picks the loader),
# the kernel's loader against rproc-loader through udev, alternating, 20
# runs each (RPROC_BENCH_RUNS on the kernel command line: rproc.runs=N).
# Then where rproc-loader's time goes: in the same rotation, as many runs
# with rproc-loader run by rproc-start-time itself on the load's PENDING
# event, udev's rule running nothing then (so udev's share is the
# difference), each timing a first and a second touch of 4 MiB of the
# mapped flash; and the pieces alone: fork and exec of a static program, of
# a libc-only one and of rproc-loader --version, dlopen of the elf plugin, a
# generic netlink round trip. And as many runs, in the same rotation,
# served by a resident loader, rproc-loader --listen, started before each
# run (its start is not timed): the kernel offers it the load and udev's
# rule runs nothing.
# The boot gives remoteproc0 an 8 MiB flash (rproc_sim.memories).
# timeout: 900
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
# the plugin directory rproc-loader was built with (make distcheck installs
# under a prefix of its own, not under /usr)
plugindir=$("$RPROC_LOADER" --help | sed -n 's/.*plugin directory (default \(.*\))$/\1/p')
plugin=$plugindir/elf.so
[ -f "$plugin" ] || fail "no elf.so plugin in '$plugindir' (rproc-loader --help)"
sim_up
# the installed rule, but running nothing while the flag file exists: then
# rproc-start-time runs the helper itself (its "direct" runs)
rule=/etc/udev/rules.d/${RPROC_RULES##*/}
flag=/run/rproc-tests/bench-direct
# the installed rule is itself in /etc/udev/rules.d when the build's udevdir
# is not one udevd reads (make distcheck): then it is the one edited, and
# put back at the end
cp "$RPROC_RULES" "$S_TMP/installed.rules" || fail "cannot copy $RPROC_RULES"
[ "$rule" = "$RPROC_RULES" ] || [ ! -e "$rule" ] || fail "$rule exists already"
grep -q "RUN+=\"$RPROC_LOADER\"" "$S_TMP/installed.rules" ||
	fail "$RPROC_RULES does not run $RPROC_LOADER"
sed "s|RUN+=\"$RPROC_LOADER\"|TEST!=\"$flag\", RUN+=\"$RPROC_LOADER\"|" \
	"$S_TMP/installed.rules" > "$S_TMP/bench.rules"
udev_rules_write "$rule" "$S_TMP/bench.rules" || fail "udevd does not apply $rule"
rproc-start-time --rproc "$R" --runs "$runs" --trace hello --exec "$RPROC_LOADER" \
	--direct "$flag" --listen --touch 4M --spawn "static=/usr/bin/busybox true" \
	--spawn "libc=/usr/bin/flock --version" \
	--dlopen "$plugin:libelf.so.1" --netlink "$fw" ||
	fail "rproc-start-time failed; sim: $(tail -n 3 "$S_TMP/sim.err" | tr '\n' '|')"
if [ "$rule" = "$RPROC_RULES" ]; then
	udev_rules_write "$rule" "$S_TMP/installed.rules" || fail "udevd does not apply $rule"
else
	rm -f "$rule"
	udev_reload
fi
echo auto > "$R/loader"
pass "$runs starts with each loader timed, $runs with the helper run directly, $runs served by a listener"
