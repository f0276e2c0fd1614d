#!/bin/sh
# sim tier: the Cortex-M4 system of rproc-sim. Exceptions and SysTick (tick),
# the mps2-an386 UART0 as console, by polling and by its TX interrupt, on
# stdout and with --uart (uart), FP instructions after CPACR grants them
# (fpu) and before (fp-nocp: a no-coprocessor fault at the instruction), the
# SCB (scs: CPUID, an unmodelled register read as zero with a warning, AIRCR
# without VECTKEY ignored, SYSRESETREQ booting the core again), and the
# mailbox taken by interrupt, the core asleep meanwhile (mboxirq); a memory
# over the UART (devmem: the UART left out, with a warning) and over the PPB
# (refused).
# tests/sim/sim-qemu.sh compares the images QEMU can run with QEMU.
. "$abs_top_srcdir/tests/lib.sh"

sim_need
case " $SIM_CPUS " in
*" arm "*) ;;
*) skip "no arm firmware (arm-none-eabi-gcc)" ;;
esac
HZ=$(getconf CLK_TCK)

# expect NAME RC STDOUT(format): the run's exit status and exact stdout
expect() {
	# shellcheck disable=SC2059 # the expected output is a format
	printf "$3" > "$T_TMP/want"
	check "$1: exit $RC (want $2)" [ "$RC" -eq "$2" ]
	if cmp -s "$T_TMP/want" "$T_TMP/out"; then
		pass "$1: stdout as expected"
	else
		fail "$1: stdout differs"
		od -c "$T_TMP/out" | sed 's/^/# stdout: /'
		sed 's/^/# stderr: /' "$T_TMP/err"
	fi
}

# tick: SVC, PendSV, SysTick, nesting, masks, PSP
sim_load arm tick || fail "tick: load"
t0=$(date +%s%N)
sim_run
t1=$(date +%s%N)
expect tick 0 'tick: svc 7 -> 15, excret fffffff9\ntick: order sp\ntick: 10 ticks\ntick: pendsv preempted by systick: yes\ntick: primask held 3 periods: yes\ntick: basepri held 3 periods: yes\ntick: psp svc 20 -> 41, excret fffffffd, aligned 1, sp restored: yes\ntick: done\n'
check "tick: nothing on stderr" [ ! -s "$T_TMP/err" ]
# 10 ticks of 1 ms, then two waits of 3 wraps (2 periods at least each):
# SysTick counts host time, not faster
ms=$(((t1 - t0) / 1000000))
check "tick: took $ms ms, at least the 14 SysTick periods it waited for" [ "$ms" -ge 14 ]

# uart: on stdout, then apart with --uart
sim_load arm uart || fail "uart: load"
sim_run
expect uart 0 'uart: hello\nuart: sent by interrupt\nuart: 24 tx interrupts\nuart: done\n'
sim_run --uart "$T_TMP/uart.txt"
expect "uart --uart" 0 'uart: done\n'
check "uart --uart: the file holds the UART's lines" \
	[ "$(cat "$T_TMP/uart.txt")" = "$(printf 'uart: hello\nuart: sent by interrupt\nuart: 24 tx interrupts')" ]
sim_run --uart /nonexistent/dir/uart.txt
check "uart --uart into a missing directory: exit 125" [ "$RC" -eq 125 ]
check "uart --uart into a missing directory: names the file" \
	grep -q '/nonexistent/dir/uart.txt' "$T_TMP/err"
# a --kick client runs no core: its --uart file is left alone
RC=0
"$SIM" --dir "$CORE" --kick 1 --timeout 0.2 --uart "$T_TMP/uart.txt" > /dev/null 2>&1 || RC=$?
check "uart --uart with --kick (no rproc-sim listening): exit 125 (got $RC)" [ "$RC" -eq 125 ]
check "uart --uart with --kick: the file is not truncated" [ -s "$T_TMP/uart.txt" ]

# fpu: CPACR granted, the FP context kept across an exception
sim_load arm fpu || fail "fpu: load"
sim_run
expect fpu 0 'fpu: 1.5 * 7 = 10500/1000\nfpu: s0 across svc: 42, excret ffffffe9\n'

# fp-nocp: the same kind of instruction at reset, CPACR 0
sim_load arm fp-nocp || fail "fp-nocp: load"
sim_run
expect fp-nocp 126 'fp-nocp: before\n'
check "fp-nocp: fault.cause is no-coprocessor" [ "$(report fault.cause)" = no-coprocessor ]
set -- $(symbol arm "$FW/arm/fp-nocp.elf" fp_nocp_insn)
check "fp-nocp: fault.pc $(report fault.pc) is fp_nocp_insn $1" \
	[ "$(($(report fault.pc)))" -eq "$(($1))" ]

# scs: CPUID, DEMCR (unmodelled), AIRCR without and with VECTKEY
sim_load arm scs || fail "scs: load"
sim_run
expect scs 0 'scs: cpuid 410fc240, demcr 0\nscs: prigroup 0\nscs: reset\nscs: booted again (2)\n'
check "scs: the unmodelled DEMCR read is warned about, naming it" \
	grep -q 'unmodelled system register 0xe000edfc' "$T_TMP/err"
check "scs: the AIRCR write without VECTKEY is warned about" \
	grep -q 'AIRCR write 0x00000500 without VECTKEY' "$T_TMP/err"

# mboxirq: only the interrupt handler reads the mailbox; main sleeps
t=arm/mboxirq
sim_load arm mboxirq || fail "$t: load"
"$SIM" --dir "$CORE" --timeout 60 > "$T_TMP/out" 2> "$T_TMP/err" &
pid=$!
if wait_for_text "$T_TMP/out" 'mboxirq: waiting'; then
	used=$(idle_ticks "$pid")
	check "$t: asleep in wfi with PRIMASK set, 1 s cost $used/$HZ s of CPU (< 0.1 s)" \
		[ $((used * 10)) -lt "$HZ" ]
	"$SIM" --dir "$CORE" --kick 5 --kick 6 --kick 7 --replies 3 > "$T_TMP/acks" 2>&1
	check "$t: three doorbells answered 1, 2, 3 by the handler" \
		[ "$(tr '\n' ' ' < "$T_TMP/acks")" = "0x00000001 0x00000002 0x00000003 " ]
	"$SIM" --dir "$CORE" --kick 0xffffffff --replies 1 > "$T_TMP/acks" 2>&1
	check "$t: stop doorbell answered 4" [ "$(cat "$T_TMP/acks")" = 0x00000004 ]
	RC=0
	wait "$pid" || RC=$?
	expect "$t" 3 'mboxirq: waiting\nmboxirq: 3 doorbells in exception 47\n'
	check "$t: nothing on stderr" [ ! -s "$T_TMP/err" ]
else
	fail "$t: never said it was waiting"
	kill "$pid"
fi

# devmem: a memory over mps2-an386's UART0 (0x40004000), as another SoC
# may have RAM there: the UART is left out with one warning naming it, its
# range and the memory, and the memory answers (devmem prints the word the
# file holds and writes its complement)
t=arm/devmem
CORE="$T_TMP/arm-devmem"
mkcore "$CORE" arm
printf '[memory periph]\nda = 0x40004000\nsize = 0x1000\nfile = periph.bin\n' >> "$CORE/memories.ini"
head -c 4096 /dev/zero | tr '\0' '\042' > "$CORE/periph.bin"
loader --backend "dir:$CORE" "$FW/arm/devmem.elf" > "$T_TMP/load.out" 2>&1 ||
	{ fail "$t: load"; cat "$T_TMP/load.out"; }
sim_run
expect "$t" 0 'devmem: 40004000: 22222222\ndevmem: done\n'
check "$t: its store landed in memory periph" \
	[ "$(mem_dump "$CORE" 0x40004000 4 | od -An -tx1 | tr -d ' \n')" = dddddddd ]
check "$t: one warning naming the memory and the UART" \
	[ "$(grep -c 'memory periph (0x40004000-0x40004fff) overlaps the mps2-an386.s UART0 (CMSDK APB UART) at 0x40004000-0x40004fff: .* not modelled' "$T_TMP/err")" -eq 1 ]
check "$t: nothing else on stderr" [ "$(wc -l < "$T_TMP/err")" -eq 1 ]

# the Private Peripheral Bus is the architecture's: a memory there is refused
t=arm/ppb-memory
CORE="$T_TMP/arm-ppb"
mkcore "$CORE" arm
printf '[memory scs]\nda = 0xe000e000\nsize = 0x1000\nfile = scs.bin\n' >> "$CORE/memories.ini"
loader --backend "dir:$CORE" "$FW/arm/hello.elf" > "$T_TMP/load.out" 2>&1 ||
	{ fail "$t: load"; cat "$T_TMP/load.out"; }
sim_run
check "$t: refused, exit 125 (got $RC)" [ "$RC" -eq 125 ]
check "$t: the error names the memory and the PPB" \
	grep -q 'memory scs (0xe000e000-0xe000efff) overlaps the cortex-m4.s System Control Space (PPB) at 0xe0000000-0xe00fffff' "$T_TMP/err"
check "$t: nothing ran" [ ! -s "$T_TMP/out" ]
finish
