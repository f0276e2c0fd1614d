#!/bin/sh
# Build the kernel tier's initramfs (a gzip'd newc cpio) from the host's
# Debian packages and a configured, built rproc-tools tree:
#
#   /init, /usr/share/rproc-tests/   tests/kernel/guest/ (init, scenarios)
#   busybox                          static, with its applet links
#   systemd-udevd, udevadm           with every library they need (ldd)
#   rproc-loader, plugins, rules,    'make install DESTDIR=' of BUILDDIR, as a
#   config, rproc-sim                distribution installs them, with libraries
#   /lib/firmware/rproc-tools/       BUILDDIR/tests/fw (the test firmware)
#   /usr/lib/rproc-tests/bin/        BUILDDIR/tests/kernel/tools/: the guest's
#                                    test programs (tests/local.mk)
#   /etc/rproc-tests.env             where the guest finds all that
#
# The tree is merged-/usr like Debian 12 (/bin, /sbin, /lib, /lib64 are links
# into /usr). What is not built (rproc-sim without libunicorn-dev, firmware
# without the cross compilers) is left out with a message.
#
# usage: tests/kernel/mkinitramfs.sh BUILDDIR OUTPUT
# environment: MAKE (make)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
msg() { echo "mkinitramfs: $*" >&2; }
die() { msg "error: $*"; exit 1; }

[ $# -eq 2 ] || { echo "usage: $0 BUILDDIR OUTPUT" >&2; exit 2; }
builddir=$(cd "$1" && pwd) || die "no build directory $1"
out=$2
busybox=/bin/busybox
udevadm=/bin/udevadm
for f in "$busybox" "$udevadm"; do
	[ -x "$f" ] || die "$f is missing (busybox-static, udev)"
done
for t in cpio gzip ldd; do
	command -v "$t" > /dev/null || die "$t is missing"
done

stage=$(mktemp -d "${TMPDIR:-/tmp}/rproc-initramfs.XXXXXX")
trap 'rm -rf "$stage"' EXIT

# --- skeleton, merged /usr ---------------------------------------------------------
mkdir -p "$stage/usr/bin" "$stage/usr/sbin" "$stage/usr/lib" "$stage/usr/lib64" \
	"$stage/usr/local/bin" "$stage/usr/local/sbin"
for d in bin sbin lib lib64; do
	ln -s "usr/$d" "$stage/$d"
done
mkdir -p "$stage/dev" "$stage/proc" "$stage/sys" "$stage/run" "$stage/tmp" \
	"$stage/root" "$stage/var" "$stage/etc/udev/rules.d"
ln -s ../run "$stage/var/run"
ln -s ../tmp "$stage/var/tmp"
# the console, for the kernel to open before /init mounts devtmpfs
mknod -m 600 "$stage/dev/console" c 5 1 2>/dev/null ||
	msg "cannot mknod /dev/console (not root): /init reopens it after mounting devtmpfs"
# rpuser: the unprivileged user of the rpmsg scenarios, in group rpmsg (the
# group of the rpmsg devices, rules/60-rproc-rpmsg.rules; on a distribution
# systemd-sysusers makes it from sysusers.d/rproc-tools.conf)
printf 'root:x:0:0:root:/root:/bin/sh\nrpuser:x:1000:1000:rpmsg test user:/tmp:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' \
	> "$stage/etc/passwd"
printf 'root:x:0:\ntty:x:5:\ndisk:x:6:\nkmem:x:15:\ndialout:x:20:\nvideo:x:44:\naudio:x:29:\ninput:x:105:\nrender:x:106:\nrpmsg:x:107:rpuser\nrpuser:x:1000:\nnogroup:x:65534:\n' \
	> "$stage/etc/group"

# add FILE [DEST]: copy a file (symlinks resolved) to DEST (default: FILE)
add() {
	local dest="${2:-$1}"
	mkdir -p "$stage${dest%/*}"
	cp -L "$1" "$stage$dest"
}

# add_libs ELF: every shared library ELF needs, the dynamic loader included
# (inst_libpath: the install's own library directories, where ldd finds
# librproc for rprocctl; those are copied with the install, not here)
inst_libpath=
add_libs() {
	local lib
	if ! LD_LIBRARY_PATH=$inst_libpath ldd "$1" > "$stage/.ldd" 2>&1; then
		grep -q 'not a dynamic executable' "$stage/.ldd" && return 0
		cat "$stage/.ldd" >&2
		die "ldd $1 failed"
	fi
	if grep -q 'not found' "$stage/.ldd"; then
		cat "$stage/.ldd" >&2
		die "$1 needs a library this machine does not have"
	fi
	sed -n -e 's/.*=> \(\/[^ ]*\) (0x.*/\1/p' \
		-e 's/^[[:space:]]*\(\/[^ ]*\) (0x.*/\1/p' "$stage/.ldd" |
	while read -r lib; do
		case "$lib" in
		"$stage"/*) continue ;;
		esac
		[ -e "$stage$lib" ] || add "$lib"
	done
	rm -f "$stage/.ldd"
}

is_elf() {
	[ "$(head -c 4 "$1" 2>/dev/null | od -An -c | tr -d ' ')" = '177ELF' ]
}

# --- busybox ---------------------------------------------------------------------
add "$busybox" /usr/bin/busybox
add_libs "$busybox"
"$stage/usr/bin/busybox" --list-full | while read -r applet; do
	[ -e "$stage/$applet" ] || [ -L "$stage/$applet" ] || ln -s /usr/bin/busybox "$stage/$applet"
done

# util-linux's flock(1), which busybox lacks: scenario 40 holds the shlib
# plugin's lock with it (util-linux is Essential: always on the host)
add /usr/bin/flock
add_libs /usr/bin/flock

# --- systemd-udevd (a name of udevadm, which acts on its argv[0]) -------------------
add "$udevadm" /usr/bin/udevadm
add_libs "$udevadm"
mkdir -p "$stage/usr/lib/systemd" "$stage/usr/lib/udev/rules.d"
ln -s ../../bin/udevadm "$stage/usr/lib/systemd/systemd-udevd"
[ -f /etc/udev/udev.conf ] && add /etc/udev/udev.conf

# --- rproc-tools, installed as a distribution would ------------------------------------
inst=$stage/.inst
mkdir -p "$inst"
msg "make install DESTDIR=... in $builddir"
(
	unset MAKEFLAGS MFLAGS MAKELEVEL
	cd "$builddir" && ${MAKE:-make} -s install DESTDIR="$inst"
) > "$stage/.install.log" 2>&1 || {
	cat "$stage/.install.log" >&2
	die "make install in $builddir failed"
}
# programs, plugins, config, rules; no headers, man pages, .la, pkg-config
rm -rf "$inst"/*/share/man "$inst"/*/*/share/man "$inst"/*/include "$inst"/*/*/include
find "$inst" \( -name '*.la' -o -name '*.pc' \) -type f -exec rm -f {} +
inst_libpath=$(cd "$inst" && find . -name 'lib*.so*' -path '*/lib/*' ! -path '*/loaders/*' |
	sed 's|^\.\(.*\)/[^/]*$|'"$inst"'\1|' | sort -u | tr '\n' ':')
(cd "$inst" && find . \( -type f -o -type l \) -print) | while read -r f; do
	f=${f#.}
	add "$inst$f" "$f"
	if is_elf "$inst$f"; then
		add_libs "$inst$f"
	fi
done
# the guest's dynamic loader has no ld.so.cache: a library installed where
# it does not look by itself (librproc in /usr/local/lib) gets a link in /usr/lib
(cd "$inst" && find . -name 'lib*.so.*' -path '*/lib/*' ! -path '*/loaders/*') | while read -r f; do
	f=${f#.}
	case "${f%/*}" in
	/usr/lib | /lib | /usr/lib/x86_64-linux-gnu | /lib/x86_64-linux-gnu) ;;
	*) [ -e "$stage/usr/lib/${f##*/}" ] || ln -s "$f" "$stage/usr/lib/${f##*/}" ;;
	esac
done
rm -rf "$inst" "$stage/.install.log"

env=$stage/etc/rproc-tests.env
: > "$env"
# find NAME: the installed file called NAME, as the guest sees it
find_inst() {
	(cd "$stage" && find . -path ./proc -prune -o -name "$1" -type f -print) | head -n 1 | sed 's/^\.//'
}
loader=$(find_inst rproc-loader)
sim=$(find_inst rproc-sim)
rules=$(find_inst 60-rproc-loader.rules)
rpmsg_rules=$(find_inst 60-rproc-rpmsg.rules)
[ -n "$loader" ] || msg "rproc-loader was not built: left out"
[ -n "$sim" ] || msg "rproc-sim was not built (libunicorn-dev missing at configure time?): left out"
if [ -z "$rules" ]; then
	msg "the udev rule was not installed: left out"
else
	case "$rules" in
	/usr/lib/udev/rules.d/* | /usr/local/lib/udev/rules.d/* | /etc/udev/rules.d/*) ;;
	*)
		# a prefix of its own (make distcheck): where udevd looks too
		msg "rules installed in ${rules%/*}, copied to /etc/udev/rules.d"
		cp "$stage$rules" "$stage/etc/udev/rules.d/"
		rules=/etc/udev/rules.d/${rules##*/}
		if [ -n "$rpmsg_rules" ]; then
			cp "$stage$rpmsg_rules" "$stage/etc/udev/rules.d/"
			rpmsg_rules=/etc/udev/rules.d/${rpmsg_rules##*/}
		fi
		;;
	esac
fi
[ -n "$rpmsg_rules" ] || msg "the rpmsg udev rules were not installed: left out"
# /lib is /usr/lib here: name it as udevd and the guest see it
rules=$(echo "$rules" | sed 's|^/lib/|/usr/lib/|')
rpmsg_rules=$(echo "$rpmsg_rules" | sed 's|^/lib/|/usr/lib/|')
{
	echo "RPROC_LOADER=$loader"
	echo "RPROC_SIM=$sim"
	echo "RPROC_RULES=$rules"
	echo "RPROC_RPMSG_RULES=$rpmsg_rules"
	echo "RPROC_FW=/lib/firmware/rproc-tools"
	echo "export RPROC_LOADER RPROC_SIM RPROC_RULES RPROC_RPMSG_RULES RPROC_FW"
	# rprocctl under a prefix of its own (make distcheck): on the PATH too
	ctl=$(find_inst rprocctl)
	[ -z "$ctl" ] || echo "PATH=\$PATH:${ctl%/*}; export PATH"
} > "$env"

# --- test firmware: the images and their memories.ini, not the objects -------------
fwdir=$stage/usr/lib/firmware/rproc-tools
mkdir -p "$fwdir"
if [ -d "$builddir/tests/fw" ]; then
	# the images, not the objects, but for arm/reloc.o: a firmware that is
	# an object (ET_REL), for the reloc plugin (scenario 40-plugins), and
	# arm/overlay-delta.o, an overlay the overlay plugin links (41-overlay)
	(cd "$builddir/tests/fw" && find . -type f \( ! -name '*.o' -o -path ./arm/reloc.o \
		-o -path ./arm/overlay-delta.o \) \
		! -name '*.d' ! -name '.stamp') |
	while read -r f; do
		mkdir -p "$fwdir/${f%/*}"
		cp "$builddir/tests/fw/$f" "$fwdir/$f"
	done
else
	msg "no test firmware in $builddir/tests/fw (make tests/fw/.stamp): left out"
fi

# --- the guest's test programs (KERNEL_GUEST_TOOLS of tests/local.mk) ---------------
bindir=/usr/lib/rproc-tests/bin
mkdir -p "$stage$bindir"
if [ -d "$builddir/tests/kernel/tools" ]; then
	for f in "$builddir"/tests/kernel/tools/*; do
		[ -f "$f" ] && [ -x "$f" ] && is_elf "$f" || continue
		add "$f" "$bindir/${f##*/}"
		add_libs "$f"
	done
fi
echo "RPROC_GUEST_BIN=$bindir; export RPROC_GUEST_BIN" >> "$env"

# --- the guest scripts -----------------------------------------------------------
mkdir -p "$stage/usr/share/rproc-tests"
cp -R "$here"/guest/. "$stage/usr/share/rproc-tests/"
cp "$here/guest/init" "$stage/init"
chmod 755 "$stage/init"

# --- pack -----------------------------------------------------------------------
(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort |
	cpio -o -H newc -R 0:0 --quiet) | gzip -6 > "$out.tmp"
mv "$out.tmp" "$out"
msg "$out: $(du -h "$out" | cut -f1) ($(du -sh "$stage" | cut -f1) unpacked)"
