# The project's programs work inside the guest, as installed: rproc-loader
# with its plugins loads the kit's hello firmware into a directory-backend
# core, and rproc-sim runs it (it prints "hello" and exits 0). This proves
# the initramfs holds every library they need (rproc-sim's libunicorn, the
# plugins' libelf, ...).
# timeout: 120
. "$RPROC_GUEST/lib.sh"

[ -n "${RPROC_LOADER:-}" ] || skip "rproc-loader was not built (not in the initramfs)"
fw=$RPROC_FW/arm/hello.elf
[ -f "$fw" ] || skip "no test firmware $fw (arm-none-eabi-gcc missing on the host?)"

core=$S_TMP/core
mkdir -p "$core"
cp "$RPROC_FW/arm/memories.ini" "$core/"
"$RPROC_LOADER" --backend "dir:$core" "$fw" || fail "rproc-loader --backend dir:... $fw failed ($?)"
echo "rproc-loader loaded $fw"

[ -n "${RPROC_SIM:-}" ] || pass "rproc-loader works; rproc-sim was not built"
rc=0
"$RPROC_SIM" --dir "$core" --timeout 60 > "$S_TMP/out" 2> "$S_TMP/err" || rc=$?
cat "$S_TMP/out" "$S_TMP/err"
[ "$rc" = 0 ] || fail "rproc-sim --dir: exit $rc"
grep -q hello "$S_TMP/out" || fail "rproc-sim: the firmware did not print hello"
pass "rproc-loader loaded arm/hello.elf, rproc-sim ran it: hello, exit 0"
