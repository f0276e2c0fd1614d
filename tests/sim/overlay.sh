#!/bin/sh
# sim tier: the overlay plugin and the kit's overlay firmware (overlay.elf:
# three overlays in one region, GNU ld's OVERLAY; tests/firmware/README.md).
# Per CPU:
#   run      loaded through the directory backend (PT_INTERP picks the
#            plugin), run under rproc-sim: the right sum, 1200 calls, 797
#            copies, the first call copied
#   table    the .overlay_table bytes in the memory file, field by field,
#            against objdump -h (run and load addresses, sizes), the
#            images objcopy extracts (CRC32 from gzip's trailer, the same
#            IEEE CRC) and the images in the memory at their load address
#   preload  overlay.preload = .ovl_gamma (the first call's): its bytes in
#            the region, its RESIDENT flag, and the run copies once less
#            (first=resident)
#   errors   an overlay image in no memory, a region in no memory, no table
#            section, a table with room for 2, an unknown preload name, two
#            preloads in one region: exit 1, the message naming the overlay
#            or table, every memory file as it was
#   objects  overlay.objects = delta=overlay-delta.o, an ld -r object the
#            plugin links at the region against overlay.elf's symbols: the
#            run prints the delta line too; entry 3 of the table; the stored
#            bytes equal GNU ld's link of the object at the region's address
#            (--just-symbols=overlay.elf); an undefined symbol, an object
#            larger than the region, a store outside every memory, a missing
#            file: refused naming the overlay, nothing written
#   QEMU     the same ELF with the table the plugin wrote (objcopy
#            --update-section) prints the same line under QEMU's machine;
#            the ELF as linked stops with "table not filled", exit 4
. "$abs_top_srcdir/tests/lib.sh"

sim_need

WANT='overlay: calls=1200 alpha=373 beta=427 gamma=400 copies=797 first=copied sum=0x8d8f050c'
WANT_PRE='overlay: calls=1200 alpha=373 beta=427 gamma=400 copies=796 first=resident sum=0x8d8f050c'
OVLS=".ovl_alpha .ovl_beta .ovl_gamma"

conf() {
	{
		echo "[firmware overlay*.elf]"
		for kv in "$@"; do echo "$kv"; done
	} > "$T_TMP/conf/loader.conf"
}

# sec_field CPU ELF NAME FIELD: size, vma, lma or off of section NAME (objdump -h), as 0x
sec_field() {
	"$(binutils_for "$1")objdump" -h "$2" | awk -v n="$3" -v f="$4" '
		$2 == n { i = (f == "size") ? 3 : (f == "vma") ? 4 : (f == "lma") ? 5 : 6
			  print "0x" $i; exit }'
}

# hex NUMBER: as the plugin prints addresses
hex() {
	printf '0x%x' $(($1))
}

# u CPU FILE OFFSET BYTES: an unsigned little-endian field of FILE (every kit
# CPU with overlays is little-endian)
u() {
	od -An -tu"$4" -j "$3" -N "$4" "$2" | tr -d ' '
}

# crc32 FILE: the IEEE CRC-32 zlib computes, from gzip's trailer
crc32() {
	gzip -c < "$1" | tail -c 8 | od -An -tu4 -N 4 | tr -d ' '
}

# run_sim WANT WHAT: rproc-sim on CORE exits 0 printing exactly WANT
run_sim() {
	sim_run
	if [ "$RC" -eq 0 ] && [ "$(cat "$T_TMP/out")" = "$1" ]; then
		pass "$cpu: $2: rproc-sim exit 0, '$1'"
	else
		fail "$cpu: $2: rproc-sim exit $RC, want 0 and '$1'"
		sed 's/^/# out: /' "$T_TMP/out"
		sed 's/^/# err: /' "$T_TMP/err"
	fi
}

# table_check CPU ELF WANT_RESIDENT [COUNT]: the table in CORE's memory
# against the ELF (the linked-in overlays; COUNT entries in all, default 3)
table_check() {
	local cpu="$1" elf="$2" res="$3" count="${4:-3}" ta tsize tab i=0 o e ok=1 run load size got want
	ta=$(sec_field "$cpu" "$elf" .overlay_table vma)
	tsize=$(($(sec_field "$cpu" "$elf" .overlay_table size)))
	tab="$T_TMP/table.bin"
	mem_dump "$CORE" "$ta" "$tsize" > "$tab" || { fail "$cpu: table at $ta not in a memory"; return; }
	[ "$(dd if="$tab" bs=1 count=4 status=none)" = RPOV ] || { ok=0; echo "# magic"; }
	if [ "$(u "$cpu" "$tab" 4 2)" != 1 ] || [ "$(u "$cpu" "$tab" 6 2)" != 64 ]; then
		ok=0
		echo "# version or entry size"
	fi
	[ "$(u "$cpu" "$tab" 8 4)" = 8 ] || { ok=0; echo "# capacity: $(u "$cpu" "$tab" 8 4)"; }
	[ "$(u "$cpu" "$tab" 12 4)" = "$count" ] || { ok=0; echo "# count: $(u "$cpu" "$tab" 12 4)"; }
	[ "$(u "$cpu" "$tab" 16 4)" = 1 ] || { ok=0; echo "# regions"; }
	[ "$(u "$cpu" "$tab" 20 4)" = 1 ] || { ok=0; echo "# flags (FILLED)"; }
	for o in $OVLS; do
		e=$((32 + 64 * i))
		run=$(($(sec_field "$cpu" "$elf" "$o" vma)))
		load=$(($(sec_field "$cpu" "$elf" "$o" lma)))
		size=$(($(sec_field "$cpu" "$elf" "$o" size)))
		"$(binutils_for "$cpu")objcopy" -O binary -j "$o" "$elf" "$T_TMP/img.bin"
		[ "$(u "$cpu" "$tab" $e 4)" = "$i" ] || { ok=0; echo "# $o: id"; }
		[ "$(u "$cpu" "$tab" $((e + 4)) 4)" = 0 ] || { ok=0; echo "# $o: region"; }
		[ "$(u "$cpu" "$tab" $((e + 8)) 8)" = "$run" ] || { ok=0; echo "# $o: run"; }
		[ "$(u "$cpu" "$tab" $((e + 16)) 8)" = "$load" ] || { ok=0; echo "# $o: load"; }
		[ "$(u "$cpu" "$tab" $((e + 24)) 8)" = "$size" ] || { ok=0; echo "# $o: size"; }
		got=$(u "$cpu" "$tab" $((e + 32)) 4)
		[ "$got" = "$(crc32 "$T_TMP/img.bin")" ] ||
			{ ok=0; echo "# $o: crc32 $got, gzip says $(crc32 "$T_TMP/img.bin")"; }
		case " $res " in
		*" $o "*) want=1 ;;
		*) want=0 ;;
		esac
		[ "$(u "$cpu" "$tab" $((e + 36)) 4)" = "$want" ] || { ok=0; echo "# $o: flags"; }
		got=$(dd if="$tab" bs=1 skip=$((e + 40)) count=24 status=none | tr -d '\0')
		[ "$got" = "$o" ] || { ok=0; echo "# $o: name '$got'"; }
		mem_dump "$CORE" "$load" "$size" | cmp -s - "$T_TMP/img.bin" ||
			{ ok=0; echo "# $o: memory at its load address differs from objcopy's image"; }
		i=$((i + 1))
	done
	# the unused entries are zero
	[ "$(dd if="$tab" bs=1 skip=$((32 + 64 * count)) status=none | tr -d '\0' | wc -c)" = 0 ] ||
		{ ok=0; echo "# unused entries not zero"; }
	if [ "$ok" = 1 ]; then
		pass "$cpu: table: header and 3 entries equal the ELF's (objdump -h, objcopy, gzip CRC-32), resident: ${res:-none}"
	else
		fail "$cpu: table differs from the ELF (above)"
		od -An -tx1 "$tab" | head -n 20 | sed 's/^/# /'
	fi
}

# refused WHAT ELF PATTERN: the load fails (exit 1) with PATTERN, nothing written
refused() {
	local what="$1" elf="$2" pat="$3" before rc=0
	before=$(core_digest "$CORE")
	loader --backend "dir:$CORE" "$elf" > "$T_TMP/rout" 2> "$T_TMP/rerr" || rc=$?
	if [ "$rc" -eq 1 ] && grep -q "$pat" "$T_TMP/rerr" &&
	   [ "$(core_digest "$CORE")" = "$before" ]; then
		pass "$cpu: $what: refused, '$pat', nothing written"
	else
		fail "$cpu: $what: exit $rc (want 1), message '$pat', memories unchanged"
		sed 's/^/# /' "$T_TMP/rerr"
	fi
}

# qemu_run CPU ELF: QEMU's stdout in T_TMP/qout, exit status in QRC
qemu_run() {
	QRC=0
	# shellcheck disable=SC2046 # the command is split on purpose
	timeout 60 $(qemu_cmd "$1") -nographic -monitor none -serial none \
		-semihosting-config enable=on,target=native -kernel "$2" \
		> "$T_TMP/qout" 2> "$T_TMP/qerr" < /dev/null || QRC=$?
}

WANT_DELTA='overlay: delta calls=200 copies=200 sum=0x1b07ac52'

# oracle_ld CPU ELF OBJ RUN OUT: GNU ld's link of OBJ at RUN against ELF's
# symbols (--just-symbols), its bytes in OUT
oracle_ld() {
	local ldflags=""
	case "$1" in
	riscv32) ldflags="-m elf32lriscv --no-relax" ;;
	riscv64) ldflags="-m elf64lriscv --no-relax" ;;
	esac
	# shellcheck disable=SC2086 # options
	"${BU}ld" $ldflags --just-symbols="$2" -Ttext="$4" -e 0 --no-warn-rwx-segments \
		-o "$T_TMP/oracle.elf" "$3" 2> "$T_TMP/ld.err" &&
		"${BU}objcopy" -O binary -j .text "$T_TMP/oracle.elf" "$5"
}

# objects CPU: overlay.objects = delta=overlay-delta.o, and its refusals
objects() {
	local cpu="$1" obj="$FW/$1/overlay-delta.o" tab e load size run
	conf "overlay.objects = delta=$obj"
	if ! sim_load "$cpu" overlay; then
		fail "$cpu: objects: overlay-delta.o linked in"
		return
	fi
	sim_run
	if [ "$RC" -eq 0 ] && [ "$(cat "$T_TMP/out")" = "$(printf '%s\n%s' "$WANT" "$WANT_DELTA")" ]; then
		pass "$cpu: objects: rproc-sim exit 0, the 1200 calls and '$WANT_DELTA'"
	else
		fail "$cpu: objects: rproc-sim exit $RC, want 0 and the two lines"
		sed 's/^/# out: /' "$T_TMP/out"
		sed 's/^/# err: /' "$T_TMP/err"
	fi
	table_check "$cpu" "$ELF" "" 4
	tab="$T_TMP/table.bin"
	e=$((32 + 64 * 3))
	run=$(($(sec_field "$cpu" "$ELF" .ovl_alpha vma)))
	load=$(u "$cpu" "$tab" $((e + 16)) 8)
	size=$(u "$cpu" "$tab" $((e + 24)) 8)
	mem_dump "$CORE" "$load" "$size" > "$T_TMP/stored.bin"
	check "$cpu: objects: entry 3 is 'delta' in region 0 at the region's run address" \
		[ "$(u "$cpu" "$tab" $e 4)/$(u "$cpu" "$tab" $((e + 4)) 4)/$(u "$cpu" "$tab" $((e + 8)) 8)/$(dd if="$tab" bs=1 skip=$((e + 40)) count=24 status=none | tr -d '\0')" = "3/0/$run/delta" ]
	check "$cpu: objects: its crc32 is that of the bytes stored at $(hex "$load")" \
		[ "$(u "$cpu" "$tab" $((e + 32)) 4)" = "$(crc32 "$T_TMP/stored.bin")" ]
	if oracle_ld "$cpu" "$ELF" "$obj" "$(hex "$run")" "$T_TMP/oracle.bin" &&
	   cmp -s "$T_TMP/oracle.bin" "$T_TMP/stored.bin"; then
		pass "$cpu: objects: the $size stored bytes equal GNU ld's link at $(hex "$run") against overlay.elf's symbols"
	else
		fail "$cpu: objects: the stored bytes differ from GNU ld's link at $(hex "$run")"
		sed 's/^/# ld: /' "$T_TMP/ld.err"
		cmp -l "$T_TMP/oracle.bin" "$T_TMP/stored.bin" | head -n 5 | sed 's/^/# /'
	fi

	sim_load "$cpu" hello || fail "$cpu: objects: hello loaded first"
	conf "overlay.objects = undef=$FW/$cpu/overlay-undef.o"
	refused "objects: an undefined symbol" "$ELF" \
		"overlay undef: undefined symbol ovl_no_such_function (at .text.ovl_undef+0x[0-9a-f]*): neither in the object nor in the base firmware"
	conf "overlay.objects = big=$FW/$cpu/overlay-big.o"
	refused "objects: larger than the region" "$ELF" \
		"overlay big: [0-9]* bytes, larger than its region at $(hex "$run") ([0-9]* bytes)"
	conf "overlay.objects = delta=$obj" "overlay.store = 0x70000000"
	refused "objects: a store outside every memory" "$ELF" \
		"overlay delta: store at 0x70000000 ([0-9]* bytes) lies in no memory"
	conf "overlay.objects = delta=$FW/$cpu/no-such.o"
	refused "objects: a missing object" "$ELF" \
		"overlay delta: cannot read object $FW/$cpu/no-such.o: No such file or directory"
	conf
}

ran=0
for cpu in $SIM_CPUS; do
	ELF="$FW/$cpu/overlay.elf"
	[ -f "$ELF" ] || continue
	ran=$((ran + 1))
	BU=$(binutils_for "$cpu")

	# --- run ------------------------------------------------------------------
	conf
	if sim_load "$cpu" overlay; then
		pass "$cpu: overlay.elf loaded by the overlay plugin (PT_INTERP)"
	else
		fail "$cpu: overlay.elf loaded"
		continue
	fi
	run_sim "$WANT" "linked-in overlays"
	table_check "$cpu" "$ELF" ""
	FILLED="$T_TMP/$cpu-filled.elf"
	cp "$T_TMP/table.bin" "$T_TMP/$cpu-table.bin"

	# --- preload --------------------------------------------------------------
	conf "overlay.preload = .ovl_gamma"
	sim_load "$cpu" overlay || fail "$cpu: preload: load"
	run=$(hex "$(sec_field "$cpu" "$ELF" .ovl_gamma vma)")
	size=$(($(sec_field "$cpu" "$ELF" .ovl_gamma size)))
	"$BU"objcopy -O binary -j .ovl_gamma "$ELF" "$T_TMP/gamma.bin"
	if mem_dump "$CORE" "$run" "$size" | cmp -s - "$T_TMP/gamma.bin"; then
		pass "$cpu: preload: the region at $run holds .ovl_gamma's bytes"
	else
		fail "$cpu: preload: the region at $run does not hold .ovl_gamma's bytes"
	fi
	table_check "$cpu" "$ELF" .ovl_gamma
	run_sim "$WANT_PRE" "preloaded .ovl_gamma"

	# --- errors ---------------------------------------------------------------
	conf
	sim_load "$cpu" hello || fail "$cpu: errors: hello loaded first"
	code=$(mem_names "$CORE" | head -n 1)
	data=$(mem_names "$CORE" | sed -n 2p)
	code_da=$(mem_field "$CORE" "$code" da)
	data_da=$(mem_field "$CORE" "$data" da)
	gamma_lma=$(hex "$(sec_field "$cpu" "$ELF" .ovl_gamma lma)")
	gamma_size=$(($(sec_field "$cpu" "$ELF" .ovl_gamma size)))
	region=$(hex "$(sec_field "$cpu" "$ELF" .ovl_alpha vma)")
	cp "$CORE/memories.ini" "$T_TMP/memories.ini"

	# the code memory ends where .ovl_gamma's image starts
	sed "/^\[memory $code\]/,/^\[/s/^size = .*/size = $((gamma_lma - code_da))/" \
		"$T_TMP/memories.ini" > "$CORE/memories.ini"
	refused "an overlay image in no memory" "$ELF" \
		"overlay .ovl_gamma: image at $gamma_lma ($gamma_size bytes) lies in no memory"
	# the data memory ends in the region
	sed "/^\[memory $data\]/,/^\[/s/^size = .*/size = $((region - data_da + 8))/" \
		"$T_TMP/memories.ini" > "$CORE/memories.ini"
	refused "a region in no memory" "$ELF" \
		"overlay region at $region ([0-9]* bytes, overlay .ovl_alpha): lies in no memory"
	cp "$T_TMP/memories.ini" "$CORE/memories.ini"

	"$BU"objcopy --rename-section .overlay_table=.overlay_tabl "$ELF" "$T_TMP/notable.elf"
	refused "no table section" "$T_TMP/notable.elf" \
		"no overlay table: the firmware has no section .overlay_table"
	"$BU"objcopy -O binary -j .overlay_table "$ELF" "$T_TMP/t.bin"
	{ dd if="$T_TMP/t.bin" bs=1 count=8 status=none; printf '\002\000\000\000'
	  dd if="$T_TMP/t.bin" bs=1 skip=12 status=none; } > "$T_TMP/t2.bin"
	"$BU"objcopy --update-section .overlay_table="$T_TMP/t2.bin" "$ELF" "$T_TMP/small.elf"
	refused "a table with room for 2" "$T_TMP/small.elf" \
		"overlay table .overlay_table too small: room for 2 overlays, the firmware has 3"
	conf "overlay.preload = .ovl_delta"
	refused "an unknown preload" "$ELF" "option preload: '.ovl_delta' is not an overlay of this firmware"
	conf "overlay.preload = .ovl_alpha, .ovl_beta"
	refused "two preloads in one region" "$ELF" \
		"option preload: overlays .ovl_alpha and .ovl_beta share the region at $region"
	conf

	# --- an overlay built apart: overlay-delta.o linked at load -----------------
	objects "$cpu"

	# --- QEMU -----------------------------------------------------------------
	qemu=$(qemu_cmd "$cpu")
	if ! command -v "${qemu%% *}" > /dev/null; then
		skip_part "$cpu: QEMU" "${qemu%% *} not found: qemu-system-arm, qemu-system-misc"
		continue
	fi
	"$BU"objcopy --update-section .overlay_table="$T_TMP/$cpu-table.bin" "$ELF" "$FILLED"
	qemu_run "$cpu" "$FILLED"
	if [ "$QRC" -eq 0 ] && [ "$(cat "$T_TMP/qout")" = "$WANT" ]; then
		pass "$cpu: QEMU ($qemu), the table the plugin wrote: exit 0, the same line"
	else
		fail "$cpu: QEMU, the table the plugin wrote: exit $QRC, want 0 and '$WANT'"
		sed 's/^/# qemu: /' "$T_TMP/qout" "$T_TMP/qerr"
	fi
	qemu_run "$cpu" "$ELF"
	if [ "$QRC" -eq 4 ] &&
	   [ "$(cat "$T_TMP/qout")" = "overlay: overlay table not filled: load with the overlay plugin" ]; then
		pass "$cpu: QEMU, the table as linked: refused by the manager, exit 4"
	else
		fail "$cpu: QEMU, the table as linked: exit $QRC, want 4 and 'table not filled'"
		sed 's/^/# qemu: /' "$T_TMP/qout" "$T_TMP/qerr"
	fi
done
[ "$ran" -gt 0 ] || skip "no overlay firmware (arm-none-eabi-gcc, riscv64-unknown-elf-gcc)"
finish
