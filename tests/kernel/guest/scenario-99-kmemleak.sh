# Last: kmemleak finds nothing the scenarios leaked. /init cleared what boot
# left; an object is reported once it is 5 s old and unreferenced, so wait
# that long, then scan twice (a second scan drops transient suspects).
# timeout: 120
. "$RPROC_GUEST/lib.sh"

k=/sys/kernel/debug/kmemleak
[ -e "$k" ] || skip "no $k (CONFIG_DEBUG_KMEMLEAK, debugfs)"
kmemleak_quiet ""
pass "kmemleak: no leak"
