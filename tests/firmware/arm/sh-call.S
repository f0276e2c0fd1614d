/*
 * sh-call.S - the semihosting trap of the Cortex-M firmware
 *
 * intptr_t sh_call(uintptr_t op, uintptr_t param)
 *
 * M-profile semihosting is "bkpt 0xab" with the operation in r0 and its
 * parameter in r1, which is where the AAPCS already puts the first two
 * arguments; the result comes back in r0, the return register.  One
 * out-of-line copy gives every call a single, easily found address.
 */
	.syntax	unified
	.thumb

	.section .text.sh_call, "ax"
	.balign	2
	.globl	sh_call
	.thumb_func
	.type	sh_call, %function
sh_call:
	bkpt	0xab
	bx	lr
	.size	sh_call, . - sh_call
