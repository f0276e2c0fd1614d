// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The exact instruction of a data fault, found by re-executing it.
 *
 * With no hook on every instruction, Unicorn 2.0 does not know which
 * instruction of a translated block made an unmapped read or write: the PC
 * it reports is where it last left translated code. What it does keep
 * exact is everything else: the registers are those just before the
 * faulting instruction (QEMU's code writes them back before any access
 * that may fault), and memory holds what the instructions before it wrote,
 * the faulting one having written nothing. The block hook told us which
 * block the core was in.
 *
 * So each instruction of that block is run alone, once, from the state of
 * the fault, and the ones that make the same fault (same access, same
 * address) are the candidates. The faulting instruction is among them by
 * construction: from its own input state it does what it did. Another
 * instruction of the block can fault the same way only when, from the
 * fault's registers, it reaches the same address with the same kind of
 * access (two loads through one base register, a post-increment walk);
 * then the report names the candidates and says the PC is not exact.
 *
 * Why not re-run the block from its start: its start state is gone (a
 * context saved at every block cost twice the emulation, measured), and
 * re-running the instructions before the fault from the fault's state
 * would compute on values they had already changed.
 *
 * Nothing a replay does may last:
 * - the CPU context is saved first and restored after each instruction;
 * - every memory is made read-only, so an instruction that would write
 *   faults instead (a write-protection error, never taken as a match):
 *   no memory is written twice, with the same effect or another;
 * - device regions (the mailbox, any MMIO) are unmapped, as reading a
 *   device register may change it (the mailbox's RX pops a message); an
 *   access there faults as unmapped at another address than the fault's.
 *   They are not mapped again: after a fault the engine serves the report
 *   and the core file, then is closed;
 * - the block hook is removed (no counting, no stop requests), the
 *   interrupt hook does no semihosting while s->replaying.
 */
#include <errno.h>
#include <stdlib.h>

#include "log.h"
#include "sim.h"

static bool sim_region_is_memory(struct sim *s, const uc_mem_region *r)
{
	unsigned int i;

	for (i = 0; i < s->mem->n; i++)
		if (r->begin == s->mem->mem[i].da &&
		    r->end == s->mem->mem[i].da + s->mem->mem[i].size - 1)
			return true;
	return false;
}

/* Unmap the devices, make the memories read-only. */
static int sim_replay_fence(struct sim *s)
{
	uc_mem_region *r = NULL;
	uint32_t n = 0, i;
	int err = 0;

	if (uc_mem_regions(s->uc, &r, &n) != UC_ERR_OK)
		return -EINVAL;
	for (i = 0; i < n && !err; i++) {
		uc_err ue;

		if (sim_region_is_memory(s, &r[i]))
			ue = uc_mem_protect(s->uc, r[i].begin, r[i].end - r[i].begin + 1,
					    UC_PROT_READ | UC_PROT_EXEC);
		else
			ue = uc_mem_unmap(s->uc, r[i].begin, r[i].end - r[i].begin + 1);
		if (ue != UC_ERR_OK)
			err = -EINVAL;
	}
	uc_free(r);
	return err;
}

static void sim_replay_unfence(struct sim *s)
{
	unsigned int i;

	for (i = 0; i < s->mem->n; i++)
		uc_mem_protect(s->uc, s->mem->mem[i].da, s->mem->mem[i].size, UC_PROT_ALL);
}

/* Run the one instruction at pc from ctx: does it make the fault? */
static bool sim_replay_one(struct sim *s, uc_context *ctx, uint64_t pc)
{
	uc_context_restore(s->uc, ctx);
	s->replay_access = 0;
	s->replay_addr = 0;
	uc_emu_start(s->uc, s->arch->resume_pc(pc, 0), UINT64_MAX, 0, 1);
	return s->replay_access == s->fault.access && s->replay_addr == s->fault.addr;
}

void sim_fault_locate(struct sim *s)
{
	const struct sim_block b = s->block;
	const struct sim_fault f = s->fault;
	unsigned int idx = 0, first = 0, found = 0;
	uc_context *ctx = NULL;
	uint64_t pc;

	if (!b.size)
		return;	/* no block entered: the PC is what it is */
	if (uc_context_alloc(s->uc, &ctx) != UC_ERR_OK ||
	    uc_context_save(s->uc, ctx) != UC_ERR_OK) {
		WRN("fault: cannot save the CPU to find the faulting instruction: fault.pc is the block's");
		goto out;
	}
	uc_hook_del(s->uc, s->block_hook);
	if (sim_replay_fence(s) < 0) {
		WRN("fault: cannot fence the memories to replay: fault.pc is the block's");
		goto out_unfence;
	}
	/* translated blocks of before have no count hook: make new ones */
	uc_ctl_flush_tlb(s->uc);
	s->replaying = true;
	for (pc = b.pc; pc < b.pc + b.size; idx++) {
		uint8_t insn[4];

		if (sim_memory_read(s, pc, insn, 2) < 0)
			break;
		if (sim_replay_one(s, ctx, pc)) {
			if (found < sizeof(s->fault.pcs) / sizeof(s->fault.pcs[0]))
				s->fault.pcs[found] = pc;
			if (!found)
				first = idx;
			found++;
		}
		pc += s->arch->insn_len(insn);
	}
	s->replaying = false;
out_unfence:
	sim_replay_unfence(s);
	uc_context_restore(s->uc, ctx);
out:
	/* what the replays left is no state of the run */
	s->stop = SIM_FAULT;
	s->fault.cause = f.cause;
	s->fault.addr = f.addr;
	s->fault.has_addr = f.has_addr;
	s->fault.access = f.access;
	if (found) {
		/* up to the faulting instruction, as it began to execute */
		s->insns = b.insns_before + first + 1;
		s->fault.n_pcs = found;
		s->fault.pc = s->fault.pcs[0];
	} else {
		if (ctx)
			WRN("fault: no instruction of the block at 0x%08llx makes it again: fault.pc is the block's",
			    (unsigned long long)b.pc);
		s->fault.n_pcs = 1;
		s->fault.pc = s->fault.pcs[0] = b.pc;
	}
	sim_reg_write(s, s->arch->pc_reg, s->arch->resume_pc(s->fault.pc, 0));
	if (ctx)
		uc_context_free(ctx);
}
