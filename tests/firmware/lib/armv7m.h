/*
 * armv7m.h - the Cortex-M4's system registers, for the interrupt images
 *
 * As ARMv7-M (ARM DDI 0403E) places them; the same on QEMU's mps2-an386
 * and rproc-sim. Each image has its own vector table in RAM (vtor_init(),
 * vtor_set()): crt0's table at 0 sends every exception to fault_handler.
 */
#ifndef FW_ARMV7M_H
#define FW_ARMV7M_H

#include <stdint.h>

#define REG32(a)	(*(volatile uint32_t *)(uintptr_t)(a))
#define REG8(a)		(*(volatile uint8_t *)(uintptr_t)(a))

#define SYST_CSR	REG32(0xe000e010)
#define SYST_RVR	REG32(0xe000e014)
#define SYST_CVR	REG32(0xe000e018)
#define SYST_CSR_ENABLE		(1u << 0)
#define SYST_CSR_TICKINT	(1u << 1)
#define SYST_CSR_CLKSOURCE	(1u << 2)
#define SYST_CSR_COUNTFLAG	(1u << 16)

#define NVIC_ISER	REG32(0xe000e100)
#define NVIC_ICER	REG32(0xe000e180)
#define NVIC_ISPR	REG32(0xe000e200)
#define NVIC_ICPR	REG32(0xe000e280)
#define NVIC_IPR(n)	REG8(0xe000e400 + (n))

#define SCB_CPUID	REG32(0xe000ed00)
#define SCB_ICSR	REG32(0xe000ed04)
#define SCB_VTOR	REG32(0xe000ed08)
#define SCB_AIRCR	REG32(0xe000ed0c)
#define SCB_SHPR(n)	REG8(0xe000ed18 + (n) - 4)	/* exception n's priority */
#define SCB_CPACR	REG32(0xe000ed88)
#define ICSR_PENDSVSET		(1u << 28)

#define EXC_SVC		11
#define EXC_PENDSV	14
#define EXC_SYSTICK	15
#define EXC_IRQ(n)	(16 + (n))

/* rproc-sim's mailbox interrupt (unconnected on QEMU's board) */
#define IRQ_MAILBOX	31
/* mps2-an386 UART0's TX interrupt */
#define IRQ_UART0_TX	1

/* 16 system exceptions and 32 interrupts; VTOR wants it 256-byte aligned */
#define VTOR_ENTRIES	48
#define VTOR_ALIGN	__attribute__((aligned(256)))

typedef void (*vector_t)(void);

void fault_handler(void);	/* crt0: "fault: hardfault", exit 3 */

/* A table in RAM: every entry fault_handler until the image sets its own. */
static inline void vtor_init(vector_t *table)
{
	unsigned int i;

	for (i = 0; i < VTOR_ENTRIES; i++)
		table[i] = fault_handler;
}

static inline void vtor_set(const vector_t *table)
{
	SCB_VTOR = (uint32_t)(uintptr_t)table;
	__asm__ volatile("dsb\n\tisb" ::: "memory");
}

static inline void irq_disable(void)
{
	__asm__ volatile("cpsid i" ::: "memory");
}

static inline void irq_enable(void)
{
	__asm__ volatile("cpsie i" ::: "memory");
}

static inline void wfi(void)
{
	__asm__ volatile("wfi" ::: "memory");
}

#endif
