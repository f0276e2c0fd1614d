# Test tiers. Included from Makefile.am; `make check` runs them all:
#   unit   Check suites per module (tests/unit/)
#   loader the rproc-loader CLI on the directory backend with cross-built
#          firmware, against GNU objcopy, malformed variants, no core
#          executing (tests/loader/)
#   sim    the same, then rproc-sim running that firmware, against QEMU and
#          gdb (tests/sim/)
# tests/README.md maps each feature to the tests that prove it.
#   fuzz   libFuzzer + ASan/UBSan over the ELF, resource-table, config and
#          uevent parsers
#   kernel Linux 6.1 with kernel/patches, booted under QEMU on an initramfs
#          with systemd-udevd and the programs, running guest scenarios
#          (tests/kernel/, kernel/build.sh, kernel/README)
#   bench  informational ratios, never failing on time (tests/bench/)
# A tier that cannot run here exits 77 (SKIP) with a loud reason; with
# RPROC_TESTS_NO_SKIP=1 (CI sets it) a skip is an error instead.

TEST_EXTENSIONS = .sh
SH_LOG_COMPILER = $(SHELL)
AM_TESTS_ENVIRONMENT = \
	export abs_top_srcdir='$(abs_top_srcdir)' abs_top_builddir='$(abs_top_builddir)'; \
	export RPROC_LOADER_BIN='$(abs_top_builddir)/rproc-loader'; \
	export RPROC_SIM_BIN='$(SIM_BIN_VALUE)'; \
	export RPROC_PLUGINDIR='$(abs_top_builddir)/loaders/.libs'; \
	export RPROC_TESTPLUGINDIR='$(abs_top_builddir)/tests/unit/plugins/.libs'; \
	export RPROC_FW='$(abs_top_builddir)/tests/fw'; \
	export RPROC_TOOLS='$(abs_top_builddir)/tests/tools'; \
	export OBJCOPY='$(OBJCOPY)' FUZZ_CC='$(FUZZ_CC)' HAVE_FUZZ='$(HAVE_FUZZ_VALUE)'; \
	export ARM_CC='$(ARM_CC)' RISCV_CC='$(RISCV_CC)' AARCH64_CC='$(AARCH64_CC)'; \
	export MAKE='$(MAKE)' CC='$(CC)'; \
	export RPROCCTL_BIN='$(abs_top_builddir)/rprocctl';

if HAVE_UNICORN
SIM_BIN_VALUE = $(abs_top_builddir)/rproc-sim
else
SIM_BIN_VALUE =
endif

if HAVE_FUZZ
HAVE_FUZZ_VALUE = yes
else
HAVE_FUZZ_VALUE = no
endif

EXTRA_DIST += tests/README.md tests/lib.sh tests/firmware tests/loader/golden tests/fuzz/fuzz-elf.c \
	tests/fuzz/fuzz-netlink.c \
	tests/unit/unit.h tests/unit/backend-mem.h tests/fuzz/fuzz-plugin.h tests/bench/bench-load.sh \
	tests/loader/cli.sh tests/loader/event.sh tests/loader/config.sh tests/loader/load.sh \
	tests/loader/malformed.sh tests/sim/sim-run.sh tests/sim/sim-idle.sh \
	tests/sim/sim-errors.sh tests/sim/sim-gdb.sh tests/sim/sim-qemu.sh \
	tests/sim/reloc.sh tests/sim/shlib.sh tests/sim/reloc-cpus.sh \
	tests/sim/reloc-so.sh tests/sim/reloc-lib.sh tests/loader/rsc-run.sh \
	tests/sim/dir-beneath.sh \
	tests/sim/sim-loaded.sh tests/sim/overlay.sh

# --- firmware, built at test time by the cross compilers -------------------
check_DATA += tests/fw/.stamp
tests/fw/.stamp: $(shell find $(top_srcdir)/tests/firmware -type f 2>/dev/null)
	$(AM_V_GEN)$(MAKE) --no-print-directory -f $(top_srcdir)/tests/firmware/Makefile.fw \
		SRCDIR=$(abs_top_srcdir)/tests/firmware OUT=$(abs_top_builddir)/tests/fw \
		ARM_CC='$(ARM_CC)' RISCV_CC='$(RISCV_CC)' AARCH64_CC='$(AARCH64_CC)' all && \
		touch $@
clean-local: clean-firmware
clean-firmware:
	rm -rf tests/fw
.PHONY: clean-firmware

# --- test tools -----------------------------------------------------------
check_PROGRAMS += tests/tools/elf-mutate
tests_tools_elf_mutate_SOURCES = tests/tools/elf-mutate.c
tests_tools_elf_mutate_CFLAGS = $(AM_CFLAGS)
# a guest of rproc-sim --ivshmem without QEMU (tests/sim/sim-ivshmem.sh)
check_PROGRAMS += tests/tools/ivshmem-guest
tests_tools_ivshmem_guest_SOURCES = tests/tools/ivshmem-guest.c src/include/rproc/sim-shm.h
tests_tools_ivshmem_guest_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/kernel/include/uapi
tests_tools_ivshmem_guest_CFLAGS = $(AM_CFLAGS)

# --- unit tier: Check --------------------------------------------------------
if HAVE_CHECK
unit_cflags = $(AM_CFLAGS) $(CHECK_CFLAGS) $(LIBELF_CFLAGS) $(INIH_CFLAGS) \
	-I$(top_srcdir)/src/loader -I$(top_srcdir)/tests/unit
unit_ldadd = src/loader/libloader.la $(CHECK_LIBS) $(LIBELF_LIBS) $(INIH_LIBS)
unit_tests = \
	tests/unit/test-strparse \
	tests/unit/test-memories \
	tests/unit/test-path-beneath \
	tests/unit/test-config \
	tests/unit/test-event \
	tests/unit/test-firmware \
	tests/unit/test-rsc-table \
	tests/unit/test-plan \
	tests/unit/test-elf \
	tests/unit/test-plugin \
	tests/unit/test-netlink
check_PROGRAMS += $(unit_tests)
TESTS += $(unit_tests)

tests_unit_test_strparse_SOURCES = tests/unit/test-strparse.c
tests_unit_test_strparse_CFLAGS = $(unit_cflags)
tests_unit_test_strparse_LDADD = $(unit_ldadd)
tests_unit_test_memories_SOURCES = tests/unit/test-memories.c
tests_unit_test_memories_CFLAGS = $(unit_cflags)
tests_unit_test_memories_LDADD = $(unit_ldadd)
tests_unit_test_path_beneath_SOURCES = tests/unit/test-path-beneath.c
tests_unit_test_path_beneath_CFLAGS = $(unit_cflags)
tests_unit_test_path_beneath_LDADD = $(unit_ldadd)
tests_unit_test_config_SOURCES = tests/unit/test-config.c
tests_unit_test_config_CFLAGS = $(unit_cflags)
tests_unit_test_config_LDADD = $(unit_ldadd)
tests_unit_test_event_SOURCES = tests/unit/test-event.c
tests_unit_test_event_CFLAGS = $(unit_cflags)
tests_unit_test_event_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/kernel/include/uapi
tests_unit_test_event_LDADD = $(unit_ldadd)
tests_unit_test_firmware_SOURCES = tests/unit/test-firmware.c
tests_unit_test_firmware_CFLAGS = $(unit_cflags)
tests_unit_test_firmware_LDADD = $(unit_ldadd)
tests_unit_test_rsc_table_SOURCES = tests/unit/test-rsc-table.c
tests_unit_test_rsc_table_CFLAGS = $(unit_cflags)
tests_unit_test_rsc_table_LDADD = $(unit_ldadd)
tests_unit_test_plan_SOURCES = tests/unit/test-plan.c
tests_unit_test_plan_CFLAGS = $(unit_cflags)
tests_unit_test_plan_LDADD = $(unit_ldadd)
tests_unit_test_elf_SOURCES = tests/unit/test-elf.c loaders/elf.c
tests_unit_test_elf_CPPFLAGS = $(PLUGIN_CPPFLAGS)
tests_unit_test_elf_CFLAGS = $(unit_cflags)
tests_unit_test_elf_LDADD = loaders/lib/libplugin.la $(unit_ldadd)
tests_unit_test_plugin_SOURCES = tests/unit/test-plugin.c
tests_unit_test_plugin_CFLAGS = $(unit_cflags)
tests_unit_test_plugin_LDADD = $(unit_ldadd)
tests_unit_test_netlink_SOURCES = tests/unit/test-netlink.c
tests_unit_test_netlink_CFLAGS = $(unit_cflags) $(LIBMNL_CFLAGS)
tests_unit_test_netlink_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/kernel/include/uapi
tests_unit_test_netlink_LDADD = $(unit_ldadd) $(LIBMNL_LIBS)

else
TESTS += tests/unit/no-check.sh
endif
EXTRA_DIST += tests/unit/no-check.sh

# Test plugins: broken ones for the plugin host to refuse, and one that hangs; -rpath makes libtool build them shared.
test_plugin_ldflags = -module -avoid-version -shared -rpath /nowhere
check_LTLIBRARIES += tests/unit/plugins/badabi.la tests/unit/plugins/nosym.la \
	tests/unit/plugins/noload.la tests/unit/plugins/undef.la \
	tests/unit/plugins/sleepy.la
tests_unit_plugins_badabi_la_SOURCES = tests/unit/plugins/badabi.c
tests_unit_plugins_badabi_la_LDFLAGS = $(test_plugin_ldflags)
tests_unit_plugins_nosym_la_SOURCES = tests/unit/plugins/nosym.c
tests_unit_plugins_nosym_la_LDFLAGS = $(test_plugin_ldflags)
tests_unit_plugins_noload_la_SOURCES = tests/unit/plugins/noload.c
tests_unit_plugins_noload_la_LDFLAGS = $(test_plugin_ldflags)
tests_unit_plugins_undef_la_SOURCES = tests/unit/plugins/undef.c
tests_unit_plugins_undef_la_LDFLAGS = $(test_plugin_ldflags)
tests_unit_plugins_sleepy_la_SOURCES = tests/unit/plugins/sleepy.c
tests_unit_plugins_sleepy_la_LDFLAGS = $(test_plugin_ldflags)
# One plugin per ABI minor (1.0, 1.1, 1.2, and a newer one built three ways)
check_LTLIBRARIES += tests/unit/plugins/abi10.la tests/unit/plugins/abi11.la \
	tests/unit/plugins/abi12.la tests/unit/plugins/future.la \
	tests/unit/plugins/futurebad.la tests/unit/plugins/futurenosize.la
tests_unit_plugins_abi10_la_SOURCES = tests/unit/plugins/abi10.c tests/unit/plugins/abi-old.h
tests_unit_plugins_abi10_la_LDFLAGS = $(test_plugin_ldflags)
tests_unit_plugins_abi11_la_SOURCES = tests/unit/plugins/abi11.c tests/unit/plugins/abi-old.h
tests_unit_plugins_abi11_la_LDFLAGS = $(test_plugin_ldflags)
tests_unit_plugins_abi12_la_SOURCES = tests/unit/plugins/abi12.c
tests_unit_plugins_abi12_la_LDFLAGS = $(test_plugin_ldflags)
future_size = 'sizeof(struct future_plugin)'
tests_unit_plugins_future_la_SOURCES = tests/unit/plugins/future.c
tests_unit_plugins_future_la_CPPFLAGS = $(AM_CPPFLAGS) -DFUTURE_NAME='"future"' \
	-DFUTURE_MEMBER=0 -DFUTURE_SIZE=$(future_size)
tests_unit_plugins_future_la_LDFLAGS = $(test_plugin_ldflags)
tests_unit_plugins_futurebad_la_SOURCES = tests/unit/plugins/future.c
tests_unit_plugins_futurebad_la_CPPFLAGS = $(AM_CPPFLAGS) -DFUTURE_NAME='"futurebad"' \
	-DFUTURE_MEMBER=1 -DFUTURE_SIZE=$(future_size)
tests_unit_plugins_futurebad_la_LDFLAGS = $(test_plugin_ldflags)
tests_unit_plugins_futurenosize_la_SOURCES = tests/unit/plugins/future.c
tests_unit_plugins_futurenosize_la_CPPFLAGS = $(AM_CPPFLAGS) -DFUTURE_NAME='"futurenosize"' \
	-DFUTURE_MEMBER=0 -DFUTURE_SIZE=0
tests_unit_plugins_futurenosize_la_LDFLAGS = $(test_plugin_ldflags)

# --- loader tier: the CLI on the directory backend, no core executing ------
TESTS += \
	tests/loader/cli.sh \
	tests/loader/event.sh \
	tests/loader/config.sh \
	tests/loader/load.sh \
	tests/loader/malformed.sh \
	tests/loader/rsc-run.sh

# --- sim tier: rproc-sim runs what was loaded --------------------------------
TESTS += \
	tests/sim/sim-run.sh \
	tests/sim/sim-idle.sh \
	tests/sim/sim-irq.sh \
	tests/sim/sim-errors.sh \
	tests/sim/sim-timeout.sh \
	tests/sim/sim-gdb.sh \
	tests/sim/sim-qemu.sh \
	tests/sim/sim-riscv-irq.sh \
	tests/sim/reloc.sh \
	tests/sim/shlib.sh \
	tests/sim/reloc-cpus.sh \
	tests/sim/reloc-so.sh \
	tests/sim/dir-beneath.sh \
	tests/sim/sim-loaded.sh \
	tests/sim/overlay.sh \
	tests/sim/sim-ivshmem.sh

EXTRA_DIST += tests/sim/sim-timeout.sh tests/sim/sim-ivshmem.sh tests/sim/sim-irq.sh tests/sim/sim-riscv-irq.sh

# --- fuzz tier ----------------------------------------------------------------
TESTS += tests/fuzz/fuzz.sh
EXTRA_DIST += tests/fuzz/fuzz.sh

# --- kernel tier: QEMU boots the patched kernel on an initramfs ------------------
# kernel/build.sh caches the kernel outside the build tree
# (RPROC_KERNEL_CACHE, default /var/cache/rproc-tools/kernel); the
# initramfs takes 'make install DESTDIR=' of this build and tests/fw.
TESTS += tests/kernel/kernel.sh tests/kernel/checkpatch.sh
# the guest's test programs, built for the host (the guest is x86_64 too);
# mkinitramfs.sh installs every program of tests/kernel/tools/ in the guest's
# /usr/lib/rproc-tests/bin (on its PATH)
KERNEL_GUEST_TOOLS = tests/kernel/tools/rproc-start-time
tests_kernel_tools_rproc_start_time_SOURCES = \
	tests/kernel/tools/rproc-start-time.c tests/bench/bench.h
tests_kernel_tools_rproc_start_time_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/kernel/include/uapi
tests_kernel_tools_rproc_start_time_CFLAGS = $(AM_CFLAGS) $(LIBMNL_CFLAGS) -pthread
tests_kernel_tools_rproc_start_time_LDADD = $(LIBMNL_LIBS) -lpthread
KERNEL_GUEST_TOOLS += tests/kernel/tools/rpmsg-echo
tests_kernel_tools_rpmsg_echo_SOURCES = tests/kernel/tools/rpmsg-echo.c tests/kernel/tools/rpmsg-tool.h
# the services of the svc-interp firmware: ctl commands, flood, sink
KERNEL_GUEST_TOOLS += tests/kernel/tools/rpmsg-svc
tests_kernel_tools_rpmsg_svc_SOURCES = tests/kernel/tools/rpmsg-svc.c
# echoes through librproc, as an unprivileged user (scenario 16-librproc);
# -no-install: a real executable (not libtool's wrapper script), which
# mkinitramfs.sh copies with the library it links
KERNEL_GUEST_TOOLS += tests/kernel/tools/rproc-lib-echo
tests_kernel_tools_rproc_lib_echo_SOURCES = tests/kernel/tools/rproc-lib-echo.c
tests_kernel_tools_rproc_lib_echo_LDADD = src/lib/librproc.la
tests_kernel_tools_rproc_lib_echo_LDFLAGS = $(AM_LDFLAGS) -no-install
# the rpmsg_char interface of issue 13: batches, poll, EMSGSIZE, MTU,
# endpoint fds, hang-up (scenario 15), built against the patched uAPI
KERNEL_GUEST_TOOLS += tests/kernel/tools/rpmsg-api
tests_kernel_tools_rpmsg_api_SOURCES = tests/kernel/tools/rpmsg-api.c tests/kernel/tools/rpmsg-tool.h \
	kernel/include/uapi/linux/rpmsg.h
tests_kernel_tools_rpmsg_api_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/kernel/include/uapi
# tests/bench/bench-rpmsg.sh's guest half, on librproc: -no-install, so
# that the build tree holds the program itself (no libtool wrapper script),
# which mkinitramfs.sh copies with the library its run path names
KERNEL_GUEST_TOOLS += tests/kernel/tools/rpmsg-bench
tests_kernel_tools_rpmsg_bench_SOURCES = tests/kernel/tools/rpmsg-bench.c tests/bench/bench.h \
	tests/kernel/tools/rpmsg-tool.h
tests_kernel_tools_rpmsg_bench_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/kernel/include/uapi \
	-I$(top_srcdir)/tests/bench
tests_kernel_tools_rpmsg_bench_LDFLAGS = $(AM_LDFLAGS) -no-install
tests_kernel_tools_rpmsg_bench_LDADD = src/lib/librproc.la
# a misbehaving user-mode loader: forged LOAD_DONE replies, mappings held
# across the load's end (scenarios 20-22)
KERNEL_GUEST_TOOLS += tests/kernel/tools/rproc-forge
tests_kernel_tools_rproc_forge_SOURCES = tests/kernel/tools/rproc-forge.c \
	kernel/include/uapi/linux/rproc_loader.h
tests_kernel_tools_rproc_forge_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/kernel/include/uapi
tests_kernel_tools_rproc_forge_CFLAGS = $(AM_CFLAGS) $(LIBMNL_CFLAGS)
tests_kernel_tools_rproc_forge_LDADD = $(LIBMNL_LIBS)
# the external core's shared memory through the device's BAR2 (scenario 12-ext)
KERNEL_GUEST_TOOLS += tests/kernel/tools/ivshmem-bar
tests_kernel_tools_ivshmem_bar_SOURCES = tests/kernel/tools/ivshmem-bar.c \
	src/include/rproc/sim-shm.h
tests_kernel_tools_ivshmem_bar_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/kernel/include/uapi
check_PROGRAMS += $(KERNEL_GUEST_TOOLS)
# directories whole (kernel/: patches, config, uAPI, build.sh; the guest's
# scenarios), but not tests/kernel/, which holds the logs in a build tree
EXTRA_DIST += kernel tests/kernel/guest tests/kernel/kernel.sh \
	tests/kernel/qemu.sh tests/kernel/mkinitramfs.sh \
	tests/kernel/checkpatch.sh

# --- benchmarks: informational ------------------------------------------------
TESTS += tests/bench/bench-load.sh tests/bench/bench-sim.sh tests/bench/bench-start.sh
EXTRA_DIST += tests/bench/bench-sim.sh tests/bench/bench-start.sh
check_PROGRAMS += tests/bench/bench-memcpy tests/bench/bench-fib
tests_bench_bench_memcpy_SOURCES = tests/bench/bench-memcpy.c tests/bench/bench.h
# the same C source of the computation as the fibbench firmware
tests_bench_bench_fib_SOURCES = tests/bench/bench-fib.c tests/bench/bench.h \
	tests/firmware/src/fib-calc.h
tests_bench_bench_fib_CFLAGS = $(AM_CFLAGS) -O2 -I$(top_srcdir)/tests/firmware/src

# --- fuzz harness, built with clang's libFuzzer and sanitizers ----------------
# libFuzzer with ASan/UBSan over a harness's .c prerequisites: the recipe of
# the plugins' harnesses (libelf, inih)
fuzz_link = $(MKDIR_P) $(@D) && $(FUZZ_CC) -g -O1 \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	$(AM_CPPFLAGS) -I$(top_srcdir)/src/loader -I$(top_srcdir)/loaders -I$(top_srcdir)/loaders/lib \
	-I$(top_srcdir)/tests/unit $(LIBELF_CFLAGS) $(INIH_CFLAGS) \
	$(filter %.c,$^) -o $@ $(LIBELF_LIBS) $(INIH_LIBS)

# (a harness builds the plugin's library from its sources: $(loaders_lib_sources),
# instrumented as the plugin is; make's $^ names a source listed twice once)
fuzz_sources = tests/fuzz/fuzz-elf.c loaders/elf.c $(loaders_lib_sources) \
	tests/unit/backend-mem.h tests/fuzz/fuzz-plugin.h \
	src/loader/loader-plan.c src/loader/loader-firmware.c \
	src/shared/log.c src/shared/memories.c src/shared/path-beneath.c src/shared/ini-file.c
if HAVE_FUZZ
check_DATA += tests/fuzz/fuzz-elf
tests/fuzz/fuzz-elf: $(addprefix $(top_srcdir)/,$(fuzz_sources)) config.h
	$(AM_V_CCLD)$(fuzz_link)
CLEANFILES += tests/fuzz/fuzz-elf

fuzz_netlink_sources = tests/fuzz/fuzz-netlink.c src/loader/loader-netlink.c \
	src/shared/log.c
check_DATA += tests/fuzz/fuzz-netlink
tests/fuzz/fuzz-netlink: $(addprefix $(top_srcdir)/,$(fuzz_netlink_sources)) config.h
	$(AM_V_CCLD)$(MKDIR_P) $(@D) && $(FUZZ_CC) -g -O1 \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		$(AM_CPPFLAGS) -I$(top_srcdir)/src/loader -I$(top_srcdir)/kernel/include/uapi \
		$(LIBMNL_CFLAGS) $(addprefix $(top_srcdir)/,$(fuzz_netlink_sources)) -o $@ $(LIBMNL_LIBS)
CLEANFILES += tests/fuzz/fuzz-netlink
endif

# The benchmarks run alone, after every other test and one after the other,
# so their timings are their own.
tests/bench/bench-load.log: $(filter-out tests/bench/%,$(TEST_LOGS))
tests/bench/bench-sim.log: tests/bench/bench-load.log
tests/bench/bench-start.log: tests/bench/bench-sim.log

# --- reloc plugin: the RISC-V and AArch64 back ends --------------------------
# test-reloc-*: the formulas on hand-made sites; reloc-oracle.sh: GNU ld as
# the oracle, on objects cross-assembled at test time (tests/unit/reloc/).
if HAVE_CHECK
reloc_backend_tests = tests/unit/test-reloc-riscv tests/unit/test-reloc-aarch64
check_PROGRAMS += $(reloc_backend_tests) tests/unit/reloc-oracle
TESTS += $(reloc_backend_tests) tests/unit/reloc-oracle.sh
tests_unit_test_reloc_riscv_SOURCES = tests/unit/test-reloc-riscv.c tests/unit/reloc-site.h
tests_unit_test_reloc_riscv_CFLAGS = $(unit_cflags) -I$(top_srcdir)/loaders/lib
tests_unit_test_reloc_riscv_LDADD = loaders/lib/libplugin.la $(unit_ldadd)
tests_unit_test_reloc_aarch64_SOURCES = tests/unit/test-reloc-aarch64.c tests/unit/reloc-site.h
tests_unit_test_reloc_aarch64_CFLAGS = $(unit_cflags) -I$(top_srcdir)/loaders/lib
tests_unit_test_reloc_aarch64_LDADD = loaders/lib/libplugin.la $(unit_ldadd)
tests_unit_reloc_oracle_SOURCES = tests/unit/reloc-oracle.c
tests_unit_reloc_oracle_CFLAGS = $(AM_CFLAGS) $(LIBELF_CFLAGS) -I$(top_srcdir)/loaders/lib
tests_unit_reloc_oracle_LDADD = loaders/lib/libplugin.la $(LIBELF_LIBS)
endif
EXTRA_DIST += tests/unit/reloc-oracle.sh tests/unit/reloc/riscv.S \
	tests/unit/reloc/riscv-dyn.S tests/unit/reloc/aarch64.S \
	tests/unit/reloc/aarch64-dyn.S

# --- reloc plugin: the core and its ARM/Thumb back end ------------------------
# test-reloc-arm: the ARM formulas on hand-made sites; tests/sim/reloc.sh:
# the plugin against GNU ld and under rproc-sim (tests/firmware reloc*)
if HAVE_CHECK
check_PROGRAMS += tests/unit/test-reloc-arm
TESTS += tests/unit/test-reloc-arm
tests_unit_test_reloc_arm_SOURCES = tests/unit/test-reloc-arm.c tests/unit/reloc-site.h
tests_unit_test_reloc_arm_CFLAGS = $(unit_cflags) -I$(top_srcdir)/loaders/lib
tests_unit_test_reloc_arm_LDADD = loaders/lib/libplugin.la $(unit_ldadd)
endif
TESTS += tests/bench/bench-reloc.sh
EXTRA_DIST += tests/bench/bench-reloc.sh tests/unit/test-reloc-arm.c
tests/bench/bench-reloc.log: tests/bench/bench-start.log
# rpmsg from user space (issue 13), after bench-reloc in the benchmark chain
TESTS += tests/bench/bench-rpmsg.sh
EXTRA_DIST += tests/bench/bench-rpmsg.sh
tests/bench/bench-rpmsg.log: tests/bench/bench-reloc.log

# --- reloc plugin: its fuzz harness (tests/fuzz/fuzz-reloc.sh) ---------------
# tests/fuzz/reloc/: the inputs of bugs it found, replayed before fuzzing
TESTS += tests/fuzz/fuzz-reloc.sh
EXTRA_DIST += tests/fuzz/fuzz-run.sh tests/fuzz/fuzz-reloc.sh tests/fuzz/fuzz-reloc.c tests/fuzz/reloc \
	tests/unit/reloc/arm-dyn.S
# what the reloc and shlib harnesses both build: the plugins' library, the
# host's plan checks
fuzz_dyn_sources = $(loaders_lib_sources) \
	tests/unit/backend-mem.h tests/fuzz/fuzz-plugin.h src/loader/loader-plan.c src/shared/log.c \
	src/shared/memories.c src/shared/path-beneath.c src/shared/ini-file.c
fuzz_reloc_sources = tests/fuzz/fuzz-reloc.c loaders/reloc.c loaders/reloc.h \
	loaders/reloc-rel.c loaders/reloc-dyn.c $(fuzz_dyn_sources)
if HAVE_FUZZ
check_DATA += tests/fuzz/fuzz-reloc
tests/fuzz/fuzz-reloc: $(addprefix $(top_srcdir)/,$(fuzz_reloc_sources)) config.h
	$(AM_V_CCLD)$(fuzz_link)
CLEANFILES += tests/fuzz/fuzz-reloc
endif

# --- shlib plugin: its fuzz harness (tests/fuzz/fuzz-shlib.sh) ---------------
# tests/fuzz/shlib/: the inputs of bugs it finds, replayed before fuzzing (none
# yet: add the directory to EXTRA_DIST with the first)
TESTS += tests/fuzz/fuzz-shlib.sh
EXTRA_DIST += tests/fuzz/fuzz-shlib.sh tests/fuzz/fuzz-shlib.c
fuzz_shlib_sources = tests/fuzz/fuzz-shlib.c loaders/shlib.c loaders/shlib.h \
	loaders/shlib-place.c loaders/shlib-manifest.c loaders/shlib-lock.c \
	loaders/shlib-reloc.c $(fuzz_dyn_sources)
if HAVE_FUZZ
check_DATA += tests/fuzz/fuzz-shlib
tests/fuzz/fuzz-shlib: $(addprefix $(top_srcdir)/,$(fuzz_shlib_sources)) config.h
	$(AM_V_CCLD)$(fuzz_link)
CLEANFILES += tests/fuzz/fuzz-shlib
endif

# --- rproc-loader's config and uevent parsers: their fuzz harnesses ---------
# (tests/fuzz/fuzz-config.sh, fuzz-event.sh); tests/fuzz/config/ and
# tests/fuzz/event/: the inputs of bugs they find, replayed before fuzzing
# (none yet: add the directory to EXTRA_DIST with the first)
TESTS += tests/fuzz/fuzz-config.sh tests/fuzz/fuzz-event.sh
EXTRA_DIST += tests/fuzz/fuzz-config.sh tests/fuzz/fuzz-config.c \
	tests/fuzz/fuzz-event.sh tests/fuzz/fuzz-event.c
fuzz_config_sources = tests/fuzz/fuzz-config.c src/loader/loader-config.c \
	src/loader/loader-plugin.c src/shared/ini-file.c src/shared/log.c \
	src/shared/strparse.c src/shared/file-trust.c
fuzz_event_sources = tests/fuzz/fuzz-event.c src/loader/loader-event.c \
	src/loader/loader-plugin.c src/shared/log.c src/shared/strparse.c \
	src/shared/file-trust.c
if HAVE_FUZZ
check_DATA += tests/fuzz/fuzz-config tests/fuzz/fuzz-event
tests/fuzz/fuzz-config: $(addprefix $(top_srcdir)/,$(fuzz_config_sources)) config.h
	$(AM_V_CCLD)$(fuzz_link)
tests/fuzz/fuzz-event: $(addprefix $(top_srcdir)/,$(fuzz_event_sources)) config.h
	$(AM_V_CCLD)$(fuzz_link)
CLEANFILES += tests/fuzz/fuzz-config tests/fuzz/fuzz-event
endif

# --- overlay plugin: its fuzz harness (tests/fuzz/fuzz-overlay.sh) -------------
# tests/fuzz/overlay/: the inputs of bugs it finds, replayed before fuzzing
# (none yet: add the directory to EXTRA_DIST with the first)
TESTS += tests/fuzz/fuzz-overlay.sh
EXTRA_DIST += tests/fuzz/fuzz-overlay.sh tests/fuzz/fuzz-overlay.c
fuzz_overlay_sources = tests/fuzz/fuzz-overlay.c loaders/overlay.c loaders/overlay-obj.c \
	$(loaders_lib_sources) \
	tests/unit/backend-mem.h tests/fuzz/fuzz-plugin.h src/loader/loader-plan.c src/shared/log.c \
	src/shared/memories.c src/shared/path-beneath.c src/shared/ini-file.c
if HAVE_FUZZ
check_DATA += tests/fuzz/fuzz-overlay
tests/fuzz/fuzz-overlay: $(addprefix $(top_srcdir)/,$(fuzz_overlay_sources)) config.h
	$(AM_V_CCLD)$(fuzz_link)
CLEANFILES += tests/fuzz/fuzz-overlay
endif

# --- librproc and rprocctl (src/lib/, src/ctl/) -------------------------------
# the examples of librproc's man pages: built here, so a page shows code
# that compiles against the library as installed (lib-install.sh builds
# one again, with pkg-config, against a DESTDIR install)
# (librproc_examples: Makefile.am, whose man rules need it first)
check_PROGRAMS += $(librproc_examples)
src_lib_examples_rproc_list_LDADD = src/lib/librproc.la
src_lib_examples_rproc_echo_LDADD = src/lib/librproc.la
src_lib_examples_rproc_batch_LDADD = src/lib/librproc.la
src_lib_examples_rproc_frag_LDADD = src/lib/librproc.la
# the exported symbols against the header and the version script; the
# DESTDIR install, pkg-config and dlopen; rprocctl on a fake sysfs and /dev
TESTS += tests/unit/lib-symbols.sh tests/unit/lib-install.sh tests/ctl/rprocctl.sh
EXTRA_DIST += tests/unit/lib-symbols.sh tests/unit/lib-install.sh tests/ctl/rprocctl.sh
if HAVE_CHECK
# Check suites on the library's internals (librproc-internal.la): a fake
# sysfs and /dev tree, socket-pair endpoints, the reassembly parser
librproc_unit_cflags = $(AM_CFLAGS) $(CHECK_CFLAGS) -I$(top_srcdir)/src/lib \
	-I$(top_srcdir)/tests/unit
librproc_unit_ldadd = src/lib/librproc-internal.la src/shared/libshared.la $(CHECK_LIBS)
librproc_unit_tests = tests/unit/test-librproc tests/unit/test-librproc-io tests/unit/test-frag
check_PROGRAMS += $(librproc_unit_tests)
TESTS += $(librproc_unit_tests)
tests_unit_test_librproc_SOURCES = tests/unit/test-librproc.c
tests_unit_test_librproc_CFLAGS = $(librproc_unit_cflags)
tests_unit_test_librproc_LDADD = $(librproc_unit_ldadd)
tests_unit_test_librproc_io_SOURCES = tests/unit/test-librproc-io.c
tests_unit_test_librproc_io_CFLAGS = $(librproc_unit_cflags)
tests_unit_test_librproc_io_LDADD = $(librproc_unit_ldadd)
tests_unit_test_frag_SOURCES = tests/unit/test-frag.c
tests_unit_test_frag_CFLAGS = $(librproc_unit_cflags)
tests_unit_test_frag_LDADD = $(librproc_unit_ldadd)
endif

# --- librproc's reassembly: its fuzz harness (tests/fuzz/fuzz-frag.sh) ---------
# tests/fuzz/frag/: the inputs of bugs it finds, replayed before fuzzing
# (none yet: add the directory to EXTRA_DIST with the first)
TESTS += tests/fuzz/fuzz-frag.sh
EXTRA_DIST += tests/fuzz/fuzz-frag.sh tests/fuzz/fuzz-frag.c
fuzz_frag_sources = tests/fuzz/fuzz-frag.c src/lib/librproc-frag.c src/lib/librproc-frag.h
if HAVE_FUZZ
check_DATA += tests/fuzz/fuzz-frag
tests/fuzz/fuzz-frag: $(addprefix $(top_srcdir)/,$(fuzz_frag_sources)) config.h
	$(AM_V_CCLD)$(MKDIR_P) $(@D) && $(FUZZ_CC) -g -O1 \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		$(AM_CPPFLAGS) -I$(top_srcdir)/src/lib \
		$(filter %.c,$^) -o $@
CLEANFILES += tests/fuzz/fuzz-frag
endif
