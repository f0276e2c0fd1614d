#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Build the user-mode loading development initramfs:
#   mkinitramfs-uload.sh FWDIR OUT.cpio.gz
# It holds busybox, uload-init.sh as /init, rproc-uload-test (static, built
# against kernel/include/uapi), rproc-sim-test when its source is here, and
# FWDIR's hello.elf and hello-interp.elf in /lib/firmware. Then:
#   qemu-system-x86_64 -M q35 -accel tcg -m 512 -nographic -no-reboot \
#	-kernel bzImage -initrd OUT.cpio.gz -append 'console=ttyS0 panic=-1 quiet'
# The guest prints PASS/FAIL lines and "RESULT: PASS" or "RESULT: FAIL (n)".
set -eu
here=$(cd "$(dirname "$0")" && pwd)
fw=$1
out=$2
uapi=$here/../../../kernel/include/uapi
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/bin" "$root/lib/firmware" "$root/proc" "$root/sys" "$root/dev" \
	"$root/tmp" "$root/etc"
cp /bin/busybox "$root/bin/busybox"
ln -s busybox "$root/bin/sh"
${CC:-gcc} -static -O2 -Wall -Wextra -I"$uapi" -o "$root/bin/rproc-uload-test" \
	"$here/rproc-uload-test.c"
if [ -f "$here/rproc-sim-test.c" ]; then
	${CC:-gcc} -static -O2 -Wall -I"$uapi" -o "$root/bin/rproc-sim-test" \
		"$here/rproc-sim-test.c"
fi
cp "$here/uload-init.sh" "$root/init"
chmod +x "$root/init"
cp "$fw/hello.elf" "$fw/hello-interp.elf" "$root/lib/firmware/"
${NM:-arm-none-eabi-nm} "$fw/hello-interp.elf" |
	awk '$3 == "trace_buf" { print "0x" $1 }' > "$root/etc/hello-interp-trace-da"
(cd "$root" && find . | cpio -o -H newc --quiet) | gzip -9 > "$out"
