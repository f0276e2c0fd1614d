# Issue scenario 1: a plain ELF (no PT_INTERP) still loads through the
# kernel's own ELF loader, and runs: rproc-sim is the core of remoteproc0,
# the firmware's trace buffer is readable in debugfs. With RPROC_CORE=ext
# (10-kernel-elf-ext), on the external core: the host checks what its
# rproc-sim printed (tests/kernel/kernel.sh).
# timeout: 90
. "$RPROC_GUEST/lib.sh"
. "$RPROC_GUEST/rproc.sh"

fw=$(fw_name arm/hello.elf)
[ -f "/lib/firmware/$fw" ] || skip "no /lib/firmware/$fw"
echo kernel > "$R/loader" 2> /dev/null || echo "no loader attribute: stock kernel path only"
echo auto > "$R/loader" 2> /dev/null
sim_up
start "$fw" || fail "echo start: $(dmesg | tail -n 3)"
wait_for 20 state_is running || fail "state $(cat "$R/state"), not running"
wait_for 20 trace_has hello || fail "trace0 has no hello: '$(cat "$DBG/trace0" 2>&1)'; sim: $(tail -n 3 "$S_TMP/sim.err")"
# the firmware writes its trace buffer first, then semihosting: wait for both
[ "$EXT" = 1 ] || wait_for 10 grep -q hello "$S_TMP/sim.out" ||
	fail "rproc-sim's semihosting stdout has no hello"
echo stop > "$R/state"
wait_for 10 state_is offline || fail "stop: state $(cat "$R/state")"
[ "$EXT" = 1 ] && pass "hello.elf loaded by the kernel into ${R##*/}'s shared memory, ran on the external core: trace0 has hello"
pass "hello.elf loaded by the kernel, ran under rproc-sim: trace0 has hello, rproc-sim printed it"
