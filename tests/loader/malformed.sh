#!/bin/sh
# loader tier: malformed variants of real firmware (tests/tools/elf-mutate) are
# refused with exit 1 and a message, never crash, and leave every memory
# exactly as it was; the valid variants load.
. "$abs_top_srcdir/tests/lib.sh"

MUTATE="$RPROC_TOOLS/elf-mutate"
cpus=$(fw_cpus)
[ -n "$cpus" ] || skip "no cross-built firmware"
[ -x "$MUTATE" ] || skip "elf-mutate not built"

n_invalid=0
for cpu in $cpus; do
	core="$T_TMP/$cpu"
	mkcore "$core" "$cpu"
	# memories hold a loaded firmware: a refused load must not touch it
	loader --backend "dir:$core" "$FW/$cpu/hello.elf" > /dev/null 2>&1 ||
		fail "$cpu: cannot load the valid firmware"
	before=$(core_digest "$core")

	"$MUTATE" --list | while read -r m verdict; do
		out="$T_TMP/$cpu-$m.elf"
		"$MUTATE" "$m" "$FW/$cpu/hello.elf" "$out" > /dev/null 2>&1
		rc=$?
		[ "$rc" -eq 2 ] && continue	# does not apply to this firmware
		[ "$rc" -eq 0 ] || { echo "not ok - $cpu/$m: elf-mutate failed"; continue; }
		loader --backend "dir:$core" "$out" > "$T_TMP/out" 2> "$T_TMP/err"
		rc=$?
		if [ "$verdict" = invalid ]; then
			if [ "$rc" -eq 1 ] && [ -s "$T_TMP/err" ] &&
			   [ "$(core_digest "$core")" = "$before" ]; then
				echo "ok - $cpu/$m: refused: $(grep -m1 error "$T_TMP/err" | cut -c1-140)"
			else
				echo "not ok - $cpu/$m: exit $rc (want 1), memories $( [ "$(core_digest "$core")" = "$before" ] && echo unchanged || echo CHANGED)"
				cat "$T_TMP/err"
			fi
		else
			if [ "$rc" -eq 0 ] && tail -n 1 "$T_TMP/out" | grep -q '^rsc_size='; then
				echo "ok - $cpu/$m: valid variant loads"
			else
				echo "not ok - $cpu/$m: valid variant: exit $rc"
				cat "$T_TMP/err"
			fi
			# reload the reference so the next comparison is against it
			loader --backend "dir:$core" "$FW/$cpu/hello.elf" > /dev/null 2>&1
		fi
	done > "$T_TMP/$cpu.results"
	cat "$T_TMP/$cpu.results"
	T_PASSES=$((T_PASSES + $(grep -c '^ok' "$T_TMP/$cpu.results")))
	T_FAILS=$((T_FAILS + $(grep -c '^not ok' "$T_TMP/$cpu.results")))
	n_invalid=$((n_invalid + $(grep -c 'refused' "$T_TMP/$cpu.results")))
done

# no-shdrs is valid and loads without a resource table
"$MUTATE" no-shdrs "$FW/arm/hello.elf" "$T_TMP/nosh.elf" > /dev/null
loader --backend "dir:$T_TMP/arm" "$T_TMP/nosh.elf" > "$T_TMP/out" 2>&1
check "no section headers: loads, rsc_da=0 rsc_size=0" \
	[ "$(tail -n 2 "$T_TMP/out" | tr '\n' ' ')" = "rsc_da=0x00000000 rsc_size=0 " ]

# every byte-level truncation of the header area is refused, never a crash
f="$FW/arm/hello.elf"
crash=0
for len in 1 4 16 40 51 52 60 84 100 200; do
	head -c "$len" "$f" > "$T_TMP/cut.elf"
	loader --backend "dir:$T_TMP/arm" "$T_TMP/cut.elf" > /dev/null 2>&1
	rc=$?
	[ "$rc" -eq 1 ] || { crash=1; echo "truncated to $len: exit $rc"; }
done
check "truncations to 1..200 bytes: all refused with exit 1" [ "$crash" -eq 0 ]
check "at least 20 invalid variants refused (saw $n_invalid)" [ "$n_invalid" -ge 20 ]
finish
