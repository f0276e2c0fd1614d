#!/bin/sh
# loader tier: the resource table where the kernel puts it. echo-vendor.elf
# (tests/firmware/ld/vendor-interp.ld) links .resource_table after .data,
# both stored in flash (AT>): its load address is in flash, its run address
# (sh_addr) in sram, and the firmware reads it there. rproc-loader must
# answer rsc_da = the run address and leave the table's bytes there, as the
# kernel's rproc_start() copies its table to sh_addr; the segments stay
# where the kernel loads them (p_paddr). A table whose run address is in no
# memory is refused with the section and the address named.
. "$abs_top_srcdir/tests/lib.sh"

MUTATE="$RPROC_TOOLS/elf-mutate"
n=0
for cpu in arm riscv32 riscv64 aarch64; do
	elf="$FW/$cpu/echo-vendor.elf"
	[ -f "$elf" ] || continue
	n=$((n + 1))
	BU=$(binutils_for "$cpu")
	core="$T_TMP/$cpu"
	mkcore "$core" "$cpu"

	# the image has the layout: table LMA != VMA, right after .data's run range
	set -- $("${BU}objdump" -hw "$elf" | awk '$2 == ".resource_table" { print $3, $4, $5 }')
	size=$((0x$1)) vma=$((0x$2)) lma=$((0x$3))
	data_end=$(symbol "$cpu" "$elf" __data_end | cut -d' ' -f1)
	check "$cpu: echo-vendor's table is stored apart from where it runs" [ "$lma" -ne "$vma" ]
	check "$cpu: echo-vendor's table runs after .data" [ "$vma" -ge $((data_end)) ]
	"${BU}objcopy" -O binary --only-section=.resource_table "$elf" "$T_TMP/table"

	loader --backend "dir:$core" "$elf" > "$T_TMP/out" 2> "$T_TMP/err"
	rc=$?
	check "$cpu: echo-vendor loads" [ "$rc" -eq 0 ]
	[ "$rc" -eq 0 ] || cat "$T_TMP/err"
	check "$cpu: rsc_da is the run address (sh_addr 0x$(printf %x $vma))" \
		[ "$(sed -n 's/^rsc_da=//p' "$T_TMP/out")" = "$(printf '0x%08x' "$vma")" ]
	check "$cpu: rsc_size is the section's" \
		[ "$(sed -n 's/^rsc_size=//p' "$T_TMP/out")" = "$size" ]
	check "$cpu: loaded.ini says the same" \
		grep -qx "rsc_da = $(printf '0x%08x' "$vma")" "$core/loaded.ini"
	mem_dump "$core" "$vma" "$size" > "$T_TMP/at-run"
	check "$cpu: the table's bytes are at its run address" cmp "$T_TMP/table" "$T_TMP/at-run"
	mem_dump "$core" "$lma" "$size" > "$T_TMP/at-load"
	check "$cpu: and at its load address, with the segment, as the kernel loads it" \
		cmp "$T_TMP/table" "$T_TMP/at-load"
	# .data's run copy is crt0's to make: the loader left it zero
	dstart=$(symbol "$cpu" "$elf" __data_start | cut -d' ' -f1)
	dlen=$((data_end - dstart))
	if [ "$dlen" -gt 0 ]; then
		check "$cpu: .data's run range is not written (crt0 copies it)" \
			[ -z "$(mem_dump "$core" "$dstart" "$dlen" | tr -d '\000')" ]
	fi

	# the same load by virtual address: the data segment carries the table
	printf '[firmware echo-vendor.elf]\nelf.address = virtual\n' > "$T_TMP/conf/loader.conf"
	loader --backend "dir:$core" --dry-run "$elf" > "$T_TMP/virt" 2>&1
	rm "$T_TMP/conf/loader.conf"
	check "$cpu: virtual: the same rsc_da" \
		[ "$(sed -n 's/^rsc_da=//p' "$T_TMP/virt")" = "$(printf '0x%08x' "$vma")" ]
	check "$cpu: virtual: no segment of its own for the table" \
		[ "$(grep -c '^segment' "$T_TMP/virt")" -eq "$(readelf -lW "$elf" | grep -c '^ *LOAD')" ]

	# a run address in no memory: refused, the section and address named,
	# nothing written
	before=$(core_digest "$core")
	"$MUTATE" rsc-run-outside "$elf" "$T_TMP/outside.elf" > /dev/null ||
		fail "$cpu: elf-mutate rsc-run-outside failed"
	loader --backend "dir:$core" "$T_TMP/outside.elf" > "$T_TMP/out" 2> "$T_TMP/err"
	rc=$?
	check "$cpu: table run address in no memory: refused with exit 1" [ "$rc" -eq 1 ]
	check "$cpu: the error names the section and the address" \
		grep -q "resource table .resource_table: run address 0x70000000 ($size bytes) is in no memory" "$T_TMP/err"
	check "$cpu: memories exactly as before" [ "$(core_digest "$core")" = "$before" ]
done
# a table whose run range lies in another segment's zero-fill (elf-mutate
# rsc-run-in-bss moves hello's sh_addr into its .bss): the table's bytes win
# there, and every other byte is what the unchanged firmware loads
for cpu in $(fw_cpus); do
	"$MUTATE" rsc-run-in-bss "$FW/$cpu/hello.elf" "$T_TMP/bss.elf" > /dev/null 2>&1 || continue
	n=$((n + 1))
	BU=$(binutils_for "$cpu")
	ref="$T_TMP/$cpu-ref" core="$T_TMP/$cpu-bss"
	mkcore "$ref" "$cpu"
	mkcore "$core" "$cpu"
	loader --backend "dir:$ref" "$FW/$cpu/hello.elf" > /dev/null 2>&1 || fail "$cpu: hello.elf does not load"
	loader --backend "dir:$core" "$T_TMP/bss.elf" > "$T_TMP/out" 2> "$T_TMP/err"
	rc=$?
	check "$cpu: table run address in .bss: loads" [ "$rc" -eq 0 ]
	[ "$rc" -eq 0 ] || cat "$T_TMP/err"
	run=$((0x$(readelf -SW "$T_TMP/bss.elf" | sed 's/\[ /[/' | awk '$2 == ".resource_table" { print $4 }')))
	size=$(sed -n 's/^rsc_size=//p' "$T_TMP/out")
	check "$cpu: in .bss: rsc_da is the run address" \
		[ "$(sed -n 's/^rsc_da=//p' "$T_TMP/out")" = "$(printf '0x%08x' "$run")" ]
	"${BU}objcopy" -O binary --only-section=.resource_table "$FW/$cpu/hello.elf" "$T_TMP/table"
	mem_dump "$core" "$run" "$size" > "$T_TMP/at-run"
	check "$cpu: in .bss: the table's bytes win over the zero-fill" cmp "$T_TMP/table" "$T_TMP/at-run"
	# every other byte as the unchanged firmware leaves it
	bad=0
	for m in $(mem_names "$core"); do
		f=$(mem_field "$core" "$m" file)
		lo=$(($(mem_field "$core" "$m" da)))
		cmp -l "$ref/$f" "$core/$f" | awk -v a=$((run - lo + 1)) -v b=$((run - lo + size)) \
			'$1 < a || $1 > b { bad = 1 } END { exit bad }' || bad=1
	done
	check "$cpu: in .bss: nothing else differs from hello.elf's load" [ "$bad" -eq 0 ]
done
[ "$n" -gt 0 ] || skip "no cross-built echo-vendor.elf (arm-none-eabi-gcc, riscv64-unknown-elf-gcc, aarch64-linux-gnu-gcc)"
finish
