#!/bin/sh
# loader tier: configuration errors name file, line, key and value, and the
# helper refuses to load rather than guess; options and timeout take effect.
. "$abs_top_srcdir/tests/lib.sh"

[ -f "$FW/arm/hello.elf" ] || skip "no arm firmware (arm-none-eabi-gcc)"
core="$T_TMP/core"
mkcore "$core" arm
conf="$T_TMP/conf/loader.conf"

run() {
	loader --backend "dir:$core" "$@" > "$T_TMP/out" 2> "$T_TMP/err"
}

printf '[loader]\ntimeout = soon\n' > "$conf"
run "$FW/arm/hello.elf"
check "bad timeout: exit 3" [ $? -eq 3 ]
check "bad timeout: names file:line, key and value" \
	grep -q "loader.conf:2: \[loader\] timeout = 'soon': expected seconds" "$T_TMP/err"
check "bad config: nothing written" [ "$(ls "$core")" = memories.ini ]

mkdir -p "$T_TMP/conf/loader.conf.d"
printf '[loader]\n' > "$conf"
printf '[rproc core]\nelf.adress = virtual\n' > "$T_TMP/conf/loader.conf.d/50-typo.conf"
run "$FW/arm/hello.elf"
check "unknown plugin option: exit 3" [ $? -eq 3 ]
check "unknown plugin option: named with file:line" \
	grep -q "50-typo.conf:2: elf.adress = 'virtual': plugin 'elf' has no option 'adress'" "$T_TMP/err"
# an option for another plugin is not an error: it waits for that plugin
printf '[rproc core]\nbin.da = 0x20000000\n' > "$T_TMP/conf/loader.conf.d/50-typo.conf"
run "$FW/arm/hello.elf"
check "option of another plugin is ignored" [ $? -eq 0 ]

printf '[rproc core]\nelf.address = sideways\n' > "$T_TMP/conf/loader.conf.d/50-typo.conf"
run "$FW/arm/hello.elf"
check "bad option value: refused by the plugin, exit 1" [ $? -eq 1 ]
check "bad option value: named with file:line, key and value" \
	grep -q "50-typo.conf:2: option elf.address = 'sideways': expected physical or virtual" "$T_TMP/err"
printf '[firmware *.bin]\nloader = bin\nbin.da = 0100\n' > "$T_TMP/conf/loader.conf.d/50-typo.conf"
printf 'RAWIMAGE' > "$T_TMP/image.bin"
run "$T_TMP/image.bin"
check "bin.da = 0100: a leading zero is refused (not octal 64, not 100), exit 1" [ $? -eq 1 ]
check "bin.da = 0100: named with file:line" \
	grep -q "50-typo.conf:3: option bin.da = '0100': expected a decimal (no leading 0) or 0x number" "$T_TMP/err"
rm -f "$T_TMP/conf/loader.conf.d/50-typo.conf"

# the bin plugin, chosen and configured for one firmware name
printf '[firmware *.bin]\nloader = bin\nbin.da = 0x20000100\nbin.boot = 0x20000101\n' > "$conf"
printf 'RAWIMAGE' > "$T_TMP/image.bin"
run "$T_TMP/image.bin"
check "bin plugin: exit 0" [ $? -eq 0 ]
check "bin plugin: boot address from bin.boot" grep -q '^boot_addr=0x20000101$' "$T_TMP/out"
check "bin plugin: bytes at 0x20000100" \
	[ "$(dd if="$core/sram.bin" bs=1 skip=256 count=8 status=none)" = RAWIMAGE ]

# --rproc selects [rproc NAME] sections
printf '[rproc other]\nloader = bin\n' > "$conf"
run "$FW/arm/hello.elf"
check "[rproc other] does not apply to core" [ $? -eq 0 ]
run --rproc other "$FW/arm/hello.elf"
check "--rproc other selects it" grep -q "option bin.da is required" "$T_TMP/err"

# conf/examples: each, copied to loader.conf.d/ as its header says, loads
# the firmware it is written for (a dry run: the load map names the plugin)
# example NAME FIRMWARE [OPTIONS]: a dry run of FIRMWARE with only example NAME
example() {
	local name="$1" fw="$2"
	shift 2
	rm -rf "$T_TMP/ex"
	mkdir -p "$T_TMP/ex/loader.conf.d"
	sed "s|/lib/firmware/rproc-lib|$FW/arm/shlib|; s|^#shlib.lock = .*|shlib.lock = $T_TMP/ex/shlib.lock|" \
		"$abs_top_srcdir/conf/examples/$name" > "$T_TMP/ex/loader.conf.d/$name"
	"$LOADER" --confdir "$T_TMP/ex" --plugindir "$PLUGINDIR" -n -v "$@" "$fw" \
		> "$T_TMP/out" 2> "$T_TMP/err"
}
# example_loads NAME FIRMWARE WANT [OPTIONS]: ... and its messages or load
# map hold WANT (an extended regular expression)
example_loads() {
	local name="$1" fw="$2" want="$3" rc=0
	shift 3
	example "$name" "$fw" "$@" || rc=$?
	if [ "$rc" = 0 ] && cat "$T_TMP/out" "$T_TMP/err" | grep -Eq "$want"; then
		pass "conf/examples/$name: $(basename "$fw") loads as it says ($want)"
	else
		fail "conf/examples/$name: $(basename "$fw"): exit $rc, wanted '$want'"
		sed 's/^/# /' "$T_TMP/out" "$T_TMP/err"
	fi
}
cp "$FW/arm/hello-lma.elf" "$T_TMP/legacy-hello.elf"
cp "$T_TMP/image.bin" "$T_TMP/m4_0-image.bin"
mkcore "$T_TMP/shcore" arm
cp "$FW/arm/shlib-memories.ini" "$T_TMP/shcore/memories.ini"
mkdir -p "$T_TMP/shcore/shared"
cp "$FW/arm/shlib-app1.elf" "$T_TMP/demo-app1.elf"
example_loads 10-raw-images.conf "$T_TMP/m4_0-image.bin" "^boot_addr=0x20000004$" \
	--rproc m4_0 --backend "dir:$core"
# hello-lma's .data: at its virtual address in sram, not after the code in flash
example_loads 20-virtual-addresses.conf "$T_TMP/legacy-hello.elf" \
	"segment 2: .* -> da 0x20000048-0x2000004f memory sram" --backend "dir:$core"
example_loads 30-relocatable.conf "$FW/arm/reloc.o" "plugin 'reloc' \(from config\)" \
	--backend "dir:$core"
example_loads 30-relocatable.conf "$FW/arm/reloc-pie.elf" "^boot_addr=0x0000" \
	--backend "dir:$core"
example_loads 40-shared-libraries.conf "$T_TMP/demo-app1.elf" \
	"libshlib-demo.so: text new in memory shm" --backend "dir:$T_TMP/shcore"
example_loads 50-overlays.conf "$FW/arm/overlay.elf" \
	"overlay .ovl_gamma: id 2, .*, preloaded" --backend "dir:$core"
check "every example in conf/examples is checked" \
	[ "$(ls "$abs_top_srcdir/conf/examples" | wc -l)" = 5 ]

# timeout: a plugin that hangs is cut off, exit 7
tp="${RPROC_TESTPLUGINDIR:-}"
if [ -f "$tp/sleepy.so" ]; then
	printf '[loader]\ntimeout = 1\n[rproc core]\nloader = sleepy\n' > "$conf"
	start=$(date +%s)
	"$LOADER" --confdir "$T_TMP/conf" --plugindir "$tp" --backend "dir:$core" \
		"$FW/arm/hello.elf" > "$T_TMP/out" 2> "$T_TMP/err"
	rc=$?
	end=$(date +%s)
	check "timeout: exit 7" [ "$rc" -eq 7 ]
	check "timeout: says so" grep -q "load timed out" "$T_TMP/err"
	check "timeout: within 5 s" [ $((end - start)) -le 5 ]
else
	fail "sleepy test plugin not built"
fi
finish
