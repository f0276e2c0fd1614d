#!/bin/sh
# sim tier: the reloc plugin on shared objects, the relocations only a
# dynamic linker applies, by the thousand, on every CPU. tests/firmware:
# <cpu>/reloc-so.elf, reloc-gen-so.sh's N functions and N variables linked
# -shared at 0 with a dynamic list naming them (each function called
# through the PLT, each variable read through the GOT). Per CPU:
#
#   types   at least N JUMP_SLOT and N GLOB_DAT (RISC-V: R_RISCV_32 or 64,
#           its ABI has no GLOB_DAT) in the image
#   oracle  placed by the plugin at a memory (reloc.base), against the same
#           objects linked -shared by GNU ld at that address and loaded as
#           they are (the elf plugin, its e_type made ET_EXEC): every slot holds the value of its symbol
#           in ld's link (plus the addend; tests/sim/reloc-lib.sh,
#           dyn_places), every RELATIVE place its value, and every loaded
#           section has ld's bytes outside these places
#   run     under rproc-sim it prints the sum reloc-gen-so.sh computed from
#           the values alone, and exits 0
#
# The plugin binds each symbol to its definition in the image itself (the
# dynamic list makes them preemptible, nothing preempts them).
. "$abs_top_srcdir/tests/lib.sh"
. "$abs_top_srcdir/tests/sim/reloc-lib.sh"

RV_LINUX_LD=$(command -v riscv64-linux-gnu-ld || true)

# so_cpu CPU: the three checks on CPU's reloc-so.elf
so_cpu() {
	local cpu="$1" so="$FW/$1/reloc-so.elf" ld script slot gdat base run objs
	local bias data word=8 n sum c o
	BU=$(binutils_for "$cpu")
	case "$cpu" in
	arm) ld="${BU}ld"; slot=R_ARM_JUMP_SLOT gdat=R_ARM_GLOB_DAT word=4
	     script=arm/reloc-pie.ld base=sram run=flash ;;
	riscv32) ld="$RV_LINUX_LD -m elf32lriscv --no-relax"; word=4
	     slot=R_RISCV_JUMP_SLOT gdat=R_RISCV_32 script=ld/reloc-pie-cpu.ld base=text run=text ;;
	riscv64) ld="$RV_LINUX_LD -m elf64lriscv --no-relax"
	     slot=R_RISCV_JUMP_SLOT gdat=R_RISCV_64 script=ld/reloc-pie-cpu.ld base=text run=text ;;
	aarch64) ld="${BU}ld -EL"
	     slot=R_AARCH64_JUMP_SLOT gdat=R_AARCH64_GLOB_DAT script=ld/reloc-pie-cpu.ld base=text run=text ;;
	esac
	n=$(sed -n 's/^#define SO_N \([0-9]*\)$/\1/p' "$FW/$cpu/rgen-so/so-sum.h")
	# as sh_printf's %x prints it: no leading zeros
	sum=$(printf '0x%x' "$(sed -n 's/^#define SO_SUM \(0x[0-9a-f]*\)u$/\1/p' "$FW/$cpu/rgen-so/so-sum.h")")

	c=$(count "$slot" "$so")
	check "$cpu reloc-so.elf: $c $slot (at least $n)" [ "$c" -ge "$n" -a "$n" -ge 1000 ]
	c=$(count "$gdat" "$so")
	check "$cpu reloc-so.elf: $c $gdat (at least $n)" [ "$c" -ge "$n" ]

	mkcore "$T_TMP/r" "$cpu"
	mkcore "$T_TMP/o" "$cpu"
	bias=$(($(mem_field "$T_TMP/r" "$base" da)))
	conf "reloc.base = $base"
	if ! loader --backend "dir:$T_TMP/r" "$so" > "$T_TMP/out" 2>&1; then
		fail "$cpu reloc-so.elf: rproc-loader refused it"
		sed 's/^/# /' "$T_TMP/out"
		return
	fi
	# the runtime of the PIE, as Makefile.fw links it
	if [ "$cpu" = arm ]; then
		objs=$(for o in so-defs.so so-use.so p-reloc-crt0 p-semihost p-format p-trace \
			p-sh-call p-reloc.rsc; do echo "$FW/arm/$o.o"; done)
		data=0
	else
		objs=$(for o in so-defs.so so-use.so reloc-crt0.pc semihost.pc format.pc \
			trace.pc sh-call.pc; do echo "$FW/$cpu/$o.o"; done)
		data=$(($(mem_field "$T_TMP/r" data da) - bias))
	fi
	# shellcheck disable=SC2086 # a command with options; paths without blanks
	if $ld -shared --no-dynamic-linker --build-id=none -z max-page-size=0x1000 \
		-z noexecstack -e _start --dynamic-list="$FW/$cpu/rgen-so/so.list" \
		--defsym=RELOC_BASE=$bias --defsym=RELOC_DATA=$data \
		-T "$abs_top_srcdir/tests/firmware/$script" -o "$T_TMP/so.elf" $objs 2> "$T_TMP/ld.err"; then
		dyn_oracle "$cpu reloc-so.elf at $(printf 0x%x "$bias")" "$T_TMP/so.elf" "$word" $((2 * n))
	else
		fail "$cpu reloc-so.elf: ld: $(cat "$T_TMP/ld.err")"
	fi

	# ARM's vector table must be at 0: it runs from flash
	if [ "$run" != "$base" ]; then
		mkcore "$T_TMP/r" "$cpu"
		conf "reloc.base = $run"
		if ! loader --backend "dir:$T_TMP/r" "$so" > "$T_TMP/out" 2>&1; then
			fail "$cpu reloc-so.elf: rproc-loader refused it at $run"
			sed 's/^/# /' "$T_TMP/out"
			return
		fi
	fi
	runs_sum "$cpu reloc-so.elf" "$sum"
}

ran=0
for cpu in arm riscv32 riscv64 aarch64; do
	if [ -f "$FW/$cpu/reloc-so.elf" ]; then
		so_cpu "$cpu"
		ran=1
		continue
	fi
	case "$cpu" in
	arm) why="arm-none-eabi-gcc not found" ;;
	riscv*) why="riscv64-unknown-elf-gcc or riscv64-linux-gnu-ld not found" ;;
	*) why="aarch64-linux-gnu-gcc not found" ;;
	esac
	skip_part "$cpu: no reloc-so.elf" "$why"
done
[ "$ran" = 1 ] || skip "no reloc-so.elf built (no cross compiler found)"

finish
