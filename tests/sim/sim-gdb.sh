#!/bin/sh
# sim tier: the core file of a fault, opened by gdb in batch mode with the
# firmware ELF. The backtrace must walk from the faulting load back to main,
# and gdb must see the registers rproc-sim reported.
. "$abs_top_srcdir/tests/lib.sh"

sim_need
GDB=$(command -v gdb-multiarch || command -v arm-none-eabi-gdb) ||
	skip "no gdb-multiarch (Debian package gdb-multiarch)"

for cpu in $SIM_CPUS; do
	t="$cpu/fault core"
	elf="$FW/$cpu/fault.elf"
	sim_load "$cpu" fault || { fail "$t: load"; continue; }
	sim_run --core "$T_TMP/$cpu.core"
	check "$t: rproc-sim exit 126" [ "$RC" -eq 126 ]
	# the core file carries Linux's NT_PRSTATUS layout: tell gdb so, as
	# a bare-metal ELF has no OS ABI of its own
	"$GDB" -nx -batch -ex 'set osabi GNU/Linux' -ex "file $elf" \
		-ex "core-file $T_TMP/$cpu.core" -ex 'echo backtrace:\n' -ex bt -ex 'p/x $pc' -ex 'p/x $sp' \
		> "$T_TMP/gdb" 2>&1
	frames=$(sed -n '/^backtrace:$/,$ s/^#\([0-9]\) .* in \([a-z_0-9]*\) (.*/\1:\2/p' "$T_TMP/gdb" |
		tr '\n' ' ')
	if [ "$frames" = "0:do_fault 1:fault_level2 2:main " ]; then
		pass "$t: backtrace do_fault <- fault_level2 <- main"
	else
		fail "$t: backtrace is '$frames'"
		sed 's/^/# gdb: /' "$T_TMP/gdb"
	fi
	check "$t: gdb's pc is the reported fault.pc" \
		[ "$(sed -n 's/^\$1 = //p' "$T_TMP/gdb")" = "$(printf '0x%x' $(($(report fault.pc))))" ]
	check "$t: gdb's sp is the reported reg.sp" \
		[ "$(sed -n 's/^\$2 = //p' "$T_TMP/gdb")" = "$(printf '0x%x' $(($(report reg.sp))))" ]
	check "$t: the source line of the fault" grep -q 'fault.c:[0-9]*$' "$T_TMP/gdb"
done
finish
