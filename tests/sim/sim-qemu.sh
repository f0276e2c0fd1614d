#!/bin/sh
# sim tier: the same firmware under rproc-sim and under QEMU with semihosting
# (qemu-system-arm mps2-an386, qemu-system-riscv32/64 virt, qemu-system-aarch64
# virt: the kit's memory maps are those machines'), compared with each other
# and with the expected bytes and exit status.
#
# A fault is where the two differ by design: QEMU's core takes the exception
# and the kit's handler prints a line and exits 3; rproc-sim stops the core
# and reports the fault (exit 126). Up to the fault, stdout must be the same.
# idle is not run: QEMU's machines have no rproc-sim mailbox.
#
# Cortex-M: the interrupt-driven images (tick: SVC, PendSV, SysTick and the
# masks; uart: mps2-an386's UART0 by its TX interrupt, QEMU's serial on
# stdio, rproc-sim's UART on its stdout), FP after and before CPACR, and
# the SCB (scs: CPUID, DEMCR, AIRCR, a system reset).
#
# On RISC-V the interrupt-driven images run too (riscv/rv-trap.S, src/rv-*.c):
# CLINT timer and software interrupts, ecall into the handler, the NS16550A
# polled and by interrupt through the PLIC. Their UART is QEMU's -serial
# stdio, on the same stdout as semihosting, as rproc-sim writes both: the
# lines must come in the same order. Their output does not depend on timing.
. "$abs_top_srcdir/tests/lib.sh"

sim_need

# what the kit's exception handler prints under QEMU
trap_line() {
	case "$1" in
	arm) echo 'fault: hardfault' ;;
	*) echo 'fault: trap' ;;
	esac
}

# compare CPU FW WANT_RC WANT_STDOUT(format) [SIM_RC]
compare() {
	local cpu="$1" fw="$2" want_rc="$3" want="$4" sim_want_rc="${5:-$3}" q_rc t="$1/$2"
	# shellcheck disable=SC2046 # the command is split on purpose
	timeout 30 $(qemu_cmd "$cpu") -nographic -monitor none -serial "$serial" \
		-semihosting-config enable=on,target=native \
		-kernel "$FW/$cpu/$fw.elf" > "$T_TMP/qemu.out" 2> "$T_TMP/qemu.err" < /dev/null
	q_rc=$?
	# shellcheck disable=SC2059 # the expected output is a format
	printf "$want" > "$T_TMP/want"
	if [ "$q_rc" -eq "$want_rc" ] && cmp -s "$T_TMP/want" "$T_TMP/qemu.out"; then
		pass "$t: QEMU exit $q_rc, stdout as expected"
	else
		fail "$t: QEMU exit $q_rc (want $want_rc) or stdout differs"
		od -c "$T_TMP/qemu.out" | sed 's/^/# qemu stdout: /'
		sed 's/^/# qemu stderr: /' "$T_TMP/qemu.err"
	fi

	sim_load "$cpu" "$fw" || { fail "$t: load"; return; }
	sim_run
	if [ "$sim_want_rc" = "$want_rc" ]; then
		cp "$T_TMP/qemu.out" "$T_TMP/want"
	else
		# up to the fault: QEMU's stdout without the handler's line
		grep -vx "$(trap_line "$cpu")" "$T_TMP/qemu.out" > "$T_TMP/want"
	fi
	if [ "$RC" -eq "$sim_want_rc" ] && cmp -s "$T_TMP/want" "$T_TMP/out"; then
		pass "$t: rproc-sim exit $RC, stdout the same as QEMU's"
	else
		fail "$t: rproc-sim exit $RC (want $sim_want_rc) or stdout differs from QEMU's"
		od -c "$T_TMP/out" | sed 's/^/# sim stdout: /'
		sed 's/^/# sim stderr: /' "$T_TMP/err"
	fi
}

ran=0
serial=none
for cpu in $SIM_CPUS; do
	qemu=$(qemu_cmd "$cpu")
	if ! command -v "${qemu%% *}" > /dev/null; then
		skip_part "$cpu" "${qemu%% *} not found: qemu-system-arm, qemu-system-misc"
		continue
	fi
	ran=$((ran + 1))
	for fw in hello hello-lma hello-interp; do
		compare "$cpu" "$fw" 0 'hello\n'
	done
	compare "$cpu" fib 0 'fib(30)=832040\n'
	compare "$cpu" fault 3 "fault: about to fault\\n$(trap_line "$cpu")\\n" 126
	compare "$cpu" undef 3 "$(trap_line "$cpu")\\n" 126
	case "$cpu" in riscv*)
		[ -f "$FW/$cpu/rv-tick.elf" ] || continue
		serial=stdio
		compare "$cpu" rv-tick 0 'tick: 5 direct, 5 vectored, rdtime ok\n'
		compare "$cpu" rv-ecall 0 'ecall: 3 traps, mcause 11, mepc at the ecall, MIE kept\n'
		compare "$cpu" rv-msip 0 'msip: 2 taken, held while masked\n'
		compare "$cpu" rv-uart 0 'uart: hello\nuart: interrupt-driven\nuart: done\n'
		compare "$cpu" rv-finisher 3 'finisher: exit 3\n'
		compare "$cpu" rv-plic 0 \
			'plic: level low: pending 0\nplic: level high: pending 1\nplic: priority 0: claim 0\nplic: priority 2, threshold 2: claim 0\nplic: priority 2, threshold 1\nplic: priority 2, threshold 1: claim 10\nplic: claimed: pending 0, claim again 0\nplic: completed, level high: pending 0\nplic: level low: pending 0, claim 0\n'
		serial=none
	esac
	[ "$cpu" = arm ] || continue
	compare arm tick 0 'tick: svc 7 -> 15, excret fffffff9\ntick: order sp\ntick: 10 ticks\ntick: pendsv preempted by systick: yes\ntick: primask held 3 periods: yes\ntick: basepri held 3 periods: yes\ntick: psp svc 20 -> 41, excret fffffffd, aligned 1, sp restored: yes\ntick: done\n'
	serial=stdio
	compare arm uart 0 'uart: hello\nuart: sent by interrupt\nuart: 24 tx interrupts\nuart: done\n'
	serial=none
	compare arm fpu 0 'fpu: 1.5 * 7 = 10500/1000\nfpu: s0 across svc: 42, excret ffffffe9\n'
	compare arm fp-nocp 3 'fp-nocp: before\nfault: hardfault\n' 126
	compare arm scs 0 'scs: cpuid 410fc240, demcr 0\nscs: prigroup 0\nscs: reset\nscs: booted again (2)\n'
done
[ "$ran" -gt 0 ] || skip "no qemu-system-* for any CPU (qemu-system-arm, qemu-system-misc)"
finish
