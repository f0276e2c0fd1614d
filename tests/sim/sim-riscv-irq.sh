#!/bin/sh
# sim tier: RISC-V machine-mode traps and QEMU virt's devices on rproc-sim
# (riscv32 and riscv64): the CLINT's timer (rv-tick: direct and vectored
# mtvec, rdtime) and software interrupt (rv-msip, masked then unmasked),
# the PLIC polled against QEMU's semantics (rv-plic), virt's test device
# ending the run (rv-finisher),
# ecall into the firmware's handler (rv-ecall) and ecall as a fault without
# one (rv-ecall-nomtvec), the NS16550A polled and by its THR-empty
# interrupt through the PLIC (rv-uart, on stdout or --uart FILE), the
# mailbox as a machine external interrupt through the PLIC (rv-mbirq:
# claims, doorbells, an idle core that costs no CPU), and a memory or the
# mailbox where virt has a device: the device left out, the memory answering
# (devmem).
# Each image checks what it is given and says so; tests/sim/sim-qemu.sh
# compares the same images with QEMU's virt board.
. "$abs_top_srcdir/tests/lib.sh"

sim_need
HZ=$(getconf CLK_TCK)

# expect CPU FW STDOUT(format) [RC]: exit RC (0), that stdout, nothing on stderr
expect() {
	local cpu="$1" fw="$2" t="$1/$2" rc="${4:-0}"
	sim_load "$cpu" "$fw" || { fail "$t: load"; return; }
	sim_run
	printf "$3" > "$T_TMP/want"
	if [ "$RC" -eq "$rc" ] && cmp -s "$T_TMP/want" "$T_TMP/out" && [ ! -s "$T_TMP/err" ]; then
		pass "$t: exit $rc, stdout as expected, stderr empty"
	else
		fail "$t: exit $RC (want $rc), or stdout or stderr not as expected"
		od -c "$T_TMP/out" | sed 's/^/# stdout: /'
		sed 's/^/# stderr: /' "$T_TMP/err"
	fi
}

ran=0
for cpu in $SIM_CPUS; do
	case "$cpu" in riscv*) ;; *) continue ;; esac
	[ -f "$FW/$cpu/rv-tick.elf" ] || { skip_part "$cpu" "no rv-* images built"; continue; }
	ran=$((ran + 1))
	expect "$cpu" rv-tick 'tick: 5 direct, 5 vectored, rdtime ok\n'
	expect "$cpu" rv-ecall 'ecall: 3 traps, mcause 11, mepc at the ecall, MIE kept\n'
	expect "$cpu" rv-msip 'msip: 2 taken, held while masked\n'
	expect "$cpu" rv-plic \
		'plic: level low: pending 0\nplic: level high: pending 1\nplic: priority 0: claim 0\nplic: priority 2, threshold 2: claim 0\nplic: priority 2, threshold 1\nplic: priority 2, threshold 1: claim 10\nplic: claimed: pending 0, claim again 0\nplic: completed, level high: pending 0\nplic: level low: pending 0, claim 0\n'
	# virt's test device ends the run with the status written to it
	expect "$cpu" rv-finisher 'finisher: exit 3\n' 3
	expect "$cpu" rv-uart 'uart: hello\nuart: interrupt-driven\nuart: done\n'

	# (rv-uart's core) with stdout full, the UART says so once on stderr
	# and the firmware still ends
	t="$cpu/rv-uart"
	RC=0
	"$SIM" --dir "$CORE" --timeout 60 > /dev/full 2> "$T_TMP/err" < /dev/null || RC=$?
	check "$t: stdout full: still exit 0 (got $RC)" [ "$RC" -eq 0 ]
	check "$t: stdout full: one UART warning" \
		[ "$(grep -c 'UART: cannot write to the console' "$T_TMP/err")" -eq 1 ]

	# --uart FILE: the UART's lines there, semihosting's on stdout
	RC=0
	"$SIM" --dir "$CORE" --timeout 60 --uart "$T_TMP/uart" > "$T_TMP/out" 2> "$T_TMP/err" \
		< /dev/null || RC=$?
	check "$t: --uart: exit 0 (got $RC)" [ "$RC" -eq 0 ]
	check "$t: --uart: the UART's two lines in the file" \
		[ "$(cat "$T_TMP/uart")" = "$(printf 'uart: hello\nuart: interrupt-driven')" ]
	check "$t: --uart: semihosting's line alone on stdout" \
		[ "$(cat "$T_TMP/out")" = 'uart: done' ]

	# no mtvec: ecall is the fault report at the ecall, as before
	t="$cpu/rv-ecall-nomtvec"
	if sim_load "$cpu" rv-ecall-nomtvec; then
		sim_run
		# a label of inline assembly: no size, so not symbol()
		at=$("$(binutils_for "$cpu")nm" "$FW/$cpu/rv-ecall-nomtvec.elf" |
			awk '$3 == "rv_nomtvec_ecall" { print "0x" $1 }')
		check "$t: exit 126 (got $RC)" [ "$RC" -eq 126 ]
		check "$t: fault.cause is ecall" [ "$(report fault.cause)" = ecall ]
		check "$t: fault.pc is the ecall (${at:-none})" \
			[ $(($(report fault.pc))) -eq $((${at:-0})) ]
		check "$t: stdout up to the ecall" \
			[ "$(cat "$T_TMP/out")" = 'ecall-nomtvec: ecall' ]
	else
		fail "$t: load"
	fi

	# the mailbox as an external interrupt: the image sleeps in wfi with
	# interrupts enabled, each doorbell is an interrupt it claims
	t="$cpu/rv-mbirq"
	sim_load "$cpu" rv-mbirq || { fail "$t: load"; continue; }
	"$SIM" --dir "$CORE" --timeout 60 > "$T_TMP/out" 2> "$T_TMP/err" &
	pid=$!
	if ! wait_for_text "$T_TMP/out" 'mbirq: waiting'; then
		fail "$t: never said it was waiting"
		kill "$pid"
		continue
	fi
	used=$(idle_ticks "$pid")
	check "$t: idle with interrupts on for 1 s cost $used/$HZ s of CPU (< 0.1 s)" \
		[ $((used * 10)) -lt "$HZ" ]
	"$SIM" --dir "$CORE" --kick 5 --kick 6 --kick 7 --replies 3 > "$T_TMP/acks" 2>&1
	check "$t: three doorbells answered 1, 2, 3 by the interrupt handler" \
		[ "$(tr '\n' ' ' < "$T_TMP/acks")" = "0x00000001 0x00000002 0x00000003 " ]
	"$SIM" --dir "$CORE" --kick 0xffffffff --replies 1 > "$T_TMP/acks" 2>&1
	check "$t: stop doorbell answered 4" [ "$(cat "$T_TMP/acks")" = 0x00000004 ]
	RC=0
	wait "$pid" || RC=$?
	check "$t: exit status 3 (got $RC)" [ "$RC" -eq 3 ]
	check "$t: every claim was the mailbox's (12)" \
		[ "$(cat "$T_TMP/out")" = "$(printf 'mbirq: waiting\nmbirq: 3 doorbells, claims ok')" ]
	check "$t: nothing on stderr" [ ! -s "$T_TMP/err" ]
	set -- $(symbol "$cpu" "$FW/$cpu/rv-mbirq.elf" trace_buf)
	check "$t: trace buffer logs the four doorbells" \
		[ "$(mem_dump "$CORE" "$1" 120 | tr -d '\0' | grep -c '^mbirq: doorbell [1-4]$')" -eq 4 ]

	# a memory where virt has a device: the device is left out with one
	# warning naming it, its range and the memory; the memory answers
	# (devmem prints the word the file holds and writes its complement)
	t="$cpu/devmem"
	CORE="$T_TMP/$cpu-devmem"
	mkcore "$CORE" "$cpu"
	for m in fin:0x00100000:11 clint:0x02000000:22 uart:0x10000000:33; do
		name=${m%%:*} rest=${m#*:}
		printf '[memory %s]\nda = %s\nsize = 0x1000\nfile = %s.bin\n' \
			"$name" "${rest%:*}" "$name" >> "$CORE/memories.ini"
		# shellcheck disable=SC2059 # the byte as an octal escape
		head -c 4096 /dev/zero | tr '\0' "$(printf "\\$(printf %o 0x${rest#*:})")" \
			> "$CORE/$name.bin"
	done
	loader --backend "dir:$CORE" "$FW/$cpu/devmem.elf" > "$T_TMP/load.out" 2>&1 ||
		{ fail "$t: load"; cat "$T_TMP/load.out"; }
	sim_run
	check "$t: memories over the finisher, CLINT and UART: runs, exit 0 (got $RC)" [ "$RC" -eq 0 ]
	check "$t: the firmware read the memories' bytes" [ "$(cat "$T_TMP/out")" = \
		"$(printf 'devmem: 100000: 11111111\ndevmem: 2000000: 22222222\ndevmem: 10000000: 33333333\ndevmem: done')" ]
	for m in fin:0x100000:ee clint:0x2000000:dd uart:0x10000000:cc; do
		name=${m%%:*} rest=${m#*:}
		check "$t: its store landed in memory $name" \
			[ "$(mem_dump "$CORE" "${rest%:*}" 4 | od -An -tx1 | tr -d ' \n')" = \
			"$(printf '%s' "${rest#*:}${rest#*:}${rest#*:}${rest#*:}")" ]
	done
	for w in "fin (0x100000-0x100fff) overlaps the virt test device (sifive_test) at 0x100000-0x100fff" \
		"clint (0x2000000-0x2000fff) overlaps the virt CLINT at 0x2000000-0x200ffff" \
		"uart (0x10000000-0x10000fff) overlaps the virt NS16550A UART at 0x10000000-0x10000fff"; do
		check "$t: one warning: memory $w" [ "$(grep -c "memory $w: .* not modelled" "$T_TMP/err")" -eq 1 ]
	done
	check "$t: three warnings on stderr, nothing else" [ "$(wc -l < "$T_TMP/err")" -eq 3 ]

	# the mailbox over the PLIC: the PLIC goes, hello runs
	t="$cpu/mailbox-over-plic"
	CORE="$T_TMP/$cpu-mbplic"
	mkcore "$CORE" "$cpu"
	sed -i 's/^da = 0x3f000000$/da = 0x0c001000/' "$CORE/memories.ini"
	loader --backend "dir:$CORE" "$FW/$cpu/hello.elf" > "$T_TMP/load.out" 2>&1 ||
		{ fail "$t: load"; cat "$T_TMP/load.out"; }
	sim_run
	check "$t: runs, exit 0 (got $RC)" [ "$RC" -eq 0 ]
	check "$t: one warning naming the mailbox and the PLIC" \
		[ "$(grep -c '\[mailbox\] (0xc001000-0xc001fff) overlaps the virt PLIC at 0xc000000-0xc5fffff' "$T_TMP/err")" -eq 1 ]
done
[ "$ran" -gt 0 ] || skip "no RISC-V firmware (riscv64-unknown-elf-gcc)"
finish
