/*
 * tick.c - Cortex-M exceptions: SVC, PendSV, SysTick, masking, the stacks
 *
 * For QEMU's mps2-an386 and rproc-sim alike (tests/sim/sim-irq.sh,
 * sim-qemu.sh); the output does not depend on timing: SysTick ticks are
 * counted to a number, then printed.
 *
 * - svc #1 from thread mode (MSP): the SVCall handler doubles the stacked r0
 *   and adds one (the caller's return value), notes EXC_RETURN, and pends
 *   PendSV, which has a lower priority: it runs when SVCall returns
 *   (tail-chained), so the order is "sp".
 * - SysTick at 1 ms (25 MHz core clock) counts to 10 ticks, the core in wfi.
 * - PendSV (lowest priority) waits for a tick: SysTick preempts it.
 * - PRIMASK, then BASEPRI at SysTick's priority: no tick over three SysTick
 *   periods (COUNTFLAG, polled); the tick comes once unmasked.
 * - thread mode on the process stack with SP 4 mod 8: svc stacks an aligned
 *   frame (xPSR bit 9), EXC_RETURN 0xfffffffd, and PSP comes back exact.
 */
#include <stdbool.h>
#include <stdint.h>

#include "armv7m.h"
#include "semihost.h"

static vector_t vectors[VTOR_ENTRIES] VTOR_ALIGN;
static volatile unsigned int ticks, pendsv_calls;
static volatile bool pendsv_wait_tick, pendsv_saw_tick;
static volatile char order[4];
static volatile unsigned int n_order;
static volatile uint32_t svc_excret, svc_xpsr;
static uint32_t pstack[64] __attribute__((aligned(8)));

/* the frame the SVCall handler was entered with, and EXC_RETURN */
void svc_c(uint32_t *frame, uint32_t excret)
{
	svc_excret = excret;
	svc_xpsr = frame[7];
	frame[0] = frame[0] * 2 + 1;
	if (n_order < sizeof(order))
		order[n_order++] = 's';
	SCB_ICSR = ICSR_PENDSVSET;
}

__attribute__((naked)) static void svc_entry(void)
{
	__asm__ volatile(
		"tst	lr, #4\n\t"
		"ite	eq\n\t"
		"mrseq	r0, msp\n\t"
		"mrsne	r0, psp\n\t"
		"mov	r1, lr\n\t"
		"push	{r4, lr}\n\t"
		"bl	svc_c\n\t"
		"pop	{r4, pc}\n\t");
}

static void pendsv_handler(void)
{
	unsigned int t = ticks;

	if (n_order < sizeof(order))
		order[n_order++] = 'p';
	pendsv_calls++;
	if (pendsv_wait_tick) {
		while (ticks == t)
			;
		pendsv_saw_tick = true;
	}
}

static void systick_handler(void)
{
	ticks++;
}

static uint32_t svc_call(uint32_t v)
{
	register uint32_t r0 __asm__("r0") = v;

	__asm__ volatile("svc #1" : "+r"(r0) : : "memory");
	return r0;
}

/* No tick may come in three SysTick periods; then one comes. */
static bool held_three_periods(void)
{
	unsigned int t = ticks, wraps = 0;

	(void)SYST_CSR;	/* clears COUNTFLAG */
	while (wraps < 3)
		if (SYST_CSR & SYST_CSR_COUNTFLAG)
			wraps++;
	return ticks == t;
}

static void wait_tick(void)
{
	unsigned int t = ticks;

	while (ticks == t)
		wfi();
}

int main(void)
{
	uint32_t r, psp0, psp1;
	bool held;

	vtor_init(vectors);
	vectors[EXC_SVC] = svc_entry;
	vectors[EXC_PENDSV] = pendsv_handler;
	vectors[EXC_SYSTICK] = systick_handler;
	vtor_set(vectors);
	SCB_SHPR(EXC_SVC) = 0x40;
	SCB_SHPR(EXC_SYSTICK) = 0x80;
	SCB_SHPR(EXC_PENDSV) = 0xc0;

	r = svc_call(7);
	sh_printf("tick: svc 7 -> %u, excret %x\n", (unsigned int)r, (unsigned int)svc_excret);
	while (!pendsv_calls)
		;
	sh_printf("tick: order %c%c\n", order[0], order[1]);

	SYST_RVR = 25000 - 1;
	SYST_CVR = 0;
	SYST_CSR = SYST_CSR_ENABLE | SYST_CSR_TICKINT | SYST_CSR_CLKSOURCE;
	while (ticks < 10)
		wfi();
	sh_puts("tick: 10 ticks\n");

	pendsv_wait_tick = true;
	SCB_ICSR = ICSR_PENDSVSET;
	__asm__ volatile("isb" ::: "memory");
	sh_printf("tick: pendsv preempted by systick: %s\n", pendsv_saw_tick ? "yes" : "no");

	irq_disable();
	held = held_three_periods();
	irq_enable();
	wait_tick();
	sh_printf("tick: primask held 3 periods: %s\n", held ? "yes" : "no");

	__asm__ volatile("msr basepri, %0" : : "r"(0x80u) : "memory");
	held = held_three_periods();
	__asm__ volatile("msr basepri, %0" : : "r"(0u) : "memory");
	wait_tick();
	sh_printf("tick: basepri held 3 periods: %s\n", held ? "yes" : "no");

	/* thread mode on PSP, 4 mod 8 */
	psp0 = (uint32_t)(uintptr_t)&pstack[63];
	__asm__ volatile("msr psp, %0\n\t"
			 "msr control, %1\n\t"
			 "isb" : : "r"(psp0), "r"(2u) : "memory");
	r = svc_call(20);
	__asm__ volatile("mrs %0, psp\n\t"
			 "msr control, %1\n\t"
			 "isb" : "=&r"(psp1) : "r"(0u) : "memory");
	sh_printf("tick: psp svc 20 -> %u, excret %x, aligned %u, sp restored: %s\n",
		  (unsigned int)r, (unsigned int)svc_excret, (unsigned int)(svc_xpsr >> 9) & 1,
		  psp1 == psp0 ? "yes" : "no");

	SYST_CSR = 0;
	sh_puts("tick: done\n");
	return 0;
}
