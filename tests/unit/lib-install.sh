#!/bin/sh
# librproc as a user of the installed library sees it: installed into a
# DESTDIR (library, header, librproc.pc) as distcheck and a distribution
# install it, an example of the man pages built with
#   cc rproc-list.c $(pkg-config --cflags --libs librproc)
# against that install only (not the build tree), run on a fake sysfs;
# and a dlopen() smoke test of the installed librproc.so.1: its functions
# found at version LIBRPROC_1, an internal one not found.
. "$abs_top_srcdir/tests/lib.sh"

command -v pkg-config > /dev/null || skip "no pkg-config"
dest=$T_TMP/dest
(
	unset MAKEFLAGS MFLAGS MAKELEVEL
	cd "$abs_top_builddir" &&
		${MAKE:-make} -s install-libLTLIBRARIES install-rprocincludeHEADERS \
			install-pkgconfigDATA DESTDIR="$dest"
) > "$T_TMP/install.log" 2>&1
rc=$?
[ "$rc" -eq 0 ] || cat "$T_TMP/install.log"
check "make install DESTDIR= of the library, header and .pc (exit $rc)" [ "$rc" -eq 0 ]
pc=$(find "$dest" -name librproc.pc | head -n 1)
check "librproc.pc installed ($pc)" [ -n "$pc" ]
hdr=$(find "$dest" -path '*/include/rproc/rproc.h' | head -n 1)
check "rproc/rproc.h installed ($hdr)" [ -n "$hdr" ]
so=$(find "$dest" -name librproc.so.1 | head -n 1)
check "librproc.so.1 installed ($so)" [ -n "$so" ]
[ -n "$pc" ] && [ -n "$so" ] || finish

# pkg-config reads the installed .pc; the sysroot puts DESTDIR before its paths
export PKG_CONFIG_PATH="${pc%/*}" PKG_CONFIG_SYSROOT_DIR="$dest" PKG_CONFIG_LIBDIR="${pc%/*}"
flags=$(pkg-config --cflags --libs librproc)
check "pkg-config --cflags --libs librproc: $flags" [ -n "$flags" ]
check "pkg-config --modversion is the package's" \
	[ "$(pkg-config --modversion librproc)" = "$(sed -n 's/^Version: //p' "$pc")" ]
# shellcheck disable=SC2086
${CC:-cc} -Wall -Werror -o "$T_TMP/rproc-list" "$abs_top_srcdir/src/lib/examples/rproc-list.c" \
	$flags > "$T_TMP/cc.log" 2>&1
rc=$?
[ "$rc" -eq 0 ] || cat "$T_TMP/cc.log"
check "the rproc-list example builds against the DESTDIR install (exit $rc)" [ "$rc" -eq 0 ]
if [ "$rc" -eq 0 ]; then
	libdir=${so%/*}
	check "it links the installed library" \
		sh -c "LD_LIBRARY_PATH='$libdir' ldd '$T_TMP/rproc-list' | grep -q '$libdir/librproc.so.1'"
	mkdir -p "$T_TMP/sys/class/remoteproc/remoteproc0/services"
	echo m4 > "$T_TMP/sys/class/remoteproc/remoteproc0/name"
	echo running > "$T_TMP/sys/class/remoteproc/remoteproc0/state"
	echo fw.elf > "$T_TMP/sys/class/remoteproc/remoteproc0/firmware"
	out=$(LD_LIBRARY_PATH="$libdir" RPROC_SYSFS_ROOT="$T_TMP/sys" "$T_TMP/rproc-list")
	check "and runs on a fake sysfs: '$out'" [ "$out" = "m4 (remoteproc0): running, fw.elf" ]
fi

cat > "$T_TMP/dl.c" << 'EOF_C'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>

int main(int argc, char **argv)
{
	void *h = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
	int (*ctx_new)(const char *, const char *, void **);
	void *(*ctx_unref)(void *);
	void *ctx = NULL;

	if (!h) {
		printf("dlopen: %s\n", dlerror());
		return 1;
	}
	ctx_new = (int (*)(const char *, const char *, void **))dlvsym(h, "rproc_ctx_new", "LIBRPROC_1");
	ctx_unref = (void *(*)(void *))dlvsym(h, "rproc_ctx_unref", "LIBRPROC_1");
	if (!ctx_new || !ctx_unref) {
		printf("no rproc_ctx_new/unref at LIBRPROC_1\n");
		return 1;
	}
	if (dlsym(h, "frag_reasm_feed") || dlsym(h, "sysfs_read_line")) {
		printf("an internal symbol is exported\n");
		return 1;
	}
	if (ctx_new("/sys", "/dev", &ctx) != 0 || !ctx) {
		printf("rproc_ctx_new failed\n");
		return 1;
	}
	ctx_unref(ctx);
	dlclose(h);
	printf("ok\n");
	return 0;
}
EOF_C
${CC:-cc} -o "$T_TMP/dl" "$T_TMP/dl.c" -ldl > "$T_TMP/cc.log" 2>&1 || cat "$T_TMP/cc.log"
out=$("$T_TMP/dl" "$so" 2>&1)
check "dlopen of the installed librproc.so.1: versioned symbols, no internal ones ($out)" [ "$out" = ok ]
finish
