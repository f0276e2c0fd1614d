#!/bin/sh
# loader tier: load the kit firmware of every CPU into a directory backend and
# prove the bytes against GNU objcopy, which extracts each memory's image from
# the same ELF independently of rproc-loader.
. "$abs_top_srcdir/tests/lib.sh"

cpus=$(fw_cpus)
[ -n "$cpus" ] || skip "no cross-built firmware (arm-none-eabi-gcc, riscv64-unknown-elf-gcc, aarch64-linux-gnu-gcc)"

# expect_image CORE ELF: each memory file equals what GNU objcopy extracts
# of every loadable section, placed at its load address (LMA) in a zeroed
# memory of the same size.
expect_image() {
	local core="$1" elf="$2" m da size file ok=0
	for m in $(mem_names "$core"); do
		da=$(mem_field "$core" "$m" da)
		size=$(mem_field "$core" "$m" size)
		file=$(mem_field "$core" "$m" file)
		[ -f "$core/$file" ] || continue
		rm -f "$T_TMP/expect"
		truncate -s $((size)) "$T_TMP/expect"
		"${BU}objdump" -hw "$elf" | awk '$1 ~ /^[0-9]+$/ && /LOAD/ { print $2, $3, $5 }' |
		while read -r name sz lma; do
			off=$((0x$lma - da))
			[ "$off" -ge 0 ] && [ "$off" -lt $((size)) ] || continue
			"${BU}objcopy" -O binary --only-section="$name" "$elf" "$T_TMP/sec" || return 1
			dd if="$T_TMP/sec" of="$T_TMP/expect" bs=1 seek="$off" conv=notrunc status=none
		done
		if ! cmp "$T_TMP/expect" "$core/$file"; then
			ok=1
		fi
	done
	return $ok
}

for cpu in $cpus; do
	BU=$(binutils_for "$cpu")
	for fw in hello hello-lma; do
		elf="$FW/$cpu/$fw.elf"
		[ -f "$elf" ] || continue
		core="$T_TMP/$cpu-$fw"
		mkcore "$core" "$cpu"

		# dry run: a load map, and nothing created or written
		loader --backend "dir:$core" --dry-run "$elf" > "$T_TMP/out" 2> "$T_TMP/err"
		rc=$?
		check "$cpu/$fw: dry run exits 0" [ "$rc" -eq 0 ]
		check "$cpu/$fw: dry run prints a load map" grep -q '^segment 0: file ' "$T_TMP/out"
		check "$cpu/$fw: dry run writes nothing" [ "$(ls "$core")" = memories.ini ]

		loader --backend "dir:$core" "$elf" > "$T_TMP/out" 2> "$T_TMP/err"
		rc=$?
		check "$cpu/$fw: load exits 0" [ "$rc" -eq 0 ]
		[ "$rc" -eq 0 ] || cat "$T_TMP/err"

		# stdout ends with the three result lines; values from readelf
		entry=$(readelf -hW "$elf" | awk '/Entry point/ { print $4 }')
		check "$cpu/$fw: boot_addr is e_entry" \
			[ "$(tail -n 3 "$T_TMP/out" | sed -n 's/^boot_addr=//p')" = "$(printf '0x%08x' "$entry")" ]
		rsc=$(readelf -SW "$elf" | sed 's/\[ /[/' | awk '$2 == ".resource_table" { print $6 }')
		check "$cpu/$fw: rsc_size is the section size" \
			[ "$(tail -n 1 "$T_TMP/out")" = "rsc_size=$((0x$rsc))" ]
		nseg=$(readelf -lW "$elf" | grep -c '^ *LOAD')
		check "$cpu/$fw: one map line per PT_LOAD ($nseg)" \
			[ "$(grep -c '^segment' "$T_TMP/out")" -eq "$nseg" ]
		check "$cpu/$fw: memories equal objcopy's image" expect_image "$core" "$elf"

		# loading again over a used memory gives the same bytes
		before=$(core_digest "$core")
		loader --backend "dir:$core" "$elf" > /dev/null 2>&1
		check "$cpu/$fw: reload is idempotent" [ "$(core_digest "$core")" = "$before" ]
	done
done

# paddr != vaddr: physical placement by default, virtual on request
cpu=arm
elf="$FW/$cpu/hello-lma.elf"
if [ -f "$elf" ]; then
	core="$T_TMP/lma"
	mkcore "$core" $cpu
	loader --backend "dir:$core" --dry-run "$elf" > "$T_TMP/phys"
	printf '[firmware hello-lma.elf]\nelf.address = virtual\n' > "$T_TMP/conf/loader.conf"
	loader --backend "dir:$core" --dry-run "$elf" > "$T_TMP/virt" 2>&1
	rm "$T_TMP/conf/loader.conf"
	check "hello-lma: virtual placement differs from physical" not cmp -s "$T_TMP/phys" "$T_TMP/virt"
	vaddr=$(readelf -lW "$elf" | awk '$1 == "LOAD" && $3 != $4 { print $3; exit }')
	paddr=$(readelf -lW "$elf" | awk '$1 == "LOAD" && $3 != $4 { print $4; exit }')
	check "hello-lma: has a PT_LOAD with paddr != vaddr" [ -n "$vaddr" ]
	check "hello-lma: physical map uses paddr $paddr" grep -q "da $paddr" "$T_TMP/phys"
	check "hello-lma: virtual map uses vaddr $vaddr" grep -q "da $vaddr" "$T_TMP/virt"
fi

# nomap memory: a segment there is refused and nothing is written
core="$T_TMP/nomap"
mkcore "$core" arm
sed -i '/^\[memory sram\]/a flags = nomap' "$core/memories.ini"
loader --backend "dir:$core" "$FW/arm/hello.elf" > "$T_TMP/out" 2> "$T_TMP/err"
rc=$?
check "nomap: refused with exit 1" [ "$rc" -eq 1 ]
check "nomap: error names the memory" grep -q "in memory 'sram', which the host cannot address (nomap)" "$T_TMP/err"
check "nomap: error shows the memory map" grep -q "memory flash *0x00000000-0x0003ffff" "$T_TMP/err"
check "nomap: nothing written" [ "$(ls "$core")" = memories.ini ]

# a firmware whose segments overlap: refused with both named; memories untouched
core="$T_TMP/overlap"
mkcore "$core" arm
loader --backend "dir:$core" "$FW/arm/hello.elf" > /dev/null 2>&1
before=$(core_digest "$core")
"$RPROC_TOOLS/elf-mutate" seg-overlap "$FW/arm/hello.elf" "$T_TMP/overlap.elf" >/dev/null
loader --backend "dir:$core" "$T_TMP/overlap.elf" > "$T_TMP/out" 2> "$T_TMP/err"
rc=$?
check "overlap: refused with exit 1" [ "$rc" -eq 1 ]
check "overlap: error names both segments" grep -Eq 'segment [0-9]+ \(da 0x[0-9a-f]+-0x[0-9a-f]+\) overlaps segment [0-9]+' "$T_TMP/err"
check "overlap: memories exactly as before" [ "$(core_digest "$core")" = "$before" ]

# a segment outside every memory
"$RPROC_TOOLS/elf-mutate" seg-outside "$FW/arm/hello.elf" "$T_TMP/outside.elf" >/dev/null
loader --backend "dir:$core" "$T_TMP/outside.elf" > "$T_TMP/out" 2> "$T_TMP/err"
rc=$?
check "outside: refused with exit 1" [ "$rc" -eq 1 ]
check "outside: error names segment and addresses" grep -Eq 'segment [0-9]+: da 0x[0-9a-f]+-0x[0-9a-f]+ \([0-9]+ bytes\) is not inside one memory' "$T_TMP/err"
check "outside: memories exactly as before" [ "$(core_digest "$core")" = "$before" ]

finish
