#!/bin/sh
# sim tier: the kit firmware of every CPU rproc-sim runs, loaded by
# rproc-loader into a directory backend and run by rproc-sim: what it prints,
# its exit status, what it leaves in memory, and the fault reports field by
# field against the firmware's symbols.
. "$abs_top_srcdir/tests/lib.sh"

sim_need

# expect_out NAME BYTES: stdout of the last run is exactly BYTES (a format)
expect_out() {
	# shellcheck disable=SC2059 # the expected output is a format
	printf "$2" > "$T_TMP/want"
	if cmp -s "$T_TMP/want" "$T_TMP/out"; then
		pass "$1: stdout as expected"
	else
		fail "$1: stdout differs"
		od -c "$T_TMP/out" | sed 's/^/#   got  /'
		od -c "$T_TMP/want" | sed 's/^/#   want /'
		sed 's/^/# stderr: /' "$T_TMP/err"
	fi
}

expect_rc() {
	if [ "$RC" -eq "$2" ]; then
		pass "$1: exit status $RC"
	else
		fail "$1: exit status $RC, want $2"
		sed 's/^/# stderr: /' "$T_TMP/err"
	fi
}

# in_symbol CPU ELF NAME ADDR: ADDR is inside the function NAME
in_symbol() {
	set -- $(symbol "$1" "$2" "$3") "$4"
	[ $# -eq 3 ] && [ $(($3)) -ge $(($1)) ] && [ $(($3)) -lt $(($1 + $2)) ]
}

# is_load INSN: a load of one of the kit's CPUs, through a register (a
# literal load from beside the code, [pc, #n], cannot fault)
is_load() {
	case "$1" in
	*"[pc"*) return 1 ;;
	ldr*|lw*|ld*|c.lw*|c.ld*) return 0 ;;
	*) return 1 ;;
	esac
}

for cpu in $SIM_CPUS; do
	name=$(sim_cpu_name "$cpu")

	# hello and its variant with .data at a load address of its own: the
	# trace buffer, written by the firmware while it runs, must be in the
	# memory file afterwards (the memories are mapped, not copied)
	for fw in hello hello-lma hello-interp; do
		t="$cpu/$fw"
		sim_load "$cpu" "$fw" || { fail "$t: load"; continue; }
		set -- $(symbol "$cpu" "$FW/$cpu/$fw.elf" trace_buf)
		check "$t: trace buffer empty before the run" \
			[ "$(mem_dump "$CORE" "$1" 6 | tr -d '\0')" = "" ]
		sim_run
		expect_rc "$t" 0
		expect_out "$t" 'hello\n'
		check "$t: trace buffer in the memory file holds the firmware's line" \
			[ "$(mem_dump "$CORE" "$1" 6)" = "hello" ]
	done

	# a memory the host cannot address: rproc-loader leaves its file alone,
	# rproc-sim maps it all the same, zeroed, as the core's private RAM
	t="$cpu/hello + nomap memory"
	sim_load "$cpu" hello || { fail "$t: load"; continue; }
	printf '\n[memory tcm]\nda = 0x7f000000\nsize = 8K\nfile = tcm.bin\nflags = nomap\n' >> "$CORE/memories.ini"
	sim_run
	expect_rc "$t" 0
	head -c 8192 /dev/zero > "$T_TMP/zero"
	check "$t: the nomap memory's file made at its size, zeroed" \
		cmp -s "$T_TMP/zero" "$CORE/tcm.bin"

	t="$cpu/fib"
	sim_load "$cpu" fib || { fail "$t: load"; continue; }
	sim_run --stats
	expect_rc "$t" 0
	expect_out "$t" 'fib(30)=832040\n'
	set -- $(symbol "$cpu" "$FW/$cpu/fib.elf" fib_result)
	check "$t: fib_result in memory is 832040" \
		[ "$(mem_dump "$CORE" "$1" 4 | od -An -tu4 | tr -d ' ')" = 832040 ]
	insns=$(report sim.insns)
	check "$t: --stats counts the instructions (${insns:-none}, fib(20) alone needs 20000+)" \
		[ "${insns:-0}" -gt 20000 ]

	# fault: a load from an address no memory holds, two calls deep
	t="$cpu/fault"
	elf="$FW/$cpu/fault.elf"
	sim_load "$cpu" fault || { fail "$t: load"; continue; }
	sim_run --core "$T_TMP/core"
	expect_rc "$t" 126
	expect_out "$t" 'fault: about to fault\n'
	case "$cpu" in arm) addr=0x2badf00c ;; *) addr=0x0badf00c ;; esac
	pc=$(report fault.pc)
	check "$t: fault.cpu is $name" [ "$(report fault.cpu)" = "$name" ]
	check "$t: fault.cause is unmapped-read" [ "$(report fault.cause)" = unmapped-read ]
	check "$t: fault.addr is $addr" [ $(($(report fault.addr))) -eq $((addr)) ]
	check "$t: fault.pc $pc is inside do_fault" in_symbol "$cpu" "$elf" do_fault "$pc"
	# exact, not the start of its block (do_fault's first instructions
	# make the address, arm's with a literal load): the instruction at
	# fault.pc is the load itself
	insn=$("$(binutils_for "$cpu")objdump" -d --start-address=$((pc)) \
		--stop-address=$((pc + 4)) "$elf" | awk -F'\t' '/^ *[0-9a-f]+:\t/ { print $3, $4; exit }')
	check "$t: fault.pc is the load itself (${insn:-no instruction})" is_load "$insn"
	check "$t: fault.pc is exact (no fault.pc_exact=no)" [ -z "$(report fault.pc_exact)" ]
	check "$t: reg.pc equals fault.pc" [ "$(report reg.pc)" = "$pc" ]
	check "$t: reg.sp is inside a memory" mem_dump "$CORE" "$(report reg.sp)" 1 > /dev/null
	check "$t: every register reported" \
		[ "$(grep -c '^reg\.[a-z0-9]*=0x[0-9a-f]*$' "$T_TMP/err")" -ge 17 ]
	check "$t: --core wrote an ELF core file" \
		[ "$(od -An -c -N4 "$T_TMP/core" | tr -d ' ')" = '177ELF' ]

	# undef: the first instruction of main is undefined
	t="$cpu/undef"
	elf="$FW/$cpu/undef.elf"
	sim_load "$cpu" undef || { fail "$t: load"; continue; }
	sim_run
	expect_rc "$t" 126
	expect_out "$t" ''
	pc=$(report fault.pc)
	check "$t: fault.cause is undefined-instruction" \
		[ "$(report fault.cause)" = undefined-instruction ]
	check "$t: fault.pc $pc is inside main" in_symbol "$cpu" "$elf" main "$pc"
	check "$t: no fault.addr for an undefined instruction" [ -z "$(report fault.addr)" ]

	# a firmware that never ends is stopped at --timeout
	t="$cpu/idle (timeout)"
	sim_load "$cpu" idle || { fail "$t: load"; continue; }
	"$SIM" --dir "$CORE" --timeout 0.5 > "$T_TMP/out" 2> "$T_TMP/err"
	RC=$?
	expect_rc "$t" 124
	check "$t: says it timed out idle" grep -q 'time out after 0.5 s: core idle' "$T_TMP/err"
done

# traps that are not semihosting are faults named as the architecture names
# them, reported at the trapping instruction: raw images, no loader
# raw_core CPU MEMORY BYTES(printf format): a core whose MEMORY starts with BYTES
raw_core() {
	local m
	CORE="$T_TMP/raw-$1"
	mkcore "$CORE" "$1"
	for m in $(mem_names "$CORE"); do
		truncate -s $(($(mem_field "$CORE" "$m" size))) "$CORE/$(mem_field "$CORE" "$m" file)"
	done
	# shellcheck disable=SC2059 # the bytes are a format
	printf "$3" | dd of="$CORE/$(mem_field "$CORE" "$2" file)" conv=notrunc status=none
}
case " $SIM_CPUS " in
*" arm "*)
	# vector table: SP 0x20001000, reset 0x9; at 0x8: svc #0
	raw_core arm flash '\000\020\000\040\011\000\000\000\000\337\000\277'
	sim_run --boot 0
	check "arm/svc: exit 126" [ "$RC" -eq 126 ]
	check "arm/svc: fault.cause is svc" [ "$(report fault.cause)" = svc ]
	check "arm/svc: fault.pc is the svc" [ "$(report fault.pc)" = 0x00000008 ]
	;;
esac
case " $SIM_CPUS " in
*" riscv32 "*)
	raw_core riscv32 text '\163\000\000\000'	# ecall
	sim_run --boot 0x80000000
	check "riscv32/ecall: exit 126" [ "$RC" -eq 126 ]
	check "riscv32/ecall: fault.cause is ecall" [ "$(report fault.cause)" = ecall ]
	check "riscv32/ecall: fault.pc is the ecall" [ "$(report fault.pc)" = 0x80000000 ]
	;;
esac
finish
