# Last: kmemleak finds nothing the scenarios leaked. /init cleared what boot
# left; an object is reported once it is 5 s old and unreferenced, so wait
# that long, then scan twice (a second scan drops transient suspects).
# timeout: 120
. "$RPROC_GUEST/lib.sh"

k=/sys/kernel/debug/kmemleak
[ -e "$k" ] || skip "no $k (CONFIG_DEBUG_KMEMLEAK, debugfs)"
sleep 6
echo scan > "$k" || fail "kmemleak scan failed (kmemleak disabled at boot?)"
echo scan > "$k"
cat "$k" > "$S_TMP/leaks"
n=$(grep -c '^unreferenced object' "$S_TMP/leaks")
if [ "$n" -gt 0 ]; then
	cat "$S_TMP/leaks"
	fail "kmemleak: $n unreferenced object(s)"
fi
pass "kmemleak: no leak"
