#!/bin/sh
# Kernel tier: every patch of kernel/patches/series is checkpatch-clean, by
# the checkpatch.pl of the linux-source-6.1 the series applies to (--strict,
# --no-tree: the patch files alone). Errors, warnings and checks fail, but
# one: "added, moved or deleted file(s), does MAINTAINERS need updating?"
# (FILE_PATH_CHANGES), which checkpatch prints for a patch that adds a file
# without touching MAINTAINERS, and which is allowed only when every new
# file of the patch is under drivers/remoteproc/: the REMOTE PROCESSOR entry
# covers that directory (the patches adding the uAPI headers and the
# rproc_sim driver add their MAINTAINERS lines).
. "$abs_top_srcdir/tests/lib.sh"

tarball=/usr/src/linux-source-6.1.tar.xz
[ -f "$tarball" ] || skip "no $tarball (apt-get install linux-source-6.1; scripts/install-deps)"
command -v perl > /dev/null || skip "no perl"
patches=$abs_top_srcdir/kernel/patches

# checkpatch.pl and the two data files it reads next to itself
tar -xJf "$tarball" -C "$T_TMP" --wildcards \
	'*/scripts/checkpatch.pl' '*/scripts/spelling.txt' '*/scripts/const_structs.checkpatch' ||
	{ fail "cannot extract checkpatch.pl from $tarball"; finish; }
cp=$(find "$T_TMP" -path '*/scripts/checkpatch.pl' | head -n 1)
[ -n "$cp" ] || { fail "no scripts/checkpatch.pl in $tarball"; finish; }

n=0
for p in $(sed -e 's/#.*//' -e 's/[[:space:]].*//' -e '/^$/d' "$patches/series"); do
	n=$((n + 1))
	perl "$cp" --no-tree --strict --quiet --show-types "$patches/$p" > "$T_TMP/out" 2>&1
	# what is left once the MAINTAINERS reminder is gone
	grep -E '^(ERROR|WARNING|CHECK):' "$T_TMP/out" | grep -v ':FILE_PATH_CHANGES:' > "$T_TMP/left"
	if grep -q FILE_PATH_CHANGES "$T_TMP/out" &&
		grep -B4 '^new file mode' "$patches/$p" | sed -n 's|^diff --git a/\([^ ]*\) .*|\1|p' |
		grep -v '^drivers/remoteproc/' > "$T_TMP/uncovered"; then
		echo "new files outside drivers/remoteproc/ and no MAINTAINERS change:" >> "$T_TMP/left"
		cat "$T_TMP/uncovered" >> "$T_TMP/left"
	fi
	if [ -s "$T_TMP/left" ]; then
		fail "$p: $(wc -l < "$T_TMP/left") checkpatch complaint(s)"
		cat "$T_TMP/out"
	else
		pass "$p: checkpatch --strict clean$(grep -q FILE_PATH_CHANGES "$T_TMP/out" && echo ' (new files: the MAINTAINERS reminder only)')"
	fi
done
check "the series lists patches ($n)" [ "$n" -ge 6 ]
finish
