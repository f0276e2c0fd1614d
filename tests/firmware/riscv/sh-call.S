/*
 * sh-call.S - the semihosting trap of the RISC-V firmware (RV32 and RV64)
 *
 * intptr_t sh_call(uintptr_t op, uintptr_t param)
 *
 * RISC-V semihosting is an ebreak between two no-op shifts that mark it
 * as a semihosting call rather than a debugger breakpoint: operation in
 * a0, parameter in a1, result in a0 (the calling convention's first two
 * arguments and return value).  The host recognises the sequence by
 * reading the words around the ebreak, so all three instructions must be
 * 32 bits wide (no RVC) and the sequence must not straddle a page:
 * keeping it 4-byte aligned is enough for that.
 */
	.section .text.sh_call, "ax"
	.balign	4
	.globl	sh_call
	.type	sh_call, @function
sh_call:
	.option	push
	.option	norvc
	slli	x0, x0, 0x1f
	ebreak
	srai	x0, x0, 7
	.option	pop
	ret
	.size	sh_call, . - sh_call
