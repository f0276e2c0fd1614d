#!/bin/sh
# sim tier: rproc-sim's command line and bad input. Every case must end with
# exit status 125 and one clear message naming what is wrong, never a crash
# or a hang.
. "$abs_top_srcdir/tests/lib.sh"

sim_need

# bad DESCRIPTION TEXT ARGS...: rproc-sim ARGS exits 125 and says TEXT
bad() {
	local what="$1" text="$2" rc=0
	shift 2
	timeout 20 "$SIM" "$@" > "$T_TMP/out" 2> "$T_TMP/err" < /dev/null || rc=$?
	if [ "$rc" -eq 125 ] && grep -qF -- "$text" "$T_TMP/err"; then
		pass "$what: exit 125, says '$text'"
	else
		fail "$what: exit $rc, want 125 and '$text'"
		sed 's/^/# stderr: /' "$T_TMP/err"
	fi
}

"$SIM" --help > "$T_TMP/help"
check "--help exits 0" [ $? -eq 0 ]
for code in 124 125 126; do
	check "--help documents exit status $code" grep -q "$code" "$T_TMP/help"
done
check "--version names the package" grep -q "^rproc-sim [0-9]" "$(
	"$SIM" --version > "$T_TMP/version"; echo "$T_TMP/version")"

bad "no --dir" "give one of --dir PATH and --device DEV"
bad "--dir and --device" "give one of --dir PATH and --device DEV" --dir "$T_TMP" --device /dev/null
bad "--device with run options" "--device takes --cpu, --core, --uart, --dump, --clear and -v only" --device /dev/null --timeout 1
bad "--device with --stats" "--device takes --cpu, --core, --uart, --dump, --clear and -v only" --device /dev/null --stats
bad "--dump without --device" "--dump is for --device" --dir "$T_TMP" --dump "$T_TMP"
bad "--clear without --device" "--clear is for --device" --dir "$T_TMP" --clear shm
bad "--clear with --dump" "give one of --dump and --clear" --device /dev/null --dump "$T_TMP" --clear shm
bad "--device not an rproc_sim device" "/dev/null: RPROC_SIM_GET_INFO: " --device /dev/null
bad "--device missing" "$T_TMP/nodev: No such file or directory" --device "$T_TMP/nodev"
bad "unknown option" "unknown option '--bogus'" --bogus
bad "option without value" "needs a value" --dir
bad "operand" "unexpected argument 'extra'" --dir "$T_TMP" extra
bad "bad --cpu" "--cpu 'm68k': expected cortex-m4" --dir "$T_TMP" --cpu m68k
bad "bad --boot" "--boot 'zz': expected" --dir "$T_TMP" --boot zz
bad "bad --timeout" "--timeout '-1': expected" --dir "$T_TMP" --timeout -1
# the strict parser's numbers: strtod() took these
for v in 1e2 0x10 inf " 1" 1.2345 0 86400.001; do
	bad "--timeout '$v'" "--timeout '$v': expected seconds (up to 3 decimals)" \
		--dir "$T_TMP" --timeout "$v"
done
bad "--boot with a leading zero" "--boot '0100': expected a decimal (no leading 0)" \
	--dir "$T_TMP" --boot 0100
bad "--replies 1e2" "--replies '1e2': expected" --dir "$T_TMP" --kick 1 --replies 1e2
bad "bad --kick" "--kick '0x1ffffffff': expected a 32-bit number" --dir "$T_TMP" --kick 0x1ffffffff
bad "no memories.ini" "$T_TMP/none/memories.ini" --dir "$T_TMP/none"
bad "--ivshmem without --dir" "--ivshmem takes --dir, --cpu, --core and -v only" --ivshmem "$T_TMP/s"
bad "--ivshmem with --timeout" "--ivshmem takes --dir, --cpu, --core and -v only" \
	--ivshmem "$T_TMP/s" --dir "$T_TMP" --timeout 1
bad "--ivshmem with --device" "--ivshmem takes --dir, --cpu, --core and -v only" \
	--ivshmem "$T_TMP/s" --dir "$T_TMP" --device /dev/null
bad "--ivshmem with --stats" "--ivshmem takes --dir, --cpu, --core and -v only" \
	--ivshmem "$T_TMP/s" --dir "$T_TMP" --stats
mkdir -p "$T_TMP/nombox"
printf '[memory sram]\nda = 0x20000000\nsize = 64K\nfile = sram.bin\n[core]\ncpu = cortex-m4\n' \
	> "$T_TMP/nombox/memories.ini"
bad "--ivshmem without [mailbox]" "$T_TMP/nombox/memories.ini: no [mailbox]" \
	--ivshmem "$T_TMP/nombox/s" --dir "$T_TMP/nombox"
mkdir -p "$T_TMP/mbox"
printf '[mailbox]\nda = 0x3f000000\n' | cat "$T_TMP/nombox/memories.ini" - > "$T_TMP/mbox/memories.ini"
bad "--ivshmem socket path too long" "path too long for a socket" \
	--ivshmem "$T_TMP/$(printf '%0120d' 0)" --dir "$T_TMP/mbox"

cpu=$(echo $SIM_CPUS | cut -d' ' -f1)
sim_load "$cpu" hello || fail "$cpu/hello: load"
hello="$CORE"

bad "not an ELF" "$T_TMP/load.out: not an ELF file" --dir "$hello" --elf "$T_TMP/load.out"
printf '\177ELF\001\001\001\000\000\000\000\000\000\000\000\000\002\000\076\000' > "$T_TMP/x86.elf"
head -c 64 /dev/zero >> "$T_TMP/x86.elf"
bad "ELF of an unsupported CPU" "ELF machine 62 (class 1) is not a CPU rproc-sim runs" \
	--dir "$hello" --elf "$T_TMP/x86.elf"
if [ -f "$FW/armbe/hello.elf" ]; then
	bad "big-endian ELF" "big-endian firmware is not supported" \
		--dir "$hello" --elf "$FW/armbe/hello.elf"
fi
other=aarch64
[ "$cpu" = aarch64 ] && other=arm
if [ -f "$FW/$other/hello.elf" ]; then
	bad "ELF of another CPU than the core's" "is for $(sim_cpu_name "$other"), but the core is a $(sim_cpu_name "$cpu")" \
		--dir "$hello" --elf "$FW/$other/hello.elf"
fi

case "$cpu" in
arm)
	# Cortex-M boots from the vector table, whatever --boot says: break it
	printf '\000\000\000\040\000\001\000\000' |
		dd of="$hello/$(mem_field "$hello" flash file)" conv=notrunc status=none
	bad "Cortex-M reset vector without the Thumb bit" "reset vector 0x00000100 is not a Thumb address" \
		--dir "$hello"
	;;
*)
	bad "boot address outside memory" "boot address 0x12345678 is outside every memory" \
		--dir "$hello" --boot 0x12345678
	;;
esac

mkcore "$T_TMP/fresh" "$cpu"
bad "nothing loaded" "nothing loaded (no loaded.ini)" --dir "$T_TMP/fresh"
bad "memory files missing" "load a firmware first" --dir "$T_TMP/fresh" --boot 0
printf '[memory ram]\nda = 0x1000\nsize = 4K\nfile = ram.bin\n' > "$T_TMP/nocpu.ini"
mkdir -p "$T_TMP/nocpu" && cp "$T_TMP/nocpu.ini" "$T_TMP/nocpu/memories.ini"
bad "no CPU named anywhere" "which CPU? set [core] cpu in $T_TMP/nocpu/memories.ini" --dir "$T_TMP/nocpu"
printf '[core]\ncpu = z80\n' >> "$T_TMP/nocpu/memories.ini"
bad "unknown [core] cpu" "z80" --dir "$T_TMP/nocpu"
printf 'boot_addr = 0x100\n' > "$hello/loaded.ini"
bad "loaded.ini key outside [load]" "$hello/loaded.ini:1: unknown key 'boot_addr' (expected" --dir "$hello"
printf '[load]\nboot_addr = banana\n' > "$hello/loaded.ini"
bad "loaded.ini bad number" "$hello/loaded.ini:2: [load] boot_addr 'banana': expected" --dir "$hello"
finish
