#!/bin/sh
# sim tier: the shlib plugin. Two directory-backend co-processors, each with
# flash and sram of its own, list one memory "shm" whose file both reach
# as shared/shm.bin, hard links of one file (the backend opens its files
# beneath its directory and follows no symbolic link). Each runs an -fPIE
# application that calls libshlib-demo.so (tests/firmware/src/shlib-*.c):
#
#   core 0  shlib-app1.elf: the library's text goes into shm, with the
#           manifest; its data and GOT into core 0's sram
#   core 1  shlib-app2.elf (which interposes shlib_scale): the text found
#           in shm and verified, not written again (no segment in shm,
#           the file's bytes and mtime unchanged, the dry run says so);
#           its data and GOT in core 1's sram
#   errors  a library not in the search path, an undefined symbol, another
#           build of the library in shm, shm bytes that differ from the
#           library file, a shm whose manifest was zeroed over a library's
#           text: exit 1, a clear message, nothing written
#   turns   loads take turns on shlib.lock: one waits while another holds
#           it (flock(1)), writes nothing meanwhile, then loads; two loads
#           at once into a fresh shm, ten times: the text placed by one and
#           verified by the other; a holder past lock_wait or past what
#           rproc-loader's timeout leaves, a bad lock_wait, a lock file
#           that cannot be made: refused
. "$abs_top_srcdir/tests/lib.sh"

sim_need
[ -f "$FW/arm/shlib-app1.elf" ] || skip "no ARM shlib firmware (arm-none-eabi-gcc not found)"
LIBDIR="$FW/arm/shlib"
BU=$(binutils_for arm)

# conf_path PATH [KEY = VALUE]...: the shlib plugin for every firmware, its
# search path PATH, the test's own lock file (the default is in /run)
conf_path() {
	local path="$1"
	shift
	{
		echo "[firmware *]"
		echo "loader = shlib"
		echo "shlib.path = $path"
		echo "shlib.lock = ${LOCKFILE:-$T_TMP/shlib.lock}"
		for kv in "$@"; do echo "$kv"; done
	} > "$T_TMP/conf/loader.conf"
}

# conf [KEY = VALUE]...: the same with the library's directory
conf() {
	conf_path "$T_TMP/nothing-here:$LIBDIR" "$@"
}

# fresh_shm [COMMON]: a new, zeroed COMMON/shm.bin (default T_TMP/common)
# of the memory's size, as the first load would make it
fresh_shm() {
	local common="${1:-$T_TMP/common}"
	rm -rf "$common"
	mkdir -p "$common"
	truncate -s 64K "$common/shm.bin"
}

# mkshcore DIR [COMMON]: a core of shlib-memories.ini whose shm is
# COMMON/shm.bin (default T_TMP/common), hard-linked as DIR/shared/shm.bin
mkshcore() {
	rm -rf "$1"
	mkdir -p "$1/shared"
	cp "$FW/arm/shlib-memories.ini" "$1/memories.ini"
	ln "${2:-$T_TMP/common}/shm.bin" "$1/shared/shm.bin"
}

# relink: core0 and core1 share T_TMP/common/shm.bin again, after fresh_shm
relink() {
	ln -f "$T_TMP/common/shm.bin" "$T_TMP/core0/shared/shm.bin"
	ln -f "$T_TMP/common/shm.bin" "$T_TMP/core1/shared/shm.bin"
}

# shm_state: digest and modification time of the shared memory's file
shm_state() {
	[ -f "$T_TMP/common/shm.bin" ] || { echo absent; return; }
	printf '%s %s\n' "$(cksum < "$T_TMP/common/shm.bin")" \
		"$(stat -c %Y.%y "$T_TMP/common/shm.bin")"
}

# in_shm FILE: the load map in FILE has a segment in memory shm
in_shm() {
	grep -q 'memory shm:' "$1"
}

# run_core DIR WANT: rproc-sim on DIR prints WANT and exits 0
run_core() {
	local rc=0
	"$SIM" --dir "$1" --timeout 60 > "$T_TMP/simout" 2> "$T_TMP/simerr" < /dev/null || rc=$?
	check "$(basename "$1") runs: exit 0 (got $rc)" [ "$rc" -eq 0 ]
	if grep -qx "$2" "$T_TMP/simout"; then
		pass "$(basename "$1") runs: prints '$2'"
	else
		fail "$(basename "$1") runs: prints '$2'"
		sed 's/^/# out: /' "$T_TMP/simout"
		sed 's/^/# err: /' "$T_TMP/simerr"
	fi
}

APP1='shlib-demo app1: calls=5 sum=73 last=26 scale=3'
APP2='shlib-demo app2: calls=7 sum=7268 last=1077 scale=10'

# --- core 0: the library's text into shm --------------------------------------------
fresh_shm
mkshcore "$T_TMP/core0"
mkshcore "$T_TMP/core1"
conf
if loader -v --backend "dir:$T_TMP/core0" "$FW/arm/shlib-app1.elf" > "$T_TMP/out0" 2> "$T_TMP/err0"; then
	pass "core0: shlib-app1.elf loaded"
else
	fail "core0: shlib-app1.elf loaded"
	sed 's/^/# /' "$T_TMP/err0"
fi
check "core0: its plan writes the library text into shm" in_shm "$T_TMP/out0"
check "core0: its plan writes the library's data into its own sram" \
	grep -q 'da 0x2000.*memory sram:' "$T_TMP/out0"
check "core0: shm starts with the manifest" \
	[ "$(head -c 8 "$T_TMP/common/shm.bin")" = RPSHLIB1 ]
check "core0: shm holds the library's text as the file has it" \
	cmp -s -n 256 "$T_TMP/common/shm.bin" "$LIBDIR/libshlib-demo.so" 1024 0
run_core "$T_TMP/core0" "$APP1"
before=$(shm_state)
sleep 1	# a write would move the mtime by a visible second

# --- core 1: the text found, verified and left alone ----------------------------------
loader -v -n --backend "dir:$T_TMP/core1" "$FW/arm/shlib-app2.elf" > "$T_TMP/dry1" 2> "$T_TMP/dryerr1" ||
	fail "core1: dry run"
check "core1 dry run: no segment in shm" not in_shm "$T_TMP/dry1"
check "core1 dry run: says the text is there, verified, not written" \
	grep -q 'libshlib-demo.so: text already in memory shm at 0x30000400 (.*), verified: not written' "$T_TMP/dryerr1"
if loader -v --backend "dir:$T_TMP/core1" "$FW/arm/shlib-app2.elf" > "$T_TMP/out1" 2> "$T_TMP/err1"; then
	pass "core1: shlib-app2.elf loaded"
else
	fail "core1: shlib-app2.elf loaded"
	sed 's/^/# /' "$T_TMP/err1"
fi
check "core1: its plan has no segment in shm" not in_shm "$T_TMP/out1"
check "core1: shm bytes and mtime unchanged by the second load" [ "$(shm_state)" = "$before" ]
run_core "$T_TMP/core1" "$APP2"
check "core1: the run left shm as it was (the text is not data)" [ "$(shm_state)" = "$before" ]

# core 0 loaded again after core 1 ran: its own data again, the shared text untouched
loader --backend "dir:$T_TMP/core0" "$FW/arm/shlib-app1.elf" > "$T_TMP/out0b" 2>&1 ||
	fail "core0: loaded again"
check "core0 again: no segment in shm" not in_shm "$T_TMP/out0b"
run_core "$T_TMP/core0" "$APP1"
check "core0 again: shm unchanged" [ "$(shm_state)" = "$before" ]

# --- errors: exit 1, the message, nothing written ----------------------------------------
# refused NAME CORE FW REGEX
refused() {
	local t="$1" core="$2" fw="$3" re="$4" rc=0 b c
	b=$(core_digest "$core")
	c=$(shm_state)
	loader --backend "dir:$core" "$fw" > "$T_TMP/out" 2> "$T_TMP/err" || rc=$?
	check "$t: exit status 1 (got $rc)" [ "$rc" -eq 1 ]
	if grep -Eq "$re" "$T_TMP/err"; then
		pass "$t: message"
	else
		fail "$t: message"
		sed 's/^/# /' "$T_TMP/err"
	fi
	check "$t: memories untouched" [ "$(core_digest "$core")" = "$b" ]
	check "$t: shm untouched" [ "$(shm_state)" = "$c" ]
}

conf_path "$T_TMP/nothing-here:$T_TMP/neither"
refused "library not found" "$T_TMP/core1" "$FW/arm/shlib-app2.elf" \
	"library libshlib-demo\.so \(DT_NEEDED of shlib-app2\.elf\) not found in the search path shlib\.path = '$T_TMP/nothing-here:$T_TMP/neither'"

# other builds of the library, same name: without shlib_sum; with another constant
mkdir -p "$T_TMP/nosum" "$T_TMP/other"
lib_cflags="-mcpu=cortex-m4 -mthumb -O2 -fPIC -msingle-pic-base -mpic-register=r9 -mno-pic-data-is-text-relative"
lib_ldflags="-nostdlib -shared -Wl,--no-dynamic-linker -Wl,--build-id=sha1 -Wl,-soname,libshlib-demo.so"
printf 'int shlib_scale = 3;\nint shlib_step(int x) { return x; }\nint shlib_calls(void) { return 0; }\nconst char *shlib_name(void) { return "x"; }\nconst long shlib_got_anchor = 0;\n' \
	> "$T_TMP/nosum.c"
sed 's/{ 2, 3, 5,/{ 2, 3, 6,/' "$abs_top_srcdir/tests/firmware/src/shlib-lib.c" > "$T_TMP/other.c"
# shellcheck disable=SC2086 # flag lists
"$ARM_CC" $lib_cflags $lib_ldflags -o "$T_TMP/nosum/libshlib-demo.so" "$T_TMP/nosum.c" &&
	"$ARM_CC" $lib_cflags -I"$abs_top_srcdir/tests/firmware/src" $lib_ldflags \
		-o "$T_TMP/other/libshlib-demo.so" "$T_TMP/other.c" \
		"$abs_top_srcdir/tests/firmware/arm/shlib-got.S" ||
	fail "building the other libraries"

fresh_shm "$T_TMP/common2"
mkshcore "$T_TMP/core2" "$T_TMP/common2"
conf_path "$T_TMP/nosum"
refused "undefined symbol" "$T_TMP/core2" "$FW/arm/shlib-app1.elf" \
	"shlib-app1\.elf: R_ARM_JUMP_SLOT at 0x[0-9a-f]+ against 'shlib_sum': undefined symbol"

conf_path "$T_TMP/other"
refused "another build in shm" "$T_TMP/core1" "$FW/arm/shlib-app2.elf" \
	"libshlib-demo\.so: memory shm holds another build of it at 0x30000400 \(build-id [0-9a-f]+, .*\): refused"

# the executable placed so that its data run past the end of sram: refused
# before its segments are allocated
conf "shlib.base = 0x2003f000"
refused "executable past the end of its memory" "$T_TMP/core1" "$FW/arm/shlib-app2.elf" \
	"shlib-app2\.elf: segment 1 \([0-9]+ bytes at 0x20040000\) lies in no memory the host can address"

# the manifest names this build, but the text was changed under it
conf
printf '\377' | dd of="$T_TMP/common/shm.bin" bs=1 seek=$((1024 + 0x290)) conv=notrunc status=none
refused "shm text differs from the library file" "$T_TMP/core1" "$FW/arm/shlib-app2.elf" \
	"libshlib-demo\.so: its text in memory shm at 0x30000400 differs from the library file \(first at \+0x290\).*refused, not overwritten"

# A shared memory without a manifest is empty only when all of it is zero:
# its first KiB zeroed (the manifest gone, the text a core runs still
# after it), another build of the library is refused, not written over it
conf_path "$T_TMP/other"
dd if=/dev/zero of="$T_TMP/common/shm.bin" bs=1024 count=1 conv=notrunc status=none
refused "no manifest, but text in shm" "$T_TMP/core1" "$FW/arm/shlib-app2.elf" \
	"memory shm: no shared-library manifest, but the memory is not empty \(byte at 0x30000400 is not zero\)"
conf

# --- loads take turns on the shared memory (shlib.lock) ----------------------------------
# hold_lock: another holder of the lock (flock(1) -o: the lock goes with
# flock's own process) until T_TMP/go exists; sets holder
hold_lock() {
	rm -f "$T_TMP/held" "$T_TMP/go"
	flock -o "$T_TMP/shlib.lock" sh -c \
		'touch "$1/held"; while [ ! -f "$1/go" ]; do sleep 0.1; done' sh "$T_TMP" &
	holder=$!
	wait_file "$T_TMP/held" || fail "flock(1) did not take the lock"
}

# wait_file FILE [PATTERN]: until FILE exists (and holds PATTERN), 20 s at most
wait_file() {
	local n=200
	until [ -f "$1" ] && { [ -z "${2:-}" ] || grep -q "$2" "$1"; }; do
		n=$((n - 1))
		[ "$n" -gt 0 ] || return 1
		sleep 0.1
	done
}

# With another holder of the lock, a load waits (says so, writes nothing)
# and goes on once it is free.
conf
fresh_shm
relink
hold_lock
before=$(shm_state)
loader -v --backend "dir:$T_TMP/core0" "$FW/arm/shlib-app1.elf" > "$T_TMP/outw" 2> "$T_TMP/errw" &
waiter=$!
check "lock held elsewhere: the load says it waits" \
	wait_file "$T_TMP/errw" "waiting for $T_TMP/shlib.lock: another load is using a shared memory"
check "lock held elsewhere: the load waits" kill -0 "$waiter"
check "lock held elsewhere: shm untouched meanwhile" [ "$(shm_state)" = "$before" ]
touch "$T_TMP/go"
wait "$holder"
rc=0
wait "$waiter" || rc=$?
check "lock released: the load goes on (exit $rc)" [ "$rc" -eq 0 ]
run_core "$T_TMP/core0" "$APP1"

# Two loads at once into a fresh shm, 20 times: one places the library
# text, the other finds it placed. Without the lock both found it missing
# in 2 rounds of 10 here: a check that catches the race most of the time,
# where the one above shows the lock is taken before the manifest is read.
round=0
placed_once=0
while [ "$round" -lt 20 ]; do
	round=$((round + 1))
	fresh_shm
	relink
	loader -v --backend "dir:$T_TMP/core0" "$FW/arm/shlib-app1.elf" > /dev/null 2> "$T_TMP/race0" &
	p0=$!
	loader -v --backend "dir:$T_TMP/core1" "$FW/arm/shlib-app2.elf" > /dev/null 2> "$T_TMP/race1" &
	p1=$!
	rc=0
	wait "$p0" || rc=$?
	wait "$p1" || rc=$?
	n=$(cat "$T_TMP/race0" "$T_TMP/race1" | grep -c 'libshlib-demo.so: text new in memory shm')
	v=$(cat "$T_TMP/race0" "$T_TMP/race1" | grep -c 'libshlib-demo.so: text already in memory shm.*verified: not written')
	if [ "$rc" = 0 ] && [ "$n" = 1 ] && [ "$v" = 1 ]; then
		placed_once=$((placed_once + 1))
	else
		echo "# round $round: exit $rc, placed $n times, verified $v times"
		sed 's/^/# /' "$T_TMP/race0" "$T_TMP/race1"
	fi
done
check "two loads at once, 20 rounds: the text placed once and verified once in each ($placed_once)" \
	[ "$placed_once" = 20 ]
run_core "$T_TMP/core0" "$APP1"
run_core "$T_TMP/core1" "$APP2"

# A holder that does not let go: the load gives up after shlib.lock_wait
hold_lock
conf "shlib.lock_wait = 1"
refused "lock held past lock_wait" "$T_TMP/core1" "$FW/arm/shlib-app2.elf" \
	"lock: another load has held $T_TMP/shlib\.lock for 1 s \(shlib\.lock_wait\)"
touch "$T_TMP/go"
wait "$holder"

# Without shlib.lock_wait, a load waits as long as rproc-loader's own
# timeout leaves it (ABI 1.2's time budget), then gives up with its reason
# instead of being cut short by the timeout (exit 7, no word of the lock)
hold_lock
conf
printf '[loader]\ntimeout = 2\n' >> "$T_TMP/conf/loader.conf"
refused "lock held past rproc-loader's timeout" "$T_TMP/core1" "$FW/arm/shlib-app2.elf" \
	"lock: another load has held $T_TMP/shlib\.lock for 1[0-9]{3} ms, and rproc-loader's timeout is near: giving up"
touch "$T_TMP/go"
wait "$holder"

# bad values, and a lock file someone else could hold or write
for w in soon -1 +5 171 0x10; do
	conf "shlib.lock_wait = $w"
	refused "lock_wait '$w'" "$T_TMP/core1" "$FW/arm/shlib-app2.elf" \
		"option lock_wait = '$(echo "$w" | sed 's/+/[+]/')': expected seconds, 0 to 170"
done
LOCKFILE="$T_TMP/no-such-dir/shlib.lock" conf
refused "lock file not creatable" "$T_TMP/core1" "$FW/arm/shlib-app2.elf" \
	"lock: cannot open $T_TMP/no-such-dir/shlib\.lock: No such file or directory"
LOCKFILE="shlib.lock" conf
refused "lock path not absolute" "$T_TMP/core1" "$FW/arm/shlib-app2.elf" \
	"option lock = 'shlib.lock': expected an absolute path"
touch "$T_TMP/open.lock"
chmod 666 "$T_TMP/open.lock"
LOCKFILE="$T_TMP/open.lock" conf
refused "lock file others can write" "$T_TMP/core1" "$FW/arm/shlib-app2.elf" \
	"lock: $T_TMP/open\.lock is not a regular file of this user that only it can write: refused"
mkfifo "$T_TMP/fifo.lock"
LOCKFILE="$T_TMP/fifo.lock" conf
refused "lock file a FIFO" "$T_TMP/core1" "$FW/arm/shlib-app2.elf" \
	"lock: $T_TMP/fifo\.lock is not a regular file"
ln -s "$T_TMP/shlib.lock" "$T_TMP/link.lock"
LOCKFILE="$T_TMP/link.lock" conf
refused "lock file a symbolic link" "$T_TMP/core1" "$FW/arm/shlib-app2.elf" \
	"lock: cannot open $T_TMP/link\.lock: Too many levels of symbolic links"
conf

finish
