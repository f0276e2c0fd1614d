#!/bin/sh
# GNU ld as the oracle of the reloc plugin's RISC-V and AArch64 back ends:
# tests/unit/reloc/*.S are assembled here by the cross compilers, linked by
# ld --no-relax at several placements (low, high, backwards, above 4 GiB,
# big endian), and tests/unit/reloc-oracle applies every relocation of the
# object through the back end, which must give ld's bytes. Each type the
# issue lists must have been applied at least once. Then the errors: a
# placement ld refuses ("relocation truncated to fit") is refused too.
. "$abs_top_srcdir/tests/lib.sh"

ORACLE="$abs_top_builddir/tests/unit/reloc-oracle"
SRC="$abs_top_srcdir/tests/unit/reloc"
[ -x "$ORACLE" ] || skip "tests/unit/reloc-oracle not built (libelf/Check missing?)"
[ -n "${RISCV_CC:-}" ] && command -v "$RISCV_CC" >/dev/null ||
	skip "no RISC-V cross compiler (riscv64-unknown-elf-gcc): apt-get install gcc-riscv64-unknown-elf"
[ -n "${AARCH64_CC:-}" ] && command -v "$AARCH64_CC" >/dev/null ||
	skip "no AArch64 cross compiler (aarch64-linux-gnu-gcc): apt-get install gcc-aarch64-linux-gnu"
RV_LD=$("$RISCV_CC" -print-prog-name=ld)
A64_LD=$("$AARCH64_CC" -print-prog-name=ld)

# oracle NAME OBJ LINKED: identical bytes; the type counts go to $T_TMP/NAME.types
oracle() {
	if "$ORACLE" "$2" "$3" >"$T_TMP/$1.types" 2>"$T_TMP/$1.err"; then
		pass "$1: the back end gives ld's bytes ($(wc -l <"$T_TMP/$1.types") types)"
	else
		fail "$1: $(cat "$T_TMP/$1.err")"
	fi
}

# covered NAME TYPE...: each type was applied in that run
covered() {
	local name="$1" t missing=""
	shift
	for t in "$@"; do
		grep -q "^$t [1-9]" "$T_TMP/$name.types" || missing="$missing $t"
	done
	check "$name: covers $# types${missing:+, missing:$missing}" [ -z "$missing" ]
}

# refused NAME PATTERN ORACLE-ARGS...: the back end refuses, saying PATTERN
refused() {
	local name="$1" pat="$2" rc=0
	shift 2
	"$ORACLE" "$@" >/dev/null 2>"$T_TMP/$name.err" || rc=$?
	if [ "$rc" = 2 ] && grep -q -- "$pat" "$T_TMP/$name.err"; then
		pass "$name: refused ($(grep -- "$pat" "$T_TMP/$name.err" | head -n 1))"
	else
		fail "$name: exit $rc, wanted 2 and \"$pat\": $(cat "$T_TMP/$name.err")"
	fi
}

# --- RISC-V --------------------------------------------------------------------
rv_types="R_RISCV_32 R_RISCV_HI20 R_RISCV_LO12_I R_RISCV_LO12_S R_RISCV_PCREL_HI20
	R_RISCV_PCREL_LO12_I R_RISCV_PCREL_LO12_S R_RISCV_CALL R_RISCV_CALL_PLT
	R_RISCV_BRANCH R_RISCV_JAL R_RISCV_RVC_BRANCH R_RISCV_RVC_JUMP R_RISCV_ALIGN
	R_RISCV_ADD8 R_RISCV_ADD16 R_RISCV_ADD32 R_RISCV_ADD64 R_RISCV_SUB8
	R_RISCV_SUB16 R_RISCV_SUB32 R_RISCV_SUB64 R_RISCV_SUB6 R_RISCV_SET6
	R_RISCV_SET8 R_RISCV_SET16 R_RISCV_SET32 R_RISCV_32_PCREL"

"$RISCV_CC" -march=rv32imac -mabi=ilp32 -c "$SRC/riscv.S" -o "$T_TMP/rv32.o" &&
"$RISCV_CC" -march=rv64imac -mabi=lp64 -c "$SRC/riscv.S" -o "$T_TMP/rv64.o" ||
	{ fail "assembling riscv.S"; finish; }

# rv_link NAME OBJ EMULATION TEXT FARCODE DATA LOWDATA DIFFS
rv_link() {
	"$RV_LD" -m "$3" --no-relax -Ttext="$4" --section-start=.farcode="$5" -Tdata="$6" \
		--section-start=.lowdata="$7" --section-start=.diffs="$8" \
		"$2" -o "$T_TMP/$1.elf" 2>"$T_TMP/$1.ld" ||
		fail "$1: ld: $(cat "$T_TMP/$1.ld")"
}

# RV32 at 0x80000000 (%hi() of addresses above 2 GiB wraps), farcode behind
rv_link rv32 "$T_TMP/rv32.o" elf32lriscv 0x80000000 0x80080000 0x80100000 0x80200000 0x80300000
oracle rv32 "$T_TMP/rv32.o" "$T_TMP/rv32.elf"
covered rv32 $rv_types
rv_link rv32b "$T_TMP/rv32.o" elf32lriscv 0x80100000 0x80080000 0x800f0000 0xfffff000 0x80300000
oracle rv32b "$T_TMP/rv32.o" "$T_TMP/rv32b.elf"
# RV64 low, then above 4 GiB with %hi() targets just below 2 GiB
rv_link rv64 "$T_TMP/rv64.o" elf64lriscv 0x10000 0x90000 0x110000 0x7ff00000 0x200000
oracle rv64 "$T_TMP/rv64.o" "$T_TMP/rv64.elf"
covered rv64 $rv_types R_RISCV_64
rv_link rv64hi "$T_TMP/rv64.o" elf64lriscv 0x100000000 0x1000ff000 0x100100000 0x7fffe000 0x100200000
oracle rv64hi "$T_TMP/rv64.o" "$T_TMP/rv64hi.elf"

# RV64: %hi(0x7ffff800) rounds to 2^31, which lui cannot reach (ld: truncated)
refused rv64-hi20 "R_RISCV_HI20 .*does not fit" --at .text=0x100000000 \
	--at .farcode=0x1000ff000 --at .data=0x100100000 --at .lowdata=0x7ffff000 \
	--at .diffs=0x100200000 --at .debug_frame=0 "$T_TMP/rv64.o"
# jal out of reach: farcode 2 MiB away
refused rv32-jal "R_RISCV_JAL .*does not fit in 21 bits" --at .text=0x80000000 \
	--at .farcode=0x80200000 --at .data=0x80300000 --at .lowdata=0x80400000 \
	--at .diffs=0x80500000 --at .debug_frame=0 "$T_TMP/rv32.o"
# ALIGN: .text 2 bytes off its alignment, the kept padding no longer aligns
refused rv64-align "R_RISCV_ALIGN .*not 4-byte aligned" --at .text=0x10002 \
	--at .farcode=0x90000 --at .data=0x110000 --at .lowdata=0x7ff00000 \
	--at .diffs=0x200000 --at .debug_frame=0 "$T_TMP/rv64.o"
# GOT_HI20 (la of an extern under -fPIC): refused with a reason
"$RISCV_CC" -march=rv64imac -mabi=lp64 -fPIC -c "$SRC/riscv-dyn.S" -o "$T_TMP/rvdyn64.o" &&
refused rv64-got "R_RISCV_GOT_HI20 .*needs a GOT entry for 'gvar'" --at .text=0x1000 \
	--at .data=0x2000 "$T_TMP/rvdyn64.o"

# dynamic relocations: ld's RISC-V ELF target has no -shared; the Linux one does
RV_LINUX_LD=$(command -v riscv64-linux-gnu-ld || true)
if [ -n "$RV_LINUX_LD" ]; then
	"$RISCV_CC" -march=rv32imac -mabi=ilp32 -fPIC -c "$SRC/riscv-dyn.S" -o "$T_TMP/rvdyn32.o"
	for b in 0 0x10000000 0x100000000; do
		"$RV_LINUX_LD" -shared -Ttext-segment=$b "$T_TMP/rvdyn64.o" -o "$T_TMP/rvdyn64-$b.so"
	done
	for b in 0 0x10000000; do
		"$RV_LINUX_LD" -m elf32lriscv -shared -Ttext-segment=$b "$T_TMP/rvdyn32.o" \
			-o "$T_TMP/rvdyn32-$b.so"
	done
	for v in "64 0x10000000" "64 0x100000000" "32 0x10000000"; do
		set -- $v
		if "$ORACLE" --dyn "$2" "$T_TMP/rvdyn$1-0.so" "$T_TMP/rvdyn$1-$2.so" \
			>"$T_TMP/rvdyn.types" 2>"$T_TMP/rvdyn.err"; then
			pass "RV$1 shared object relocated by $2 = linked at $2"
		else
			fail "RV$1 shared object at $2: $(cat "$T_TMP/rvdyn.err")"
		fi
	done
	covered rvdyn R_RISCV_RELATIVE R_RISCV_JUMP_SLOT R_RISCV_32
else
	# not a SKIP of the whole test: the rest ran; the unit suite covers the formulas
	echo "NOTE: riscv64-linux-gnu-ld missing (binutils-riscv64-linux-gnu):" \
		"RISC-V RELATIVE/JUMP_SLOT only checked by test-reloc-riscv"
fi

# --- AArch64 --------------------------------------------------------------------
a64_types="R_AARCH64_ABS64 R_AARCH64_ABS32 R_AARCH64_ABS16 R_AARCH64_PREL64
	R_AARCH64_PREL32 R_AARCH64_PREL16 R_AARCH64_ADR_PREL_PG_HI21
	R_AARCH64_ADR_PREL_PG_HI21_NC R_AARCH64_ADD_ABS_LO12_NC
	R_AARCH64_LDST8_ABS_LO12_NC R_AARCH64_LDST16_ABS_LO12_NC
	R_AARCH64_LDST32_ABS_LO12_NC R_AARCH64_LDST64_ABS_LO12_NC
	R_AARCH64_LDST128_ABS_LO12_NC R_AARCH64_CALL26 R_AARCH64_JUMP26
	R_AARCH64_CONDBR19 R_AARCH64_TSTBR14 R_AARCH64_LD_PREL_LO19
	R_AARCH64_ADR_PREL_LO21 R_AARCH64_MOVW_UABS_G0 R_AARCH64_MOVW_UABS_G0_NC
	R_AARCH64_MOVW_UABS_G1 R_AARCH64_MOVW_UABS_G1_NC R_AARCH64_MOVW_UABS_G2
	R_AARCH64_MOVW_UABS_G2_NC R_AARCH64_MOVW_UABS_G3"

"$AARCH64_CC" -c "$SRC/aarch64.S" -o "$T_TMP/a64.o" &&
"$AARCH64_CC" -mbig-endian -c "$SRC/aarch64.S" -o "$T_TMP/a64be.o" ||
	{ fail "assembling aarch64.S"; finish; }

# a64_link NAME OBJ ENDIAN TEXT NEARCODE FARCODE DATA LOWDATA
a64_link() {
	"$A64_LD" "$3" -Ttext="$4" --section-start=.nearcode="$5" \
		--section-start=.farcode="$6" -Tdata="$7" --section-start=.lowdata="$8" \
		"$2" -o "$T_TMP/$1.elf" 2>"$T_TMP/$1.ld" ||
		fail "$1: ld: $(cat "$T_TMP/$1.ld")"
}

# farcode 112 MiB ahead, then 120 MiB behind, then 128 MiB - 4 KiB ahead
# with a PREL32 between 2 and 4 GiB (the ABI's range is signed or unsigned)
a64_link a64 "$T_TMP/a64.o" -EL 0x40000000 0x40001000 0x47000000 0x40100000 0x9000
oracle a64 "$T_TMP/a64.o" "$T_TMP/a64.elf"
covered a64 $a64_types
a64_link a64be "$T_TMP/a64be.o" -EB 0x40000000 0x40001000 0x38ff0000 0x7fff0000 0xe000
oracle a64be "$T_TMP/a64be.o" "$T_TMP/a64be.elf"
covered a64be $a64_types
a64_link a64far "$T_TMP/a64.o" -EL 0xf0000000 0xf0007000 0xf7fff000 0x7fff0000 0xf000
oracle a64far "$T_TMP/a64.o" "$T_TMP/a64far.elf"

# out of range: bl 128 MiB away, b.cond/tbz 1 MiB and 32 KiB away, adrp 4 GiB
a64_at="--at .data=0x40100000 --at .lowdata=0x9000"
refused a64-call26 "R_AARCH64_CALL26 .*does not fit in 28 bits" --at .text=0x40000000 \
	--at .nearcode=0x40001000 --at .farcode=0x48001000 $a64_at "$T_TMP/a64.o"
refused a64-condbr19 "R_AARCH64_CONDBR19 .*does not fit in 21 bits" --at .text=0x40000000 \
	--at .nearcode=0x40200000 --at .farcode=0x44000000 $a64_at "$T_TMP/a64.o"
refused a64-tstbr14 "R_AARCH64_TSTBR14 .*does not fit in 16 bits" --at .text=0x40000000 \
	--at .nearcode=0x40009000 --at .farcode=0x44000000 $a64_at "$T_TMP/a64.o"
refused a64-adrp "R_AARCH64_ADR_PREL_PG_HI21 .*does not fit in 33 bits" \
	--at .text=0x240000000 --at .nearcode=0x240001000 --at .farcode=0x244000000 \
	--at .data=0x40100000 --at .lowdata=0x9000 "$T_TMP/a64.o"
# a 16-bit movz of an address above 64 KiB; ldr x1 of a misaligned data64
refused a64-movw "R_AARCH64_MOVW_UABS_G0 .*does not fit in 16 bits (unsigned)" \
	--at .text=0x40000000 --at .nearcode=0x40001000 --at .farcode=0x44000000 \
	--at .data=0x40100000 --at .lowdata=0x19000 "$T_TMP/a64.o"
refused a64-ldst64 "R_AARCH64_LDST64_ABS_LO12_NC .*not 8-byte aligned" \
	--at .text=0x40000000 --at .nearcode=0x40001000 --at .farcode=0x44000000 \
	--at .data=0x40100004 --at .lowdata=0x9000 "$T_TMP/a64.o"
# a GOT entry for an extern (adrp :got:) is refused with a reason
"$AARCH64_CC" -c "$SRC/aarch64-dyn.S" -o "$T_TMP/a64dyn.o" &&
refused a64-got "R_AARCH64_ADR_GOT_PAGE .*needs a GOT entry for 'gvar'" \
	--at .text=0x1000 --at .data=0x2000 "$T_TMP/a64dyn.o"

# dynamic relocations: the same shared object linked at 0 and at a bias
for b in 0 0x10000000 0x200000000; do
	"$A64_LD" -shared -Ttext-segment=$b "$T_TMP/a64dyn.o" -o "$T_TMP/a64dyn-$b.so"
done
for b in 0x10000000 0x200000000; do
	if "$ORACLE" --dyn $b "$T_TMP/a64dyn-0.so" "$T_TMP/a64dyn-$b.so" \
		>"$T_TMP/a64dyn.types" 2>"$T_TMP/a64dyn.err"; then
		pass "AArch64 shared object relocated by $b = linked at $b"
	else
		fail "AArch64 shared object at $b: $(cat "$T_TMP/a64dyn.err")"
	fi
done
covered a64dyn R_AARCH64_RELATIVE R_AARCH64_GLOB_DAT R_AARCH64_JUMP_SLOT R_AARCH64_ABS64

finish
