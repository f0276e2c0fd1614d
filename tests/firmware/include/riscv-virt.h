/*
 * riscv-virt.h - machine-mode CSRs and the devices of QEMU's virt board
 *
 * For the interrupt-driven RISC-V images (src/rv-*.c), RV32 and RV64:
 * CSR access, the CLINT (msip, mtimecmp, mtime), the PLIC (context 0:
 * hart 0 in M-mode) and the NS16550A UART, at virt's addresses, which
 * rproc-sim models at the same places. The trap entry is riscv/rv-trap.S.
 */
#ifndef FW_RISCV_VIRT_H
#define FW_RISCV_VIRT_H

#include <stdint.h>

/* binutils >= 2.38 split CSR access out of the base ISA: ask for Zicsr */
#define csr_read(csr) ({ unsigned long __v; \
	__asm__ volatile(".option push\n.option arch, +zicsr\n" \
			 "csrr %0, " #csr "\n.option pop" : "=r"(__v) :: "memory"); __v; })
#define csr_write(csr, v) __asm__ volatile(".option push\n.option arch, +zicsr\n" \
			 "csrw " #csr ", %0\n.option pop" :: "r"((unsigned long)(v)) : "memory")
#define csr_set(csr, v) __asm__ volatile(".option push\n.option arch, +zicsr\n" \
			 "csrs " #csr ", %0\n.option pop" :: "r"((unsigned long)(v)) : "memory")
#define csr_clear(csr, v) __asm__ volatile(".option push\n.option arch, +zicsr\n" \
			 "csrc " #csr ", %0\n.option pop" :: "r"((unsigned long)(v)) : "memory")

#define MSTATUS_MIE		(1ul << 3)
#define MSTATUS_MPIE		(1ul << 7)
#define MSTATUS_MPP		(3ul << 11)

#define IRQ_MSI			3
#define IRQ_MTI			7
#define IRQ_MEI			11
#define MIE_MSIE		(1ul << IRQ_MSI)
#define MIE_MTIE		(1ul << IRQ_MTI)
#define MIE_MEIE		(1ul << IRQ_MEI)

/* mcause: the interrupt bit is the top one of XLEN */
#define MCAUSE_IRQ		(1ul << (__riscv_xlen - 1))
#define MCAUSE_M_ECALL		11

/* mtvec's mode bits */
#define MTVEC_VECTORED		1ul

#define REG32(a)		(*(volatile uint32_t *)(uintptr_t)(a))
#define REG8(a)			(*(volatile uint8_t *)(uintptr_t)(a))

/* CLINT: hart 0; mtime counts at virt's 10 MHz timebase */
#define CLINT_BASE		0x02000000u
#define CLINT_MSIP		REG32(CLINT_BASE + 0x0000)
#define CLINT_MTIMECMP		(CLINT_BASE + 0x4000)
#define CLINT_MTIME		(CLINT_BASE + 0xbff8)
#define MTIME_HZ		10000000u

/* PLIC: sources 1..95; context 0 is hart 0's M-mode */
#define PLIC_BASE		0x0c000000u
#define PLIC_PRIORITY(n)	REG32(PLIC_BASE + 4u * (n))
#define PLIC_PENDING(w)		REG32(PLIC_BASE + 0x1000u + 4u * (w))
#define PLIC_ENABLE(c, w)	REG32(PLIC_BASE + 0x2000u + 0x80u * (c) + 4u * (w))
#define PLIC_THRESHOLD(c)	REG32(PLIC_BASE + 0x200000u + 0x1000u * (c))
#define PLIC_CLAIM(c)		REG32(PLIC_BASE + 0x200004u + 0x1000u * (c))
#define PLIC_SRC_UART		10	/* virt's UART0 */
#define PLIC_SRC_MAILBOX	12	/* rproc-sim's mailbox (free on virt) */

/* NS16550A, byte registers (reg-shift 0) */
#define UART_BASE		0x10000000u
#define UART_THR		REG8(UART_BASE + 0)	/* RBR, DLL */
#define UART_IER		REG8(UART_BASE + 1)	/* DLM */
#define UART_IIR		REG8(UART_BASE + 2)	/* FCR when written */
#define UART_FCR		UART_IIR
#define UART_LCR		REG8(UART_BASE + 3)
#define UART_LSR		REG8(UART_BASE + 5)
#define UART_IER_ETBEI		0x02
#define UART_IIR_NONE		0x01
#define UART_IIR_ID		0x0e
#define UART_IIR_THRE		0x02
#define UART_LCR_DLAB		0x80
#define UART_LCR_8N1		0x03
#define UART_LSR_THRE		0x20

/*
 * Read mtime as one 64-bit value: RV32 reads high, low, high again until
 * the high word holds still.
 */
static inline uint64_t clint_mtime(void)
{
#if __riscv_xlen == 64
	return *(volatile uint64_t *)(uintptr_t)CLINT_MTIME;
#else
	uint32_t hi, lo;

	do {
		hi = REG32(CLINT_MTIME + 4);
		lo = REG32(CLINT_MTIME);
	} while (REG32(CLINT_MTIME + 4) != hi);
	return ((uint64_t)hi << 32) | lo;
#endif
}

/* Write mtimecmp without a moment where it is below both values (RV32). */
static inline void clint_mtimecmp_set(uint64_t v)
{
#if __riscv_xlen == 64
	*(volatile uint64_t *)(uintptr_t)CLINT_MTIMECMP = v;
#else
	REG32(CLINT_MTIMECMP) = 0xffffffffu;
	REG32(CLINT_MTIMECMP + 4) = (uint32_t)(v >> 32);
	REG32(CLINT_MTIMECMP) = (uint32_t)v;
#endif
}

static inline void rv_wfi(void)
{
	__asm__ volatile("wfi" ::: "memory");
}

/*
 * Sleep until *count reaches n, interrupts enabled. The check is made with
 * mstatus.MIE clear and wfi wakes on a pending interrupt even so: an
 * interrupt that comes between the check and wfi is not slept through
 * (with MIE set, QEMU takes it at the wfi and returns to it). It is taken
 * when MIE is set again.
 */
static inline void rv_wait_for(volatile unsigned int *count, unsigned int n)
{
	for (;;) {
		__asm__ volatile(".option push\n.option arch, +zicsr\n"
				 "csrc mstatus, %0\n.option pop" :: "r"(MSTATUS_MIE) : "memory");
		if (*count >= n)
			break;
		rv_wfi();
		__asm__ volatile(".option push\n.option arch, +zicsr\n"
				 "csrs mstatus, %0\n.option pop" :: "r"(MSTATUS_MIE) : "memory");
	}
	__asm__ volatile(".option push\n.option arch, +zicsr\n"
			 "csrs mstatus, %0\n.option pop" :: "r"(MSTATUS_MIE) : "memory");
}

/*
 * rv-trap.S: rv_trap_direct is a direct-mode handler that saves the
 * caller-saved registers and calls rv_trap(mcause, mepc); rv_vectors a
 * vectored table (256-byte aligned) whose entries 3, 7 and 11 call
 * rv_vector(cause) and the others go to rv_trap_direct. rv_trap may
 * change mepc (through the return value: the address to mret to).
 */
extern char rv_trap_direct[], rv_vectors[];
unsigned long rv_trap(unsigned long mcause, unsigned long mepc);
void rv_vector(unsigned long cause);

#endif /* FW_RISCV_VIRT_H */
