#!/bin/sh
# Build the kernel of the kernel test tier: Debian's linux-source-6.1 with the
# patches of kernel/patches/series applied in order, configured by
# 'make tinyconfig' + kernel/config/rproc-tools.config + 'make olddefconfig'.
#
# The result is cached, keyed by a hash of everything under kernel/ (but
# README), the linux-source-6.1 package version, the compiler and this script:
# a repeat run with the same key prints the cached bzImage at once; another
# key builds in a fresh tree of its own. The 3 most recently used builds are
# kept. Progress goes to stderr; the last line on stdout is bzImage's path.
#
# usage: kernel/build.sh [--force] [--key]
#   --force   rebuild even when the key is cached
#   --key     print the cache key and exit
# environment:
#   RPROC_KERNEL_CACHE      cache directory (/var/cache/rproc-tools/kernel,
#                           or ~/.cache/rproc-tools/kernel when not writable)
#   RPROC_KERNEL_JOBS       make -j (nproc)
#   RPROC_KERNEL_KEEP_TREE  1: keep the patched, built source tree in the cache
#                           entry (linux/), for decode_stacktrace.sh and gdb
#   RPROC_KERNEL_VERBOSE    1: the kernel build's output on stderr too
set -eu

top=$(cd "$(dirname "$0")" && pwd)
pkg=linux-source-6.1
tarball=/usr/src/$pkg.tar.xz
keep=3
jobs=${RPROC_KERNEL_JOBS:-$(nproc)}
force=0

t_start=$(date +%s)
log() { echo "kernel/build.sh: [$(($(date +%s) - t_start))s] $*" >&2; }
die() { log "error: $*"; exit 1; }

for arg; do
	case "$arg" in
	--force) force=1 ;;
	--key) ;;
	*) echo "usage: $0 [--force] [--key]" >&2; exit 2 ;;
	esac
done

# --- the key -------------------------------------------------------------------
# A snapshot of kernel/ is what gets hashed and built, so an edit made while
# the build runs cannot end up under the wrong key.
snap=$(mktemp -d "${TMPDIR:-/tmp}/rproc-kernel-src.XXXXXX")
trap 'rm -rf "$snap"' EXIT
trap 'exit 1' HUP INT TERM
cp -R "$top" "$snap/kernel"
chmod -R u+w "$snap"	# a read-only source tree (make distcheck) stays removable
here=$snap/kernel
fragment=$here/config/rproc-tools.config
series=$here/patches/series
pkgver=$(dpkg-query -W -f='${Version}' "$pkg" 2>/dev/null) || pkgver=
[ -n "$pkgver" ] && [ -f "$tarball" ] ||
	die "$pkg is not installed (apt-get install $pkg; see scripts/install-deps)"

key_inputs() {
	echo "$pkg $pkgver"
	echo "cc $(${CC:-gcc} --version 2>/dev/null | head -n 1)"
	# every file under kernel/ but documentation, editor and patch leftovers
	(cd "$here" && find . -type f ! -name README ! -name '*~' ! -name '.*' \
		! -name '*.orig' ! -name '*.rej' -print | LC_ALL=C sort) |
	while IFS= read -r f; do
		printf '%s %s\n' "$(sha256sum < "$here/$f" | cut -d' ' -f1)" "$f"
	done
}
inputs=$(key_inputs)
key=$(printf '%s\n' "$inputs" | sha256sum | cut -c1-16)
for arg; do
	[ "$arg" = --key ] && { echo "$key"; exit 0; }
done

# --- the cache -------------------------------------------------------------------
if [ -n "${RPROC_KERNEL_CACHE:-}" ]; then
	cache=$RPROC_KERNEL_CACHE
else
	cache=/var/cache/rproc-tools/kernel
	if ! mkdir -p "$cache" 2>/dev/null || [ ! -w "$cache" ]; then
		cache=${XDG_CACHE_HOME:-$HOME/.cache}/rproc-tools/kernel
	fi
fi
mkdir -p "$cache" || die "cannot create the cache directory $cache"
cache=$(cd "$cache" && pwd)
entry=$cache/$key

if [ "$force" = 0 ] && [ -f "$entry/bzImage" ]; then
	touch "$entry"
	log "cached: $entry (key $key)"
	echo "$entry/bzImage"
	exit 0
fi

# One build at a time per cache: a second caller waits, then finds the result.
exec 9> "$cache/.lock"
if ! flock -n 9; then
	log "another kernel build (or its clean-up) holds $cache/.lock; waiting"
	flock 9
fi
if [ "$force" = 0 ] && [ -f "$entry/bzImage" ]; then
	touch "$entry"
	log "cached: $entry (key $key, built meanwhile)"
	echo "$entry/bzImage"
	exit 0
fi

# Under the lock, an unfinished build is an interrupted or failed one: it
# goes in the background, with what a previous run left to remove.
for d in "$cache"/.build-*; do
	if [ -d "$d" ]; then
		mv "$d" "$cache/.trash-stale-${d##*/.build-}"
	fi
done
if ls -d "$cache"/.trash-* > /dev/null 2>&1; then
	rm -rf "$cache"/.trash-* < /dev/null > /dev/null 2>&1 &
fi
work=$cache/.build-$key
mkdir -p "$work"
printf '%s\n' "$inputs" > "$work/key-inputs"
buildlog=$work/build.log
: > "$buildlog"

# run STEP COMMAND...: a step of the build, its output in build.log (and on
# stderr with RPROC_KERNEL_VERBOSE=1); a failure shows the log's tail
run() {
	local step="$1"
	shift
	log "$step"
	echo "=== $step: $*" >> "$buildlog"
	if [ "${RPROC_KERNEL_VERBOSE:-0}" = 1 ]; then
		{ "$@" 2>&1; echo "=== status $?"; } | tee -a "$buildlog" >&2
		tail -n 1 "$buildlog" | grep -qx '=== status 0' && return 0
	else
		"$@" >> "$buildlog" 2>&1 && return 0
		tail -n 60 "$buildlog" >&2
	fi
	die "$step failed (whole log: $buildlog)"
}

log "building key $key in $work ($pkg $pkgver, make -j$jobs)"
run "unpacking $tarball" tar -xJf "$tarball" -C "$work"
mv "$work/$pkg" "$work/linux" || die "$tarball has no top directory $pkg/"
src=$work/linux

# --- patches, in series order -------------------------------------------------------
# Quilt's series format: one patch per line, optionally followed by -pN;
# '#' starts a comment. --fuzz=0: a patch that applies only with fuzz would
# not 'git am' either (kernel/README).
if [ -s "$series" ]; then
	n=0
	sed -e 's/#.*//' "$series" > "$work/series"
	while read -r p strip rest; do
		[ -n "$p" ] || continue
		[ -f "$here/patches/$p" ] ||
			die "kernel/patches/series names $p, which is not in kernel/patches/"
		log "applying $p"
		if ! patch -d "$src" ${strip:--p1} --forward --batch --fuzz=0 \
			< "$here/patches/$p" > "$work/patch.out" 2>&1; then
			cat "$work/patch.out" >&2
			die "patch $p (kernel/patches/$p) does not apply cleanly to $pkg $pkgver"
		fi
		cat "$work/patch.out" >> "$buildlog"
		n=$((n + 1))
	done < "$work/series"
	log "$n patches applied"
else
	log "no patches (kernel/patches/series is missing or empty)"
fi

# Both sides build from the same uAPI header: one the patches add must be
# the same file as kernel/include/uapi's.
if [ -d "$here/include/uapi" ]; then
	(cd "$here/include/uapi" && find . -type f -name '*.h') | while read -r h; do
		h=${h#./}
		if [ ! -f "$src/include/uapi/$h" ]; then
			log "note: kernel/include/uapi/$h is not in the patched tree (yet)"
		elif ! cmp -s "$here/include/uapi/$h" "$src/include/uapi/$h"; then
			diff -u "$here/include/uapi/$h" "$src/include/uapi/$h" >&2 || :
			die "kernel/include/uapi/$h differs from include/uapi/$h the patches add"
		fi
	done
fi

# --- config ----------------------------------------------------------------------
run "make tinyconfig" make -C "$src" tinyconfig
run "merge_config.sh kernel/config/rproc-tools.config" \
	sh -c 'cd "$1" && scripts/kconfig/merge_config.sh -m .config "$2"' sh "$src" "$fragment"
run "make olddefconfig" make -C "$src" olddefconfig

# Every option of the fragment must be in the final .config. One Kconfig does
# not define (a driver not written yet) is a warning; one that is defined but
# got dropped (a dependency missing) fails the build.
kconfig_defines() {
	find "$src" -name 'Kconfig*' -type f -exec grep -qE "^[[:space:]]*(menu)?config[[:space:]]+$1[[:space:]]*\$" {} + 2>/dev/null
}
bad=
sed -n -e 's/^\(CONFIG_[A-Za-z0-9_]*\)=\(.*\)$/\1 = \2/p' \
	-e 's/^# \(CONFIG_[A-Za-z0-9_]*\) is not set$/\1 n/p' "$fragment" > "$work/wanted"
while read -r sym op val; do
	if [ "$op" = n ]; then
		grep -q "^$sym=" "$src/.config" || continue
		got=$(grep "^$sym=" "$src/.config")
	else
		grep -qxF "$sym=$val" "$src/.config" && continue
		got=$(grep -E "^$sym=|^# $sym is not set" "$src/.config" || echo "$sym absent")
	fi
	if kconfig_defines "${sym#CONFIG_}"; then
		[ "$op" = n ] && want="$sym off" || want="$sym=$val"
		log "error: the fragment wants $want, .config has: $got"
		bad="$bad $sym"
	else
		log "warning: $sym: no such symbol in this tree (yet); ignored"
	fi
done < "$work/wanted"
[ -z "$bad" ] || die "options of kernel/config/rproc-tools.config not in .config:$bad"
log "config: every option of the fragment is in .config"

# --- build ------------------------------------------------------------------------
run "make -j$jobs bzImage (log: $buildlog)" make -C "$src" -j"$jobs" bzImage

cp "$src/arch/x86/boot/bzImage" "$src/.config" "$src/System.map" "$src/vmlinux" "$work/"
[ -s "$work/series" ] && cp "$series" "$work/series" || :
rm -f "$work/patch.out" "$work/wanted"
if [ "${RPROC_KERNEL_KEEP_TREE:-0}" != 1 ]; then
	mv "$src" "$cache/.trash-tree-$key"
fi
[ ! -d "$entry" ] || mv "$entry" "$cache/.trash-old-$key"
mv "$work" "$entry"
log "built: $entry"

# keep the $keep most recently used builds
ls -1dt "$cache"/* 2>/dev/null | while read -r d; do
	case "${d##*/}" in
	[0-9a-f][0-9a-f][0-9a-f][0-9a-f]*) echo "$d" ;;
	esac
done | tail -n +$((keep + 1)) | while read -r d; do
	log "pruning old build $d"
	mv "$d" "$cache/.trash-pruned-${d##*/}"
done

# What goes (the source tree, pruned builds) is removed in the background:
# a minute or more under load. The lock (fd 9) stays held until it is gone,
# so a next build waits for it.
if ls -d "$cache"/.trash-* > /dev/null 2>&1; then
	rm -rf "$cache"/.trash-* < /dev/null > /dev/null 2>&1 &
fi
echo "$entry/bzImage"
