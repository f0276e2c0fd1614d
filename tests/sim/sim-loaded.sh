#!/bin/sh
# sim tier: "rproc-loader --backend dir:X fw.elf && rproc-sim --dir X" with
# nothing naming the CPU ([core] cpu absent, no --cpu, no --elf): the load
# records the firmware's path and ELF machine, class and byte order in
# X/loaded.ini [firmware], and rproc-sim picks the CPU from it. A record
# that disagrees with the CPU named, a big-endian or foreign ELF, a raw
# image (no machine) and broken [firmware] keys each end in exit 125 and a
# message that names what is wrong.
. "$abs_top_srcdir/tests/lib.sh"

sim_need

# bare_ini CPU DIR: DIR/memories.ini, the kit's of CPU without [core]
bare_ini() {
	awk '/^\[/ { skip = ($0 == "[core]") } !skip' "$FW/$1/memories.ini" > "$2/memories.ini"
}

# bare CPU DIR: a fresh core of CPU's kit memories without its [core] section
bare() {
	rm -rf "$2"
	mkdir -p "$2"
	bare_ini "$1" "$2"
}

# sim DIR [ARGS]: rproc-sim on DIR; stdout T_TMP/out, stderr T_TMP/err, RC
sim() {
	local dir="$1"
	shift
	RC=0
	"$SIM" --dir "$dir" --timeout 60 "$@" > "$T_TMP/out" 2> "$T_TMP/err" < /dev/null || RC=$?
}

# refused WHAT TEXT DIR [ARGS]: rproc-sim exits 125 and says TEXT
refused() {
	local what="$1" text="$2"
	shift 2
	sim "$@"
	if [ "$RC" -eq 125 ] && grep -qF -- "$text" "$T_TMP/err"; then
		pass "$what: exit 125, says '$text'"
	else
		fail "$what: exit $RC, want 125 and '$text'"
		sed 's/^/# stderr: /' "$T_TMP/err"
	fi
}

# key DIR KEY: the value of KEY in DIR/loaded.ini
key() {
	sed -n "s/^$2 = //p" "$1/loaded.ini"
}

for cpu in $SIM_CPUS; do
	core="$T_TMP/$cpu"
	bare "$cpu" "$core"
	# by a relative path, from the firmware's directory: recorded absolute
	rc=0
	(cd "$FW/$cpu" && "$LOADER" --confdir "$T_TMP/conf" --plugindir "$PLUGINDIR" \
		--backend "dir:$core" ./hello.elf) > "$T_TMP/load.out" 2>&1 || rc=$?
	check "$cpu: loaded (exit $rc)" [ "$rc" -eq 0 ]
	check "$cpu: loaded.ini [firmware] path is the firmware's absolute path" \
		[ "$(key "$core" path)" = "$(realpath "$FW/$cpu/hello.elf")" ]
	case "$cpu" in
	arm) want="40 32" ;;
	riscv32) want="243 32" ;;
	riscv64) want="243 64" ;;
	aarch64) want="183 64" ;;
	esac
	check "$cpu: loaded.ini [firmware] machine and class $want" \
		[ "$(key "$core" machine) $(key "$core" class)" = "$want" ]
	check "$cpu: loaded.ini [firmware] endian little" [ "$(key "$core" endian)" = little ]
	sim "$core"
	check "$cpu: rproc-sim --dir with nothing naming the CPU: exit 0 (got $RC)" [ "$RC" -eq 0 ]
	if [ "$(cat "$T_TMP/out")" = hello ]; then
		pass "$cpu: rproc-sim --dir with nothing naming the CPU: prints hello"
	else
		fail "$cpu: rproc-sim --dir with nothing naming the CPU: prints hello"
		sed 's/^/# stderr: /' "$T_TMP/err"
	fi
	sim "$core" -v
	check "$cpu: rproc-sim -v names the firmware it runs" \
		grep -q "$(sim_cpu_name "$cpu") core, boot 0x[0-9a-f]*, firmware $(realpath "$FW/$cpu/hello.elf")\$" "$T_TMP/err"
done

cpu=$(echo $SIM_CPUS | cut -d' ' -f1)
core="$T_TMP/$cpu"
other=riscv32
[ "$cpu" = riscv32 ] && other=cortex-m4

# a record of another CPU than the one named
refused "[core] cpu of another CPU than the record's" \
	"loaded.ini: the last load was $(realpath "$FW/$cpu/hello.elf"), for $(sim_cpu_name "$cpu"), but the core is a $other" \
	"$core" --cpu "$other"
printf '[core]\ncpu = %s\n' "$other" >> "$core/memories.ini"
refused "[core] cpu of another CPU than the record's" "but the core is a $other" "$core"
bare_ini "$cpu" "$core"

# the [firmware] keys, broken one at a time
cp "$core/loaded.ini" "$T_TMP/good.ini"
brk() {
	sed "$1" "$T_TMP/good.ini" > "$core/loaded.ini"
	refused "loaded.ini $2" "$3" "$core"
}
brk 's/^machine = .*/machine = banana/' "machine not a number" "loaded.ini:10: [firmware] machine 'banana': expected an ELF e_machine number"
brk 's/^class = .*/class = 16/' "class 16" "[firmware] class '16': expected 32 or 64"
brk 's/^endian = .*/endian = middle/' "endian middle" "[firmware] endian 'middle': expected little or big"
brk 's/^path = .*/path = relative.elf/' "path relative" "[firmware] path 'relative.elf': expected an absolute path"
brk '/^class = /d' "machine without class" "[firmware]: machine, class and endian go together"
brk 's/^endian = .*/endian = little\nflavour = vanilla/' "unknown key" "unknown key 'flavour' in [firmware]"
brk 's/^machine = .*/machine = 62/' "a foreign machine" "is for ELF machine 62 (class"
brk 's/^endian = .*/endian = big/' "big-endian" "is big-endian: not supported by rproc-sim"
cp "$T_TMP/good.ini" "$core/loaded.ini"

# a big-endian firmware, for real
if [ -f "$FW/armbe/hello.elf" ]; then
	bare arm "$T_TMP/be"
	loader --backend "dir:$T_TMP/be" "$FW/armbe/hello.elf" > /dev/null 2>&1 || fail "armbe: load"
	check "armbe: loaded.ini [firmware] endian big" [ "$(key "$T_TMP/be" endian)" = big ]
	refused "armbe, nothing naming the CPU" "hello.elf is big-endian: not supported by rproc-sim" "$T_TMP/be"
fi

# a raw image (bin plugin): a path, no machine
bare "$cpu" "$T_TMP/raw"
head -c 64 /dev/zero > "$T_TMP/image.bin"
da=$(mem_field "$T_TMP/raw" "$(mem_names "$T_TMP/raw" | head -n 1)" da)
printf '[firmware image.bin]\nloader = bin\nbin.da = %s\n' "$da" > "$T_TMP/conf/loader.conf"
loader --backend "dir:$T_TMP/raw" "$T_TMP/image.bin" > /dev/null 2>&1 || fail "raw image: load"
rm -f "$T_TMP/conf/loader.conf"
check "raw image: loaded.ini [firmware] path" [ "$(key "$T_TMP/raw" path)" = "$(realpath "$T_TMP/image.bin")" ]
check "raw image: loaded.ini [firmware] no machine" not grep -q '^machine' "$T_TMP/raw/loaded.ini"
refused "raw image, nothing naming the CPU" "which CPU? set [core] cpu in $T_TMP/raw/memories.ini, or give --cpu or --elf ($T_TMP/raw/loaded.ini records none)" "$T_TMP/raw"

finish
