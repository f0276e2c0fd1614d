// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * rproc-sim: run a co-processor firmware on the memories of a directory
 * backend; see rproc-sim(1).
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "log.h"
#include "strparse.h"
#include "sim.h"

#define KICKS_MAX	64

struct sim_args {
	const char *dir;
	const char *device;
	const char *ivshmem;
	const char *cpu;
	const char *elf;
	const char *core;
	const char *dump;
	const char *clear;
	const char *uart;
	uint64_t boot;
	bool has_boot;
	double timeout;
	bool stats;
	int verbose;
	uint32_t kicks[KICKS_MAX];
	unsigned int n_kicks;
	unsigned int replies;
	bool kick_mode;
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: rproc-sim --dir PATH [OPTIONS]\n"
		"       rproc-sim --dir PATH --kick VALUE [--kick VALUE]... [--replies N]\n"
		"                 [--timeout SEC]\n"
		"       rproc-sim --device /dev/rproc-simN [--cpu NAME] [--core FILE] [--uart FILE] [-v]\n"
		"       rproc-sim --ivshmem SOCKET --dir PATH [--cpu NAME] [--core FILE] [-v]\n"
		"Run a co-processor firmware, loaded by rproc-loader --backend dir:PATH,\n"
		"on the memories PATH/memories.ini describes; or be the core of a\n"
		"virtual remoteproc of the rproc_sim kernel driver; or be an external\n"
		"core, the ivshmem server of a QEMU ivshmem-doorbell device.\n"
		"\n"
		"  -d, --dir=PATH        the directory backend\n"
		"  -D, --device=DEV      the rproc_sim driver's control device: run the\n"
		"                        core from each start to its stop, until closed\n"
		"      --ivshmem=SOCKET  be the ivshmem server listening on SOCKET: the\n"
		"                        memories of PATH/memories.ini in the shared memory\n"
		"                        PATH/ivshmem.shm; the core runs from each start to\n"
		"                        its stop the guest's rproc_sim driver asks for, and\n"
		"                        outlives the guest; until killed\n"
		"      --dump=DIR        with --device: copy each memory to DIR/NAME.bin\n"
		"                        and exit, instead of running the core\n"
		"      --clear=NAME      with --device: fill memory NAME with zeroes and\n"
		"                        exit (a fresh shared memory, as after a reset)\n"
		"  -c, --cpu=NAME        cortex-m4, riscv32, riscv64 or aarch64\n"
		"                        (default: [core] cpu of memories.ini, else --elf,\n"
		"                        else the machine PATH/loaded.ini records)\n"
		"  -e, --elf=FILE        the firmware ELF: its machine picks the CPU, its\n"
		"                        entry point is the boot address if nothing was loaded\n"
		"  -b, --boot=ADDR       boot address (default: PATH/loaded.ini)\n"
		"  -t, --timeout=SEC     stop the core after SEC seconds (exit 124); with\n"
		"                        --kick, wait that long for each reply (default 5)\n"
		"      --core=FILE       on a fault or timeout, write an ELF core file\n"
		"      --uart=FILE       the console of the core's UART (cortex-m4: the\n"
		"                        CMSDK UART0 of mps2-an386; riscv32, riscv64: the\n"
		"                        NS16550A of virt) goes to FILE, not stdout\n"
		"  -s, --stats           print instructions and time on stderr at the end\n"
		"  -k, --kick=VALUE      send a doorbell to a running rproc-sim and exit;\n"
		"                        once per value\n"
		"  -r, --replies=N       with --kick: wait for N doorbells back, print them\n"
		"  -v, --verbose         more messages (twice: debug)\n"
		"  -h, --help            this text\n"
		"  -V, --version         version\n"
		"\n"
		"Exit status: the firmware's own (semihosting SYS_EXIT), or 124 time out,\n"
		"125 rproc-sim error, 126 core fault. See rproc-sim(1).\n");
}

static int parse_args(int argc, char **argv, struct sim_args *a)
{
	static const struct option opts[] = {
		{ "dir", required_argument, NULL, 'd' },
		{ "device", required_argument, NULL, 'D' },
		{ "ivshmem", required_argument, NULL, 'I' },
		{ "cpu", required_argument, NULL, 'c' },
		{ "elf", required_argument, NULL, 'e' },
		{ "boot", required_argument, NULL, 'b' },
		{ "timeout", required_argument, NULL, 't' },
		{ "core", required_argument, NULL, 'C' },
		{ "dump", required_argument, NULL, 'M' },
		{ "clear", required_argument, NULL, 'Z' },
		{ "uart", required_argument, NULL, 'U' },
		{ "stats", no_argument, NULL, 's' },
		{ "kick", required_argument, NULL, 'k' },
		{ "replies", required_argument, NULL, 'r' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ }
	};
	uint64_t ms;
	uint32_t v;
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":d:D:c:e:b:t:sk:r:vhV", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			a->dir = optarg;
			break;
		case 'D':
			a->device = optarg;
			break;
		case 'I':
			a->ivshmem = optarg;
			break;
		case 'c':
			if (!sim_arch_find(optarg)) {
				ERR("--cpu '%.32s': expected cortex-m4, riscv32, riscv64 or aarch64",
				    optarg);
				return -EINVAL;
			}
			a->cpu = optarg;
			break;
		case 'e':
			a->elf = optarg;
			break;
		case 'b':
			if (strparse_u64(optarg, &a->boot) < 0) {
				ERR("--boot '%.32s': expected a decimal (no leading 0) or 0x number",
				    optarg);
				return -EINVAL;
			}
			a->has_boot = true;
			break;
		case 't':
			/* strict: strtod() took "1e2", "0x10", "inf" and blanks */
			if (strparse_seconds_ms(optarg, &ms) < 0 || ms == 0 ||
			    ms > 86400 * 1000) {
				ERR("--timeout '%.32s': expected seconds (up to 3 decimals), more than 0 and at most 86400",
				    optarg);
				return -EINVAL;
			}
			a->timeout = (double)ms / 1000;
			break;
		case 'M':
			a->dump = optarg;
			break;
		case 'Z':
			a->clear = optarg;
			break;
		case 'C':
			a->core = optarg;
			break;
		case 'U':
			a->uart = optarg;
			break;
		case 's':
			a->stats = true;
			break;
		case 'k':
			if (strparse_u32(optarg, &v) < 0 || a->n_kicks == KICKS_MAX) {
				ERR("--kick '%.32s': expected a 32-bit number, %d at most",
				    optarg, KICKS_MAX);
				return -EINVAL;
			}
			a->kicks[a->n_kicks++] = v;
			a->kick_mode = true;
			break;
		case 'r':
			if (strparse_u32(optarg, &v) < 0 || v > 1024) {
				ERR("--replies '%.32s': expected 0 to 1024", optarg);
				return -EINVAL;
			}
			a->replies = v;
			break;
		case 'v':
			a->verbose++;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		case 'V':
			printf("rproc-sim %s\n", PACKAGE_VERSION);
			exit(0);
		case ':':
			ERR("option '%s' needs a value; see --help", argv[optind - 1]);
			return -EINVAL;
		default:
			ERR("unknown option '%s'; see --help", argv[optind - 1]);
			return -EINVAL;
		}
	}
	if (optind < argc) {
		ERR("unexpected argument '%.64s'; see --help", argv[optind]);
		return -EINVAL;
	}
	if (a->ivshmem && (!a->dir || a->device || a->kick_mode || a->elf || a->has_boot ||
			   a->timeout > 0 || a->dump || a->clear || a->stats)) {
		ERR("--ivshmem takes --dir, --cpu, --core and -v only: the guest starts and stops the core");
		return -EINVAL;
	}
	if (!a->dir == !a->device) {
		ERR("give one of --dir PATH and --device DEV; see --help");
		return -EINVAL;
	}
	if (a->device && (a->kick_mode || a->elf || a->has_boot || a->timeout > 0 || a->stats)) {
		ERR("--device takes --cpu, --core, --uart, --dump, --clear and -v only: the kernel starts and stops the core");
		return -EINVAL;
	}
	if (a->dump && !a->device) {
		ERR("--dump is for --device: a directory backend's memories are files already");
		return -EINVAL;
	}
	if (a->clear && !a->device) {
		ERR("--clear is for --device: a directory backend's memories are files already");
		return -EINVAL;
	}
	if (a->clear && a->dump) {
		ERR("give one of --dump and --clear");
		return -EINVAL;
	}
	return 0;
}

/*
 * --uart FILE: the console of the UART models, opened once for all runs
 * (a kernel host runs many); without it they share stdout with
 * semihosting, in the order the firmware wrote.
 */
static int uart_fd = -1;

static int uart_open(const char *path)
{
	uart_fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOCTTY, 0644);
	if (uart_fd < 0) {
		ERR("--uart %s: %s", path, strerror(errno));
		return -errno;
	}
	return 0;
}

/*
 * A byte of a UART model to its console, at once: every UART model writes
 * through here. A console that cannot take it does not stop the core: the
 * byte is counted as lost, and said once.
 */
void sim_uart_putc(struct sim *s, uint8_t c)
{
	ssize_t n;

	do
		n = write(s->uart_fd, &c, 1);
	while (n < 0 && errno == EINTR);
	if (n != 1 && !s->uart_lost++)
		WRN("UART: cannot write to the console: %s; output is lost",
		    n < 0 ? strerror(errno) : "short write");
}

/* The CPU and entry point an ELF says; never trusts the file beyond its header. */
static int elf_identify(const char *path, const struct sim_arch **arch, uint64_t *entry)
{
	unsigned char h[64];
	uint16_t machine;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		ERR("%s: %s", path, strerror(errno));
		return -errno;
	}
	n = read(fd, h, sizeof(h));
	close(fd);
	if (n < 52 || memcmp(h, ELFMAG, SELFMAG) != 0 ||
	    (h[EI_CLASS] == ELFCLASS64 && n < 64)) {
		ERR("%s: not an ELF file", path);
		return -ENOEXEC;
	}
	if (h[EI_DATA] != ELFDATA2LSB) {
		ERR("%s: big-endian firmware is not supported by rproc-sim", path);
		return -ENOEXEC;
	}
	machine = (uint16_t)(h[18] | h[19] << 8);
	*arch = sim_arch_from_elf(machine, h[EI_CLASS]);
	if (!*arch) {
		ERR("%s: ELF machine %u (class %u) is not a CPU rproc-sim runs (Arm M-profile, RISC-V, AArch64)",
		    path, machine, h[EI_CLASS]);
		return -ENOEXEC;
	}
	if (h[EI_CLASS] == ELFCLASS64)
		memcpy(entry, h + 24, 8);
	else {
		uint32_t e;

		memcpy(&e, h + 24, 4);
		*entry = e;
	}
	return 0;
}

/*
 * The CPU recorded with the last load (loaded.ini [firmware]), or NULL
 * (logged when the record says something rproc-sim cannot run).
 */
static const struct sim_arch *arch_from_loaded(const struct memories_loaded *l,
					       const char *ini, bool *bad)
{
	const struct sim_arch *arch;
	const char *fw = l->firmware ? l->firmware : "the firmware";

	*bad = false;
	if (!l->has_machine)
		return NULL;
	arch = sim_arch_from_elf(l->machine, l->elf_class);
	if (!arch) {
		ERR("%s: %s is for ELF machine %u (class %u), not a CPU rproc-sim runs (Arm M-profile, RISC-V, AArch64)",
		    ini, fw, l->machine, l->elf_class);
		*bad = true;
	} else if (l->elf_data != ELFDATA2LSB) {
		ERR("%s: %s is big-endian: not supported by rproc-sim", ini, fw);
		*bad = true;
		arch = NULL;
	}
	return arch;
}

/*
 * --cpu, else [core] cpu, else --elf, else what the last load recorded; an
 * ELF or a record of another CPU than the one named is an error.
 */
static const struct sim_arch *choose_arch(const struct sim_args *a, struct sim *s,
					  const struct memories_loaded *loaded,
					  uint64_t *elf_entry, bool *has_entry)
{
	const struct sim_arch *from_elf = NULL, *from_loaded, *arch;
	const char *name = a->cpu ? a->cpu : s->mem->cpu;
	char ini[4096];
	bool bad;

	snprintf(ini, sizeof(ini), "%s/%s", a->dir, MEMORIES_LOADED_INI);
	if (a->elf) {
		if (elf_identify(a->elf, &from_elf, elf_entry) < 0)
			return NULL;
		*has_entry = true;
	}
	if (name) {
		arch = sim_arch_find(name);
		if (from_elf && from_elf != arch) {
			ERR("%s is for %s, but the core is a %s", a->elf, from_elf->name, name);
			return NULL;
		}
	} else {
		arch = from_elf;
	}
	/* the record of the last load: only the machine must agree */
	from_loaded = loaded->has_machine && loaded->elf_data == ELFDATA2LSB ?
		      sim_arch_from_elf(loaded->machine, loaded->elf_class) : NULL;
	if (arch && from_loaded && from_loaded != arch) {
		ERR("%s: the last load was %s, for %s, but the core is a %s", ini,
		    loaded->firmware ? loaded->firmware : "a firmware", from_loaded->name,
		    arch->name);
		return NULL;
	}
	if (arch)
		return arch;
	arch = arch_from_loaded(loaded, ini, &bad);
	if (!arch && !bad)
		ERR("which CPU? set [core] cpu in %s, or give --cpu or --elf (%s records none)",
		    s->mem->path, ini);
	return arch;
}

static int sim_main(const struct sim_args *a)
{
	struct sim s = { 0 };
	struct memories_loaded loaded = { 0 };
	uint64_t boot = 0, elf_entry = 0;
	bool has_entry = false;
	double t0;
	int err, ret = SIM_EXIT_ERROR;

	s.dir = (char *)a->dir;
	s.dev_fd = -1;
	s.uart_fd = uart_fd >= 0 ? uart_fd : STDOUT_FILENO;
	if (memories_parse(a->dir, &s.mem) < 0)
		return SIM_EXIT_ERROR;
	/* what the last load answered, and what it loaded (the CPU) */
	err = memories_loaded_read(a->dir, &loaded);
	if (err < 0 && err != -ENOENT)
		goto out_mem;
	s.arch = choose_arch(a, &s, &loaded, &elf_entry, &has_entry);
	if (!s.arch)
		goto out_mem;

	/* the boot address: as given, as the loader answered, or the ELF's entry */
	if (a->has_boot)
		boot = a->boot;
	else if (!err)
		boot = loaded.boot_addr;
	else if (err == -ENOENT && has_entry)
		boot = elf_entry;
	else if (err == -ENOENT) {
		ERR("%s: nothing loaded (no %s): run rproc-loader --backend dir:%s first, or give --boot",
		    a->dir, MEMORIES_LOADED_INI, a->dir);
		goto out_mem;
	} else {
		goto out_mem;
	}

	if (sim_core_open(&s) < 0)
		goto out_mem;
	if (s.mem->has_mailbox && (sim_mailbox_start(&s) < 0 || sim_mailbox_map(&s) < 0)) {
		ERR("mailbox: cannot start");
		goto out_mbox;
	}
	INF("%s: %s core, boot 0x%08llx%s%s", a->dir, s.arch->name, (unsigned long long)boot,
	    loaded.firmware ? ", firmware " : "", loaded.firmware ? loaded.firmware : "");

	t0 = sim_now();
	err = sim_run(&s, boot, a->timeout);
	if (a->stats)
		fprintf(stderr, "sim.insns=%llu\nsim.seconds=%.6f\n",
			(unsigned long long)s.insns, sim_now() - t0);
	switch (err) {
	case 0:
		ret = s.exit_code;
		break;
	case -EFAULT:
		if (s.stop != SIM_FAULT)
			break;	/* could not start: reported */
		sim_report_fault(&s);
		if (a->core)
			sim_core_write(&s, a->core, SIGSEGV);
		ret = SIM_EXIT_FAULT;
		break;
	case -ETIMEDOUT:
		ERR("time out after %g s: core %s at pc 0x%08llx", a->timeout,
		    s.stop == SIM_IDLE ? "idle" : "running",
		    (unsigned long long)(sim_reg_read(&s, s.arch->pc_reg) & ~1ull));
		if (a->core)
			sim_core_write(&s, a->core, SIGALRM);
		ret = SIM_EXIT_TIMEOUT;
		break;
	default:
		ERR("%s", strerror(-err));
	}

out_mbox:
	sim_mailbox_stop(&s);
	sim_core_close(&s);
	sim_irq_stop(&s);
	free(s.idle_pcs);
out_mem:
	memories_loaded_release(&loaded);
	memories_free(s.mem);
	return ret;
}

/* Serve the rproc_sim driver: run the core from each START to its STOP. */
static int sim_kernel_main(const struct sim_args *a)
{
	struct sim s = { .dev_fd = -1, .uart_fd = uart_fd >= 0 ? uart_fd : STDOUT_FILENO };
	const char *cpu;
	int err, ret = SIM_EXIT_ERROR;

	if (sim_kernel_open(&s, a->device) < 0)
		goto out;
	cpu = a->cpu ? a->cpu : s.mem->cpu;
	s.arch = cpu ? sim_arch_find(cpu) : NULL;
	if (!s.arch) {
		ERR("%s: CPU '%s' is not one rproc-sim runs; give --cpu", a->device,
		    cpu ? cpu : "(none)");
		goto out;
	}
	if (a->dump) {
		ret = sim_kernel_dump(&s, a->dump) < 0 ? SIM_EXIT_ERROR : 0;
		goto out;
	}
	if (a->clear) {
		ret = sim_kernel_clear(&s, a->clear) < 0 ? SIM_EXIT_ERROR : 0;
		goto out;
	}
	if (sim_mailbox_start(&s) < 0) {
		ERR("%s: cannot start the host end", a->device);
		goto out_mbox;
	}
	err = sim_kernel_serve(&s, a->core);
	ret = err < 0 ? SIM_EXIT_ERROR : 0;
out_mbox:
	sim_mailbox_stop(&s);
	sim_irq_stop(&s);
	free(s.idle_pcs);
out:
	if (s.dev_fd >= 0)
		close(s.dev_fd);
	memories_free(s.mem);
	return ret;
}

/* Be the ivshmem server of an external core: run it as the guest asks. */
static int sim_ivshmem_main(const struct sim_args *a)
{
	struct sim s = { .dev_fd = -1 };
	const char *cpu;
	int err, ret = SIM_EXIT_ERROR;

	s.dir = (char *)a->dir;
	if (memories_parse(a->dir, &s.mem) < 0)
		return SIM_EXIT_ERROR;
	cpu = a->cpu ? a->cpu : s.mem->cpu;
	s.arch = cpu ? sim_arch_find(cpu) : NULL;
	if (!s.arch) {
		ERR("%s: CPU '%s' is not one rproc-sim runs; set [core] cpu or give --cpu",
		    s.mem->path, cpu ? cpu : "(none)");
		goto out;
	}
	if (sim_ivshmem_open(&s, a->ivshmem, a->dir) < 0 || sim_mailbox_start(&s) < 0) {
		ERR("--ivshmem %s: cannot start the server", a->ivshmem);
		goto out_close;
	}
	err = sim_ivshmem_serve(&s, a->core);
	ret = err < 0 ? SIM_EXIT_ERROR : 0;
out_close:
	sim_mailbox_stop(&s);
	sim_ivshmem_close(&s);
	free(s.idle_pcs);
out:
	memories_free(s.mem);
	return ret;
}

int main(int argc, char **argv)
{
	struct sim_args a = { 0 };
	int err;

	log_open("rproc-sim", LOG_TARGET_STDERR, LOG_WARNING);
	if (parse_args(argc, argv, &a) < 0)
		return SIM_EXIT_ERROR;
	if (a.verbose)
		log_priority_set(a.verbose > 1 ? LOG_DEBUG : LOG_INFO);
	if (a.kick_mode) {
		/* a client: the options of a run, --uart's file included, are left alone */
		err = sim_mailbox_kick(a.dir, a.kicks, a.n_kicks, a.replies,
				       a.timeout > 0 ? (int)(a.timeout * 1000) : 5000);
		return err < 0 ? SIM_EXIT_ERROR : 0;
	}
	if (a.uart && uart_open(a.uart) < 0)
		return SIM_EXIT_ERROR;
	if (a.device)
		return sim_kernel_main(&a);
	if (a.ivshmem)
		return sim_ivshmem_main(&a);
	return sim_main(&a);
}
