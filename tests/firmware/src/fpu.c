/*
 * fpu.c - FP instructions once CPACR grants CP10 and CP11
 *
 * Enables the FPU (CPACR), multiplies in single precision, then keeps s0
 * across an svc whose handler uses s0 too: the exception stacks the FP
 * context (CONTROL.FPCA set by the first FP instruction; EXC_RETURN
 * 0xffffffe9) and the return restores it. fp-nocp.c is the other half:
 * the same kind of instruction before CPACR allows it.
 */
#include <stdint.h>

#include "armv7m.h"
#include "semihost.h"

static vector_t vectors[VTOR_ENTRIES] VTOR_ALIGN;
static volatile uint32_t svc_excret;

/* the handler clobbers s0 (caller-saved: the frame has it) */
void fpu_svc_c(uint32_t excret)
{
	svc_excret = excret;
	__asm__ volatile(".fpu fpv4-sp-d16\n\t"
			 "vmov.f32 s0, #-1.0\n\t" : : : "s0");
}

__attribute__((naked)) static void svc_entry(void)
{
	__asm__ volatile(
		"mov	r0, lr\n\t"
		"push	{r4, lr}\n\t"
		"bl	fpu_svc_c\n\t"
		"pop	{r4, pc}\n\t");
}

int main(void)
{
	uint32_t milli, kept;

	SCB_CPACR |= 0xfu << 20;	/* CP10, CP11: full access */
	__asm__ volatile("dsb\n\tisb" ::: "memory");

	/* 1.5 * 7 * 1000 in single precision, back to an integer */
	__asm__ volatile(".fpu fpv4-sp-d16\n\t"
			 "vmov.f32 s0, #1.5\n\t"
			 "vmov	s1, %1\n\t"
			 "vcvt.f32.u32 s1, s1\n\t"
			 "vmul.f32 s0, s0, s1\n\t"
			 "vmov	s1, %2\n\t"
			 "vcvt.f32.u32 s1, s1\n\t"
			 "vmul.f32 s0, s0, s1\n\t"
			 "vcvt.u32.f32 s0, s0\n\t"
			 "vmov	%0, s0\n\t"
			 : "=r"(milli) : "r"(7u), "r"(1000u) : "s0", "s1");
	sh_printf("fpu: 1.5 * 7 = %u/1000\n", (unsigned int)milli);

	vtor_init(vectors);
	vectors[EXC_SVC] = svc_entry;
	vtor_set(vectors);
	__asm__ volatile(".fpu fpv4-sp-d16\n\t"
			 "vmov	s0, %1\n\t"
			 "vcvt.f32.u32 s0, s0\n\t"
			 "svc	#2\n\t"
			 "vcvt.u32.f32 s0, s0\n\t"
			 "vmov	%0, s0\n\t"
			 : "=r"(kept) : "r"(42u) : "s0", "r0", "r1", "r2", "r3", "r12", "lr",
			 "memory");
	sh_printf("fpu: s0 across svc: %u, excret %x\n", (unsigned int)kept,
		  (unsigned int)svc_excret);
	return 0;
}
