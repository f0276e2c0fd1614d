#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Build the rproc_sim development initramfs:
#   mkinitramfs-dev.sh KERNEL_BUILD_DIR OUT.cpio.gz [HELLO_ELF]
# It holds busybox, init.sh as /init, rproc-sim-test, hello.elf and
# rpmsg-fw.elf in /lib/firmware, and rproc_sim.ko when the driver is a module.
# Then: qemu-system-x86_64 -M q35 -m 512 -nographic -no-reboot \
#	-kernel KERNEL_BUILD_DIR/arch/x86/boot/bzImage -initrd OUT.cpio.gz \
#	-append 'console=ttyS0 panic=-1'
set -eu
here=$(cd "$(dirname "$0")" && pwd)
kdir=$1
out=$2
hello=${3:-$here/../../../build/tests/fw/arm/hello.elf}
top=$(cd "$here/../../.." && pwd)

[ -f "$hello" ] || {
	echo "$hello missing: make -f $top/tests/firmware/Makefile.fw SRCDIR=$top/tests/firmware" \
		"OUT=/tmp/kfw ARM_CC=arm-none-eabi-gcc CPUS=arm" >&2
	exit 1
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/root
mkdir -p "$root/bin" "$root/lib/firmware" "$root/lib/modules" "$root/etc" \
	"$root/proc" "$root/sys" "$root/dev" "$root/tmp"
cp /bin/busybox "$root/bin/busybox"
ln -s busybox "$root/bin/sh"
cp "$here/init.sh" "$root/init"
gcc -static -O2 -Wall -I "$top/kernel/include/uapi" -o "$root/bin/rproc-sim-test" \
	"$here/rproc-sim-test.c"
arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -nostdlib -static -Wl,--build-id=none \
	-T "$here/rpmsg-fw.ld" -o "$root/lib/firmware/rpmsg-fw.elf" "$here/rpmsg-fw.S"
cp "$hello" "$root/lib/firmware/hello.elf"
arm-none-eabi-objcopy -O binary -j .text -j .rodata "$hello" "$root/etc/hello-flash.bin"
arm-none-eabi-nm "$hello" | awk '$3 == "trace_buf" { print "0x" $1 }' > "$root/etc/hello-trace-da"
ko=$kdir/drivers/remoteproc/rproc_sim.ko
[ ! -f "$ko" ] || cp "$ko" "$root/lib/modules/"
(cd "$root" && find . | cpio -o -H newc --quiet) | gzip -9 > "$out"
