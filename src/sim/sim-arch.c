// SPDX-License-Identifier: LGPL-2.1-or-later
/* The CPUs rproc-sim runs: Cortex-M4, RISC-V 32 and 64, AArch64. */
#include <elf.h>
#include <errno.h>
#include <string.h>

#include "log.h"
#include "sim.h"
#include "sim-armv7m.h"
#include "sim-riscv.h"

/* Unicorn's exception numbers, as QEMU raises them */
#define ARM_EXCP_UDEF		1
#define ARM_EXCP_SWI		2
#define ARM_EXCP_BKPT		7
#define RISCV_EXCP_BREAKPOINT	3

/* QEMU's EXCP_* of target/arm, shared by M-profile and AArch64 */
static const char *arm_trap_name(uint32_t intno)
{
	static const char *const names[] = {
		[1] = "undefined-instruction", [2] = "svc",
		[3] = "prefetch-abort", [4] = "data-abort", [7] = "breakpoint",
		[11] = "hvc", [13] = "smc", [17] = "no-coprocessor",
		[18] = "invalid-state", [19] = "stack-overflow",
		[21] = "lazy-fp-error", [22] = "unaligned-access",
	};

	return intno < sizeof(names) / sizeof(names[0]) ? names[intno] : NULL;
}

static const char *thumb_trap_cause(uint32_t intno, uint64_t *pc)
{
	if (intno == ARM_EXCP_SWI)
		*pc -= 2;	/* reported after the svc; Thumb svc is 16 bits */
	return arm_trap_name(intno);
}

static const char *arm64_trap_cause(uint32_t intno, uint64_t *pc)
{
	if (intno == ARM_EXCP_SWI)
		*pc -= 4;
	return arm_trap_name(intno);
}

/* the privileged specification's exception codes */
static const char *riscv_trap_cause(uint32_t intno, uint64_t *pc)
{
	static const char *const names[] = {
		"misaligned-fetch", "fetch-access-fault", "undefined-instruction",
		"breakpoint", "misaligned-load", "load-access-fault",
		"misaligned-store", "store-access-fault", "ecall", "ecall",
		NULL, "ecall", "fetch-page-fault", "load-page-fault", NULL,
		"store-page-fault",
	};

	/* Unicorn reports an ecall after it; the others at the instruction */
	if (intno == 8 || intno == 9 || intno == 11)
		*pc -= 4;
	return intno < sizeof(names) / sizeof(names[0]) ? names[intno] : NULL;
}

/* --- Cortex-M4 (Thumb, M-profile) ------------------------------------------- */

static const int arm_regs[] = {
	UC_ARM_REG_R0, UC_ARM_REG_R1, UC_ARM_REG_R2, UC_ARM_REG_R3,
	UC_ARM_REG_R4, UC_ARM_REG_R5, UC_ARM_REG_R6, UC_ARM_REG_R7,
	UC_ARM_REG_R8, UC_ARM_REG_R9, UC_ARM_REG_R10, UC_ARM_REG_R11,
	UC_ARM_REG_R12, UC_ARM_REG_SP, UC_ARM_REG_LR, UC_ARM_REG_PC,
	UC_ARM_REG_XPSR,
};
static const char *const arm_reg_names[] = {
	"r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10",
	"r11", "r12", "sp", "lr", "pc", "xpsr",
};
static const uint32_t arm_idle[] = { 0xbf30, 0xbf20 };	/* wfi, wfe (T1) */

/* As the architecture does: SP from word 0 of the vector table, PC from word 1. */
static int arm_reset(struct sim *s, uint64_t boot_addr)
{
	const uint64_t vtor = 0;	/* VTOR resets to 0 */
	uint64_t sp, pc;
	int err = 0;

	sp = sim_memory_read_word(s, vtor, &err);
	pc = sim_memory_read_word(s, vtor + 4, &err);
	if (err) {
		ERR("cortex-m4: no vector table at 0x%08llx: not inside a memory",
		    (unsigned long long)vtor);
		return -EFAULT;
	}
	if (!(pc & 1)) {
		ERR("cortex-m4: reset vector 0x%08llx is not a Thumb address (bit 0 clear)",
		    (unsigned long long)pc);
		return -EINVAL;
	}
	if (boot_addr && (boot_addr | 1) != pc)
		WRN("cortex-m4: reported boot address 0x%08llx, vector table says 0x%08llx: the core boots as the architecture does",
		    (unsigned long long)boot_addr, (unsigned long long)pc);
	sim_reg_write(s, UC_ARM_REG_SP, sp);
	s->resume_at = pc;
	return 0;
}

static unsigned int arm_semihost_len(struct sim *s, uint32_t intno, uint64_t pc)
{
	uint16_t insn;

	if (intno != ARM_EXCP_BKPT || sim_memory_read(s, pc, &insn, 2) < 0)
		return 0;
	return insn == 0xbeab ? 2 : 0;	/* bkpt 0xab */
}

/* Thumb-2: a first halfword of 0b11101, 0b11110 or 0b11111 starts 32 bits */
static unsigned int thumb_insn_len(const uint8_t *p)
{
	return p[1] >= 0xe8 ? 4 : 2;
}

static uint64_t arm_resume_pc(uint64_t pc, unsigned int len)
{
	return (pc + len) | 1;	/* stay in Thumb */
}

/* Linux's ARM elf_prstatus: r0-r15, cpsr, orig_r0; T bit set for gdb. */
static void arm_core_regs(struct sim *s, uint8_t *g)
{
	uint32_t v[18] = { 0 };
	unsigned int i;

	for (i = 0; i < 16; i++)
		v[i] = (uint32_t)sim_reg_read(s, arm_regs[i]);
	v[16] = ((uint32_t)sim_reg_read(s, UC_ARM_REG_XPSR) & 0xf8000000) | 0x30;
	memcpy(g, v, sizeof(v));
}

/* --- RISC-V --------------------------------------------------------------------- */

static const int riscv_regs[] = {
	UC_RISCV_REG_PC,
	UC_RISCV_REG_X1, UC_RISCV_REG_X2, UC_RISCV_REG_X3, UC_RISCV_REG_X4,
	UC_RISCV_REG_X5, UC_RISCV_REG_X6, UC_RISCV_REG_X7, UC_RISCV_REG_X8,
	UC_RISCV_REG_X9, UC_RISCV_REG_X10, UC_RISCV_REG_X11, UC_RISCV_REG_X12,
	UC_RISCV_REG_X13, UC_RISCV_REG_X14, UC_RISCV_REG_X15, UC_RISCV_REG_X16,
	UC_RISCV_REG_X17, UC_RISCV_REG_X18, UC_RISCV_REG_X19, UC_RISCV_REG_X20,
	UC_RISCV_REG_X21, UC_RISCV_REG_X22, UC_RISCV_REG_X23, UC_RISCV_REG_X24,
	UC_RISCV_REG_X25, UC_RISCV_REG_X26, UC_RISCV_REG_X27, UC_RISCV_REG_X28,
	UC_RISCV_REG_X29, UC_RISCV_REG_X30, UC_RISCV_REG_X31,
};
static const char *const riscv_reg_names[] = {
	"pc", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1",
	"a2", "a3", "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7",
	"s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};
static const uint32_t riscv_idle[] = { 0x10500073 };	/* wfi */

static int pc_reset(struct sim *s, uint64_t boot_addr)
{
	s->resume_at = boot_addr;
	return 0;
}

/* slli x0,x0,0x1f; ebreak; srai x0,x0,7 */
static unsigned int riscv_semihost_len(struct sim *s, uint32_t intno, uint64_t pc)
{
	uint32_t w[3];

	if ((intno != RISCV_EXCP_BREAKPOINT && intno != SIM_TRAP_STOPPED) || pc < 4 ||
	    sim_memory_read(s, pc - 4, w, sizeof(w)) < 0)
		return 0;
	return w[0] == 0x01f01013 && w[1] == 0x00100073 && w[2] == 0x40705013 ? 4 : 0;
}

/* the C extension: 32 bits when the low two bits are 11 */
static unsigned int riscv_insn_len(const uint8_t *p)
{
	return (p[0] & 3) == 3 ? 4 : 2;
}

static unsigned int arm64_insn_len(const uint8_t *p)
{
	return 4;
}

static uint64_t plain_resume_pc(uint64_t pc, unsigned int len)
{
	return pc + len;
}

/* Linux's RISC-V elf_gregset_t: pc, then x1-x31 */
static void riscv_core_regs(struct sim *s, uint8_t *g)
{
	unsigned int i, w = s->arch->word;

	for (i = 0; i < 32; i++) {
		uint64_t v = sim_reg_read(s, riscv_regs[i]);

		memcpy(g + i * w, &v, w);	/* little-endian host and target */
	}
}

/* --- AArch64 ---------------------------------------------------------------------- */

static const int arm64_regs[] = {
	UC_ARM64_REG_X0, UC_ARM64_REG_X1, UC_ARM64_REG_X2, UC_ARM64_REG_X3,
	UC_ARM64_REG_X4, UC_ARM64_REG_X5, UC_ARM64_REG_X6, UC_ARM64_REG_X7,
	UC_ARM64_REG_X8, UC_ARM64_REG_X9, UC_ARM64_REG_X10, UC_ARM64_REG_X11,
	UC_ARM64_REG_X12, UC_ARM64_REG_X13, UC_ARM64_REG_X14, UC_ARM64_REG_X15,
	UC_ARM64_REG_X16, UC_ARM64_REG_X17, UC_ARM64_REG_X18, UC_ARM64_REG_X19,
	UC_ARM64_REG_X20, UC_ARM64_REG_X21, UC_ARM64_REG_X22, UC_ARM64_REG_X23,
	UC_ARM64_REG_X24, UC_ARM64_REG_X25, UC_ARM64_REG_X26, UC_ARM64_REG_X27,
	UC_ARM64_REG_X28, UC_ARM64_REG_X29, UC_ARM64_REG_X30, UC_ARM64_REG_SP,
	UC_ARM64_REG_PC, UC_ARM64_REG_PSTATE,
};
static const char *const arm64_reg_names[] = {
	"x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11",
	"x12", "x13", "x14", "x15", "x16", "x17", "x18", "x19", "x20", "x21",
	"x22", "x23", "x24", "x25", "x26", "x27", "x28", "x29", "x30", "sp",
	"pc", "pstate",
};
static const uint32_t arm64_idle[] = { 0xd503207f, 0xd503205f };	/* wfi, wfe */

static unsigned int arm64_semihost_len(struct sim *s, uint32_t intno, uint64_t pc)
{
	uint32_t insn;

	/* without semihosting, QEMU treats hlt as undefined */
	if (intno != ARM_EXCP_UDEF || sim_memory_read(s, pc, &insn, 4) < 0)
		return 0;
	return insn == 0xd45e0000 ? 4 : 0;	/* hlt #0xf000 */
}

/* Linux's AArch64 user_pt_regs: x0-x30, sp, pc, pstate */
static void arm64_core_regs(struct sim *s, uint8_t *g)
{
	unsigned int i;

	for (i = 0; i < 34; i++) {
		uint64_t v = sim_reg_read(s, arm64_regs[i]);

		memcpy(g + i * 8, &v, 8);
	}
}

#define REGS(r, n) .regs = r, .reg_names = n, .n_regs = sizeof(r) / sizeof(r[0])
/* QEMU virt's CLINT, PLIC and UART, machine-mode traps (sim-riscv.c) */
#define RISCV_VIRT .devices_map = sim_riscv_devices_map, \
	.devices_unmap = sim_riscv_devices_unmap, .irq_take = sim_riscv_irq_take, \
	.irq_pending = sim_riscv_irq_pending, .irq_takeable = sim_riscv_irq_takeable, \
	.trap_take = sim_riscv_trap_take
#define IDLE(i, a) .idle_insns = i, .n_idle_insns = sizeof(i) / sizeof(i[0]), .insn_align = a

static const struct sim_arch sim_arches[] = {
	{
		.name = "cortex-m4",
		.uc_arch = UC_ARCH_ARM,
		.uc_mode = UC_MODE_THUMB | UC_MODE_MCLASS,
		.uc_model = UC_CPU_ARM_CORTEX_M4,
		.e_machine = EM_ARM,
		.word = 4,
		.pc_reg = UC_ARM_REG_PC, .sp_reg = UC_ARM_REG_SP,
		.op_reg = UC_ARM_REG_R0, .arg_reg = UC_ARM_REG_R1,
		REGS(arm_regs, arm_reg_names),
		IDLE(arm_idle, 2),
		.insn_len = thumb_insn_len,
		.reset = arm_reset,
		.semihost_len = arm_semihost_len,
		.trap_cause = thumb_trap_cause,
		.resume_pc = arm_resume_pc,
		.prstatus_size = 148, .prstatus_reg_off = 72,
		.core_regs = arm_core_regs,
		.devices_map = armv7m_devices_map,
		.devices_unmap = armv7m_devices_unmap,
		.irq_take = armv7m_irq_take,
		.irq_pending = armv7m_irq_pending,
		.irq_takeable = armv7m_irq_takeable,
		.trap_take = armv7m_trap_take,
	},
	{
		.name = "riscv32",
		.uc_arch = UC_ARCH_RISCV,
		.uc_mode = UC_MODE_RISCV32,
		.uc_model = -1,
		.e_machine = EM_RISCV,
		.word = 4,
		.pc_reg = UC_RISCV_REG_PC, .sp_reg = UC_RISCV_REG_SP,
		.op_reg = UC_RISCV_REG_A0, .arg_reg = UC_RISCV_REG_A1,
		REGS(riscv_regs, riscv_reg_names),
		IDLE(riscv_idle, 2),
		.insn_len = riscv_insn_len,
		.reset = pc_reset,
		.semihost_len = riscv_semihost_len,
		.trap_cause = riscv_trap_cause,
		.resume_pc = plain_resume_pc,
		.prstatus_size = 204, .prstatus_reg_off = 72,
		.core_regs = riscv_core_regs,
		RISCV_VIRT,
	},
	{
		.name = "riscv64",
		.uc_arch = UC_ARCH_RISCV,
		.uc_mode = UC_MODE_RISCV64,
		.uc_model = -1,
		.e_machine = EM_RISCV,
		.word = 8,
		.pc_reg = UC_RISCV_REG_PC, .sp_reg = UC_RISCV_REG_SP,
		.op_reg = UC_RISCV_REG_A0, .arg_reg = UC_RISCV_REG_A1,
		REGS(riscv_regs, riscv_reg_names),
		IDLE(riscv_idle, 2),
		.insn_len = riscv_insn_len,
		.reset = pc_reset,
		.semihost_len = riscv_semihost_len,
		.trap_cause = riscv_trap_cause,
		.resume_pc = plain_resume_pc,
		.prstatus_size = 376, .prstatus_reg_off = 112,
		.core_regs = riscv_core_regs,
		RISCV_VIRT,
	},
	{
		.name = "aarch64",
		.uc_arch = UC_ARCH_ARM64,
		.uc_mode = UC_MODE_ARM,
		.uc_model = -1,
		.e_machine = EM_AARCH64,
		.word = 8,
		.pc_reg = UC_ARM64_REG_PC, .sp_reg = UC_ARM64_REG_SP,
		.op_reg = UC_ARM64_REG_X0, .arg_reg = UC_ARM64_REG_X1,
		REGS(arm64_regs, arm64_reg_names),
		IDLE(arm64_idle, 4),
		.insn_len = arm64_insn_len,
		.reset = pc_reset,
		.semihost_len = arm64_semihost_len,
		.trap_cause = arm64_trap_cause,
		.resume_pc = plain_resume_pc,
		.prstatus_size = 392, .prstatus_reg_off = 112,
		.core_regs = arm64_core_regs,
	},
};

const struct sim_arch *sim_arch_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(sim_arches) / sizeof(sim_arches[0]); i++)
		if (strcmp(sim_arches[i].name, name) == 0)
			return &sim_arches[i];
	return NULL;
}

const struct sim_arch *sim_arch_from_elf(uint16_t machine, int elf_class)
{
	switch (machine) {
	case EM_ARM:
		return elf_class == ELFCLASS32 ? sim_arch_find("cortex-m4") : NULL;
	case EM_RISCV:
		return sim_arch_find(elf_class == ELFCLASS64 ? "riscv64" : "riscv32");
	case EM_AARCH64:
		return elf_class == ELFCLASS64 ? sim_arch_find("aarch64") : NULL;
	}
	return NULL;
}
