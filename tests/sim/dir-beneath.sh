#!/bin/sh
# sim tier: the directory backend opens its files beneath PATH, following no
# link. Whoever may write PATH (memories.ini, links in it) must not make a
# root-run rproc-loader, or rproc-sim, write a file outside it: a memory's
# file through a linked directory (file = s/passwd, s -> a directory
# outside), a memory file that is a link, a loaded.ini.tmp planted as a
# link. Each is refused with a message naming the file, or (loaded.ini.tmp)
# the planted entry is replaced; the file outside keeps its bytes and
# mtime, and nothing new appears outside.
. "$abs_top_srcdir/tests/lib.sh"

cpus=$(fw_cpus)
[ -n "$cpus" ] || skip "no cross-built firmware (arm-none-eabi-gcc, riscv64-unknown-elf-gcc, aarch64-linux-gnu-gcc)"
cpu=$(echo $cpus | cut -d' ' -f1)
elf="$FW/$cpu/hello.elf"
core="$T_TMP/core"
out="$T_TMP/outside"

# the directory outside PATH, with a file standing for /etc/passwd
fresh_outside() {
	rm -rf "$out"
	mkdir -p "$out"
	echo "root:x:0:0:root:/root:/bin/sh" > "$out/passwd"
	touch -d '2001-01-01 00:00:00' "$out/passwd"
}

outside_state() {
	(cd "$out" && ls -la --time-style=+%s . && cksum passwd)
}

regular() { [ -f "$1" ] && [ ! -L "$1" ]; }
absent() { [ ! -e "$1" ] && [ ! -L "$1" ]; }

# second_memory: the name of the kit's second memory
second_memory() {
	mem_names "$FW/$cpu" | sed -n 2p
}

# relink_file NEWFILE: the kit's second memory gets file = NEWFILE
relink_file() {
	local m
	m=$(second_memory)
	awk -v sec="[memory $m]" -v f="$1" '
		/^\[/ { insec = ($0 == sec) }
		insec && $1 == "file" { print "file = " f; next }
		{ print }' "$FW/$cpu/memories.ini" > "$core/memories.ini"
}

# refused WHAT PATTERN: the load fails with exit 6 (backend), says PATTERN,
# and leaves the outside as it was
refused() {
	local what="$1" pattern="$2" rc=0 before
	before=$(outside_state)
	loader --backend "dir:$core" "$elf" > "$T_TMP/stdout" 2> "$T_TMP/stderr" || rc=$?
	check "$what: exit 6 (got $rc)" [ "$rc" -eq 6 ]
	if grep -qE -- "$pattern" "$T_TMP/stderr"; then
		pass "$what: says '$pattern'"
	else
		fail "$what: says '$pattern'"
		sed 's/^/# /' "$T_TMP/stderr"
	fi
	check "$what: nothing outside PATH written" [ "$(outside_state)" = "$before" ]
}

# --- rproc-loader --------------------------------------------------------------
m=$(second_memory)

# file = s/passwd, s a link to the directory outside
fresh_outside
mkcore "$core" "$cpu"
relink_file s/passwd
ln -s "$out" "$core/s"
refused "file through a linked directory" \
	"$core/s/passwd \\(memory $m\\): cannot open beneath $core: a symbolic link on the way"
check "file through a linked directory: no loaded.ini" [ ! -e "$core/loaded.ini" ]

# the same when the memory file would be created there
fresh_outside
mkcore "$core" "$cpu"
relink_file s/new.bin
ln -s "$out" "$core/s"
refused "new file through a linked directory" \
	"$core/s/new.bin \\(memory $m\\): cannot open beneath $core: a symbolic link on the way"
check "new file through a linked directory: none made outside" [ ! -e "$out/new.bin" ]

# a link deeper down: s a real directory, t in it a link
fresh_outside
mkcore "$core" "$cpu"
relink_file s/t/passwd
mkdir "$core/s"
ln -s "$out" "$core/s/t"
refused "file through a link two levels down" \
	"$core/s/t/passwd \\(memory $m\\): cannot open beneath $core: a symbolic link"

# the memory file itself a link
fresh_outside
mkcore "$core" "$cpu"
f=$(mem_field "$FW/$cpu" "$m" file)
ln -s "$out/passwd" "$core/$f"
refused "memory file a link" "$core/$f \\(memory $m\\): cannot open beneath $core: a symbolic link"

# a real subdirectory is fine
fresh_outside
mkcore "$core" "$cpu"
relink_file sub/mem.bin
mkdir "$core/sub"
rc=0
loader --backend "dir:$core" "$elf" > "$T_TMP/stdout" 2> "$T_TMP/stderr" || rc=$?
check "file in a real subdirectory: loads (exit $rc)" [ "$rc" -eq 0 ]
check "file in a real subdirectory: made at its size" \
	[ "$(stat -c %s "$core/sub/mem.bin")" = "$(($(mem_field "$core" "$m" size)))" ]

# a loaded.ini.tmp planted as a link to the file outside: replaced, not
# written through
fresh_outside
mkcore "$core" "$cpu"
ln -s "$out/passwd" "$core/loaded.ini.tmp"
before=$(outside_state)
rc=0
loader --backend "dir:$core" "$elf" > "$T_TMP/stdout" 2> "$T_TMP/stderr" || rc=$?
check "planted loaded.ini.tmp link: loads (exit $rc)" [ "$rc" -eq 0 ]
check "planted loaded.ini.tmp link: nothing outside PATH written" [ "$(outside_state)" = "$before" ]
check "planted loaded.ini.tmp link: loaded.ini a regular file" \
	regular "$core/loaded.ini"
check "planted loaded.ini.tmp link: loaded.ini holds the answer" grep -q '^boot_addr = 0x' "$core/loaded.ini"
check "planted loaded.ini.tmp link: no loaded.ini.tmp left" absent "$core/loaded.ini.tmp"

# loaded.ini itself a link: the rename replaces the link
fresh_outside
mkcore "$core" "$cpu"
ln -s "$out/passwd" "$core/loaded.ini"
before=$(outside_state)
rc=0
loader --backend "dir:$core" "$elf" > "$T_TMP/stdout" 2> "$T_TMP/stderr" || rc=$?
check "loaded.ini a link: loads (exit $rc)" [ "$rc" -eq 0 ]
check "loaded.ini a link: nothing outside PATH written" [ "$(outside_state)" = "$before" ]
check "loaded.ini a link: replaced by a regular file" regular "$core/loaded.ini"

# memories.ini itself a link (to a good one outside): not read through it
fresh_outside
mkcore "$core" "$cpu"
mv "$core/memories.ini" "$out/memories.ini"
ln -s "$out/memories.ini" "$core/memories.ini"
refused "memories.ini a link" "$core/memories.ini: cannot open beneath $core: a symbolic link"
check "memories.ini a link: no memory file made" absent "$core/$(mem_field "$FW/$cpu" "$m" file)"

# a loaded.ini.tmp that is a directory cannot be replaced: a clear error
mkcore "$core" "$cpu"
mkdir "$core/loaded.ini.tmp"
rc=0
loader --backend "dir:$core" "$elf" > "$T_TMP/stdout" 2> "$T_TMP/stderr" || rc=$?
check "loaded.ini.tmp a directory: exit 6 (got $rc)" [ "$rc" -eq 6 ]
check "loaded.ini.tmp a directory: names the file" grep -q "$core/loaded.ini.tmp: cannot create" "$T_TMP/stderr"

# --- rproc-sim: the core writes its memories through the mapping ------------------------
if [ -n "$SIM" ] && [ -x "$SIM" ] && [ "$cpu" != armbe ] && [ "$cpu" != aarch64be ]; then
	# a private (nomap) memory is created by rproc-sim: through a link, refused
	fresh_outside
	mkcore "$core" "$cpu"
	loader --backend "dir:$core" "$elf" > /dev/null 2>&1 || fail "rproc-sim: load"
	printf '[memory priv]\nda = 0x60000000\nsize = 4K\nfile = s/priv.bin\nflags = nomap\n' >> "$core/memories.ini"
	ln -s "$out" "$core/s"
	before=$(outside_state)
	rc=0
	"$SIM" --dir "$core" --timeout 20 > "$T_TMP/stdout" 2> "$T_TMP/stderr" < /dev/null || rc=$?
	check "rproc-sim, nomap file through a linked directory: exit 125 (got $rc)" [ "$rc" -eq 125 ]
	check "rproc-sim, nomap file through a linked directory: names the file" \
		grep -q "$core/s/priv.bin (memory priv): a symbolic link on the way" "$T_TMP/stderr"
	check "rproc-sim, nomap file through a linked directory: nothing made outside" \
		[ "$(outside_state)" = "$before" ]

	# a loaded memory's file replaced by a link to the file outside
	fresh_outside
	mkcore "$core" "$cpu"
	relink_file s/passwd
	mkdir "$core/s"
	loader --backend "dir:$core" "$elf" > /dev/null 2>&1 || fail "rproc-sim: load into s/"
	mv "$core/s" "$core/s.real"
	ln -s "$out" "$core/s"
	# as big as the memory, as rproc-sim wants it
	cp "$core/s.real/passwd" "$out/passwd"
	touch -d '2001-01-01 00:00:00' "$out/passwd"
	before=$(outside_state)
	rc=0
	"$SIM" --dir "$core" --timeout 20 > "$T_TMP/stdout" 2> "$T_TMP/stderr" < /dev/null || rc=$?
	check "rproc-sim, memory file through a linked directory: exit 125 (got $rc)" [ "$rc" -eq 125 ]
	check "rproc-sim, memory file through a linked directory: names the file" \
		grep -q "$core/s/passwd (memory $m): a symbolic link on the way" "$T_TMP/stderr"
	check "rproc-sim, memory file through a linked directory: nothing outside written" \
		[ "$(outside_state)" = "$before" ]

	# loaded.ini a link to one outside: not read through it
	fresh_outside
	mkcore "$core" "$cpu"
	loader --backend "dir:$core" "$elf" > /dev/null 2>&1 || fail "rproc-sim: load for loaded.ini"
	mv "$core/loaded.ini" "$out/loaded.ini"
	ln -s "$out/loaded.ini" "$core/loaded.ini"
	rc=0
	"$SIM" --dir "$core" --timeout 20 > "$T_TMP/stdout" 2> "$T_TMP/stderr" < /dev/null || rc=$?
	check "rproc-sim, loaded.ini a link: exit 125 (got $rc)" [ "$rc" -eq 125 ]
	check "rproc-sim, loaded.ini a link: names the file" \
		grep -q "$core/loaded.ini: cannot open beneath $core: a symbolic link" "$T_TMP/stderr"
else
	skip_part "rproc-sim cases" "rproc-sim not built or no little-endian firmware"
fi

finish
