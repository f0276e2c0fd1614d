// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Running the core: hooks for semihosting, idle instructions and faults, and
 * the loop that sleeps while the firmware waits for a doorbell.
 *
 * No hook runs on every instruction: it cost the core half its speed. What
 * the hooks do, and where:
 * - a block hook, on every translation block the core enters, counts the
 *   block's instructions (decoded once per block, cached), remembers where
 *   the block starts (for the exact PC of a fault, sim-fault.c), and stops
 *   the core at the block's start, its PC set, when another thread asked
 *   (sim_core_kick) or, every SIM_DEADLINE_BLOCKS blocks, when the deadline
 *   passed;
 * - one code hook per idle instruction (wfi, wfe) found in the memories:
 *   Unicorn emits a code hook's call only into instructions inside its
 *   range, so the others run without one;
 * - the interrupt hook (semihosting, traps) and the unmapped-memory hook.
 *
 * The deadline is Unicorn's timeout as well, a little later than our own:
 * a core stopped by Unicorn's timer from its thread has the PC Unicorn last
 * wrote, which, once a code hook exists, may be a block before the one it
 * stopped in (cpu-exec.c syncs the PC after an exit request only when no
 * code hook exists). A firmware that traps into semihosting in a loop is
 * stopped by the interrupt hook, which checks the deadline too. (RISC-V's
 * ebreak ends uc_emu_start(), and the loop below checks the deadline each
 * time.)
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "sim.h"

uint64_t sim_reg_read(struct sim *s, int reg)
{
	uint64_t v = 0;

	uc_reg_read(s->uc, reg, &v);
	return s->arch->word == 4 ? (uint32_t)v : v;
}

void sim_reg_write(struct sim *s, int reg, uint64_t v)
{
	uc_reg_write(s->uc, reg, &v);
}

int sim_core_open(struct sim *s)
{
	uc_err ue;
	int err;

	ue = uc_open(s->arch->uc_arch, s->arch->uc_mode, &s->uc);
	if (ue != UC_ERR_OK) {
		ERR("Unicorn cannot run %s: %s", s->arch->name, uc_strerror(ue));
		s->uc = NULL;
		return -EINVAL;
	}
	if (s->arch->uc_model >= 0)
		uc_ctl_set_cpu_model(s->uc, s->arch->uc_model);
	err = sim_irq_start(s);
	if (!err)
		err = sim_memory_map(s);
	if (!err && s->arch->devices_map)
		err = s->arch->devices_map(s);
	if (err < 0) {
		sim_core_close(s);
		return err;
	}
	err = sim_irq_attach(s);
	if (err < 0)
		sim_core_close(s);
	return err;
}

void sim_core_close(struct sim *s)
{
	/* the engine first: it must not outlive the memory it was given */
	sim_irq_detach(s);
	if (s->uc && s->arch->devices_unmap)
		s->arch->devices_unmap(s);
	if (s->uc)
		uc_close(s->uc);
	s->uc = NULL;
	sim_memory_unmap(s);
}

void sim_core_kick(struct sim *s)
{
	/*
	 * A flag the block hook reads, not uc_emu_stop(): a stop from
	 * another thread leaves a stale PC (above), and is lost when it
	 * comes before uc_emu_start() clears Unicorn's stop request. The
	 * core stops within a block; an idle core is woken by its wait.
	 */
	__atomic_store_n(&s->kicked, 1, __ATOMIC_RELEASE);
}

static int u64_compare(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Find every idle instruction (wfi, wfe) in the memories. */
static int sim_find_idle(struct sim *s)
{
	const struct sim_arch *a = s->arch;
	/* Thumb's wfi and wfe are 16 bits, the others' 32 */
	unsigned int i, k, len = a->idle_insns[0] > 0xffff ? 4 : 2;
	size_t cap = 0;

	/* a new run: the firmware may have changed */
	free(s->idle_pcs);
	s->idle_pcs = NULL;
	s->n_idle_pcs = 0;
	for (i = 0; i < s->mem->n; i++) {
		const uint8_t *p = s->maps[i];
		uint64_t off, size = s->mem->mem[i].size;

		for (off = 0; off + len <= size; off += a->insn_align) {
			uint32_t w = 0;

			memcpy(&w, p + off, len);
			for (k = 0; k < a->n_idle_insns; k++) {
				uint64_t *v;

				if (w != a->idle_insns[k])
					continue;
				if (s->n_idle_pcs == cap) {
					cap = cap ? cap * 2 : 64;
					v = realloc(s->idle_pcs, cap * sizeof(*v));
					if (!v)
						return -ENOMEM;
					s->idle_pcs = v;
				}
				s->idle_pcs[s->n_idle_pcs++] = s->mem->mem[i].da + off;
			}
		}
	}
	if (s->n_idle_pcs)
		qsort(s->idle_pcs, s->n_idle_pcs, sizeof(uint64_t), u64_compare);
	DBG("%zu idle instructions found", s->n_idle_pcs);
	return 0;
}

/* Has the deadline passed? Then stop the core; pc is where it would go on. */
static bool sim_deadline_stop(struct sim *s, uint64_t pc)
{
	if (!s->deadline || sim_now() < s->deadline)
		return false;
	s->stop = SIM_TIMEDOUT;
	s->resume_at = pc;
	uc_emu_stop(s->uc);
	return true;
}

/*
 * A clock read per block would cost more than the rest of the hook: every
 * 64 Ki blocks, about a millisecond of emulation.
 */
#define SIM_DEADLINE_BLOCKS	(1u << 16)

/* cached instruction counts: a power of two, indexed by the block's address */
#define SIM_ICOUNT_SLOTS	4096u

/* Decode the block's instruction lengths: how many instructions it holds. */
static uint32_t sim_block_count(struct sim *s, uint64_t pc, uint32_t size)
{
	const struct sim_arch *a = s->arch;
	uint32_t off = 0, n = 0;
	uint8_t buf[4];

	while (off < size) {
		if (sim_memory_read(s, pc + off, buf, 2) < 0)
			return n + (size - off + 3) / 4;	/* not in a memory: a guess */
		off += a->insn_len(buf);
		n++;
	}
	return n;
}

/*
 * Stop the core before the block at addr runs: it goes on there. Unicorn
 * calls the block hook just before the block's exit-request check, so the
 * stop takes effect before its first instruction. The PC is written once
 * uc_emu_start() returned, not here: a PC written in a hook makes Unicorn
 * go on at it, dropping the stop request (cpus.c, quit_request).
 */
static void sim_stop_at_block(struct sim *s, uint64_t addr)
{
	s->resume_at = s->arch->resume_pc(addr, 0);
	s->pc_at_block = true;
	uc_emu_stop(s->uc);
}

static void hook_block(uc_engine *uc, uint64_t addr, uint32_t size, void *user)
{
	struct sim *s = user;
	struct sim_icount *c;

	/* a host's stop, a raised line, an interrupt unmasked: the run loop sees why */
	if (__atomic_load_n(&s->kicked, __ATOMIC_ACQUIRE) || sim_irq_block_stop(s)) {
		sim_stop_at_block(s, addr);
		return;
	}
	if (!--s->deadline_blocks) {
		s->deadline_blocks = SIM_DEADLINE_BLOCKS;
		if (s->deadline && sim_now() >= s->deadline) {
			s->stop = SIM_TIMEDOUT;
			sim_stop_at_block(s, addr);
			return;
		}
	}
	/*
	 * Code rewritten in place with the same address and size and another
	 * count of instructions keeps the old count: a miscount, no more.
	 */
	c = &s->icount[(addr >> 1) & (SIM_ICOUNT_SLOTS - 1)];
	if (c->pc != addr || c->size != size) {
		c->pc = addr;
		c->size = size;
		c->n = sim_block_count(s, addr, size);
	}
	s->block.pc = addr;
	s->block.size = size;
	s->block.insns_before = s->insns;
	s->insns += c->n;
}

static void hook_idle(uc_engine *uc, uint64_t addr, uint32_t size, void *user)
{
	struct sim *s = user;

	/* an idle instruction: skip it, and sleep unless an interrupt is pending */
	s->resume_at = s->arch->resume_pc(addr, size);
	if (sim_irq_wake_pending(s)) {
		sim_reg_write(s, s->arch->pc_reg, s->resume_at);
		return;
	}
	s->stop = SIM_IDLE;
	uc_emu_stop(uc);
}

/*
 * A code hook on each idle instruction, its range that one address. Data
 * that happens to hold an idle instruction's bytes gets one too: it costs
 * the translation of nothing, as no block is made of it.
 */
static int sim_hook_idle(struct sim *s)
{
	size_t i;
	uc_hook h;

	for (i = 0; i < s->n_idle_pcs; i++)
		if (uc_hook_add(s->uc, &h, UC_HOOK_CODE, hook_idle, s,
				s->idle_pcs[i], s->idle_pcs[i]) != UC_ERR_OK)
			return -EINVAL;
	return 0;
}

static void sim_set_fault(struct sim *s, const char *cause, uint64_t pc,
			  uint64_t addr, bool has_addr)
{
	if (s->stop == SIM_FAULT)
		return;	/* the first fault is the one */
	s->stop = SIM_FAULT;
	s->fault.cause = cause;
	s->fault.pc = pc;
	s->fault.addr = addr;
	s->fault.has_addr = has_addr;
	s->fault.access = 0;
	s->fault.n_pcs = 1;
	s->fault.pcs[0] = pc;
}

static void hook_intr(uc_engine *uc, uint32_t intno, void *user)
{
	struct sim *s = user;
	uint64_t pc = sim_reg_read(s, s->arch->pc_reg) & ~1ull;
	unsigned int len;
	static char cause[32];
	const char *name;

	if (s->replaying) {
		/* sim-fault.c's instruction is no data fault: no semihosting */
		uc_emu_stop(uc);
		return;
	}
	len = s->arch->semihost_len(s, intno, pc);
	if (len) {
		sim_semihost(s);
		if (s->stop != SIM_RUNNING)
			return;
		/*
		 * A firmware may trap here in a loop. When the time is up the PC
		 * stays at the call, for the report.
		 */
		if (sim_deadline_stop(s, s->arch->resume_pc(pc, len)))
			return;
		sim_reg_write(s, s->arch->pc_reg, s->arch->resume_pc(pc, len));
		return;
	}
	/* svc, an exception return, ...: the firmware's own exception */
	if (s->arch->trap_take && s->arch->trap_take(s, intno, pc))
		return;
	name = s->arch->trap_cause(intno, &pc);
	if (!name) {
		snprintf(cause, sizeof(cause), "exception-%u", intno);
		name = cause;
	}
	sim_set_fault(s, name, pc, pc, false);
	uc_emu_stop(uc);
}

static bool hook_unmapped(uc_engine *uc, uc_mem_type type, uint64_t addr, int size,
			  int64_t value, void *user)
{
	struct sim *s = user;
	const char *cause = type == UC_MEM_WRITE_UNMAPPED ? "unmapped-write" :
			    type == UC_MEM_FETCH_UNMAPPED ? "unmapped-fetch" : "unmapped-read";

	if (s->replaying) {
		s->replay_access = type;
		s->replay_addr = addr;
		return false;
	}
	/*
	 * Without a hook on every instruction, Unicorn 2.0's PC is where
	 * it last left translated code, not this instruction's: a data
	 * fault's PC is found by sim_fault_locate(), a fetch's is the
	 * address fetched.
	 */
	sim_set_fault(s, cause, type == UC_MEM_FETCH_UNMAPPED ? addr :
		      sim_reg_read(s, s->arch->pc_reg) & ~1ull, addr, true);
	if (type != UC_MEM_FETCH_UNMAPPED)
		s->fault.access = type;
	return false;
}

/*
 * Unicorn stops at a RISC-V ebreak instead of raising it to UC_HOOK_INTR:
 * it treats the breakpoint as the end of emulation. A semihosting sequence
 * is handled here and the core goes on after it.
 */
static bool sim_semihost_stopped(struct sim *s, uc_err e)
{
	uint64_t pc;
	unsigned int len;

	if (e != UC_ERR_INSN_INVALID && e != UC_ERR_EXCEPTION)
		return false;
	pc = sim_reg_read(s, s->arch->pc_reg) & ~1ull;
	len = s->arch->semihost_len(s, SIM_TRAP_STOPPED, pc);
	if (!len)
		return false;
	sim_semihost(s);
	s->resume_at = s->arch->resume_pc(pc, len);
	return true;
}

/* Seconds on the monotonic clock: deadlines and --stats. */
double sim_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* What Unicorn's error says, when no hook said it first. */
static void sim_fault_from_error(struct sim *s, uc_err e)
{
	uint64_t pc = sim_reg_read(s, s->arch->pc_reg) & ~1ull;

	switch (e) {
	case UC_ERR_INSN_INVALID:
		sim_set_fault(s, "undefined-instruction", pc, pc, false);
		break;
	case UC_ERR_FETCH_UNMAPPED:
	case UC_ERR_FETCH_PROT:
		sim_set_fault(s, "unmapped-fetch", pc, pc, true);
		break;
	case UC_ERR_READ_UNALIGNED:
	case UC_ERR_WRITE_UNALIGNED:
	case UC_ERR_FETCH_UNALIGNED:
		sim_set_fault(s, "unaligned-access", pc, pc, false);
		break;
	default:
		sim_set_fault(s, uc_strerror(e), pc, pc, false);
	}
}

/* What the run loop does when a kick stopped the core: 0 goes on. */
static int sim_kicked(struct sim *s)
{
	__atomic_store_n(&s->kicked, 0, __ATOMIC_RELEASE);
	if (s->stop_requested) {
		s->stop = SIM_STOPPED;
		return -ECANCELED;
	}
	return 0;
}

static int sim_run_core(struct sim *s, uint64_t boot_addr)
{
	double deadline = s->deadline;
	bool at_block;
	uc_hook h;
	uc_err e;
	int err;

	err = sim_find_idle(s);
	if (err < 0)
		return err;
	free(s->icount);
	s->icount = calloc(SIM_ICOUNT_SLOTS, sizeof(*s->icount));
	if (!s->icount)
		return -ENOMEM;
	s->deadline_blocks = SIM_DEADLINE_BLOCKS;
	s->replaying = false;
	s->pc_at_block = false;
	/* a kick of the last run is void; a stop since is in stop_requested */
	__atomic_store_n(&s->kicked, 0, __ATOMIC_RELEASE);
	if (uc_hook_add(s->uc, &s->block_hook, UC_HOOK_BLOCK, hook_block, s, 1, 0) ||
	    sim_hook_idle(s) < 0 ||
	    uc_hook_add(s->uc, &h, UC_HOOK_INTR, hook_intr, s, 1, 0) ||
	    uc_hook_add(s->uc, &h, UC_HOOK_MEM_UNMAPPED, hook_unmapped, s, 1, 0)) {
		ERR("cannot install Unicorn hooks");
		return -EINVAL;
	}
	err = s->arch->reset(s, boot_addr);
	if (err < 0)
		return err;
	if (memories_find(s->mem->mem, s->mem->n, s->resume_at & ~1ull, 2) < 0) {
		ERR("boot address 0x%08llx is outside every memory",
		    (unsigned long long)s->resume_at);
		return -EFAULT;
	}
	for (;;) {
		uint64_t left_us = 0;

		if (deadline) {
			double left = deadline - sim_now();

			if (left <= 0)
				return -ETIMEDOUT;
			/* the block hook's check first: it leaves the PC exact */
			left_us = (uint64_t)(left * 1e6) + 100000;
		}
		if (s->stop_requested)
			return -ECANCELED;
		err = sim_irq_take(s);
		if (err < 0)
			return err;
		s->stop = SIM_RUNNING;
		e = uc_emu_start(s->uc, s->resume_at, UINT64_MAX, left_us, 0);
		at_block = s->pc_at_block;
		if (at_block) {
			/* Unicorn's PC may be a block before (see the top) */
			s->pc_at_block = false;
			sim_reg_write(s, s->arch->pc_reg, s->resume_at);
		}
		if (s->stop == SIM_RUNNING && sim_semihost_stopped(s, e)) {
			if (s->stop == SIM_RUNNING)
				continue;
			e = UC_ERR_OK;
		}
		if (s->stop == SIM_EXITED)
			return 0;
		if (s->stop == SIM_STOPPED)
			return -ECANCELED;
		if (s->stop == SIM_TIMEDOUT)
			return -ETIMEDOUT;
		if (s->stop == SIM_FAULT || e != UC_ERR_OK) {
			if (s->stop != SIM_FAULT)
				sim_fault_from_error(s, e);
			else if (s->fault.access)
				sim_fault_locate(s);
			return -EFAULT;
		}
		if (s->stop == SIM_RUNNING && at_block) {
			/* a kick or a line: the host's stop, else irq_take above, then on */
			err = sim_kicked(s);
			if (err < 0)
				return err;
			continue;
		}
		if (s->stop == SIM_RUNNING) {
			/* Unicorn stopped on its own: the time is up */
			s->resume_at = sim_reg_read(s, s->arch->pc_reg);
			return -ETIMEDOUT;
		}
		/* idle: sleep until a doorbell or an interrupt, no spinning */
		err = sim_irq_wait(s, deadline ? (int)((deadline - sim_now()) * 1000) + 1 : -1);
		if (err == -ETIMEDOUT)
			return -ETIMEDOUT;
		if (err < 0)
			return err;
	}
}

int sim_run(struct sim *s, uint64_t boot_addr, double timeout)
{
	int err;

	s->deadline = timeout > 0 ? sim_now() + timeout : 0;
	s->sh_unsupported = 0;
	err = sim_run_core(s, boot_addr);
	sim_semihost_run_end(s);
	free(s->icount);
	s->icount = NULL;
	return err;
}
