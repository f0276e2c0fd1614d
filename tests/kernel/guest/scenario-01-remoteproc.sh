# The remoteproc devices this kernel has (the rproc_sim driver registers
# them): each with its state, firmware and character device. SKIP while
# there is none.
# timeout: 30
. "$RPROC_GUEST/lib.sh"

[ -d /sys/class/remoteproc ] || skip "no /sys/class/remoteproc: kernel built without CONFIG_REMOTEPROC"
n=0
list=
for d in /sys/class/remoteproc/remoteproc*; do
	[ -e "$d" ] || continue
	r=${d##*/}
	name=$(cat "$d/name" 2>/dev/null || echo '?')
	state=$(cat "$d/state" 2>/dev/null || echo '?')
	fw=$(cat "$d/firmware" 2>/dev/null || echo '?')
	dev=none
	[ -c "/dev/$r" ] && dev=/dev/$r
	echo "$r: name=$name state=$state firmware=$fw cdev=$dev"
	n=$((n + 1))
	list="$list $r($name,$state)"
done
[ "$n" -gt 0 ] || skip "no remoteproc device yet (/sys/class/remoteproc is empty: is the rproc_sim driver in kernel/patches/series and CONFIG_RPROC_SIM=y?)"
pass "$n remoteproc device(s):$list"
