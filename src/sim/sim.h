/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * rproc-sim: the virtual co-processor. Runs real firmware with Unicorn on the
 * memories of a directory backend, mapped without a copy, with a mailbox for
 * doorbells both ways and Arm semihosting for console and exit.
 */
#ifndef SIM_H
#define SIM_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <unicorn/unicorn.h>

#include "memories.h"

/* Exit codes of rproc-sim itself; any other is the firmware's own. */
#define SIM_EXIT_TIMEOUT	124	/* --timeout reached */
#define SIM_EXIT_ERROR		125	/* bad input, or rproc-sim failed */
#define SIM_EXIT_FAULT		126	/* the core faulted; report on stderr */

#define SIM_TRAP_STOPPED	UINT32_MAX

struct sim;

/* What differs between the CPUs rproc-sim runs. */
struct sim_arch {
	const char *name;			/* as in memories.ini [core] cpu */
	uc_arch uc_arch;
	uc_mode uc_mode;
	int uc_model;
	uint16_t e_machine;
	unsigned int word;			/* register size, 4 or 8 */
	int pc_reg, sp_reg, op_reg, arg_reg;	/* semihosting: op, parameter, result in op_reg */
	const int *regs;			/* registers of reports and core files */
	const char *const *reg_names;
	unsigned int n_regs;
	/* idle instructions (wfi, wfe) and their size */
	const uint32_t *idle_insns;
	unsigned int n_idle_insns;
	unsigned int insn_align;		/* where instructions may start */
	/* Length of the instruction whose first bytes are at p (2 or 4). */
	unsigned int (*insn_len)(const uint8_t *p);
	/* Set up registers to boot; 0 or -errno (logged). */
	int (*reset)(struct sim *s, uint64_t boot_addr);
	/*
	 * Is the trap intno at pc a semihosting call? Its length, or 0.
	 * intno is SIM_TRAP_STOPPED when Unicorn stopped at pc instead.
	 */
	unsigned int (*semihost_len)(struct sim *s, uint32_t intno, uint64_t pc);
	/*
	 * What a trap that is not semihosting means, for the fault report;
	 * may move *pc to the instruction that trapped.
	 */
	const char *(*trap_cause)(uint32_t intno, uint64_t *pc);
	/* Address to resume at after the instruction at pc of len bytes. */
	uint64_t (*resume_pc)(uint64_t pc, unsigned int len);
	/* Core file: NT_PRSTATUS size, offset of the registers, and filling them. */
	unsigned int prstatus_size, prstatus_reg_off;
	void (*core_regs)(struct sim *s, uint8_t *gregs);

	/*
	 * Interrupts and devices (sim-irq.c); NULL: none (the core runs as
	 * before). All are called on the thread that runs the core.
	 *
	 * devices_map: map the architecture's devices (uc_mmio_map) after the
	 * memories and set up s->arch_priv; 0 or -errno (logged). A device
	 * must not overlap a memory of memories.ini: refuse, naming both.
	 * devices_unmap: free what devices_map made; the engine is still open.
	 */
	int (*devices_map)(struct sim *s);
	void (*devices_unmap)(struct sim *s);
	/*
	 * Between two uc_emu_start() runs: turn the high lines (sim_irq_lines)
	 * into the controller's pending state and enter the exception of the
	 * highest takeable interrupt (registers, s->resume_at). 0: nothing is
	 * left pending; 1: an interrupt is left pending because the core masks
	 * it (the run loop looks again within SIM_IRQ_POLL_MS); -errno: stop.
	 */
	int (*irq_take)(struct sim *s);
	/* Would an idle instruction (wfi) wake now? Lines high wake it anyway. */
	bool (*irq_pending)(struct sim *s);
	/*
	 * After irq_take returned 1, at each block: is the interrupt takeable
	 * now (the firmware unmasked it)? Cheap: register reads only. NULL:
	 * the run loop polls every SIM_IRQ_POLL_MS instead.
	 */
	bool (*irq_takeable)(struct sim *s);
	/*
	 * A trap that is not semihosting (hook_intr): true when the architecture
	 * took it as an exception the firmware handles (registers and PC set,
	 * emulation goes on), false for the fault report.
	 */
	bool (*trap_take)(struct sim *s, uint32_t intno, uint64_t pc);
};

const struct sim_arch *sim_arch_find(const char *name);
const struct sim_arch *sim_arch_from_elf(uint16_t machine, int elf_class);

enum sim_stop {
	SIM_RUNNING,
	SIM_IDLE,		/* waiting for a doorbell */
	SIM_EXITED,		/* semihosting exit */
	SIM_FAULT,
	SIM_STOPPED,		/* the host stopped the core */
	SIM_TIMEDOUT,		/* a hook found the deadline passed */
};

/* The last translation block the core entered (sim-run.c's block hook). */
struct sim_block {
	uint64_t pc;		/* its first instruction */
	uint32_t size;		/* its bytes */
	uint64_t insns_before;	/* s->insns before it */
};

/* Instructions of a translation block, by its address and size. */
struct sim_icount {
	uint64_t pc;
	uint32_t size;
	uint32_t n;
};

struct sim_fault {
	const char *cause;	/* "unmapped-read", "unmapped-write", "unmapped-fetch", "undefined-instruction", ... */
	uint64_t pc;
	uint64_t addr;		/* fault address, or the pc */
	bool has_addr;
	int access;		/* a data fault's uc_mem_type; 0: none */
	unsigned int n_pcs;	/* instructions that could have made it; 1: exact */
	uint64_t pcs[4];	/* the first of them, for the report */
};

struct sim_mailbox;
struct sim_ivshmem;
struct sim_irq;

struct sim {
	const struct sim_arch *arch;
	uc_engine *uc;
	struct memories *mem;
	void *maps[MEMORIES_MAX];
	char *dir;

	enum sim_stop stop;
	int exit_code;
	struct sim_fault fault;
	uint64_t resume_at;		/* where an idle core goes on */
	uint64_t insns;			/* instructions executed */
	double deadline;		/* sim_now() of --timeout; 0: none */
	uint32_t deadline_blocks;	/* blocks until the block hook reads the clock */
	struct sim_block block;		/* where the core is, to a block */
	struct sim_icount *icount;	/* cache of block instruction counts */
	uc_hook block_hook;
	/* another thread wants the core stopped at the next block (sim_core_kick) */
	volatile int kicked;
	bool pc_at_block;		/* the block hook stopped it: PC is resume_at */
	bool replaying;			/* sim-fault.c re-executes an instruction */
	int replay_access;		/* what the replayed instruction faulted on */
	uint64_t replay_addr;

	/* unsupported semihosting calls of this run: logged, then only counted */
	uint64_t sh_unsupported;
	uint64_t sh_last_op;

	/* addresses of idle instructions, sorted, each with a code hook */
	uint64_t *idle_pcs;
	size_t n_idle_pcs;

	struct sim_mailbox *mbox;
	struct sim_irq *irq;		/* lines, timers, the idle wait */
	void *arch_priv;		/* the architecture's device state */
	int uart_fd;			/* the console of a UART model (stdout, --uart) */
	unsigned long uart_lost;	/* bytes the console did not take */

	/* kernel host (rproc_sim driver): its control device, else -1 */
	int dev_fd;
	uint64_t dev_off[MEMORIES_MAX];	/* mmap offset of each memory */
	/* external core (--ivshmem): the server, else NULL; dev_off[] are the
	 * memories' offsets in its shared memory */
	struct sim_ivshmem *ivs;
	/* the host stopped the core (set by the mailbox thread) */
	volatile bool stop_requested;
};

/* sim-memory.c */
int sim_memory_map(struct sim *s);
void sim_memory_unmap(struct sim *s);
/* what a device model is, for sim_memory_device_place() */
enum sim_device_kind {
	SIM_DEVICE_ARCH,	/* the architecture's (Cortex-M's PPB): never memory */
	SIM_DEVICE_BOARD,	/* a QEMU board's (virt, mps2-an386): a SoC may have memory there */
};
/*
 * May a device model be mapped at [base, base + size)? 1: yes. When a
 * memory of memories.ini or the mailbox is there: a board device is left out
 * of this run with a warning (0), the memory wins; an architectural one is
 * refused (-EINVAL). dev names the device in messages.
 */
int sim_memory_device_place(struct sim *s, const char *dev, enum sim_device_kind kind,
			    uint64_t base, uint64_t size);
/*
 * Map a device model's registers at [base, base + size): Unicorn calls
 * read and write with opaque on each access. 0, or -EINVAL logged as
 * "dev at base: why".
 */
int sim_memory_device_map(struct sim *s, const char *dev, uint64_t base, uint64_t size,
			  uc_cb_mmio_read_t read, uc_cb_mmio_write_t write, void *opaque);
/* Copy len bytes of device memory at da; -EFAULT outside every memory. */
int sim_memory_read(struct sim *s, uint64_t da, void *buf, size_t len);
uint64_t sim_memory_read_word(struct sim *s, uint64_t da, int *err);

/* sim-run.c */
/* A fresh Unicorn engine for the CPU, with the memories mapped. */
int sim_core_open(struct sim *s);
void sim_core_close(struct sim *s);
int sim_run(struct sim *s, uint64_t boot_addr, double timeout);
double sim_now(void);
uint64_t sim_reg_read(struct sim *s, int reg);
void sim_reg_write(struct sim *s, int reg, uint64_t v);
/*
 * From any thread: stop the running core at its next block, with its PC
 * exact, after setting what the run loop should look at (s->stop_requested).
 */
void sim_core_kick(struct sim *s);

/* sim-fault.c: the exact instruction of a data fault, by re-executing */
void sim_fault_locate(struct sim *s);

/* sim-main.c: a byte of a UART model to its console (stdout or --uart) */
void sim_uart_putc(struct sim *s, uint8_t c);

/* sim-irq.c: interrupt lines, the idle wait, the timer service */
#define SIM_IRQ_LINES		64
#define SIM_IRQ_TIMERS		8
#define SIM_IRQ_POLL_MS		1
#define SIM_LINE_MAILBOX	0	/* high while host->core messages wait */
#define SIM_LINE_ARCH		1	/* the first line for the architecture's devices */
/* Create the module and its timer thread once; idempotent. */
int sim_irq_start(struct sim *s);
void sim_irq_stop(struct sim *s);
/* A new engine: no line raised before it counts but the mailbox's. */
int sim_irq_attach(struct sim *s);
/*
 * sim-run.c's block hook, at the start of each block: stop the core here?
 * (a line raised, a kick, an unmasked pending interrupt). The run loop
 * knows such a stop by s->pc_at_block.
 */
bool sim_irq_block_stop(struct sim *s);
/* The engine goes: its timers are freed, its lines low but the mailbox's. */
void sim_irq_detach(struct sim *s);
/*
 * Any thread, MMIO callbacks included: a line's level. Raising one stops
 * the core at its next block and wakes it.
 */
void sim_irq_raise(struct sim *s, unsigned int line);
void sim_irq_lower(struct sim *s, unsigned int line);
uint64_t sim_irq_lines(struct sim *s);
/* Any thread: stop the core at its next block, wake its idle wait. */
void sim_irq_kick(struct sim *s);
/* Run loop: arch->irq_take before each run. */
int sim_irq_take(struct sim *s);
/* Would wfi wake: a line high, or arch->irq_pending. */
bool sim_irq_wake_pending(struct sim *s);
/* Idle: until sim_irq_wake_pending (0), a host stop (-ECANCELED), -ETIMEDOUT. */
int sim_irq_wait(struct sim *s, int timeout_ms);
/* A timer raising line at a deadline: its id or -errno. */
int sim_irq_timer_new(struct sim *s, unsigned int line);
/* Arm at when (sim_now() seconds), or cancel with 0; any thread. */
void sim_irq_timer_set(struct sim *s, int id, double when);

/* sim-semihost.c: handles the call; may set s->stop */
void sim_semihost(struct sim *s);
/* The end of a run: say how many warnings were not logged. */
void sim_semihost_run_end(struct sim *s);

/* sim-mailbox.c: the host end (socket, or the kernel's control device) */
#define SIM_MAILBOX_SIZE	4096	/* the [mailbox] page */
int sim_mailbox_start(struct sim *s);
/* The core's end: the register block in the current Unicorn engine. */
int sim_mailbox_map(struct sim *s);
void sim_mailbox_stop(struct sim *s);
/* Kernel host: wait for its START, give the boot address; -ECANCELED on EOF. */
int sim_mailbox_wait_start(struct sim *s, uint64_t *boot);
/* Kernel host: tell it the core stopped on its own (exit or fault). */
void sim_mailbox_report_crash(struct sim *s);
bool sim_mailbox_pending(struct sim *s);
/* The host end's events, from whichever thread serves the host. */
void sim_mailbox_host_kick(struct sim *s, uint32_t v);
void sim_mailbox_host_start(struct sim *s, uint64_t boot);
void sim_mailbox_host_stop(struct sim *s);
/* Client side: send values to a running rproc-sim, read back replies. */
int sim_mailbox_kick(const char *dir, const uint32_t *v, unsigned int n,
		     unsigned int replies, int timeout_ms);

/* sim-kernel.c: the rproc_sim driver's control device as the host */
int sim_kernel_open(struct sim *s, const char *dev);
int sim_kernel_serve(struct sim *s, const char *core_path);
/* Copy each memory to dir/NAME.bin: what a load left, for comparing. */
int sim_kernel_dump(struct sim *s, const char *dir);
int sim_kernel_clear(struct sim *s, const char *name);
/* What ended a run, logged, and reported to the host as a crash if it was one. */
void sim_kernel_run_ended(struct sim *s, int err, const char *core_path);

/* sim-ivshmem.c: rproc-sim as the ivshmem server of QEMU's ivshmem-doorbell */
int sim_ivshmem_open(struct sim *s, const char *sock, const char *dir);
void sim_ivshmem_close(struct sim *s);
int sim_ivshmem_serve(struct sim *s, const char *core_path);
int sim_ivshmem_fd(struct sim *s);
void sim_ivshmem_kick(struct sim *s, uint32_t value);
void sim_ivshmem_report_crash(struct sim *s);

/* sim-report.c */
void sim_report_fault(struct sim *s);
int sim_core_write(struct sim *s, const char *path, int signo);

#endif
