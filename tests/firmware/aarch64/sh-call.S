/*
 * sh-call.S - the semihosting trap of the AArch64 firmware
 *
 * intptr_t sh_call(uintptr_t op, uintptr_t param)
 *
 * A64 semihosting is "hlt #0xf000" with the operation in w0/x0 and the
 * parameter in x1, which is where AAPCS64 already puts the first two
 * arguments; the result comes back in x0.
 */
	.section .text.sh_call, "ax"
	.balign	4
	.globl	sh_call
	.type	sh_call, %function
sh_call:
	hlt	#0xf000
	ret
	.size	sh_call, . - sh_call
