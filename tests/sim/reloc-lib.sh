# Shared by the reloc plugin's sim tests (reloc.sh, reloc-cpus.sh,
# reloc-so.sh): GNU ld as the oracle of what the plugin writes. Sourced
# after tests/lib.sh; BU (the binutils prefix of the CPU at hand) is set by
# the caller.

# hex(S) for the awk programs below: S, hexadecimal without 0x and maybe
# negative (readelf's addends), as a number, exact below 2^53
AWK_HEX='
	function hex(s,   v, i, neg) {
		neg = sub(/^-/, "", s); v = 0
		for (i = 1; i <= length(s); i++)
			v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
		return neg ? -v : v
	}'

# conf [KEY = VALUE]...: the test's config: the reloc plugin for every firmware
conf() {
	{
		echo "[firmware *]"
		echo "loader = reloc"
		for kv in "$@"; do echo "$kv"; done
	} > "$T_TMP/conf/loader.conf"
}

# count TYPE ELF: relocations of TYPE in ELF, debugging sections aside
count() {
	local rel="$T_TMP/$(echo "$2" | tr / _).rel"
	[ -f "$rel" ] || "${BU}readelf" -rW "$2" > "$rel"
	awk -v t="$1" '
		/^Relocation section/ { dbg = ($3 ~ /debug/) }
		!dbg && $3 == t { n++ }
		END { print n + 0 }' "$rel"
}

# same_memories A B: every memory file of core A equals B's
same_memories() {
	local m f ok=0
	for m in $(mem_names "$1"); do
		f=$(mem_field "$1" "$m" file)
		cmp "$1/$f" "$2/$f" || ok=1
	done
	return $ok
}

# dyn_places LINKED: "OFFSET VALUE" (hex, decimal) of the places of LINKED's
# dynamic relocations whose final value GNU ld leaves to a dynamic linker:
# what the plugin must write there, from ld's link at the placement. With
# RELA (RISC-V, AArch64) a RELATIVE place gets its addend (ld writes it on
# AArch64, leaves 0 on RISC-V) and a symbol's (GLOB_DAT, JUMP_SLOT, 32, 64)
# the value of the symbol plus the addend; ld writes neither into a GOT
# slot. With REL (ARM) ld writes a RELATIVE place's value (not listed: its
# bytes must be ld's), and a GLOB_DAT or JUMP_SLOT slot gets the symbol's
# value (with the Thumb bit) whatever the place held.
dyn_places() {
	"${BU}readelf" -rW "$1" | awk "$AWK_HEX"'
		/^Relocation section/ { rela = /\.rela/; next }
		$3 !~ /^R_/ { next }
		$3 ~ /_RELATIVE$/ { if (rela) printf "%s %.0f\n", $1, hex($4); next }
		# ABS32/ABS64 with RELA only: REL keeps the addend in the place
		$3 ~ /_(GLOB_DAT|JUMP_SLOT|32|64)$/ || (rela && $3 ~ /_ABS(32|64)$/) {
			if (NF >= 5)
				printf "%s %.0f\n", $1, hex($4) + (rela ? ($6 == "-" ? -1 : 1) * hex($7) : 0)
		}'
}

# dyn_values LINKED WORD: every place dyn_places lists holds its value (mod
# 2^(8 WORD), little-endian) in core r's memory; prints the bad ones, sets
# dynbad and nchecked. The places are left in $T_TMP/places.
dyn_values() {
	local m mda msize f
	dynbad=0
	dyn_places "$1" > "$T_TMP/places"
	for m in $(mem_names "$T_TMP/r"); do
		mda=$(($(mem_field "$T_TMP/r" "$m" da)))
		msize=$(($(mem_field "$T_TMP/r" "$m" size)))
		f=$(mem_field "$T_TMP/r" "$m" file)
		od -An -v -tx1 -w1 "$T_TMP/r/$f" |
		awk -v mda="$mda" -v msize="$msize" -v word="$2" -v places="$T_TMP/places" "$AWK_HEX"'
			BEGIN {
				while ((getline l < places) > 0) {
					split(l, f, " ")
					off = hex(f[1])
					if (off >= mda && off < mda + msize) want[off - mda] = f[2]
				}
			}
			{ b[NR - 1] = hex($1) }
			END {
				m = 2 ^ (8 * word)
				for (o in want) {
					v = 0
					for (i = word - 1; i >= 0; i--)
						v = v * 256 + b[o + i]
					w = want[o] % m
					if (w < 0) w += m
					if (v != w) { printf "# place 0x%x holds %.0f, ld says %.0f\n", mda + o, v, w; bad = 1 }
					n++
				}
				print n + 0 > checked
				exit bad
			}' checked="$T_TMP/checked.$m" || dynbad=1
	done
	# every place was in a memory and checked
	nchecked=$(cat "$T_TMP"/checked.* | awk '{ n += $1 } END { print n + 0 }')
	rm -f "$T_TMP"/checked.*
	[ "$nchecked" = "$(wc -l < "$T_TMP/places")" ] || dynbad=1
}

# same_sections LINKED WORD: the loaded sections of LINKED (ld's link at the
# plugin's placement) have the same bytes in the memories of core r (the
# plugin's) and core o (LINKED loaded as it is) but inside the places of
# $T_TMP/places (dyn_values first). The dynamic linking data (symbols,
# hash, relocations, .dynamic, the first word of .got and the three of
# .got.plt that ld gives the address of .dynamic or leaves to a dynamic
# linker) describe the link, not the program: not compared. Sets nsec
# (sections compared) and bad.
same_sections() {
	local name type addr size off len m mda msize f word="$2"
	bad=0
	nsec=0
	"${BU}readelf" -SW "$1" | sed 's/^ *\[ *[0-9]*\] //' |
		awk '$5 ~ /^[0-9a-f]+$/ && $6 ~ /^[0-9a-f]+$/ && $7 ~ /A/ && $2 != "NOBITS" { print $1, $2, $3, $5 }' > "$T_TMP/secs"
	while read -r name type addr size; do
		case "$type" in DYNSYM|STRTAB|HASH|GNU_HASH|REL|RELA|DYNAMIC) continue ;; esac
		addr=$((0x$addr))
		len=$((0x$size))
		case "$name" in
		.got) addr=$((addr + word)) len=$((len - word)) ;;
		.got.plt) addr=$((addr + 3 * word)) len=$((len - 3 * word)) ;;
		esac
		[ "$len" -gt 0 ] || continue
		f=""
		for m in $(mem_names "$T_TMP/r"); do
			mda=$(($(mem_field "$T_TMP/r" "$m" da)))
			msize=$(($(mem_field "$T_TMP/r" "$m" size)))
			if [ "$addr" -ge "$mda" ] && [ $((addr + len)) -le $((mda + msize)) ]; then
				f=$(mem_field "$T_TMP/r" "$m" file)
				off=$((addr - mda))
			fi
		done
		if [ -z "$f" ]; then
			echo "# $name at $(printf 0x%x "$addr"): in no memory"
			bad=1
			continue
		fi
		nsec=$((nsec + 1))
		# the differing bytes, each inside a listed place
		cmp -l -n "$len" "$T_TMP/r/$f" "$T_TMP/o/$f" "$off" "$off" |
		# keys are offsets in the section: mawk makes a key of a number
		# above 2^31 with %.6g, and neighbouring addresses would collide
		awk -v base="$addr" -v len="$len" -v word="$word" -v places="$T_TMP/places" "$AWK_HEX"'
			BEGIN {
				while ((getline l < places) > 0) {
					split(l, f, " ")
					o = hex(f[1]) - base
					if (o > -word && o < len)
						p[o] = 1
				}
			}
			{
				o = $1 - 1
				for (i = 0; i < word; i++)
					if ((o - i) in p) next
				printf "# %s+0x%x: byte differs outside every dynamic place\n", sec, o
				bad = 1
			}
			END { exit bad }' sec="$name" || bad=1
	done < "$T_TMP/secs"
}

# dyn_oracle NAME LINKED WORD MIN: LINKED, ld's link at the plugin's
# placement, loaded as it is into core o (its e_type made ET_EXEC, 2,
# little-endian, so that the elf plugin copies its segments and relocates
# nothing); core r, the plugin's load, holds ld's values in at least MIN
# dynamic places (dyn_values) and ld's bytes everywhere else (same_sections)
dyn_oracle() {
	printf '\002\000' | dd of="$2" bs=1 seek=16 conv=notrunc status=none
	if ! "$LOADER" --confdir "$T_TMP/none" --plugindir "$PLUGINDIR" \
		--backend "dir:$T_TMP/o" "$2" > /dev/null; then
		fail "$1: loading ld's output"
		return
	fi
	dyn_values "$2" "$3"
	check "$1: $nchecked dynamic places hold the values of GNU ld's link at that address" \
		[ "$dynbad" = 0 -a "$nchecked" -ge "$4" ]
	same_sections "$2" "$3"
	check "$1: $nsec sections byte-identical to GNU ld's at that address (those places aside)" \
		[ "$bad" = 0 -a "$nsec" -ge 5 ]
}

# runs_sum NAME SUM: core r under rproc-sim exits 0 (the firmware checks
# its own sum) and prints "reloc sum=SUM"
runs_sum() {
	local rc=0
	if [ -z "$SIM" ] || [ ! -x "$SIM" ]; then
		skip_part "$1 runs" "rproc-sim not built"
		return
	fi
	"$SIM" --dir "$T_TMP/r" --timeout 60 > "$T_TMP/simout" 2> "$T_TMP/simerr" < /dev/null || rc=$?
	check "$1 runs: exit 0 (its own check of the sum; got $rc)" [ "$rc" -eq 0 ]
	if grep -qx "reloc sum=$2" "$T_TMP/simout"; then
		pass "$1 runs: prints sum $2"
	else
		fail "$1 runs: prints sum $2"
		sed 's/^/# /' "$T_TMP/simout" "$T_TMP/simerr"
	fi
}
